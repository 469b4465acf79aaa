//===- Api.cpp - The embedding C API (tfm/tfm.h) --------------------------===//
//
// Models, contexts and runs for programs that embed compiled models, and
// for the executables' driver (libtfmtools), which is built on this API.
// The checks and the run itself are in ModelRunner.h.
//
// Every entry point is noexcept in effect: C++ exceptions (only
// std::bad_alloc in practice) are turned into error statuses.
//
//===----------------------------------------------------------------------===//

#include "tfm/tfm.h"

#include "ModelRunner.h"
#include "Sampling.h"
#include "Support.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <dlfcn.h>

using namespace tfm::rt;

struct tfm_status_s {
  std::string message;
};

struct tfm_model_handle {
  void *library = nullptr; // dlopen handle, or null for a linked model
  const tfm_model *model = nullptr;
  std::atomic<int> references{1};
};

struct tfm_context {
  tfm_model_handle *handle = nullptr;
  const tfm_model *model = nullptr;
  /// The thread count, the packed copies of the bound weights and the oneDNN
  /// state, which each run's context borrows.
  RunResources resources;
  /// The weights file of the last bind_weights_file, and the transposed
  /// copies made from it.
  std::unique_ptr<SafeTensorsFile> file;
  std::vector<std::vector<float>> fileCopies;
  /// One entry per parameter: its bound data (null while unbound) and, for
  /// weights bound by tfm_context_bind_weight transposed, the copy.
  std::vector<const float *> params;
  std::vector<std::vector<float>> boundCopies;
  std::string missing;
  /// The text tfm_context_kernels last returned.
  std::string kernels;
};

namespace {

/// Drops the packed copies of the weight bound at parameter `index`, which
/// is about to be unbound: its memory may next hold other weights.
void forgetBoundWeight(tfm_context *ctx, int32_t index) {
  if (!ctx->params[index])
    return;
  const tfm_param_info &param = ctx->model->params[index];
  uint64_t bytes = 0;
  if (checkedByteSize(std::vector<int64_t>(param.shape, param.shape + param.rank),
                      sizeof(float), bytes))
    ctx->resources.packedWeights->forget(ctx->params[index], static_cast<size_t>(bytes));
}

/// Returned when even the error cannot be allocated; never freed.
tfm_status_s outOfMemoryStatus{"out of memory"};

tfm_status makeError(std::string message) noexcept {
  try {
    return new tfm_status_s{std::move(message)};
  } catch (...) {
    return &outOfMemoryStatus;
  }
}

tfm_status toStatus(const Status &status) noexcept {
  return status.ok() ? nullptr : makeError(status.message());
}

/// Runs `body` (returning tfm_status) and turns exceptions into errors.
template <typename Body> tfm_status guarded(const char *function, Body body) {
  return catchEscapes(body, [&](const Escaped &escaped) -> tfm_status {
    if (escaped.outOfMemory)
      return &outOfMemoryStatus;
    std::string message = std::string(function) + ": internal error";
    if (escaped.what)
      message += std::string(": ") + escaped.what;
    return makeError(std::move(message));
  });
}

void release(tfm_model_handle *handle) {
  if (!handle || handle->references.fetch_sub(1) != 1)
    return;
  if (handle->library)
    dlclose(handle->library);
  delete handle;
}

const char *nameOf(const tfm_model &model) {
  return model.name ? model.name : "?";
}

std::string ioNames(const tfm_io_info *infos, int32_t count) {
  std::string names;
  for (int32_t i = 0; i < count; ++i)
    names += std::string(i ? ", " : "") + infos[i].name;
  return names.empty() ? "(none)" : names;
}

tfm_status findIO(const tfm_model_handle *handle, const char *name, int *index,
                  bool input) {
  if (!handle || !name || !index)
    return makeError(std::string(input ? "tfm_model_find_input"
                                       : "tfm_model_find_output") +
                     ": NULL argument");
  const tfm_model &model = *handle->model;
  const tfm_io_info *infos = input ? model.inputs : model.outputs;
  int32_t count = input ? model.num_inputs : model.num_outputs;
  for (int32_t i = 0; i < count; ++i)
    if (std::strcmp(infos[i].name, name) == 0) {
      *index = i;
      return nullptr;
    }
  return makeError(std::string("model '") + nameOf(model) + "' has no " +
                   (input ? "input" : "output") + " named '" + name +
                   "'; its " + (input ? "inputs" : "outputs") +
                   " are: " + ioNames(infos, count));
}

/// The element count of `shape`, or -1 if a dim is negative or the count
/// overflows.
int64_t checkedCount(const int64_t *shape, int32_t rank) {
  int64_t count = 1;
  for (int32_t d = 0; d < rank; ++d) {
    if (shape[d] < 0)
      return -1;
    if (shape[d] != 0 && count > std::numeric_limits<int64_t>::max() / shape[d])
      return -1;
    count *= shape[d];
  }
  return count;
}

/// A caller input converted to the model's dtype where lossless (int32 ids
/// for int64 inputs and back), else borrowed as is. `source` (may be null)
/// says where its data came from, for messages.
Status bindCallerInput(const tfm_io_info &info, const tfm_tensor &tensor,
                       const char *source, BoundInput &input) {
  input.info = &info;
  input.origin = "input '" + std::string(info.name) + "'";
  if (source)
    input.origin += std::string(" (") + source + ")";
  if (tensor.rank < 0 || tensor.rank > TFM_MAX_RANK)
    return Status::error(input.origin + ": rank " +
                         std::to_string(tensor.rank) + " is not in [0, " +
                         std::to_string(TFM_MAX_RANK) + "]");
  input.shape.assign(tensor.shape, tensor.shape + tensor.rank);
  if (!isKnownDType(rawDType(tensor.dtype)))
    return Status::error(input.origin + ": unknown dtype " +
                         std::to_string(rawDType(tensor.dtype)));
  TFM_RT_RETURN_IF_ERROR(checkShape(input));
  if (!fitsInputLimit(input.shape, std::max(dtypeSize(tensor.dtype), dtypeSize(info.dtype))))
    return Status::error(input.origin + ": shape " + formatShape(input.shape) +
                         " is too large: more than " +
                         std::to_string(tfm::limits::kMaxInputBytes) + " bytes");
  size_t count = static_cast<size_t>(input.numElements());
  if (info.updated_in_place) {
    // The run writes the caller's buffer: it is passed as it is, never
    // converted or copied (validateModel: the model's dtype is float32).
    if (tensor.dtype != info.dtype)
      return Status::error(input.origin + ": expected " + dtypeName(info.dtype) +
                           " data, got " + dtypeName(tensor.dtype) +
                           " (the model updates this input in place)");
    input.external = static_cast<const uint8_t *>(tensor.data);
  } else if (tensor.dtype == info.dtype) {
    input.external = static_cast<const uint8_t *>(tensor.data);
  } else if (info.dtype == TFM_I64 && tensor.dtype == TFM_I32) {
    input.storage.resize(count * sizeof(int64_t));
    const int32_t *from = static_cast<const int32_t *>(tensor.data);
    int64_t *to = reinterpret_cast<int64_t *>(input.storage.data());
    for (size_t i = 0; i < count; ++i)
      to[i] = from[i];
  } else if (info.dtype == TFM_I32 && tensor.dtype == TFM_I64) {
    const int64_t *from = static_cast<const int64_t *>(tensor.data);
    input.storage.resize(count * sizeof(int32_t));
    int32_t *to = reinterpret_cast<int32_t *>(input.storage.data());
    for (size_t i = 0; i < count; ++i) {
      if (from[i] < INT32_MIN || from[i] > INT32_MAX)
        return Status::error(input.origin + ": " + info.name +
                             formatIndex(static_cast<int64_t>(i), input.shape) +
                             " = " + std::to_string(from[i]) +
                             " does not fit the model's int32");
      to[i] = static_cast<int32_t>(from[i]);
    }
  } else {
    std::string expected = dtypeName(info.dtype);
    if (info.dtype == TFM_I64)
      expected += " or int32";
    if (info.dtype == TFM_I32)
      expected += " or int64";
    return Status::error(input.origin + ": expected " + expected +
                         " data, got " + dtypeName(tensor.dtype));
  }
  return checkValues(input);
}

/// Binds all inputs in model order, filling omitted optional ones;
/// `sources` (may be null) as in tfm_model_check_inputs.
Status bindCallerInputs(const tfm_model &model, const tfm_tensor *tensors,
                        const char *const *sources,
                        std::vector<BoundInput> &inputs) {
  inputs.assign(static_cast<size_t>(model.num_inputs), BoundInput());
  const BoundInput *firstGiven = nullptr;
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    const tfm_io_info &info = model.inputs[i];
    if (!tensors[i].data) {
      if (info.updated_in_place)
        return Status::error("input '" + std::string(info.name) +
                             "' is updated in place, so it must be given, but its data is NULL");
      if (!info.default_fill)
        return Status::error("input '" + std::string(info.name) +
                             "' is required but its data is NULL");
      continue;
    }
    TFM_RT_RETURN_IF_ERROR(bindCallerInput(
        info, tensors[i], sources ? sources[i] : nullptr, inputs[i]));
    if (!firstGiven)
      firstGiven = &inputs[i];
  }
  if (!firstGiven && model.num_inputs > 0)
    return Status::error("no input given (all data NULL); the model's inputs "
                         "are: " +
                         validInputNames(model));
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    if (tensors[i].data)
      continue;
    TFM_RT_RETURN_IF_ERROR(createDefaultInput(
        model.inputs[i], *firstGiven, inputs[i],
        "pass it explicitly"));
  }
  TFM_RT_RETURN_IF_ERROR(checkEqualDims(model, inputs));
  return checkPositionOffsets(model, inputs);
}

/// `num_inputs` inputs at `inputs` are as many as the model takes.
Status checkInputCount(const tfm_model &model, const tfm_tensor *inputs,
                       int num_inputs) {
  if (num_inputs == model.num_inputs && (num_inputs == 0 || inputs))
    return Status::success();
  return Status::error(std::string("model '") + nameOf(model) + "' takes " +
                       std::to_string(model.num_inputs) + " inputs (" +
                       validInputNames(model) + "), got " +
                       std::to_string(num_inputs) +
                       (num_inputs > 0 && !inputs ? " and a NULL array" : ""));
}

/// The output buffers' capacities in elements (-1 for skipped outputs).
Status checkOutputBuffers(const tfm_model &model, const tfm_tensor *outputs,
                          std::vector<int64_t> &capacity) {
  capacity.assign(static_cast<size_t>(model.num_outputs), -1);
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    const tfm_tensor &buffer = outputs[i];
    const tfm_io_info &info = model.outputs[i];
    if (!buffer.data)
      continue;
    std::string what = "output '" + std::string(info.name) + "'";
    if (!isKnownDType(rawDType(buffer.dtype)))
      return Status::error(what + ": the buffer's dtype " +
                           std::to_string(rawDType(buffer.dtype)) + " is unknown, expected " +
                           dtypeName(info.dtype));
    if (buffer.dtype != info.dtype)
      return Status::error(what + ": the buffer's dtype is " +
                           dtypeName(buffer.dtype) + ", expected " +
                           dtypeName(info.dtype));
    if (buffer.rank < 0 || buffer.rank > TFM_MAX_RANK)
      return Status::error(what + ": the buffer's rank " +
                           std::to_string(buffer.rank) + " is not in [0, " +
                           std::to_string(TFM_MAX_RANK) + "]");
    int64_t count = checkedCount(buffer.shape, buffer.rank);
    if (count < 0)
      return Status::error(what + ": invalid buffer shape " +
                           formatShape(buffer.shape, buffer.rank));
    capacity[i] = count;
  }
  return Status::success();
}

/// The unbound weights' names, comma-separated; after `limit` names, "and N
/// more".
std::string missingWeights(const tfm_context &ctx,
                           int32_t limit = std::numeric_limits<int32_t>::max()) {
  std::string names;
  int32_t listed = 0, more = 0;
  for (int32_t i = 0; i < ctx.model->num_params; ++i) {
    if (ctx.params[i])
      continue;
    if (listed == limit) {
      ++more;
      continue;
    }
    names += std::string(listed++ ? ", " : "") + ctx.model->params[i].name;
  }
  if (more)
    names += " and " + std::to_string(more) + " more";
  return names;
}

/// The checks tfm_context_run and tfm_context_run_alloc make before they
/// run: the argument counts, the weights and the inputs, bound into `bound`.
Status prepareRun(const tfm_context &ctx, const tfm_tensor *inputs, int num_inputs,
                  const tfm_tensor *outputs, int num_outputs,
                  std::vector<BoundInput> &bound) {
  const tfm_model &model = *ctx.model;
  std::string modelName = std::string("model '") + nameOf(model) + "'";
  TFM_RT_RETURN_IF_ERROR(checkInputCount(model, inputs, num_inputs));
  if (num_outputs != model.num_outputs || (num_outputs > 0 && !outputs))
    return Status::error(modelName + " has " +
                         std::to_string(model.num_outputs) + " outputs (" +
                         ioNames(model.outputs, model.num_outputs) + "), got " +
                         std::to_string(num_outputs) +
                         (num_outputs > 0 && !outputs ? " and a NULL array" : ""));
  std::string missing = missingWeights(ctx, /*limit=*/4);
  if (!missing.empty())
    return Status::error(modelName + ": weights not bound: " + missing +
                         " (use tfm_context_bind_weights_file or "
                         "tfm_context_bind_weight)");
  return bindCallerInputs(model, inputs, /*sources=*/nullptr, bound);
}

/// Runs the context's model on inputs prepareRun bound, with its thread
/// count, into `results`. The bound weights file must be as it was bound,
/// before the run (a truncated file would fault where the run reads it) and
/// after it (a file written to during the run gave outputs of mixed weights).
Status runBound(tfm_context &ctx, const std::vector<BoundInput> &bound, RunOutputs &results) {
  if (ctx.file)
    TFM_RT_RETURN_IF_ERROR(ctx.file->checkUnchanged());
  std::vector<tfm_tensor> tensors(bound.size(), tfm_tensor());
  for (size_t i = 0; i < bound.size(); ++i) {
    tensors[i].data = const_cast<uint8_t *>(bound[i].bytes());
    tensors[i].dtype = bound[i].info->dtype;
    tensors[i].rank = bound[i].info->rank;
    std::copy(bound[i].shape.begin(), bound[i].shape.end(), tensors[i].shape);
  }
  double milliseconds = 0;
  TFM_RT_RETURN_IF_ERROR(
      runModel(*ctx.model, tensors, ctx.params, ctx.resources, results, milliseconds));
  if (ctx.file) {
    Status unchanged = ctx.file->checkUnchanged();
    if (!unchanged.ok()) {
      results.release();
      return unchanged;
    }
  }
  return Status::success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Status
//===----------------------------------------------------------------------===//

extern "C" const char *tfm_status_message(tfm_status status) {
  return status ? status->message.c_str() : "";
}

extern "C" void tfm_status_free(tfm_status status) {
  if (status != &outOfMemoryStatus)
    delete status;
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

extern "C" tfm_status tfm_model_from_linked(const tfm_model *model,
                                            tfm_model_handle **out) {
  return guarded("tfm_model_from_linked", [&]() -> tfm_status {
    if (!out)
      return makeError("tfm_model_from_linked: 'out' is NULL");
    *out = nullptr;
    if (!model)
      return makeError("tfm_model_from_linked: 'model' is NULL");
    if (tfm_status error = toStatus(validateModel(*model)))
      return error;
    auto *handle = new tfm_model_handle;
    handle->model = model;
    *out = handle;
    return nullptr;
  });
}

extern "C" tfm_status tfm_model_open(const char *so_path,
                                     tfm_model_handle **out) {
  return guarded("tfm_model_open", [&]() -> tfm_status {
    if (!out)
      return makeError("tfm_model_open: 'out' is NULL");
    *out = nullptr;
    if (!so_path || !so_path[0])
      return makeError("tfm_model_open: no library path given");
    void *library = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      const char *reason = dlerror();
      return makeError(std::string("cannot load model library '") + so_path +
                       "': " + (reason ? reason : "unknown error"));
    }
    using Getter = const tfm_model *(*)();
    auto getter = reinterpret_cast<Getter>(dlsym(library, "tfm_compiled_model"));
    const tfm_model *model = getter ? getter() : nullptr;
    if (!model) {
      dlclose(library);
      return makeError(std::string("'") + so_path +
                       "' is not a tfm model library: it has no "
                       "tfm_compiled_model() (compile it with tfm-compile "
                       "--emit=shared)");
    }
    Status valid = validateModel(*model);
    if (!valid.ok()) {
      dlclose(library);
      return makeError(std::string(so_path) + ": " + valid.message());
    }
    auto *handle = new tfm_model_handle;
    handle->library = library;
    handle->model = model;
    *out = handle;
    return nullptr;
  });
}

extern "C" void tfm_model_close(tfm_model_handle *model) { release(model); }

extern "C" const char *tfm_model_name(const tfm_model_handle *model) {
  return model && model->model->name ? model->model->name : "";
}
extern "C" const char *tfm_model_precision(const tfm_model_handle *model) {
  if (!model)
    return "";
  switch (model->model->precision) {
  case TFM_PRECISION_BF16:
    return "bf16";
  case TFM_PRECISION_INT8:
    return "int8";
  default: // validated when the handle was made
    return "f32";
  }
}
extern "C" int tfm_model_num_inputs(const tfm_model_handle *model) {
  return model ? model->model->num_inputs : 0;
}
extern "C" int tfm_model_num_outputs(const tfm_model_handle *model) {
  return model ? model->model->num_outputs : 0;
}
extern "C" int tfm_model_num_weights(const tfm_model_handle *model) {
  return model ? model->model->num_params : 0;
}
extern "C" const tfm_io_info *tfm_model_input(const tfm_model_handle *model,
                                              int index) {
  if (!model || index < 0 || index >= model->model->num_inputs)
    return nullptr;
  return &model->model->inputs[index];
}
extern "C" const tfm_io_info *tfm_model_output(const tfm_model_handle *model,
                                               int index) {
  if (!model || index < 0 || index >= model->model->num_outputs)
    return nullptr;
  return &model->model->outputs[index];
}
extern "C" const tfm_param_info *
tfm_model_weight(const tfm_model_handle *model, int index) {
  if (!model || index < 0 || index >= model->model->num_params)
    return nullptr;
  return &model->model->params[index];
}
extern "C" tfm_status tfm_model_find_input(const tfm_model_handle *model,
                                           const char *name, int *index) {
  return guarded("tfm_model_find_input",
                 [&] { return findIO(model, name, index, true); });
}
extern "C" tfm_status tfm_model_find_output(const tfm_model_handle *model,
                                            const char *name, int *index) {
  return guarded("tfm_model_find_output",
                 [&] { return findIO(model, name, index, false); });
}
extern "C" tfm_status tfm_model_check_inputs(const tfm_model_handle *model,
                                             const tfm_tensor *inputs,
                                             int num_inputs,
                                             const char *const *sources) {
  return guarded("tfm_model_check_inputs", [&]() -> tfm_status {
    if (!model)
      return makeError("tfm_model_check_inputs: 'model' is NULL");
    if (tfm_status error = toStatus(checkInputCount(*model->model, inputs, num_inputs)))
      return error;
    std::vector<BoundInput> bound;
    return toStatus(bindCallerInputs(*model->model, inputs, sources, bound));
  });
}

//===----------------------------------------------------------------------===//
// Contexts
//===----------------------------------------------------------------------===//

extern "C" tfm_status tfm_context_create(tfm_model_handle *model,
                                         tfm_context **out) {
  return guarded("tfm_context_create", [&]() -> tfm_status {
    if (!out)
      return makeError("tfm_context_create: 'out' is NULL");
    *out = nullptr;
    if (!model)
      return makeError("tfm_context_create: 'model' is NULL");
    auto ctx = std::make_unique<tfm_context>();
    ctx->handle = model;
    ctx->model = model->model;
    size_t count = static_cast<size_t>(model->model->num_params);
    ctx->params.assign(count, nullptr);
    ctx->boundCopies.resize(count);
    model->references.fetch_add(1);
    *out = ctx.release();
    return nullptr;
  });
}

extern "C" void tfm_context_destroy(tfm_context *ctx) {
  if (!ctx)
    return;
  tfm_model_handle *handle = ctx->handle;
  delete ctx;
  release(handle);
}

extern "C" tfm_status tfm_context_set_threads(tfm_context *ctx, int threads) {
  if (!ctx)
    return makeError("tfm_context_set_threads: 'ctx' is NULL");
  return guarded("tfm_context_set_threads", [&]() -> tfm_status {
    if (threads < 1)
      return makeError("tfm_context_set_threads: the thread count must be at "
                       "least 1, got " +
                       std::to_string(threads));
    if (threads > maxThreadCount())
      return makeError("tfm_context_set_threads: " + std::to_string(threads) +
                       " threads exceed this machine's limit of " +
                       std::to_string(maxThreadCount()) + " (" + kThreadLimitRule + ")");
    ctx->resources.threads = threads;
    return nullptr;
  });
}

extern "C" int tfm_max_threads(void) { return maxThreadCount(); }

extern "C" tfm_status tfm_context_bind_weights_file(tfm_context *ctx,
                                                    const char *path) {
  return guarded("tfm_context_bind_weights_file", [&]() -> tfm_status {
    if (!ctx)
      return makeError("tfm_context_bind_weights_file: 'ctx' is NULL");
    if (!path || !path[0])
      return makeError("tfm_context_bind_weights_file: no path given");
    std::unique_ptr<SafeTensorsFile> file;
    std::vector<const float *> params;
    std::vector<std::vector<float>> copies;
    // A new store: the new file may be mapped where weights still bound
    // (and packed) lie.
    auto packed = std::make_unique<PackedWeights>();
    if (tfm_status error =
            toStatus(loadWeights(*ctx->model, path, file, params, copies, *packed)))
      return error;
    ctx->resources.packedWeights = std::move(packed);
    ctx->file = std::move(file);
    ctx->fileCopies = std::move(copies);
    ctx->params = std::move(params);
    for (std::vector<float> &copy : ctx->boundCopies)
      std::vector<float>().swap(copy);
    return nullptr;
  });
}

extern "C" tfm_status tfm_context_bind_weight(tfm_context *ctx,
                                              const char *name,
                                              const float *data,
                                              const int64_t *shape, int rank) {
  return guarded("tfm_context_bind_weight", [&]() -> tfm_status {
    if (!ctx)
      return makeError("tfm_context_bind_weight: 'ctx' is NULL");
    if (!name)
      return makeError("tfm_context_bind_weight: 'name' is NULL");
    const tfm_model &model = *ctx->model;
    // The weight whose name, or else one of whose aliases, `name` is.
    int32_t index = -1;
    for (int32_t i = 0; i < model.num_params && index < 0; ++i)
      if (std::strcmp(model.params[i].name, name) == 0)
        index = i;
    for (int32_t i = 0; i < model.num_params && index < 0; ++i)
      for (const std::string &alias : checkpointNames(model.params[i]))
        if (alias == name) {
          index = i;
          break;
        }
    std::string what = std::string("weight '") + name + "'";
    if (index < 0)
      return makeError(std::string("model '") + nameOf(model) +
                       "' has no weight named '" + name + "', nor one with that alias");
    if (!data)
      return makeError(what + ": data is NULL");
    if (rank < 0 || rank > TFM_MAX_RANK || (rank > 0 && !shape))
      return makeError(what + ": invalid shape (rank " + std::to_string(rank) +
                       (rank > 0 && !shape ? ", shape NULL)" : ")"));
    const tfm_param_info &param = model.params[index];
    std::vector<int64_t> given(shape, shape + rank);
    std::vector<int64_t> expected(param.shape, param.shape + param.rank);
    if (param.transposed && param.rank == 2)
      std::swap(expected[0], expected[1]); // the checkpoint's [out, in]
    if (given != expected)
      return makeError(what + ": expected shape " + formatShape(expected) +
                       ", got " + formatShape(given));
    forgetBoundWeight(ctx, index);
    std::vector<float> &copy = ctx->boundCopies[index];
    if (!param.transposed) {
      std::vector<float>().swap(copy);
      ctx->params[index] = data;
      if (param.rank == 2)
        ctx->resources.packedWeights->prepackLinear(data, param.shape[0], param.shape[1],
                                                    param.prepack);
      return nullptr;
    }
    const int64_t rows = param.shape[0], columns = param.shape[1];
    std::vector<float> transposed(static_cast<size_t>(rows * columns));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c)
        transposed[static_cast<size_t>(r * columns + c)] =
            data[static_cast<size_t>(c * rows + r)];
    copy = std::move(transposed);
    ctx->params[index] = copy.data();
    return nullptr;
  });
}

extern "C" const char *tfm_context_missing_weights(tfm_context *ctx) {
  if (!ctx)
    return "";
  try {
    ctx->missing = missingWeights(*ctx);
  } catch (...) {
    return "";
  }
  return ctx->missing.c_str();
}

extern "C" tfm_status tfm_context_run(tfm_context *ctx,
                                      const tfm_tensor *inputs, int num_inputs,
                                      tfm_tensor *outputs, int num_outputs) {
  return guarded("tfm_context_run", [&]() -> tfm_status {
    if (!ctx)
      return makeError("tfm_context_run: 'ctx' is NULL");
    const tfm_model &model = *ctx->model;
    std::vector<BoundInput> bound;
    if (tfm_status error =
            toStatus(prepareRun(*ctx, inputs, num_inputs, outputs, num_outputs, bound)))
      return error;
    std::vector<int64_t> capacity;
    if (tfm_status error =
            toStatus(checkOutputBuffers(model, outputs, capacity)))
      return error;
    RunOutputs results(static_cast<size_t>(model.num_outputs));
    if (tfm_status error = toStatus(runBound(*ctx, bound, results)))
      return error;

    // Every buffer is checked before any is written, so a failed run leaves
    // the caller's data untouched.
    std::string tooSmall;
    for (int32_t i = 0; i < model.num_outputs; ++i) {
      if (capacity[i] < 0)
        continue;
      const tfm_tensor &result = results[i];
      int64_t required = numElements(result.shape, result.rank);
      if (required <= capacity[i])
        continue;
      if (tooSmall.empty())
        tooSmall = "output '" + std::string(model.outputs[i].name) +
                   "' needs " + std::to_string(required) +
                   " elements (shape " +
                   formatShape(result.shape, result.rank) +
                   ") but its buffer holds " + std::to_string(capacity[i]) +
                   " (shape " +
                   formatShape(outputs[i].shape, outputs[i].rank) + ")";
      outputs[i].rank = result.rank;
      std::copy(result.shape, result.shape + result.rank, outputs[i].shape);
    }
    if (!tooSmall.empty())
      return makeError(tooSmall);
    for (int32_t i = 0; i < model.num_outputs; ++i) {
      if (capacity[i] < 0)
        continue;
      const tfm_tensor &result = results[i];
      std::memcpy(outputs[i].data, result.data,
                  static_cast<size_t>(numElements(result.shape, result.rank)) *
                      dtypeSize(result.dtype));
      outputs[i].rank = result.rank;
      std::copy(result.shape, result.shape + result.rank, outputs[i].shape);
    }
    return nullptr;
  });
}

extern "C" tfm_status tfm_context_run_alloc(tfm_context *ctx,
                                            const tfm_tensor *inputs,
                                            int num_inputs, tfm_tensor *outputs,
                                            int num_outputs) {
  return guarded("tfm_context_run_alloc", [&]() -> tfm_status {
    if (outputs)
      std::fill(outputs, outputs + std::max(num_outputs, 0), tfm_tensor());
    if (!ctx)
      return makeError("tfm_context_run_alloc: 'ctx' is NULL");
    std::vector<BoundInput> bound;
    if (tfm_status error =
            toStatus(prepareRun(*ctx, inputs, num_inputs, outputs, num_outputs, bound)))
      return error;
    RunOutputs results(static_cast<size_t>(ctx->model->num_outputs));
    if (tfm_status error = toStatus(runBound(*ctx, bound, results)))
      return error;
    for (int32_t i = 0; i < ctx->model->num_outputs; ++i)
      outputs[i] = results.take(static_cast<size_t>(i));
    return nullptr;
  });
}

extern "C" void tfm_buffer_free(void *data) { tfmrt_release(data); }

//===----------------------------------------------------------------------===//
// Generation
//===----------------------------------------------------------------------===//

namespace {

/// Where a generative model (compiled with a KV cache) has what the
/// generation call feeds and reads.
struct GenerationInterface {
  int32_t ids = -1, position = -1, cache = -1, logits = -1;
  /// The cache's static dimensions [L, 2, B, M, D]: layers and hidden size;
  /// its batch and rows when static (else -1).
  int64_t layers = 0, hidden = 0, batch = -1, rows = -1;
  /// The position input's limit: the model's positions.
  int64_t maxSequence = 0;
};

/// "int64 [-1, -1]".
std::string describeIO(const tfm_io_info &info) {
  const int32_t raw = rawDType(info.dtype);
  return std::string(isKnownDType(raw) ? dtypeName(info.dtype) : "unknown dtype") + " " +
         formatShape(info.shape, std::max(0, std::min(info.rank, TFM_MAX_RANK)));
}

Status findGenerationInterface(const tfm_model &model, GenerationInterface &out) {
  const std::string cannot = std::string("model '") + nameOf(model) + "' cannot generate: ";
  const std::string compileHint =
      " (a generative model is compiled with a KV cache: tfm-import --kv-cache)";
  auto find = [&](const tfm_io_info *infos, int32_t count, const char *name, bool input,
                  int32_t &index) -> Status {
    for (int32_t i = 0; i < count; ++i)
      if (std::strcmp(infos[i].name, name) == 0) {
        index = i;
        return Status::success();
      }
    return Status::error(cannot + "it has no " + (input ? "input" : "output") + " '" + name +
                         "'; its " + (input ? "inputs" : "outputs") +
                         " are: " + ioNames(infos, count) + compileHint);
  };
  TFM_RT_RETURN_IF_ERROR(find(model.inputs, model.num_inputs, "input_ids", true, out.ids));
  TFM_RT_RETURN_IF_ERROR(find(model.inputs, model.num_inputs, "position", true, out.position));
  TFM_RT_RETURN_IF_ERROR(find(model.inputs, model.num_inputs, "kv_cache", true, out.cache));
  TFM_RT_RETURN_IF_ERROR(find(model.outputs, model.num_outputs, "logits", false, out.logits));
  auto wrong = [&](const char *kind, const tfm_io_info &info, const char *expected) {
    return Status::error(cannot + kind + " '" + info.name + "' is " + describeIO(info) +
                         ", expected " + expected + compileHint);
  };
  const tfm_io_info &ids = model.inputs[out.ids];
  if (!(rawDType(ids.dtype) == TFM_I64 || rawDType(ids.dtype) == TFM_I32) || ids.rank != 2)
    return wrong("input", ids, "int64 [batch, tokens]");
  const tfm_io_info &position = model.inputs[out.position];
  if (rawDType(position.dtype) != TFM_I64 || position.rank != 0 || position.max_sequence <= 0)
    return wrong("input", position,
                 "an int64 scalar (rank 0) with the model's positions as its max_sequence");
  const tfm_io_info &cache = model.inputs[out.cache];
  if (rawDType(cache.dtype) != TFM_F32 || cache.rank != 5 || cache.shape[0] < 1 ||
      cache.shape[1] != 2 || cache.shape[4] < 1 || cache.shape[2] == 0 || cache.shape[3] == 0)
    return wrong("input", cache, "float32 [layers, 2, batch, rows, hidden] with static layers "
                                 "and hidden");
  if (!cache.updated_in_place)
    return Status::error(cannot + "its input 'kv_cache' is not updated in place" + compileHint);
  if (cache.shape[2] > 1)
    return Status::error(cannot + "its input 'kv_cache' has a static batch of " +
                         std::to_string(cache.shape[2]) + "; generation runs batch 1");
  const tfm_io_info &logits = model.outputs[out.logits];
  if (rawDType(logits.dtype) != TFM_F32 || logits.rank != 3)
    return wrong("output", logits, "float32 [batch, tokens, vocabulary]");
  for (int32_t i = 0; i < model.num_inputs; ++i)
    if (i != out.ids && i != out.position && i != out.cache && !model.inputs[i].default_fill)
      return Status::error(cannot + "its input '" + model.inputs[i].name +
                           "' is required, and generation feeds only input_ids, position "
                           "and kv_cache");
  out.layers = cache.shape[0];
  out.hidden = cache.shape[4];
  out.batch = cache.shape[2];
  out.rows = cache.shape[3];
  out.maxSequence = position.max_sequence;
  return Status::success();
}

struct AlignedFree {
  void operator()(void *pointer) const { std::free(pointer); }
};

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

/// The request's checks that need neither weights nor options: the
/// lengths, the model's interface (into `io`) and its positions.
Status checkGenerationRequest(const tfm_model &model, int64_t promptLength,
                              int64_t maxNewTokens, GenerationInterface &io) {
  if (promptLength < 1)
    return Status::error("the prompt is empty: generation needs at least one token");
  if (maxNewTokens < 1)
    return Status::error("max_new_tokens must be at least 1, got " +
                         std::to_string(maxNewTokens));
  TFM_RT_RETURN_IF_ERROR(findGenerationInterface(model, io));
  if (maxNewTokens > io.maxSequence || promptLength > io.maxSequence - maxNewTokens)
    return Status::error("the prompt's " + std::to_string(promptLength) + " tokens and " +
                         std::to_string(maxNewTokens) + " new tokens exceed the model's " +
                         std::to_string(io.maxSequence) + " positions");
  if (io.rows > 0 && io.rows < promptLength + maxNewTokens)
    return Status::error("the model's KV cache holds " + std::to_string(io.rows) +
                         " tokens, fewer than the prompt's " + std::to_string(promptLength) +
                         " and " + std::to_string(maxNewTokens) + " new ones");
  return Status::success();
}

Status generate(tfm_context &ctx, const int64_t *promptIds, int64_t promptLength,
                int64_t maxNewTokens, const tfm_generate_options &options,
                tfm_token_callback callback, void *user, int64_t *generatedIds,
                tfm_generate_stats &stats) {
  const auto start = std::chrono::steady_clock::now();
  const tfm_model &model = *ctx.model;
  if (promptLength > 0 && !promptIds)
    return Status::error("prompt_ids is NULL");
  if (options.num_eos_ids < 0 || (options.num_eos_ids > 0 && !options.eos_ids))
    return Status::error("invalid EOS ids: " + std::to_string(options.num_eos_ids) +
                         (options.num_eos_ids > 0 ? " ids at NULL" : " ids"));
  SamplingOptions sampling;
  sampling.temperature = options.temperature;
  sampling.topK = options.top_k;
  sampling.topP = options.top_p;
  sampling.repetitionPenalty = options.repetition_penalty;
  sampling.seed = options.seed;
  TFM_RT_RETURN_IF_ERROR(validateSamplingOptions(sampling));
  GenerationInterface io;
  TFM_RT_RETURN_IF_ERROR(checkGenerationRequest(model, promptLength, maxNewTokens, io));
  std::string missing = missingWeights(ctx, /*limit=*/4);
  if (!missing.empty())
    return Status::error(std::string("model '") + nameOf(model) + "': weights not bound: " +
                         missing + " (use tfm_context_bind_weights_file or "
                                   "tfm_context_bind_weight)");
  const int64_t rows = io.rows > 0 ? io.rows : promptLength + maxNewTokens;

  // The cache, for this request's tokens only.
  const std::vector<int64_t> cacheShape = {io.layers, 2, 1, rows, io.hidden};
  uint64_t cacheBytes = 0;
  if (!checkedByteSize(cacheShape, sizeof(float), cacheBytes) ||
      cacheBytes > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - 64)
    return Status::error("the KV cache " + formatShape(cacheShape) + " is too large");
  const size_t allocation = static_cast<size_t>((cacheBytes + 63) / 64 * 64);
  std::unique_ptr<void, AlignedFree> cache(std::aligned_alloc(64, allocation));
  if (!cache)
    return Status::error("out of memory: the KV cache " + formatShape(cacheShape) + " needs " +
                         std::to_string(cacheBytes) + " bytes");
  std::memset(cache.get(), 0, allocation);
  stats.cache_bytes = static_cast<int64_t>(cacheBytes);
  stats.prompt_tokens = promptLength;

  std::vector<tfm_tensor> inputs(static_cast<size_t>(model.num_inputs), tfm_tensor());
  tfm_tensor &ids = inputs[static_cast<size_t>(io.ids)];
  ids.dtype = TFM_I64;
  ids.rank = 2;
  tfm_tensor &position = inputs[static_cast<size_t>(io.position)];
  int64_t positionValue = 0;
  position.data = &positionValue;
  position.dtype = TFM_I64;
  position.rank = 0;
  tfm_tensor &cacheInput = inputs[static_cast<size_t>(io.cache)];
  cacheInput.data = cache.get();
  cacheInput.dtype = TFM_F32;
  cacheInput.rank = 5;
  std::copy(cacheShape.begin(), cacheShape.end(), cacheInput.shape);

  std::vector<int64_t> history(promptIds, promptIds + promptLength);
  history.reserve(static_cast<size_t>(promptLength + maxNewTokens));
  Sampler sampler(sampling);
  std::vector<BoundInput> bound;
  RunOutputs results(static_cast<size_t>(model.num_outputs));
  double decodeMilliseconds = 0;
  int64_t next = 0;
  for (int64_t step = 0;; ++step) {
    const auto stepStart = std::chrono::steady_clock::now();
    // The prompt at position 0, then each new token after the ones before.
    const int64_t tokens = step == 0 ? promptLength : 1;
    ids.data = step == 0 ? const_cast<int64_t *>(promptIds) : &next;
    ids.shape[0] = 1;
    ids.shape[1] = tokens;
    positionValue = step == 0 ? 0 : promptLength + step - 1;
    auto failed = [&](const Status &status) {
      return Status::error((step == 0 ? std::string("prefill (") + std::to_string(tokens) +
                                            " tokens at position 0)"
                                      : "decode step " + std::to_string(step) +
                                            " (position " + std::to_string(positionValue) +
                                            ")") +
                           ": " + status.message());
    };
    Status status = bindCallerInputs(model, inputs.data(), /*sources=*/nullptr, bound);
    if (status.ok())
      status = runBound(ctx, bound, results);
    if (!status.ok())
      return failed(status);
    const tfm_tensor &logits = results[static_cast<size_t>(io.logits)];
    if (logits.rank != 3 || logits.shape[0] != 1 || logits.shape[1] != tokens)
      return failed(Status::error("the logits are " + formatShape(logits.shape, logits.rank) +
                                  ", expected [1, " + std::to_string(tokens) + ", vocabulary]"));
    const int64_t vocabulary = logits.shape[2];
    status = sampler.sample(static_cast<const float *>(logits.data) + (tokens - 1) * vocabulary,
                            vocabulary, history, next);
    // The pool takes the outputs back for the next run.
    results.release();
    if (!status.ok())
      return failed(status);
    if (step == 0)
      stats.time_to_first_token_ms = millisecondsSince(start);
    else
      decodeMilliseconds += millisecondsSince(stepStart);
    history.push_back(next);
    if (generatedIds)
      generatedIds[step] = next;
    stats.generated_tokens = step + 1;
    if (stats.generated_tokens > 1 && decodeMilliseconds > 0)
      stats.decode_tokens_per_second =
          static_cast<double>(stats.generated_tokens - 1) / (decodeMilliseconds / 1000);
    const bool eos = std::find(options.eos_ids, options.eos_ids + options.num_eos_ids, next) !=
                     options.eos_ids + options.num_eos_ids;
    const bool stop = callback && callback(next, user) != 0;
    if (eos || stop || stats.generated_tokens == maxNewTokens) {
      stats.stop_reason = eos    ? TFM_STOP_EOS
                          : stop ? TFM_STOP_CALLBACK
                                 : TFM_STOP_MAX_TOKENS;
      return Status::success();
    }
  }
}

} // namespace

extern "C" void tfm_generate_options_init(tfm_generate_options *options) {
  if (!options)
    return;
  *options = tfm_generate_options();
  options->temperature = 0;
  options->top_k = 0;
  options->top_p = 1;
  options->repetition_penalty = 1;
  options->seed = 0;
  options->eos_ids = nullptr;
  options->num_eos_ids = 0;
}

extern "C" tfm_status tfm_model_check_generation(const tfm_model_handle *model,
                                                 int64_t num_prompt_ids,
                                                 int64_t max_new_tokens) {
  return guarded("tfm_model_check_generation", [&]() -> tfm_status {
    if (!model)
      return makeError("tfm_model_check_generation: 'model' is NULL");
    GenerationInterface io;
    return toStatus(checkGenerationRequest(*model->model, num_prompt_ids, max_new_tokens, io));
  });
}

extern "C" tfm_status tfm_context_generate(tfm_context *ctx, const int64_t *prompt_ids,
                                           int64_t num_prompt_ids, int64_t max_new_tokens,
                                           const tfm_generate_options *options,
                                           tfm_token_callback callback, void *user,
                                           int64_t *generated_ids, tfm_generate_stats *stats) {
  return guarded("tfm_context_generate", [&]() -> tfm_status {
    tfm_generate_stats local{};
    tfm_generate_stats &out = stats ? *stats : local;
    out = tfm_generate_stats();
    if (!ctx)
      return makeError("tfm_context_generate: 'ctx' is NULL");
    tfm_generate_options defaults;
    tfm_generate_options_init(&defaults);
    return toStatus(generate(*ctx, prompt_ids, num_prompt_ids, max_new_tokens,
                             options ? *options : defaults, callback, user, generated_ids,
                             out));
  });
}

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

extern "C" tfm_status tfm_context_get_stats(const tfm_context *ctx,
                                            tfm_context_stats *out) {
  if (!ctx)
    return makeError("tfm_context_get_stats: 'ctx' is NULL");
  if (!out)
    return makeError("tfm_context_get_stats: 'out' is NULL");
  const size_t whileRunning = ctx->resources.packedWeights->madeWhileRunning();
  out->weights_packed_at_bind = static_cast<int64_t>(ctx->resources.packedWeights->count() - whileRunning);
  out->weights_packed_while_running = static_cast<int64_t>(whileRunning);
  return nullptr;
}

extern "C" const char *tfm_context_kernels(tfm_context *ctx) {
  if (!ctx)
    return "{}";
  try {
    ctx->kernels = ctx->resources.dnnl.kernelsJson();
  } catch (...) {
    return "{}";
  }
  return ctx->kernels.c_str();
}

extern "C" uint64_t tfm_system_allocations(void) {
  return tfmrt_system_allocations();
}
