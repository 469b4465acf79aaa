//===- ModelEntry.cpp - calling a compiled model's entry point -----------===//
//
// See ModelEntry.h. A ranked memref descriptor is {allocated, aligned,
// offset, sizes[rank], strides[rank]}: 3 + 2 * rank consecutive 64-bit
// words, pointers included, so one view serves every rank.
//
//===----------------------------------------------------------------------===//

#include "ModelEntry.h"
#include "RunContext.h"

#include <omp.h>

#include <csetjmp>
#include <cstring>
#include <thread>
#include <vector>

namespace tfm::rt {
namespace {

static_assert(sizeof(void *) == sizeof(int64_t),
              "memref descriptors hold pointers in 64-bit words");

/// A memref descriptor of rank `rank` stored at `words`.
class DescriptorView {
public:
  DescriptorView(int64_t *words, int32_t rank) : words_(words), rank_(rank) {}

  static size_t wordCount(int32_t rank) { return 3 + 2 * static_cast<size_t>(rank); }

  void *allocated() const { return pointerAt(0); }
  void *aligned() const { return pointerAt(1); }
  int64_t offset() const { return words_[2]; }
  int64_t size(int32_t dim) const { return words_[3 + dim]; }
  int64_t stride(int32_t dim) const { return words_[3 + rank_ + dim]; }

  /// A dense, row-major view of `data` with `shape[0, rank)`.
  void describeDense(void *data, const int64_t *shape) {
    std::memcpy(&words_[0], &data, sizeof(data));
    std::memcpy(&words_[1], &data, sizeof(data));
    words_[2] = 0;
    int64_t stride = 1;
    for (int32_t i = rank_ - 1; i >= 0; --i) {
      words_[3 + i] = shape[i];
      words_[3 + rank_ + i] = stride;
      stride *= shape[i];
    }
  }

  /// Row-major with no offset, so the allocation itself holds the tensor.
  /// Unit dimensions may have any stride.
  bool isDense() const {
    if (offset() != 0 || allocated() != aligned())
      return false;
    int64_t expected = 1;
    for (int32_t i = rank_ - 1; i >= 0; --i) {
      if (size(i) != 1 && stride(i) != expected)
        return false;
      expected *= size(i);
    }
    return true;
  }

private:
  void *pointerAt(size_t index) const {
    void *pointer;
    std::memcpy(&pointer, &words_[index], sizeof(pointer));
    return pointer;
  }

  int64_t *words_;
  int32_t rank_;
};

/// Copies the float32 tensor `view` describes into a new dense buffer of
/// the models' heap; null when it cannot be allocated.
float *copyDense(const DescriptorView &view, int32_t rank, int64_t count) {
  auto *copy = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(
      64, static_cast<uint64_t>(count > 0 ? count : 1) * sizeof(float)));
  if (!copy)
    return nullptr;
  const float *source = static_cast<const float *>(view.aligned()) + view.offset();
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t rest = linear, offset = 0;
    for (int32_t i = rank - 1; i >= 0; --i) {
      offset += (rest % view.size(i)) * view.stride(i);
      rest /= view.size(i);
    }
    copy[linear] = source[offset];
  }
  return copy;
}

/// Results can share a buffer (a value returned twice): the last of them
/// owns it, so that the others copy it before it is taken or freed.
bool ownsBuffer(const std::vector<DescriptorView> &results, size_t index) {
  for (size_t later = index + 1; later < results.size(); ++later)
    if (results[later].allocated() == results[index].allocated())
      return false;
  return true;
}

/// Calls `entry`; false if the run ran out of memory, when tfmrt_alloc
/// jumps back here. No object with a destructor lives in this frame or in
/// generated code's, so that the jump skips none; the context outlives it.
[[gnu::noinline]] bool callEntryUntilOutOfMemory(tfm_entry_fn entry, void *results,
                                                 tfmrt_run_context *context,
                                                 void *const *arguments) {
  std::jmp_buf outOfMemory;
  if (setjmp(outOfMemory) != 0) {
    context->outOfMemoryExit = nullptr;
    return false;
  }
  context->entryThread = std::this_thread::get_id();
  context->entryOpenMpLevel = omp_get_level();
  context->outOfMemoryExit = &outOfMemory;
  entry(results, context, arguments);
  context->outOfMemoryExit = nullptr;
  return true;
}

} // namespace

Status callModelEntry(const tfm_model &model, tfmrt_run_context &context,
                      const tfm_tensor *inputs, const float *const *params,
                      tfm_tensor *outputs) {
  // The descriptors of the inputs, then of the parameters.
  size_t argumentWords = 0;
  for (int32_t i = 0; i < model.num_inputs; ++i)
    argumentWords += DescriptorView::wordCount(model.inputs[i].rank);
  for (int32_t i = 0; i < model.num_params; ++i)
    argumentWords += DescriptorView::wordCount(model.params[i].rank);
  std::vector<int64_t> argumentStorage(argumentWords);
  std::vector<void *> arguments;
  arguments.reserve(static_cast<size_t>(model.num_inputs + model.num_params));
  int64_t *next = argumentStorage.data();
  auto describe = [&](void *data, int32_t rank, const int64_t *shape) {
    DescriptorView(next, rank).describeDense(data, shape);
    arguments.push_back(next);
    next += DescriptorView::wordCount(rank);
  };
  for (int32_t i = 0; i < model.num_inputs; ++i)
    describe(inputs[i].data, model.inputs[i].rank, inputs[i].shape);
  for (int32_t i = 0; i < model.num_params; ++i)
    describe(const_cast<float *>(params[i]), model.params[i].rank, model.params[i].shape);

  // The outputs' descriptors, one after another.
  size_t resultWords = 0;
  for (int32_t i = 0; i < model.num_outputs; ++i)
    resultWords += DescriptorView::wordCount(model.outputs[i].rank);
  std::vector<int64_t> resultStorage(resultWords > 0 ? resultWords : 1);
  std::vector<DescriptorView> results;
  next = resultStorage.data();
  for (int32_t i = 0; i < model.num_outputs; ++i) {
    results.emplace_back(next, model.outputs[i].rank);
    next += DescriptorView::wordCount(model.outputs[i].rank);
  }

  // Generated loops and oneDNN's run in OpenMP parallel regions of the
  // calling thread, which take its setting (other threads keep theirs).
  omp_set_num_threads(context.threads);
  bool returned =
      callEntryUntilOutOfMemory(model.entry, resultStorage.data(), &context, arguments.data());
  // An allocation that failed where it could not end the run (hand-written
  // code allocating on an OpenMP worker) returned null: the results are
  // not to be trusted either.
  if (!returned || context.buffers.ranOutOfMemory()) {
    // The run ends with no outputs; its buffers go back to the pool, so
    // the next run, with a smaller input, finds the memory.
    context.buffers.releaseAll();
    std::string message = context.buffers.outOfMemory();
    return Status::error(message.empty() ? "out of memory" : message);
  }
  // The buffers still held are the results, which are now the caller's.
  context.buffers.forgetAll();

  for (size_t i = 0; i < results.size(); ++i) {
    const DescriptorView &result = results[i];
    int32_t rank = model.outputs[i].rank;
    tfm_tensor &out = outputs[i];
    out = tfm_tensor();
    out.dtype = TFM_F32;
    out.rank = rank;
    int64_t count = 1;
    for (int32_t d = 0; d < rank; ++d) {
      out.shape[d] = result.size(d);
      count *= result.size(d);
    }
    bool owner = ownsBuffer(results, i);
    if (owner && result.isDense()) {
      out.data = result.allocated();
      continue;
    }
    out.data = copyDense(result, rank, count);
    if (!out.data) {
      // Buffers not taken yet are freed; those taken are the caller's.
      for (size_t j = i; j < results.size(); ++j)
        if (ownsBuffer(results, j))
          _mlir_memref_to_llvm_free(results[j].allocated());
      return Status::error("out of memory copying the model's output '" +
                           std::string(model.outputs[i].name) + "'");
    }
    if (owner)
      _mlir_memref_to_llvm_free(result.allocated());
  }
  return Status::success();
}

} // namespace tfm::rt
