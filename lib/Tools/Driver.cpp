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
#include "tfm/Tools/Npy.h"
#include "tfm/tfm.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

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

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// The model inputs read from .npy files, as the C API takes them: a tensor
/// per model input (empty for one not given), viewing the arrays read, and
/// each given input's file, which messages name.
struct FileInputs {
  std::vector<NpyArray> arrays;
  std::vector<tfm_tensor> tensors;
  std::vector<const char *> sources;
};

/// What the C API cannot see in a tfm_tensor: a .npy file's dtype must be one
/// the model's input takes, and its rank must fit a tfm_tensor. Integer ids
/// may come as int32 or int64 (numpy's default integer differs between
/// platforms; the C API converts them losslessly), but floats must already be
/// float32 so that precision is never changed behind the user's back.
Status checkFileFitsInput(const tfm_io_info &info, const NpyArray &array,
                          const std::string &origin) {
  bool integerIds = (info.dtype == TFM_I64 || info.dtype == TFM_I32) &&
                    (array.dtype == NpyDType::I64 || array.dtype == NpyDType::I32);
  if (array.dtype != npyDTypeOf(info.dtype) && !integerIds) {
    std::string expected = dtypeName(info.dtype);
    if (info.dtype == TFM_I64)
      expected += " or int32";
    if (info.dtype == TFM_I32)
      expected += " or int64";
    return Status::error(
        origin + ": expected " + expected + " data, got " + array.dtypeName() +
        (info.dtype == TFM_F32 ? " (convert it with arr.astype(np.float32) before saving)" : ""));
  }
  // A rank the model cannot have; model ranks fit a tfm_tensor.
  if (array.shape.size() > TFM_MAX_RANK)
    return Status::error(origin + ": expected rank " + std::to_string(info.rank) + " (shape " +
                         rt::formatShape(info.shape, static_cast<size_t>(info.rank)) +
                         "), got shape " + rt::formatShape(array.shape));
  return Status::success();
}

tfm_dtype toTfmDType(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::I64:
    return TFM_I64;
  case NpyDType::I32:
    return TFM_I32;
  case NpyDType::Bool:
    return TFM_BOOL;
  case NpyDType::F32:
  case NpyDType::F64: // refused by checkFileFitsInput
    break;
  }
  return TFM_F32;
}

/// Reads the given inputs' files in the model's order and checks them with
/// the C API, as tfm_context_run will: shapes, ids, masks, the defaults of
/// the inputs not given.
Status readInputs(const tfm_model &model, tfm_model_handle *handle,
                  const std::vector<std::string> &pathOfInput, FileInputs &inputs) {
  const size_t count = static_cast<size_t>(model.num_inputs);
  inputs.arrays.assign(count, NpyArray());
  inputs.tensors.assign(count, tfm_tensor());
  inputs.sources.assign(count, nullptr);
  // A given input's data must not be NULL, which means "not given", even
  // when it has no elements (the C API then reports the empty shape).
  static const uint8_t noElements = 0;
  for (size_t i = 0; i < count; ++i) {
    const std::string &path = pathOfInput[i];
    if (path.empty())
      continue;
    const tfm_io_info &info = model.inputs[i];
    NpyArray &array = inputs.arrays[i];
    Status readable = rt::checkRegularFile(path);
    if (readable.ok())
      readable = readNpy(path, array);
    if (!readable.ok())
      return Status::error("input '" + std::string(info.name) + "': " + readable.message());
    TFM_RT_RETURN_IF_ERROR(
        checkFileFitsInput(info, array, "input '" + std::string(info.name) + "' (" + path + ")"));
    tfm_tensor &tensor = inputs.tensors[i];
    tensor.data = array.data.empty() ? const_cast<uint8_t *>(&noElements) : array.data.data();
    tensor.dtype = toTfmDType(array.dtype);
    tensor.rank = static_cast<int32_t>(array.shape.size());
    std::copy(array.shape.begin(), array.shape.end(), tensor.shape);
    inputs.sources[i] = path.c_str();
  }
  return toStatus(tfm_model_check_inputs(handle, inputs.tensors.data(), model.num_inputs,
                                         inputs.sources.data()));
}

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//

/// The outputs of the last run, the model's own buffers
/// (tfm_context_run_alloc), freed before the next run and at the end.
class RunOutputs {
public:
  explicit RunOutputs(size_t count) : tensors_(count, tfm_tensor()) {}
  ~RunOutputs() { release(); }
  RunOutputs(const RunOutputs &) = delete;
  RunOutputs &operator=(const RunOutputs &) = delete;

  void release() {
    for (tfm_tensor &tensor : tensors_) {
      tfm_buffer_free(tensor.data);
      tensor = tfm_tensor();
    }
  }
  tfm_tensor *data() { return tensors_.data(); }
  int size() const { return static_cast<int>(tensors_.size()); }
  const tfm_tensor &operator[](size_t i) const { return tensors_[i]; }

private:
  std::vector<tfm_tensor> tensors_;
};

/// One run into `outputs` (their previous buffers go back to the pool
/// first, for this run to reuse); `milliseconds` is its wall time.
Status runOnce(tfm_context *ctx, const FileInputs &inputs, RunOutputs &outputs,
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

/// Checks that `dir` is a writable directory, or that it could be created
/// (its deepest existing ancestor is one), so that a typo is reported before
/// a long run rather than after it. Nothing is created yet: a failed run
/// leaves no trace in the file system.
Status checkOutputDir(const std::string &dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path existing = dir;
  for (;;) {
    fs::file_status status = fs::status(existing, error);
    if (fs::exists(status))
      break;
    if (error && error != std::errc::no_such_file_or_directory)
      return Status::error("cannot create output directory '" + dir + "': " + error.message());
    fs::path parent = existing.parent_path();
    existing = parent.empty() || parent == existing ? fs::path(".") : parent;
    if (existing == ".")
      break;
  }
  const bool isDir = existing.string() == dir;
  if (!fs::is_directory(existing, error))
    return Status::error("cannot create output directory '" + dir + "': " +
                         (isDir ? std::string("not a directory")
                                : "'" + existing.string() + "' is not a directory"));
  if (::access(existing.c_str(), W_OK | X_OK) != 0) {
    std::string reason = std::strerror(errno);
    return Status::error(isDir ? "output directory '" + dir + "' is not writable: " + reason
                               : "cannot create output directory '" + dir + "': '" +
                                     existing.string() + "' is not writable: " + reason);
  }
  return Status::success();
}

std::string outputPath(const std::string &dir, const char *name) {
  std::string path = dir;
  if (path.back() != '/')
    path += '/';
  return path + name + ".npy";
}

/// Output files written under temporary names, removed unless committed.
class TemporaryOutputs {
public:
  ~TemporaryOutputs() {
    for (const std::string &path : paths_)
      if (!path.empty())
        ::unlink(path.c_str());
  }
  /// Writes `tensor` to a new file beside `finalPath`, named so that no
  /// existing file (or symbolic link) is touched.
  Status write(const std::string &finalPath, const tfm_tensor &tensor) {
    std::string slash = finalPath.substr(0, finalPath.find_last_of('/') + 1);
    std::string base = finalPath.substr(slash.size());
    std::vector<int64_t> shape(tensor.shape, tensor.shape + tensor.rank);
    for (int attempt = 0;; ++attempt) {
      std::string path = slash + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
                         std::to_string(attempt);
      struct stat existing;
      if (::lstat(path.c_str(), &existing) == 0)
        continue; // Another run's: leave it alone.
      // On failure writeNpyToNewFile removes what it wrote, and only that.
      TFM_RT_RETURN_IF_ERROR(
          writeNpyToNewFile(path, npyDTypeOf(tensor.dtype), shape, tensor.data));
      paths_.push_back(path);
      return Status::success();
    }
  }
  /// Renames the files written into place, in order of `finalPaths`.
  Status commit(const std::vector<std::string> &finalPaths) {
    for (size_t i = 0; i < paths_.size(); ++i) {
      if (::rename(paths_[i].c_str(), finalPaths[i].c_str()) != 0)
        return Status::error("cannot write '" + finalPaths[i] + "': " + std::strerror(errno));
      paths_[i].clear();
    }
    paths_.clear();
    return Status::success();
  }

private:
  std::vector<std::string> paths_;
};

/// Writes every output to DIR/NAME.npy, creating DIR, only once all of them
/// are written: each goes to a new temporary file in DIR first, and the
/// files are renamed into place at the end. A failure leaves no new file,
/// and an existing file or symbolic link at DIR/NAME.npy is replaced, never
/// written through.
Status writeOutputs(const tfm_model &model, const RunOutputs &outputs,
                    const std::string &dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (!std::filesystem::is_directory(dir, error))
    return Status::error("cannot create output directory '" + dir + "': " +
                         (error ? error.message() : std::string("not a directory")));
  std::vector<std::string> finalPaths;
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    finalPaths.push_back(outputPath(dir, model.outputs[i].name));
    struct stat existing;
    // rename() cannot replace a directory: refuse before writing anything.
    if (::lstat(finalPaths.back().c_str(), &existing) == 0 && S_ISDIR(existing.st_mode))
      return Status::error("cannot write output '" + std::string(model.outputs[i].name) +
                           "': '" + finalPaths.back() + "' is a directory");
  }
  TemporaryOutputs written;
  for (int32_t i = 0; i < model.num_outputs; ++i)
    TFM_RT_RETURN_IF_ERROR(written.write(finalPaths[i], outputs[i]));
  return written.commit(finalPaths);
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

void printSummary(const tfm_model &model, const RunOutputs &outputs,
                  const std::string &dir, double milliseconds) {
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    const tfm_tensor &tensor = outputs[i];
    std::printf("%s: %s %s %s -> %s\n", model.outputs[i].name,
                dtypeName(tensor.dtype),
                rt::formatShape(tensor.shape, static_cast<size_t>(tensor.rank)).c_str(),
                formatLeadingValues(tensor).c_str(),
                outputPath(dir, model.outputs[i].name).c_str());
  }
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
Status bench(tfm_context *ctx, const tfm_model &model, const char *precision,
             const FileInputs &inputs, const Options &options) {
  // The warm-up run pays for first-touch page faults and caches, and packs
  // any weight whose kernel wants a layout it was not packed in.
  RunOutputs outputs(static_cast<size_t>(model.num_outputs));
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
  TFM_RT_RETURN_IF_ERROR(writeOutputs(model, outputs, options.outputDir));
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

  FileInputs inputs;
  Status status = readInputs(model, handle, pathOfInput, inputs);
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
    status = bench(ctx.get(), model, tfm_model_precision(handle), inputs, options);
  } else {
    RunOutputs outputs(static_cast<size_t>(model.num_outputs));
    double milliseconds = 0;
    status = runOnce(ctx.get(), inputs, outputs, milliseconds);
    if (status.ok())
      status = writeOutputs(model, outputs, options.outputDir);
    if (status.ok())
      printSummary(model, outputs, options.outputDir, milliseconds);
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
