//===- MemRefCopy.cpp - memref.copy for generated code --------------------===//
//
// MLIR lowers a memref.copy between non-contiguous buffers to a call of
// `memrefCopy`; upstream defines it in libmlir_c_runner_utils, which compiled
// models must not depend on, so the runtime provides it.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"
#include "tfm/Runtime/ModelAbi.h"

#include <cstdint>
#include <cstring>

namespace {

/// The layout of a ranked memref descriptor, whatever its rank:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct DescriptorView {
  char *aligned;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;

  explicit DescriptorView(void *descriptor, int64_t rank) {
    auto **pointers = static_cast<char **>(descriptor);
    aligned = pointers[1];
    auto *tail = reinterpret_cast<int64_t *>(pointers + 2);
    offset = tail[0];
    sizes = tail + 1;
    strides = tail + 1 + rank;
  }
};

} // namespace

extern "C" TFM_API void
memrefCopy(int64_t elementSize, tfmrt_unranked_memref *source, tfmrt_unranked_memref *target) {
  int64_t rank = source->rank;
  DescriptorView from(source->descriptor, rank), to(target->descriptor, rank);
  int64_t count = tfm::rt::numElements(from.sizes, static_cast<size_t>(rank));
  if (count == 0)
    return;
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t rest = linear, fromOffset = from.offset, toOffset = to.offset;
    for (int64_t i = rank - 1; i >= 0; --i) {
      int64_t index = rest % from.sizes[i];
      rest /= from.sizes[i];
      fromOffset += index * from.strides[i];
      toOffset += index * to.strides[i];
    }
    std::memcpy(to.aligned + toOffset * elementSize, from.aligned + fromOffset * elementSize,
                elementSize);
  }
}
