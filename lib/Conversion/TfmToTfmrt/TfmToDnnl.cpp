//===- TfmToDnnl.cpp - the dnnl backend's kernels as tfmrt ops ------------===//

#include "KernelOps.h"

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMTODNNL
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

// Each f32 op becomes its tfmrt kernel operation, writing into a
// `tensor.empty` of its result type.

struct LowerLinear : OpRewritePattern<LinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LinearOp op, PatternRewriter &rewriter) const override {
    if (!allF32(op))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 only");
    Location loc = op.getLoc();
    Value init = emptyDestination(rewriter, loc, op.getType(), op.getInput());
    if (kernelAppliesActivation(op.getActivation())) {
      rewriter.replaceOpWithNewOp<tfmrt::LinearOp>(op, op.getType(), op.getInput(),
                                                   op.getWeight(), op.getBias(),
                                                   op.getResidual(), init,
                                                   linearKernelFlags(op));
      return success();
    }
    // The kernel's product and bias; the activation and the residual after
    // it, for the linalg path (only the GELUs the kernel lacks get here).
    Value product = rewriter.create<tfmrt::LinearOp>(
        loc, op.getType(), op.getInput(), op.getWeight(), op.getBias(), /*residual=*/Value(),
        init, linearKernelFlags(op))->getResult(0);
    assert(op.getActivation() == Activation::gelu_sigmoid && "unexpected activation");
    Value result =
        rewriter.create<GeluOp>(loc, op.getType(), product, GeluApproximation::sigmoid);
    if (Value residual = op.getResidual())
      result = rewriter.create<AddOp>(loc, op.getType(), result, residual);
    rewriter.replaceOp(op, result);
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

void mlir::tfm::populateTfmToDnnlPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLinear, LowerMatmul, LowerLayerNorm, LowerSoftmax>(patterns.getContext());
}
