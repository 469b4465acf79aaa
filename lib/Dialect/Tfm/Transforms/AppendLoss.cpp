//===- AppendLoss.cpp - @forward's logits to an evaluation loss -----------===//

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMAPPENDLOSS
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

constexpr llvm::StringLiteral kNameAttr = TfmDialect::NameAttrHelper::getNameStr();

/// The index of @forward's argument (or result) named `name`, if any.
std::optional<unsigned> findNamed(func::FuncOp forward, StringRef name, bool result) {
  unsigned count = result ? forward.getNumResults() : forward.getNumArguments();
  for (unsigned i = 0; i < count; ++i) {
    auto attr = result ? forward.getResultAttrOfType<StringAttr>(i, kNameAttr)
                       : forward.getArgAttrOfType<StringAttr>(i, kNameAttr);
    if (attr && attr.getValue() == name)
      return i;
  }
  return std::nullopt;
}

struct TfmAppendLossPass : tfm::impl::TfmAppendLossBase<TfmAppendLossPass> {
  using TfmAppendLossBase::TfmAppendLossBase;

  void runOnOperation() override {
    auto forward = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        getOperation(), StringAttr::get(&getContext(), "forward"));
    if (!forward || forward.isExternal()) {
      getOperation().emitError("tfm-append-loss: the module has no @forward to evaluate");
      return signalPassFailure();
    }
    if (failed(appendLoss(forward)))
      signalPassFailure();
  }

  LogicalResult appendLoss(func::FuncOp forward) {
    std::optional<unsigned> idsIndex = findNamed(forward, "input_ids", /*result=*/false);
    std::optional<unsigned> logitsIndex = findNamed(forward, "logits", /*result=*/true);
    if (!idsIndex || !logitsIndex)
      return forward.emitError("tfm-append-loss: @forward needs an input named 'input_ids' and "
                               "an output named 'logits'");
    Value ids = forward.getArgument(*idsIndex);
    auto idsType = cast<RankedTensorType>(ids.getType());
    auto returnOp = cast<func::ReturnOp>(forward.front().getTerminator());
    Value logits = returnOp.getOperand(*logitsIndex);
    auto logitsType = dyn_cast<RankedTensorType>(logits.getType());
    if (idsType.getRank() != 2 || !idsType.getElementType().isSignlessInteger() || !logitsType ||
        logitsType.getRank() != 3 || logitsType.isDynamicDim(2))
      return forward.emitError("tfm-append-loss: needs [B, T] integer input_ids and [B, T, V] "
                               "logits with a static V, but has ")
             << ids.getType() << " and " << logits.getType();
    int64_t vocab = logitsType.getDimSize(2);

    Location loc = forward.getLoc();
    OpBuilder b(forward.getContext());
    auto lossType = RankedTensorType::get({}, logitsType.getElementType());
    SmallVector<Value> results;
    SmallVector<std::pair<unsigned, StringRef>> names;
    if (objective == LossObjective::NextToken) {
      b.setInsertionPoint(returnOp);
      results.push_back(b.create<CrossEntropyOp>(loc, lossType, logits, ids, /*mask=*/Value(),
                                                 b.getI64IntegerAttr(-100), b.getUnitAttr()));
      names.push_back({0, "loss"});
    } else {
      if (maskToken < 0 || maskToken >= vocab)
        return forward.emitError("tfm-append-loss: masked-lm needs a mask-token in [0, ")
               << vocab << "), but has " << static_cast<int64_t>(maskToken);
      if (!(probability >= 0.0 && probability <= 1.0))
        return forward.emitError("tfm-append-loss: probability must be in [0, 1], but is ")
               << static_cast<double>(probability);
      if (findNamed(forward, "mlm_step", /*result=*/false))
        return forward.emitError("tfm-append-loss: @forward already has an input named 'mlm_step'");
      // The step is a new last input; the model reads the corrupted ids.
      auto stepType = RankedTensorType::get({}, b.getI64Type());
      unsigned stepIndex = forward.getNumArguments();
      forward.insertArgument(
          stepIndex, stepType,
          b.getDictionaryAttr(b.getNamedAttr(kNameAttr, b.getStringAttr("mlm_step"))), loc);
      Value step = forward.getArgument(stepIndex);
      b.setInsertionPointToStart(&forward.front());
      auto boolType = RankedTensorType::get(idsType.getShape(), b.getI1Type());
      SmallVector<int64_t> excluded(exclude.begin(), exclude.end());
      Value mask = b.create<MlmMaskOp>(loc, boolType, ids, step, b.getI64IntegerAttr(seed),
                                       b.getF64FloatAttr(probability),
                                       excluded.empty() ? DenseI64ArrayAttr()
                                                        : b.getDenseI64ArrayAttr(excluded));
      auto corrupt = b.create<MlmCorruptOp>(loc, idsType, ids, mask, step,
                                            b.getI64IntegerAttr(seed),
                                            b.getI64IntegerAttr(maskToken),
                                            b.getI64IntegerAttr(vocab));
      ids.replaceUsesWithIf(corrupt.getResult(), [&](OpOperand &use) {
        Operation *user = use.getOwner();
        return user != mask.getDefiningOp() && user != corrupt;
      });
      b.setInsertionPoint(returnOp);
      results.push_back(b.create<CrossEntropyOp>(loc, lossType, logits, ids, mask,
                                                 b.getI64IntegerAttr(-100), UnitAttr()));
      auto scalar = RankedTensorType::get({}, logitsType.getElementType());
      Value one = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(scalar, 1.0f));
      Value zero = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(scalar, 0.0f));
      auto positionsType = RankedTensorType::get(idsType.getShape(), logitsType.getElementType());
      results.push_back(b.create<SelectOp>(loc, positionsType, mask, one, zero));
      names.push_back({0, "loss"});
      names.push_back({1, "masked_positions"});
    }

    // The loss replaces every output; ops only the old outputs used go.
    b.setInsertionPoint(returnOp);
    b.create<func::ReturnOp>(loc, results);
    returnOp.erase();
    SmallVector<Type> resultTypes;
    for (Value result : results)
      resultTypes.push_back(result.getType());
    forward.setFunctionType(
        FunctionType::get(forward.getContext(), forward.getArgumentTypes(), resultTypes));
    SmallVector<DictionaryAttr> resultAttrs;
    for (auto [index, name] : names)
      resultAttrs.push_back(
          b.getDictionaryAttr(b.getNamedAttr(kNameAttr, b.getStringAttr(name))));
    forward.setAllResultAttrs(resultAttrs);
    eraseDeadOps(forward);
    return success();
  }

  /// Erases side-effect-free ops without uses, last first.
  static void eraseDeadOps(func::FuncOp forward) {
    bool erased = true;
    while (erased) {
      erased = false;
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(forward.front()))) {
        if (op.use_empty() && !op.hasTrait<OpTrait::IsTerminator>() && isMemoryEffectFree(&op)) {
          op.erase();
          erased = true;
        }
      }
    }
  }
};

} // namespace
