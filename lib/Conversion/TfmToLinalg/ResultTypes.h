//===- ResultTypes.h - declared result types in tfm lowerings ---*- C++ -*-===//
//
// The tfm verifiers accept a result type that is merely compatible with the
// one the operands imply (more or less static), while a lowering builds a
// value of the implied type. Every lowering replaces its op through
// replaceOpWithResultType so that the op's users keep seeing the declared
// type.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_CONVERSION_TFMTOLINALG_RESULTTYPES_H
#define TFM_LIB_CONVERSION_TFMTOLINALG_RESULTTYPES_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfm {

/// Replaces the single-result `op` by `value`, through a tensor.cast when
/// `value`'s type differs from the op's declared result type.
inline void replaceOpWithResultType(PatternRewriter &rewriter, Operation *op,
                                    Value value) {
  Type resultType = op->getResult(0).getType();
  if (value.getType() != resultType)
    value = rewriter.create<tensor::CastOp>(op->getLoc(), resultType, value);
  rewriter.replaceOp(op, value);
}

} // namespace mlir::tfm

#endif // TFM_LIB_CONVERSION_TFMTOLINALG_RESULTTYPES_H
