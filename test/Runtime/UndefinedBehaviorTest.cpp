//===- UndefinedBehaviorTest.cpp - inputs that once reached UB in libtfmrt ===//
//
// Built into tfmrt-ubsan-unittests, against libtfmrt's sources compiled with
// -fsanitize=undefined in trap mode: undefined behaviour stops the test with
// SIGILL instead of passing unnoticed (a NaN converted to int, say, gives a
// plausible result on x86). Each test feeds what reached UB before: NaN and
// infinite values into the attention kernel's softmax, and dtype fields
// holding integers that are no tfm_dtype, which C callers and hand-written
// model descriptions can store.
//
//===----------------------------------------------------------------------===//

#include "tfm/tfm.h"
#include "tfm/Runtime/Kernels.h"

#include <gtest/gtest.h>

#include "KernelTestSupport.h"

#include "FakeModel.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace {

using tfm::rt::test_fakes::fakeEntry;

/// A dense [batch, tokens, width] tensor as the kernel takes it.
Descriptor<3> describeDense(std::vector<float> &data, int64_t batch, int64_t tokens,
                            int64_t width) {
  return {data.data(), data.data(), 0, {batch, tokens, width}, {tokens * width, width, 1}};
}

/// Attention over one head of 2 features and 3 tokens, with `poisoned` at
/// query (batch 0, token 1, feature 0); everything else finite. Returns the
/// outputs of the poisoned and of a clean batch element.
void attendWithPoisonedQuery(float poisoned, int64_t maskKind, int64_t bf16,
                             std::vector<float> &dirtyRows, std::vector<float> &cleanRows) {
  const int64_t batch = 2, tokens = 3, width = 2;
  std::vector<float> q = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
  std::vector<float> k = q, v = q, out(q.size(), 0.0f);
  q[2] = poisoned;
  k[2] = poisoned; // the score of every query with key 1 too
  auto qd = describeDense(q, batch, tokens, width), kd = describeDense(k, batch, tokens, width),
       vd = describeDense(v, batch, tokens, width), od = describeDense(out, batch, tokens, width);
  tfmrt_unranked_memref qu{3, &qd}, ku{3, &kd}, vu{3, &vd}, ou{3, &od};
  tfm::rt::DnnlState dnnl;
  tfmrt_run_context context(2, nullptr, dnnl);
  _mlir_ciface_tfmrt_attention(&context, &qu, &ku, &vu, &ou, &ou, 1, 1.0, maskKind, bf16);
  ASSERT_EQ(context.errors.take(), "");
  dirtyRows.assign(out.begin(), out.begin() + tokens * width);
  cleanRows.assign(out.begin() + tokens * width, out.end());
}

TEST(UndefinedBehaviorTest, NonFiniteAttentionInputsGiveNaN) {
  for (float poisoned : {std::numeric_limits<float>::quiet_NaN(),
                         std::numeric_limits<float>::infinity(),
                         -std::numeric_limits<float>::infinity()}) {
    for (int64_t maskKind : {int64_t(TFMRT_MASK_NONE), int64_t(TFMRT_MASK_CAUSAL)}) {
      for (int64_t bf16 : {0, 1}) {
        SCOPED_TRACE(std::to_string(poisoned) + ", mask kind " + std::to_string(maskKind) +
                     ", bf16 " + std::to_string(bf16));
        std::vector<float> dirty, clean;
        attendWithPoisonedQuery(poisoned, maskKind, bf16, dirty, clean);
        // Token 1 attends to key 1 (causal or not): its row is NaN throughout.
        EXPECT_TRUE(std::isnan(dirty[2]) && std::isnan(dirty[3]))
            << dirty[2] << ", " << dirty[3];
        // The other batch element never sees the value.
        for (float value : clean)
          EXPECT_TRUE(std::isfinite(value)) << value;
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Dtype fields holding no tfm_dtype
//===----------------------------------------------------------------------===//

int copyRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *,
            tfm_tensor *outputs) {
  const tfm_tensor &x = inputs[0];
  auto *y = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, 2 * sizeof(float)));
  if (!y)
    return 1;
  std::memcpy(y, x.data, 2 * sizeof(float));
  outputs[0] = tfm_tensor{y, TFM_F32, 1, {2}};
  return 0;
}

const tfm_io_info kInputs[] = {{"x", TFM_F32, 1, {2}, nullptr, 0, 0}};
const tfm_io_info kOutputs[] = {{"y", TFM_F32, 1, {2}, nullptr, 0, 0}};
const tfm_model kModel = {TFM_ABI_VERSION, "copy", 1, kInputs, 1, kOutputs,
                          0, nullptr, fakeEntry<&kModel, copyRun>, nullptr, nullptr, 0, nullptr, TFM_PRECISION_F32};

/// Stores `raw` in a dtype field as a C caller can; no tfm_dtype is made.
void storeRawDType(tfm_dtype &field, int32_t raw) {
  static_assert(sizeof(tfm_dtype) == sizeof(int32_t), "tfm_dtype is stored as an int");
  std::memcpy(&field, &raw, sizeof(raw));
}

std::string messageOf(tfm_status status) {
  std::string message = status ? tfm_status_message(status) : "(success)";
  tfm_status_free(status);
  return message;
}

TEST(UndefinedBehaviorTest, UnknownDTypesAreErrors) {
  tfm_model_handle *model = nullptr;
  ASSERT_EQ(messageOf(tfm_model_from_linked(&kModel, &model)), "(success)");
  tfm_context *ctx = nullptr;
  ASSERT_EQ(messageOf(tfm_context_create(model, &ctx)), "(success)");
  float x[2] = {1, 2}, y[2] = {};
  for (int32_t raw : {4, 77, -1, 0x7fffffff}) {
    SCOPED_TRACE(raw);
    tfm_tensor input{x, TFM_F32, 1, {2}}, output{y, TFM_F32, 1, {2}};
    storeRawDType(input.dtype, raw);
    EXPECT_EQ(messageOf(tfm_model_check_inputs(model, &input, 1, nullptr)),
              "input 'x': unknown dtype " + std::to_string(raw));
    EXPECT_EQ(messageOf(tfm_context_run(ctx, &input, 1, &output, 1)),
              "input 'x': unknown dtype " + std::to_string(raw));
    input.dtype = TFM_F32;
    storeRawDType(output.dtype, raw);
    EXPECT_EQ(messageOf(tfm_context_run(ctx, &input, 1, &output, 1)),
              "output 'y': the buffer's dtype " + std::to_string(raw) +
                  " is unknown, expected float32");

    tfm_io_info inputs[] = {kInputs[0]}, outputs[] = {kOutputs[0]};
    tfm_model described = kModel;
    described.inputs = inputs;
    described.outputs = outputs;
    storeRawDType(inputs[0].dtype, raw);
    tfm_model_handle *refused = nullptr;
    EXPECT_EQ(messageOf(tfm_model_from_linked(&described, &refused)),
              "invalid model description: input 'x' has unknown dtype " + std::to_string(raw));
    inputs[0].dtype = TFM_F32;
    storeRawDType(outputs[0].dtype, raw);
    EXPECT_EQ(messageOf(tfm_model_from_linked(&described, &refused)),
              "invalid model description: output 'y' has unknown dtype " + std::to_string(raw));
    EXPECT_EQ(refused, nullptr);
  }
  // The context still runs.
  tfm_tensor input{x, TFM_F32, 1, {2}}, output{y, TFM_F32, 1, {2}};
  EXPECT_EQ(messageOf(tfm_context_run(ctx, &input, 1, &output, 1)), "(success)");
  EXPECT_EQ(y[1], 2.0f);
  tfm_context_destroy(ctx);
  tfm_model_close(model);
}

} // namespace
