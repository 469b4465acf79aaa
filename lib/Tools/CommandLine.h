//===- CommandLine.h - The command line of model executables ----*- C++ -*-===//
//
// Part of libtfmtools: the flags of tfmrt_main (--weights, --input
// NAME=FILE.npy, --output-dir, --threads, --bench), their parsing, the help
// text and the default thread count.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_TOOLS_COMMANDLINE_H
#define TFM_LIB_TOOLS_COMMANDLINE_H

#include "tfm/Runtime/ModelAbi.h"

#include <cstdio>
#include <string>
#include <vector>

namespace tfm::tools {

/// Bounds the memory of the timing samples; far more runs than anyone waits
/// for.
constexpr int kMaxBenchRuns = 1'000'000;

/// One --input NAME=FILE.npy.
struct InputArg {
  std::string name;
  std::string path;
};

struct Options {
  bool help = false;
  std::string weightsPath;
  std::vector<InputArg> inputs;
  std::string outputDir;
  /// 0 until chosen: --threads, else defaultThreadCount().
  int threads = 0;
  /// 0 when not benchmarking.
  int benchRuns = 0;
};

/// Fills `options` from argv; returns false with `error` set to the message
/// of the usage error.
bool parseCommandLine(int argc, char **argv, Options &options,
                      std::string &error);

/// Parses a decimal integer in [1, maxValue]; rejects signs, spaces and
/// trailing garbage, which strtol would silently accept.
bool parsePositiveInt(const std::string &text, int maxValue, int &out);

/// --help: the flags, then the model's inputs, outputs, target CPU and
/// precision (tfm_model_precision).
void printUsage(std::FILE *stream, const std::string &program,
                const tfm_model &model, const char *precision, int defaultThreads);

/// "x86-64-v3: sse3, ssse3, ..." for --help: the CPU a (validated) model was
/// compiled for and the x86 features it records; "" when it records neither.
std::string describeCpuRequirement(const tfm_model &model);

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
/// not an error, and so is one above `maxThreads` (tfm_max_threads(), which
/// also caps `affinityCpus`); an empty one counts as unset.
DefaultThreads defaultThreadCount(const char *ompNumThreads, int affinityCpus, int maxThreads);

/// The number of CPUs in this process's affinity mask (sched_getaffinity,
/// which taskset, numactl and container CPU sets restrict), at least 1.
int affinityCpuCount();

} // namespace tfm::tools

#endif // TFM_LIB_TOOLS_COMMANDLINE_H
