//===- RunContext.h - the state one run of a model works with ---*- C++ -*-===//
//
// Internal to libtfmrt (and its unit tests). ModelRunner makes a run context
// (tfmrt_run_context, opaque in ModelAbi.h) for each run of a model; the
// model's code passes it to every kernel and allocation. It holds what
// belongs to the run (the first kernel error, the buffers it holds) and
// lends the run what the binding that runs the model (a C API context, the
// executable's driver) keeps from run to run: the thread count, the packed
// weights, the oneDNN state and attention's buffers. Kernels find all of it
// there, none in thread-local or global variables, so runs of separate
// bindings on separate threads never see each other's.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_RUNCONTEXT_H
#define TFM_LIB_RUNTIME_RUNCONTEXT_H

#include "tfm/Runtime/ModelAbi.h"

#include <csetjmp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tfm::rt {

class PackedWeights;

/// The oneDNN engine and stream the dnnl kernels run on, the primitives they
/// created and the buffers they share (DnnlKernels.cpp). Primitives are
/// expensive to create and cheap to run, so a binding keeps them for all its
/// runs. A kernel holds the state's lock while it uses it: kernels called
/// from several threads take turns instead of sharing a primitive's memory
/// objects.
class DnnlState {
public:
  DnnlState();
  ~DnnlState();
  DnnlState(const DnnlState &) = delete;
  DnnlState &operator=(const DnnlState &) = delete;

  /// The kernels the binding's runs have used, as a JSON object: per
  /// precision requested of tfmrt_linear, the implementations of the
  /// linears created for it (oneDNN's impl_info_str, or tfm's own "tfm amx
  /// bf16" and "tfm amx int8"), and under "attention" tfmrt_attention's
  /// loops: {"f32": "brg:avx512_core", "bf16": "tfm amx bf16", "attention":
  /// "tfm amx bf16"}. A linear
  /// request served by the f32 linear instead reads "f32 fallback: ...";
  /// several implementations of one entry are separated by ", ".
  std::string kernelsJson();
  /// Adds `implementation` to the entry `entry` of kernelsJson, once.
  void recordKernel(const std::string &entry, const std::string &implementation);

  struct Impl;
  Impl &impl() { return *impl_; }

private:
  std::unique_ptr<Impl> impl_;
};

/// tfmrt_attention's buffers, one set per OpenMP worker (FlashAttention.cpp),
/// grown to the largest problem seen and kept by the binding, as DnnlState
/// is, so that its runs allocate nothing once they have grown. Attention
/// holds the lock while it uses them.
class AttentionScratch {
public:
  AttentionScratch();
  ~AttentionScratch();
  AttentionScratch(const AttentionScratch &) = delete;
  AttentionScratch &operator=(const AttentionScratch &) = delete;

  struct Workers;
  Workers &workers() { return *workers_; }
  std::mutex &mutex() { return mutex_; }

private:
  std::unique_ptr<Workers> workers_;
  std::mutex mutex_;
};

/// The first error the kernels of one run report, from whichever thread (a
/// kernel may report from an OpenMP worker).
class KernelErrors {
public:
  /// Keeps `message` unless an error was recorded before.
  void record(const std::string &message);
  /// The recorded error, cleared; empty if none.
  std::string take();

private:
  std::mutex mutex_;
  std::string first_;
};

/// The buffers a run took from the models' heap (tfmrt_alloc) and has not
/// freed yet, and the first allocation that failed. A run that fails
/// returns them to the pool; one that succeeds hands its results to the
/// caller. Allocations may come from any thread. The buffers are linked
/// through their pool headers (BufferPool.cpp), so that keeping track of
/// them allocates nothing.
class RunBuffers {
public:
  RunBuffers() = default;
  RunBuffers(const RunBuffers &) = delete;
  RunBuffers &operator=(const RunBuffers &) = delete;

  /// Records `block`, a block of the pool, as the run's.
  void add(void *block);
  /// Forgets `block`, freed by the run; nothing if it is not the run's.
  void remove(void *block);
  /// Returns the buffers still held to the pool (a failed run).
  void releaseAll();
  /// Forgets the buffers still held: they are the run's results.
  void forgetAll();
  /// How many buffers the run holds.
  size_t count();

  /// Records that an allocation of `bytes` failed, with a message naming
  /// the size unless one was recorded before (or the message itself cannot
  /// be allocated).
  void recordOutOfMemory(uint64_t bytes);
  /// Whether an allocation failed.
  bool ranOutOfMemory();
  /// The first message recorded; may be empty even if one failed (when the
  /// message itself could not be made).
  std::string outOfMemory();

private:
  /// Unlinks every buffer still held, returning each to the pool if
  /// `returnToPool`.
  void unlinkAll(bool returnToPool);

  std::mutex mutex_;
  void *first_ = nullptr;
  bool ranOutOfMemory_ = false;
  std::string outOfMemory_;
};

} // namespace tfm::rt

struct tfmrt_run_context {
  tfmrt_run_context(int threads, tfm::rt::PackedWeights *packedWeights, tfm::rt::DnnlState &dnnl,
                    tfm::rt::AttentionScratch *attentionScratch = nullptr)
      : threads(threads), packedWeights(packedWeights), dnnl(dnnl),
        attentionScratch(attentionScratch) {}
  tfmrt_run_context(const tfmrt_run_context &) = delete;
  tfmrt_run_context &operator=(const tfmrt_run_context &) = delete;

  /// The OpenMP thread count of the run (>= 1).
  const int threads;
  /// The binding's weights in the layouts their kernels run with; null when
  /// no binding lends any (a kernel called on its own then reorders a weight
  /// into a copy for the call).
  tfm::rt::PackedWeights *const packedWeights;
  tfm::rt::DnnlState &dnnl;
  /// The binding's attention buffers; null when no binding lends any (the
  /// kernel then allocates buffers for the call).
  tfm::rt::AttentionScratch *const attentionScratch;
  tfm::rt::KernelErrors errors;
  tfm::rt::RunBuffers buffers;
  /// Where tfmrt_alloc ends the run when memory is out: set by the runtime's
  /// call of the model's entry (ModelEntry.cpp) for the call's duration.
  /// Only the thread that called the entry, at the OpenMP nesting level it
  /// called it from, may jump there (not from inside a parallel region).
  std::jmp_buf *outOfMemoryExit = nullptr;
  std::thread::id entryThread;
  int entryOpenMpLevel = 0;
};

#endif // TFM_LIB_RUNTIME_RUNCONTEXT_H
