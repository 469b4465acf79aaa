//===- FuseAttention.cpp - unfused attention chains into tfm.attention ----===//
//
// Rewrites merge_heads(matmul(softmax-of-scores, split_heads(v))) with
// scores matmul(split_heads(q), split_heads(k)) transpose_rhs into
// tfm.attention. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "FusionDriver.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMFUSEATTENTION
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

bool shapesCompatible(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return a.size() == b.size() && llvm::all_of(llvm::zip(a, b), [](auto pair) {
           auto [x, y] = pair;
           return x == y || ShapedType::isDynamic(x) || ShapedType::isDynamic(y);
         });
}

/// The probabilities of an attention chain: softmax(scores × scale), with
/// the mask, if any, applied before the softmax.
struct Probabilities {
  Value scores;
  Value mask;
  double scale = 1.0;
  /// The ops between the scores and the probabilities, the last one last.
  SmallVector<Operation *> ops;
};

struct FuseAttentionChain : OpRewritePattern<MergeHeadsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MergeHeadsOp merge,
                                PatternRewriter &rewriter) const override {
    auto context = merge.getInput().getDefiningOp<MatmulOp>();
    if (!context)
      return rewriter.notifyMatchFailure(
          merge, "merge_heads input is not a tfm.matmul of probabilities and values");
    if (context.getTransposeRhs())
      return rewriter.notifyMatchFailure(
          context, "probabilities times values transposes the values (P·Vᵀ); "
                   "attention computes P·V");
    if (!context->hasOneUse())
      return rewriter.notifyMatchFailure(
          context, "probabilities times values has users other than the merge_heads");
    auto valueHeads = context.getRhs().getDefiningOp<SplitHeadsOp>();
    if (!valueHeads)
      return rewriter.notifyMatchFailure(context, "values are not a tfm.split_heads");

    FailureOr<Probabilities> probabilities = matchProbabilities(context, rewriter);
    if (failed(probabilities))
      return failure();

    auto scores = probabilities->scores.getDefiningOp<MatmulOp>();
    Operation *scoresUser = probabilities->ops.front();
    if (!scores)
      return rewriter.notifyMatchFailure(scoresUser, "scores are not a tfm.matmul");
    if (!scores.getTransposeRhs())
      return rewriter.notifyMatchFailure(
          scores, "scores do not transpose the keys; attention scores are Q·Kᵀ "
                  "(tfm.matmul transpose_rhs)");
    if (!scores->hasOneUse())
      return rewriter.notifyMatchFailure(
          scores, "scores have users other than the attention chain");
    auto queryHeads = scores.getLhs().getDefiningOp<SplitHeadsOp>();
    auto keyHeads = scores.getRhs().getDefiningOp<SplitHeadsOp>();
    if (!queryHeads || !keyHeads)
      return rewriter.notifyMatchFailure(
          scores, "queries and keys are not both a tfm.split_heads");

    int64_t heads = queryHeads.getNumHeads(), keyHeadCount = keyHeads.getNumHeads(),
            valueHeadCount = valueHeads.getNumHeads();
    if (keyHeadCount != heads || valueHeadCount != heads)
      return rewriter.notifyMatchFailure(merge, [&](Diagnostic &diag) {
        diag << "head counts differ: " << heads << " (query), " << keyHeadCount
             << " (key), " << valueHeadCount << " (value)";
      });
    Value query = queryHeads.getInput(), key = keyHeads.getInput(),
          value = valueHeads.getInput();
    auto queryType = cast<RankedTensorType>(query.getType());
    auto keyType = cast<RankedTensorType>(key.getType());
    if (!shapesCompatible(keyType.getShape(),
                          cast<RankedTensorType>(value.getType()).getShape()))
      return rewriter.notifyMatchFailure(merge, [&](Diagnostic &diag) {
        diag << "key " << key.getType() << " and value " << value.getType()
             << " differ in shape; tfm.attention needs them equal";
      });
    if (merge.getType() != queryType)
      return rewriter.notifyMatchFailure(merge, [&](Diagnostic &diag) {
        diag << "merged heads " << merge.getType() << " do not have the query type "
             << queryType << ", which tfm.attention returns";
      });
    if (Value mask = probabilities->mask) {
      auto maskType = cast<RankedTensorType>(mask.getType());
      SmallVector<int64_t> attended = {queryType.getDimSize(0), heads,
                                       queryType.getDimSize(1), keyType.getDimSize(1)};
      if (!broadcastsTo(maskType.getShape(), attended))
        return rewriter.notifyMatchFailure(probabilities->ops.back(), [&](Diagnostic &diag) {
          diag << "mask " << maskType << " does not broadcast to the attention shape "
               << RankedTensorType::get(attended, queryType.getElementType());
        });
    }

    rewriter.replaceOpWithNewOp<AttentionOp>(
        merge, merge.getType(), query, key, value, probabilities->mask,
        rewriter.getI64IntegerAttr(heads), rewriter.getF64FloatAttr(probabilities->scale),
        PrecisionAttr::get(rewriter.getContext(), Precision::f32));
    // The chain has no other users (checked above); the split_heads may.
    rewriter.eraseOp(context);
    for (Operation *op : llvm::reverse(probabilities->ops))
      rewriter.eraseOp(op);
    rewriter.eraseOp(scores);
    llvm::SetVector<Operation *> splits;
    splits.insert(valueHeads);
    splits.insert(queryHeads);
    splits.insert(keyHeads);
    for (Operation *split : splits)
      if (split->use_empty())
        rewriter.eraseOp(split);
    return success();
  }

  /// The left-hand side of `context`: masked_softmax(S, mask, scale),
  /// softmax(scale(S) by s) or softmax(S).
  static FailureOr<Probabilities> matchProbabilities(MatmulOp context,
                                                     PatternRewriter &rewriter) {
    Operation *op = context.getLhs().getDefiningOp();
    auto refuse = [&](Operation *at, const Twine &reason) -> FailureOr<Probabilities> {
      (void)rewriter.notifyMatchFailure(at, reason);
      return failure();
    };
    if (!op || !isa<MaskedSoftmaxOp, SoftmaxOp>(op))
      return refuse(op ? op : context.getOperation(), "probabilities are not a tfm.softmax or tfm.masked_softmax "
                        "(a mask applied after the softmax is not attention)");
    if (!op->hasOneUse())
      return refuse(op, "probabilities have users other than the product with the values");
    if (auto masked = dyn_cast<MaskedSoftmaxOp>(op))
      return Probabilities{masked.getScores(), masked.getMask(),
                           masked.getScale().convertToDouble(), {op}};

    auto softmax = cast<SoftmaxOp>(op);
    Value input = softmax.getInput();
    if (isa_and_nonnull<AddOp, SelectOp>(input.getDefiningOp()))
      return refuse(softmax, "softmax input is a tfm.add or tfm.select (a mask?): "
                             "run tfm-fuse-masked-softmax first");
    auto scale = input.getDefiningOp<ScaleOp>();
    if (!scale)
      return Probabilities{input, Value(), 1.0, {softmax}};
    if (!scale->hasOneUse())
      return refuse(scale, "scaled scores have users other than the softmax");
    return Probabilities{scale.getInput(), Value(), scale.getFactor().convertToDouble(),
                         {scale, softmax}};
  }
};

struct TfmFuseAttentionPass : tfm::impl::TfmFuseAttentionBase<TfmFuseAttentionPass> {
  using TfmFuseAttentionBase::TfmFuseAttentionBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseAttentionChain>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns), reportRefusals)))
      signalPassFailure();
  }
};

} // namespace
