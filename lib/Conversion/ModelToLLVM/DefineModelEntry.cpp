//===- DefineModelEntry.cpp - the model's entry point, in the LLVM dialect ===//
//
// tfm_entry_fn (tfm/Runtime/ModelAbi.h) over MLIR's C interface of @forward:
// libtfmrt builds the memref descriptors, the entry passes the inputs' on
// and the weights' as one table (tfm-load-weights-from-table).
//
//===----------------------------------------------------------------------===//

#include "tfm/Conversion/ModelToLLVM/ModelDescriptor.h"
#include "tfm/Conversion/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMDEFINEMODELENTRY
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// How the entry calls @_mlir_ciface_forward (kModelEntryAttrName).
struct ForwardCall {
  bool results = false;
  bool context = false;
  int64_t descriptors = 0;
  int64_t weights = 0;

  size_t numParams() const {
    return (results ? 1 : 0) + (context ? 1 : 0) + static_cast<size_t>(descriptors) +
           (weights > 0 ? 1 : 0);
  }
};

FailureOr<ForwardCall> readForwardCall(LLVM::LLVMFuncOp entry) {
  auto mark = entry->getAttrOfType<DictionaryAttr>(kModelEntryAttrName);
  auto results = mark ? mark.getAs<BoolAttr>("results") : BoolAttr();
  auto context = mark ? mark.getAs<BoolAttr>("context") : BoolAttr();
  auto descriptors = mark ? mark.getAs<IntegerAttr>("descriptors") : IntegerAttr();
  auto weights = mark ? mark.getAs<IntegerAttr>("weights") : IntegerAttr();
  if (!results || !context || !descriptors || descriptors.getInt() < 0 || !weights ||
      weights.getInt() < 0)
    return entry.emitError("the model entry's ")
           << kModelEntryAttrName << " is " << entry->getAttr(kModelEntryAttrName)
           << "; expected {results = <bool>, context = <bool>, descriptors = <count>, "
              "weights = <count>}";
  return ForwardCall{results.getValue(), context.getValue(), descriptors.getInt(),
                     weights.getInt()};
}

/// "1 pointer", "3 pointers".
std::string plural(int64_t count, StringRef noun) {
  return std::to_string(count) + " " + noun.str() + (count == 1 ? "" : "s");
}

/// @_mlir_ciface_forward, if it takes what `call` passes: pointers only (the
/// results' address, the context, the descriptors, the weights' table) and
/// returns nothing.
FailureOr<LLVM::LLVMFuncOp> lookupForward(ModuleOp module, LLVM::LLVMFuncOp entry,
                                          const ForwardCall &call) {
  auto forward = module.lookupSymbol<LLVM::LLVMFuncOp>("_mlir_ciface_forward");
  if (!forward)
    return entry.emitError("the model entry calls @_mlir_ciface_forward, which the module does "
                           "not define; lower @forward (with llvm.emit_c_interface) to the "
                           "LLVM dialect first");
  LLVM::LLVMFunctionType type = forward.getFunctionType();
  bool pointersOnly = llvm::all_of(type.getParams(), llvm::IsaPred<LLVM::LLVMPointerType>);
  if (type.getNumParams() != call.numParams() || !pointersOnly ||
      !isa<LLVM::LLVMVoidType>(type.getReturnType()))
    return forward.emitError("@_mlir_ciface_forward has type ")
           << type << "; the model entry passes " << plural(call.numParams(), "pointer") << " ("
           << (call.results ? "the results, " : "") << (call.context ? "the context, " : "")
           << plural(call.descriptors, "descriptor")
           << (call.weights > 0 ? ", the weights' table" : "") << ") and expects no result";
  return forward;
}

struct TfmDefineModelEntryPass : tfm::impl::TfmDefineModelEntryBase<TfmDefineModelEntryPass> {
  void runOnOperation() override {
    if (failed(defineModelEntry(getOperation())))
      signalPassFailure();
  }
};

} // namespace

LogicalResult mlir::tfm::defineModelEntry(ModuleOp module) {
  LLVM::LLVMFuncOp entry;
  for (auto function : module.getOps<LLVM::LLVMFuncOp>()) {
    if (!function->hasAttr(kModelEntryAttrName))
      continue;
    if (entry)
      return function.emitError("a second model entry; the first is @")
             << entry.getSymName();
    entry = function;
  }
  if (!entry)
    return success();
  if (!entry.isExternal())
    return entry.emitError("the model entry already has a body");
  FailureOr<ForwardCall> call = readForwardCall(entry);
  if (failed(call))
    return failure();
  FailureOr<LLVM::LLVMFuncOp> forward = lookupForward(module, entry, *call);
  if (failed(forward))
    return failure();

  // void entry(void *results, tfmrt_run_context *context, void *const *arguments)
  OpBuilder builder(entry.getContext());
  Location loc = entry.getLoc();
  Block *body = entry.addEntryBlock(builder);
  builder.setInsertionPointToStart(body);
  Value results = body->getArgument(0), context = body->getArgument(1),
        arguments = body->getArgument(2);
  auto ptr = LLVM::LLVMPointerType::get(entry.getContext());
  SmallVector<Value> operands;
  if (call->results)
    operands.push_back(results);
  if (call->context)
    operands.push_back(context);
  auto slot = [&](int64_t i) -> Value {
    return builder.create<LLVM::GEPOp>(loc, ptr, ptr, arguments,
                                       ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)},
                                       /*inbounds=*/true);
  };
  for (int64_t i = 0; i < call->descriptors; ++i)
    operands.push_back(builder.create<LLVM::LoadOp>(loc, ptr, slot(i)));
  // The weights' descriptor pointers follow the inputs'.
  if (call->weights > 0)
    operands.push_back(slot(call->descriptors));
  builder.create<LLVM::CallOp>(loc, *forward, operands);
  builder.create<LLVM::ReturnOp>(loc, ValueRange{});
  // Only tfm_model.entry refers to it.
  entry.setLinkage(LLVM::Linkage::Internal);
  entry->removeAttr(kModelEntryAttrName);
  return success();
}
