//===- DropInPlaceResults.cpp - inputs updated in place are not outputs ---===//
//
// A KV cache is an input the model updates: on tensors @forward returns the
// updated cache (tfm.updates), after bufferization that result is the
// caller's buffer, which the entry must neither return nor copy.
//
//===----------------------------------------------------------------------===//

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/BitVector.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMDROPINPLACERESULTS
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

constexpr llvm::StringLiteral kNameAttr = TfmDialect::NameAttrHelper::getNameStr(),
                              kUpdatesAttr = TfmDialect::UpdatesAttrHelper::getNameStr();

/// The one func.return of `function`, or null.
func::ReturnOp uniqueReturn(func::FuncOp function) {
  func::ReturnOp found;
  for (Block &block : function.getBody())
    if (auto ret = dyn_cast<func::ReturnOp>(block.getTerminator())) {
      if (found)
        return {};
      found = ret;
    }
  return found;
}

/// The argument of `function` whose buffer `value` is, looking through
/// memref.cast; null if it is not one.
BlockArgument argumentBufferOf(func::FuncOp function, Value value) {
  while (auto cast = value.getDefiningOp<memref::CastOp>())
    value = cast.getSource();
  auto argument = dyn_cast<BlockArgument>(value);
  if (!argument || argument.getOwner() != &function.front())
    return {};
  return argument;
}

/// Removes the results of `function` in `drop` from it, its return and its
/// calls in `module`; each call's result is replaced by the argument it
/// returned (`returnedArgument`), cast to the result's type if needed.
void dropResults(ModuleOp module, func::FuncOp function, func::ReturnOp ret,
                 const llvm::BitVector &drop, ArrayRef<int64_t> returnedArgument) {
  SymbolTable::UseRange uses = *SymbolTable::getSymbolUses(function, module);
  for (SymbolTable::SymbolUse use : uses) {
    auto call = cast<func::CallOp>(use.getUser());
    OpBuilder builder(call);
    SmallVector<Type> types;
    for (auto [index, type] : llvm::enumerate(call.getResultTypes()))
      if (!drop.test(index))
        types.push_back(type);
    auto newCall = builder.create<func::CallOp>(call.getLoc(), call.getCalleeAttr(), types,
                                                call.getOperands());
    newCall->setDiscardableAttrs(call->getDiscardableAttrDictionary());
    unsigned next = 0;
    for (auto [index, result] : llvm::enumerate(call.getResults())) {
      if (!drop.test(index)) {
        result.replaceAllUsesWith(newCall.getResult(next++));
        continue;
      }
      Value operand = call.getOperand(returnedArgument[index]);
      if (operand.getType() != result.getType())
        operand = builder.create<memref::CastOp>(call.getLoc(), result.getType(), operand);
      result.replaceAllUsesWith(operand);
    }
    call.erase();
  }
  ret->eraseOperands(drop);
  (void)function.eraseResults(drop);
}

struct TfmDropInPlaceResultsPass
    : tfm::impl::TfmDropInPlaceResultsBase<TfmDropInPlaceResultsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Callees first: the outlined layers are private functions that
    // @forward calls, so they go before @forward. A private function that
    // returns what a private callee returned of its arguments returns its
    // own argument only once the callee's result is dropped: repeat until
    // nothing is dropped, whatever order the functions come in.
    SmallVector<func::FuncOp> privates;
    func::FuncOp forward;
    for (auto function : module.getOps<func::FuncOp>()) {
      if (function.isExternal())
        continue;
      if (function.getSymName() == "forward")
        forward = function;
      else if (function.isPrivate())
        privates.push_back(function);
    }
    do {
      dropped = false;
      for (func::FuncOp function : privates)
        if (failed(dropFrom(module, function, /*onlyUpdates=*/false)))
          return signalPassFailure();
    } while (dropped);
    if (!forward)
      return;
    if (failed(dropFrom(module, forward, /*onlyUpdates=*/true)))
      return signalPassFailure();
    // prepareForwardForLowering kept the names of the inputs updated in
    // place for the check above; nothing after needs them.
    for (unsigned i = 0, e = forward.getNumArguments(); i < e; ++i)
      forward.removeArgAttr(i, StringAttr::get(&getContext(), kNameAttr));
  }

  /// Drops the results of `function` that return an argument's buffer:
  /// all of them, or (@forward) those marked tfm.updates, which must.
  LogicalResult dropFrom(ModuleOp module, func::FuncOp function, bool onlyUpdates) {
    func::ReturnOp ret = uniqueReturn(function);
    if (!ret) {
      if (!onlyUpdates)
        return success();
      for (unsigned i = 0, e = function.getNumResults(); i < e; ++i)
        if (function.getResultAttr(i, kUpdatesAttr))
          return function.emitError("tfm-drop-in-place-results: @")
                 << function.getSymName()
                 << " has more than one return; cannot find the buffer of result #" << i;
      return success();
    }
    llvm::BitVector drop(function.getNumResults());
    SmallVector<int64_t> returnedArgument(function.getNumResults(), -1);
    for (unsigned i = 0, e = function.getNumResults(); i < e; ++i) {
      if (!isa<BaseMemRefType>(ret.getOperand(i).getType()))
        continue;
      BlockArgument argument = argumentBufferOf(function, ret.getOperand(i));
      if (onlyUpdates) {
        auto input = function.getResultAttrOfType<StringAttr>(i, kUpdatesAttr);
        if (!input)
          continue;
        auto name = argument ? function.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                                     kNameAttr)
                             : StringAttr();
        if (!name || name != input)
          return function.emitError("result #")
                 << i << " must be input '" << input.getValue()
                 << "' updated in place, but bufferization did not write that input's buffer "
                    "(it copied it, or returns another buffer)";
        function.removeResultAttr(i, StringAttr::get(&getContext(), kUpdatesAttr));
      } else if (!argument) {
        continue;
      }
      drop.set(i);
      returnedArgument[i] = argument.getArgNumber();
    }
    if (drop.none())
      return success();
    // Only calls can be rewritten to use their operand instead; a function
    // referenced otherwise keeps its results (its callers may copy them).
    std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(function, module);
    if (!uses || llvm::any_of(*uses, [](const SymbolTable::SymbolUse &use) {
          return !isa<func::CallOp>(use.getUser());
        }))
      return success();
    dropResults(module, function, ret, drop, returnedArgument);
    dropped = true;
    return success();
  }

  /// Whether dropFrom dropped results.
  bool dropped = false;
};

} // namespace
