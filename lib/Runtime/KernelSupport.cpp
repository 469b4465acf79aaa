//===- KernelSupport.cpp - memref views and error reporting for kernels ---===//

#include "KernelSupport.h"
#include "VectorCode.h"

#include <dnnl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace tfm::rt {

bool MemRefView::isDense() const {
  int64_t expected = 1;
  for (int i = rank - 1; i >= 0; --i) {
    if (sizes[i] != 1 && strides[i] != expected)
      return false;
    expected *= sizes[i];
  }
  return true;
}

bool MemRefView::leadingDimsCollapse() const {
  for (int i = 0; i + 2 < rank; ++i)
    if (sizes[i] != 1 && strides[i] != strides[i + 1] * sizes[i + 1])
      return false;
  return true;
}

bool viewOf(tfmrt_run_context &context, const tfmrt_unranked_memref *memref, int64_t elementBytes,
            MemRefView &view, const char *kernel) {
  if (!memref || !memref->descriptor || memref->rank < 0 || memref->rank > kMaxKernelRank) {
    context.errors.record(std::string(kernel) + ": operand of unsupported rank " +
                          std::to_string(memref ? memref->rank : -1));
    return false;
  }
  // {T *allocated; T *aligned; int64_t offset; int64_t sizes[rank]; int64_t strides[rank]}
  auto *pointers = static_cast<char **>(memref->descriptor);
  auto *fields = reinterpret_cast<int64_t *>(pointers + 2);
  view.rank = static_cast<int>(memref->rank);
  view.data = pointers[1] + fields[0] * elementBytes;
  for (int i = 0; i < view.rank; ++i) {
    view.sizes[i] = fields[1 + i];
    view.strides[i] = fields[1 + view.rank + i];
  }
  return true;
}

VectorUnit vectorUnitFor(VectorCode code) {
  static const VectorUnit best = [] {
    // A cap below the CPU (DNNL_MAX_CPU_ISA) holds these loops to it too.
    const unsigned isa = dnnl_get_effective_cpu_isa();
    auto within = [isa](dnnl_cpu_isa_t level) { return (isa & level) == level; };
    if (within(dnnl_cpu_isa_avx512_core) && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("fma"))
      return VectorUnit::Avx512;
    if (within(dnnl_cpu_isa_avx2) && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma"))
      return VectorUnit::Avx2;
    return VectorUnit::None;
  }();
  switch (code) {
  case VectorCode::Best:
    return best;
  case VectorCode::Avx2:
    return best == VectorUnit::None ? VectorUnit::None : VectorUnit::Avx2;
  default:
    return VectorUnit::None;
  }
}

// Only AMX makes bf16 products faster than f32. oneDNN's effective ISA
// honours a DNNL_MAX_CPU_ISA cap, so that a capped process computes as a CPU
// without AMX would; Linux grants the tile registers to a process on request.
bool amxBf16Runs() {
  static const bool usable = [] {
    constexpr long kRequestXcompPermission = 0x1023; // ARCH_REQ_XCOMP_PERM
    constexpr long kTileDataFeature = 18;            // XFEATURE_XTILEDATA
    return (dnnl_get_effective_cpu_isa() & dnnl_cpu_isa_avx512_core_amx) ==
               dnnl_cpu_isa_avx512_core_amx &&
           __builtin_cpu_supports("amx-tile") && __builtin_cpu_supports("amx-bf16") &&
           __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
           syscall(SYS_arch_prctl, kRequestXcompPermission, kTileDataFeature) == 0;
  }();
  return usable;
}

bool amxInt8Runs() {
  static const bool usable = amxBf16Runs() && __builtin_cpu_supports("amx-int8");
  return usable;
}

const char *vectorUnitName(VectorUnit unit) {
  switch (unit) {
  case VectorUnit::Avx512:
    return "avx512";
  case VectorUnit::Avx2:
    return "avx2";
  default:
    return "portable";
  }
}

void KernelErrors::record(const std::string &message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (first_.empty())
    first_ = message;
}

std::string KernelErrors::take() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string message;
  message.swap(first_);
  return message;
}

} // namespace tfm::rt
