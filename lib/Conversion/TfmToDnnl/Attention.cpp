//===- Attention.cpp - tfm.attention to the FlashAttention kernel ---------===//

#include "RuntimeCalls.h"

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Runtime/Kernels.h"

#include "llvm/ADT/APFloat.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMLOWERATTENTION
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// A boolean keep-mask as the additive f32 mask the kernel takes: 0 where
/// kept, -inf where not (what selecting -inf before the softmax means).
Value additiveMask(OpBuilder &builder, Location loc, Value keep) {
  auto keepType = cast<RankedTensorType>(keep.getType());
  auto scalarType = RankedTensorType::get({}, builder.getF32Type());
  auto constant = [&](float value) -> Value {
    return builder.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(scalarType, builder.getF32FloatAttr(value).getValue()));
  };
  auto maskType = RankedTensorType::get(keepType.getShape(), builder.getF32Type());
  return builder.create<SelectOp>(loc, maskType, keep, constant(0.0f),
                                  constant(-std::numeric_limits<float>::infinity()));
}

struct TfmLowerAttentionPass : tfm::impl::TfmLowerAttentionBase<TfmLowerAttentionPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<AttentionOp> candidates;
    module.walk([&](AttentionOp op) {
      Value mask = op.getMask();
      bool supportedMask = !mask || isa_and_nonnull<CausalMaskOp>(mask.getDefiningOp()) ||
                           cast<RankedTensorType>(mask.getType()).getElementType().isInteger(1) ||
                           isF32Tensor(mask);
      if (isF32Tensor(op.getQuery()) && isF32Tensor(op.getKey()) &&
          isF32Tensor(op.getValue()) && isF32Tensor(op.getResult()) && supportedMask)
        candidates.push_back(op);
    });
    OpBuilder builder(&getContext());
    for (AttentionOp op : candidates) {
      Location loc = op.getLoc();
      builder.setInsertionPoint(op);
      RuntimeCallBuilder calls(module, builder, loc);
      Value query = calls.operand(op.getQuery());
      int64_t maskKind = TFMRT_MASK_NONE;
      Value mask = query; // ignored by the kernel unless the mask is additive
      if (Value maskTensor = op.getMask()) {
        if (isa_and_nonnull<CausalMaskOp>(maskTensor.getDefiningOp())) {
          maskKind = TFMRT_MASK_CAUSAL;
        } else {
          maskKind = TFMRT_MASK_ADDITIVE;
          if (!isF32Tensor(maskTensor))
            maskTensor = additiveMask(builder, loc, maskTensor);
          mask = calls.operand(maskTensor);
        }
      }
      Value result = calls.allocate(cast<RankedTensorType>(op.getType()), op.getQuery());
      Value replacement = calls.call(
          "tfmrt_attention",
          {query, calls.operand(op.getKey()), calls.operand(op.getValue()), mask, Value(),
           calls.i64(op.getNumHeads()), calls.f64(op.getScale().convertToDouble()),
           calls.i64(maskKind)},
          result);
      if (replacement.getType() != op.getType())
        replacement = builder.create<tensor::CastOp>(loc, op.getType(), replacement);
      op.getResult().replaceAllUsesWith(replacement);
      op.erase();
    }
  }
};

} // namespace
