//===- Driver.cpp - main() of compiled model executables -----------------===//
//
// tfmrt_main parses the command line, binds the safetensors weights, reads and
// validates the .npy inputs against the model's description, runs the model
// (optionally as a benchmark) and writes each output to DIR/NAME.npy.
//
// Users feed it files produced by other tools, so every input is checked
// before the compiled code sees it: the generated code trusts shapes and ids
// (an out-of-vocabulary id would read out of bounds), so a bad file must end
// in a clear message, never in a crash.
//
// Exit codes: 0 success, 1 data error (files, model), 2 usage error (the
// command line itself, checkable without opening any file).
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "CpuCheck.h"
#include "KernelSupport.h"
#include "ModelRunner.h"

#include "tfm/Runtime/ModelAbi.h"
#include "tfm/Runtime/Npy.h"
#include "tfm/Runtime/SafeTensors.h"
#include "tfm/Runtime/Status.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tfm::rt {
namespace {

constexpr int kExitSuccess = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsageError = 2;

/// Bounds the memory of the timing samples; far more runs than anyone waits
/// for.
constexpr int kMaxBenchRuns = 1'000'000;
/// How many leading values of each output the human summary shows.
constexpr int64_t kSummaryValues = 6;

/// A failure to report: the message and the exit code it implies.
struct DriverError {
  int exitCode;
  std::string message;
};


NpyDType toNpyDType(tfm_dtype dtype) {
  switch (dtype) {
  case TFM_F32:
    return NpyDType::F32;
  case TFM_I64:
    return NpyDType::I64;
  case TFM_I32:
    return NpyDType::I32;
  case TFM_BOOL:
    return NpyDType::Bool;
  }
  return NpyDType::F32;
}

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

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

/// The basename of argv[0], for messages; falls back to the model's name.
std::string programName(int argc, char **argv, const tfm_model *model) {
  if (argc > 0 && argv && argv[0] && argv[0][0]) {
    std::string path = argv[0];
    size_t slash = path.find_last_of('/');
    std::string base =
        slash == std::string::npos ? path : path.substr(slash + 1);
    if (!base.empty())
      return base;
  }
  if (model && model->name && model->name[0])
    return model->name;
  return "tfm-model";
}

/// Parses a decimal integer in [1, maxValue]; rejects signs, spaces and
/// trailing garbage, which strtol would silently accept.
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

DriverError usageError(std::string message) {
  return {kExitUsageError, std::move(message)};
}

/// Fills `options` from argv; returns false with `error` set on a usage error.
bool parseCommandLine(int argc, char **argv, Options &options,
                      DriverError &error) {
  bool seenWeights = false, seenOutputDir = false, seenThreads = false,
       seenBench = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i] ? argv[i] : "";
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      return true;
    }
    if (arg.compare(0, 2, "--") != 0 || arg == "--") {
      error = usageError(arg.size() > 1 && arg[0] == '-'
                             ? "unknown option '" + arg + "'"
                             : "unexpected argument '" + arg + "'");
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
      error = usageError("unknown option '" + flag + "'");
      return false;
    }
    if (!hasInlineValue) {
      // A following option is a forgotten value, not a file named "--...".
      if (i + 1 >= argc || !argv[i + 1] ||
          std::strncmp(argv[i + 1], "--", 2) == 0) {
        error = usageError("option '" + flag + "' requires a value");
        return false;
      }
      value = argv[++i];
    }
    if (value.empty()) {
      error = usageError("option '" + flag + "' requires a value");
      return false;
    }
    if (seen) {
      if (*seen) {
        error = usageError("option '" + flag + "' given more than once");
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
        error = usageError("--threads expects a positive integer, got '" +
                           value + "'");
        return false;
      }
    } else if (flag == "--bench") {
      if (!parsePositiveInt(value, kMaxBenchRuns, options.benchRuns)) {
        error =
            usageError("--bench expects a number of runs between 1 and " +
                       std::to_string(kMaxBenchRuns) + ", got '" + value + "'");
        return false;
      }
    } else { // --input
      size_t split = value.find('=');
      if (split == std::string::npos || split == 0 ||
          split + 1 == value.size()) {
        error =
            usageError("--input expects NAME=FILE.npy, got '" + value + "'");
        return false;
      }
      options.inputs.push_back(
          {value.substr(0, split), value.substr(split + 1)});
    }
  }
  if (!seenWeights) {
    error = usageError("missing required option --weights");
    return false;
  }
  if (!seenOutputDir) {
    error = usageError("missing required option --output-dir");
    return false;
  }
  return true;
}

std::string describeIO(const tfm_io_info &io) {
  return std::string(dtypeName(io.dtype)) + " " +
         formatShape(io.shape, io.rank);
}

void printUsage(std::FILE *stream, const std::string &program,
                const tfm_model *model, int defaultThreads) {
  std::fprintf(
      stream,
      "Usage: %s --weights MODEL.safetensors --input NAME=FILE.npy "
      "[--input ...]\n"
      "       %*s --output-dir DIR [--threads N] [--bench N]\n"
      "\n"
      "Runs the compiled model '%s' on NumPy inputs and writes each output "
      "to DIR/NAME.npy.\n"
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
      model->name ? model->name : "?", defaultThreads);
  std::fprintf(stream, "\nInputs:\n");
  for (int32_t i = 0; i < model->num_inputs; ++i) {
    const tfm_io_info &io = model->inputs[i];
    std::string notes =
        io.default_fill
            ? std::string("optional, defaults to ") + io.default_fill
            : "required";
    if (io.id_limit > 0)
      notes += ", values in [0, " + std::to_string(io.id_limit) + ")";
    if (io.max_sequence > 0)
      notes += ", at most " + std::to_string(io.max_sequence) + " positions";
    std::fprintf(stream, "  %-20s %-24s %s\n", io.name, describeIO(io).c_str(),
                 notes.c_str());
  }
  std::fprintf(stream, "Outputs:\n");
  for (int32_t i = 0; i < model->num_outputs; ++i)
    std::fprintf(stream, "  %-20s %s\n", model->outputs[i].name,
                 describeIO(model->outputs[i]).c_str());
  std::string cpu = describeCpuRequirement(*model);
  if (!cpu.empty())
    std::fprintf(stream, "Compiled for:\n  %s\n", cpu.c_str());
}


/// Usage-level checks of the --input names: known, unique, all required ones
/// given. Returns the given file of each model input ("" if not given).
bool matchInputNames(const tfm_model &model, const Options &options,
                     std::vector<std::string> &pathOfInput,
                     DriverError &error) {
  pathOfInput.assign(static_cast<size_t>(model.num_inputs), "");
  std::vector<bool> given(static_cast<size_t>(model.num_inputs), false);
  for (const InputArg &arg : options.inputs) {
    int32_t index = -1;
    for (int32_t i = 0; i < model.num_inputs; ++i)
      if (arg.name == model.inputs[i].name)
        index = i;
    if (index < 0) {
      error =
          usageError("unknown input '" + arg.name +
                     "'; the model's inputs are: " + validInputNames(model));
      return false;
    }
    if (given[index]) {
      error = usageError("input '" + arg.name + "' given more than once");
      return false;
    }
    given[index] = true;
    pathOfInput[index] = arg.path;
  }
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    if (!given[i] && !model.inputs[i].default_fill) {
      error = usageError(
          "missing required input '" + std::string(model.inputs[i].name) +
          "' (pass --input " + model.inputs[i].name + "=FILE.npy)");
      return false;
    }
  }
  // Optional inputs take their shape from a given one.
  if (model.num_inputs > 0 && options.inputs.empty()) {
    error = usageError("no --input given; the model's inputs are: " +
                       validInputNames(model));
    return false;
  }
  return true;
}


//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//


template <typename From, typename To>
std::vector<uint8_t> convertElements(const NpyArray &array) {
  size_t count = static_cast<size_t>(array.numElements());
  std::vector<uint8_t> storage(count * sizeof(To));
  const From *from = array.dataAs<From>();
  To *to = reinterpret_cast<To *>(storage.data());
  for (size_t i = 0; i < count; ++i)
    to[i] = static_cast<To>(from[i]);
  return storage;
}

/// Moves `array`'s data into `input` in the model's dtype. Only lossless
/// conversions: integer ids may come as int32 or int64 (numpy's default
/// integer differs between platforms), but floats must already be float32 so
/// that precision is never changed behind the user's back.
Status convertToModelDType(NpyArray &array, BoundInput &input) {
  tfm_dtype want = input.info->dtype;
  auto mismatch = [&](const std::string &expected, const std::string &hint) {
    return Status::error(input.origin + ": expected " + expected +
                         " data, got " + array.dtypeName() + hint);
  };
  switch (want) {
  case TFM_I64:
    if (array.dtype == NpyDType::I64) {
      input.storage = std::move(array.data);
      return Status::success();
    }
    if (array.dtype == NpyDType::I32) {
      input.storage = convertElements<int32_t, int64_t>(array);
      return Status::success();
    }
    return mismatch("int64 or int32", "");
  case TFM_I32:
    if (array.dtype == NpyDType::I32) {
      input.storage = std::move(array.data);
      return Status::success();
    }
    if (array.dtype == NpyDType::I64) {
      const int64_t *values = array.dataAs<int64_t>();
      for (int64_t i = 0, e = array.numElements(); i < e; ++i)
        if (values[i] < INT32_MIN || values[i] > INT32_MAX)
          return Status::error(input.origin + ": " + input.info->name +
                               formatIndex(i, array.shape) + " = " +
                               std::to_string(values[i]) +
                               " does not fit the model's int32");
      input.storage = convertElements<int64_t, int32_t>(array);
      return Status::success();
    }
    return mismatch("int32 or int64", "");
  case TFM_F32:
    if (array.dtype == NpyDType::F32) {
      input.storage = std::move(array.data);
      return Status::success();
    }
    return mismatch("float32",
                    " (convert it with arr.astype(np.float32) before saving)");
  case TFM_BOOL:
    if (array.dtype == NpyDType::Bool) {
      input.storage = std::move(array.data);
      return Status::success();
    }
    return mismatch("bool", "");
  }
  return Status::error(input.origin + ": unsupported model dtype");
}


Status readInput(const tfm_io_info &info, const std::string &path,
                 BoundInput &input) {
  input.info = &info;
  input.origin = "input '" + std::string(info.name) + "' (" + path + ")";
  Status readable = checkRegularFile(path);
  if (readable.ok()) {
    NpyArray array;
    readable = readNpy(path, array);
    if (readable.ok()) {
      input.shape = array.shape;
      TFM_RT_RETURN_IF_ERROR(convertToModelDType(array, input));
    }
  }
  if (!readable.ok())
    return Status::error("input '" + std::string(info.name) +
                         "': " + readable.message());
  TFM_RT_RETURN_IF_ERROR(checkShape(input));
  return checkValues(input);
}


/// Reads, creates and validates all inputs, in the model's order.
Status bindInputs(const tfm_model &model,
                  const std::vector<std::string> &pathOfInput,
                  std::vector<BoundInput> &inputs) {
  inputs.assign(static_cast<size_t>(model.num_inputs), BoundInput());
  const BoundInput *firstGiven = nullptr;
  std::vector<const BoundInput *> ordered; // given first, for messages
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    if (pathOfInput[i].empty())
      continue;
    TFM_RT_RETURN_IF_ERROR(
        readInput(model.inputs[i], pathOfInput[i], inputs[i]));
    if (!firstGiven)
      firstGiven = &inputs[i];
    ordered.push_back(&inputs[i]);
  }
  TFM_RT_RETURN_IF_ERROR(checkDynamicDimsAgree(ordered));
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    if (!pathOfInput[i].empty())
      continue;
    // matchInputNames guarantees at least one given input.
    TFM_RT_RETURN_IF_ERROR(
        createDefaultInput(model.inputs[i], *firstGiven, inputs[i],
                           std::string("pass it with --input ") +
                               model.inputs[i].name + "=FILE.npy"));
    ordered.push_back(&inputs[i]);
  }
  return checkDynamicDimsAgree(ordered);
}


/// mkdir -p, then checks that files can be created there, so that a typo is
/// reported before a long run rather than after it.
Status prepareOutputDir(const std::string &dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (std::filesystem::is_directory(dir)) {
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      return Status::error("output directory '" + dir +
                           "' is not writable: " + std::strerror(errno));
    return Status::success();
  }
  std::string reason = error ? error.message() : "not a directory";
  return Status::error("cannot create output directory '" + dir +
                       "': " + reason);
}

std::string outputPath(const std::string &dir, const char *name) {
  std::string path = dir;
  if (path.back() != '/')
    path += '/';
  return path + name + ".npy";
}

Status writeOutputs(const tfm_model &model, const RunOutputs &outputs,
                    const std::string &dir) {
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    const tfm_tensor &tensor = outputs[i];
    std::vector<int64_t> shape(tensor.shape, tensor.shape + tensor.rank);
    TFM_RT_RETURN_IF_ERROR(writeNpy(outputPath(dir, model.outputs[i].name),
                                    toNpyDType(tensor.dtype), shape,
                                    tensor.data));
  }
  return Status::success();
}

std::string formatLeadingValues(const tfm_tensor &tensor) {
  int64_t count = numElements(tensor.shape, tensor.rank);
  int64_t shown = std::min(count, kSummaryValues);
  std::string text = "[";
  for (int64_t i = 0; i < shown; ++i) {
    if (i)
      text += ", ";
    switch (tensor.dtype) {
    case TFM_F32:
      text += formatFloat(static_cast<const float *>(tensor.data)[i]);
      break;
    case TFM_I64:
      text += std::to_string(static_cast<const int64_t *>(tensor.data)[i]);
      break;
    case TFM_I32:
      text += std::to_string(static_cast<const int32_t *>(tensor.data)[i]);
      break;
    case TFM_BOOL:
      text += static_cast<const uint8_t *>(tensor.data)[i] ? "True" : "False";
      break;
    }
  }
  if (count > shown)
    text += ", ...";
  return text + "]";
}

void printSummary(const tfm_model &model, const RunOutputs &outputs,
                  const std::string &dir, double milliseconds) {
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    const tfm_tensor &tensor = outputs[i];
    std::printf("%s: %s %s %s -> %s\n", model.outputs[i].name,
                dtypeName(tensor.dtype),
                formatShape(tensor.shape, tensor.rank).c_str(),
                formatLeadingValues(tensor).c_str(),
                outputPath(dir, model.outputs[i].name).c_str());
  }
  std::printf("latency: %.3f ms\n", milliseconds);
}

struct BenchStats {
  double median, min, mean;
};

BenchStats summarize(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  size_t n = samples.size();
  double sum = 0;
  for (double sample : samples)
    sum += sample;
  double median =
      n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  return {median, samples.front(), sum / static_cast<double>(n)};
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

/// Everything after the model checks; returns the exit code.
int drive(int argc, char **argv, const tfm_model &model,
          const std::string &program, DriverError &error) {
  auto dataError = [&](const Status &status) {
    error = {kExitDataError, status.message()};
    return kExitDataError;
  };

  Options options;
  if (!parseCommandLine(argc, argv, options, error))
    return error.exitCode;
  const char *ompNumThreads = std::getenv("OMP_NUM_THREADS");
  DefaultThreads fallback = defaultThreadCount(ompNumThreads, affinityCpuCount());
  if (options.help) {
    printUsage(stdout, program, &model, fallback.threads);
    return kExitSuccess;
  }
  std::vector<std::string> pathOfInput;
  if (!matchInputNames(model, options, pathOfInput, error))
    return error.exitCode;
  if (options.threads == 0) {
    options.threads = fallback.threads;
    if (!fallback.warning.empty()) {
      std::fflush(stdout);
      std::fprintf(stderr, "%s: warning: %s\n", program.c_str(), fallback.warning.c_str());
    }
  }
  // LLVM's libomp reads OMP_NUM_THREADS when it starts (at the first
  // OpenMP call, after this) and aborts on some malformed values ("abc",
  // "3x"): hand it the count chosen instead. Valid values are left alone.
  if (!fallback.warning.empty())
    ::setenv("OMP_NUM_THREADS", std::to_string(options.threads).c_str(), 1);
  // The thread count, the packed weights and the oneDNN state of this
  // binding's runs.
  RunResources resources;
  resources.threads = options.threads;

  std::vector<BoundInput> boundInputs;
  Status status = bindInputs(model, pathOfInput, boundInputs);
  if (!status.ok())
    return dataError(status);
  std::unique_ptr<SafeTensorsFile> weights;
  std::vector<const float *> params;
  std::vector<std::vector<float>> transposedWeights;
  status = loadWeights(model, options.weightsPath, weights, params, transposedWeights,
                       *resources.packedWeights);
  if (!status.ok())
    return dataError(status);
  status = prepareOutputDir(options.outputDir);
  if (!status.ok())
    return dataError(status);

  std::vector<tfm_tensor> inputs(boundInputs.size(), tfm_tensor());
  for (size_t i = 0; i < boundInputs.size(); ++i) {
    const BoundInput &bound = boundInputs[i];
    tfm_tensor &tensor = inputs[i];
    tensor.data = const_cast<uint8_t *>(bound.bytes());
    tensor.dtype = bound.info->dtype;
    tensor.rank = bound.info->rank;
    std::copy(bound.shape.begin(), bound.shape.end(), tensor.shape);
  }

  RunOutputs outputs(static_cast<size_t>(model.num_outputs));
  double milliseconds = 0;
  if (options.benchRuns == 0) {
    status = runModel(model, inputs, params, resources, outputs, milliseconds);
    if (!status.ok())
      return dataError(status);
    status = writeOutputs(model, outputs, options.outputDir);
    if (!status.ok())
      return dataError(status);
    printSummary(model, outputs, options.outputDir, milliseconds);
    std::fflush(stdout);
    return kExitSuccess;
  }

  // Benchmark: the warm-up run pays for first-touch page faults and caches,
  // and packs any weight whose kernel wants a layout it was not packed in.
  status = runModel(model, inputs, params, resources, outputs, milliseconds);
  if (!status.ok())
    return dataError(status);
  const PackedWeights &packedWeights = *resources.packedWeights;
  const size_t packedInWarmUp = packedWeights.madeWhileRunning();
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(options.benchRuns));
  const uint64_t allocationsAfterWarmUp = tfmrt_system_allocations();
  for (int run = 0; run < options.benchRuns; ++run) {
    status = runModel(model, inputs, params, resources, outputs, milliseconds);
    if (!status.ok())
      return dataError(status);
    samples.push_back(milliseconds);
  }
  status = writeOutputs(model, outputs, options.outputDir);
  if (!status.ok())
    return dataError(status);
  BenchStats stats = summarize(std::move(samples));
  // Timed runs should be served entirely by the buffer pool.
  const unsigned long long timedAllocations =
      tfmrt_system_allocations() - allocationsAfterWarmUp;
  // Weights packed when bound, and those a kernel wanted in another layout:
  // packed in the warm-up run (kept for later runs) or, never, in timed runs.
  const unsigned long long packedAtLoad = packedWeights.count() - packedWeights.madeWhileRunning();
  const unsigned long long packedWhileTimed = packedWeights.madeWhileRunning() - packedInWarmUp;
  std::printf("{\"runs\": %d, \"median_ms\": %.4f, \"min_ms\": %.4f, "
              "\"mean_ms\": %.4f, \"threads\": %d, "
              "\"system_allocations\": %llu, \"weights_packed_at_load\": %llu, "
              "\"weights_packed_at_first_run\": %llu, "
              "\"weights_packed_at_later_runs\": %llu}\n",
              options.benchRuns, stats.median, stats.min, stats.mean,
              options.threads, timedAllocations, packedAtLoad,
              static_cast<unsigned long long>(packedInWarmUp), packedWhileTimed);
  std::fflush(stdout);
  return kExitSuccess;
}

void reportError(const std::string &program, const DriverError &error) {
  std::fflush(stdout); // Keep the order of any summary and the error.
  std::fprintf(stderr, "%s: error: %s\n", program.c_str(),
               error.message.c_str());
  if (error.exitCode == kExitUsageError)
    std::fprintf(stderr, "Try '%s --help' for usage.\n", program.c_str());
}

} // namespace

//===----------------------------------------------------------------------===//
// The default thread count
//===----------------------------------------------------------------------===//

DefaultThreads defaultThreadCount(const char *ompNumThreads, int affinityCpus) {
  const int fallback = std::max(affinityCpus, 1);
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
  if (valid)
    return {threads, ""};
  return {fallback, "ignoring OMP_NUM_THREADS='" + std::string(ompNumThreads) +
                        "', which is not a positive integer; using " +
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

} // namespace tfm::rt

extern "C" TFM_API int tfmrt_main(int argc, char **argv, const tfm_model *model) {
  using namespace tfm::rt;
  // Reported by the handlers below if even the name cannot be built.
  const char *fallbackName = "tfm-model";
  std::string program;
  try {
    program = programName(argc, argv, model);
    DriverError error{kExitSuccess, ""};
    if (!model) {
      reportError(program, {kExitDataError, "no model description"});
      return kExitDataError;
    }
    Status valid = validateModel(*model);
    if (!valid.ok()) {
      reportError(program, {kExitDataError, valid.message()});
      return kExitDataError;
    }
    int exitCode = drive(argc, argv, *model, program, error);
    if (exitCode != kExitSuccess)
      reportError(program, error);
    return exitCode;
  } catch (const std::bad_alloc &) {
    std::fprintf(stderr, "%s: error: out of memory\n",
                 program.empty() ? fallbackName : program.c_str());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "%s: error: internal error: %s\n",
                 program.empty() ? fallbackName : program.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "%s: error: internal error\n",
                 program.empty() ? fallbackName : program.c_str());
  }
  return kExitDataError;
}
