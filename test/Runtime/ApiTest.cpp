//===- ApiTest.cpp - Tests for the embedding C API (tfm/tfm.h) ------------===//
//
// The C API against a hand-written fake model: every bad call must return an
// error status with a useful message (never crash), validation must match the
// driver's, outputs go to caller buffers, and the thread count belongs to the
// context. The real compiled BERT is exercised through the API by the
// tfm-install-example test.
//
//===----------------------------------------------------------------------===//

#include "tfm/tfm.h"
#include "tfm/Runtime/Kernels.h"
#include "tfm/tfm.hpp"

#include <gtest/gtest.h>

#include "FakeModel.h"
#include "KernelTestSupport.h"
#include "TestFiles.h"

#include "../../lib/Runtime/PackedWeights.h"
#include "../../lib/Runtime/ModelRunner.h"
#include "../../lib/Runtime/Support.h"

#include <omp.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#include <omp.h>

namespace {

using namespace tfm::rt::test_files;
using tfm::rt::test_fakes::fakeEntry;

//===----------------------------------------------------------------------===//
// The fake model:
//   y[b, t] = w[ids[b, t] % 3] * mask[b, t] + m[0, 1]     (m as the model sees it)
//   threads = [the OpenMP thread count the run was given]
//===----------------------------------------------------------------------===//

int fakeRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *params,
            tfm_tensor *outputs) {
  const tfm_tensor &ids = inputs[0];
  const tfm_tensor &mask = inputs[1];
  if (ids.dtype != TFM_I64 || mask.dtype != TFM_I64 || ids.rank != 2 ||
      mask.shape[0] != ids.shape[0] || mask.shape[1] != ids.shape[1])
    return 7; // The runtime promised validated inputs.
  int64_t count = ids.shape[0] * ids.shape[1];
  auto *y = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, count * sizeof(float)));
  auto *threads = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, sizeof(float)));
  if (!y || !threads)
    return 1;
  const auto *idData = static_cast<const int64_t *>(ids.data);
  const auto *maskData = static_cast<const int64_t *>(mask.data);
  for (int64_t i = 0; i < count; ++i)
    y[i] = params[0][idData[i] % 3] * static_cast<float>(maskData[i]) +
           params[1][1];
  outputs[0] = tfm_tensor{y, TFM_F32, 2, {ids.shape[0], ids.shape[1]}};
  threads[0] = static_cast<float>(omp_get_max_threads());
  outputs[1] = tfm_tensor{threads, TFM_F32, 1, {1}};
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
    {"threads", TFM_F32, 1, {1}, nullptr, 0, 0},
};
/// "encoder.dense.weight" is [out, in] = [3, 2] in the checkpoint; the model
/// wants its transpose [2, 3]. Both may be named as in a task model's
/// checkpoint, as the importer's naming policy would say.
const char *const kWAliases[] = {"transformer.w", nullptr};
const char *const kDenseAliases[] = {"bert.encoder.dense.weight", nullptr};
const tfm_param_info kParams[] = {{"w", 1, {3}, 0, 0, kWAliases},
                                  {"encoder.dense.weight", 2, {2, 3}, 1, 0, kDenseAliases}};
const tfm_model kModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 2, kOutputs,
                          2, kParams, fakeEntry<&kModel, fakeRun>, nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};

/// The fake model, calling a kernel from an OpenMP worker as a compiled
/// model's parallel loops may: a softmax over a [2, 4] matrix, or, when the
/// first id is 9, into a result of the wrong rank, which the kernel reports.
int kernelCallingRun(tfmrt_run_context *context, const tfm_tensor *inputs,
                     const float *const *params, tfm_tensor *outputs) {
  struct {
    float *allocated, *aligned;
    int64_t offset, sizes[2], strides[2];
  } matrix;
  struct {
    float *allocated, *aligned;
    int64_t offset, sizes[1], strides[1];
  } vector;
  float x[8] = {}, y[8];
  matrix = {x, x, 0, {2, 4}, {4, 1}};
  vector = {y, y, 0, {8}, {1}};
  tfmrt_unranked_memref input{2, &matrix}, result{2, &matrix};
  if (static_cast<const int64_t *>(inputs[0].data)[0] == 9)
    result = {1, &vector};
#pragma omp parallel num_threads(2)
  if (omp_get_thread_num() == omp_get_num_threads() - 1)
    _mlir_ciface_tfmrt_softmax(context, &input, &result);
  return fakeRun(context, inputs, params, outputs);
}
const tfm_model kKernelCallingModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 2, kOutputs,
                                       2, kParams, fakeEntry<&kKernelCallingModel, kernelCallingRun>,
                                       nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};

/// The fake model's computation as generated code does it, allocating
/// through the run context: y and threads as fakeRun, and between them a
/// scratch buffer of (B * T)^4 floats, freed again (an intermediate). A
/// [2, 4] batch needs 16 KiB; a [512, 8] batch 1 PiB, more than any
/// machine's memory and swap, so tfmrt_alloc fails as deterministically as
/// when memory runs out. Like generated code it holds no C++ object with a
/// destructor, so that tfmrt_alloc can end the run from inside it.
void outOfMemoryEntry(void *results, tfmrt_run_context *context, void *const *arguments) {
  const auto *ids = static_cast<const int64_t *>(arguments[0]);
  const auto *mask = static_cast<const int64_t *>(arguments[1]);
  const auto *w = static_cast<const int64_t *>(arguments[2]);
  const auto *m = static_cast<const int64_t *>(arguments[3]);
  const int64_t *idData = reinterpret_cast<const int64_t *>(ids[1]);
  const int64_t *maskData = reinterpret_cast<const int64_t *>(mask[1]);
  const float *wData = reinterpret_cast<const float *>(w[1]);
  const float *mData = reinterpret_cast<const float *>(m[1]);
  int64_t rows = ids[3], columns = ids[4], count = rows * columns;
  auto *y = static_cast<float *>(tfmrt_alloc(context, 64, count * sizeof(float)));
  auto *threads = static_cast<float *>(tfmrt_alloc(context, 64, sizeof(float)));
  uint64_t scratchCount = static_cast<uint64_t>(count * count) * (count * count);
  auto *scratch = static_cast<float *>(tfmrt_alloc(context, 64, scratchCount * sizeof(float)));
  for (int64_t i = 0; i < count; ++i) {
    scratch[i] = wData[idData[i] % 3] * static_cast<float>(maskData[i]);
    y[i] = scratch[i] + mData[1];
  }
  tfmrt_free(context, scratch);
  threads[0] = static_cast<float>(omp_get_max_threads());
  int64_t *words = static_cast<int64_t *>(results);
  int64_t yWords[7] = {reinterpret_cast<int64_t>(y), reinterpret_cast<int64_t>(y), 0, rows,
                       columns, columns, 1};
  int64_t threadWords[5] = {reinterpret_cast<int64_t>(threads),
                            reinterpret_cast<int64_t>(threads), 0, 1, 1};
  std::memcpy(words, yWords, sizeof(yWords));
  std::memcpy(words + 7, threadWords, sizeof(threadWords));
}
const tfm_model kOutOfMemoryModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 2, kOutputs,
                                     2, kParams, outOfMemoryEntry, nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};

/// The fake model allocating from an OpenMP worker, where tfmrt_alloc
/// cannot end the run (tfmrt-allocate-in-run-context never compiles such
/// code): it returns null, which this model checks.
void workerAllocatingEntry(void *results, tfmrt_run_context *context, void *const *) {
  void *block = nullptr;
#pragma omp parallel num_threads(2)
  if (omp_get_thread_num() == 1)
    block = tfmrt_alloc(context, 64, uint64_t(1) << 62);
  int64_t *words = static_cast<int64_t *>(results);
  std::memset(words, 0, 12 * sizeof(int64_t));
  if (block)
    words[0] = words[1] = reinterpret_cast<int64_t>(block);
}
const tfm_model kWorkerAllocatingModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 2, kOutputs,
                                          2, kParams, workerAllocatingEntry, nullptr, nullptr, 2,
                                          kMaskLikeIds, TFM_PRECISION_F32};

const float kW[] = {0.5f, 1.5f, 2.5f};
/// Checkpoint layout [3, 2]: row r = {2r, 2r + 1}. The model's m[0, 1] is the
/// checkpoint's [1, 0] = 2.
const float kDense[] = {0, 1, 2, 3, 4, 5};
const int64_t kWShape[] = {3};
const int64_t kDenseShape[] = {3, 2};

/// Owns a status for the duration of a check.
struct Result {
  tfm_status status;
  explicit Result(tfm_status s) : status(s) {}
  ~Result() { tfm_status_free(status); }
  bool ok() const { return status == nullptr; }
  std::string message() const { return tfm_status_message(status); }
};

#define EXPECT_TFM_OK(call)                                                    \
  do {                                                                         \
    Result r_(call);                                                           \
    EXPECT_TRUE(r_.ok()) << r_.message();                                      \
  } while (0)
#define EXPECT_TFM_ERROR(call, substring)                                      \
  do {                                                                         \
    Result r_(call);                                                           \
    ASSERT_FALSE(r_.ok());                                                     \
    EXPECT_NE(r_.message().find(substring), std::string::npos)                 \
        << r_.message();                                                       \
  } while (0)

tfm_tensor tensorOf(const void *data, tfm_dtype dtype,
                    std::vector<int64_t> shape) {
  return tfm::tensor(data, dtype, shape);
}

class ApiTest : public ::testing::Test {
protected:
  void SetUp() override {
    Result opened(tfm_model_from_linked(&kModel, &model));
    ASSERT_TRUE(opened.ok()) << opened.message();
    Result created(tfm_context_create(model, &ctx));
    ASSERT_TRUE(created.ok()) << created.message();
  }
  void TearDown() override {
    tfm_context_destroy(ctx);
    tfm_model_close(model);
  }
  void bindAll(tfm_context *context) {
    EXPECT_TFM_OK(tfm_context_bind_weight(context, "w", kW, kWShape, 1));
    EXPECT_TFM_OK(tfm_context_bind_weight(context, "encoder.dense.weight",
                                          kDense, kDenseShape, 2));
  }
  /// Inputs for a [2, 4] batch with the given ids and mask (mask may be null
  /// to use the default).
  std::vector<tfm_tensor> inputs(const int64_t *ids, const int64_t *mask) {
    return {tensorOf(ids, TFM_I64, {2, 4}), tensorOf(mask, TFM_I64, {2, 4})};
  }
  tfm_status run(const std::vector<tfm_tensor> &in,
                 std::vector<tfm_tensor> &out) {
    return tfm_context_run(ctx, in.data(), static_cast<int>(in.size()),
                           out.data(), static_cast<int>(out.size()));
  }

  tfm_model_handle *model = nullptr;
  tfm_context *ctx = nullptr;
  const int64_t ids[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  const int64_t mask[8] = {1, 1, 0, 1, 1, 0, 1, 1};
  float y[8] = {};
  float threads[1] = {};
  std::vector<tfm_tensor> outputs() {
    return {tensorOf(y, TFM_F32, {8}), tensorOf(threads, TFM_F32, {1})};
  }
};

float expectedY(int64_t id, int64_t maskValue) {
  return kW[id % 3] * static_cast<float>(maskValue) + 2.0f;
}

//===----------------------------------------------------------------------===//
// Status and models
//===----------------------------------------------------------------------===//

TEST(ApiStatusTest, NullStatusIsSuccessWithEmptyMessage) {
  EXPECT_STREQ(tfm_status_message(nullptr), "");
  tfm_status_free(nullptr);
}

TEST(ApiModelTest, NullArgumentsAreErrors) {
  tfm_model_handle *handle = reinterpret_cast<tfm_model_handle *>(1);
  EXPECT_TFM_ERROR(tfm_model_from_linked(nullptr, &handle), "'model' is NULL");
  EXPECT_EQ(handle, nullptr);
  EXPECT_TFM_ERROR(tfm_model_from_linked(&kModel, nullptr), "'out' is NULL");
  EXPECT_TFM_ERROR(tfm_model_open(nullptr, &handle), "no library path");
  EXPECT_TFM_ERROR(tfm_model_open("x.so", nullptr), "'out' is NULL");
  tfm_model_close(nullptr);
  EXPECT_EQ(tfm_model_num_inputs(nullptr), 0);
  EXPECT_EQ(tfm_model_num_outputs(nullptr), 0);
  EXPECT_EQ(tfm_model_input(nullptr, 0), nullptr);
  EXPECT_STREQ(tfm_model_name(nullptr), "");
  EXPECT_STREQ(tfm_model_precision(nullptr), "");
  int index = 0;
  EXPECT_TFM_ERROR(tfm_model_find_input(nullptr, "x", &index), "NULL");
}

TEST(ApiModelTest, AbiMismatchIsRefused) {
  tfm_model other = kModel;
  other.abi_version = TFM_ABI_VERSION + 1;
  tfm_model_handle *handle = nullptr;
  EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle),
                   "runtime ABI version");
  EXPECT_EQ(handle, nullptr);
}

// The precision the description records, by name; a value the runtime does
// not know is refused.
TEST(ApiModelTest, PrecisionIsReported) {
  for (auto [precision, name] : {std::pair(TFM_PRECISION_F32, "f32"),
                                 std::pair(TFM_PRECISION_BF16, "bf16"),
                                 std::pair(TFM_PRECISION_INT8, "int8")}) {
    tfm_model other = kModel;
    other.precision = precision;
    tfm_model_handle *handle = nullptr;
    ASSERT_EQ(tfm_model_from_linked(&other, &handle), nullptr);
    EXPECT_STREQ(tfm_model_precision(handle), name);
    tfm_model_close(handle);
  }
  for (int32_t precision : {-1, 3}) {
    tfm_model other = kModel;
    other.precision = precision;
    tfm_model_handle *handle = nullptr;
    EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle),
                     "unknown precision " + std::to_string(precision));
    EXPECT_EQ(handle, nullptr);
  }
}

// A packing mark is TFM_PREPACK_LINEAR with known tfmrt_linear flags, on a
// matrix; anything else would make the runtime create a kernel descriptor
// from garbage.
TEST(ApiModelTest, InvalidPackingMarksAreRefused) {
  for (int32_t prepack : {1, TFM_PREPACK_LINEAR | 0x800, TFM_PREPACK_LINEAR | 0x7,
                          TFM_PREPACK_LINEAR | TFMRT_LINEAR_BF16 | TFMRT_LINEAR_INT8,
                          TFM_PREPACK_LINEAR | TFMRT_LINEAR_INT8_PER_TENSOR,
                          TFM_PREPACK_LINEAR | TFMRT_LINEAR_BIAS}) {
    tfm_param_info params[] = {kParams[0], kParams[1]};
    // The second parameter is a matrix; the last mark goes on the vector.
    params[prepack == (TFM_PREPACK_LINEAR | TFMRT_LINEAR_BIAS) ? 0 : 1].prepack = prepack;
    tfm_model other = kModel;
    other.params = params;
    tfm_model_handle *handle = nullptr;
    EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle), "invalid prepack mark");
    EXPECT_EQ(handle, nullptr);
  }
  for (int32_t precision : {0, int(TFMRT_LINEAR_BF16), int(TFMRT_LINEAR_INT8),
                            TFMRT_LINEAR_INT8 | TFMRT_LINEAR_INT8_PER_TENSOR}) {
    tfm_param_info params[] = {kParams[0], kParams[1]};
    params[1].prepack =
        TFM_PREPACK_LINEAR | TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_ACTIVATION_TANH | precision;
    tfm_model valid = kModel;
    valid.params = params;
    tfm_model_handle *handle = nullptr;
    tfm_status status = tfm_model_from_linked(&valid, &handle);
    EXPECT_EQ(status, nullptr) << tfm_status_message(status);
    tfm_status_free(status);
    tfm_model_close(handle);
  }
}

// Binding by a name shared by two parameters would bind either.
TEST(ApiModelTest, CheckpointNameOfTwoParametersIsRefused) {
  const char *const clashingAliases[] = {"encoder.dense.weight", nullptr};
  tfm_param_info params[] = {kParams[0], kParams[1]};
  params[0].aliases = clashingAliases;
  tfm_model other = kModel;
  other.params = params;
  tfm_model_handle *handle = nullptr;
  EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle),
                   "invalid model description: 'encoder.dense.weight' names both parameter "
                   "'w' and parameter 'encoder.dense.weight'");
  EXPECT_EQ(handle, nullptr);
  // Parameters of one name are views of one tensor: not ambiguous.
  params[0] = kParams[1];
  params[0].transposed = 0;
  tfm_status status = tfm_model_from_linked(&other, &handle);
  EXPECT_EQ(status, nullptr) << tfm_status_message(status);
  tfm_status_free(status);
  tfm_model_close(handle);
}

// The table of dimensions the model requires equal names input dimensions
// (other_input -1: a positive size), or checking it would read past them.
TEST(ApiModelTest, InvalidDimEqualitiesAreRefused) {
  const tfm_dim_equality invalid[][1] = {
      {{2, 0, -1, 0, 4}}, {{0, 2, -1, 0, 4}}, {{0, -1, -1, 0, 4}},
      {{0, 1, -1, 0, 0}}, {{0, 1, 1, 2, 0}},  {{0, 1, -2, 0, 4}},
  };
  for (const auto &table : invalid) {
    tfm_model other = kModel;
    other.num_dim_equalities = 1;
    other.dim_equalities = table;
    tfm_model_handle *handle = nullptr;
    EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle),
                     "invalid model description: dimension equality #0");
    EXPECT_EQ(handle, nullptr);
  }
  tfm_model other = kModel;
  other.dim_equalities = nullptr;
  tfm_model_handle *handle = nullptr;
  EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle), "missing table");
  other.num_dim_equalities = -1;
  EXPECT_TFM_ERROR(tfm_model_from_linked(&other, &handle), "negative dimension equality count");
}

// Before a run (and in tfm_model_check_inputs), each dimension the table
// names must equal its size or the other input's dimension, an omitted
// optional input as the runtime fills it.
TEST(ApiModelTest, RequiredEqualDimsAreChecked) {
  // input_ids has 4 positions; the mask has as many rows as input_ids has
  // positions.
  const tfm_dim_equality table[] = {{0, 1, -1, 0, 4}, {1, 0, 0, 1, 0}};
  tfm_model described = kModel;
  described.num_dim_equalities = 2;
  described.dim_equalities = table;
  tfm_model_handle *model = nullptr;
  Result opened(tfm_model_from_linked(&described, &model));
  ASSERT_TRUE(opened.ok()) << opened.message();
  const int64_t ids[16] = {};
  const int64_t mask[16] = {};
  std::vector<tfm_tensor> in = {tensorOf(ids, TFM_I64, {4, 4}), tensorOf(mask, TFM_I64, {4, 4})};
  EXPECT_TFM_OK(tfm_model_check_inputs(model, in.data(), 2, nullptr));
  in = {tensorOf(ids, TFM_I64, {4, 3}), tensorOf(mask, TFM_I64, {4, 3})};
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 2, nullptr),
                   "input 'input_ids' dim 1 is 3 but the model requires 4");
  in = {tensorOf(ids, TFM_I64, {2, 4}), tensorOf(mask, TFM_I64, {2, 4})};
  const char *const sources[] = {"ids.npy", "mask.npy"};
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 2, sources),
                   "input 'attention_mask' (mask.npy) dim 0 is 2 but input 'input_ids' "
                   "(ids.npy) dim 1 is 4; the model requires them equal");
  in[1].data = nullptr;
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 2, nullptr),
                   "input 'attention_mask' (default ones, shaped like 'input_ids') dim 0 is 2 "
                   "but input 'input_ids' dim 1 is 4; the model requires them equal");
  tfm_model_close(model);
}

TEST(ApiModelTest, OpenReportsMissingAndNonModelLibraries) {
  tfm_model_handle *handle = nullptr;
  EXPECT_TFM_ERROR(tfm_model_open("/nonexistent/libmodel.so", &handle),
                   "cannot load model library '/nonexistent/libmodel.so'");
  // libtfmrt itself is a library without tfm_compiled_model().
  Dl_info info;
  ASSERT_NE(dladdr(reinterpret_cast<void *>(&tfm_status_message), &info), 0);
  EXPECT_TFM_ERROR(tfm_model_open(info.dli_fname, &handle),
                   "is not a tfm model library");
  EXPECT_EQ(handle, nullptr);
}

TEST_F(ApiTest, Queries) {
  EXPECT_STREQ(tfm_model_name(model), "fake");
  EXPECT_EQ(tfm_model_num_inputs(model), 2);
  EXPECT_EQ(tfm_model_num_outputs(model), 2);
  EXPECT_EQ(tfm_model_num_weights(model), 2);
  const tfm_io_info *ids = tfm_model_input(model, 0);
  ASSERT_NE(ids, nullptr);
  EXPECT_STREQ(ids->name, "input_ids");
  EXPECT_EQ(ids->dtype, TFM_I64);
  EXPECT_EQ(ids->rank, 2);
  EXPECT_EQ(ids->shape[0], -1);
  EXPECT_EQ(tfm_model_input(model, 2), nullptr);
  EXPECT_EQ(tfm_model_input(model, -1), nullptr);
  EXPECT_EQ(tfm_model_output(model, 2), nullptr);
  EXPECT_STREQ(tfm_model_weight(model, 1)->name, "encoder.dense.weight");
  EXPECT_EQ(tfm_model_weight(model, 2), nullptr);
  int index = -1;
  EXPECT_TFM_OK(tfm_model_find_input(model, "attention_mask", &index));
  EXPECT_EQ(index, 1);
  EXPECT_TFM_OK(tfm_model_find_output(model, "threads", &index));
  EXPECT_EQ(index, 1);
  EXPECT_TFM_ERROR(tfm_model_find_input(model, "pixel_values", &index),
                   "has no input named 'pixel_values'; its inputs are: "
                   "input_ids, attention_mask");
  EXPECT_TFM_ERROR(tfm_model_find_output(model, "logits", &index),
                   "outputs are: y, threads");
  EXPECT_TFM_ERROR(tfm_model_find_output(model, nullptr, &index), "NULL");
}

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

TEST_F(ApiTest, ContextNullArgumentsAreErrors) {
  tfm_context *other = nullptr;
  EXPECT_TFM_ERROR(tfm_context_create(nullptr, &other), "'model' is NULL");
  EXPECT_TFM_ERROR(tfm_context_create(model, nullptr), "'out' is NULL");
  tfm_context_destroy(nullptr);
  EXPECT_TFM_ERROR(tfm_context_bind_weights_file(nullptr, "x"), "NULL");
  EXPECT_TFM_ERROR(tfm_context_bind_weights_file(ctx, nullptr), "no path");
  EXPECT_TFM_ERROR(tfm_context_bind_weight(nullptr, "w", kW, kWShape, 1),
                   "NULL");
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, nullptr, kW, kWShape, 1),
                   "'name' is NULL");
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "w", nullptr, kWShape, 1),
                   "weight 'w': data is NULL");
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "w", kW, nullptr, 1),
                   "shape NULL");
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "w", kW, kWShape, 99),
                   "invalid shape");
  EXPECT_TFM_ERROR(tfm_context_set_threads(nullptr, 2), "NULL");
  EXPECT_TFM_ERROR(tfm_context_set_threads(ctx, 0), "at least 1");
  EXPECT_STREQ(tfm_context_missing_weights(nullptr), "");
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_ERROR(tfm_context_run(nullptr, nullptr, 0, out.data(), 2),
                   "'ctx' is NULL");
}

TEST_F(ApiTest, RunWithoutWeightsNamesTheMissingOnes) {
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "w, encoder.dense.weight");
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_ERROR(run(inputs(ids, mask), out),
                   "weights not bound: w, encoder.dense.weight");
  EXPECT_TFM_OK(tfm_context_bind_weight(ctx, "w", kW, kWShape, 1));
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "encoder.dense.weight");
  EXPECT_TFM_ERROR(run(inputs(ids, mask), out),
                   "weights not bound: encoder.dense.weight");
}

TEST_F(ApiTest, BindWeightChecksNameAndShape) {
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "nope", kW, kWShape, 1),
                   "model 'fake' has no weight named 'nope'");
  const int64_t wrong[] = {4};
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "w", kW, wrong, 1),
                   "weight 'w': expected shape (3,), got (4,)");
  // A transposed weight is given in its checkpoint layout [3, 2].
  const int64_t modelLayout[] = {2, 3};
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "encoder.dense.weight", kDense,
                                           modelLayout, 2),
                   "expected shape (3, 2), got (2, 3)");
  // A weight's aliases are accepted, as in weight files.
  EXPECT_TFM_OK(tfm_context_bind_weight(ctx, "bert.encoder.dense.weight",
                                        kDense, kDenseShape, 2));
  EXPECT_TFM_OK(tfm_context_bind_weight(ctx, "transformer.w", kW, kWShape, 1));
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "");
  // Only those: no other prefix is guessed.
  EXPECT_TFM_ERROR(tfm_context_bind_weight(ctx, "vit.w", kW, kWShape, 1),
                   "model 'fake' has no weight named 'vit.w', nor one with that alias");
}

TEST_F(ApiTest, BindWeightsFile) {
  std::string dir = ::testing::TempDir();
  std::string good = dir + "/api-good.safetensors";
  std::string partial = dir + "/api-partial.safetensors";
  {
    std::ofstream(good, std::ios::binary)
        << buildSafeTensors(
               {{"w", "F32", {3}, bytesOf(std::vector<float>(kW, kW + 3))},
                {"bert.encoder.dense.weight", "F32", {3, 2},
                 bytesOf(std::vector<float>(kDense, kDense + 6))}});
    std::ofstream(partial, std::ios::binary)
        << buildSafeTensors(
               {{"w", "F32", {3}, bytesOf(std::vector<float>(kW, kW + 3))}});
  }
  EXPECT_TFM_ERROR(tfm_context_bind_weights_file(ctx, "/nonexistent.st"),
                   "/nonexistent.st: cannot open");
  EXPECT_TFM_ERROR(tfm_context_bind_weights_file(ctx, partial.c_str()),
                   "encoder.dense.weight");
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "w, encoder.dense.weight");
  EXPECT_TFM_OK(tfm_context_bind_weights_file(ctx, good.c_str()));
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "");
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_OK(run(inputs(ids, mask), out));
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(y[i], expectedY(ids[i], mask[i])) << i;
  // A bad file keeps the weights bound before.
  EXPECT_TFM_ERROR(tfm_context_bind_weights_file(ctx, partial.c_str()),
                   "encoder.dense.weight");
  EXPECT_TFM_OK(run(inputs(ids, mask), out));
  std::remove(good.c_str());
  std::remove(partial.c_str());
}

TEST_F(ApiTest, WeightsFileWithANameAndItsAliasIsAmbiguous) {
  std::string path = ::testing::TempDir() + "/api-ambiguous.safetensors";
  std::vector<float> other = {9, 9, 9};
  std::ofstream(path, std::ios::binary) << buildSafeTensors(
      {{"w", "F32", {3}, bytesOf(std::vector<float>(kW, kW + 3))},
       {"transformer.w", "F32", {3}, bytesOf(other)},
       {"bert.encoder.dense.weight", "F32", {3, 2},
        bytesOf(std::vector<float>(kDense, kDense + 6))}});
  EXPECT_TFM_ERROR(tfm_context_bind_weights_file(ctx, path.c_str()),
                   path + ": ambiguous checkpoint: tensors 'w' and 'transformer.w' are both "
                          "names of weight 'w'; the file must hold only one of them");
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "w, encoder.dense.weight");
  std::remove(path.c_str());
}

/// The good weights file of BindWeightsFile, with w scaled by `factor`.
std::string weightsFileBytes(float factor) {
  std::vector<float> w(kW, kW + 3);
  for (float &value : w)
    value *= factor;
  return buildSafeTensors({{"w", "F32", {3}, bytesOf(w)},
                           {"bert.encoder.dense.weight", "F32", {3, 2},
                            bytesOf(std::vector<float>(kDense, kDense + 6))}});
}

/// Files carry modification times of the kernel's coarse clock (a few ms):
/// lets it tick, so that a write right after a bind is seen as a change.
void waitForTheFileClock() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

TEST_F(ApiTest, WeightsFileOverwrittenInPlaceFailsTheRun) {
  TempDir dir;
  std::string path = dir.file("weights.safetensors");
  writeFile(path, weightsFileBytes(1.0f));
  EXPECT_TFM_OK(tfm_context_bind_weights_file(ctx, path.c_str()));
  std::vector<tfm_tensor> in = inputs(ids, mask), out = outputs();
  EXPECT_TFM_OK(run(in, out));
  EXPECT_EQ(y[0], expectedY(ids[0], mask[0]));

  // Another checkpoint of the same size written over it, in place.
  waitForTheFileClock();
  std::string other = weightsFileBytes(10.0f);
  int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, other.data(), other.size(), 0), static_cast<ssize_t>(other.size()));
  ::close(fd);
  y[0] = -1;
  EXPECT_TFM_ERROR(run(in, out), path + ": the weights file was modified since it was bound, "
                                        "so the weights in use would mix its old and new "
                                        "contents; bind it again to use its new contents");
  EXPECT_EQ(y[0], -1.0f) << "outputs written";
  // Bound again, the new weights are used.
  EXPECT_TFM_OK(tfm_context_bind_weights_file(ctx, path.c_str()));
  EXPECT_TFM_OK(run(in, out));
  EXPECT_EQ(y[0], kW[ids[0] % 3] * 10.0f * static_cast<float>(mask[0]) + 2.0f);
}

TEST_F(ApiTest, WeightsFileTruncatedFailsTheRun) {
  TempDir dir;
  std::string path = dir.file("weights.safetensors");
  std::string bytes = weightsFileBytes(1.0f);
  writeFile(path, bytes);
  EXPECT_TFM_OK(tfm_context_bind_weights_file(ctx, path.c_str()));
  std::vector<tfm_tensor> in = inputs(ids, mask), out = outputs();
  EXPECT_TFM_OK(run(in, out));
  for (off_t size : {off_t(bytes.size() - 4), off_t(0)}) {
    ASSERT_EQ(::truncate(path.c_str(), size), 0);
    EXPECT_TFM_ERROR(run(in, out), path + ": the weights file was truncated from " +
                                       std::to_string(bytes.size()) + " to " +
                                       std::to_string(size) +
                                       " bytes since it was bound; bind it again");
  }
  // The context still works with another file.
  std::string other = dir.file("other.safetensors");
  writeFile(other, bytes);
  EXPECT_TFM_OK(tfm_context_bind_weights_file(ctx, other.c_str()));
  EXPECT_TFM_OK(run(in, out));
}

TEST_F(ApiTest, WeightsFileReplacedByRenameKeepsTheBoundWeights) {
  TempDir dir;
  std::string path = dir.file("weights.safetensors"), next = dir.file("next.safetensors");
  writeFile(path, weightsFileBytes(1.0f));
  EXPECT_TFM_OK(tfm_context_bind_weights_file(ctx, path.c_str()));
  waitForTheFileClock();
  writeFile(next, weightsFileBytes(10.0f));
  ASSERT_EQ(std::rename(next.c_str(), path.c_str()), 0);
  std::vector<tfm_tensor> in = inputs(ids, mask), out = outputs();
  EXPECT_TFM_OK(run(in, out));
  EXPECT_EQ(y[0], expectedY(ids[0], mask[0])) << "the file bound is still mapped";
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

TEST_F(ApiTest, RunWritesCallerBuffersAndShapes) {
  bindAll(ctx);
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_OK(run(inputs(ids, mask), out));
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(y[i], expectedY(ids[i], mask[i])) << i;
  EXPECT_EQ(out[0].rank, 2);
  EXPECT_EQ(out[0].shape[0], 2);
  EXPECT_EQ(out[0].shape[1], 4);
  EXPECT_EQ(threads[0], 1.0f);
}

TEST_F(ApiTest, OptionalInputWithNullDataGetsItsDefault) {
  bindAll(ctx);
  std::vector<tfm_tensor> in = inputs(ids, nullptr);
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_OK(run(in, out));
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(y[i], expectedY(ids[i], 1)) << i;
  // A required input cannot be left out.
  in = inputs(nullptr, mask);
  EXPECT_TFM_ERROR(run(in, out),
                   "input 'input_ids' is required but its data is NULL");
}

TEST_F(ApiTest, NullOutputDataSkipsThatOutput) {
  bindAll(ctx);
  std::vector<tfm_tensor> out = outputs();
  out[0].data = nullptr;
  EXPECT_TFM_OK(run(inputs(ids, mask), out));
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(threads[0], 1.0f);
}

TEST_F(ApiTest, TooSmallOutputBufferReportsRequiredSize) {
  bindAll(ctx);
  std::vector<tfm_tensor> out = outputs();
  out[0].rank = 2;
  out[0].shape[0] = 1;
  out[0].shape[1] = 5;
  EXPECT_TFM_ERROR(run(inputs(ids, mask), out),
                   "output 'y' needs 8 elements (shape (2, 4)) but its buffer "
                   "holds 5 (shape (1, 5))");
  // The required shape is reported back; no data was written.
  EXPECT_EQ(out[0].rank, 2);
  EXPECT_EQ(out[0].shape[0], 2);
  EXPECT_EQ(out[0].shape[1], 4);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(threads[0], 0.0f);
  // Growing the buffer to the reported shape succeeds.
  EXPECT_TFM_OK(run(inputs(ids, mask), out));
  EXPECT_EQ(y[0], expectedY(ids[0], mask[0]));
}

TEST_F(ApiTest, BadOutputArraysAreErrors) {
  bindAll(ctx);
  std::vector<tfm_tensor> in = inputs(ids, mask);
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_ERROR(tfm_context_run(ctx, in.data(), 2, out.data(), 1),
                   "model 'fake' has 2 outputs (y, threads), got 1");
  EXPECT_TFM_ERROR(tfm_context_run(ctx, in.data(), 2, nullptr, 2),
                   "NULL array");
  out[0].dtype = TFM_I64;
  EXPECT_TFM_ERROR(run(in, out),
                   "output 'y': the buffer's dtype is int64, expected float32");
  out = outputs();
  out[0].rank = 42;
  EXPECT_TFM_ERROR(run(in, out), "the buffer's rank 42");
  out = outputs();
  out[0].shape[0] = -3;
  EXPECT_TFM_ERROR(run(in, out), "invalid buffer shape");
}

TEST_F(ApiTest, InputsAreValidatedLikeTheDriver) {
  bindAll(ctx);
  std::vector<tfm_tensor> out = outputs();
  std::vector<tfm_tensor> in = inputs(ids, mask);
  EXPECT_TFM_ERROR(tfm_context_run(ctx, in.data(), 1, out.data(), 2),
                   "takes 2 inputs (input_ids, attention_mask), got 1");
  EXPECT_TFM_ERROR(tfm_context_run(ctx, nullptr, 2, out.data(), 2),
                   "NULL array");

  const float floats[8] = {};
  in[0] = tensorOf(floats, TFM_F32, {2, 4});
  EXPECT_TFM_ERROR(run(in, out),
                   "input 'input_ids': expected int64 or int32 data, got "
                   "float32");
  in = inputs(ids, mask);
  in[0].rank = 3;
  in[0].shape[2] = 1;
  EXPECT_TFM_ERROR(run(in, out), "input 'input_ids': expected rank 2");
  in = inputs(ids, mask);
  in[0].rank = -1;
  EXPECT_TFM_ERROR(run(in, out), "rank -1 is not in [0, 8]");
  in = inputs(ids, mask);
  in[0].dtype = static_cast<tfm_dtype>(77);
  EXPECT_TFM_ERROR(run(in, out), "unknown dtype 77");

  const int64_t badIds[8] = {1, 2, 3, 4, 5, 6, 7, 10};
  EXPECT_TFM_ERROR(run(inputs(badIds, mask), out),
                   "input_ids[1, 3] = 10 is out of the vocabulary [0, 10)");
  const int64_t badMask[8] = {1, 1, 1, 1, 1, 2, 1, 1};
  EXPECT_TFM_ERROR(run(inputs(ids, badMask), out),
                   "attention_mask[1, 1] = 2 must be 0 or 1");
  in = inputs(ids, mask);
  in[1].shape[1] = 2;
  in[1].shape[0] = 4;
  EXPECT_TFM_ERROR(run(in, out), "input 'attention_mask' dim 0 is 4 but input 'input_ids' "
                                 "dim 0 is 2; the model requires them equal");
  std::vector<int64_t> longIds(9, 1);
  in = {tensorOf(longIds.data(), TFM_I64, {1, 9}), tfm_tensor{}};
  EXPECT_TFM_ERROR(run(in, out), "sequence length 9 exceeds the model's 8");
  in = {tensorOf(ids, TFM_I64, {2, 0}), tfm_tensor{}};
  EXPECT_TFM_ERROR(run(in, out), "every dimension must be at least 1");
}

// An input's size in bytes, in the caller's dtype and the model's, is at
// most 2^63-1 (limits::kMaxInputBytes): compiled code computes byte offsets in
// signed 64 bits. At the limit a run would read the whole claimed buffer, so
// the boundary is tested on the check itself and the refusal through the API.
TEST(InputLimitTest, AtTheLimitAndOnePast) {
  const int64_t maxInt64Elements = INT64_MAX / 8; // 2^60 - 1
  EXPECT_TRUE(tfm::rt::fitsInputLimit({maxInt64Elements}, 8));
  EXPECT_FALSE(tfm::rt::fitsInputLimit({maxInt64Elements + 1}, 8));
  EXPECT_TRUE(tfm::rt::fitsInputLimit({INT64_MAX}, 1));
  EXPECT_TRUE(tfm::rt::fitsInputLimit({3, 715827882}, 4)); // 8589934584 bytes
  EXPECT_FALSE(tfm::rt::fitsInputLimit({int64_t(1) << 31, int64_t(1) << 30}, 4));
}

TEST_F(ApiTest, InputTooLargeIsRefusedBeforeItIsRead) {
  bindAll(ctx);
  std::vector<tfm_tensor> out = outputs();
  // 2^57 * 8 int32 ids: 2^62 bytes as given, 2^63 as the model's int64.
  const int32_t ids32[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<tfm_tensor> in = {tensorOf(ids32, TFM_I32, {int64_t(1) << 57, 8}), tfm_tensor{}};
  EXPECT_TFM_ERROR(run(in, out), "input 'input_ids': shape (144115188075855872, 8) is too "
                                 "large: more than 9223372036854775807 bytes");
}

TEST_F(ApiTest, Int32IdsAreAccepted) {
  bindAll(ctx);
  const int32_t ids32[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<tfm_tensor> in = {tensorOf(ids32, TFM_I32, {2, 4}),
                                tensorOf(mask, TFM_I64, {2, 4})};
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_OK(run(in, out));
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(y[i], expectedY(ids[i], mask[i])) << i;
}

//===----------------------------------------------------------------------===//
// Checking inputs without running
//===----------------------------------------------------------------------===//

TEST_F(ApiTest, CheckInputsNeedsNoWeights) {
  EXPECT_TFM_OK(tfm_model_check_inputs(model, inputs(ids, mask).data(), 2, nullptr));
  // An omitted optional input is checked as its default.
  EXPECT_TFM_OK(tfm_model_check_inputs(model, inputs(ids, nullptr).data(), 2, nullptr));
  EXPECT_STREQ(tfm_context_missing_weights(ctx), "w, encoder.dense.weight");
}

TEST_F(ApiTest, CheckInputsReportsLikeTheRun) {
  const int64_t badIds[8] = {1, 2, 3, 4, 5, 6, 7, 10};
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, inputs(badIds, mask).data(), 2, nullptr),
                   "input 'input_ids': input_ids[1, 3] = 10 is out of the vocabulary [0, 10)");
  std::vector<tfm_tensor> in = inputs(ids, mask);
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 1, nullptr),
                   "model 'fake' takes 2 inputs (input_ids, attention_mask), got 1");
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, nullptr, 2, nullptr), "NULL array");
  EXPECT_TFM_ERROR(tfm_model_check_inputs(nullptr, in.data(), 2, nullptr), "'model' is NULL");
  in[0].data = nullptr;
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 2, nullptr),
                   "input 'input_ids' is required but its data is NULL");
}

TEST_F(ApiTest, CheckInputsNamesTheirSources) {
  const char *const sources[] = {"ids.npy", "mask.npy"};
  const int64_t badIds[8] = {1, 2, 3, 4, 5, 6, 7, 10};
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, inputs(badIds, mask).data(), 2, sources),
                   "input 'input_ids' (ids.npy): input_ids[1, 3] = 10 is out of the "
                   "vocabulary [0, 10)");
  std::vector<tfm_tensor> in = inputs(ids, mask);
  in[1].shape[0] = 4;
  in[1].shape[1] = 2;
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 2, sources),
                   "input 'attention_mask' (mask.npy) dim 0 is 4 but input "
                   "'input_ids' (ids.npy) dim 0 is 2; the model requires them equal");
  // A NULL source names nothing.
  const char *const onlyMask[] = {nullptr, "mask.npy"};
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, inputs(badIds, mask).data(), 2, onlyMask),
                   "input 'input_ids': input_ids[1, 3]");
}

//===----------------------------------------------------------------------===//
// Running into the runtime's buffers
//===----------------------------------------------------------------------===//

TEST_F(ApiTest, RunAllocHandsOverTheModelsBuffers) {
  bindAll(ctx);
  EXPECT_TFM_OK(tfm_context_set_threads(ctx, 2));
  std::vector<tfm_tensor> out(2);
  EXPECT_TFM_OK(tfm_context_run_alloc(ctx, inputs(ids, mask).data(), 2, out.data(), 2));
  ASSERT_NE(out[0].data, nullptr);
  EXPECT_EQ(out[0].dtype, TFM_F32);
  ASSERT_EQ(out[0].rank, 2);
  EXPECT_EQ(out[0].shape[0], 2);
  EXPECT_EQ(out[0].shape[1], 4);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(static_cast<const float *>(out[0].data)[i], expectedY(ids[i], mask[i])) << i;
  ASSERT_EQ(out[1].rank, 1);
  EXPECT_EQ(static_cast<const float *>(out[1].data)[0], 2.0f);
  for (tfm_tensor &tensor : out)
    tfm_buffer_free(tensor.data);
  tfm_buffer_free(nullptr);

  // Buffers given back serve the next run of the same shapes.
  const uint64_t allocations = tfm_system_allocations();
  EXPECT_TFM_OK(tfm_context_run_alloc(ctx, inputs(ids, nullptr).data(), 2, out.data(), 2));
  EXPECT_EQ(tfm_system_allocations(), allocations);
  EXPECT_EQ(static_cast<const float *>(out[0].data)[2], expectedY(ids[2], 1));
  for (tfm_tensor &tensor : out)
    tfm_buffer_free(tensor.data);
}

TEST_F(ApiTest, RunAllocErrorsLeaveTheOutputsEmpty) {
  const float stale = 0;
  std::vector<tfm_tensor> out = {tensorOf(&stale, TFM_F32, {1}), tensorOf(&stale, TFM_F32, {1})};
  EXPECT_TFM_ERROR(tfm_context_run_alloc(ctx, inputs(ids, mask).data(), 2, out.data(), 2),
                   "weights not bound: w, encoder.dense.weight");
  EXPECT_EQ(out[0].data, nullptr);
  EXPECT_EQ(out[1].data, nullptr);
  bindAll(ctx);
  EXPECT_TFM_ERROR(tfm_context_run_alloc(ctx, inputs(ids, mask).data(), 2, out.data(), 1),
                   "model 'fake' has 2 outputs (y, threads), got 1");
  EXPECT_TFM_ERROR(tfm_context_run_alloc(ctx, inputs(ids, mask).data(), 2, nullptr, 2),
                   "NULL array");
  const int64_t badMask[8] = {1, 1, 1, 1, 1, 2, 1, 1};
  EXPECT_TFM_ERROR(tfm_context_run_alloc(ctx, inputs(ids, badMask).data(), 2, out.data(), 2),
                   "attention_mask[1, 1] = 2 must be 0 or 1");
  EXPECT_EQ(out[0].data, nullptr);
  EXPECT_TFM_ERROR(tfm_context_run_alloc(nullptr, inputs(ids, mask).data(), 2, out.data(), 2),
                   "tfm_context_run_alloc: 'ctx' is NULL");
}

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

/// A model with a weight marked for packing: "dense.weight", [out, in] =
/// [256, 256], run by a dnnl linear with a bias.
const int32_t kDenseMark = TFM_PREPACK_LINEAR | TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS;
const tfm_param_info kPackedParams[] = {{"w", 1, {3}, 0, 0, kWAliases},
                                        {"dense.weight", 2, {256, 256}, 0, kDenseMark, nullptr}};
const tfm_model kPackedModel = {TFM_ABI_VERSION, "packed", 2, kInputs, 2, kOutputs,
                                2, kPackedParams, fakeEntry<&kPackedModel, fakeRun>, nullptr, nullptr, 0, nullptr, TFM_PRECISION_F32};

TEST(ApiStatsTest, CountsTheWeightsPackedAtBinding) {
  tfm::Model model = tfm::Model::fromLinked(&kPackedModel);
  tfm::Context ctx(model);
  tfm_context_stats stats{-1, -1};
  EXPECT_TFM_OK(tfm_context_get_stats(ctx.get(), &stats));
  EXPECT_EQ(stats.weights_packed_at_bind, 0);
  EXPECT_EQ(stats.weights_packed_while_running, 0);

  // Whether oneDNN runs this linear with a blocked weight depends on the
  // ISA: the context packs what a store of its own packs.
  std::vector<float> dense(256 * 256, 0.5f);
  tfm::rt::PackedWeights alone;
  alone.prepackLinear(dense.data(), 256, 256, kDenseMark);
  const int64_t expected = static_cast<int64_t>(alone.count());
  ctx.bindWeight("w", kW, {3});
  ctx.bindWeight("dense.weight", dense.data(), {256, 256});
  EXPECT_TFM_OK(tfm_context_get_stats(ctx.get(), &stats));
  EXPECT_EQ(stats.weights_packed_at_bind, expected);
  EXPECT_EQ(stats.weights_packed_while_running, 0);
  // Rebinding the weight replaces its copy.
  std::vector<float> other(256 * 256, 0.25f);
  ctx.bindWeight("dense.weight", other.data(), {256, 256});
  EXPECT_TFM_OK(tfm_context_get_stats(ctx.get(), &stats));
  EXPECT_EQ(stats.weights_packed_at_bind, expected);

  // A weights file replaces every copy.
  TempDir dir;
  std::string file = dir.file("packed.safetensors");
  std::ofstream(file, std::ios::binary)
      << buildSafeTensors({{"w", "F32", {3}, bytesOf(std::vector<float>(kW, kW + 3))},
                           {"dense.weight", "F32", {256, 256}, bytesOf(other)}});
  ctx.bindWeightsFile(file);
  EXPECT_TFM_OK(tfm_context_get_stats(ctx.get(), &stats));
  EXPECT_EQ(stats.weights_packed_at_bind, expected);
  EXPECT_EQ(stats.weights_packed_while_running, 0);
}

/// The packed model, running its weight's linear over 4 rows of 0.5 in f32,
/// bf16 and int8 (the weight marked for bf16), then fakeRun.
int linearCallingRun(tfmrt_run_context *context, const tfm_tensor *inputs,
                     const float *const *params, tfm_tensor *outputs) {
  struct {
    float *allocated, *aligned;
    int64_t offset, sizes[2], strides[2];
  } x, w, y;
  std::vector<float> rows(4 * 256, 0.5f), result(4 * 256);
  x = {rows.data(), rows.data(), 0, {4, 256}, {256, 1}};
  float *weight = const_cast<float *>(params[1]);
  w = {weight, weight, 0, {256, 256}, {256, 1}};
  y = {result.data(), result.data(), 0, {4, 256}, {256, 1}};
  tfmrt_unranked_memref xu{2, &x}, wu{2, &w}, yu{2, &y};
  for (int64_t precision : {0, int(TFMRT_LINEAR_BF16), int(TFMRT_LINEAR_INT8)})
    _mlir_ciface_tfmrt_linear(context, &xu, &wu, &xu, &xu, &yu,
                              TFMRT_LINEAR_WEIGHT_OUT_IN | precision);
  return fakeRun(context, inputs, params, outputs);
}
const tfm_param_info kBf16Params[] = {
    {"w", 1, {3}, 0, 0, kWAliases},
    {"dense.weight", 2, {256, 256}, 0,
     TFM_PREPACK_LINEAR | TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BF16, nullptr}};
const tfm_model kLinearCallingModel = {
    TFM_ABI_VERSION, "linears", 2, kInputs, 2, kOutputs, 2, kBf16Params,
    fakeEntry<&kLinearCallingModel, linearCallingRun>, nullptr, nullptr, 0, nullptr, TFM_PRECISION_F32};

/// The value of `key` in the flat JSON object of strings `json`; none if
/// absent.
std::optional<std::string> jsonString(const std::string &json, const std::string &key) {
  size_t at = json.find("\"" + key + "\":\"");
  if (at == std::string::npos)
    return std::nullopt;
  at += key.size() + 4;
  size_t end = json.find('"', at);
  if (end == std::string::npos)
    return std::nullopt;
  return json.substr(at, end - at);
}

// tfm_context_kernels names the oneDNN kernel each precision's linears ran
// with: nothing before a run, then one entry per precision asked for; bf16
// runs as bf16 only on an AMX kernel, else says it fell back to f32.
TEST(ApiKernelsTest, NamesTheKernelOfEachPrecision) {
  EXPECT_STREQ(tfm_context_kernels(nullptr), "{}");
  tfm::Model model = tfm::Model::fromLinked(&kLinearCallingModel);
  tfm::Context ctx(model);
  EXPECT_STREQ(tfm_context_kernels(ctx.get()), "{}");
  std::vector<float> dense = std::vector<float>(256 * 256, 0.5f);
  ctx.bindWeight("w", kW, {3});
  ctx.bindWeight("dense.weight", dense.data(), {256, 256});
  std::vector<int64_t> ids(8, 1);
  float y[8], threads[1];
  std::vector<tfm_tensor> in = {tensorOf(ids.data(), TFM_I64, {2, 4}), tfm_tensor{}};
  std::vector<tfm_tensor> out = {tensorOf(y, TFM_F32, {8}), tensorOf(threads, TFM_F32, {1})};
  {
    Result run(tfm_context_run(ctx.get(), in.data(), 2, out.data(), 2));
    ASSERT_TRUE(run.ok()) << run.message();
  }
  const std::string kernels = tfm_context_kernels(ctx.get());
  ASSERT_EQ(kernels.front(), '{') << kernels;
  ASSERT_EQ(kernels.back(), '}') << kernels;
  std::optional<std::string> f32 = jsonString(kernels, "f32"),
                             bf16 = jsonString(kernels, "bf16"),
                             int8 = jsonString(kernels, "int8");
  ASSERT_TRUE(f32 && bf16 && int8) << kernels;
  EXPECT_FALSE(f32->empty());
  EXPECT_EQ(f32->find("fallback"), std::string::npos) << kernels;
  EXPECT_TRUE(bf16->rfind("f32 fallback: ", 0) == 0 || bf16->find("amx") != std::string::npos)
      << kernels;
  EXPECT_EQ(int8->find("fallback"), std::string::npos) << kernels;
  // The bf16-marked weight was converted (or packed as f32) at binding, as
  // a store of its own packs it; the int8 run quantized its copy while
  // running.
  tfm::rt::PackedWeights alone;
  alone.prepackLinear(dense.data(), 256, 256, kBf16Params[1].prepack);
  tfm_context_stats stats{-1, -1};
  EXPECT_TFM_OK(tfm_context_get_stats(ctx.get(), &stats));
  EXPECT_EQ(stats.weights_packed_at_bind, static_cast<int64_t>(alone.count()));
  EXPECT_GE(stats.weights_packed_while_running, 1);
  // Another run creates nothing new: the record stays.
  EXPECT_TFM_OK(tfm_context_run(ctx.get(), in.data(), 2, out.data(), 2));
  EXPECT_EQ(tfm_context_kernels(ctx.get()), kernels);
}

TEST(ApiStatsTest, NullArgumentsAreErrors) {
  tfm_context_stats stats;
  EXPECT_TFM_ERROR(tfm_context_get_stats(nullptr, &stats), "tfm_context_get_stats: 'ctx' is NULL");
  tfm::Model model = tfm::Model::fromLinked(&kModel);
  tfm::Context ctx(model);
  EXPECT_TFM_ERROR(tfm_context_get_stats(ctx.get(), nullptr), "'out' is NULL");
}

//===----------------------------------------------------------------------===//
// Threads and lifetimes
//===----------------------------------------------------------------------===//

TEST_F(ApiTest, ThreadCountBelongsToTheContext) {
  bindAll(ctx);
  tfm_context *other = nullptr;
  ASSERT_TRUE(Result(tfm_context_create(model, &other)).ok());
  bindAll(other);
  EXPECT_TFM_OK(tfm_context_set_threads(ctx, 3));
  std::vector<tfm_tensor> in = inputs(ids, mask);
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_OK(run(in, out));
  EXPECT_EQ(threads[0], 3.0f);
  EXPECT_TFM_OK(tfm_context_run(other, in.data(), 2, out.data(), 2));
  EXPECT_EQ(threads[0], 1.0f);
  tfm_context_destroy(other);
}

TEST_F(ApiTest, ThreadCountIsLimitedToWhatTheMachineAllows) {
  bindAll(ctx);
  const int limit = tfm_max_threads();
  ASSERT_GE(limit, 64);
  std::vector<tfm_tensor> in = inputs(ids, mask);
  std::vector<tfm_tensor> out = outputs();
  // At the limit, the run gets every thread asked for.
  EXPECT_TFM_OK(tfm_context_set_threads(ctx, limit));
  EXPECT_TFM_OK(run(in, out));
  EXPECT_EQ(threads[0], static_cast<float>(limit));
  // Past it: an error, and the context keeps its count.
  const std::string expected = " threads exceed this machine's limit of " +
                               std::to_string(limit) + " (4 per online CPU, at least 64)";
  EXPECT_TFM_ERROR(tfm_context_set_threads(ctx, limit + 1),
                   std::to_string(limit + 1) + expected);
  EXPECT_TFM_ERROR(tfm_context_set_threads(ctx, 100000), "100000" + expected);
  EXPECT_TFM_ERROR(tfm_context_set_threads(ctx, 2147483647), "2147483647" + expected);
  EXPECT_TFM_OK(tfm_context_set_threads(ctx, 2));
  EXPECT_TFM_OK(run(in, out));
  EXPECT_EQ(threads[0], 2.0f);
}

TEST_F(ApiTest, ContextsRunConcurrently) {
  constexpr int kRuns = 300;
  std::atomic<int> failures{0};
  auto worker = [&](int threadCount) {
    tfm_context *mine = nullptr;
    if (!Result(tfm_context_create(model, &mine)).ok()) {
      ++failures;
      return;
    }
    bindAll(mine);
    if (!Result(tfm_context_set_threads(mine, threadCount)).ok())
      ++failures;
    std::vector<int64_t> myIds(8);
    for (int run = 0; run < kRuns; ++run) {
      for (int i = 0; i < 8; ++i)
        myIds[i] = (run + i + threadCount) % 10;
      float myY[8], myThreads[1];
      std::vector<tfm_tensor> in = {tensorOf(myIds.data(), TFM_I64, {2, 4}),
                                    tfm_tensor{}};
      std::vector<tfm_tensor> out = {tensorOf(myY, TFM_F32, {8}),
                                     tensorOf(myThreads, TFM_F32, {1})};
      Result result(tfm_context_run(mine, in.data(), 2, out.data(), 2));
      if (!result.ok() || myThreads[0] != threadCount) {
        ++failures;
        continue;
      }
      for (int i = 0; i < 8; ++i)
        if (myY[i] != expectedY(myIds[i], 1))
          ++failures;
    }
    tfm_context_destroy(mine);
  };
  std::thread a(worker, 2), b(worker, 5);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

// A kernel's error fails the run that caused it, even when a worker thread
// of the run reports it, and no other run: neither the context's next run
// nor another context's runs on another thread meanwhile. (A regression
// test: an error reported by an OpenMP worker was lost, and its run
// succeeded.)
TEST_F(ApiTest, KernelErrorsFailOnlyTheirRun) {
  tfm_model_handle *handle = nullptr;
  ASSERT_TRUE(Result(tfm_model_from_linked(&kKernelCallingModel, &handle)).ok());
  constexpr int kRuns = 100;
  std::atomic<int> failures{0};
  auto worker = [&](bool failEveryOtherRun) {
    tfm_context *mine = nullptr;
    if (!Result(tfm_context_create(handle, &mine)).ok()) {
      ++failures;
      return;
    }
    bindAll(mine);
    for (int run = 0; run < kRuns; ++run) {
      bool fails = failEveryOtherRun && run % 2 == 1;
      std::vector<int64_t> myIds(8, fails ? 9 : run % 9);
      float myY[8], myThreads[1];
      std::vector<tfm_tensor> in = {tensorOf(myIds.data(), TFM_I64, {2, 4}), tfm_tensor{}};
      std::vector<tfm_tensor> out = {tensorOf(myY, TFM_F32, {8}),
                                     tensorOf(myThreads, TFM_F32, {1})};
      Result result(tfm_context_run(mine, in.data(), 2, out.data(), 2));
      bool reported = result.message().find("a runtime kernel failed: tfmrt_softmax: "
                                            "operands of unexpected ranks") != std::string::npos;
      if (fails != reported || (!fails && (!result.ok() || myY[0] != expectedY(myIds[0], 1))))
        ++failures;
    }
    tfm_context_destroy(mine);
  };
  std::thread failing(worker, true), clean(worker, false);
  failing.join();
  clean.join();
  EXPECT_EQ(failures.load(), 0);
  tfm_model_close(handle);
}

TEST_F(ApiTest, ContextKeepsItsModelAlive) {
  tfm_model_handle *handle = nullptr;
  ASSERT_TRUE(Result(tfm_model_from_linked(&kModel, &handle)).ok());
  tfm_context *mine = nullptr;
  ASSERT_TRUE(Result(tfm_context_create(handle, &mine)).ok());
  tfm_model_close(handle); // the context still holds a reference
  bindAll(mine);
  std::vector<tfm_tensor> in = inputs(ids, mask);
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_OK(tfm_context_run(mine, in.data(), 2, out.data(), 2));
  tfm_context_destroy(mine);
}

TEST(ApiCppTest, WrapperThrowsErrorsAndManagesLifetimes) {
  tfm::Model model = tfm::Model::fromLinked(&kModel);
  EXPECT_EQ(model.name(), "fake");
  EXPECT_EQ(model.inputIndex("attention_mask"), 1);
  EXPECT_THROW(model.outputIndex("logits"), tfm::Error);
  EXPECT_THROW(tfm::Model::open("/nonexistent/lib.so"), tfm::Error);
  tfm::Context ctx(model);
  try {
    ctx.bindWeight("nope", kW, {3});
    FAIL() << "expected tfm::Error";
  } catch (const tfm::Error &error) {
    EXPECT_NE(std::string(error.what()).find("no weight named 'nope'"),
              std::string::npos);
  }
  ctx.bindWeight("w", kW, {3});
  ctx.bindWeight("encoder.dense.weight", kDense, {3, 2});
  ctx.setThreads(2);
  const int64_t ids[2] = {1, 2};
  float y[2], threads[1];
  std::vector<tfm_tensor> out = {tfm::tensor(y, TFM_F32, {1, 2}),
                                 tfm::tensor(threads, TFM_F32, {1})};
  ctx.run({tfm::tensor(ids, TFM_I64, {1, 2}), tfm_tensor{}}, out);
  EXPECT_EQ(y[1], expectedY(2, 1));
  EXPECT_EQ(threads[0], 2.0f);
  tfm::Context moved = std::move(ctx);
  EXPECT_THROW(moved.setThreads(0), tfm::Error);
}

//===----------------------------------------------------------------------===//
// Out of memory during a run
//===----------------------------------------------------------------------===//

TEST_F(ApiTest, RunOutOfMemoryFailsAndTheContextStaysUsable) {
  tfm_model_handle *handle = nullptr;
  ASSERT_TRUE(Result(tfm_model_from_linked(&kOutOfMemoryModel, &handle)).ok());
  tfm_context *mine = nullptr;
  ASSERT_TRUE(Result(tfm_context_create(handle, &mine)).ok());
  bindAll(mine);
  auto runSmall = [&] {
    float smallY[8] = {}, smallThreads[1] = {};
    std::vector<tfm_tensor> in = {tensorOf(ids, TFM_I64, {2, 4}), tensorOf(mask, TFM_I64, {2, 4})};
    std::vector<tfm_tensor> out = {tensorOf(smallY, TFM_F32, {8}),
                                   tensorOf(smallThreads, TFM_F32, {1})};
    EXPECT_TFM_OK(tfm_context_run(mine, in.data(), 2, out.data(), 2));
    for (int i = 0; i < 8; ++i)
      EXPECT_EQ(smallY[i], expectedY(ids[i], mask[i])) << i;
  };
  runSmall();

  // 4096 ids: the scratch buffer is 4096^4 floats.
  std::vector<int64_t> bigIds(512 * 8, 1);
  std::vector<float> bigY(512 * 8, -7.0f);
  float bigThreads[1] = {-7.0f};
  std::vector<tfm_tensor> in = {tensorOf(bigIds.data(), TFM_I64, {512, 8}), tfm_tensor{}};
  std::vector<tfm_tensor> out = {tensorOf(bigY.data(), TFM_F32, {512 * 8}),
                                 tensorOf(bigThreads, TFM_F32, {1})};
  const char *expected = "out of memory: the model needs a buffer of 1125899906842624 bytes "
                         "(1048576.0 GiB), which the system cannot give";
  EXPECT_TFM_ERROR(tfm_context_run(mine, in.data(), 2, out.data(), 2), expected);
  // No output is written.
  EXPECT_EQ(bigY[0], -7.0f);
  EXPECT_EQ(bigThreads[0], -7.0f);

  // The failed run's y and threads went back to the pool: failing again,
  // and running the small batch, takes no block from the system.
  uint64_t systemBlocks = tfmrt_system_allocations();
  EXPECT_TFM_ERROR(tfm_context_run(mine, in.data(), 2, out.data(), 2), expected);
  std::vector<tfm_tensor> borrowed(2, tfm_tensor{});
  EXPECT_TFM_ERROR(tfm_context_run_alloc(mine, in.data(), 2, borrowed.data(), 2), expected);
  EXPECT_EQ(borrowed[0].data, nullptr);
  runSmall();
  EXPECT_EQ(tfmrt_system_allocations(), systemBlocks);

  tfm_context_destroy(mine);
  tfm_model_close(handle);
}

TEST_F(ApiTest, AllocationFailingOnAWorkerFailsTheRun) {
  tfm_model_handle *handle = nullptr;
  ASSERT_TRUE(Result(tfm_model_from_linked(&kWorkerAllocatingModel, &handle)).ok());
  tfm_context *mine = nullptr;
  ASSERT_TRUE(Result(tfm_context_create(handle, &mine)).ok());
  bindAll(mine);
  std::vector<tfm_tensor> in = inputs(ids, mask);
  std::vector<tfm_tensor> out = outputs();
  EXPECT_TFM_ERROR(tfm_context_run(mine, in.data(), 2, out.data(), 2),
                   "out of memory: the model needs a buffer of 4611686018427387904 bytes");
  tfm_context_destroy(mine);
  tfm_model_close(handle);
}

TEST(BufferPoolTest, AllocationOutsideARunReturnsNull) {
  tfm::rt::DnnlState dnnl;
  tfmrt_run_context context(1, nullptr, dnnl);
  EXPECT_EQ(tfmrt_alloc(&context, 64, uint64_t(1) << 62), nullptr);
  EXPECT_NE(context.buffers.outOfMemory().find("4611686018427387904 bytes"), std::string::npos);
  // Sizes whose header and rounding would wrap around fail too.
  EXPECT_EQ(tfmrt_alloc(&context, 64, ~uint64_t(0)), nullptr);
  EXPECT_EQ(_mlir_memref_to_llvm_aligned_alloc(64, ~uint64_t(0) - 8), nullptr);
  void *block = tfmrt_alloc(&context, 64, 100);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(context.buffers.count(), 1u);
  tfmrt_free(&context, block);
  EXPECT_EQ(context.buffers.count(), 0u);
}

//===----------------------------------------------------------------------===//
// A model with a KV cache: an input updated in place and a position offset
//===----------------------------------------------------------------------===//

// As tfm-import --kv-cache's @forward: input_ids [B, T] (ids < 10, 8
// positions); position, rank 0, how many tokens the cache holds (offsetting
// input_ids' positions); kv_cache [2, 2, B, M, 4], updated in place. Each run
// appends with tfmrt_kv_cache_write, as generated code does, to both layers:
// the key ids[b, t] + e / 4 and the value -ids[b, t] - e / 4 of each token.
// Its output is y [B, T] = position + t.
const tfm_io_info kKvInputs[] = {
    {"input_ids", TFM_I64, 2, {-1, -1}, nullptr, 10, 8, 0, -1},
    {"position", TFM_I64, 0, {}, nullptr, 0, 8, 0, 0},
    {"kv_cache", TFM_F32, 5, {2, 2, -1, -1, 4}, nullptr, 0, 0, 1, -1},
};
const tfm_io_info kKvOutputs[] = {{"y", TFM_F32, 2, {-1, -1}, nullptr, 0, 0, 0, -1}};
/// The cache's batch is the ids'.
const tfm_dim_equality kKvEqualities[] = {{2, 2, 0, 0, 0}};

/// What the last run of kvCacheEntry received: the cache's data pointer; and
/// how many runs called it.
const void *kvCacheSeen = nullptr;
int kvCacheRuns = 0;

float kvKey(int64_t id, int64_t e) { return static_cast<float>(id) + 0.25f * e; }
float kvValue(int64_t id, int64_t e) { return -kvKey(id, e); }

void kvCacheEntry(void *results, tfmrt_run_context *context, void *const *arguments) {
  ++kvCacheRuns;
  const auto *ids = static_cast<const int64_t *>(arguments[0]);
  auto *position = static_cast<int64_t *>(arguments[1]); // {allocated, aligned, offset}
  auto *cache = static_cast<int64_t *>(arguments[2]);
  std::memcpy(&kvCacheSeen, &cache[1], sizeof(void *));
  const int64_t *idData;
  std::memcpy(&idData, &ids[1], sizeof(void *));
  const int64_t batch = ids[3], tokens = ids[4], count = batch * tokens;
  const int64_t *positionData;
  std::memcpy(&positionData, &position[1], sizeof(void *));
  const int64_t start = positionData[position[2]];
  auto *key = static_cast<float *>(tfmrt_alloc(context, 64, count * 4 * sizeof(float)));
  auto *value = static_cast<float *>(tfmrt_alloc(context, 64, count * 4 * sizeof(float)));
  for (int64_t i = 0; i < count; ++i)
    for (int64_t e = 0; e < 4; ++e) {
      key[i * 4 + e] = kvKey(idData[i], e);
      value[i * 4 + e] = kvValue(idData[i], e);
    }
  Descriptor<3> kd{key, key, 0, {batch, tokens, 4}, {tokens * 4, 4, 1}};
  Descriptor<3> vd{value, value, 0, {batch, tokens, 4}, {tokens * 4, 4, 1}};
  tfmrt_unranked_memref ku{3, &kd}, vu{3, &vd}, pu{0, position}, cu{5, cache};
  for (int64_t layer = 0; layer < 2; ++layer)
    _mlir_ciface_tfmrt_kv_cache_write(context, &ku, &vu, &pu, &cu, layer);
  tfmrt_free(context, key);
  tfmrt_free(context, value);
  auto *y = static_cast<float *>(tfmrt_alloc(context, 64, count * sizeof(float)));
  for (int64_t i = 0; i < count; ++i)
    y[i] = static_cast<float>(start + i % tokens);
  auto *words = static_cast<int64_t *>(results);
  std::memcpy(&words[0], &y, sizeof(void *));
  std::memcpy(&words[1], &y, sizeof(void *));
  words[2] = 0;
  words[3] = batch;
  words[4] = tokens;
  words[5] = tokens;
  words[6] = 1;
}

const tfm_model kKvModel = {TFM_ABI_VERSION, "kv", 3, kKvInputs, 1, kKvOutputs, 0, nullptr,
                            kvCacheEntry, nullptr, nullptr, 1, kKvEqualities,
                            TFM_PRECISION_F32};

class KvCacheApiTest : public ::testing::Test {
protected:
  static constexpr int64_t kRows = 8;

  void SetUp() override {
    Result opened(tfm_model_from_linked(&kKvModel, &model));
    ASSERT_TRUE(opened.ok()) << opened.message();
    Result created(tfm_context_create(model, &ctx));
    ASSERT_TRUE(created.ok()) << created.message();
  }
  void TearDown() override {
    tfm_context_destroy(ctx);
    tfm_model_close(model);
  }
  /// ids [1, T] at `position` over the cache [2, 2, 1, kRows, 4].
  /// The tensors point at `ids`, the cache and the fixture's copy of
  /// `position` (so that they outlive the call, unlike a temporary).
  std::vector<tfm_tensor> inputs(const std::vector<int64_t> &ids, int64_t position) {
    positionValue = position;
    return {tensorOf(ids.data(), TFM_I64, {1, static_cast<int64_t>(ids.size())}),
            tensorOf(&positionValue, TFM_I64, {}),
            tensorOf(cache.data(), TFM_F32, {2, 2, 1, kRows, 4})};
  }
  int64_t positionValue = 0;
  tfm_status run(const std::vector<tfm_tensor> &in) {
    tfm_tensor out = tensorOf(y, TFM_F32, {8});
    return tfm_context_run(ctx, in.data(), static_cast<int>(in.size()), &out, 1);
  }
  /// Element e of row `row` of layer `layer`'s keys (kv 0) or values (kv 1).
  float &at(int64_t layer, int64_t kv, int64_t row, int64_t e) {
    return cache[static_cast<size_t>(((layer * 2 + kv) * kRows + row) * 4 + e)];
  }

  tfm_model_handle *model = nullptr;
  tfm_context *ctx = nullptr;
  std::vector<float> cache = std::vector<float>(2 * 2 * kRows * 4, 7.0f);
  float y[8] = {};
};

// The entry receives the caller's buffer itself, and the rows a run appends
// stay for the next: a prefill of 3 tokens, then a decode step of 1 (its
// position as int32, which the runtime converts) through
// tfm_context_run_alloc.
TEST_F(KvCacheApiTest, TheCacheIsUpdatedInTheCallersBuffer) {
  const std::vector<int64_t> prompt = {1, 2, 3};
  const int64_t zero = 0;
  kvCacheSeen = nullptr;
  EXPECT_TFM_OK(run(inputs(prompt, zero)));
  EXPECT_EQ(kvCacheSeen, cache.data());
  EXPECT_EQ(std::vector<float>(y, y + 3), (std::vector<float>{0, 1, 2}));

  const int64_t next[1] = {4};
  const int32_t three = 3;
  std::vector<tfm_tensor> in = {tensorOf(next, TFM_I64, {1, 1}), tensorOf(&three, TFM_I32, {}),
                                tensorOf(cache.data(), TFM_F32, {2, 2, 1, kRows, 4})};
  tfm_tensor out{};
  kvCacheSeen = nullptr;
  EXPECT_TFM_OK(tfm_context_run_alloc(ctx, in.data(), 3, &out, 1));
  EXPECT_EQ(kvCacheSeen, cache.data());
  ASSERT_NE(out.data, nullptr);
  EXPECT_EQ(out.rank, 2);
  EXPECT_EQ(static_cast<const float *>(out.data)[0], 3.0f);
  tfm_buffer_free(out.data);

  const int64_t tokens[4] = {1, 2, 3, 4};
  for (int64_t layer = 0; layer < 2; ++layer)
    for (int64_t row = 0; row < kRows; ++row)
      for (int64_t e = 0; e < 4; ++e) {
        EXPECT_EQ(at(layer, 0, row, e), row < 4 ? kvKey(tokens[row], e) : 7.0f)
            << "layer " << layer << " row " << row;
        EXPECT_EQ(at(layer, 1, row, e), row < 4 ? kvValue(tokens[row], e) : 7.0f)
            << "layer " << layer << " row " << row;
      }
}

// The position is checked before the run, with its tokens against the
// model's positions: the model never runs and the cache keeps its contents.
TEST_F(KvCacheApiTest, PositionIsCheckedBeforeTheRun) {
  const std::vector<float> before = cache;
  const std::vector<int64_t> ids = {1, 2, 3};
  const int runs = kvCacheRuns;
  EXPECT_TFM_ERROR(run(inputs(ids, -1)), "input 'position': position = -1 is negative; it must "
                                         "be at least 0");
  EXPECT_TFM_ERROR(run(inputs(ids, 6)),
                   "input 'position': position = 6 + 3 new tokens (dimension 1 of input "
                   "'input_ids') exceeds the model's 8 positions");
  EXPECT_TFM_ERROR(run(inputs(ids, std::numeric_limits<int64_t>::max())),
                   "input 'position': position = 9223372036854775807 + 3 new tokens");
  const char *const sources[] = {"ids.npy", "position.npy", "cache.npy"};
  std::vector<tfm_tensor> in = inputs(ids, 6);
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 3, sources),
                   "input 'position' (position.npy): position = 6 + 3 new tokens (dimension 1 "
                   "of input 'input_ids' (ids.npy)) exceeds the model's 8 positions");
  EXPECT_EQ(kvCacheRuns, runs);
  EXPECT_EQ(cache, before);
  // The last position that fits.
  EXPECT_TFM_OK(run(inputs(ids, 5)));
  EXPECT_EQ(at(1, 1, 7, 0), kvValue(3, 0));
}

// A rank-0 input's value is named without an index.
TEST(ApiModelTest, RankZeroValuesAreNamedWithoutAnIndex) {
  std::vector<tfm_io_info> inputs(std::begin(kKvInputs), std::end(kKvInputs));
  inputs[1].id_limit = 6;
  tfm_model limited = kKvModel;
  limited.inputs = inputs.data();
  tfm_model_handle *model = nullptr;
  Result opened(tfm_model_from_linked(&limited, &model));
  ASSERT_TRUE(opened.ok()) << opened.message();
  const int64_t ids[1] = {1}, position = 6;
  std::vector<float> cache(2 * 2 * 8 * 4);
  std::vector<tfm_tensor> in = {tensorOf(ids, TFM_I64, {1, 1}), tensorOf(&position, TFM_I64, {}),
                                tensorOf(cache.data(), TFM_F32, {2, 2, 1, 8, 4})};
  EXPECT_TFM_ERROR(tfm_model_check_inputs(model, in.data(), 3, nullptr),
                   "input 'position': position = 6 is out of the valid range [0, 6)");
  tfm_model_close(model);
}

// A cache with fewer rows than the model's positions: a position within the
// model's but past the cache's rows is refused before the run too (the
// model's views of the cache's rows would read past it).
TEST_F(KvCacheApiTest, PositionIsCheckedAgainstTheCachesRows) {
  std::vector<float> small(2 * 2 * 4 * 4, 7.0f);
  const std::vector<int64_t> ids = {1, 2, 3};
  const int runs = kvCacheRuns;
  std::vector<tfm_tensor> in = inputs(ids, 2);
  in[2] = tensorOf(small.data(), TFM_F32, {2, 2, 1, 4, 4});
  EXPECT_TFM_ERROR(run(in), "input 'position': position = 2 + 3 new tokens exceeds the 4 rows "
                            "of input 'kv_cache' (its dimension 3)");
  EXPECT_EQ(kvCacheRuns, runs);
  EXPECT_EQ(small, std::vector<float>(small.size(), 7.0f));
  in = inputs(ids, 1);
  in[2] = tensorOf(small.data(), TFM_F32, {2, 2, 1, 4, 4});
  EXPECT_TFM_OK(run(in));
  EXPECT_EQ(small[(3 * 4 + 3) * 4], kvValue(3, 0)); // layer 1's values, row 3
}

TEST_F(KvCacheApiTest, TheCacheMustBeGivenAsF32OfItsShape) {
  const std::vector<int64_t> ids = {1, 2, 3};
  const int runs = kvCacheRuns;
  std::vector<tfm_tensor> in = inputs(ids, 0);
  in[2].data = nullptr;
  EXPECT_TFM_ERROR(run(in), "input 'kv_cache' is updated in place, so it must be given, but its "
                            "data is NULL");
  std::vector<int64_t> integers(cache.size());
  in[2] = tensorOf(integers.data(), TFM_I64, {2, 2, 1, kRows, 4});
  EXPECT_TFM_ERROR(run(in), "input 'kv_cache': expected float32 data, got int64 (the model "
                            "updates this input in place)");
  in[2] = tensorOf(cache.data(), TFM_F32, {2, 1, kRows, 4});
  EXPECT_TFM_ERROR(run(in), "input 'kv_cache': expected rank 5");
  in[2] = tensorOf(cache.data(), TFM_F32, {2, 2, 1, kRows / 2, 8});
  EXPECT_TFM_ERROR(run(in), "(dimension 4 must be 4)");
  in[2] = tensorOf(cache.data(), TFM_F32, {2, 2, 2, kRows / 2, 4});
  EXPECT_TFM_ERROR(run(in), "input 'kv_cache' dim 2 is 2 but input 'input_ids' dim 0 is 1");
  EXPECT_EQ(kvCacheRuns, runs);
}

// What the runtime relies on in the new fields of a description.
TEST(ApiModelTest, InvalidInPlaceInputsAndPositionOffsetsAreRefused) {
  auto refused = [](const std::vector<tfm_io_info> &inputs,
                    const std::vector<tfm_io_info> &outputs) {
    tfm_model other = kKvModel;
    other.inputs = inputs.data();
    other.outputs = outputs.data();
    tfm_model_handle *handle = nullptr;
    Result result(tfm_model_from_linked(&other, &handle));
    EXPECT_EQ(handle, nullptr);
    tfm_model_close(handle);
    return result.message();
  };
  const std::vector<tfm_io_info> inputs(std::begin(kKvInputs), std::end(kKvInputs)),
      outputs(std::begin(kKvOutputs), std::end(kKvOutputs));
  std::vector<tfm_io_info> bad = inputs;
  bad[2].updated_in_place = 2;
  EXPECT_EQ(refused(bad, outputs),
            "invalid model description: input 'kv_cache' has updated_in_place 2 (0 or 1)");
  bad = inputs;
  bad[0].updated_in_place = 1;
  EXPECT_EQ(refused(bad, outputs), "invalid model description: input 'input_ids' is updated in "
                                   "place but has dtype int64 (only float32 inputs can be)");
  bad = inputs;
  bad[2].default_fill = "zeros";
  EXPECT_EQ(refused(bad, outputs), "invalid model description: input 'kv_cache' is updated in "
                                   "place but has a default (the caller's buffer holds its "
                                   "state)");
  std::vector<tfm_io_info> clashing = outputs;
  clashing[0].name = "kv_cache";
  EXPECT_EQ(refused(inputs, clashing), "invalid model description: input 'kv_cache' is updated "
                                       "in place and an output has its name");
  for (int32_t offsets : {-1, 1, 3}) {
    bad = inputs;
    bad[1].offsets_input = offsets;
    EXPECT_EQ(refused(bad, outputs),
              "invalid model description: input 'position' offsets the positions of input #" +
                  std::to_string(offsets) +
                  ", which is no other input of rank 2 or more (offsets_input)");
  }
  // offsets_input is read only for rank-0 integer inputs with a limit.
  std::vector<tfm_io_info> unread = inputs;
  unread[1].max_sequence = 0;
  unread[1].offsets_input = 7;
  tfm_model other = kKvModel;
  other.inputs = unread.data();
  tfm_model_handle *handle = nullptr;
  EXPECT_TFM_OK(tfm_model_from_linked(&other, &handle));
  tfm_model_close(handle);
}

} // namespace
