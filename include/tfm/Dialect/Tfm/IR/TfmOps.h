//===- TfmOps.h - tfm operations --------------------------------*- C++ -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMOPS_H
#define TFM_DIALECT_TFM_IR_TFMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"
#include "tfm/Dialect/Tfm/IR/TfmInterfaces.h"

#include "tfm/Dialect/Tfm/IR/TfmEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "tfm/Dialect/Tfm/IR/TfmAttrs.h.inc"

#define GET_OP_CLASSES
#include "tfm/Dialect/Tfm/IR/TfmOps.h.inc"

namespace mlir::tfm {

/// The shape `lhs` and `rhs` broadcast to under the dialect's rules (only a
/// static 1 broadcasts), or failure if they do not broadcast.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// Whether `from` broadcasts to exactly `to` (every dimension of `from`,
/// right-aligned, is 1 or equal to the one in `to`).
bool broadcastsTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to);

/// The linear activation that computes GELU with `approximation`.
Activation geluActivation(GeluApproximation approximation);

} // namespace mlir::tfm

#endif // TFM_DIALECT_TFM_IR_TFMOPS_H
