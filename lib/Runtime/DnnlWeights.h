//===- DnnlWeights.h - packed weight copies, as the kernels see them ------===//
//
// Internal to libtfmrt (and its unit tests): the oneDNN side of
// PackedWeights.h.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_DNNLWEIGHTS_H
#define TFM_LIB_RUNTIME_DNNLWEIGHTS_H

#include "PackedWeights.h"

#include <dnnl.hpp>

#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace tfm::rt {

struct PackedWeights::Store {
  /// The copy of the weight at `data`, laid out as `plain`, in layout
  /// `packed`; made on first request, by a reorder in chunks of whole blocks
  /// of the output channels (dimension `outputDim`). Null if oneDNN cannot
  /// make it (out of memory).
  dnnl::memory get(const void *data, const dnnl::memory::desc &plain,
                   const dnnl::memory::desc &packed, int outputDim, bool whileRunning);
  /// The layout of the first copy of the weight at `data`, laid out as
  /// `plain`; none if there is no copy.
  std::optional<dnnl::memory::desc> layoutOf(const void *data,
                                             const dnnl::memory::desc &plain) const;

  struct Copy {
    dnnl::memory::desc plain, packed;
    dnnl::memory memory;
    bool madeWhileRunning;
  };
  mutable std::mutex mutex;
  std::unordered_map<const void *, std::vector<Copy>> copies;
  /// The engine copies are made and held on: they outlive the threads that
  /// run kernels.
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
};

/// How many consecutive indices of dimension `dim` one block of `layout`
/// holds (1 if the dimension is not blocked).
int64_t blockSize(const dnnl::memory::desc &layout, int dim);

/// A new buffer holding `data` (laid out as `plain`) in layout `packed`,
/// padding zeroed. Reorders in chunks of about 1024 output channels (a whole
/// number of `packed`'s blocks of dimension `outputDim`) and releases each
/// chunk's checkpoint pages once copied when the chunk is contiguous, so
/// that the original and the copy of a large weight (GPT-2's 154 MB LM head)
/// are never resident together. Throws dnnl::error on failure.
dnnl::memory reorderWeight(const dnnl::engine &engine, const dnnl::memory::desc &plain,
                           const dnnl::memory::desc &packed, const void *data, int outputDim);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_DNNLWEIGHTS_H
