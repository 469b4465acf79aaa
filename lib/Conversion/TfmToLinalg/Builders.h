//===- Builders.h - small builders shared by the tfm lowerings --*- C++ -*-===//

#ifndef TFM_LIB_CONVERSION_TFMTOLINALG_BUILDERS_H
#define TFM_LIB_CONVERSION_TFMTOLINALG_BUILDERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::tfm::lowering {

using BodyBuilder = function_ref<void(OpBuilder &, Location, ValueRange)>;

inline SmallVector<utils::IteratorType> parallelIterators(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

/// A tensor.empty whose sizes (static or dynamic) are `sizes`.
inline Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                         Type elementType) {
  return b.create<tensor::EmptyOp>(loc, sizes, elementType);
}

inline Value constantFloat(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, type, b.getFloatAttr(type, value));
}

/// A tensor of `sizes` filled with `value`.
inline Value filledTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                          Value value) {
  Value empty = emptyTensor(b, loc, sizes, value.getType());
  return b.create<linalg::FillOp>(loc, value, empty).getResult(0);
}

inline Value generic(OpBuilder &b, Location loc, ValueRange inputs, Value init,
                     ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iterators,
                     BodyBuilder body) {
  return b
      .create<linalg::GenericOp>(loc, init.getType(), inputs, init, maps, iterators, body)
      .getResult(0);
}

/// The map of a per-row value (rank - 1 dims) inside a rank-`rank` space.
inline AffineMap rowMap(MLIRContext *ctx, int64_t rank) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    exprs.push_back(getAffineDimExpr(i, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Reduces the last dimension of the iteration space of `inputs` (all of
/// `inputType`'s shape, or broadcast to it) into a tensor without it.
inline Value reduceLastDim(OpBuilder &b, Location loc, RankedTensorType inputType,
                           ValueRange inputs, SmallVector<AffineMap> inputMaps,
                           Value identity, BodyBuilder body, Value shapeSource) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = inputType.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, shapeSource);
  sizes.pop_back();
  Value init = filledTensor(b, loc, sizes, identity);
  SmallVector<AffineExpr> outExprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    outExprs.push_back(getAffineDimExpr(i, ctx));
  inputMaps.push_back(AffineMap::get(rank, 0, outExprs, ctx));
  SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
  iterators.back() = utils::IteratorType::reduction;
  return generic(b, loc, inputs, init, inputMaps, iterators, body);
}

} // namespace mlir::tfm::lowering

#endif // TFM_LIB_CONVERSION_TFMTOLINALG_BUILDERS_H
