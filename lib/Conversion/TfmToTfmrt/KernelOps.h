//===- KernelOps.h - what the lowerings to tfmrt share ----------*- C++ -*-===//
//
// tfm-to-dnnl and tfm-lower-attention turn tfm ops into tfmrt kernel
// operations, in destination style; tfm-mark-prepacked-weights records the
// linear kernel's flags for the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_CONVERSION_TFMTOTFMRT_KERNELOPS_H
#define TFM_LIB_CONVERSION_TFMTOTFMRT_KERNELOPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

namespace mlir::tfm {

class LinearOp;

/// Whether `value` is a ranked f32 tensor: the kernels' only element type.
inline bool isF32Tensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getElementType().isF32();
}

/// Whether every operand and result of `op` is a ranked f32 tensor.
bool allF32(Operation *op);

/// The tfmrt_linear flags (Kernels.h) that describe `op` to the kernel.
int64_t linearKernelFlags(LinearOp op);

/// The destination of a kernel whose result has type `type`: a `tensor.empty`
/// whose dynamic dimensions are those of `shapeSource` (same rank), except
/// the ones listed in `overrides` (dimension, size).
Value emptyDestination(OpBuilder &builder, Location loc, RankedTensorType type,
                       Value shapeSource, ArrayRef<std::pair<int64_t, Value>> overrides = {});

/// Applies `patterns` to the ops under `root` that exist now, with no
/// folding or region simplification: a lowering changes only what it matches.
LogicalResult applyToExistingOps(Operation *root, RewritePatternSet &&patterns);

} // namespace mlir::tfm

#endif // TFM_LIB_CONVERSION_TFMTOTFMRT_KERNELOPS_H
