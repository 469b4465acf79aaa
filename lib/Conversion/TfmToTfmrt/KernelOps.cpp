//===- KernelOps.cpp - what the lowerings to tfmrt share ------------------===//

#include "KernelOps.h"

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Runtime/Kernels.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::tfm;

bool mlir::tfm::allF32(Operation *op) {
  return llvm::all_of(op->getOperands(), isF32Tensor) &&
         llvm::all_of(op->getResults(), isF32Tensor);
}

namespace {

int64_t activationFlag(Activation activation) {
  switch (activation) {
  case Activation::none:
    return TFMRT_ACTIVATION_NONE;
  case Activation::gelu_tanh:
    return TFMRT_ACTIVATION_GELU_TANH;
  case Activation::gelu_erf:
    return TFMRT_ACTIVATION_GELU_ERF;
  case Activation::tanh:
    return TFMRT_ACTIVATION_TANH;
  case Activation::relu:
    return TFMRT_ACTIVATION_RELU;
  case Activation::silu:
    return TFMRT_ACTIVATION_SILU;
  case Activation::gelu_sigmoid:
    return TFMRT_ACTIVATION_GELU_SIGMOID;
  }
  llvm_unreachable("unknown activation");
}

} // namespace

int64_t mlir::tfm::linearKernelFlags(LinearOp op) {
  int64_t flags = activationFlag(op.getActivation());
  if (op.getLayout() == WeightLayout::out_in)
    flags |= TFMRT_LINEAR_WEIGHT_OUT_IN;
  if (op.getBias())
    flags |= TFMRT_LINEAR_BIAS;
  if (op.getResidual())
    flags |= TFMRT_LINEAR_RESIDUAL;
  switch (op.getPrecision()) {
  case Precision::f32:
    break;
  case Precision::bf16:
    flags |= TFMRT_LINEAR_BF16;
    break;
  case Precision::int8:
    flags |= TFMRT_LINEAR_INT8;
    break;
  }
  return flags;
}

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
