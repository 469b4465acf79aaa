//===- ModelRunner.h - How the C API checks and runs models -----*- C++ -*-===//
//
// Internal to libtfmrt: the C API's (Api.cpp) validation of a model
// description, weight binding, input checks and runs. The executables'
// driver (libtfmtools) reaches them through the C API only.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_MODELRUNNER_H
#define TFM_LIB_RUNTIME_MODELRUNNER_H

#include "PackedWeights.h"
#include "RunContext.h"
#include "Support.h"
#include "tfm/Runtime/ModelAbi.h"
#include "tfm/Runtime/SafeTensors.h"
#include "tfm/Runtime/Status.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tfm::rt {

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

/// "[0, 3]": the numpy index of element `flatIndex` of a C-order array; ""
/// for a rank-0 array.
std::string formatIndex(int64_t flatIndex, const std::vector<int64_t> &shape);
const char *dtypeName(tfm_dtype dtype);
size_t dtypeSize(tfm_dtype dtype);

/// A dtype field as the integer stored in it. C callers and hand-written
/// descriptions may store any int there, and loading a value outside the
/// enumerators as a tfm_dtype is undefined behaviour in C++: such fields are
/// read as integers until isKnownDType accepts them.
inline int32_t rawDType(const tfm_dtype &field) {
  static_assert(sizeof(tfm_dtype) == sizeof(int32_t), "tfm_dtype is stored as an int");
  int32_t raw;
  std::memcpy(&raw, &field, sizeof(raw));
  return raw;
}
bool isKnownDType(int32_t rawDType);

//===----------------------------------------------------------------------===//
// Model description and weights
//===----------------------------------------------------------------------===//

/// Checks what the runtime relies on in a (possibly hand-written) model
/// description, including its ABI version, and that this CPU has the x86
/// features the model was compiled for (CpuCheck.h).
Status validateModel(const tfm_model &model);
/// "input_ids, attention_mask" or "(none)".
std::string validInputNames(const tfm_model &model);

/// Whether `input` offsets the positions of another input's tokens (a KV
/// cache's position: a rank-0 integer input with max_sequence > 0); its
/// offsets_input is then that input's index, which validateModel checks.
inline bool isPositionOffset(const tfm_io_info &input) {
  return input.rank == 0 && (input.dtype == TFM_I64 || input.dtype == TFM_I32) &&
         input.max_sequence > 0;
}

/// Whether `input` is a KV cache as tfm-import --kv-cache lays it out: an
/// input updated in place of rank 5, [L, 2, B, M, D], M rows per layer.
inline bool isKvCache(const tfm_io_info &input) {
  return input.updated_in_place == 1 && input.rank == 5;
}

/// The names a checkpoint may give `param`: its name, then its aliases.
std::vector<std::string> checkpointNames(const tfm_param_info &param);

/// Binds every parameter from the safetensors file at `path`, each under the
/// one of its checkpoint names the file has (a file with several is
/// ambiguous, an error). A `transposed`
/// parameter is the transpose of the checkpoint's 2-D tensor; it is made once
/// here, into `transposedCopies`. Weights marked for packing are packed into
/// `packed`, which must hold no copies of other weights at these addresses.
Status loadWeights(const tfm_model &model, const std::string &path,
                   std::unique_ptr<SafeTensorsFile> &file,
                   std::vector<const float *> &params,
                   std::vector<std::vector<float>> &transposedCopies, PackedWeights &packed);

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// An input as passed to the model: data in the model's dtype, either owned
/// (`storage`) or borrowed from the caller (`external`).
struct BoundInput {
  const tfm_io_info *info = nullptr;
  std::vector<int64_t> shape;
  std::vector<uint8_t> storage;
  /// The caller's buffer, used instead of `storage` when set.
  const uint8_t *external = nullptr;
  /// Where it came from, for messages: "input 'x' (x.npy)".
  std::string origin;

  const uint8_t *bytes() const {
    return external ? external : storage.data();
  }
  int64_t numElements() const { return rt::numElements(shape); }
  int64_t intAt(int64_t i) const {
    switch (info->dtype) {
    case TFM_I64:
      return reinterpret_cast<const int64_t *>(bytes())[i];
    case TFM_I32:
      return reinterpret_cast<const int32_t *>(bytes())[i];
    case TFM_BOOL:
      return bytes()[static_cast<size_t>(i)];
    case TFM_F32:
      break;
    }
    return 0;
  }
  float floatAt(int64_t i) const {
    return reinterpret_cast<const float *>(bytes())[i];
  }
};

/// Rank, dims >= 1, static dims and the sequence limit.
Status checkShape(const BoundInput &input);
/// Ids within [0, id_limit) and attention masks of 0/1.
Status checkValues(const BoundInput &input);
/// An optional input that was not given, filled per its default_fill with the
/// shape of `shapeSource`. `howToPass` ends the message when the ranks differ
/// ("pass it with --input NAME=FILE.npy").
Status createDefaultInput(const tfm_io_info &info,
                          const BoundInput &shapeSource, BoundInput &input,
                          const std::string &howToPass);
/// For each position offset (isPositionOffset): its value is >= 0 and, plus
/// dimension 1 of the input it offsets (the new tokens), at most its
/// max_sequence and at most the rows M of every KV cache (isKvCache). Over
/// all of `inputs` (in model order, defaults filled).
Status checkPositionOffsets(const tfm_model &model, const std::vector<BoundInput> &inputs);
/// The equalities of dynamic dimensions the model's code relies on
/// (tfm_model.dim_equalities), over all of `inputs` (in model order, the
/// omitted optional ones filled).
Status checkEqualDims(const tfm_model &model, const std::vector<BoundInput> &inputs);

//===----------------------------------------------------------------------===//
// Running and outputs
//===----------------------------------------------------------------------===//

/// The output tensors of one run; returns the model's buffers to the pool.
class RunOutputs {
public:
  explicit RunOutputs(size_t count) : tensors_(count, tfm_tensor()) {}
  ~RunOutputs() { release(); }
  RunOutputs(const RunOutputs &) = delete;
  RunOutputs &operator=(const RunOutputs &) = delete;

  void release() {
    for (tfm_tensor &tensor : tensors_) {
      tfmrt_release(tensor.data);
      tensor = tfm_tensor();
    }
  }
  tfm_tensor *data() { return tensors_.data(); }
  /// Hands tensor `i` over: its buffer is the taker's to release.
  tfm_tensor take(size_t i) { return std::exchange(tensors_[i], tfm_tensor()); }
  const tfm_tensor &operator[](size_t i) const { return tensors_[i]; }

private:
  std::vector<tfm_tensor> tensors_;
};

/// Checks the model's outputs against what it declared.
Status checkOutputs(const tfm_model &model, const RunOutputs &outputs);

/// The largest thread count of a run (tfm_max_threads): past it, thread
/// creation may exhaust the process's resources, and libomp aborts then.
int maxThreadCount();

/// What a binding of weights (a C API context, the executable's driver)
/// keeps from run to run and lends to the context of each run.
struct RunResources {
  /// The OpenMP thread count of the runs (>= 1).
  int threads = 1;
  /// The bound weights' packed copies; the binding replaces the store when
  /// it binds a new checkpoint.
  std::unique_ptr<PackedWeights> packedWeights = std::make_unique<PackedWeights>();
  DnnlState dnnl;
  AttentionScratch attentionScratch;
};

/// One call of the model's entry with `params`, in a run context made from
/// `resources` (whose packed weights it adds to when a kernel needs another
/// layout), on `resources.threads` OpenMP threads; `milliseconds` is its
/// wall time. A kernel's error fails the run.
Status runModel(const tfm_model &model, const std::vector<tfm_tensor> &inputs,
                const std::vector<const float *> &params, RunResources &resources,
                RunOutputs &outputs, double &milliseconds);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_MODELRUNNER_H
