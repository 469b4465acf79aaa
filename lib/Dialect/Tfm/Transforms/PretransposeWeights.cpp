//===- PretransposeWeights.cpp - [out, in] weights bound transposed -------===//

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMPRETRANSPOSEWEIGHTS
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// The weight operands of `op` that are read in `out_in` layout.
SmallVector<OpOperand *> outInWeights(Operation *op) {
  if (auto linear = dyn_cast<LinearOp>(op))
    if (linear.getLayout() == WeightLayout::out_in)
      return {&linear.getWeightMutable()};
  if (auto mlp = dyn_cast<MlpOp>(op))
    if (mlp.getLayout() == WeightLayout::out_in)
      return {&mlp.getFcWeightMutable(), &mlp.getProjWeightMutable()};
  return {};
}

/// Whether every use of `param` is an `out_in` weight operand, so that the
/// transposed parameter can replace it entirely.
bool onlyOutInWeightUses(ParamOp param) {
  return llvm::all_of(param->getUses(), [](OpOperand &use) {
    return llvm::is_contained(outInWeights(use.getOwner()), &use);
  });
}

void setInOut(Operation *op) {
  auto layout = WeightLayoutAttr::get(op->getContext(), WeightLayout::in_out);
  if (auto linear = dyn_cast<LinearOp>(op))
    linear.setLayoutAttr(layout);
  else
    cast<MlpOp>(op).setLayoutAttr(layout);
}

struct TfmPretransposeWeightsPass
    : tfm::impl::TfmPretransposeWeightsBase<TfmPretransposeWeightsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> candidates;
    getOperation()->walk([&](Operation *op) {
      SmallVector<OpOperand *> weights = outInWeights(op);
      if (weights.empty())
        return;
      bool allBindable = llvm::all_of(weights, [](OpOperand *weight) {
        auto param = weight->get().getDefiningOp<ParamOp>();
        return param && !param.getTransposed() && onlyOutInWeightUses(param);
      });
      if (allBindable)
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      for (OpOperand *weight : outInWeights(op)) {
        auto param = weight->get().getDefiningOp<ParamOp>();
        if (param.getTransposed())
          continue; // Already replaced through an earlier user.
        ArrayRef<int64_t> shape = param.getType().getShape();
        rewriter.setInsertionPoint(param);
        auto transposed = rewriter.create<ParamOp>(
            param.getLoc(),
            RankedTensorType::get({shape[1], shape[0]}, param.getType().getElementType()),
            param.getNameAttr(), rewriter.getUnitAttr());
        rewriter.replaceOp(param, transposed.getResult());
      }
      setInOut(op);
    }
  }
};

} // namespace
