//===- TfmToLinalg.cpp - tfm to linalg/tensor/arith/math ------------------===//
//
// Lowers every tfm op except tfm.param to structured ops on tensors. Matrix
// products become linalg.generic contractions that the codegen pipeline
// tiles and vectorizes; normalisations become row reductions followed by an
// element-wise generic that re-reads the inputs, so nothing T×T-sized is
// materialised beyond the scores themselves.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"
#include "ResultTypes.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmBuilders.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMTOLINALG
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;
using namespace mlir::tfm::lowering;

namespace {

/// The map reading `operandShape` (right-aligned, static 1s broadcast) inside
/// an iteration space of `rank` dimensions.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       int64_t rank) {
  SmallVector<AffineExpr> exprs;
  int64_t offset = rank - operandShape.size();
  for (auto [i, dim] : llvm::enumerate(operandShape))
    exprs.push_back(dim == 1 ? getAffineConstantExpr(0, ctx)
                             : getAffineDimExpr(offset + i, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Sizes of the broadcast result of `operands` with result type `type`: each
/// dynamic size is read from an operand that has that dimension unbroadcast.
SmallVector<OpFoldResult> broadcastSizes(OpBuilder &b, Location loc,
                                         RankedTensorType type, ValueRange operands) {
  SmallVector<OpFoldResult> sizes;
  int64_t rank = type.getRank();
  for (int64_t i = 0; i < rank; ++i) {
    if (!type.isDynamicDim(i)) {
      sizes.push_back(b.getIndexAttr(type.getDimSize(i)));
      continue;
    }
    for (Value operand : operands) {
      auto operandType = cast<RankedTensorType>(operand.getType());
      int64_t dim = i - (rank - operandType.getRank());
      if (dim >= 0 && operandType.getDimSize(dim) != 1) {
        sizes.push_back(tensor::getMixedSize(b, loc, operand, dim));
        break;
      }
    }
    // Every operand broadcasts along this dimension, which is dynamic only
    // in a declared result type less static than the operands imply.
    if (static_cast<int64_t>(sizes.size()) == i)
      sizes.push_back(b.getIndexAttr(1));
  }
  return sizes;
}

/// An element-wise generic over the broadcast of `operands` into `type`.
Value broadcastElementwise(OpBuilder &b, Location loc, RankedTensorType type,
                           ValueRange operands, BodyBuilder body) {
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(broadcastMap(b.getContext(),
                                cast<RankedTensorType>(operand.getType()).getShape(),
                                rank));
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = emptyTensor(b, loc, broadcastSizes(b, loc, type, operands),
                           type.getElementType());
  return generic(b, loc, operands, init, maps, parallelIterators(rank), body);
}

//===----------------------------------------------------------------------===//
// Scalar math shared by several ops
//===----------------------------------------------------------------------===//

Value gelu(OpBuilder &b, Location loc, Value x, GeluApproximation approximation) {
  Type type = x.getType();
  Value one = constantFloat(b, loc, type, 1.0);
  if (approximation == GeluApproximation::sigmoid) {
    // x·σ(1.702·x) = x / (1 + exp(-1.702·x)); exp overflowing to +inf for a
    // very negative x gives x / inf = -0, the limit.
    Value minusCoefficient = constantFloat(b, loc, type, -1.702);
    Value e = b.create<math::ExpOp>(loc, b.create<arith::MulFOp>(loc, minusCoefficient, x));
    return b.create<arith::DivFOp>(loc, x, b.create<arith::AddFOp>(loc, one, e));
  }
  Value half = constantFloat(b, loc, type, 0.5);
  Value inner;
  if (approximation == GeluApproximation::erf) {
    Value invSqrt2 = constantFloat(b, loc, type, 0.70710678118654752440);
    inner = b.create<math::ErfOp>(loc, b.create<arith::MulFOp>(loc, x, invSqrt2));
  } else {
    Value sqrt2OverPi = constantFloat(b, loc, type, 0.79788456080286535588);
    Value coefficient = constantFloat(b, loc, type, 0.044715);
    Value cube = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, x, x), x);
    Value poly = b.create<arith::AddFOp>(
        loc, x, b.create<arith::MulFOp>(loc, coefficient, cube));
    inner = b.create<math::TanhOp>(loc, b.create<arith::MulFOp>(loc, sqrt2OverPi, poly));
  }
  Value halfX = b.create<arith::MulFOp>(loc, half, x);
  return b.create<arith::MulFOp>(loc, halfX, b.create<arith::AddFOp>(loc, one, inner));
}

Value activate(OpBuilder &b, Location loc, Value x, Activation activation) {
  switch (activation) {
  case Activation::none:
    return x;
  case Activation::gelu_tanh:
    return gelu(b, loc, x, GeluApproximation::tanh);
  case Activation::gelu_erf:
    return gelu(b, loc, x, GeluApproximation::erf);
  case Activation::tanh:
    return b.create<math::TanhOp>(loc, x);
  case Activation::relu:
    // maximumf keeps a NaN, as torch.relu does.
    return b.create<arith::MaximumFOp>(loc, x, constantFloat(b, loc, x.getType(), 0.0));
  case Activation::silu: {
    // x / (1 + exp(-x)); exp overflowing to +inf for a very negative x
    // gives x / inf = -0, the limit.
    Value one = constantFloat(b, loc, x.getType(), 1.0);
    Value e = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
    return b.create<arith::DivFOp>(loc, x, b.create<arith::AddFOp>(loc, one, e));
  }
  case Activation::gelu_sigmoid:
    return gelu(b, loc, x, GeluApproximation::sigmoid);
  }
  llvm_unreachable("unknown activation");
}

Value lowestValue(OpBuilder &b, Location loc, Type type) {
  auto floatType = cast<FloatType>(type);
  return b.create<arith::ConstantOp>(
      loc, type,
      b.getFloatAttr(type, APFloat::getLargest(floatType.getFloatSemantics(),
                                               /*Negative=*/true)));
}

Value negativeInfinity(OpBuilder &b, Location loc, Type type) {
  auto floatType = cast<FloatType>(type);
  return b.create<arith::ConstantOp>(
      loc, type,
      b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics(),
                                           /*Negative=*/true)));
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

/// `init + lhs · rhs` as a linalg.generic contraction. `lhs` is
/// `[batch..., M, K]`, or `[M, K]` when `sharedLhs`; `rhs` is `[K, N]` when
/// `sharedRhs` (a weight used by every batch), else `[batch..., K, N]`;
/// `init` is `[batch..., M, N]`. The
/// right-hand side is always N-contiguous, which is the layout the
/// vectorized kernel wants: a row of C accumulates broadcast(A[m, k]) × B[k, :].
Value contraction(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
                  bool sharedRhs, bool sharedLhs = false) {
  MLIRContext *ctx = b.getContext();
  int64_t outRank = cast<RankedTensorType>(init.getType()).getRank();
  int64_t rank = outRank + 1; // (batch..., m, n, k)
  SmallVector<AffineExpr> batch;
  for (int64_t i = 0; i < outRank - 2; ++i)
    batch.push_back(getAffineDimExpr(i, ctx));
  AffineExpr m = getAffineDimExpr(outRank - 2, ctx);
  AffineExpr n = getAffineDimExpr(outRank - 1, ctx);
  AffineExpr k = getAffineDimExpr(outRank, ctx);
  auto withBatch = [&](ArrayRef<AffineExpr> tail, bool includeBatch) {
    SmallVector<AffineExpr> exprs = includeBatch ? batch : SmallVector<AffineExpr>{};
    exprs.append(tail.begin(), tail.end());
    return AffineMap::get(rank, 0, exprs, ctx);
  };
  SmallVector<AffineMap> maps = {withBatch({m, k}, !sharedLhs),
                                 withBatch({k, n}, !sharedRhs), withBatch({m, n}, true)};
  SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
  iterators.back() = utils::IteratorType::reduction;
  return generic(b, loc, {lhs, rhs}, init, maps, iterators,
                 [](OpBuilder &b, Location loc, ValueRange args) {
                   Value product = b.create<arith::MulFOp>(loc, args[0], args[1]);
                   b.create<linalg::YieldOp>(
                       loc, ValueRange{b.create<arith::AddFOp>(loc, args[2], product)});
                 });
}

/// `value` with its last two dimensions swapped.
Value transposeLastTwo(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> permutation = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(permutation[rank - 1], permutation[rank - 2]);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  std::swap(sizes[rank - 1], sizes[rank - 2]);
  Value init = emptyTensor(b, loc, sizes, type.getElementType());
  return b.create<linalg::TransposeOp>(loc, value, init, permutation).getResult()[0];
}

/// `bias` broadcast to `sizes` along `dimension`, or zeros without a bias:
/// the accumulator a product adds onto.
Value accumulatorInit(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                      Value bias, int64_t dimension, Type elementType) {
  if (!bias)
    return filledTensor(b, loc, sizes, constantFloat(b, loc, elementType, 0.0));
  Value empty = emptyTensor(b, loc, sizes, elementType);
  SmallVector<int64_t> broadcastDims;
  for (int64_t i = 0, e = sizes.size(); i < e; ++i)
    if (i != dimension)
      broadcastDims.push_back(i);
  return b.create<linalg::BroadcastOp>(loc, bias, empty, broadcastDims).getResult()[0];
}

/// `activation(input · W + bias) + residual` over the last dimension of
/// `input`; the bias initialises the accumulator so the product adds onto it,
/// and the activation and the residual (either may be absent) are one
/// element-wise epilogue on the product.
///
/// The kernel wants an N-contiguous right-hand side. An `in_out` weight is
/// one; for an `out_in` weight (one tfm-pretranspose-weights could not bind
/// transposed, such as GPT-2's tied LM head) the product is computed
/// transposed, `(W · Xᵀ)ᵀ`, which transposes activations instead of the
/// (usually much larger) weight. Leading dimensions stay batch dimensions:
/// collapsing several dynamic ones into rows is avoided on purpose.
Value linear(OpBuilder &b, Location loc, Value input, Value weight, Value bias,
             WeightLayout layout, Activation activation, Type elementType,
             Value residual = Value()) {
  // A rank-1 input is a single row: give it an M dimension of 1.
  bool singleRow = cast<RankedTensorType>(input.getType()).getRank() == 1;
  if (singleRow)
    input = b.create<tensor::ExpandShapeOp>(
        loc,
        RankedTensorType::get({1, cast<RankedTensorType>(input.getType()).getDimSize(0)},
                              elementType),
        input, ArrayRef<ReassociationIndices>{{0, 1}});
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  // The number of output features is the weight's (a declared result type
  // may leave it dynamic, and a weight argument may too).
  sizes.back() = tensor::getMixedSize(b, loc, weight, layout == WeightLayout::in_out ? 1 : 0);

  Value product;
  if (layout == WeightLayout::in_out) {
    Value init = accumulatorInit(b, loc, sizes, bias, rank - 1, elementType);
    product = contraction(b, loc, input, weight, init, /*sharedRhs=*/true);
  } else {
    SmallVector<OpFoldResult> transposedSizes = sizes;
    std::swap(transposedSizes[rank - 1], transposedSizes[rank - 2]);
    Value init = accumulatorInit(b, loc, transposedSizes, bias, rank - 2, elementType);
    Value transposed = contraction(b, loc, weight, transposeLastTwo(b, loc, input), init,
                                   /*sharedRhs=*/false, /*sharedLhs=*/true);
    product = transposeLastTwo(b, loc, transposed);
  }
  if (singleRow)
    product = b.create<tensor::CollapseShapeOp>(loc, product,
                                                ArrayRef<ReassociationIndices>{{0, 1}});
  if (activation == Activation::none && !residual)
    return product;
  SmallVector<Value> epilogueInputs = {product};
  if (residual)
    epilogueInputs.push_back(residual);
  return broadcastElementwise(
      b, loc, cast<RankedTensorType>(product.getType()), epilogueInputs,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value result = activate(b, loc, args[0], activation);
        if (residual)
          result = b.create<arith::AddFOp>(loc, result, args[1]);
        b.create<linalg::YieldOp>(loc, result);
      });
}

//===----------------------------------------------------------------------===//
// Row reductions over the last dimension
//===----------------------------------------------------------------------===//


/// softmax over the last dimension of `f(inputs)`, where `score` computes the
/// (masked, scaled) score from the inputs' elements; it is recomputed in each
/// of the three sweeps instead of being stored.
Value softmax(OpBuilder &b, Location loc, RankedTensorType type, ValueRange inputs,
              ArrayRef<AffineMap> inputMaps,
              function_ref<Value(OpBuilder &, Location, ValueRange)> score,
              Value shapeSource) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  Type elementType = type.getElementType();
  SmallVector<AffineMap> maps(inputMaps);
  size_t numInputs = inputs.size();

  Value rowMax = reduceLastDim(
      b, loc, type, inputs, maps, negativeInfinity(b, loc, elementType),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value s = score(b, loc, args.take_front(numInputs));
        b.create<linalg::YieldOp>(loc,
                                  ValueRange{b.create<arith::MaximumFOp>(loc, s, args.back())});
      },
      shapeSource);

  SmallVector<Value> withMax(inputs);
  withMax.push_back(rowMax);
  SmallVector<AffineMap> mapsWithMax(inputMaps);
  mapsWithMax.push_back(rowMap(ctx, rank));
  Value rowSum = reduceLastDim(
      b, loc, type, withMax, mapsWithMax, constantFloat(b, loc, elementType, 0.0),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value s = score(b, loc, args.take_front(numInputs));
        Value e = b.create<math::ExpOp>(
            loc, b.create<arith::SubFOp>(loc, s, args[numInputs]));
        b.create<linalg::YieldOp>(loc, ValueRange{b.create<arith::AddFOp>(loc, e, args.back())});
      },
      shapeSource);

  SmallVector<Value> all(withMax);
  all.push_back(rowSum);
  SmallVector<AffineMap> allMaps(mapsWithMax);
  allMaps.push_back(rowMap(ctx, rank));
  allMaps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = emptyTensor(b, loc, tensor::getMixedSizes(b, loc, shapeSource), elementType);
  return generic(b, loc, all, init, allMaps, parallelIterators(rank),
                 [&](OpBuilder &b, Location loc, ValueRange args) {
                   Value s = score(b, loc, args.take_front(numInputs));
                   Value e = b.create<math::ExpOp>(
                       loc, b.create<arith::SubFOp>(loc, s, args[numInputs]));
                   b.create<linalg::YieldOp>(
                       loc, ValueRange{b.create<arith::DivFOp>(loc, e, args[numInputs + 1])});
                 });
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

template <typename OpTy>
struct TfmLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
};

struct LowerEmbedding : TfmLowering<EmbeddingOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(EmbeddingOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, op.getIds());
    sizes.push_back(tensor::getMixedSize(b, loc, op.getTable(), 1));
    Value init = emptyTensor(b, loc, sizes, type.getElementType());
    SmallVector<AffineMap> maps = {rowMap(b.getContext(), rank),
                                   b.getMultiDimIdentityMap(rank)};
    Value table = op.getTable();
    Value lowered = generic(b, loc, op.getIds(), init, maps, parallelIterators(rank),
                            [&](OpBuilder &b, Location loc, ValueRange args) {
                              Value row = b.create<arith::IndexCastOp>(
                                  loc, b.getIndexType(), args[0]);
                              Value column = b.create<linalg::IndexOp>(loc, rank - 1);
                              Value v = b.create<tensor::ExtractOp>(
                                  loc, table, ValueRange{row, column});
                              b.create<linalg::YieldOp>(loc, v);
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerPositionIds : TfmLowering<PositionIdsOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(PositionIdsOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value init = emptyTensor(b, loc, tensor::getMixedSizes(b, loc, op.getLike()),
                             type.getElementType());
    if (std::optional<int64_t> padding = op.getPadding())
      return lowerPastPadding(op, *padding, init, b);
    Value offset;
    if (op.getOffset())
      offset = b.create<tensor::ExtractOp>(loc, op.getOffset(), ValueRange{});
    Value lowered = generic(b, loc, {}, init, {b.getMultiDimIdentityMap(2)},
                            parallelIterators(2),
                            [&](OpBuilder &b, Location loc, ValueRange) {
                              Value t = b.create<linalg::IndexOp>(loc, 1);
                              Value id = b.create<arith::IndexCastOp>(
                                  loc, type.getElementType(), t);
                              if (offset)
                                id = b.create<arith::AddIOp>(loc, id, offset);
                              b.create<linalg::YieldOp>(loc, ValueRange{id});
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }

  /// Positions past padding: out[b, t] starts at P and counts, over s <= t,
  /// the tokens ids[b, s] != P when ids[b, t] != P itself (a reduction over
  /// s, T² work per row, small beside attention's).
  LogicalResult lowerPastPadding(PositionIdsOp op, int64_t padding, Value init,
                                 PatternRewriter &b) const {
    Location loc = op.getLoc();
    Type elementType = op.getType().getElementType();
    Value pad = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(elementType, padding));
    Value start = b.create<linalg::FillOp>(loc, pad, init).getResult(0);
    MLIRContext *ctx = b.getContext();
    AffineExpr row = getAffineDimExpr(0, ctx), t = getAffineDimExpr(1, ctx),
               s = getAffineDimExpr(2, ctx);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {row, s}, ctx),
                                   AffineMap::get(3, 0, {row, t}, ctx),
                                   AffineMap::get(3, 0, {row, t}, ctx)};
    SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                  utils::IteratorType::parallel,
                                                  utils::IteratorType::reduction};
    Value ids = op.getLike();
    Value lowered =
        b.create<linalg::GenericOp>(
             loc, init.getType(), ValueRange{ids, ids}, ValueRange{start}, maps, iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               Value sIndex = b.create<linalg::IndexOp>(loc, 2);
               Value tIndex = b.create<linalg::IndexOp>(loc, 1);
               Value before = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule,
                                                      sIndex, tIndex);
               Value counted =
                   b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, args[0], pad);
               Value real =
                   b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, args[1], pad);
               Value both = b.create<arith::AndIOp>(
                   loc, b.create<arith::AndIOp>(loc, before, counted), real);
               Value one = b.create<arith::ExtUIOp>(loc, elementType, both);
               b.create<linalg::YieldOp>(
                   loc, ValueRange{b.create<arith::AddIOp>(loc, args[2], one)});
             })
            .getResult(0);
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// Patches become rows by reshapes and a transpose ([B,C,H,W] ->
/// [B,H/P,W/P,C,P,P] -> [B,N,C·P·P]); the projection is then a linear layer
/// with the flattened [D, C·P·P] weight.
struct LowerPatchEmbed : TfmLowering<PatchEmbedOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(PatchEmbedOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> pixels = op.getPixels().getType().getShape();
    ArrayRef<int64_t> weight = op.getWeight().getType().getShape();
    // The verifier requires static channels and image size.
    Type elementType = op.getType().getElementType();
    int64_t c = pixels[1], p = weight[2], hp = pixels[2] / p, wp = pixels[3] / p;
    OpFoldResult batch = tensor::getMixedSize(b, loc, op.getPixels(), 0);
    int64_t dynBatch = pixels[0];

    auto expandedType = RankedTensorType::get({dynBatch, c, hp, p, wp, p}, elementType);
    SmallVector<OpFoldResult> expandedSizes = {batch, b.getIndexAttr(c), b.getIndexAttr(hp),
                                               b.getIndexAttr(p), b.getIndexAttr(wp),
                                               b.getIndexAttr(p)};
    Value expanded = b.create<tensor::ExpandShapeOp>(
        loc, expandedType, op.getPixels(),
        ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}, {4, 5}}, expandedSizes);
    // [B, C, hp, P, wp, P] -> [B, hp, wp, C, P, P]
    SmallVector<OpFoldResult> transposedSizes = {batch, b.getIndexAttr(hp),
                                                 b.getIndexAttr(wp), b.getIndexAttr(c),
                                                 b.getIndexAttr(p), b.getIndexAttr(p)};
    Value transposedInit = emptyTensor(b, loc, transposedSizes, elementType);
    Value transposed = b.create<linalg::TransposeOp>(loc, expanded, transposedInit,
                                                     ArrayRef<int64_t>{0, 2, 4, 1, 3, 5})
                           .getResult()[0];
    Value rows = b.create<tensor::CollapseShapeOp>(
        loc, transposed, ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3, 4, 5}});
    Value flatWeight = b.create<tensor::CollapseShapeOp>(
        loc, op.getWeight(), ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
    Value lowered = linear(b, loc, rows, flatWeight, op.getBias(), WeightLayout::out_in,
                           Activation::none, elementType);
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerPrependCls : TfmLowering<PrependClsOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(PrependClsOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    SmallVector<OpFoldResult> inputSizes = tensor::getMixedSizes(b, loc, op.getInput());
    SmallVector<OpFoldResult> sizes = inputSizes;
    sizes[1] = b.getIndexAttr(type.getDimSize(1));
    if (type.isDynamicDim(1)) {
      Value length = b.create<tensor::DimOp>(loc, op.getInput(), 1);
      Value one = b.create<arith::ConstantIndexOp>(loc, 1);
      sizes[1] = b.create<arith::AddIOp>(loc, length, one).getResult();
    }
    Value empty = emptyTensor(b, loc, sizes, type.getElementType());
    SmallVector<OpFoldResult> clsSizes = {sizes[0], b.getIndexAttr(1), sizes[2]};
    Value clsInit = emptyTensor(b, loc, clsSizes, type.getElementType());
    Value clsRows =
        b.create<linalg::BroadcastOp>(
             loc,
             b.create<tensor::CollapseShapeOp>(loc, op.getCls(),
                                               ArrayRef<ReassociationIndices>{{0, 1, 2}})
                 .getResult(),
             clsInit, ArrayRef<int64_t>{0, 1})
            .getResult()[0];
    SmallVector<OpFoldResult> zeros(3, b.getIndexAttr(0)), ones(3, b.getIndexAttr(1));
    Value withCls = b.create<tensor::InsertSliceOp>(loc, clsRows, empty, zeros, clsSizes, ones);
    SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(1),
                                         b.getIndexAttr(0)};
    replaceOpWithResultType(b, op,
                            b.create<tensor::InsertSliceOp>(loc, op.getInput(), withCls,
                                                            offsets, inputSizes, ones));
    return success();
  }
};

struct LowerClsToken : TfmLowering<ClsTokenOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(ClsTokenOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, op.getInput());
    sizes[1] = b.getIndexAttr(1);
    SmallVector<OpFoldResult> zeros(3, b.getIndexAttr(0)), ones(3, b.getIndexAttr(1));
    RankedTensorType inputType = op.getInput().getType();
    auto rowType = RankedTensorType::get({inputType.getDimSize(0), inputType.getDimSize(2)},
                                         inputType.getElementType());
    replaceOpWithResultType(b, op,
                            b.create<tensor::ExtractSliceOp>(loc, rowType, op.getInput(),
                                                             zeros, sizes, ones));
    return success();
  }
};

/// `result[b, d] = input[b, clamp(positions[b], 0, T-1), d]`: a gather like
/// the embedding's, the row read from the input itself.
struct LowerTokenAt : TfmLowering<TokenAtOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(TokenAtOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value input = op.getInput();
    SmallVector<OpFoldResult> sizes = {tensor::getMixedSize(b, loc, input, 0),
                                       tensor::getMixedSize(b, loc, input, 2)};
    Value init = emptyTensor(b, loc, sizes, op.getType().getElementType());
    Value last = b.create<arith::SubIOp>(loc, b.create<tensor::DimOp>(loc, input, 1),
                                         b.create<arith::ConstantIndexOp>(loc, 1));
    Type idType = op.getPositions().getType().getElementType();
    Value zeroId = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(idType, 0));
    Value lastId = b.create<arith::IndexCastOp>(loc, idType, last);
    SmallVector<AffineMap> maps = {AffineMap::get(2, 0, getAffineDimExpr(0, ctx), ctx),
                                   b.getMultiDimIdentityMap(2)};
    Value lowered = generic(b, loc, op.getPositions(), init, maps, parallelIterators(2),
                            [&](OpBuilder &b, Location loc, ValueRange args) {
                              Value clamped = b.create<arith::MinSIOp>(
                                  loc, b.create<arith::MaxSIOp>(loc, args[0], zeroId),
                                  lastId);
                              Value position = b.create<arith::IndexCastOp>(
                                  loc, b.getIndexType(), clamped);
                              Value row = b.create<linalg::IndexOp>(loc, 0);
                              Value column = b.create<linalg::IndexOp>(loc, 1);
                              Value v = b.create<tensor::ExtractOp>(
                                  loc, input, ValueRange{row, position, column});
                              b.create<linalg::YieldOp>(loc, v);
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// One reduction over the last dimension carrying the index of the largest
/// value so far, whose value it reads back from the input: only a strictly
/// larger value replaces it, so the first of equal values wins. (A second
/// output carrying the value would need a buffer per parallel iteration.)
/// With `equal`, the values compared are `element == equal`: the first
/// match replaces index 0 unless element 0 matches.
struct LowerArgmax : TfmLowering<ArgmaxOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(ArgmaxOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value input = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    Type indexType = op.getType().getElementType();
    Value equal;
    if (std::optional<int64_t> value = op.getEqual())
      equal = b.create<arith::ConstantOp>(
          loc, b.getIntegerAttr(op.getInput().getType().getElementType(), *value));
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
    sizes.pop_back();
    Value init = filledTensor(
        b, loc, sizes, b.create<arith::ConstantOp>(loc, b.getIntegerAttr(indexType, 0)));
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < rank - 1; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
    iterators.back() = utils::IteratorType::reduction;
    Value lowered = generic(
        b, loc, input, init, maps, iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
          SmallVector<Value> at;
          for (int64_t i = 0; i < rank - 1; ++i)
            at.push_back(b.create<linalg::IndexOp>(loc, i));
          at.push_back(b.create<arith::IndexCastOp>(loc, b.getIndexType(), args[1]));
          Value best = b.create<tensor::ExtractOp>(loc, input, at);
          Value greater;
          if (equal) {
            Value matches =
                b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, args[0], equal);
            Value bestMatches =
                b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, best, equal);
            Value yes = b.create<arith::ConstantOp>(loc, b.getBoolAttr(true));
            greater = b.create<arith::AndIOp>(
                loc, matches, b.create<arith::XOrIOp>(loc, bestMatches, yes));
          } else {
            greater = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, args[0], best);
          }
          Value position = b.create<arith::IndexCastOp>(
              loc, indexType, b.create<linalg::IndexOp>(loc, rank - 1));
          b.create<linalg::YieldOp>(
              loc, ValueRange{b.create<arith::SelectOp>(loc, greater, position, args[1])});
        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerLinear : TfmLowering<LinearOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(LinearOp op, PatternRewriter &b) const override {
    if (op.getPrecision() != Precision::f32)
      return b.notifyMatchFailure(op, "lower precisions run on the dnnl backend's kernels");
    Value lowered = linear(b, op.getLoc(), op.getInput(), op.getWeight(), op.getBias(),
                           op.getLayout(), op.getActivation(), op.getType().getElementType(),
                           op.getResidual());
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerMlp : TfmLowering<MlpOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(MlpOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    Type elementType = op.getType().getElementType();
    Activation activation = geluActivation(op.getApproximate());
    Value h = linear(b, loc, op.getInput(), op.getFcWeight(), op.getFcBias(),
                     op.getLayout(), activation, elementType);
    Value lowered = linear(b, loc, h, op.getProjWeight(), op.getProjBias(), op.getLayout(),
                           Activation::none, elementType);
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// The number of features a normalisation of `input` normalises over, as a
/// float: static in the input or one of its [D] `scales` (the declared
/// result type may not say), else read from the input at run time.
Value featureCount(OpBuilder &b, Location loc, TypedValue<RankedTensorType> input,
                   ValueRange scales) {
  Type elementType = input.getType().getElementType();
  SmallVector<Value> values = {input};
  values.append(scales.begin(), scales.end());
  for (Value value : values) {
    int64_t features = cast<RankedTensorType>(value.getType()).getShape().back();
    if (!ShapedType::isDynamic(features))
      return constantFloat(b, loc, elementType, features);
  }
  Value features = b.create<tensor::DimOp>(loc, input, input.getType().getRank() - 1);
  return b.create<arith::UIToFPOp>(
      loc, elementType, b.create<arith::IndexCastUIOp>(loc, b.getI64Type(), features));
}

struct LowerLayerNorm : TfmLowering<LayerNormOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(LayerNormOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    Type elementType = type.getElementType();
    Value input = op.getInput();
    Value count = featureCount(b, loc, op.getInput(), {op.getGamma(), op.getBeta()});
    Value zero = constantFloat(b, loc, elementType, 0.0);
    AffineMap identity = b.getMultiDimIdentityMap(rank);
    AffineMap row = rowMap(ctx, rank);
    AffineMap feature = AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx), ctx);

    Value sum = reduceLastDim(
        b, loc, type, input, {identity}, zero,
        [](OpBuilder &b, Location loc, ValueRange args) {
          b.create<linalg::YieldOp>(loc, ValueRange{b.create<arith::AddFOp>(loc, args[0], args[1])});
        },
        input);
    // Two passes (mean, then squared deviations) for the accuracy of PyTorch's
    // Welford-style computation; E[x²]-E[x]² loses digits when |mean| >> std.
    Value squares = reduceLastDim(
        b, loc, type, {input, sum}, {identity, row}, zero,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value mean = b.create<arith::DivFOp>(loc, args[1], count);
          Value d = b.create<arith::SubFOp>(loc, args[0], mean);
          Value sq = b.create<arith::MulFOp>(loc, d, d);
          b.create<linalg::YieldOp>(loc, ValueRange{b.create<arith::AddFOp>(loc, sq, args[2])});
        },
        input);
    Value epsilon = constantFloat(b, loc, elementType, op.getEpsilon().convertToDouble());
    Value init = emptyTensor(b, loc, tensor::getMixedSizes(b, loc, input), elementType);
    Value lowered = generic(b, loc, {input, sum, squares, op.getGamma(), op.getBeta()}, init,
                            {identity, row, row, feature, feature, identity},
                            parallelIterators(rank),
                            [&](OpBuilder &b, Location loc, ValueRange args) {
                              Value mean = b.create<arith::DivFOp>(loc, args[1], count);
                              Value var = b.create<arith::DivFOp>(loc, args[2], count);
                              Value invStd = b.create<math::RsqrtOp>(
                                  loc, b.create<arith::AddFOp>(loc, var, epsilon));
                              Value centered = b.create<arith::SubFOp>(loc, args[0], mean);
                              Value normed = b.create<arith::MulFOp>(loc, centered, invStd);
                              Value scaled = b.create<arith::MulFOp>(loc, normed, args[3]);
                              b.create<linalg::YieldOp>(
                                  loc, ValueRange{b.create<arith::AddFOp>(loc, scaled, args[4])});
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// rms_norm: the sum of squares along the last dimension, then
/// x * rsqrt(sum / D + eps) * gamma.
struct LowerRmsNorm : TfmLowering<RmsNormOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(RmsNormOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    Type elementType = type.getElementType();
    Value input = op.getInput();
    Value count = featureCount(b, loc, op.getInput(), {op.getGamma()});
    Value zero = constantFloat(b, loc, elementType, 0.0);
    AffineMap identity = b.getMultiDimIdentityMap(rank);
    AffineMap row = rowMap(ctx, rank);
    AffineMap feature = AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx), ctx);
    Value squares = reduceLastDim(
        b, loc, type, input, {identity}, zero,
        [](OpBuilder &b, Location loc, ValueRange args) {
          Value square = b.create<arith::MulFOp>(loc, args[0], args[0]);
          b.create<linalg::YieldOp>(loc, ValueRange{b.create<arith::AddFOp>(loc, square, args[1])});
        },
        input);
    Value epsilon = constantFloat(b, loc, elementType, op.getEpsilon().convertToDouble());
    Value init = emptyTensor(b, loc, tensor::getMixedSizes(b, loc, input), elementType);
    Value lowered = generic(b, loc, {input, squares, op.getGamma()}, init,
                            {identity, row, feature, identity}, parallelIterators(rank),
                            [&](OpBuilder &b, Location loc, ValueRange args) {
                              Value meanSquare = b.create<arith::DivFOp>(loc, args[1], count);
                              Value invRms = b.create<math::RsqrtOp>(
                                  loc, b.create<arith::AddFOp>(loc, meanSquare, epsilon));
                              Value normed = b.create<arith::MulFOp>(loc, args[0], invRms);
                              b.create<linalg::YieldOp>(
                                  loc, ValueRange{b.create<arith::MulFOp>(loc, normed, args[2])});
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerGelu : TfmLowering<GeluOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(GeluOp op, PatternRewriter &b) const override {
    GeluApproximation approximation = op.getApproximate();
    Value lowered = broadcastElementwise(b, op.getLoc(), op.getType(), op.getInput(),
                                         [&](OpBuilder &b, Location loc, ValueRange args) {
                                           b.create<linalg::YieldOp>(
                                               loc, gelu(b, loc, args[0], approximation));
                                         });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerGatedActivation : TfmLowering<GatedActivationOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(GatedActivationOp op, PatternRewriter &b) const override {
    Activation activation = op.getActivation();
    Value lowered = broadcastElementwise(
        b, op.getLoc(), op.getType(), {op.getGate(), op.getUp()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value gated = activate(b, loc, args[0], activation);
          b.create<linalg::YieldOp>(loc, ValueRange{b.create<arith::MulFOp>(loc, gated, args[1])});
        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerAdd : TfmLowering<AddOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(AddOp op, PatternRewriter &b) const override {
    Value lowered = broadcastElementwise(
                        b, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          b.create<linalg::YieldOp>(
                              loc, ValueRange{b.create<arith::AddFOp>(loc, args[0], args[1])});
                        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerScale : TfmLowering<ScaleOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(ScaleOp op, PatternRewriter &b) const override {
    double factor = op.getFactor().convertToDouble();
    Value lowered = broadcastElementwise(
                        b, op.getLoc(), op.getType(), op.getInput(),
                        [&](OpBuilder &b, Location loc, ValueRange args) {
                          Value f = constantFloat(b, loc, args[0].getType(), factor);
                          b.create<linalg::YieldOp>(
                              loc, ValueRange{b.create<arith::MulFOp>(loc, args[0], f)});
                        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerSelect : TfmLowering<SelectOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(SelectOp op, PatternRewriter &b) const override {
    Value lowered = broadcastElementwise(
                        b, op.getLoc(), op.getType(),
                        {op.getCondition(), op.getOnTrue(), op.getOnFalse()},
                        [](OpBuilder &b, Location loc, ValueRange args) {
                          b.create<linalg::YieldOp>(
                              loc, ValueRange{b.create<arith::SelectOp>(loc, args[0], args[1],
                                                                        args[2])});
                        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerMatmul : TfmLowering<MatmulOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(MatmulOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, op.getLhs());
    sizes.back() = tensor::getMixedSize(b, loc, op.getRhs(),
                                        op.getTransposeRhs() ? rank - 2 : rank - 1);
    Value init =
        filledTensor(b, loc, sizes, constantFloat(b, loc, type.getElementType(), 0.0));
    Value rhs = op.getTransposeRhs() ? transposeLastTwo(b, loc, op.getRhs()) : op.getRhs();
    replaceOpWithResultType(b, op,
                            contraction(b, loc, op.getLhs(), rhs, init, /*sharedRhs=*/false));
    return success();
  }
};

struct LowerSplitHeads : TfmLowering<SplitHeadsOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(SplitHeadsOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = op.getInput().getType(); // [B, T, H·d]
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(b, loc, op.getInput());
    int64_t heads = op.getNumHeads(), headSize = inputType.getDimSize(2) / heads;
    Type elementType = inputType.getElementType();
    auto expandedType = RankedTensorType::get(
        {inputType.getDimSize(0), inputType.getDimSize(1), heads, headSize}, elementType);
    Value expanded = b.create<tensor::ExpandShapeOp>(
        loc, expandedType, op.getInput(), ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}},
        ArrayRef<OpFoldResult>{in[0], in[1], b.getIndexAttr(heads), b.getIndexAttr(headSize)});
    Value init = emptyTensor(b, loc,
                             {in[0], b.getIndexAttr(heads), in[1], b.getIndexAttr(headSize)},
                             elementType);
    Value lowered = b.create<linalg::TransposeOp>(loc, expanded, init,
                                                  ArrayRef<int64_t>{0, 2, 1, 3})
                        .getResult()[0];
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// Hugging Face's rotary frequencies for head size `headSize`, as it
/// computes them in f32: 1 / theta^(2i / d).
SmallVector<float> rotaryFrequencies(int64_t headSize, double theta) {
  SmallVector<float> frequencies;
  for (int64_t i = 0; i < headSize; i += 2) {
    float exponent = static_cast<float>(i) / static_cast<float>(headSize);
    float power = static_cast<float>(std::pow(static_cast<float>(theta), exponent));
    frequencies.push_back(1.0f / power);
  }
  return frequencies;
}

/// rotary_embedding: the angles' cos and sin per [B, T, d/2] (f32 angle, f64
/// cos and sin), then one generic over the input viewed as
/// [B, T, H, 2, d/2] that reads both halves of the head (as slices, so
/// that every map tiles as a projection) and writes
/// x1 cos - x2 sin to the first half and x2 cos + x1 sin to the second.
struct LowerRotaryEmbedding : TfmLowering<RotaryEmbeddingOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(RotaryEmbeddingOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    RankedTensorType inputType = op.getInput().getType(); // [B, T, H·d]
    Type elementType = inputType.getElementType();
    // The angle is f32 whatever the input's type, as Hugging Face computes it.
    Type angleType = b.getF32Type();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(b, loc, op.getInput());
    int64_t heads = op.getNumHeads(), headSize = inputType.getDimSize(2) / heads,
            half = headSize / 2;
    SmallVector<float> frequencies =
        rotaryFrequencies(headSize, op.getTheta().convertToDouble());
    auto frequencyType = RankedTensorType::get({half}, angleType);
    Value frequencyTable = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(frequencyType, ArrayRef<float>(frequencies)));

    // cos and sin of position * frequency, [B, T, d/2].
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<OpFoldResult> angleSizes = {in[0], in[1], b.getIndexAttr(half)};
    Value cosInit = emptyTensor(b, loc, angleSizes, elementType);
    Value sinInit = emptyTensor(b, loc, angleSizes, elementType);
    AffineMap angles3 = b.getMultiDimIdentityMap(3);
    auto trig = b.create<linalg::GenericOp>(
        loc, TypeRange{cosInit.getType(), sinInit.getType()},
        ValueRange{op.getPositions(), frequencyTable}, ValueRange{cosInit, sinInit},
        ArrayRef<AffineMap>{AffineMap::get(3, 0, {d(0), d(1)}, ctx),
                            AffineMap::get(3, 0, {d(2)}, ctx), angles3, angles3},
        parallelIterators(3), [&](OpBuilder &b, Location loc, ValueRange args) {
          Value position = b.create<arith::SIToFPOp>(loc, angleType, args[0]);
          Value angle = b.create<arith::MulFOp>(loc, position, args[1]);
          Value wide = b.create<arith::ExtFOp>(loc, b.getF64Type(), angle);
          Value cos = b.create<arith::TruncFOp>(loc, elementType, b.create<math::CosOp>(loc, wide));
          Value sin = b.create<arith::TruncFOp>(loc, elementType, b.create<math::SinOp>(loc, wide));
          b.create<linalg::YieldOp>(loc, ValueRange{cos, sin});
        });

    auto expandedType = RankedTensorType::get(
        {inputType.getDimSize(0), inputType.getDimSize(1), heads, 2, half}, elementType);
    SmallVector<OpFoldResult> expandedSizes = {in[0], in[1], b.getIndexAttr(heads),
                                               b.getIndexAttr(2), b.getIndexAttr(half)};
    Value expanded = b.create<tensor::ExpandShapeOp>(
        loc, expandedType, op.getInput(), ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3, 4}},
        expandedSizes);
    auto halfOf = [&](int64_t which) -> Value {
      SmallVector<OpFoldResult> offsets(5, b.getIndexAttr(0)), sizes = expandedSizes,
                                         strides(5, b.getIndexAttr(1));
      offsets[3] = b.getIndexAttr(which);
      sizes[3] = b.getIndexAttr(1);
      return b.create<tensor::ExtractSliceOp>(loc, expanded, offsets, sizes, strides);
    };
    Value first = halfOf(0), second = halfOf(1);
    AffineMap identity = b.getMultiDimIdentityMap(5);
    AffineMap sameFeature =
        AffineMap::get(5, 0, {d(0), d(1), d(2), b.getAffineConstantExpr(0), d(4)}, ctx);
    AffineMap angle = AffineMap::get(5, 0, {d(0), d(1), d(4)}, ctx);
    Value init = emptyTensor(b, loc, expandedSizes, elementType);
    Value rotated = generic(
        b, loc, {first, second, trig.getResult(0), trig.getResult(1)}, init,
        {sameFeature, sameFeature, angle, angle, identity}, parallelIterators(5),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value x1 = args[0], x2 = args[1], cos = args[2], sin = args[3];
          Value secondHalf = b.create<arith::CmpIOp>(
              loc, arith::CmpIPredicate::eq, b.create<linalg::IndexOp>(loc, 3),
              b.create<arith::ConstantIndexOp>(loc, 1));
          Value firstOut = b.create<arith::SubFOp>(loc, b.create<arith::MulFOp>(loc, x1, cos),
                                                   b.create<arith::MulFOp>(loc, x2, sin));
          Value secondOut = b.create<arith::AddFOp>(loc, b.create<arith::MulFOp>(loc, x2, cos),
                                                    b.create<arith::MulFOp>(loc, x1, sin));
          b.create<linalg::YieldOp>(
              loc, ValueRange{b.create<arith::SelectOp>(loc, secondHalf, secondOut, firstOut)});
        });
    replaceOpWithResultType(
        b, op,
        b.create<tensor::CollapseShapeOp>(loc, rotated,
                                          ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3, 4}}));
    return success();
  }
};

struct LowerMergeHeads : TfmLowering<MergeHeadsOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(MergeHeadsOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(b, loc, op.getInput());
    Value init = emptyTensor(b, loc, {in[0], in[2], in[1], in[3]},
                             op.getType().getElementType());
    Value transposed = b.create<linalg::TransposeOp>(loc, op.getInput(), init,
                                                     ArrayRef<int64_t>{0, 2, 1, 3})
                           .getResult()[0];
    replaceOpWithResultType(
        b, op,
        b.create<tensor::CollapseShapeOp>(loc, transposed,
                                          ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}}));
    return success();
  }
};

struct LowerCausalMask : TfmLowering<CausalMaskOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(CausalMaskOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value queries = op.getSeqLen();
    Value keys = op.getKeyLen() ? op.getKeyLen() : queries;
    SmallVector<OpFoldResult> sizes;
    for (auto [dim, length] : llvm::zip_equal(type.getShape(), ValueRange{queries, keys}))
      sizes.push_back(ShapedType::isDynamic(dim) ? OpFoldResult(length) : b.getIndexAttr(dim));
    Value init = emptyTensor(b, loc, sizes, b.getI1Type());
    // Key j is kept for query i when j <= i + (S - T): the queries are the
    // last T of the S positions.
    Value shift = op.getKeyLen() ? b.create<arith::SubIOp>(loc, keys, queries).getResult()
                                 : Value();
    Value lowered = generic(b, loc, {}, init, {b.getMultiDimIdentityMap(2)},
                            parallelIterators(2),
                            [&](OpBuilder &b, Location loc, ValueRange) {
                              Value i = b.create<linalg::IndexOp>(loc, 0);
                              Value j = b.create<linalg::IndexOp>(loc, 1);
                              if (shift)
                                i = b.create<arith::AddIOp>(loc, i, shift);
                              b.create<linalg::YieldOp>(
                                  loc, ValueRange{b.create<arith::CmpIOp>(
                                           loc, arith::CmpIPredicate::ule, j, i)});
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// relative_position_bias: one generic over [1, H, T, S] that finds the
/// bucket of j - i through the compile-time bucket of each distance (a
/// constant table; distances past max_distance share its last entry) and
/// reads that bucket's row of the bias table.
struct LowerRelativePositionBias : TfmLowering<RelativePositionBiasOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(RelativePositionBiasOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    SmallVector<int64_t> byDistance = op.getBucketsByDistance();
    auto distanceType = RankedTensorType::get({static_cast<int64_t>(byDistance.size())},
                                              b.getI64Type());
    Value distanceTable = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(distanceType, ArrayRef<int64_t>(byDistance)));
    int64_t heads = op.getTable().getType().getDimSize(1);
    int64_t bucketsPerDirection = op.getTable().getType().getDimSize(0);
    if (op.getBidirectional())
      bucketsPerDirection /= 2;
    SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(heads)};
    for (auto [dim, length] :
         llvm::zip_equal(type.getShape().drop_front(2), ValueRange{op.getQueries(), op.getKeys()}))
      sizes.push_back(ShapedType::isDynamic(dim) ? OpFoldResult(length) : b.getIndexAttr(dim));
    Value init = emptyTensor(b, loc, sizes, type.getElementType());
    Value table = op.getTable();
    Value lowered = generic(
        b, loc, {}, init, {b.getMultiDimIdentityMap(4)}, parallelIterators(4),
        [&](OpBuilder &b, Location loc, ValueRange) {
          auto i64 = [&](int64_t value) -> Value {
            return b.create<arith::ConstantIntOp>(loc, value, 64);
          };
          Value head = b.create<linalg::IndexOp>(loc, 1);
          Value query = b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                                     b.create<linalg::IndexOp>(loc, 2));
          Value key = b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                                   b.create<linalg::IndexOp>(loc, 3));
          Value relative = b.create<arith::SubIOp>(loc, key, query);
          Value zero = i64(0);
          Value before = b.create<arith::SubIOp>(loc, zero, relative);
          Value distance, base = zero;
          if (op.getBidirectional()) {
            Value after = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, relative, zero);
            base = b.create<arith::SelectOp>(loc, after, i64(bucketsPerDirection), zero);
            distance = b.create<arith::MaxSIOp>(loc, relative, before);
          } else {
            distance = b.create<arith::MaxSIOp>(loc, before, zero);
          }
          distance = b.create<arith::MinSIOp>(loc, distance, i64(op.getMaxDistance()));
          Value bucket = b.create<tensor::ExtractOp>(
              loc, distanceTable,
              ValueRange{b.create<arith::IndexCastOp>(loc, b.getIndexType(), distance)});
          bucket = b.create<arith::AddIOp>(loc, base, bucket);
          Value bias = b.create<tensor::ExtractOp>(
              loc, table,
              ValueRange{b.create<arith::IndexCastOp>(loc, b.getIndexType(), bucket), head});
          b.create<linalg::YieldOp>(loc, bias);
        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerPaddingMask : TfmLowering<PaddingMaskOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(PaddingMaskOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(b, loc, op.getAttentionMask());
    Value init = emptyTensor(b, loc, {in[0], b.getIndexAttr(1), b.getIndexAttr(1), in[1]},
                             elementType);
    AffineMap read = AffineMap::get(4, 0, {getAffineDimExpr(0, ctx), getAffineDimExpr(3, ctx)},
                                    ctx);
    Value lowered = generic(b, loc, op.getAttentionMask(), init,
                            {read, b.getMultiDimIdentityMap(4)}, parallelIterators(4),
                            [&](OpBuilder &b, Location loc, ValueRange args) {
                              Value zeroId = b.create<arith::ConstantOp>(
                                  loc, args[0].getType(), b.getIntegerAttr(args[0].getType(), 0));
                              Value padded = b.create<arith::CmpIOp>(
                                  loc, arith::CmpIPredicate::eq, args[0], zeroId);
                              Value v = b.create<arith::SelectOp>(
                                  loc, padded, lowestValue(b, loc, elementType),
                                  constantFloat(b, loc, elementType, 0.0));
                              b.create<linalg::YieldOp>(loc, v);
                            });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// The counter-based generator of tfm.mlm_mask and tfm.mlm_corrupt
/// (documented on the ops): splitmix64, so that a draw depends only on the
/// key and the element's linear index, not on iteration order or threads.
class MlmGenerator {
public:
  static constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ull;
  static constexpr uint64_t kChoiceStream = 0x6A09E667F3BCC909ull;
  static constexpr uint64_t kTokenStream = 0xBB67AE8584CAA73Bull;

  MlmGenerator(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value constant(uint64_t value) {
    auto i64 = b.getI64Type();
    return b.create<arith::ConstantOp>(loc, i64,
                                       b.getIntegerAttr(i64, static_cast<int64_t>(value)));
  }
  Value splitmix64(Value x) {
    auto mix = [&](Value z, unsigned shift, uint64_t multiplier) -> Value {
      Value mixed = b.create<arith::XOrIOp>(loc, z, b.create<arith::ShRUIOp>(loc, z, constant(shift)));
      return multiplier ? b.create<arith::MulIOp>(loc, mixed, constant(multiplier)).getResult()
                        : mixed;
    };
    return mix(mix(mix(x, 30, 0xBF58476D1CE4E5B9ull), 27, 0x94D049BB133111EBull), 31, 0);
  }
  /// splitmix64(key + (counter + 1) * gamma).
  Value draw(Value key, Value counter) {
    Value next = b.create<arith::AddIOp>(loc, counter, constant(1));
    return splitmix64(
        b.create<arith::AddIOp>(loc, key, b.create<arith::MulIOp>(loc, next, constant(kGamma))));
  }
  /// The top 24 bits of a draw, to compare with floor(p * 2^24).
  Value top24(Value drawn) { return b.create<arith::ShRUIOp>(loc, drawn, constant(40)); }
  static uint64_t threshold(double probability) {
    return static_cast<uint64_t>(probability * double(1 << 24));
  }
  /// `seed`, or with a step the step's own key.
  Value key(int64_t seed, Value step) {
    Value seedValue = constant(static_cast<uint64_t>(seed));
    if (!step)
      return seedValue;
    return draw(seedValue, b.create<tensor::ExtractOp>(loc, step, ValueRange{}));
  }
  /// The linear index b * T + t of the current element of a [B, T] generic.
  Value linearIndex(Value ids) {
    auto i64 = b.getI64Type();
    Value row = b.create<arith::IndexCastOp>(loc, i64, b.create<linalg::IndexOp>(loc, 0));
    Value col = b.create<arith::IndexCastOp>(loc, i64, b.create<linalg::IndexOp>(loc, 1));
    Value width = b.create<arith::IndexCastOp>(loc, i64, b.create<tensor::DimOp>(loc, ids, 1));
    return b.create<arith::AddIOp>(loc, b.create<arith::MulIOp>(loc, row, width), col);
  }

private:
  OpBuilder &b;
  Location loc;
};

struct LowerMlmMask : TfmLowering<MlmMaskOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(MlmMaskOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    Value key = MlmGenerator(b, loc).key(op.getSeed(), op.getStep());
    uint64_t threshold = MlmGenerator::threshold(op.getProbability().convertToDouble());
    ArrayRef<int64_t> exclude = op.getExclude().value_or(ArrayRef<int64_t>());
    Value ids = op.getIds();
    Value init = emptyTensor(b, loc, tensor::getMixedSizes(b, loc, ids), b.getI1Type());
    // The ids are read only to exclude some.
    SmallVector<Value> inputs;
    if (!exclude.empty())
      inputs.push_back(ids);
    SmallVector<AffineMap> maps(inputs.size() + 1, b.getMultiDimIdentityMap(2));
    Value lowered = generic(
        b, loc, inputs, init, maps, parallelIterators(2),
        [&](OpBuilder &nested, Location loc, ValueRange args) {
          MlmGenerator random(nested, loc);
          Value drawn = random.draw(key, random.linearIndex(ids));
          Value keep = nested.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult,
                                                    random.top24(drawn), random.constant(threshold));
          for (int64_t id : exclude) {
            Value excluded = nested.create<arith::ConstantOp>(
                loc, args[0].getType(), nested.getIntegerAttr(args[0].getType(), id));
            keep = nested.create<arith::AndIOp>(
                loc, keep,
                nested.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, args[0], excluded));
          }
          nested.create<linalg::YieldOp>(loc, keep);
        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerMlmCorrupt : TfmLowering<MlmCorruptOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(MlmCorruptOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    MlmGenerator outer(b, loc);
    Value key = outer.key(op.getSeed(), op.getStep());
    Value choiceKey = b.create<arith::XOrIOp>(loc, key, outer.constant(MlmGenerator::kChoiceStream));
    Value tokenKey = b.create<arith::XOrIOp>(loc, key, outer.constant(MlmGenerator::kTokenStream));
    Value ids = op.getIds();
    Type idType = getElementTypeOrSelf(ids.getType());
    Value init = emptyTensor(b, loc, tensor::getMixedSizes(b, loc, ids), idType);
    AffineMap identity = b.getMultiDimIdentityMap(2);
    int64_t maskToken = op.getMaskToken(), vocab = op.getVocab();
    Value lowered = generic(
        b, loc, {ids, op.getMask()}, init, {identity, identity, identity}, parallelIterators(2),
        [&](OpBuilder &nested, Location loc, ValueRange args) {
          MlmGenerator random(nested, loc);
          Value index = random.linearIndex(ids);
          Value choice = random.top24(random.draw(choiceKey, index));
          auto below = [&](double probability) {
            return nested.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, choice,
                                                random.constant(MlmGenerator::threshold(probability)));
          };
          Value token = nested.create<arith::RemUIOp>(loc, random.draw(tokenKey, index),
                                                      random.constant(static_cast<uint64_t>(vocab)));
          if (idType != nested.getI64Type())
            token = nested.create<arith::TruncIOp>(loc, idType, token);
          Value maskId = nested.create<arith::ConstantOp>(loc, idType,
                                                          nested.getIntegerAttr(idType, maskToken));
          Value replaced = nested.create<arith::SelectOp>(
              loc, below(0.8), maskId,
              nested.create<arith::SelectOp>(loc, below(0.9), token, args[0]));
          nested.create<linalg::YieldOp>(
              loc, ValueRange{nested.create<arith::SelectOp>(loc, args[1], replaced, args[0])});
        });
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerSoftmax : TfmLowering<SoftmaxOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(SoftmaxOp op, PatternRewriter &b) const override {
    RankedTensorType type = op.getType();
    Value lowered = softmax(b, op.getLoc(), type, op.getInput(),
                            {b.getMultiDimIdentityMap(type.getRank())},
                            [](OpBuilder &, Location, ValueRange args) { return args[0]; },
                            op.getInput());
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

struct LowerMaskedSoftmax : TfmLowering<MaskedSoftmaxOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(MaskedSoftmaxOp op, PatternRewriter &b) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    Type elementType = type.getElementType();
    auto maskType = op.getMask().getType();
    bool boolean = maskType.getElementType().isInteger(1);
    double factor = op.getScale().convertToDouble();
    SmallVector<AffineMap> maps = {
        b.getMultiDimIdentityMap(rank),
        broadcastMap(b.getContext(), maskType.getShape(), rank)};
    Value lowered = softmax(b, loc, type, {op.getScores(), op.getMask()}, maps,
                            [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
                              Value scaled = args[0];
                              if (factor != 1.0)
                                scaled = b.create<arith::MulFOp>(
                                    loc, args[0], constantFloat(b, loc, elementType, factor));
                              if (boolean)
                                return b.create<arith::SelectOp>(
                                    loc, args[1], scaled, negativeInfinity(b, loc, elementType));
                              return b.create<arith::AddFOp>(loc, scaled, args[1]);
                            },
                            op.getScores());
    replaceOpWithResultType(b, op, lowered);
    return success();
  }
};

/// Attention is decomposed into tfm ops, which the other patterns lower.
struct DecomposeAttention : TfmLowering<AttentionOp> {
  using TfmLowering::TfmLowering;
  LogicalResult matchAndRewrite(AttentionOp op, PatternRewriter &b) const override {
    if (op.getPrecision() != Precision::f32)
      return b.notifyMatchFailure(op, "lower precisions run on libtfmrt's kernels");
    if (op.getNumKeyValueHeads() != op.getNumHeads())
      return b.notifyMatchFailure(op, "grouped-query attention runs on libtfmrt's kernel");
    Location loc = op.getLoc();
    Value merged = buildAttentionChain(
        b, loc, op.getQuery(), op.getKey(), op.getValue(), op.getNumHeads(), op.getType(),
        [&](Value scores) -> Value {
          if (Value mask = op.getMask())
            return b.create<MaskedSoftmaxOp>(loc, scores.getType(), scores, mask,
                                             op.getScaleAttr());
          return b.create<SoftmaxOp>(loc, b.create<ScaleOp>(loc, scores, op.getScaleAttr()));
        });
    b.replaceOp(op, merged);
    return success();
  }
};

struct TfmToLinalgPass : tfm::impl::TfmToLinalgBase<TfmToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect>();
    target.addIllegalDialect<TfmDialect>();
    // Weights stay named until the driver binds them (tfm-params-to-arguments).
    target.addLegalOp<ParamOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // A lower precision left for linalg means the op missed its kernel: say
    // so rather than "failed to legalize".
    WalkResult lowerPrecision = getOperation()->walk([](Operation *op) {
      std::optional<Precision> precision;
      if (auto linear = dyn_cast<LinearOp>(op))
        precision = linear.getPrecision();
      else if (auto attention = dyn_cast<AttentionOp>(op))
        precision = attention.getPrecision();
      if (!precision || *precision == Precision::f32)
        return WalkResult::advance();
      op->emitError("precision ") << stringifyPrecision(*precision)
                                  << " needs the dnnl backend: tfm-to-linalg computes in f32";
      return WalkResult::interrupt();
    });
    if (lowerPrecision.wasInterrupted())
      return signalPassFailure();
    WalkResult grouped = getOperation()->walk([](AttentionOp op) {
      if (op.getNumKeyValueHeads() == op.getNumHeads())
        return WalkResult::advance();
      op.emitError("grouped-query attention (")
          << op.getNumKeyValueHeads() << " key/value heads for " << op.getNumHeads()
          << " query heads) runs on libtfmrt's attention kernel, which takes f32 query, key "
             "and value; tfm-to-linalg does not decompose it";
      return WalkResult::interrupt();
    });
    if (grouped.wasInterrupted())
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    populateTfmToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::tfm::populateTfmToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerEmbedding, LowerPositionIds, LowerPatchEmbed, LowerPrependCls,
               LowerClsToken, LowerTokenAt, LowerArgmax, LowerLinear, LowerMlp, LowerLayerNorm,
               LowerRmsNorm, LowerRotaryEmbedding, LowerRelativePositionBias, LowerGelu,
               LowerGatedActivation, LowerAdd, LowerScale, LowerSelect, LowerMatmul,
               LowerSplitHeads, LowerMergeHeads, LowerCausalMask, LowerPaddingMask, LowerMlmMask,
               LowerMlmCorrupt, LowerSoftmax, LowerMaskedSoftmax, DecomposeAttention>(
      patterns.getContext());
  populateTfmLossLoweringPatterns(patterns);
}
