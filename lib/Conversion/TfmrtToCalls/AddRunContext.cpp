//===- AddRunContext.cpp - public functions receive the run context -------===//

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMRTADDRUNCONTEXT
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

struct TfmrtAddRunContextPass : tfm::impl::TfmrtAddRunContextBase<TfmrtAddRunContextPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    Type pointer = LLVM::LLVMPointerType::get(context);
    auto marked = DictionaryAttr::get(
        context,
        {NamedAttribute(StringAttr::get(context, tfmrt::TfmrtDialect::getRunContextAttrName()),
                        UnitAttr::get(context))});
    // Every function with a body: its kernels and its buffers need one.
    llvm::SmallPtrSet<Operation *, 4> given;
    for (auto function : module.getOps<func::FuncOp>()) {
      if (function.isExternal() || tfmrt::getRunContextArgument(function))
        continue;
      // A function used otherwise than called (func.constant) would be
      // called indirectly without one.
      if (std::optional<SymbolTable::UseRange> uses = function.getSymbolUses(module)) {
        for (const SymbolTable::SymbolUse &use : *uses) {
          if (isa<func::CallOp>(use.getUser()))
            continue;
          use.getUser()->emitError("tfmrt-add-run-context: @")
              << function.getSymName()
              << " is used other than by a direct call, so it could be called without the "
                 "run context it receives";
          return signalPassFailure();
        }
      }
      function.insertArgument(0, pointer, marked, function.getLoc());
      given.insert(function);
    }
    // A call of a function that now takes the context passes the caller's.
    WalkResult calls = module.walk([&](func::CallOp call) {
      auto callee = module.lookupSymbol<func::FuncOp>(call.getCalleeAttr());
      if (!callee || !given.contains(callee))
        return WalkResult::advance();
      BlockArgument runContext = tfmrt::getEnclosingRunContext(call);
      if (!runContext) {
        call.emitError("tfmrt-add-run-context: @")
            << callee.getSymName()
            << " now takes the run context, but its caller has none to pass";
        return WalkResult::interrupt();
      }
      call->insertOperands(0, runContext);
      return WalkResult::advance();
    });
    if (calls.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
