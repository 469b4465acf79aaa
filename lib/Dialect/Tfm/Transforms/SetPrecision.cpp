//===- SetPrecision.cpp - the precision each product runs at --------------===//

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMSETPRECISION
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// The precision attention runs at in a model of precision `model`: int8
/// has no bind-time scale for activation-by-activation products.
Precision attentionPrecision(Precision model) {
  return model == Precision::f32 ? Precision::f32 : Precision::bf16;
}

/// The precision `linear` runs at in a model of precision `model`. A linear
/// over one row per sequence (a rank-2 input: a pooler or a classifier on
/// the [CLS] token) stays f32: a lower precision saves nothing on so few
/// rows, and its rounding would go straight into the model's output.
Precision linearPrecision(LinearOp linear, Precision model) {
  return linear.getInput().getType().getRank() == 2 ? Precision::f32 : model;
}

struct TfmSetPrecisionPass : tfm::impl::TfmSetPrecisionBase<TfmSetPrecisionPass> {
  using TfmSetPrecisionBase::TfmSetPrecisionBase;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    WalkResult result = getOperation()->walk([&](Operation *op) {
      Precision chosen;
      Type elementType;
      if (auto linear = dyn_cast<LinearOp>(op)) {
        chosen = linearPrecision(linear, precision);
        elementType = linear.getInput().getType().getElementType();
      } else if (auto attention = dyn_cast<AttentionOp>(op)) {
        chosen = attentionPrecision(precision);
        elementType = attention.getQuery().getType().getElementType();
      } else {
        return WalkResult::advance();
      }
      if (chosen != Precision::f32 && !elementType.isF32()) {
        op->emitError("cannot run at precision ")
            << stringifyPrecision(chosen) << ": its tensors are " << elementType
            << ", and lower precisions are for f32 models";
        return WalkResult::interrupt();
      }
      auto attribute = PrecisionAttr::get(context, chosen);
      if (auto linear = dyn_cast<LinearOp>(op))
        linear.setPrecisionAttr(attribute);
      else
        cast<AttentionOp>(op).setPrecisionAttr(attribute);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
