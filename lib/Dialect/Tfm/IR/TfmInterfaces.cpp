//===- TfmInterfaces.cpp - tfm op interfaces ------------------------------===//

#include "tfm/Dialect/Tfm/IR/TfmInterfaces.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::tfm;

#include "tfm/Dialect/Tfm/IR/TfmInterfaces.cpp.inc"

void mlir::tfm::equateShapes(Value lhs, Value rhs, SmallVectorImpl<DimEquality> &equalities) {
  int64_t rank = cast<RankedTensorType>(lhs.getType()).getRank();
  for (int64_t dim = 0; dim < rank; ++dim)
    equalities.push_back({{lhs, dim}, {rhs, dim}});
}

void mlir::tfm::equateBroadcast(Value operand, Value result,
                                SmallVectorImpl<DimEquality> &equalities) {
  ArrayRef<int64_t> from = cast<RankedTensorType>(operand.getType()).getShape();
  int64_t offset = cast<RankedTensorType>(result.getType()).getRank() -
                   static_cast<int64_t>(from.size());
  for (auto [dim, size] : llvm::enumerate(from))
    if (size != 1)
      equalities.push_back({{operand, static_cast<int64_t>(dim)},
                            {result, offset + static_cast<int64_t>(dim)}});
}
