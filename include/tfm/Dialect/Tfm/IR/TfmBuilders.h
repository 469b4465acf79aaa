//===- TfmBuilders.h - tfm op sequences built in two places -----*- C++ -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMBUILDERS_H
#define TFM_DIALECT_TFM_IR_TFMBUILDERS_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::tfm {

/// Multi-head attention written out in tfm ops, as the importer emits it
/// (for tfm-fuse-attention to fuse) and as tfm.attention decomposes (for
/// TfmToLinalg): split_heads of `query`, `key` and `value` ([B, T, D], D
/// static in the query) into `heads`, the scores Q·Kᵀ [B, H, Tq, Tk],
/// `probabilities(scores)`, their product with the values, and merge_heads
/// to `resultType`. A key or value whose D is dynamic is cast to the
/// query's first.
Value buildAttentionChain(OpBuilder &b, Location loc, Value query, Value key, Value value,
                          int64_t heads, Type resultType,
                          llvm::function_ref<Value(Value scores)> probabilities);

} // namespace mlir::tfm

#endif // TFM_DIALECT_TFM_IR_TFMBUILDERS_H
