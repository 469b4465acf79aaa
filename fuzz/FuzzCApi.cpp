//===- FuzzCApi.cpp - fuzz call sequences on the C API (tfm/tfm.h) --------===//
//
// The input is read as a sequence of C API calls on a small hand-described
// model (test/Runtime/FakeModel.h adapts its computation to a compiled
// model's entry): weight bindings by name or file, thread counts, runs with
// any dtype, rank, shape, data and output buffers, lookups by name. Each
// call must succeed or return an error status with a message; buffers are
// exactly the size the caller claims, so ASan catches any access beyond.
//
// Thread counts are mostly small, sometimes any int (the C API refuses
// counts past tfm_max_threads()); dtypes are mostly the enum's values,
// sometimes any int, written as the raw integer a C caller could pass.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "tfm/tfm.h"

#include "FakeModel.h"

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <vector>

using tfm::fuzz::ByteReader;
using tfm::rt::test_fakes::fakeEntry;

namespace {

/// y[b, t] = w[ids[b, t] % 3] * mask[b, t] + m[0, 1]; count = [b * t].
int fakeRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *params,
            tfm_tensor *outputs) {
  const tfm_tensor &ids = inputs[0];
  const tfm_tensor &mask = inputs[1];
  if (ids.dtype != TFM_I64 || mask.dtype != TFM_I64 || ids.rank != 2 || mask.rank != 2 ||
      mask.shape[0] != ids.shape[0] || mask.shape[1] != ids.shape[1])
    std::abort(); // The runtime promised validated inputs.
  int64_t count = ids.shape[0] * ids.shape[1];
  auto *y = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, count * sizeof(float)));
  auto *total = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, sizeof(float)));
  if (!y || !total)
    return 1;
  const auto *idData = static_cast<const int64_t *>(ids.data);
  const auto *maskData = static_cast<const int64_t *>(mask.data);
  for (int64_t i = 0; i < count; ++i) {
    if (idData[i] < 0 || idData[i] >= 10 || (maskData[i] != 0 && maskData[i] != 1))
      std::abort(); // Ids and masks are checked before the run.
    y[i] = params[0][idData[i] % 3] * static_cast<float>(maskData[i]) + params[1][1];
  }
  outputs[0] = tfm_tensor{y, TFM_F32, 2, {ids.shape[0], ids.shape[1]}};
  total[0] = static_cast<float>(count);
  outputs[1] = tfm_tensor{total, TFM_F32, 1, {1}};
  return 0;
}

const tfm_io_info kInputs[] = {
    {"input_ids", TFM_I64, 2, {-1, -1}, nullptr, 10, 8},
    {"attention_mask", TFM_I64, 2, {-1, -1}, "ones", 0, 0},
};
/// The mask has the ids' shape, as a compiled model's description would say.
const tfm_dim_equality kMaskLikeIds[] = {{1, 0, 0, 0, 0}, {1, 1, 0, 1, 0}};
const tfm_io_info kOutputs[] = {
    {"y", TFM_F32, 2, {-1, -1}, nullptr, 0, 0},
    {"count", TFM_F32, 1, {1}, nullptr, 0, 0},
};
const char *const kWAliases[] = {"transformer.w", nullptr};
const char *const kDenseAliases[] = {"bert.encoder.dense.weight", nullptr};
const tfm_param_info kParams[] = {{"w", 1, {3}, 0, 0, kWAliases},
                                  {"encoder.dense.weight", 2, {2, 3}, 1, 0, kDenseAliases}};
const tfm_model kModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 2, kOutputs,
                          2, kParams, fakeEntry<&kModel, fakeRun>, nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};

const char *const kNames[] = {"w", "transformer.w", "encoder.dense.weight",
                              "bert.encoder.dense.weight", "input_ids", "attention_mask",
                              "y", "count"};

/// Consumes a status; an error must carry a message. TFM_FUZZ_VERBOSE=1
/// prints each call's outcome, to see what an input reaches.
void check(tfm_status status) {
  static const bool verbose = std::getenv("TFM_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fprintf(stderr, "%s\n", status ? tfm_status_message(status) : "ok");
  if (status && tfm_status_message(status)[0] == '\0')
    std::abort();
  tfm_status_free(status);
}

std::string readName(ByteReader &in) {
  int64_t pick = in.readInRange(0, 9);
  if (pick < 8)
    return kNames[pick];
  return in.readString(24);
}

/// A shape of mostly small dimensions, sometimes negative, zero or huge.
int64_t readDim(ByteReader &in) {
  int64_t pick = in.readInRange(0, 15);
  if (pick < 12)
    return pick - 2; // -2 .. 9
  return in.read<int64_t>();
}

/// Product of `shape[0, rank)` if every dim is >= 0 and it stays at most
/// `limit`; -1 otherwise.
int64_t boundedCount(const int64_t *shape, int rank, int64_t limit) {
  if (rank < 0 || rank > TFM_MAX_RANK)
    return -1;
  int64_t count = 1;
  for (int i = 0; i < rank; ++i) {
    if (shape[i] < 0 || (shape[i] && count > limit / shape[i]))
      return -1;
    count *= shape[i];
  }
  return count;
}

size_t elementSize(int32_t dtype) {
  return dtype == TFM_I64 ? 8 : dtype == TFM_BOOL ? 1 : 4;
}

/// Caller-owned memory that outlives the context (bound weights are used in
/// place), each block exactly the size the call is told.
struct Buffers {
  std::deque<std::vector<uint8_t>> blocks;
  void *make(size_t bytes) {
    blocks.emplace_back(bytes);
    return bytes ? blocks.back().data() : nullptr;
  }
};

/// Fills `tensors[0, count)` from the input: dtype, rank, shape and, when
/// the shape is small, data of exactly that size (else NULL).
void readTensors(ByteReader &in, Buffers &buffers, std::vector<tfm_tensor> &tensors,
                 bool fillData) {
  for (tfm_tensor &tensor : tensors) {
    tensor = tfm_tensor();
    // Through memcpy: an int outside the enum's values may not be cast to it
    // in C++, but a C caller can store one.
    static_assert(sizeof(tfm_dtype) == sizeof(int32_t), "tfm_dtype is an int");
    int32_t dtype = in.readInRange(0, 7) < 7 ? static_cast<int32_t>(in.readInRange(0, 3))
                                             : in.read<int32_t>();
    std::memcpy(&tensor.dtype, &dtype, sizeof(dtype));
    tensor.rank = static_cast<int32_t>(in.readInRange(-1, TFM_MAX_RANK + 1));
    int rank = tensor.rank < 0 ? 0 : tensor.rank > TFM_MAX_RANK ? TFM_MAX_RANK : tensor.rank;
    for (int d = 0; d < rank; ++d)
      tensor.shape[d] = readDim(in);
    int64_t count = boundedCount(tensor.shape, tensor.rank, 4096);
    if (count < 0 || in.readInRange(0, 7) == 0)
      continue; // data stays NULL
    size_t bytes = static_cast<size_t>(count) * elementSize(dtype);
    tensor.data = buffers.make(bytes);
    if (fillData && tensor.data) {
      // Mostly valid ids and mask values, so runs get past validation.
      if (in.readInRange(0, 3) != 0 && dtype == TFM_I64) {
        auto *values = static_cast<int64_t *>(tensor.data);
        for (int64_t i = 0; i < count; ++i)
          values[i] = in.readInRange(0, 1);
      } else {
        in.readBytes(tensor.data, bytes);
      }
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ByteReader in(data, size);
  tfm_model_handle *model = nullptr;
  check(tfm_model_from_linked(&kModel, &model));
  if (!model)
    std::abort();
  Buffers buffers;
  tfm_context *context = nullptr;
  check(tfm_context_create(model, &context));
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    switch (in.readInRange(0, 9)) {
    case 0: { // Bind one weight from a caller buffer.
      std::string name = readName(in);
      int rank = static_cast<int>(in.readInRange(-1, TFM_MAX_RANK + 1));
      int64_t shape[TFM_MAX_RANK + 2] = {};
      for (int d = 0; d < TFM_MAX_RANK + 2; ++d)
        shape[d] = d < rank ? readDim(in) : 0;
      int64_t count = boundedCount(shape, rank, 4096);
      float *values = nullptr;
      if (count >= 0) {
        values = static_cast<float *>(buffers.make(static_cast<size_t>(count) * sizeof(float)));
        in.readBytes(values, static_cast<size_t>(count) * sizeof(float));
      } else if (in.readInRange(0, 1)) {
        continue; // A caller with no buffer of that size would not make the call.
      }
      check(tfm_context_bind_weight(context, name.c_str(), values, shape, rank));
      break;
    }
    case 1: { // Bind a weights file made of the next bytes.
      std::string bytes = in.readString(512);
      std::string path = tfm::fuzz::writeScratchFile(
          reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), "-capi.safetensors");
      check(tfm_context_bind_weights_file(context, path.c_str()));
      break;
    }
    case 2:
      check(tfm_context_set_threads(context, in.readInRange(0, 7) < 7
                                                 ? static_cast<int>(in.readInRange(-2, 4))
                                                 : in.read<int32_t>()));
      break;
    case 3:
    case 4: { // Run into caller buffers.
      std::vector<tfm_tensor> inputs(static_cast<size_t>(in.readInRange(0, 3)));
      readTensors(in, buffers, inputs, /*fillData=*/true);
      std::vector<tfm_tensor> outputs(static_cast<size_t>(in.readInRange(0, 3)));
      readTensors(in, buffers, outputs, /*fillData=*/false);
      int numInputs = in.readInRange(0, 7) == 0 ? -1 : static_cast<int>(inputs.size());
      check(tfm_context_run(context, inputs.data(), numInputs, outputs.data(),
                            static_cast<int>(outputs.size())));
      break;
    }
    case 5: { // Run into the model's buffers.
      std::vector<tfm_tensor> inputs(static_cast<size_t>(in.readInRange(0, 3)));
      readTensors(in, buffers, inputs, /*fillData=*/true);
      std::vector<tfm_tensor> outputs(static_cast<size_t>(in.readInRange(0, 3)));
      tfm_status status = tfm_context_run_alloc(context, inputs.data(),
                                                static_cast<int>(inputs.size()), outputs.data(),
                                                static_cast<int>(outputs.size()));
      for (tfm_tensor &output : outputs) {
        if (status && output.data)
          std::abort(); // On error every output is left empty.
        int64_t count = boundedCount(output.shape, output.rank, INT64_MAX);
        if (!status && output.data && count > 0)
          static_cast<volatile float *>(output.data)[count - 1];
        tfm_buffer_free(output.data);
      }
      check(status);
      break;
    }
    case 6: { // Validate inputs alone, with or without their sources.
      std::vector<tfm_tensor> inputs(static_cast<size_t>(in.readInRange(0, 3)));
      readTensors(in, buffers, inputs, /*fillData=*/true);
      std::vector<std::string> names(inputs.size());
      std::vector<const char *> sources(inputs.size());
      for (size_t i = 0; i < inputs.size(); ++i) {
        names[i] = in.readString(16);
        sources[i] = in.readInRange(0, 1) ? names[i].c_str() : nullptr;
      }
      check(tfm_model_check_inputs(model, inputs.data(), static_cast<int>(inputs.size()),
                                   in.readInRange(0, 1) ? sources.data() : nullptr));
      break;
    }
    case 7: { // Lookups by name and index.
      std::string name = readName(in);
      int index = -1;
      check(tfm_model_find_input(model, name.c_str(), &index));
      check(tfm_model_find_output(model, name.c_str(), &index));
      int pick = static_cast<int>(in.readInRange(-2, 3));
      (void)tfm_model_input(model, pick);
      (void)tfm_model_output(model, pick);
      (void)tfm_model_weight(model, pick);
      break;
    }
    case 8: {
      (void)tfm_context_missing_weights(context);
      (void)tfm_context_kernels(context);
      tfm_context_stats stats;
      check(tfm_context_get_stats(context, &stats));
      break;
    }
    case 9: // Start over with a new context.
      tfm_context_destroy(context);
      context = nullptr;
      check(tfm_context_create(model, &context));
      break;
    }
  }
  tfm_context_destroy(context);
  tfm_model_close(model);
  return 0;
}
