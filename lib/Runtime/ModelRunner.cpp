//===- ModelRunner.cpp - How the C API checks and runs models -------------===//
//
// See ModelRunner.h.
//
//===----------------------------------------------------------------------===//

#include "ModelRunner.h"

#include "CpuCheck.h"
#include "MappedFiles.h"
#include "ModelEntry.h"
#include "RunContext.h"
#include "tfm/Runtime/Kernels.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <unordered_map>

#include <unistd.h>

namespace tfm::rt {

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

/// "[0, 3]": the numpy index of element `flatIndex` of a C-order array; ""
/// for a rank-0 array, whose one element has no index.
std::string formatIndex(int64_t flatIndex, const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "";
  std::vector<int64_t> index(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    index[i] = flatIndex % shape[i];
    flatIndex /= shape[i];
  }
  std::string text = "[";
  for (size_t i = 0; i < index.size(); ++i)
    text += (i ? ", " : "") + std::to_string(index[i]);
  return text + "]";
}

const char *dtypeName(tfm_dtype dtype) {
  switch (dtype) {
  case TFM_F32:
    return "float32";
  case TFM_I64:
    return "int64";
  case TFM_I32:
    return "int32";
  case TFM_BOOL:
    return "bool";
  }
  return "unknown";
}

bool isKnownDType(int32_t rawDType) {
  return rawDType == TFM_F32 || rawDType == TFM_I64 || rawDType == TFM_I32 ||
         rawDType == TFM_BOOL;
}

size_t dtypeSize(tfm_dtype dtype) {
  switch (dtype) {
  case TFM_F32:
  case TFM_I32:
    return 4;
  case TFM_I64:
    return 8;
  case TFM_BOOL:
    return 1;
  }
  return 0;
}
//===----------------------------------------------------------------------===//
// Model description
//===----------------------------------------------------------------------===//

/// Descriptions are generated, but embedders may write their own: check what the
/// runtime relies on so a bad description is an error, not a crash.
Status validateModel(const tfm_model &model) {
  auto fail = [](const std::string &what) {
    return Status::error("invalid model description: " + what);
  };
  if (model.abi_version != TFM_ABI_VERSION)
    return fail("built for runtime ABI version " + std::to_string(model.abi_version) +
                ", but this libtfmrt has version " + std::to_string(TFM_ABI_VERSION) +
                "; recompile the model with the matching tfm-compile");
  if (!model.entry)
    return fail("no entry function");
  if (model.num_inputs < 0 || model.num_outputs < 0 || model.num_params < 0)
    return fail("negative input, output or parameter count");
  if ((model.num_inputs && !model.inputs) ||
      (model.num_outputs && !model.outputs) ||
      (model.num_params && !model.params))
    return fail("missing input, output or parameter table");

  auto checkShape = [&](const char *kind, const char *name, int32_t rank,
                        const int64_t *shape, bool allowDynamic) -> Status {
    if (!name || !name[0])
      return fail(std::string(kind) + " without a name");
    if (rank < 0 || rank > TFM_MAX_RANK)
      return fail(std::string(kind) + " '" + name + "' has rank " +
                  std::to_string(rank));
    for (int32_t d = 0; d < rank; ++d)
      if (shape[d] < (allowDynamic ? -1 : 0))
        return fail(std::string(kind) + " '" + name + "' has shape " +
                    formatShape(shape, rank));
    return Status::success();
  };
  auto checkIO = [&](const char *kind, const tfm_io_info &io) -> Status {
    TFM_RT_RETURN_IF_ERROR(
        checkShape(kind, io.name, io.rank, io.shape, /*allowDynamic=*/true));
    if (!isKnownDType(rawDType(io.dtype)))
      return fail(std::string(kind) + " '" + io.name + "' has unknown dtype " +
                  std::to_string(rawDType(io.dtype)));
    return Status::success();
  };
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    const tfm_io_info &input = model.inputs[i];
    TFM_RT_RETURN_IF_ERROR(checkIO("input", input));
    if (input.default_fill && std::strcmp(input.default_fill, "ones") != 0 &&
        std::strcmp(input.default_fill, "zeros") != 0)
      return fail("input '" + std::string(input.name) +
                  "' has unknown default_fill '" + input.default_fill + "'");
    for (int32_t j = 0; j < i; ++j)
      if (std::strcmp(model.inputs[j].name, input.name) == 0)
        return fail("two inputs named '" + std::string(input.name) + "'");
  }
  for (int32_t i = 0; i < model.num_outputs; ++i)
    TFM_RT_RETURN_IF_ERROR(checkIO("output", model.outputs[i]));
  // An input updated in place is the caller's f32 buffer, written by the
  // run; a position offset names the input whose tokens it offsets.
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    const tfm_io_info &input = model.inputs[i];
    const std::string what = "input '" + std::string(input.name) + "'";
    if (input.updated_in_place != 0 && input.updated_in_place != 1)
      return fail(what + " has updated_in_place " + std::to_string(input.updated_in_place) +
                  " (0 or 1)");
    if (input.updated_in_place) {
      if (input.dtype != TFM_F32)
        return fail(what + " is updated in place but has dtype " + dtypeName(input.dtype) +
                    " (only float32 inputs can be)");
      if (input.default_fill)
        return fail(what + " is updated in place but has a default (the caller's buffer "
                           "holds its state)");
      // The executables write its updated value beside the outputs.
      for (int32_t j = 0; j < model.num_outputs; ++j)
        if (std::strcmp(model.outputs[j].name, input.name) == 0)
          return fail(what + " is updated in place and an output has its name");
    }
    if (isPositionOffset(input)) {
      const int32_t other = input.offsets_input;
      if (other < 0 || other >= model.num_inputs || other == i || model.inputs[other].rank < 2)
        return fail(what + " offsets the positions of input #" + std::to_string(other) +
                    ", which is no other input of rank 2 or more (offsets_input)");
    }
  }
  for (int32_t i = 0; i < model.num_params; ++i) {
    const tfm_param_info &param = model.params[i];
    TFM_RT_RETURN_IF_ERROR(checkShape("parameter", param.name, param.rank,
                                      param.shape, /*allowDynamic=*/false));
    // A packing mark: TFM_PREPACK_LINEAR and tfmrt_linear flags, on a matrix;
    // at most one precision, per tensor only with int8.
    const int32_t knownFlags = TFMRT_ACTIVATION_MASK | TFMRT_LINEAR_WEIGHT_OUT_IN |
                               TFMRT_LINEAR_BIAS | TFMRT_LINEAR_RESIDUAL | TFMRT_LINEAR_BF16 |
                               TFMRT_LINEAR_INT8 | TFMRT_LINEAR_INT8_PER_TENSOR;
    const int32_t flags = param.prepack & ~TFM_PREPACK_LINEAR;
    const bool int8 = flags & TFMRT_LINEAR_INT8;
    const bool precisionsClash = (int8 && (flags & TFMRT_LINEAR_BF16)) ||
                                 (!int8 && (flags & TFMRT_LINEAR_INT8_PER_TENSOR));
    if (param.prepack != 0 &&
        (!(param.prepack & TFM_PREPACK_LINEAR) || (flags & ~knownFlags) || precisionsClash ||
         (flags & TFMRT_ACTIVATION_MASK) > TFMRT_ACTIVATION_LAST || param.rank != 2))
      return fail("parameter '" + std::string(param.name) + "' has invalid prepack mark " +
                  std::to_string(param.prepack) +
                  (param.rank != 2 ? " (only matrices are packed)" : ""));
  }
  // A checkpoint name (a parameter's name or alias) must pick one checkpoint
  // tensor, or binding by it would be ambiguous. Parameters of the same name
  // are views of one tensor (say, it and its transpose).
  std::unordered_map<std::string, int32_t> parameterOfName;
  for (int32_t i = 0; i < model.num_params; ++i)
    for (const std::string &name : checkpointNames(model.params[i])) {
      auto [found, inserted] = parameterOfName.emplace(name, i);
      if (!inserted && std::strcmp(model.params[found->second].name, model.params[i].name) != 0)
        return fail("'" + name + "' names both parameter '" +
                    model.params[found->second].name + "' and parameter '" +
                    model.params[i].name + "'");
    }
  if (model.num_dim_equalities < 0 || (model.num_dim_equalities && !model.dim_equalities))
    return fail("negative dimension equality count or missing table");
  if (model.precision < TFM_PRECISION_F32 || model.precision > TFM_PRECISION_INT8)
    return fail("unknown precision " + std::to_string(model.precision));
  auto isDimOfInput = [&](int64_t input, int64_t dim) {
    return input >= 0 && input < model.num_inputs && dim >= 0 &&
           dim < model.inputs[input].rank;
  };
  for (int32_t i = 0; i < model.num_dim_equalities; ++i) {
    const tfm_dim_equality &equality = model.dim_equalities[i];
    bool valid = isDimOfInput(equality.input, equality.dim) &&
                 (equality.other_input == -1
                      ? equality.size >= 1
                      : isDimOfInput(equality.other_input, equality.other_dim));
    if (!valid)
      return fail("dimension equality #" + std::to_string(i) + " (input " +
                  std::to_string(equality.input) + " dim " + std::to_string(equality.dim) +
                  ", input " + std::to_string(equality.other_input) + " dim " +
                  std::to_string(equality.other_dim) + ", size " +
                  std::to_string(equality.size) + ") names no input dimension");
  }
  // Last, on a sound description: does this CPU have the model's ISA?
  return checkCpuFeatures(model);
}

std::string validInputNames(const tfm_model &model) {
  std::string names;
  for (int32_t i = 0; i < model.num_inputs; ++i)
    names += std::string(i ? ", " : "") + model.inputs[i].name;
  return names.empty() ? "(none)" : names;
}
//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

std::vector<std::string> checkpointNames(const tfm_param_info &param) {
  std::vector<std::string> names = {param.name};
  for (const char *const *alias = param.aliases; alias && *alias; ++alias)
    names.emplace_back(*alias);
  return names;
}

/// Binds every parameter. A `transposed` parameter is the transpose of the
/// checkpoint's 2-D tensor; it is made once here, into `transposedCopies`,
/// so the model never transposes weights per call.
Status loadWeights(const tfm_model &model, const std::string &path,
                   std::unique_ptr<SafeTensorsFile> &file,
                   std::vector<const float *> &params,
                   std::vector<std::vector<float>> &transposedCopies, PackedWeights &packed) {
  TFM_RT_RETURN_IF_ERROR(checkRegularFile(path));
  TFM_RT_RETURN_IF_ERROR(SafeTensorsFile::open(path, file));
  params.assign(static_cast<size_t>(model.num_params), nullptr);
  for (int32_t i = 0; i < model.num_params; ++i) {
    const tfm_param_info &param = model.params[i];
    std::vector<int64_t> shape(param.shape, param.shape + param.rank);
    const std::vector<std::string> names = checkpointNames(param);
    if (!param.transposed) {
      TFM_RT_RETURN_IF_ERROR(file->getF32OneOf(names, shape, params[i]));
      if (param.rank == 2)
        packed.prepackLinear(params[i], shape[0], shape[1], param.prepack);
      continue;
    }
    if (param.rank != 2)
      return Status::error("parameter '" + std::string(param.name) +
                           "' is marked transposed but has rank " +
                           std::to_string(param.rank));
    const int64_t rows = shape[0], columns = shape[1];
    const float *stored = nullptr;
    TFM_RT_RETURN_IF_ERROR(file->getF32OneOf(names, {columns, rows}, stored));
    std::vector<float> &copy = transposedCopies.emplace_back(
        static_cast<size_t>(rows * columns));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c)
        copy[static_cast<size_t>(r * columns + c)] =
            stored[static_cast<size_t>(c * rows + r)];
    params[i] = copy.data();
    // The model reads only the copy: let the original's pages go.
    releaseMappedPages(stored, static_cast<size_t>(rows * columns) * sizeof(float));
  }
  return Status::success();
}
/// Rank, dims >= 1, static dims and the sequence limit.
Status checkShape(const BoundInput &input) {
  const tfm_io_info &info = *input.info;
  std::string expected = formatShape(info.shape, info.rank);
  if (static_cast<int32_t>(input.shape.size()) != info.rank)
    return Status::error(input.origin + ": expected rank " +
                         std::to_string(info.rank) + " (shape " + expected +
                         "), got shape " + formatShape(input.shape));
  for (int32_t d = 0; d < info.rank; ++d) {
    if (input.shape[d] < 1)
      return Status::error(input.origin + ": shape " +
                           formatShape(input.shape) +
                           " is empty; every dimension must be at least 1");
    if (info.shape[d] >= 0 && input.shape[d] != info.shape[d])
      return Status::error(input.origin + ": expected shape " + expected +
                           ", got " + formatShape(input.shape) +
                           " (dimension " + std::to_string(d) + " must be " +
                           std::to_string(info.shape[d]) + ")");
  }
  if (info.max_sequence > 0 && info.rank >= 2 &&
      input.shape[1] > info.max_sequence)
    return Status::error(input.origin + ": sequence length " +
                         std::to_string(input.shape[1]) +
                         " exceeds the model's " +
                         std::to_string(info.max_sequence) + " positions");
  return Status::success();
}

/// Ids within [0, id_limit) and attention masks of 0/1: the compiled code
/// indexes tables with ids without checking them.
Status checkValues(const BoundInput &input) {
  const tfm_io_info &info = *input.info;
  int64_t count = input.numElements();
  bool isInteger = info.dtype == TFM_I64 || info.dtype == TFM_I32;
  if (isInteger && info.id_limit > 0) {
    const char *range = std::strcmp(info.name, "input_ids") == 0
                            ? "the vocabulary"
                            : "the valid range";
    for (int64_t i = 0; i < count; ++i) {
      int64_t value = input.intAt(i);
      if (value < 0 || value >= info.id_limit)
        return Status::error(input.origin + ": " + info.name +
                             formatIndex(i, input.shape) + " = " +
                             std::to_string(value) + " is out of " + range +
                             " [0, " + std::to_string(info.id_limit) + ")");
    }
  }
  if (std::strcmp(info.name, "attention_mask") == 0) {
    for (int64_t i = 0; i < count; ++i) {
      bool valid;
      std::string text;
      if (info.dtype == TFM_F32) {
        float value = input.floatAt(i);
        valid = value == 0.0f || value == 1.0f;
        text = formatFloat(value);
      } else {
        int64_t value = input.intAt(i);
        valid = value == 0 || value == 1;
        text = std::to_string(value);
      }
      if (!valid)
        return Status::error(input.origin + ": " + info.name +
                             formatIndex(i, input.shape) + " = " + text +
                             " must be 0 or 1");
    }
  }
  return Status::success();
}
/// An optional input that was not given, filled per its default_fill with the
/// shape of `shapeSource`.
Status createDefaultInput(const tfm_io_info &info,
                          const BoundInput &shapeSource, BoundInput &input,
                          const std::string &howToPass) {
  input.info = &info;
  input.origin = "input '" + std::string(info.name) + "' (default " +
                 info.default_fill + ", shaped like '" +
                 shapeSource.info->name + "')";
  if (info.rank != shapeSource.info->rank)
    return Status::error(
        "cannot create the missing optional input '" + std::string(info.name) +
        "' (rank " + std::to_string(info.rank) + ") with the shape of '" +
        shapeSource.info->name + "' " + formatShape(shapeSource.shape) +
        "; " + howToPass);
  input.shape = shapeSource.shape;
  TFM_RT_RETURN_IF_ERROR(checkShape(input));

  bool ones = std::strcmp(info.default_fill, "ones") == 0;
  size_t count = static_cast<size_t>(input.numElements());
  input.storage.assign(count * dtypeSize(info.dtype), 0);
  if (!ones)
    return Status::success();
  for (size_t i = 0; i < count; ++i) {
    switch (info.dtype) {
    case TFM_F32:
      reinterpret_cast<float *>(input.storage.data())[i] = 1.0f;
      break;
    case TFM_I64:
      reinterpret_cast<int64_t *>(input.storage.data())[i] = 1;
      break;
    case TFM_I32:
      reinterpret_cast<int32_t *>(input.storage.data())[i] = 1;
      break;
    case TFM_BOOL:
      input.storage[i] = 1;
      break;
    }
  }
  return Status::success();
}

Status checkPositionOffsets(const tfm_model &model, const std::vector<BoundInput> &inputs) {
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    const tfm_io_info &info = model.inputs[i];
    if (!isPositionOffset(info))
      continue;
    const BoundInput &input = inputs[static_cast<size_t>(i)];
    const BoundInput &tokens = inputs[static_cast<size_t>(info.offsets_input)];
    const int64_t value = input.intAt(0), count = tokens.shape[1];
    const std::string what = input.origin + ": " + info.name + " = " + std::to_string(value);
    if (value < 0)
      return Status::error(what + " is negative; it must be at least 0");
    if (value > info.max_sequence - count)
      return Status::error(what + " + " + std::to_string(count) + " new tokens (dimension 1 of " +
                           tokens.origin + ") exceeds the model's " +
                           std::to_string(info.max_sequence) + " positions");
    // The model writes the new tokens' rows into its KV cache and reads the
    // rows before them through views sized by the position, which nothing
    // in generated code bounds: a cache too short must be refused here.
    for (int32_t j = 0; j < model.num_inputs; ++j) {
      if (!isKvCache(model.inputs[j]))
        continue;
      const BoundInput &cache = inputs[static_cast<size_t>(j)];
      const int64_t rows = cache.shape[3];
      if (value > rows - count)
        return Status::error(what + " + " + std::to_string(count) + " new tokens exceeds the " +
                             std::to_string(rows) + " rows of " + cache.origin +
                             " (its dimension 3)");
    }
  }
  return Status::success();
}

Status checkEqualDims(const tfm_model &model, const std::vector<BoundInput> &inputs) {
  for (int32_t i = 0; i < model.num_dim_equalities; ++i) {
    const tfm_dim_equality &equality = model.dim_equalities[i];
    const BoundInput &input = inputs[static_cast<size_t>(equality.input)];
    int64_t size = input.shape[static_cast<size_t>(equality.dim)];
    std::string what = input.origin + " dim " + std::to_string(equality.dim) + " is " +
                       std::to_string(size);
    if (equality.other_input == -1) {
      if (size != equality.size)
        return Status::error(what + " but the model requires " +
                             std::to_string(equality.size));
      continue;
    }
    const BoundInput &other = inputs[static_cast<size_t>(equality.other_input)];
    int64_t otherSize = other.shape[static_cast<size_t>(equality.other_dim)];
    if (size != otherSize)
      return Status::error(what + " but " + other.origin + " dim " +
                           std::to_string(equality.other_dim) + " is " +
                           std::to_string(otherSize) + "; the model requires them equal");
  }
  return Status::success();
}

/// The model's outputs are about to be written byte for byte: make sure they
/// match what it declared.
Status checkOutputs(const tfm_model &model, const RunOutputs &outputs) {
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    const tfm_io_info &info = model.outputs[i];
    const tfm_tensor &tensor = outputs[i];
    std::string what =
        "the model returned output '" + std::string(info.name) + "' ";
    if (tensor.dtype != info.dtype)
      return Status::error(what + "of dtype " + dtypeName(tensor.dtype) +
                           " but declares " + dtypeName(info.dtype));
    if (tensor.rank != info.rank)
      return Status::error(what + "of rank " + std::to_string(tensor.rank) +
                           " but declares shape " +
                           formatShape(info.shape, info.rank));
    int64_t count = 1;
    for (int32_t d = 0; d < info.rank; ++d) {
      bool staticMismatch =
          info.shape[d] >= 0 && tensor.shape[d] != info.shape[d];
      if (tensor.shape[d] < 0 || staticMismatch)
        return Status::error(
            what + "of shape " + formatShape(tensor.shape, tensor.rank) +
            " but declares " + formatShape(info.shape, info.rank));
      if (tensor.shape[d] != 0 &&
          count > std::numeric_limits<int64_t>::max() / tensor.shape[d])
        return Status::error(what + "of impossible shape " +
                             formatShape(tensor.shape, tensor.rank));
      count *= tensor.shape[d];
    }
    if (count > 0 && !tensor.data)
      return Status::error(what + "without data");
  }
  return Status::success();
}

int maxThreadCount() {
  constexpr long kThreadsPerCpu = 4, kMinimum = 64;
  long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  long limit = std::max(kMinimum, online > 0 ? online * kThreadsPerCpu : 0);
  return static_cast<int>(std::min<long>(limit, std::numeric_limits<int>::max()));
}

/// One call of the model's entry; `milliseconds` is its wall time.
Status runModel(const tfm_model &model, const std::vector<tfm_tensor> &inputs,
                const std::vector<const float *> &params, RunResources &resources,
                RunOutputs &outputs, double &milliseconds) {
  outputs.release();
  tfmrt_run_context context(resources.threads, resources.packedWeights.get(), resources.dnnl,
                            &resources.attentionScratch);
  auto start = std::chrono::steady_clock::now();
  Status called = callModelEntry(model, context, inputs.data(), params.data(), outputs.data());
  auto end = std::chrono::steady_clock::now();
  milliseconds = std::chrono::duration<double, std::milli>(end - start).count();
  // Running out of memory ends the run at once: any kernel error recorded
  // before it is not the cause.
  if (!called.ok() && context.buffers.ranOutOfMemory())
    return called;
  // Kernels cannot return errors through generated code; they record them.
  std::string kernelError = context.errors.take();
  if (!kernelError.empty())
    return Status::error("a runtime kernel failed: " + kernelError);
  TFM_RT_RETURN_IF_ERROR(called);
  return checkOutputs(model, outputs);
}
} // namespace tfm::rt
