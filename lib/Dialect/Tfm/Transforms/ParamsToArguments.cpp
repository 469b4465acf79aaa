//===- ParamsToArguments.cpp - bind named weights as arguments ------------===//

#include "tfm/Dialect/Tfm/IR/TfmDialect.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "llvm/ADT/StringSet.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMPARAMSTOARGUMENTS
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// "[\"bert.w\"]" or "none", for diagnostics.
std::string describeAliases(ParamOp param) {
  ArrayAttr aliases = param.getAliasesAttr();
  if (!aliases)
    return "none";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << aliases;
  return text;
}

LogicalResult bindParams(func::FuncOp func) {
  // A name may be bound twice: as stored and transposed.
  using Key = std::pair<StringRef, unsigned>;
  llvm::MapVector<Key, SmallVector<ParamOp>> byName;
  func.walk([&](ParamOp param) {
    byName[{param.getName(), param.getTransposed()}].push_back(param);
  });
  for (auto &[key, params] : byName) {
    for (ParamOp param : params) {
      if (param.getType() != params.front().getType())
        return param.emitOpError("parameter '")
               << key.first << "' has type " << param.getType()
               << ", but an earlier use has type " << params.front().getType();
      // The argument has one list of names to try.
      if (param.getAliasesAttr() != params.front().getAliasesAttr())
        return param.emitOpError("parameter '")
               << key.first << "' has aliases " << describeAliases(param)
               << ", but an earlier use has " << describeAliases(params.front());
    }
  }

  MLIRContext *ctx = func.getContext();
  Block &entry = func.getBody().front();
  // All arguments added and marked at once: one at a time rebuilds the
  // function's type and attributes each time, quadratic in the thousands
  // of weights of a deep model.
  unsigned first = func.getNumArguments();
  SmallVector<unsigned> indices;
  SmallVector<Type> types;
  SmallVector<DictionaryAttr> attrDicts;
  SmallVector<Location> locs;
  for (auto &[key, params] : byName) {
    SmallVector<NamedAttribute> attrs = {
        NamedAttribute(StringAttr::get(ctx, TfmDialect::ParamAttrHelper::getNameStr()),
                       StringAttr::get(ctx, key.first))};
    if (key.second)
      attrs.push_back(NamedAttribute(
          StringAttr::get(ctx, TfmDialect::TransposedAttrHelper::getNameStr()),
          UnitAttr::get(ctx)));
    if (ArrayAttr aliases = params.front().getAliasesAttr())
      attrs.push_back(NamedAttribute(
          StringAttr::get(ctx, TfmDialect::AliasesAttrHelper::getNameStr()), aliases));
    indices.push_back(first);
    types.push_back(params.front().getType());
    attrDicts.push_back(DictionaryAttr::get(ctx, attrs));
    locs.push_back(params.front().getLoc());
  }
  func.insertArguments(indices, types, attrDicts, locs);
  for (auto [i, entryParams] : llvm::enumerate(byName))
    for (ParamOp param : entryParams.second) {
      param.replaceAllUsesWith(entry.getArgument(first + i));
      param.erase();
    }
  // The inputs a result updates in place (tfm.updates, a KV cache) are the
  // only ones the model may write.
  llvm::StringSet<> updated;
  for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
    if (auto input = func.getResultAttrOfType<StringAttr>(
            i, TfmDialect::UpdatesAttrHelper::getNameStr()))
      updated.insert(input.getValue());
  SmallVector<DictionaryAttr> argAttrs;
  func.getAllArgAttrs(argAttrs);
  for (DictionaryAttr &attrs : argAttrs) {
    NamedAttrList list(attrs);
    auto name = dyn_cast_or_null<StringAttr>(list.get(TfmDialect::NameAttrHelper::getNameStr()));
    bool writable = name && updated.contains(name.getValue());
    list.set(bufferization::BufferizationDialect::kWritableAttrName,
             BoolAttr::get(ctx, writable));
    attrs = list.getDictionary(ctx);
  }
  func.setAllArgAttrs(argAttrs);
  return success();
}

bool hasParams(func::FuncOp func) {
  return func.walk([](ParamOp) { return WalkResult::interrupt(); }).wasInterrupted();
}

/// Binding adds arguments to `func` that its callers would not pass, so a
/// function with params must not be called (or otherwise referenced).
LogicalResult checkNotReferenced(func::FuncOp func, ModuleOp module) {
  std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(func, module);
  if (!uses || uses->empty())
    return success();
  const SymbolTable::SymbolUse &use = *uses->begin();
  InFlightDiagnostic diag = func.emitError("tfm.param is only supported in functions that "
                                           "are not called; inline @")
                            << func.getSymName() << " first";
  diag.attachNote(use.getUser()->getLoc())
      << (isa<CallOpInterface>(use.getUser()) ? "called here" : "referenced here");
  return failure();
}

struct TfmParamsToArgumentsPass
    : tfm::impl::TfmParamsToArgumentsBase<TfmParamsToArgumentsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> withBodies;
    bool referenced = false;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      withBodies.push_back(func);
      if (hasParams(func) && failed(checkNotReferenced(func, module)))
        referenced = true;
    }
    if (referenced)
      return signalPassFailure();
    for (func::FuncOp func : withBodies)
      if (failed(bindParams(func)))
        return signalPassFailure();
  }
};

} // namespace
