//===- Driver.cpp - main() of compiled model executables -----------------===//
//
// tfmrt_main parses the command line, reads the .npy inputs, and runs the
// model through the public C API (tfm/tfm.h) like any embedder: the API
// validates the model, the inputs and the weights, binds the safetensors
// weights and runs the model (optionally as a benchmark); the driver writes
// each output to DIR/NAME.npy.
//
// Users feed it files produced by other tools, so every input is checked
// before the compiled code sees it: the generated code trusts shapes and ids
// (an out-of-vocabulary id would read out of bounds), so a bad file must end
// in a clear message, never in a crash. Inputs are checked before the
// weights are bound, and the output directory before the model runs, so
// that mistakes are reported before the slow steps.
//
// Exit codes: 0 success, 1 data error (files, model), 2 usage error (the
// command line itself, checkable without opening any file).
//
//===----------------------------------------------------------------------===//

#include "CommandLine.h"

#include "Runtime/Support.h"
#include "tfm/Tools/ModelFiles.h"
#include "tfm/Tools/Npy.h"
#include "tfm/tfm.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>


namespace tfm::tools {
namespace {

using rt::Status;

constexpr int kExitSuccess = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsageError = 2;

/// How many leading values of each output the human summary shows.
constexpr int64_t kSummaryValues = 6;

/// A failure to report: the message and the exit code it implies.
struct DriverError {
  int exitCode;
  std::string message;
};

DriverError usageError(std::string message) {
  return {kExitUsageError, std::move(message)};
}

/// Takes the message of a C API error (and frees it).
Status toStatus(tfm_status status) {
  if (!status)
    return Status::success();
  std::string message = tfm_status_message(status);
  tfm_status_free(status);
  return Status::error(std::move(message));
}

struct ModelCloser {
  void operator()(tfm_model_handle *model) const { tfm_model_close(model); }
};
struct ContextDestroyer {
  void operator()(tfm_context *ctx) const { tfm_context_destroy(ctx); }
};
using ModelHandle = std::unique_ptr<tfm_model_handle, ModelCloser>;
using Context = std::unique_ptr<tfm_context, ContextDestroyer>;

const char *dtypeName(tfm_dtype dtype) { return npyDTypeName(npyDTypeOf(dtype)); }

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

/// "input_ids, attention_mask" or "(none)".
std::string validInputNames(const tfm_model &model) {
  std::string names;
  for (int32_t i = 0; i < model.num_inputs; ++i)
    names += std::string(i ? ", " : "") + model.inputs[i].name;
  return names.empty() ? "(none)" : names;
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

/// One run into `outputs` (their previous buffers go back to the pool
/// first, for this run to reuse); `milliseconds` is its wall time.
Status runOnce(tfm_context *ctx, const InputFiles &inputs, OutputBuffers &outputs,
               double &milliseconds) {
  outputs.release();
  auto start = std::chrono::steady_clock::now();
  tfm_status status =
      tfm_context_run_alloc(ctx, inputs.tensors.data(), static_cast<int>(inputs.tensors.size()),
                            outputs.data(), outputs.size());
  auto end = std::chrono::steady_clock::now();
  milliseconds = std::chrono::duration<double, std::milli>(end - start).count();
  return toStatus(status);
}

std::string formatLeadingValues(const tfm_tensor &tensor) {
  int64_t count = rt::numElements(tensor.shape, static_cast<size_t>(tensor.rank));
  int64_t shown = std::min(count, kSummaryValues);
  std::string text = "[";
  for (int64_t i = 0; i < shown; ++i) {
    if (i)
      text += ", ";
    switch (tensor.dtype) {
    case TFM_F32:
      text += rt::formatFloat(static_cast<const float *>(tensor.data)[i]);
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

void printSummary(const tfm_model &model, const OutputBuffers &outputs,
                  const InputFiles &inputs, const std::string &dir, double milliseconds) {
  auto print = [&](const char *name, const tfm_tensor &tensor, const char *note) {
    std::printf("%s: %s %s %s -> %s%s\n", name, dtypeName(tensor.dtype),
                rt::formatShape(tensor.shape, static_cast<size_t>(tensor.rank)).c_str(),
                formatLeadingValues(tensor).c_str(), outputFilePath(dir, name).c_str(), note);
  };
  for (int32_t i = 0; i < model.num_outputs; ++i)
    print(model.outputs[i].name, outputs[i], "");
  for (int32_t i = 0; i < model.num_inputs; ++i)
    if (model.inputs[i].updated_in_place)
      print(model.inputs[i].name, inputs.tensors[static_cast<size_t>(i)], " (updated in place)");
  std::printf("latency: %.3f ms\n", milliseconds);
}

//===----------------------------------------------------------------------===//
// Benchmark
//===----------------------------------------------------------------------===//

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

/// --bench: a warm-up run, then `runs` timed runs; prints one JSON line.
Status bench(tfm_context *ctx, const tfm_model &model, const tfm_model_handle *handle,
             const InputFiles &inputs, const Options &options) {
  const char *precision = tfm_model_precision(handle);
  // The warm-up run pays for first-touch page faults and caches, and packs
  // any weight whose kernel wants a layout it was not packed in.
  OutputBuffers outputs(static_cast<size_t>(model.num_outputs));
  double milliseconds = 0;
  TFM_RT_RETURN_IF_ERROR(runOnce(ctx, inputs, outputs, milliseconds));
  tfm_context_stats afterWarmUp;
  TFM_RT_RETURN_IF_ERROR(toStatus(tfm_context_get_stats(ctx, &afterWarmUp)));
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(options.benchRuns));
  const uint64_t allocationsAfterWarmUp = tfm_system_allocations();
  for (int run = 0; run < options.benchRuns; ++run) {
    TFM_RT_RETURN_IF_ERROR(runOnce(ctx, inputs, outputs, milliseconds));
    samples.push_back(milliseconds);
  }
  TFM_RT_RETURN_IF_ERROR(
      writeOutputFiles(handle, outputs, options.outputDir, inputs.tensors.data()));
  BenchStats stats = summarize(std::move(samples));
  // Timed runs should be served entirely by the buffer pool.
  const unsigned long long timedAllocations =
      tfm_system_allocations() - allocationsAfterWarmUp;
  // Weights packed when bound, and those a kernel wanted in another layout:
  // packed in the warm-up run (kept for later runs) or, never, in timed runs.
  tfm_context_stats atEnd;
  TFM_RT_RETURN_IF_ERROR(toStatus(tfm_context_get_stats(ctx, &atEnd)));
  std::printf("{\"runs\": %d, \"median_ms\": %.4f, \"min_ms\": %.4f, "
              "\"mean_ms\": %.4f, \"threads\": %d, "
              "\"system_allocations\": %llu, \"weights_packed_at_load\": %lld, "
              "\"weights_packed_at_first_run\": %lld, "
              "\"weights_packed_at_later_runs\": %lld, \"precision\": \"%s\", \"kernels\": %s}\n",
              options.benchRuns, stats.median, stats.min, stats.mean,
              options.threads, timedAllocations,
              static_cast<long long>(atEnd.weights_packed_at_bind),
              static_cast<long long>(afterWarmUp.weights_packed_while_running),
              static_cast<long long>(atEnd.weights_packed_while_running -
                                     afterWarmUp.weights_packed_while_running),
              precision, tfm_context_kernels(ctx));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

/// Everything after the model checks; returns the exit code.
int drive(int argc, char **argv, const tfm_model &model, tfm_model_handle *handle,
          const std::string &program, DriverError &error) {
  auto dataError = [&](const Status &status) {
    error = {kExitDataError, status.message()};
    return kExitDataError;
  };

  Options options;
  std::string usage;
  if (!parseCommandLine(argc, argv, options, usage)) {
    error = usageError(usage);
    return error.exitCode;
  }
  const char *ompNumThreads = std::getenv("OMP_NUM_THREADS");
  DefaultThreads fallback = defaultThreadCount(ompNumThreads, affinityCpuCount(), tfm_max_threads());
  if (options.help) {
    printUsage(stdout, program, model, tfm_model_precision(handle), fallback.threads);
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

  InputFiles inputs;
  Status status = readInputFiles(handle, pathOfInput, inputs);
  if (!status.ok())
    return dataError(status);
  tfm_context *created = nullptr;
  status = toStatus(tfm_context_create(handle, &created));
  Context ctx(created);
  if (status.ok())
    status = toStatus(tfm_context_set_threads(ctx.get(), options.threads));
  if (status.ok())
    status = toStatus(tfm_context_bind_weights_file(ctx.get(), options.weightsPath.c_str()));
  if (status.ok())
    status = checkOutputDir(options.outputDir);
  if (!status.ok())
    return dataError(status);

  if (options.benchRuns > 0) {
    status = bench(ctx.get(), model, handle, inputs, options);
  } else {
    OutputBuffers outputs(static_cast<size_t>(model.num_outputs));
    double milliseconds = 0;
    status = runOnce(ctx.get(), inputs, outputs, milliseconds);
    if (status.ok())
      status = writeOutputFiles(handle, outputs, options.outputDir, inputs.tensors.data());
    if (status.ok())
      printSummary(model, outputs, inputs, options.outputDir, milliseconds);
  }
  if (!status.ok())
    return dataError(status);
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
} // namespace tfm::tools

extern "C" TFM_API int tfmrt_main(int argc, char **argv, const tfm_model *model) {
  using namespace tfm::tools;
  // Reported by the handler below if even the name cannot be built.
  const char *fallbackName = "tfm-model";
  std::string program;
  auto body = [&]() -> int {
    program = programName(argc, argv, model);
    if (!model) {
      reportError(program, {kExitDataError, "no model description"});
      return kExitDataError;
    }
    tfm_model_handle *opened = nullptr;
    Status valid = toStatus(tfm_model_from_linked(model, &opened));
    ModelHandle handle(opened);
    if (!valid.ok()) {
      reportError(program, {kExitDataError, valid.message()});
      return kExitDataError;
    }
    DriverError error{kExitSuccess, ""};
    int exitCode = drive(argc, argv, *model, handle.get(), program, error);
    if (exitCode != kExitSuccess)
      reportError(program, error);
    return exitCode;
  };
  return tfm::rt::catchEscapes(body, [&](const tfm::rt::Escaped &escaped) {
    const char *name = program.empty() ? fallbackName : program.c_str();
    if (escaped.outOfMemory)
      std::fprintf(stderr, "%s: error: out of memory\n", name);
    else if (escaped.what)
      std::fprintf(stderr, "%s: error: internal error: %s\n", name, escaped.what);
    else
      std::fprintf(stderr, "%s: error: internal error\n", name);
    return kExitDataError;
  });
}
