//===- KernelSupport.h - memref views and error reporting for kernels -----===//

#ifndef TFM_LIB_RUNTIME_KERNELSUPPORT_H
#define TFM_LIB_RUNTIME_KERNELSUPPORT_H

#include "RunContext.h"
#include "Support.h"
#include "VectorCode.h"
#include "tfm/Runtime/Kernels.h"

#include <cstddef>
#include <cstdint>
#include <string>

/// memref.copy of any rank and layout (MemRefCopy.cpp; generated code calls
/// it for copies between non-contiguous buffers).
extern "C" void memrefCopy(int64_t elementSize, tfmrt_unranked_memref *source,
                           tfmrt_unranked_memref *target);

namespace tfm::rt {

constexpr int kMaxKernelRank = 8;

/// A strided view of an unranked memref's elements.
struct MemRefView {
  char *data = nullptr; // aligned pointer + offset, in bytes
  int rank = 0;
  int64_t sizes[kMaxKernelRank] = {};
  int64_t strides[kMaxKernelRank] = {}; // in elements

  int64_t size(int dim) const { return sizes[dim < 0 ? rank + dim : dim]; }
  int64_t stride(int dim) const { return strides[dim < 0 ? rank + dim : dim]; }
  int64_t numElements() const { return rt::numElements(sizes, static_cast<size_t>(rank)); }
  template <typename T> T *as() const { return reinterpret_cast<T *>(data); }
  /// Row-major with no gaps.
  bool isDense() const;
  /// Whether dimensions [0, rank-1) merge into one with stride stride(-2).
  bool leadingDimsCollapse() const;
};

/// Reads `memref`, whose elements are `elementBytes` wide; false (with an
/// error recorded in `context`) if its rank is out of range.
bool viewOf(tfmrt_run_context &context, const tfmrt_unranked_memref *memref, int64_t elementBytes,
            MemRefView &view, const char *kernel);

/// x rounded up to a multiple of `multiple`.
constexpr int64_t roundUp(int64_t x, int64_t multiple) {
  return (x + multiple - 1) / multiple * multiple;
}

/// The instruction set oneDNN dispatches to in this process (the host's
/// best, or less under a DNNL_MAX_CPU_ISA cap), as DNNL_MAX_CPU_ISA spells
/// it: "AVX2", "AVX512_CORE", ..., "AVX512_CORE_AMX".
const char *dnnlIsaName();

/// Whether bf16 products run on AMX tiles in this process (the CPU has AMX
/// and oneDNN is not capped below AVX512_CORE_AMX): tfmrt_attention's bf16
/// variant and the bf16 linear; elsewhere both compute in f32.
bool amxBf16Runs();

/// Whether int8 products run on AMX tiles in this process: as amxBf16Runs,
/// with AMX-INT8 (the int8 linear; elsewhere oneDNN's int8 kernels run it).
bool amxInt8Runs();

/// tfmrt_attention (Kernels.h) with the f32 variant's loops picked by `code`
/// (VectorCode.h).
void attend(tfmrt_run_context *context, tfmrt_unranked_memref *query,
            tfmrt_unranked_memref *key, tfmrt_unranked_memref *value,
            tfmrt_unranked_memref *mask, tfmrt_unranked_memref *result, int64_t heads,
            double scale, int64_t maskKind, int64_t bf16, VectorCode code);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_KERNELSUPPORT_H
