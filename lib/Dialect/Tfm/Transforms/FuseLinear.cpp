//===- FuseLinear.cpp - bias, GELU and residual into tfm.linear -----------===//
//
// Folds gelu(linear), add(linear, bias), add(linear, residual) and
// add(mlp, residual) into the epilogue of tfm.linear. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "FusionDriver.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMFUSELINEAR
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// Prints a type into a refusal message the way diagnostics quote types.
std::string quoted(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << type << "'";
  return text;
}

struct FuseGeluIntoLinear : OpRewritePattern<GeluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GeluOp gelu, PatternRewriter &rewriter) const override {
    auto linear = gelu.getInput().getDefiningOp<LinearOp>();
    if (!linear)
      return rewriter.notifyMatchFailure(gelu, "gelu input is not a tfm.linear");
    if (linear.getActivation() != Activation::none)
      return rewriter.notifyMatchFailure(gelu, [&](Diagnostic &diag) {
        diag << "tfm.linear already applies activation "
             << stringifyActivation(linear.getActivation());
      });
    // activation(x·W + b) + r: a GELU of the sum is not an activation of it.
    if (linear.getResidual())
      return rewriter.notifyMatchFailure(
          gelu, "tfm.linear adds a residual, which its activation would precede");
    if (!linear->hasOneUse())
      return rewriter.notifyMatchFailure(gelu, "tfm.linear has users other than the gelu");

    rewriter.replaceOpWithNewOp<LinearOp>(
        gelu, gelu.getType(), linear.getInput(), linear.getWeight(), linear.getBias(),
        /*residual=*/Value(), linear.getLayoutAttr(),
        ActivationAttr::get(getContext(), geluActivation(gelu.getApproximate())),
        linear.getPrecisionAttr());
    rewriter.eraseOp(linear);
    return success();
  }
};

/// What an add becomes when it folds into the layer producing one operand.
enum class AddFusion { bias, residual, mlpResidual };

bool dimsCompatible(int64_t a, int64_t b) {
  return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
}

/// Whether `other` can be the bias of `linear`: `[N]`, where only an actual
/// N of 1 may be a static 1 (a static 1 otherwise broadcasts).
bool isBiasOf(LinearOp linear, Value other) {
  auto type = cast<RankedTensorType>(other.getType());
  int64_t features = linear.getType().getShape().back();
  if (type.getRank() != 1)
    return false;
  int64_t size = type.getDimSize(0);
  return size == features || (size != 1 && dimsCompatible(size, features));
}

/// How `add` folds into `linear` with the add's other operand `other`, or
/// the reason it does not.
FailureOr<AddFusion> classify(AddOp add, LinearOp linear, Value other,
                              std::string &refusal) {
  if (!linear->hasOneUse()) {
    refusal = "tfm.linear has users other than the add";
    return failure();
  }
  if (linear.getResidual()) {
    refusal = "tfm.linear already adds a residual";
    return failure();
  }
  if (add.getType() != linear.getType()) {
    refusal = "the add's result " + quoted(add.getType()) +
              " does not have the tfm.linear result type " + quoted(linear.getType());
    return failure();
  }
  bool bias = isBiasOf(linear, other);
  if (bias && !linear.getBias() && linear.getActivation() == Activation::none)
    return AddFusion::bias;
  // A residual comes after bias and activation, so those may be there.
  if (other.getType() == linear.getType())
    return AddFusion::residual;
  if (bias) {
    refusal = linear.getBias()
                  ? "tfm.linear already has a bias"
                  : "tfm.linear applies its activation before the add, so " +
                        quoted(other.getType()) + " cannot become its bias";
    return failure();
  }
  int64_t features = linear.getType().getShape().back();
  refusal = "the other operand " + quoted(other.getType()) + " is neither a bias [" +
            (ShapedType::isDynamic(features) ? "?" : std::to_string(features)) +
            "] nor of the tfm.linear result type " + quoted(linear.getType()) +
            " (a residual must not broadcast)";
  return failure();
}

FailureOr<AddFusion> classify(AddOp add, MlpOp mlp, Value other, std::string &refusal) {
  if (!mlp->hasOneUse()) {
    refusal = "tfm.mlp has users other than the add";
    return failure();
  }
  if (add.getType() != mlp.getType()) {
    refusal = "the add's result " + quoted(add.getType()) +
              " does not have the tfm.mlp result type " + quoted(mlp.getType());
    return failure();
  }
  if (other.getType() != mlp.getType()) {
    refusal = "the other operand " + quoted(other.getType()) +
              " does not have the tfm.mlp result type " + quoted(mlp.getType()) +
              " (a residual must not broadcast)";
    return failure();
  }
  return AddFusion::mlpResidual;
}

/// The type of `mlp`'s hidden activations: its input with the fc layer's
/// output features as the last dimension.
RankedTensorType hiddenType(MlpOp mlp) {
  ArrayRef<int64_t> weight = mlp.getFcWeight().getType().getShape();
  SmallVector<int64_t> shape(mlp.getInput().getType().getShape());
  shape.back() = mlp.getLayout() == WeightLayout::in_out ? weight[1] : weight[0];
  return RankedTensorType::get(shape, mlp.getType().getElementType());
}

/// add(linear, bias), add(linear, residual) and add(mlp, residual), in
/// either operand order. One pattern decides among them so that a refusal
/// is reported only when no form applies.
struct FuseAddIntoLinear : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add, PatternRewriter &rewriter) const override {
    SmallVector<std::string> refusals;
    // The left-hand operand first, so that the choice is deterministic when
    // both operands are layers that could take the other.
    for (auto [layerValue, other] : {std::pair{add.getLhs(), add.getRhs()},
                                     std::pair{add.getRhs(), add.getLhs()}}) {
      std::string refusal;
      if (auto linear = layerValue.getDefiningOp<LinearOp>()) {
        FailureOr<AddFusion> fusion = classify(add, linear, other, refusal);
        if (succeeded(fusion)) {
          rewriteLinear(add, linear, other, *fusion, rewriter);
          return success();
        }
      } else if (auto mlp = layerValue.getDefiningOp<MlpOp>()) {
        if (succeeded(classify(add, mlp, other, refusal))) {
          rewriteMlp(add, mlp, other, rewriter);
          return success();
        }
      } else {
        continue;
      }
      refusals.push_back(refusal);
    }
    if (refusals.empty())
      return rewriter.notifyMatchFailure(add, "neither operand is a tfm.linear or tfm.mlp");
    return rewriter.notifyMatchFailure(add, [&](Diagnostic &diag) {
      diag << llvm::join(refusals, "; ");
    });
  }

  /// The new layers replace the add, at its position, where `other` (an
  /// operand of the add) is defined.
  static void rewriteLinear(AddOp add, LinearOp linear, Value other, AddFusion fusion,
                            PatternRewriter &rewriter) {
    Value bias = fusion == AddFusion::bias ? other : linear.getBias();
    Value residual = fusion == AddFusion::residual ? other : Value();
    rewriter.replaceOpWithNewOp<LinearOp>(add, add.getType(), linear.getInput(),
                                          linear.getWeight(), bias, residual,
                                          linear.getLayoutAttr(), linear.getActivationAttr(),
                                          linear.getPrecisionAttr());
    rewriter.eraseOp(linear);
  }

  static void rewriteMlp(AddOp add, MlpOp mlp, Value residual, PatternRewriter &rewriter) {
    Location loc = mlp.getLoc();
    rewriter.setInsertionPoint(add);
    auto activation =
        ActivationAttr::get(rewriter.getContext(), geluActivation(mlp.getApproximate()));
    Value hidden = rewriter.create<LinearOp>(
        loc, hiddenType(mlp), mlp.getInput(), mlp.getFcWeight(), mlp.getFcBias(),
        /*residual=*/Value(), mlp.getLayoutAttr(), activation);
    rewriter.replaceOpWithNewOp<LinearOp>(
        add, add.getType(), hidden, mlp.getProjWeight(), mlp.getProjBias(), residual,
        mlp.getLayoutAttr(), ActivationAttr::get(rewriter.getContext(), Activation::none));
    rewriter.eraseOp(mlp);
  }
};

struct TfmFuseLinearPass : tfm::impl::TfmFuseLinearBase<TfmFuseLinearPass> {
  using TfmFuseLinearBase::TfmFuseLinearBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseGeluIntoLinear, FuseAddIntoLinear>(&getContext());
    if (failed(applyFusionPatterns(getOperation(), std::move(patterns), reportRefusals)))
      signalPassFailure();
  }
};

} // namespace
