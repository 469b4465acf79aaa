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

#include <memory>
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
  /// The int8 copy of the f32 weight at `data` (laid out as `plain`, a
  /// [K, N] matrix): quantized per output channel (dimension 1) into s8
  /// layout `packed`, with its channel scales; made on first request (see
  /// quantizeWeight).
  struct Quantized {
    dnnl::memory memory;
    std::shared_ptr<const std::vector<float>> scales;
  };
  Quantized getQuantized(const void *data, const dnnl::memory::desc &plain,
                         const dnnl::memory::desc &packed, int levels, bool whileRunning);
  /// The layout of the first copy of the weight at `data`, laid out as
  /// `plain`, whose elements are of type `type`; none if there is no copy.
  std::optional<dnnl::memory::desc> layoutOf(const void *data, const dnnl::memory::desc &plain,
                                             dnnl::memory::data_type type) const;

  struct Copy {
    dnnl::memory::desc plain, packed;
    dnnl::memory memory;
    bool madeWhileRunning;
    /// An s8 copy's per-output-channel scales (null for other copies) and
    /// the range it was quantized to, [-levels, levels].
    std::shared_ptr<const std::vector<float>> scales;
    int levels = 0;
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

/// The f32 weight `data`, a [K, N] matrix laid out as `plain`, quantized
/// symmetrically per output channel n (scale_n = max_k |W[k, n]| / 127, see
/// Quantize.h; to [-levels, levels]) into a new s8 buffer in layout
/// `packed`, a matmul's [K, N] or a 1x1 convolution's [N, K, 1] (which may
/// carry oneDNN's s8 compensation, computed by the reorder); `scales` receives
/// scale_n. The f32 weight is read in memory order and its checkpoint pages
/// released chunk by chunk once quantized, so that it and the (4x smaller)
/// copy are not both resident. Throws dnnl::error or std::bad_alloc.
dnnl::memory quantizeWeight(const dnnl::engine &engine, const dnnl::memory::desc &plain,
                            const dnnl::memory::desc &packed, const void *data, int levels,
                            std::vector<float> &scales);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_DNNLWEIGHTS_H
