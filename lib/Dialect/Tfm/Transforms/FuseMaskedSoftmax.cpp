//===- FuseMaskedSoftmax.cpp - mask-before-softmax fusion -----------------===//
//
// Rewrites softmax(scale(scores) + mask) and softmax(select(keep,
// scale(scores), -inf)) into tfm.masked_softmax. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "FusionDriver.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMFUSEMASKEDSOFTMAX
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// Scores as they reach the mask: `scores × factor`, where the scaling may be
/// absent (factor 1).
struct ScaledScores {
  Value scores;
  double factor = 1.0;
  ScaleOp scaleOp;
};

ScaledScores peelScale(Value value) {
  if (auto scale = value.getDefiningOp<ScaleOp>())
    return {scale.getInput(), scale.getFactor().convertToDouble(), scale};
  return {value, 1.0, nullptr};
}

/// Whether `value` is a splat constant of -inf or of the lowest finite value:
/// the two fills after which softmax gives a masked position zero weight.
bool isNegativeInfinityFill(Value value) {
  DenseFPElementsAttr splat;
  if (!matchPattern(value, m_Constant(&splat)) || !splat.isSplat())
    return false;
  APFloat fill = splat.getSplatValue<APFloat>();
  return (fill.isInfinity() && fill.isNegative()) ||
         fill == APFloat::getLargest(fill.getSemantics(), /*Negative=*/true);
}

struct FuseMaskIntoSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SoftmaxOp softmax,
                                PatternRewriter &rewriter) const override {
    Operation *maskOp = softmax.getInput().getDefiningOp();
    if (!maskOp || !isa<AddOp, SelectOp>(maskOp))
      return rewriter.notifyMatchFailure(
          softmax, "softmax input is not a tfm.add or tfm.select applying a mask");
    if (!maskOp->hasOneUse())
      return rewriter.notifyMatchFailure(
          maskOp, "masked scores have users other than the softmax");

    ScaledScores scaled;
    Value mask;
    if (auto add = dyn_cast<AddOp>(maskOp)) {
      // The scores are the scaled operand; failing that, the one that already
      // has the result's shape (the mask is the one that broadcasts).
      bool lhsIsScores;
      if (add.getLhs().getDefiningOp<ScaleOp>())
        lhsIsScores = true;
      else if (add.getRhs().getDefiningOp<ScaleOp>())
        lhsIsScores = false;
      else
        lhsIsScores = add.getLhs().getType() == add.getType() ||
                      add.getRhs().getType() != add.getType();
      scaled = peelScale(lhsIsScores ? add.getLhs() : add.getRhs());
      mask = lhsIsScores ? add.getRhs() : add.getLhs();
    } else {
      auto select = cast<SelectOp>(maskOp);
      if (isNegativeInfinityFill(select.getOnTrue()))
        return rewriter.notifyMatchFailure(
            select, "select keeps -inf where the mask is true; expected "
                    "select(keep, scores, -inf)");
      if (!isNegativeInfinityFill(select.getOnFalse()))
        return rewriter.notifyMatchFailure(
            select, "select fill is not a splat -inf or lowest-value constant");
      scaled = peelScale(select.getOnTrue());
      mask = select.getCondition();
    }

    Value maskedScores = scaled.scaleOp ? scaled.scaleOp.getResult() : scaled.scores;
    if (maskedScores.getType() != softmax.getType())
      return rewriter.notifyMatchFailure(
          maskOp, [&](Diagnostic &diag) {
            diag << "mask broadcasts the scores from " << maskedScores.getType()
                 << " to " << softmax.getType()
                 << "; the fused op keeps the scores' shape";
          });
    auto maskType = cast<RankedTensorType>(mask.getType());
    if (!broadcastsTo(maskType.getShape(), softmax.getType().getShape()))
      return rewriter.notifyMatchFailure(maskOp, [&](Diagnostic &diag) {
        diag << "mask " << maskType << " does not broadcast to the scores "
             << softmax.getType();
      });
    if (scaled.scaleOp && !scaled.scaleOp->hasOneUse())
      return rewriter.notifyMatchFailure(
          scaled.scaleOp, "scaled scores have users other than the mask");

    rewriter.replaceOpWithNewOp<MaskedSoftmaxOp>(
        softmax, softmax.getType(), scaled.scores, mask,
        rewriter.getF64FloatAttr(scaled.factor));
    return success();
  }
};

/// Never rewrites: explains why a mask applied to probabilities is left
/// alone, so that users asking for refusals see it.
template <typename MaskOp>
struct RefuseMaskAfterSoftmax : OpRewritePattern<MaskOp> {
  using OpRewritePattern<MaskOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(MaskOp op, PatternRewriter &rewriter) const override {
    for (Value operand : op->getOperands())
      if (operand.getDefiningOp<SoftmaxOp>())
        return rewriter.notifyMatchFailure(
            op, "mask is applied after the softmax; masking probabilities breaks "
                "their normalisation, so it cannot become tfm.masked_softmax");
    return failure(); // Not a mask on probabilities: nothing to explain.
  }
};

struct TfmFuseMaskedSoftmaxPass
    : tfm::impl::TfmFuseMaskedSoftmaxBase<TfmFuseMaskedSoftmaxPass> {
  using TfmFuseMaskedSoftmaxBase::TfmFuseMaskedSoftmaxBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseMaskIntoSoftmax, RefuseMaskAfterSoftmax<SelectOp>,
                 RefuseMaskAfterSoftmax<AddOp>>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns), reportRefusals)))
      signalPassFailure();
  }
};

} // namespace
