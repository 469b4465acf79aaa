//===- TfmToDnnl.cpp - the dnnl backend's lowering to runtime calls -------===//

#include "RuntimeCalls.h"

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Runtime/Kernels.h"

#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"


namespace mlir::tfm {
#define GEN_PASS_DEF_TFMTODNNL
#define GEN_PASS_DEF_TFMMARKPREPACKEDWEIGHTS
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

bool allF32(Operation *op) {
  return llvm::all_of(op->getOperands(), isF32Tensor) &&
         llvm::all_of(op->getResults(), isF32Tensor);
}

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
  }
  llvm_unreachable("unknown activation");
}

/// The tfmrt_linear flags that describe `op` to the kernel.
int64_t linearKernelFlags(LinearOp op) {
  int64_t flags = activationFlag(op.getActivation());
  if (op.getLayout() == WeightLayout::out_in)
    flags |= TFMRT_LINEAR_WEIGHT_OUT_IN;
  if (op.getBias())
    flags |= TFMRT_LINEAR_BIAS;
  if (op.getResidual())
    flags |= TFMRT_LINEAR_RESIDUAL;
  return flags;
}

// Each f32 op becomes its tfmrt kernel operation, writing into a
// `tensor.empty` of its result type.

struct LowerLinear : OpRewritePattern<LinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LinearOp op, PatternRewriter &rewriter) const override {
    if (!allF32(op))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 only");
    Value init = emptyDestination(rewriter, op.getLoc(), op.getType(), op.getInput());
    rewriter.replaceOpWithNewOp<tfmrt::LinearOp>(op, op.getType(), op.getInput(), op.getWeight(),
                                                 op.getBias(), op.getResidual(), init,
                                                 linearKernelFlags(op));
    return success();
  }
};

struct LowerMatmul : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op, PatternRewriter &rewriter) const override {
    if (!allF32(op))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 only");
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    // Every dimension but the last comes from the lhs; the last from the rhs.
    int64_t rhsColumns = op.getTransposeRhs() ? rank - 2 : rank - 1;
    Value columns = rewriter.create<tensor::DimOp>(op.getLoc(), op.getRhs(), rhsColumns);
    Value init = emptyDestination(rewriter, op.getLoc(), resultType, op.getLhs(),
                                  {{rank - 1, columns}});
    rewriter.replaceOpWithNewOp<tfmrt::MatmulOp>(op, resultType, op.getLhs(), op.getRhs(), init,
                                                 op.getTransposeRhs());
    return success();
  }
};

struct LowerLayerNorm : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op, PatternRewriter &rewriter) const override {
    if (!allF32(op))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 only");
    Value init = emptyDestination(rewriter, op.getLoc(), op.getType(), op.getInput());
    rewriter.replaceOpWithNewOp<tfmrt::LayerNormOp>(
        op, op.getType(), op.getInput(), op.getGamma(), op.getBeta(), init,
        APFloat(op.getEpsilon().convertToDouble()));
    return success();
  }
};

struct LowerSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op, PatternRewriter &rewriter) const override {
    if (!allF32(op))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 only");
    Value init = emptyDestination(rewriter, op.getLoc(), op.getType(), op.getInput());
    rewriter.replaceOpWithNewOp<tfmrt::SoftmaxOp>(op, op.getType(), op.getInput(), init);
    return success();
  }
};

struct TfmToDnnlPass : tfm::impl::TfmToDnnlBase<TfmToDnnlPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateTfmToDnnlPatterns(patterns);
    if (failed(applyToExistingOps(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

namespace {

struct TfmMarkPrepackedWeightsPass
    : tfm::impl::TfmMarkPrepackedWeightsBase<TfmMarkPrepackedWeightsPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    Builder builder(&getContext());
    function.walk([&](LinearOp linear) {
      auto argument = dyn_cast<BlockArgument>(linear.getWeight());
      if (!argument || argument.getOwner()->getParentOp() != function || !allF32(linear) ||
          !function.getArgAttr(argument.getArgNumber(), "tfm.param"))
        return;
      // A weight two linears read keeps its first mark; the kernel makes the
      // other's copy on first use.
      if (function.getArgAttr(argument.getArgNumber(), "tfm.prepack"))
        return;
      function.setArgAttr(argument.getArgNumber(), "tfm.prepack",
                          builder.getI64IntegerAttr(linearKernelFlags(linear)));
    });
  }
};

} // namespace

void mlir::tfm::populateTfmToDnnlPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLinear, LowerMatmul, LowerLayerNorm, LowerSoftmax>(patterns.getContext());
}
