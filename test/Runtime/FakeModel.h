//===- FakeModel.h - hand-written model entries for the unit tests -*- C++ -*-===//
//
// The runtime's tests describe small fake models by hand. Their computation
// is easiest to write on tensors; fakeEntry adapts such a function to the
// entry point a compiled model has (tfm_entry_fn: memref descriptors in and
// out), so the runtime's real descriptor handling is under test.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TEST_RUNTIME_FAKEMODEL_H
#define TFM_TEST_RUNTIME_FAKEMODEL_H

#include "tfm/Runtime/ModelAbi.h"

#include "../../lib/Runtime/RunContext.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace tfm::rt::test_fakes {

/// A fake model's computation: reads `inputs` and `params`, fills `outputs`
/// with dense buffers of _mlir_memref_to_llvm_aligned_alloc; non-zero on
/// failure. `context` is the run's, for the kernels it calls.
using FakeRunFn = int (*)(tfmrt_run_context *context, const tfm_tensor *inputs,
                          const float *const *params, tfm_tensor *outputs);

/// The entry of a fake model described by `*Model` whose computation is
/// `Run`. A failure of `Run` is reported as a kernel error, as generated
/// code reports failures.
template <const tfm_model *Model, FakeRunFn Run>
void fakeEntry(void *results, tfmrt_run_context *context, void *const *arguments) {
  const tfm_model &model = *Model;
  std::vector<tfm_tensor> inputs(static_cast<size_t>(model.num_inputs), tfm_tensor());
  for (int32_t i = 0; i < model.num_inputs; ++i) {
    const auto *words = static_cast<const int64_t *>(arguments[i]);
    tfm_tensor &input = inputs[static_cast<size_t>(i)];
    std::memcpy(&input.data, &words[1], sizeof(void *));
    input.dtype = model.inputs[i].dtype;
    input.rank = model.inputs[i].rank;
    std::memcpy(input.shape, &words[3], sizeof(int64_t) * static_cast<size_t>(input.rank));
  }
  std::vector<const float *> params(static_cast<size_t>(model.num_params));
  for (int32_t i = 0; i < model.num_params; ++i)
    std::memcpy(&params[static_cast<size_t>(i)],
                &static_cast<const int64_t *>(arguments[model.num_inputs + i])[1],
                sizeof(void *));
  std::vector<tfm_tensor> outputs(static_cast<size_t>(model.num_outputs), tfm_tensor());
  if (int code = Run(context, inputs.data(), params.data(), outputs.data()))
    context->errors.record("the fake model failed with code " + std::to_string(code));
  auto *words = static_cast<int64_t *>(results);
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    const tfm_tensor &output = outputs[static_cast<size_t>(i)];
    int32_t rank = model.outputs[i].rank;
    std::memcpy(&words[0], &output.data, sizeof(void *));
    std::memcpy(&words[1], &output.data, sizeof(void *));
    words[2] = 0;
    int64_t stride = 1;
    for (int32_t d = rank - 1; d >= 0; --d) {
      words[3 + d] = output.shape[d];
      words[3 + rank + d] = stride;
      stride *= output.shape[d];
    }
    words += 3 + 2 * rank;
  }
}

} // namespace tfm::rt::test_fakes

#endif // TFM_TEST_RUNTIME_FAKEMODEL_H
