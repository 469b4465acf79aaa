//===- RuntimeCalls.h - what both runtime lowerings share -------*- C++ -*-===//
//
// tfm-to-dnnl and tfm-lower-attention turn tfm ops into tfmrt kernel
// operations, in destination style.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_CONVERSION_TFMTODNNL_RUNTIMECALLS_H
#define TFM_LIB_CONVERSION_TFMTODNNL_RUNTIMECALLS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfm {

/// Whether `value` is a ranked f32 tensor: the kernels' only element type.
inline bool isF32Tensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getElementType().isF32();
}

/// The destination of a kernel whose result has type `type`: a `tensor.empty`
/// whose dynamic dimensions are those of `shapeSource` (same rank), except
/// the ones listed in `overrides` (dimension, size).
Value emptyDestination(OpBuilder &builder, Location loc, RankedTensorType type,
                       Value shapeSource, ArrayRef<std::pair<int64_t, Value>> overrides = {});

/// Applies `patterns` to the ops under `root` that exist now, with no
/// folding or region simplification: a lowering changes only what it matches.
LogicalResult applyToExistingOps(Operation *root, RewritePatternSet &&patterns);

} // namespace mlir::tfm

#endif // TFM_LIB_CONVERSION_TFMTODNNL_RUNTIMECALLS_H
