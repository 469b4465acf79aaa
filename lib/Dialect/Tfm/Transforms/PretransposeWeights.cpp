//===- PretransposeWeights.cpp - [out, in] weights bound transposed -------===//

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

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

void setInOut(Operation *op) {
  auto layout = WeightLayoutAttr::get(op->getContext(), WeightLayout::in_out);
  if (auto linear = dyn_cast<LinearOp>(op))
    linear.setLayoutAttr(layout);
  else
    cast<MlpOp>(op).setLayoutAttr(layout);
}

/// The stored (not yet transposed) parameter `weight` reads, if any.
ParamOp storedParam(OpOperand *weight) {
  auto param = weight->get().getDefiningOp<ParamOp>();
  return param && !param.getTransposed() ? param : ParamOp();
}

struct TfmPretransposeWeightsPass
    : tfm::impl::TfmPretransposeWeightsBase<TfmPretransposeWeightsPass> {
  void runOnOperation() override {
    // Layers with `out_in` weights, and the stored parameters by name.
    llvm::SetVector<Operation *> layers;
    llvm::MapVector<StringAttr, SmallVector<ParamOp>> paramsByName;
    getOperation()->walk([&](Operation *op) {
      if (auto param = dyn_cast<ParamOp>(op)) {
        if (!param.getTransposed())
          paramsByName[param.getNameAttr()].push_back(param);
      } else if (!outInWeights(op).empty()) {
        layers.insert(op);
      }
    });

    // A layer is rewritten when all its weights are parameters bound
    // transposed, and a name is bound transposed when every use of every
    // parameter of that name is a weight of a rewritten layer: a layer that
    // kept `out_in` must not read a transposed weight, and the runtime must
    // not bind a second, transposed copy of a tensor that is also used as
    // stored. Removing a layer can exclude a name and the reverse, so iterate
    // to the fixed point.
    DenseSet<StringAttr> excludedNames;
    layers.remove_if([](Operation *layer) {
      return !llvm::all_of(outInWeights(layer), storedParam);
    });
    auto isRewrittenWeight = [&](OpOperand &use) {
      return layers.contains(use.getOwner()) &&
             llvm::is_contained(outInWeights(use.getOwner()), &use);
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (auto &[name, params] : paramsByName) {
        if (excludedNames.contains(name))
          continue;
        if (llvm::all_of(params, [&](ParamOp param) {
              return llvm::all_of(param->getUses(), isRewrittenWeight);
            }))
          continue;
        excludedNames.insert(name);
        changed = true;
      }
      changed |= layers.remove_if([&](Operation *layer) {
        return llvm::any_of(outInWeights(layer), [&](OpOperand *weight) {
          return excludedNames.contains(storedParam(weight).getNameAttr());
        });
      });
    }

    // The names the remaining layers read, each parameter op replaced once.
    llvm::SetVector<StringAttr> names;
    for (Operation *layer : layers)
      for (OpOperand *weight : outInWeights(layer))
        names.insert(storedParam(weight).getNameAttr());
    IRRewriter rewriter(&getContext());
    for (StringAttr name : names) {
      for (ParamOp param : paramsByName[name]) {
        ArrayRef<int64_t> shape = param.getType().getShape();
        rewriter.setInsertionPoint(param);
        auto transposed = rewriter.create<ParamOp>(
            param.getLoc(),
            RankedTensorType::get({shape[1], shape[0]}, param.getType().getElementType()),
            name, rewriter.getUnitAttr(), param.getAliasesAttr());
        rewriter.replaceOp(param, transposed.getResult());
      }
    }
    for (Operation *layer : layers)
      setInOut(layer);
  }
};

} // namespace
