//===- ModelEntry.h - calling a compiled model's entry point ----*- C++ -*-===//
//
// Internal to libtfmrt. A compiled model takes and returns MLIR's ranked
// memref descriptors (tfm_entry_fn in tfm/Runtime/ModelAbi.h); the runtime
// speaks in tfm_tensor. This is the adapter between the two, for any rank.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_MODELENTRY_H
#define TFM_LIB_RUNTIME_MODELENTRY_H

#include "tfm/Runtime/ModelAbi.h"
#include "tfm/Runtime/Status.h"

namespace tfm::rt {

/// Runs `model.entry` in `context`, on `context.threads` OpenMP threads: `inputs` in the order of
/// model.inputs (validated, dense; passed as they are, any rank including 0,
/// so that the model writes an input it updates in place, a KV cache, in the
/// caller's buffer), `params` in the order of model.params
/// (float32, dense, shapes as declared). Fills `outputs` (in the order of
/// model.outputs) with dense buffers the caller releases with tfmrt_release:
/// a returned buffer is kept when it is dense and no other output shares
/// it, else copied. Fails when the run runs out of memory (the error names
/// the allocation; `outputs` stay empty and the run's buffers return to
/// the pool) or a copy cannot be allocated (the outputs made so far are
/// then in `outputs` for the caller to release).
Status callModelEntry(const tfm_model &model, tfmrt_run_context &context,
                      const tfm_tensor *inputs, const float *const *params,
                      tfm_tensor *outputs);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_MODELENTRY_H
