//===- CommandLine.cpp - The command line of model executables ------------===//

#include "CommandLine.h"

#include "Runtime/Support.h"
#include "tfm/Tools/Npy.h"
#include "tfm/tfm.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>

#include <sched.h>
#include <unistd.h>

namespace tfm::tools {
namespace {

std::string describeIO(const tfm_io_info &io) {
  return std::string(npyDTypeName(npyDTypeOf(io.dtype))) + " " +
         rt::formatShape(io.shape, static_cast<size_t>(io.rank));
}

} // namespace

bool parsePositiveInt(const std::string &text, int maxValue, int &out) {
  if (text.empty() || text.size() > 10)
    return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > maxValue)
    return false;
  out = static_cast<int>(value);
  return true;
}

bool parseCommandLine(int argc, char **argv, Options &options,
                      std::string &error) {
  bool seenWeights = false, seenOutputDir = false, seenThreads = false,
       seenBench = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i] ? argv[i] : "";
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      return true;
    }
    if (arg.compare(0, 2, "--") != 0 || arg == "--") {
      error = arg.size() > 1 && arg[0] == '-' ? "unknown option '" + arg + "'"
                                              : "unexpected argument '" + arg + "'";
      return false;
    }

    // "--flag value" or "--flag=value".
    std::string flag = arg, value;
    bool hasInlineValue = false;
    size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      flag = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      hasInlineValue = true;
    }
    bool *seen = flag == "--weights"      ? &seenWeights
                 : flag == "--output-dir" ? &seenOutputDir
                 : flag == "--threads"    ? &seenThreads
                 : flag == "--bench"      ? &seenBench
                                          : nullptr;
    if (!seen && flag != "--input") {
      error = "unknown option '" + flag + "'";
      return false;
    }
    if (!hasInlineValue) {
      // A following option is a forgotten value, not a file named "--...".
      if (i + 1 >= argc || !argv[i + 1] ||
          std::strncmp(argv[i + 1], "--", 2) == 0) {
        error = "option '" + flag + "' requires a value";
        return false;
      }
      value = argv[++i];
    }
    if (value.empty()) {
      error = "option '" + flag + "' requires a value";
      return false;
    }
    if (seen) {
      if (*seen) {
        error = "option '" + flag + "' given more than once";
        return false;
      }
      *seen = true;
    }

    if (flag == "--weights") {
      options.weightsPath = value;
    } else if (flag == "--output-dir") {
      options.outputDir = value;
    } else if (flag == "--threads") {
      if (!parsePositiveInt(value, std::numeric_limits<int>::max(),
                            options.threads)) {
        error = "--threads expects a positive integer, got '" + value + "'";
        return false;
      }
      if (options.threads > tfm_max_threads()) {
        error = "--threads " + value + " exceeds this machine's limit of " +
                std::to_string(tfm_max_threads()) + " threads (" + rt::kThreadLimitRule + ")";
        return false;
      }
    } else if (flag == "--bench") {
      if (!parsePositiveInt(value, kMaxBenchRuns, options.benchRuns)) {
        error = "--bench expects a number of runs between 1 and " +
                std::to_string(kMaxBenchRuns) + ", got '" + value + "'";
        return false;
      }
    } else { // --input
      size_t split = value.find('=');
      if (split == std::string::npos || split == 0 ||
          split + 1 == value.size()) {
        error = "--input expects NAME=FILE.npy, got '" + value + "'";
        return false;
      }
      options.inputs.push_back(
          {value.substr(0, split), value.substr(split + 1)});
    }
  }
  if (!seenWeights) {
    error = "missing required option --weights";
    return false;
  }
  if (!seenOutputDir) {
    error = "missing required option --output-dir";
    return false;
  }
  return true;
}

void printUsage(std::FILE *stream, const std::string &program,
                const tfm_model &model, const char *precision, int defaultThreads) {
  std::fprintf(
      stream,
      "Usage: %s --weights MODEL.safetensors --input NAME=FILE.npy "
      "[--input ...]\n"
      "       %*s --output-dir DIR [--threads N] [--bench N]\n"
      "\n"
      "Runs the compiled model '%s' on NumPy inputs and writes each output "
      "to DIR/NAME.npy\n"
      "(and the new value of each input it updates in place, such as a KV cache).\n"
      "\n"
      "Options:\n"
      "  --weights FILE     safetensors weights (F32; F16 and BF16 are "
      "converted)\n"
      "  --input NAME=FILE  a model input as a little-endian .npy file "
      "(repeatable)\n"
      "  --output-dir DIR   where outputs are written (created if missing)\n"
      "  --threads N        threads the model may use (default: OMP_NUM_THREADS "
      "if set,\n"
      "                     else the CPUs this process may run on; here %d)\n"
      "  --bench N          after a warm-up run, time N runs and print one "
      "JSON line\n"
      "  -h, --help         show this help\n",
      program.c_str(), static_cast<int>(program.size()), "",
      model.name ? model.name : "?", defaultThreads);
  std::fprintf(stream, "\nInputs:\n");
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    const tfm_io_info &io = model.inputs[i];
    std::string notes =
        io.default_fill
            ? std::string("optional, defaults to ") + io.default_fill
            : "required";
    if (io.id_limit > 0)
      notes += ", values in [0, " + std::to_string(io.id_limit) + ")";
    const bool integer = io.dtype == TFM_I64 || io.dtype == TFM_I32;
    if (io.max_sequence > 0 && io.rank == 0 && integer && io.offsets_input >= 0 &&
        io.offsets_input < model.num_inputs)
      notes += ", at least 0; plus the tokens of " +
               std::string(model.inputs[io.offsets_input].name) + " at most " +
               std::to_string(io.max_sequence) + " positions";
    else if (io.max_sequence > 0)
      notes += ", at most " + std::to_string(io.max_sequence) + " positions";
    if (io.updated_in_place)
      notes += ", updated in place (written to DIR/" + std::string(io.name) + ".npy)";
    std::fprintf(stream, "  %-20s %-24s %s\n", io.name, describeIO(io).c_str(),
                 notes.c_str());
  }
  std::fprintf(stream, "Outputs:\n");
  for (int32_t i = 0; i < model.num_outputs; ++i)
    std::fprintf(stream, "  %-20s %s\n", model.outputs[i].name,
                 describeIO(model.outputs[i]).c_str());
  std::string cpu = describeCpuRequirement(model);
  if (!cpu.empty())
    std::fprintf(stream, "Compiled for:\n  %s\n", cpu.c_str());
  std::fprintf(stream, "Precision:\n  %s\n", precision);
}

std::string describeCpuRequirement(const tfm_model &model) {
  // tfm_model_from_linked has checked that the list ends with a NULL.
  std::string features;
  for (int i = 0; model.cpu_features && model.cpu_features[i]; ++i)
    features += (features.empty() ? "" : ", ") + std::string(model.cpu_features[i]);
  bool named = model.target_cpu && model.target_cpu[0];
  if (features.empty())
    return named ? std::string(model.target_cpu) + " (no features beyond baseline x86-64)" : "";
  return (named ? std::string(model.target_cpu) : "a CPU with") + ": " + features;
}

DefaultThreads defaultThreadCount(const char *ompNumThreads, int affinityCpus, int maxThreads) {
  const int fallback = std::min(std::max(affinityCpus, 1), maxThreads);
  if (!ompNumThreads)
    return {fallback, ""};
  std::string text = ompNumThreads;
  auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && isBlank(text.back()))
    text.pop_back();
  size_t start = 0;
  while (start < text.size() && isBlank(text[start]))
    ++start;
  text = text.substr(start);
  if (text.empty())
    return {fallback, ""};
  // A list gives the team sizes of nested levels; the model uses the first.
  // Every element must be valid (libomp aborts on "4,x").
  int threads = 0;
  bool valid = true;
  for (size_t begin = 0; valid && begin <= text.size();) {
    size_t end = std::min(text.find(',', begin), text.size());
    std::string element = text.substr(begin, end - begin);
    while (!element.empty() && isBlank(element.back()))
      element.pop_back();
    while (!element.empty() && isBlank(element.front()))
      element.erase(0, 1);
    int value = 0;
    valid = parsePositiveInt(element, std::numeric_limits<int>::max(), value);
    if (begin == 0)
      threads = value;
    begin = end + 1;
  }
  std::string problem = "is not a positive integer";
  if (valid && threads <= maxThreads)
    return {threads, ""};
  if (valid)
    problem = "exceeds this machine's limit of " + std::to_string(maxThreads) + " threads (" +
              rt::kThreadLimitRule + ")";
  return {fallback, "ignoring OMP_NUM_THREADS='" + std::string(ompNumThreads) + "', which " +
                        problem + "; using " +
                        std::to_string(fallback) + " thread" + (fallback == 1 ? "" : "s") +
                        ", the CPUs this process may run on (pass --threads N to choose)"};
}

int affinityCpuCount() {
  // cpu_set_t holds 1024 CPUs; larger machines need a larger mask, and
  // sched_getaffinity fails with EINVAL while the mask is too small.
  for (int cpus = 1024; cpus <= (1 << 20); cpus *= 4) {
    cpu_set_t *set = CPU_ALLOC(cpus);
    if (!set)
      break;
    size_t size = CPU_ALLOC_SIZE(cpus);
    CPU_ZERO_S(size, set);
    int result = ::sched_getaffinity(0, size, set);
    int count = result == 0 ? CPU_COUNT_S(size, set) : 0;
    int error = errno;
    CPU_FREE(set);
    if (result == 0 && count > 0)
      return count;
    if (result != 0 && error != EINVAL)
      break;
  }
  long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(std::min<long>(online, std::numeric_limits<int>::max()))
                    : 1;
}

} // namespace tfm::tools
