//===- LowerLosses.cpp - tfm losses to linalg/tensor/arith/math -----------===//
//
// Lowers tfm.cross_entropy to structured ops on tensors:
//
//   1. the row maximum of the logits over V,            [B, T]
//   2. the row sum of exp(logit - max) over V,          [B, T]
//   3. per position: the label (shifted by one with `next_token`), whether the
//      position counts, and its loss log(sum) + max - logits[b, t, label]
//      (zero where it does not count),                  [B, T] x 2
//   4. a reduction of 3 to the sum of losses and the number of counted
//      positions,                                       rank 0 x 2
//   5. sum / count, which is NaN (0/0) when nothing counts, as in PyTorch.
//
// The max is subtracted before exponentiating, so large logits do not
// overflow. Arithmetic is in f32 (f16/bf16 logits are extended); the sum of
// losses is accumulated in f64 and the count in i64.
//
// The label's logit is read with tensor.extract, and so is the label with
// `next_token` (at t + 1; the last position reads t and does not count). The
// mask, if any, is read at the logits' position t. Labels outside [0, V) on counted positions are not
// diagnosed here: the index is clamped into [0, V) so that no read is out of
// bounds, and the loss is then that of the clamped class (PyTorch raises).
// Rejecting such labels is the job of whoever supplies them: the runtime
// validates ids against an input's id_limit, which tfm-compile currently
// derives only from the embedding tables an input indexes, so labels that
// only feed tfm.cross_entropy are not yet checked.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"
#include "ResultTypes.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::tfm;
using namespace mlir::tfm::lowering;

namespace {

/// `value` as f32 (extended from f16/bf16).
Value toF32(OpBuilder &b, Location loc, Value value) {
  if (value.getType().isF32())
    return value;
  return b.create<arith::ExtFOp>(loc, b.getF32Type(), value);
}

/// Reduces the last dimension of the rank-3 `logits` into a [B, T] f32 tensor
/// starting from `identity`; `extra` are per-row inputs read through rowMap.
Value reduceRows(OpBuilder &b, Location loc, Value logits, ValueRange extra,
                 Value identity, BodyBuilder body) {
  SmallVector<Value> inputs = {logits};
  inputs.append(extra.begin(), extra.end());
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(3)};
  maps.append(extra.size(), rowMap(b.getContext(), 3));
  return reduceLastDim(b, loc, cast<RankedTensorType>(logits.getType()), inputs, maps,
                       identity, body, logits);
}

struct LowerCrossEntropy : OpRewritePattern<CrossEntropyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CrossEntropyOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value logits = op.getLogits();
    Value labels = op.getLabels();
    Value mask = op.getMask();
    bool nextToken = op.getNextToken();
    int64_t ignoreIndex = op.getIgnoreIndex();
    Type resultElementType = op.getType().getElementType();
    Type f32 = b.getF32Type(), f64 = b.getF64Type(), i64 = b.getI64Type();
    auto labelType = cast<IntegerType>(op.getLabels().getType().getElementType());

    // 1. Row maximum.
    Value rowMax = reduceRows(
        b, loc, logits, {},
        b.create<arith::ConstantOp>(
            loc, f32, b.getFloatAttr(f32, APFloat::getInf(APFloat::IEEEsingle(), true))),
        [](OpBuilder &b, Location loc, ValueRange args) {
          Value x = toF32(b, loc, args[0]);
          b.create<linalg::YieldOp>(
              loc, ValueRange{b.create<arith::MaximumFOp>(loc, x, args[1])});
        });

    // 2. Row sum of exp(x - max).
    Value rowSum = reduceRows(
        b, loc, logits, rowMax, constantFloat(b, loc, f32, 0.0),
        [](OpBuilder &b, Location loc, ValueRange args) {
          Value x = toF32(b, loc, args[0]);
          Value e = b.create<math::ExpOp>(loc, b.create<arith::SubFOp>(loc, x, args[1]));
          b.create<linalg::YieldOp>(loc, ValueRange{b.create<arith::AddFOp>(loc, e, args[2])});
        });

    // 3. Per-position loss (zero where the position does not count) and
    // whether it counts. Without `next_token` the label is read through the
    // identity map; with it, by tensor.extract at t + 1, and t = T - 1 does
    // not count. The mask indexes the logits' position t either way.
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, logits);
    sizes.pop_back();
    Value vocab = b.create<arith::IndexCastOp>(
        loc, i64, b.create<tensor::DimOp>(loc, logits, 2));
    Value vocabMinus1 = b.create<arith::SubIOp>(
        loc, vocab, b.create<arith::ConstantOp>(loc, i64, b.getIntegerAttr(i64, 1)));
    Value seqLen = nextToken ? b.create<tensor::DimOp>(loc, labels, 1).getResult() : Value();
    AffineMap identity2 = b.getMultiDimIdentityMap(2);
    SmallVector<Value> inputs = {rowMax, rowSum};
    if (!nextToken)
      inputs.push_back(labels);
    if (mask)
      inputs.push_back(mask);
    SmallVector<AffineMap> maps(inputs.size() + 2, identity2);
    Value lossInit = b.create<tensor::EmptyOp>(loc, sizes, f32);
    Value countsInit = b.create<tensor::EmptyOp>(loc, sizes, b.getI1Type());
    auto perPosition = b.create<linalg::GenericOp>(
        loc, TypeRange{lossInit.getType(), countsInit.getType()}, inputs,
        ValueRange{lossInit, countsInit}, maps, parallelIterators(2),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value batch = b.create<linalg::IndexOp>(loc, 0);
          Value t = b.create<linalg::IndexOp>(loc, 1);
          Value label;
          Value counts;
          if (nextToken) {
            Value next = b.create<arith::AddIOp>(loc, t, b.create<arith::ConstantIndexOp>(loc, 1));
            Value inRange =
                b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, next, seqLen);
            // t itself when t + 1 is past the end: in bounds, and not counted.
            Value at = b.create<arith::SelectOp>(loc, inRange, next, t);
            label = b.create<tensor::ExtractOp>(loc, labels, ValueRange{batch, at});
            counts = inRange;
          } else {
            label = args[2];
          }
          if (labelType.getWidth() < 64)
            label = b.create<arith::ExtSIOp>(loc, i64, label);
          auto constantI64 = [&](int64_t v) -> Value {
            return b.create<arith::ConstantOp>(loc, i64, b.getIntegerAttr(i64, v));
          };
          Value kept = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, label,
                                               constantI64(ignoreIndex));
          counts = counts ? b.create<arith::AndIOp>(loc, counts, kept).getResult() : kept;
          if (mask)
            counts = b.create<arith::AndIOp>(loc, counts, args[inputs.size() - 1]);
          // Clamp into [0, V) so that the read is in bounds whatever the label.
          Value clamped = b.create<arith::MaxSIOp>(
              loc, b.create<arith::MinSIOp>(loc, label, vocabMinus1), constantI64(0));
          Value column = b.create<arith::IndexCastOp>(loc, b.getIndexType(), clamped);
          Value logit = toF32(
              b, loc, b.create<tensor::ExtractOp>(loc, logits, ValueRange{batch, t, column}));
          Value logSumExp = b.create<arith::AddFOp>(
              loc, b.create<math::LogOp>(loc, args[1]), args[0]);
          Value loss = b.create<arith::SubFOp>(loc, logSumExp, logit);
          loss = b.create<arith::SelectOp>(loc, counts, loss, constantFloat(b, loc, f32, 0.0));
          b.create<linalg::YieldOp>(loc, ValueRange{loss, counts});
        });
    Value losses = perPosition.getResult(0);
    Value counted = perPosition.getResult(1);

    // 4. Sum of losses (f64) and number of counted positions (i64).
    Value sumInit = filledTensor(b, loc, {}, constantFloat(b, loc, f64, 0.0));
    Value countInit = filledTensor(
        b, loc, {}, b.create<arith::ConstantOp>(loc, i64, b.getIntegerAttr(i64, 0)));
    AffineMap toScalar = AffineMap::get(2, 0, {}, ctx);
    auto totals = b.create<linalg::GenericOp>(
        loc, TypeRange{sumInit.getType(), countInit.getType()}, ValueRange{losses, counted},
        ValueRange{sumInit, countInit},
        ArrayRef<AffineMap>{identity2, identity2, toScalar, toScalar},
        SmallVector<utils::IteratorType>(2, utils::IteratorType::reduction),
        [](OpBuilder &b, Location loc, ValueRange args) {
          Value loss = b.create<arith::ExtFOp>(loc, b.getF64Type(), args[0]);
          Value one = b.create<arith::ExtUIOp>(loc, b.getI64Type(), args[1]);
          b.create<linalg::YieldOp>(
              loc, ValueRange{b.create<arith::AddFOp>(loc, args[2], loss),
                              b.create<arith::AddIOp>(loc, args[3], one)});
        });

    // 5. The mean: NaN (0/0) when no position counts.
    AffineMap scalar = AffineMap::get(0, 0, {}, ctx);
    Value resultInit = b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{}, resultElementType);
    auto mean = b.create<linalg::GenericOp>(
        loc, resultInit.getType(), totals.getResults(), resultInit,
        ArrayRef<AffineMap>{scalar, scalar, scalar}, ArrayRef<utils::IteratorType>{},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value count = b.create<arith::SIToFPOp>(loc, b.getF64Type(), args[1]);
          Value m = b.create<arith::DivFOp>(loc, args[0], count);
          b.create<linalg::YieldOp>(
              loc, ValueRange{b.create<arith::TruncFOp>(loc, resultElementType, m)});
        });
    replaceOpWithResultType(b, op, mean.getResult(0));
    return success();
  }
};

} // namespace

void mlir::tfm::populateTfmLossLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerCrossEntropy>(patterns.getContext());
}
