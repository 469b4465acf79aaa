//===- TfmInterfaces.h - tfm op interfaces ----------------------*- C++ -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMINTERFACES_H
#define TFM_DIALECT_TFM_IR_TFMINTERFACES_H

#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/Value.h"

namespace mlir::tfm {

/// Dimension `dim` of the ranked tensor `value`.
struct TensorDim {
  Value value;
  int64_t dim;
};

/// Two dimensions an op requires equal at run time.
struct DimEquality {
  TensorDim lhs, rhs;
};

/// Appends the equalities of every dimension of `lhs` with the same one of
/// `rhs` (tensors of one rank).
void equateShapes(Value lhs, Value rhs, SmallVectorImpl<DimEquality> &equalities);

/// Appends the equalities of the dimensions of `operand`, right-aligned,
/// with those of `result` it does not broadcast along: all but static 1s.
void equateBroadcast(Value operand, Value result, SmallVectorImpl<DimEquality> &equalities);

} // namespace mlir::tfm

#include "tfm/Dialect/Tfm/IR/TfmInterfaces.h.inc"

#endif // TFM_DIALECT_TFM_IR_TFMINTERFACES_H
