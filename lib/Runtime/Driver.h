//===- Driver.h - Pieces of tfmrt_main worth testing alone ------*- C++ -*-===//
//
// Internal to libtfmrt; tfmrt_main itself is declared in ModelAbi.h.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_DRIVER_H
#define TFM_LIB_RUNTIME_DRIVER_H

#include <string>

namespace tfm::rt {

/// The thread count of an executable run without --threads, and a warning to
/// print when the environment was ignored.
struct DefaultThreads {
  int threads;
  std::string warning;
};

/// The default of --threads, as PyTorch and OpenMP programs choose theirs:
/// OMP_NUM_THREADS (`ompNumThreads`, null when unset) when it is a positive
/// integer, or a list of them whose first element counts ("4,2": nested
/// levels, as OpenMP reads it; blanks around elements are allowed); otherwise
/// `affinityCpus`, the CPUs the process may run on. Like the OpenMP runtimes,
/// a malformed value (not a number, 0, negative) is ignored with a warning,
/// not an error; an empty one counts as unset.
DefaultThreads defaultThreadCount(const char *ompNumThreads, int affinityCpus);

/// The number of CPUs in this process's affinity mask (sched_getaffinity,
/// which taskset, numactl and container CPU sets restrict), at least 1.
int affinityCpuCount();

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_DRIVER_H
