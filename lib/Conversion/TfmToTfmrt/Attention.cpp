//===- Attention.cpp - tfm.attention to the FlashAttention kernel ---------===//

#include "KernelOps.h"

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Runtime/Kernels.h"

#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

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

/// An f32 tfm.attention as tfmrt.attention: a causal mask becomes the
/// kernel's flag, a boolean keep-mask an additive one; precision bf16 the
/// kernel's bf16 variant.
struct LowerAttention : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AttentionOp op, PatternRewriter &rewriter) const override {
    if (!isF32Tensor(op.getQuery()) || !isF32Tensor(op.getKey()) || !isF32Tensor(op.getValue()) ||
        !isF32Tensor(op.getResult()))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 query, key and value only");
    Value mask = op.getMask();
    int64_t maskKind = TFMRT_MASK_NONE;
    if (mask && isa_and_nonnull<CausalMaskOp>(mask.getDefiningOp())) {
      maskKind = TFMRT_MASK_CAUSAL;
      mask = Value();
    } else if (mask) {
      if (!isF32Tensor(mask) &&
          !cast<RankedTensorType>(mask.getType()).getElementType().isInteger(1))
        return rewriter.notifyMatchFailure(op, "the mask is neither boolean nor f32");
      maskKind = TFMRT_MASK_ADDITIVE;
      if (!isF32Tensor(mask))
        mask = additiveMask(rewriter, op.getLoc(), mask);
    }
    Value init = emptyDestination(rewriter, op.getLoc(), op.getType(), op.getQuery());
    rewriter.replaceOpWithNewOp<tfmrt::AttentionOp>(
        op, op.getType(), op.getQuery(), op.getKey(), op.getValue(), mask, init,
        op.getNumHeads(), APFloat(op.getScale().convertToDouble()), maskKind,
        /*bf16=*/op.getPrecision() == Precision::bf16);
    return success();
  }
};

/// tfm.kv_cache_append as tfmrt.kv_cache_write into the cache, which
/// bufferizes in place, and the layer's keys and values as views of the
/// written cache (no copy; the attention kernel reads them by strides). The
/// views end at position + T, clamped to [0, M] so that they stay inside the
/// cache when the kernel refuses a position (the run then fails).
struct LowerKvCacheAppend : OpRewritePattern<KvCacheAppendOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(KvCacheAppendOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value written = rewriter.create<tfmrt::KvCacheWriteOp>(
        loc, TypeRange{op.getCache().getType()}, op.getKey(), op.getValue(), op.getPosition(),
        op.getCache(), op.getLayer()).getResult()[0];
    Value position = rewriter.create<arith::IndexCastOp>(
        loc, rewriter.getIndexType(),
        rewriter.create<tensor::ExtractOp>(loc, op.getPosition(), ValueRange{}));
    Value tokens = rewriter.create<tensor::DimOp>(loc, op.getKey(), 1);
    Value capacity = rewriter.create<tensor::DimOp>(loc, written, 3);
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value end = rewriter.create<arith::AddIOp>(loc, position, tokens);
    end = rewriter.create<arith::MinSIOp>(
        loc, rewriter.create<arith::MaxSIOp>(loc, end, zero), capacity);
    // The views' batch is static exactly when the keys' type says so (the
    // verifier lets the cache's and the keys' batch differ in that): the
    // slice's sizes must give the keys' type.
    auto keysType = cast<RankedTensorType>(op.getKeys().getType());
    auto view = [&](int64_t kv) -> Value {
      SmallVector<OpFoldResult> offsets = {op.getLayer(),
                                           rewriter.getIndexAttr(kv), rewriter.getIndexAttr(0),
                                           rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
      OpFoldResult batch =
          keysType.isDynamicDim(0)
              ? OpFoldResult(rewriter.create<tensor::DimOp>(loc, written, 2).getResult())
              : OpFoldResult(rewriter.getIndexAttr(keysType.getDimSize(0)));
      SmallVector<OpFoldResult> sizes = {
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(1), batch, end,
          tensor::getMixedSize(rewriter, loc, written, 4)};
      SmallVector<OpFoldResult> strides(5, rewriter.getIndexAttr(1));
      return rewriter.create<tensor::ExtractSliceOp>(loc, op.getKeys().getType(), written,
                                                     offsets, sizes, strides);
    };
    Value keys = view(0), values = view(1);
    rewriter.replaceOp(op, {written, keys, values});
    return success();
  }
};

struct TfmLowerAttentionPass : tfm::impl::TfmLowerAttentionBase<TfmLowerAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateTfmLowerAttentionPatterns(patterns);
    if (failed(applyToExistingOps(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::tfm::populateTfmLowerAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerAttention, LowerKvCacheAppend>(patterns.getContext());
}
