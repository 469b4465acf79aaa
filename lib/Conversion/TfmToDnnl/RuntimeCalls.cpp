//===- RuntimeCalls.cpp - what both runtime lowerings share ---------------===//

#include "RuntimeCalls.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

Value mlir::tfm::emptyDestination(OpBuilder &builder, Location loc, RankedTensorType type,
                                  Value shapeSource,
                                  ArrayRef<std::pair<int64_t, Value>> overrides) {
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (!type.isDynamicDim(dim))
      continue;
    Value size;
    for (auto [overridden, value] : overrides)
      if (overridden == dim)
        size = value;
    if (!size)
      size = builder.create<tensor::DimOp>(loc, shapeSource, dim);
    dynamicSizes.push_back(size);
  }
  return builder.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType(),
                                         dynamicSizes);
}

LogicalResult mlir::tfm::applyToExistingOps(Operation *root, RewritePatternSet &&patterns) {
  GreedyRewriteConfig config;
  config.strictMode = GreedyRewriteStrictness::ExistingOps;
  config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
  return applyPatternsAndFoldGreedily(root, std::move(patterns), config);
}
