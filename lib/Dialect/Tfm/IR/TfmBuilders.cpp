//===- TfmBuilders.cpp - tfm op sequences built in two places -------------===//

#include "tfm/Dialect/Tfm/IR/TfmBuilders.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tfm;

Value mlir::tfm::buildAttentionChain(OpBuilder &b, Location loc, Value query, Value key,
                                     Value value, int64_t heads, Type resultType,
                                     llvm::function_ref<Value(Value)> probabilities) {
  // tfm.attention's verifier requires a static hidden size of the query
  // only; key and value may leave theirs dynamic, and split_heads needs it
  // static.
  int64_t hidden = cast<RankedTensorType>(query.getType()).getDimSize(2);
  auto split = [&](Value v) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.isDynamicDim(2)) {
      type = RankedTensorType::get({type.getDimSize(0), type.getDimSize(1), hidden},
                                   type.getElementType());
      v = b.create<tensor::CastOp>(loc, type, v);
    }
    auto headsType = RankedTensorType::get(
        {type.getDimSize(0), heads, type.getDimSize(1), hidden / heads},
        type.getElementType());
    return b.create<SplitHeadsOp>(loc, headsType, v, heads);
  };
  Value q = split(query), k = split(key), v = split(value);
  auto qType = cast<RankedTensorType>(q.getType());
  auto kType = cast<RankedTensorType>(k.getType());
  auto scoresType = RankedTensorType::get(
      {qType.getDimSize(0), heads, qType.getDimSize(2), kType.getDimSize(2)},
      qType.getElementType());
  Value scores = b.create<MatmulOp>(loc, scoresType, q, k, /*transpose_rhs=*/true);
  Value probs = probabilities(scores);
  Value context = b.create<MatmulOp>(loc, qType, probs, v, /*transpose_rhs=*/false);
  return b.create<MergeHeadsOp>(loc, resultType, context);
}
