//===- TfmOps.cpp - tfm operation verifiers -------------------------------===//

#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tfm;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

/// Two dimensions can be equal at run time.
static bool dimsCompatible(int64_t a, int64_t b) {
  return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
}

/// Prints a dimension the way tensor types do: `?` when dynamic.
static std::string formatDim(int64_t dim) {
  return ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
}

static bool shapesCompatible(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return a.size() == b.size() &&
         llvm::all_of(llvm::zip(a, b), [](auto pair) {
           return dimsCompatible(std::get<0>(pair), std::get<1>(pair));
         });
}

FailureOr<SmallVector<int64_t>> mlir::tfm::broadcastShapes(ArrayRef<int64_t> lhs,
                                                           ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Right-aligned: a missing leading dimension acts as a static 1.
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1)
      result[i] = b;
    else if (b == 1)
      result[i] = a;
    else if (ShapedType::isDynamic(a))
      result[i] = b;
    else if (ShapedType::isDynamic(b) || a == b)
      result[i] = a;
    else
      return failure();
  }
  return result;
}

bool mlir::tfm::broadcastsTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t offset = to.size() - from.size();
  for (auto [i, dim] : llvm::enumerate(from))
    if (dim != 1 && !dimsCompatible(dim, to[offset + i]))
      return false;
  return true;
}

static RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Checks that every value in `values` has the element type of the first.
static LogicalResult verifySameElementType(Operation *op, ValueRange values) {
  Type expected = getElementTypeOrSelf(values.front().getType());
  for (Value value : values.drop_front())
    if (getElementTypeOrSelf(value.getType()) != expected)
      return op->emitOpError("requires all floating-point operands and results "
                             "to have the same element type, but got ")
             << expected << " and " << getElementTypeOrSelf(value.getType());
  return success();
}

/// Checks that the result type is the one the operands imply.
static LogicalResult verifyResultShape(Operation *op, ArrayRef<int64_t> expected) {
  auto resultType = tensorType(op->getResult(0));
  if (!shapesCompatible(resultType.getShape(), expected))
    return op->emitOpError("result type ")
           << resultType << " does not match the expected shape "
           << RankedTensorType::get(expected, resultType.getElementType());
  return success();
}

static LogicalResult verifyRank(Operation *op, Value value, StringRef name,
                                int64_t rank) {
  if (tensorType(value).getRank() != rank)
    return op->emitOpError() << name << " must have rank " << rank << ", but has type "
                             << value.getType();
  return success();
}

/// Whether `value` is representable in the integer element type of `ids`.
static bool fitsIdType(Value ids, int64_t value) {
  unsigned width = getElementTypeOrSelf(ids.getType()).getIntOrFloatBitWidth();
  return width >= 64 || (value >= -(int64_t(1) << (width - 1)) && value < (int64_t(1) << (width - 1)));
}

//===----------------------------------------------------------------------===//
// Parameters and embeddings
//===----------------------------------------------------------------------===//

LogicalResult ParamOp::verify() {
  if (getName().empty())
    return emitOpError("requires a non-empty parameter name");
  auto controlCharacterError = [&](StringRef text, StringRef what) -> LogicalResult {
    std::optional<char> bad = findControlCharacter(text);
    if (!bad)
      return success();
    return emitOpError("parameter ")
           << what << " " << StringAttr::get(getContext(), text)
           << " contains the control character " << describeControlCharacter(*bad)
           << "; names may not contain control characters";
  };
  if (failed(controlCharacterError(getName(), "name")))
    return failure();
  if (!getType().hasStaticShape())
    return emitOpError("parameter '")
           << getName() << "' must have a static shape, but has type " << getType();
  if (getTransposed() && getType().getRank() != 2)
    return emitOpError("transposed parameter '")
           << getName() << "' must have rank 2, but has type " << getType();
  if (std::optional<ArrayAttr> aliases = getAliases()) {
    if (aliases->empty())
      return emitOpError("parameter '") << getName() << "' has an empty list of aliases";
    for (StringAttr alias : aliases->getAsRange<StringAttr>()) {
      if (alias.getValue().empty())
        return emitOpError("parameter '") << getName() << "' has an empty alias";
      if (failed(controlCharacterError(alias.getValue(), "alias")))
        return failure();
      if (alias == getNameAttr())
        return emitOpError("parameter '") << getName() << "' lists its own name as an alias";
    }
  }
  return success();
}

LogicalResult EmbeddingOp::verify() {
  RankedTensorType table = getTable().getType();
  RankedTensorType ids = getIds().getType();
  if (failed(verifyRank(*this, getTable(), "table", 2)))
    return failure();
  if (failed(verifySameElementType(*this, {getTable(), getResult()})))
    return failure();
  SmallVector<int64_t> expected(ids.getShape());
  expected.push_back(table.getDimSize(1));
  return verifyResultShape(*this, expected);
}

LogicalResult PositionIdsOp::verify() {
  if (failed(verifyRank(*this, getLike(), "input", 2)))
    return failure();
  if (Value offset = getOffset()) {
    if (failed(verifyRank(*this, offset, "offset", 0)))
      return failure();
    if (getElementTypeOrSelf(offset.getType()) != getElementTypeOrSelf(getLike().getType()))
      return emitOpError("offset must have the ids' element type ")
             << getElementTypeOrSelf(getLike().getType()) << ", but has type "
             << offset.getType();
  }
  if (std::optional<int64_t> padding = getPadding()) {
    if (getOffset())
      return emitOpError("takes an offset or a padding id, not both");
    if (*padding < 0)
      return emitOpError("padding id must be non-negative, but is ") << *padding;
    unsigned width = getElementTypeOrSelf(getLike().getType()).getIntOrFloatBitWidth();
    if (width < 64 && *padding > (int64_t(1) << (width - 1)) - 1)
      return emitOpError("padding id ")
             << *padding << " does not fit the ids' element type "
             << getElementTypeOrSelf(getLike().getType());
  }
  return success();
}

LogicalResult PatchEmbedOp::verify() {
  if (failed(verifyRank(*this, getPixels(), "pixels", 4)) ||
      failed(verifyRank(*this, getWeight(), "weight", 4)) ||
      failed(verifyRank(*this, getBias(), "bias", 1)) ||
      failed(verifySameElementType(*this, {getPixels(), getWeight(), getBias(),
                                           getResult()})))
    return failure();
  ArrayRef<int64_t> pixels = getPixels().getType().getShape();
  ArrayRef<int64_t> weight = getWeight().getType().getShape();
  // The lowering reshapes the image into patches, which needs these static.
  if (llvm::any_of(pixels.drop_front(), ShapedType::isDynamic))
    return emitOpError("pixels must have static channels and image size, but have type ")
           << getPixels().getType();
  if (ShapedType::isDynamic(weight[2]) || weight[2] != weight[3] || weight[2] < 1)
    return emitOpError("weight must have a static, non-empty square kernel [D, C, P, P], "
                       "but has type ")
           << getWeight().getType();
  int64_t patch = weight[2];
  if (!dimsCompatible(pixels[1], weight[1]))
    return emitOpError("pixels have ") << pixels[1] << " channels but the weight expects "
                                       << weight[1];
  if (!dimsCompatible(getBias().getType().getDimSize(0), weight[0]))
    return emitOpError("bias must have ") << weight[0] << " elements, but has type "
                                          << getBias().getType();
  if (pixels[2] % patch != 0 || pixels[3] % patch != 0)
    return emitOpError("image size ") << pixels[2] << "x" << pixels[3]
                                      << " is not a multiple of the patch size " << patch;
  int64_t patches = (pixels[2] / patch) * (pixels[3] / patch);
  return verifyResultShape(*this, {pixels[0], patches, weight[0]});
}

LogicalResult PrependClsOp::verify() {
  if (failed(verifyRank(*this, getInput(), "input", 3)) ||
      failed(verifyRank(*this, getCls(), "cls token", 3)) ||
      failed(verifySameElementType(*this, {getInput(), getCls(), getResult()})))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> cls = getCls().getType().getShape();
  if (cls[0] != 1 || cls[1] != 1 || !dimsCompatible(cls[2], input[2]))
    return emitOpError("cls token must have shape [1, 1, ")
           << formatDim(input[2]) << "], but has type " << getCls().getType();
  int64_t length = ShapedType::isDynamic(input[1]) ? input[1] : input[1] + 1;
  return verifyResultShape(*this, {input[0], length, input[2]});
}

LogicalResult ClsTokenOp::verify() {
  if (failed(verifyRank(*this, getInput(), "input", 3)) ||
      failed(verifySameElementType(*this, {getInput(), getResult()})))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  return verifyResultShape(*this, {input[0], input[2]});
}

LogicalResult TokenAtOp::verify() {
  if (failed(verifyRank(*this, getInput(), "input", 3)) ||
      failed(verifyRank(*this, getPositions(), "positions", 1)) ||
      failed(verifySameElementType(*this, {getInput(), getResult()})))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  int64_t positions = getPositions().getType().getDimSize(0);
  if (!dimsCompatible(input[0], positions))
    return emitOpError("positions ")
           << getPositions().getType() << " do not match the input's batch of "
           << formatDim(input[0]);
  if (input[1] == 0)
    return emitOpError("input ") << getInput().getType() << " has no position to take";
  return verifyResultShape(*this, {input[0], input[2]});
}

LogicalResult ArgmaxOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() < 1)
    return emitOpError("input must have rank at least 1, but has type ") << input;
  if (input.getShape().back() == 0)
    return emitOpError("input ") << input << " has empty rows, which have no largest value";
  if (std::optional<int64_t> equal = getEqual(); equal && !fitsIdType(getInput(), *equal))
    return emitOpError("value ") << *equal << " does not fit the input's element type "
                                 << input.getElementType();
  return verifyResultShape(*this, input.getShape().drop_back());
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

/// Checks a weight/bias pair of a linear layer mapping `in` features to `out`
/// features (either may be dynamic when the caller does not know it) and
/// returns the number of output features.
static FailureOr<int64_t> verifyAffine(Operation *op, StringRef what, int64_t in,
                                       Value weight, Value bias, WeightLayout layout) {
  if (failed(verifyRank(op, weight, (what + " weight").str(), 2)))
    return failure();
  ArrayRef<int64_t> shape = tensorType(weight).getShape();
  int64_t weightIn = layout == WeightLayout::in_out ? shape[0] : shape[1];
  int64_t weightOut = layout == WeightLayout::in_out ? shape[1] : shape[0];
  if (!dimsCompatible(in, weightIn))
    return op->emitOpError() << what << " weight " << weight.getType() << " in layout "
                             << stringifyWeightLayout(layout) << " expects " << weightIn
                             << " input features, but the input has " << in;
  if (bias) {
    auto biasType = tensorType(bias);
    if (biasType.getRank() != 1 || !dimsCompatible(biasType.getDimSize(0), weightOut))
      return op->emitOpError() << what << " bias must have shape ["
                               << formatDim(weightOut) << "], but has type " << biasType;
  }
  return weightOut;
}

/// A lower precision rounds f32 tensors: the kernels that run it take f32.
static LogicalResult verifyPrecisionOperands(Operation *op, Precision precision,
                                             Type elementType) {
  if (precision != Precision::f32 && !elementType.isF32())
    return op->emitOpError("precision ")
           << stringifyPrecision(precision) << " needs f32 tensors, but they are "
           << elementType;
  return success();
}

LogicalResult LinearOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() < 1)
    return emitOpError("input must have rank at least 1");
  SmallVector<Value> floats = {getInput(), getWeight(), getResult()};
  if (getBias())
    floats.push_back(getBias());
  if (failed(verifySameElementType(*this, floats)))
    return failure();
  if (failed(verifyPrecisionOperands(*this, getPrecision(), input.getElementType())))
    return failure();
  FailureOr<int64_t> out =
      verifyAffine(*this, "linear", input.getShape().back(), getWeight(), getBias(),
                   getLayout());
  if (failed(out))
    return failure();
  SmallVector<int64_t> expected(input.getShape());
  expected.back() = *out;
  if (failed(verifyResultShape(*this, expected)))
    return failure();
  // Exactly the result type: the residual is added element by element, after
  // the activation, and never broadcasts.
  if (Value residual = getResidual())
    if (residual.getType() != getType())
      return emitOpError("residual ") << residual.getType()
                                      << " must have exactly the result type "
                                      << getType();
  return success();
}

/// The rules layer_norm and rms_norm share: a ranked input, one element
/// type, each of `scales` of shape [D] (the input's last dimension), and a
/// result of the input's shape.
static LogicalResult
verifyNormalization(Operation *op, Value input, Value result,
                    ArrayRef<std::pair<StringRef, Value>> scales) {
  RankedTensorType inputType = tensorType(input);
  if (inputType.getRank() < 1)
    return op->emitOpError("input must have rank at least 1");
  SmallVector<Value> values = {input};
  for (const auto &scale : scales)
    values.push_back(scale.second);
  values.push_back(result);
  if (failed(verifySameElementType(op, values)))
    return failure();
  int64_t features = inputType.getShape().back();
  for (auto [name, value] : scales) {
    auto type = tensorType(value);
    if (type.getRank() != 1 || !dimsCompatible(type.getDimSize(0), features))
      return op->emitOpError() << name << " must have shape [" << formatDim(features)
                               << "] (the last dimension of the input), but has type " << type;
  }
  return verifyResultShape(op, inputType.getShape());
}

LogicalResult LayerNormOp::verify() {
  return verifyNormalization(*this, getInput(), getResult(),
                             {{"gamma", getGamma()}, {"beta", getBeta()}});
}

LogicalResult RmsNormOp::verify() {
  return verifyNormalization(*this, getInput(), getResult(), {{"gamma", getGamma()}});
}

LogicalResult GatedActivationOp::verify() {
  if (getActivation() == Activation::none)
    return emitOpError("needs an activation to gate with, not none");
  return success();
}

LogicalResult MlpOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() < 1)
    return emitOpError("input must have rank at least 1");
  if (failed(verifySameElementType(*this, {getInput(), getFcWeight(), getFcBias(),
                                           getProjWeight(), getProjBias(), getResult()})))
    return failure();
  FailureOr<int64_t> hidden = verifyAffine(*this, "fc", input.getShape().back(),
                                           getFcWeight(), getFcBias(), getLayout());
  if (failed(hidden))
    return failure();
  FailureOr<int64_t> out =
      verifyAffine(*this, "proj", *hidden, getProjWeight(), getProjBias(), getLayout());
  if (failed(out))
    return failure();
  if (!dimsCompatible(*out, input.getShape().back()))
    return emitOpError("proj weight maps back to ")
           << *out << " features, but the input has " << input.getShape().back();
  return verifyResultShape(*this, input.getShape());
}

//===----------------------------------------------------------------------===//
// Element-wise and data movement
//===----------------------------------------------------------------------===//

LogicalResult AddOp::verify() {
  if (failed(verifySameElementType(*this, {getLhs(), getRhs(), getResult()})))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(getLhs().getType().getShape(), getRhs().getType().getShape());
  if (failed(shape))
    return emitOpError("operands ") << getLhs().getType() << " and " << getRhs().getType()
                                    << " do not broadcast";
  return verifyResultShape(*this, *shape);
}

LogicalResult SelectOp::verify() {
  if (failed(verifySameElementType(*this, {getOnTrue(), getOnFalse(), getResult()})))
    return failure();
  FailureOr<SmallVector<int64_t>> values = broadcastShapes(
      getOnTrue().getType().getShape(), getOnFalse().getType().getShape());
  FailureOr<SmallVector<int64_t>> shape =
      failed(values) ? values
                     : broadcastShapes(getCondition().getType().getShape(), *values);
  if (failed(shape))
    return emitOpError("operands ")
           << getCondition().getType() << ", " << getOnTrue().getType() << " and "
           << getOnFalse().getType() << " do not broadcast";
  return verifyResultShape(*this, *shape);
}

LogicalResult MatmulOp::verify() {
  if (failed(verifySameElementType(*this, {getLhs(), getRhs(), getResult()})))
    return failure();
  ArrayRef<int64_t> lhs = getLhs().getType().getShape();
  ArrayRef<int64_t> rhs = getRhs().getType().getShape();
  if (lhs.size() < 2 || lhs.size() != rhs.size())
    return emitOpError("operands must have the same rank, at least 2, but have types ")
           << getLhs().getType() << " and " << getRhs().getType();
  size_t rank = lhs.size();
  if (!shapesCompatible(lhs.drop_back(2), rhs.drop_back(2)))
    return emitOpError("batch dimensions of ")
           << getLhs().getType() << " and " << getRhs().getType() << " differ";
  int64_t rhsK = getTransposeRhs() ? rhs[rank - 1] : rhs[rank - 2];
  int64_t n = getTransposeRhs() ? rhs[rank - 2] : rhs[rank - 1];
  if (!dimsCompatible(lhs[rank - 1], rhsK))
    return emitOpError("contraction dimensions differ: ")
           << lhs[rank - 1] << " vs " << rhsK;
  SmallVector<int64_t> expected(lhs.drop_back());
  expected.push_back(n);
  return verifyResultShape(*this, expected);
}

LogicalResult RotaryEmbeddingOp::verify() {
  if (failed(verifyRank(*this, getInput(), "input", 3)) ||
      failed(verifyRank(*this, getPositions(), "positions", 2)) ||
      failed(verifySameElementType(*this, {getInput(), getResult()})))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> positions = getPositions().getType().getShape();
  int64_t heads = getNumHeads();
  if (ShapedType::isDynamic(input[2]))
    return emitOpError("hidden size must be static, but the input has type ")
           << getInput().getType();
  if (input[2] % heads != 0)
    return emitOpError("number of heads ")
           << heads << " does not divide the hidden size " << input[2];
  if ((input[2] / heads) % 2 != 0)
    return emitOpError("head size ") << input[2] / heads << " must be even (features i and i + "
                                     << "d/2 are rotated together)";
  if (!dimsCompatible(positions[0], input[0]) || !dimsCompatible(positions[1], input[1]))
    return emitOpError("positions must have shape [")
           << formatDim(input[0]) << ", " << formatDim(input[1])
           << "] (the input's batch and sequence), but have type " << getPositions().getType();
  return verifyResultShape(*this, input);
}

LogicalResult SplitHeadsOp::verify() {
  if (failed(verifyRank(*this, getInput(), "input", 3)) ||
      failed(verifySameElementType(*this, {getInput(), getResult()})))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  int64_t heads = getNumHeads();
  if (ShapedType::isDynamic(input[2]))
    return emitOpError("hidden size must be static, but the input has type ")
           << getInput().getType();
  if (input[2] % heads != 0)
    return emitOpError("number of heads ")
           << heads << " does not divide the hidden size " << input[2];
  return verifyResultShape(*this, {input[0], heads, input[1], input[2] / heads});
}

LogicalResult MergeHeadsOp::verify() {
  if (failed(verifyRank(*this, getInput(), "input", 4)) ||
      failed(verifySameElementType(*this, {getInput(), getResult()})))
    return failure();
  ArrayRef<int64_t> input = getInput().getType().getShape();
  if (ShapedType::isDynamic(input[1]) || ShapedType::isDynamic(input[3]))
    return emitOpError("heads and head size must be static, but the input has type ")
           << getInput().getType();
  return verifyResultShape(*this, {input[0], input[2], input[1] * input[3]});
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

LogicalResult RelativePositionBiasOp::verify() {
  if (failed(verifyRank(*this, getTable(), "table", 2)) ||
      failed(verifyRank(*this, getResult(), "result", 4)) ||
      failed(verifySameElementType(*this, {getTable(), getResult()})))
    return failure();
  ArrayRef<int64_t> table = getTable().getType().getShape();
  if (ShapedType::isDynamic(table[0]) || ShapedType::isDynamic(table[1]))
    return emitOpError("table must have a static shape [buckets, heads], but has type ")
           << getTable().getType();
  int64_t buckets = getBidirectional() ? table[0] / 2 : table[0];
  if ((getBidirectional() && table[0] % 2 != 0) || buckets < 2)
    return emitOpError("table has ")
           << table[0] << " buckets; "
           << (getBidirectional() ? "a bidirectional bias needs an even number, at least 4"
                                  : "it needs at least 2");
  if (static_cast<int64_t>(getMaxDistance()) <= buckets / 2)
    return emitOpError("max_distance ")
           << getMaxDistance() << " must exceed the " << buckets / 2
           << " distances that have a bucket each";
  ArrayRef<int64_t> result = getResult().getType().getShape();
  if (!dimsCompatible(result[0], 1) || !dimsCompatible(result[1], table[1]))
    return emitOpError("result must have shape [1, ")
           << table[1] << ", T, S] (the table's heads), but has type " << getResult().getType();
  return success();
}

SmallVector<int64_t> RelativePositionBiasOp::getBucketsByDistance() {
  int64_t buckets = getTable().getType().getDimSize(0);
  if (getBidirectional())
    buckets /= 2;
  const int64_t exact = buckets / 2, maxDistance = getMaxDistance();
  // f32 as Hugging Face: log(d / exact) / log(max_distance / exact) * (n - exact),
  // truncated; the divisor is Python's double log, rounded to f32.
  const float logRange = static_cast<float>(
      std::log(static_cast<double>(maxDistance) / static_cast<double>(exact)));
  SmallVector<int64_t> byDistance;
  for (int64_t distance = 0; distance <= maxDistance; ++distance) {
    if (distance < exact) {
      byDistance.push_back(distance);
      continue;
    }
    float ratio = static_cast<float>(distance) / static_cast<float>(exact);
    float scaled = std::log(ratio) / logRange * static_cast<float>(buckets - exact);
    byDistance.push_back(std::min(exact + static_cast<int64_t>(scaled), buckets - 1));
  }
  return byDistance;
}

LogicalResult CausalMaskOp::verify() {
  ArrayRef<int64_t> shape = getType().getShape();
  if (getKeyLen()) {
    if (shape.size() != 2)
      return emitOpError("result must be a [T, S] mask, but has type ") << getType();
    if (!ShapedType::isDynamic(shape[0]) && !ShapedType::isDynamic(shape[1]) &&
        shape[1] < shape[0])
      return emitOpError("result type ")
             << getType() << " has fewer keys than queries; the queries are the last keys";
    return success();
  }
  if (shape.size() != 2 || !dimsCompatible(shape[0], shape[1]))
    return emitOpError("result must be a square [T, T] mask, but has type ") << getType();
  return success();
}

LogicalResult PaddingMaskOp::verify() {
  if (failed(verifyRank(*this, getAttentionMask(), "attention_mask", 2)))
    return failure();
  ArrayRef<int64_t> mask = getAttentionMask().getType().getShape();
  return verifyResultShape(*this, {mask[0], 1, 1, mask[1]});
}

LogicalResult MlmMaskOp::verify() {
  if (failed(verifyRank(*this, getIds(), "ids", 2)))
    return failure();
  double probability = getProbability().convertToDouble();
  if (!(probability >= 0.0 && probability <= 1.0))
    return emitOpError("probability must be in [0, 1], but is ") << probability;
  if (std::optional<ArrayRef<int64_t>> exclude = getExclude())
    for (int64_t id : *exclude)
      if (!fitsIdType(getIds(), id))
        return emitOpError("excluded id ") << id << " does not fit the ids' element type "
                                           << getElementTypeOrSelf(getIds().getType());
  return verifyResultShape(*this, getIds().getType().getShape());
}

LogicalResult MlmCorruptOp::verify() {
  if (failed(verifyRank(*this, getIds(), "ids", 2)))
    return failure();
  ArrayRef<int64_t> ids = getIds().getType().getShape();
  if (!shapesCompatible(getMask().getType().getShape(), ids))
    return emitOpError("mask type ") << getMask().getType() << " does not match the ids' shape "
                                     << RankedTensorType::get(ids, getMask().getType().getElementType());
  int64_t vocab = getVocabAttr().getInt();
  if (vocab <= 0 || !fitsIdType(getIds(), vocab - 1))
    return emitOpError("vocab must be positive and its ids must fit the ids' element type, but is ")
           << vocab;
  int64_t maskToken = getMaskTokenAttr().getInt();
  if (maskToken < 0 || maskToken >= vocab)
    return emitOpError("mask_token must be in [0, vocab), but is ") << maskToken;
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax and attention
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  if (getType().getRank() < 1)
    return emitOpError("input must have rank at least 1");
  return success();
}

/// Checks that a mask is boolean or has the element type of the scores, and
/// broadcasts to `shape`.
static LogicalResult verifyMask(Operation *op, Value mask, Type scoresElement,
                                ArrayRef<int64_t> shape) {
  auto maskType = tensorType(mask);
  Type element = maskType.getElementType();
  if (!element.isInteger(1) && element != scoresElement)
    return op->emitOpError("mask must be i1 (keep-mask) or ")
           << scoresElement << " (additive), but has type " << maskType;
  if (!broadcastsTo(maskType.getShape(), shape))
    return op->emitOpError("mask ")
           << maskType << " does not broadcast to the scores shape "
           << RankedTensorType::get(shape, scoresElement);
  return success();
}

LogicalResult MaskedSoftmaxOp::verify() {
  RankedTensorType scores = getScores().getType();
  if (scores.getRank() < 1)
    return emitOpError("scores must have rank at least 1");
  if (getResult().getType() != scores)
    return emitOpError("result type ")
           << getResult().getType() << " must equal the scores type " << scores;
  return verifyMask(*this, getMask(), scores.getElementType(), scores.getShape());
}

LogicalResult AttentionOp::verify() {
  if (failed(verifyRank(*this, getQuery(), "query", 3)) ||
      failed(verifyRank(*this, getKey(), "key", 3)) ||
      failed(verifyRank(*this, getValue(), "value", 3)) ||
      failed(verifySameElementType(*this,
                                   {getQuery(), getKey(), getValue(), getResult()})))
    return failure();
  // Attention's products multiply activations by activations, which have no
  // bind-time scale; int8 is for the linear layers.
  if (getPrecision() == Precision::int8)
    return emitOpError("runs at f32 or bf16, not int8");
  if (failed(verifyPrecisionOperands(*this, getPrecision(),
                                     getQuery().getType().getElementType())))
    return failure();
  ArrayRef<int64_t> query = getQuery().getType().getShape();
  ArrayRef<int64_t> key = getKey().getType().getShape();
  if (!shapesCompatible(key, getValue().getType().getShape()))
    return emitOpError("key ") << getKey().getType() << " and value "
                               << getValue().getType() << " must have the same shape";
  if (!dimsCompatible(query[0], key[0]))
    return emitOpError("query ") << getQuery().getType() << " and key "
                                 << getKey().getType() << " must agree in batch";
  int64_t heads = getNumHeads();
  if (ShapedType::isDynamic(query[2]))
    return emitOpError("hidden size must be static, but the query has type ")
           << getQuery().getType();
  if (query[2] % heads != 0)
    return emitOpError("number of heads ")
           << heads << " does not divide the hidden size " << query[2];
  // A dynamic key width is the query's (it cannot say how many key/value
  // heads there are).
  int64_t headSize = query[2] / heads;
  if (!ShapedType::isDynamic(key[2]) &&
      (key[2] % headSize != 0 || key[2] == 0 || heads % (key[2] / headSize) != 0))
    return emitOpError("key width ")
           << key[2] << " must be a number of heads of size " << headSize
           << " that divides the " << heads << " query heads";
  if (getResult().getType() != getQuery().getType())
    return emitOpError("result type ") << getResult().getType()
                                       << " must equal the query type "
                                       << getQuery().getType();
  if (Value mask = getMask())
    return verifyMask(*this, mask, getQuery().getType().getElementType(),
                      {query[0], heads, query[1], key[1]});
  return success();
}

//===----------------------------------------------------------------------===//
// Structure
//===----------------------------------------------------------------------===//

LogicalResult KvCacheAppendOp::verify() {
  if (getUpdated().getType() != getCache().getType())
    return emitOpError("updated cache must have the cache's type ") << getCache().getType();
  if (getValue().getType() != getKey().getType() || getValues().getType() != getKeys().getType())
    return emitOpError("value and values must have the types of key and keys");
  if (failed(verifyRank(*this, getCache(), "cache", 5)) ||
      failed(verifyRank(*this, getKey(), "key", 3)) ||
      failed(verifyRank(*this, getKeys(), "keys", 3)))
    return failure();
  ArrayRef<int64_t> cache = getCache().getType().getShape();
  ArrayRef<int64_t> key = getKey().getType().getShape();
  ArrayRef<int64_t> keys = getKeys().getType().getShape();
  if (cache[1] != 2)
    return emitOpError("cache must be [L, 2, B, M, D] (keys and values of each layer), but "
                       "has type ")
           << getCache().getType();
  if (ShapedType::isDynamic(cache[0]) || ShapedType::isDynamic(cache[4]))
    return emitOpError("cache must have static layers and width, but has type ")
           << getCache().getType();
  if (std::optional<int64_t> layer = getConstantIntValue(getLayer()))
    if (*layer < 0 || *layer >= cache[0])
      return emitOpError("layer ") << *layer << " is not one of the cache's " << cache[0]
                                   << " layers";
  if (!dimsCompatible(key[0], cache[2]) || !dimsCompatible(key[2], cache[4]))
    return emitOpError("key type ")
           << getKey().getType() << " does not match the cache's batch and width [" 
           << formatDim(cache[2]) << ", T, " << cache[4] << "]";
  if (!dimsCompatible(keys[0], cache[2]) || !dimsCompatible(keys[2], cache[4]))
    return emitOpError("keys type ")
           << getKeys().getType() << " does not match the cache's batch and width ["
           << formatDim(cache[2]) << ", S, " << cache[4] << "]";
  if (!ShapedType::isDynamic(keys[1]))
    return emitOpError("keys must have a dynamic length (position + T), but have type ")
           << getKeys().getType();
  return success();
}

LogicalResult LayerOp::verify() {
  if (getName().empty())
    return emitOpError("requires a non-empty layer name");
  auto yield = cast<YieldOp>(getBody().front().getTerminator());
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " but its results are " << getResultTypes();
  return success();
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult CrossEntropyOp::verify() {
  if (failed(verifyRank(*this, getLogits(), "logits", 3)) ||
      failed(verifyRank(*this, getLabels(), "labels", 2)) ||
      failed(verifySameElementType(*this, {getLogits(), getResult()})))
    return failure();
  ArrayRef<int64_t> logits = getLogits().getType().getShape();
  if (!shapesCompatible(logits.drop_back(), getLabels().getType().getShape()))
    return emitOpError("labels ") << getLabels().getType()
                                  << " must match the leading dimensions of the logits "
                                  << getLogits().getType();
  if (Value mask = getMask())
    if (!shapesCompatible(tensorType(mask).getShape(), logits.drop_back()))
      return emitOpError("mask ") << mask.getType()
                                  << " must match the leading dimensions of the logits "
                                  << getLogits().getType();
  return verifyResultShape(*this, {});
}

//===----------------------------------------------------------------------===//
// Equal dimensions (EqualDimsOpInterface)
//===----------------------------------------------------------------------===//
//
// What each op's lowerings assume: one size read for all the dimensions
// listed together. The verifiers above reject them when static and different.

namespace {
/// Collects equalities of (value, dimension) pairs; a negative dimension
/// counts from the end, as Python's.
class Equate {
public:
  explicit Equate(SmallVectorImpl<DimEquality> &equalities) : equalities(equalities) {}
  void operator()(Value lhs, int64_t lhsDim, Value rhs, int64_t rhsDim) {
    equalities.push_back({{lhs, normalize(lhs, lhsDim)}, {rhs, normalize(rhs, rhsDim)}});
  }

private:
  static int64_t normalize(Value value, int64_t dim) {
    return dim < 0 ? tensorType(value).getRank() + dim : dim;
  }
  SmallVectorImpl<DimEquality> &equalities;
};

/// The input- and output-feature dimensions of a linear layer's weight.
std::pair<int64_t, int64_t> weightDims(WeightLayout layout) {
  return layout == WeightLayout::in_out ? std::pair<int64_t, int64_t>{0, 1}
                                        : std::pair<int64_t, int64_t>{1, 0};
}
} // namespace

void EmbeddingOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  for (int64_t dim = 0, rank = getIds().getType().getRank(); dim < rank; ++dim)
    equate(getIds(), dim, getResult(), dim);
  equate(getTable(), 1, getResult(), -1);
}

void PositionIdsOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getLike(), getResult(), equalities);
}

void KvCacheAppendOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equateShapes(getCache(), getUpdated(), equalities);
  equateShapes(getKey(), getValue(), equalities);
  equateShapes(getKeys(), getValues(), equalities);
  equate(getKey(), 0, getCache(), 2);
  equate(getKey(), 2, getCache(), 4);
  equate(getKeys(), 0, getCache(), 2);
  equate(getKeys(), 2, getCache(), 4);
}

void PatchEmbedOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getPixels(), 1, getWeight(), 1);
  equate(getBias(), 0, getWeight(), 0);
  equate(getResult(), 0, getPixels(), 0);
  equate(getResult(), 2, getWeight(), 0);
}

void PrependClsOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getCls(), 2, getInput(), 2);
  equate(getResult(), 0, getInput(), 0);
  equate(getResult(), 2, getInput(), 2);
}

void ClsTokenOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getResult(), 0, getInput(), 0);
  equate(getResult(), 1, getInput(), 2);
}

void TokenAtOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getResult(), 0, getInput(), 0);
  equate(getPositions(), 0, getInput(), 0);
  equate(getResult(), 1, getInput(), 2);
}

void ArgmaxOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  for (int64_t dim = 0, rank = getResult().getType().getRank(); dim < rank; ++dim)
    equate(getResult(), dim, getInput(), dim);
}

void LinearOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  auto [in, out] = weightDims(getLayout());
  equate(getInput(), -1, getWeight(), in);
  equate(getResult(), -1, getWeight(), out);
  for (int64_t dim = 0, rank = getInput().getType().getRank(); dim + 1 < rank; ++dim)
    equate(getInput(), dim, getResult(), dim);
  if (Value bias = getBias())
    equate(bias, 0, getWeight(), out);
  if (Value residual = getResidual())
    equateShapes(residual, getResult(), equalities);
}

void LayerNormOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getGamma(), 0, getInput(), -1);
  equate(getBeta(), 0, getInput(), -1);
  equateShapes(getInput(), getResult(), equalities);
}

void RmsNormOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getGamma(), 0, getInput(), -1);
  equateShapes(getInput(), getResult(), equalities);
}

void RotaryEmbeddingOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getPositions(), 0, getInput(), 0);
  equate(getPositions(), 1, getInput(), 1);
  equateShapes(getInput(), getResult(), equalities);
}

void GatedActivationOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getGate(), getResult(), equalities);
  equateShapes(getUp(), getResult(), equalities);
}

void GeluOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getInput(), getResult(), equalities);
}

void MlpOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  auto [in, out] = weightDims(getLayout());
  equate(getFcWeight(), in, getInput(), -1);
  equate(getFcBias(), 0, getFcWeight(), out);
  equate(getProjWeight(), in, getFcWeight(), out);
  equate(getProjBias(), 0, getProjWeight(), out);
  equate(getProjWeight(), out, getInput(), -1);
  equateShapes(getInput(), getResult(), equalities);
}

void AddOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateBroadcast(getLhs(), getResult(), equalities);
  equateBroadcast(getRhs(), getResult(), equalities);
}

void ScaleOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getInput(), getResult(), equalities);
}

void SelectOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateBroadcast(getCondition(), getResult(), equalities);
  equateBroadcast(getOnTrue(), getResult(), equalities);
  equateBroadcast(getOnFalse(), getResult(), equalities);
}

void MatmulOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  int64_t rank = getLhs().getType().getRank();
  for (int64_t dim = 0; dim + 2 < rank; ++dim) {
    equate(getLhs(), dim, getRhs(), dim);
    equate(getLhs(), dim, getResult(), dim);
  }
  bool transposed = getTransposeRhs();
  equate(getLhs(), -2, getResult(), -2);
  equate(getLhs(), -1, getRhs(), transposed ? -1 : -2);
  equate(getRhs(), transposed ? -2 : -1, getResult(), -1);
}

void SplitHeadsOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getInput(), 0, getResult(), 0);
  equate(getInput(), 1, getResult(), 2);
}

void MergeHeadsOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getInput(), 0, getResult(), 0);
  equate(getInput(), 2, getResult(), 1);
}

/// Equates `result`'s dimension `resultDim` with the tensor dimension
/// `length` was read from, if it is a `tensor.dim` (lengths usually are: of
/// the ids, of the cached keys).
static void equateWithLengthSource(Equate &equate, Value result, int64_t resultDim,
                                   Value length) {
  if (auto dim = length.getDefiningOp<tensor::DimOp>())
    if (std::optional<int64_t> index = dim.getConstantIndex())
      if (auto source = dyn_cast<RankedTensorType>(dim.getSource().getType()))
        if (*index >= 0 && *index < source.getRank())
          equate(result, resultDim, dim.getSource(), *index);
}

void CausalMaskOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  if (!getKeyLen())
    equate(getResult(), 0, getResult(), 1);
  equateWithLengthSource(equate, getResult(), 0, getSeqLen());
  if (Value keys = getKeyLen())
    equateWithLengthSource(equate, getResult(), 1, keys);
}

void RelativePositionBiasOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getTable(), 1, getResult(), 1);
  equateWithLengthSource(equate, getResult(), 2, getQueries());
  equateWithLengthSource(equate, getResult(), 3, getKeys());
}

void PaddingMaskOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equate(getAttentionMask(), 0, getResult(), 0);
  equate(getAttentionMask(), 1, getResult(), 3);
}

void MlmMaskOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getIds(), getResult(), equalities);
}

void MlmCorruptOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getIds(), getResult(), equalities);
  equateShapes(getIds(), getMask(), equalities);
}

void SoftmaxOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getInput(), getResult(), equalities);
}

void MaskedSoftmaxOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  equateShapes(getScores(), getResult(), equalities);
  equateBroadcast(getMask(), getScores(), equalities);
}

int64_t AttentionOp::getNumKeyValueHeads() {
  int64_t keyWidth = getKey().getType().getDimSize(2);
  if (ShapedType::isDynamic(keyWidth))
    return getNumHeads();
  return keyWidth / (getQuery().getType().getDimSize(2) / getNumHeads());
}

void AttentionOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  equateShapes(getKey(), getValue(), equalities);
  equateShapes(getQuery(), getResult(), equalities);
  equate(getQuery(), 0, getKey(), 0);
  if (ShapedType::isDynamic(getKey().getType().getDimSize(2)))
    equate(getQuery(), 2, getKey(), 2);
  Value mask = getMask();
  if (!mask)
    return;
  // The mask broadcasts to the scores [B, heads, T, S], right-aligned; the
  // number of heads is static.
  std::pair<Value, int64_t> scoreDims[] = {
      {getQuery(), 0}, {Value(), 0}, {getQuery(), 1}, {getKey(), 1}};
  ArrayRef<int64_t> shape = tensorType(mask).getShape();
  int64_t offset = 4 - static_cast<int64_t>(shape.size());
  for (auto [dim, size] : llvm::enumerate(shape)) {
    auto [value, valueDim] = scoreDims[offset + dim];
    if (size != 1 && value)
      equate(mask, dim, value, valueDim);
  }
}

void LayerOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  auto yield = cast<YieldOp>(getBody().front().getTerminator());
  for (auto [yielded, result] : llvm::zip(yield.getValues(), getResults()))
    if (isa<RankedTensorType>(result.getType()))
      equateShapes(yielded, result, equalities);
}

void CrossEntropyOp::getEqualDims(SmallVectorImpl<DimEquality> &equalities) {
  Equate equate(equalities);
  for (int64_t dim = 0; dim < 2; ++dim) {
    equate(getLabels(), dim, getLogits(), dim);
    if (Value mask = getMask())
      equate(mask, dim, getLogits(), dim);
  }
}

Activation mlir::tfm::geluActivation(GeluApproximation approximation) {
  switch (approximation) {
  case GeluApproximation::tanh:
    return Activation::gelu_tanh;
  case GeluApproximation::erf:
    return Activation::gelu_erf;
  case GeluApproximation::sigmoid:
    return Activation::gelu_sigmoid;
  }
  llvm_unreachable("unknown GELU approximation");
}

#define GET_OP_CLASSES
#include "tfm/Dialect/Tfm/IR/TfmOps.cpp.inc"
