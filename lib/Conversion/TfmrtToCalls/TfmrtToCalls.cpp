//===- TfmrtToCalls.cpp - tfmrt kernel operations to kernel calls ---------===//

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMRTTOCALLS
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

/// The unranked memref a kernel receives `buffer` as.
UnrankedMemRefType unrankedTypeOf(Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  return UnrankedMemRefType::get(type.getElementType(), type.getMemorySpace());
}

/// The type of `op`'s kernel, passed `runContext` first. The arguments are
/// built in a scratch block, so that working it out changes no IR.
template <typename OpTy> FunctionType kernelTypeOf(OpTy op, Value runContext) {
  Block scratch;
  OpBuilder builder(op.getContext());
  builder.setInsertionPointToStart(&scratch);
  SmallVector<Type> types = {runContext.getType()};
  for (Value argument : op.getKernelArguments(builder, [&](Value buffer) -> Value {
         return scratch.addArgument(unrankedTypeOf(buffer), op.getLoc());
       }))
    types.push_back(argument.getType());
  return builder.getFunctionType(types, {});
}

/// The name of the kernel operation `op` calls and its type, given the run
/// context it is to pass.
std::pair<StringRef, FunctionType> kernelOf(Operation *op, Value runContext) {
  return llvm::TypeSwitch<Operation *, std::pair<StringRef, FunctionType>>(op)
      .Case<tfmrt::LinearOp, tfmrt::MatmulOp, tfmrt::LayerNormOp, tfmrt::SoftmaxOp,
            tfmrt::AttentionOp, tfmrt::KvCacheWriteOp>([&](auto kernelOp) {
        return std::make_pair(decltype(kernelOp)::getKernelName(),
                              kernelTypeOf(kernelOp, runContext));
      })
      .Default([](Operation *) { return std::make_pair(StringRef(), FunctionType()); });
}

/// `op` on buffers as a call of its kernel, declared on first use, with the
/// enclosing function's run context as the first argument.
template <typename OpTy> struct KernelOpToCall : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "not bufferized: the operation is on tensors");
    BlockArgument runContext = tfmrt::getEnclosingRunContext(op);
    if (!runContext)
      return rewriter.notifyMatchFailure(
          op, "the enclosing function has no tfmrt.run_context argument to pass the kernel");
    auto module = op->template getParentOfType<ModuleOp>();
    if (!module)
      return rewriter.notifyMatchFailure(op, "not in a module that can declare the kernel");
    Location loc = op.getLoc();
    StringRef name = OpTy::getKernelName();
    FunctionType type = kernelTypeOf(op, runContext);
    auto function = module.template lookupSymbol<func::FuncOp>(name);
    if (function && function.getFunctionType() != type)
      return rewriter.notifyMatchFailure(op, "the module declares the kernel with another type");
    if (!function) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      function = rewriter.create<func::FuncOp>(loc, name, type);
      function.setPrivate();
      function->setAttr("llvm.emit_c_interface", rewriter.getUnitAttr());
    }
    SmallVector<Value> arguments = {runContext};
    llvm::append_range(arguments, op.getKernelArguments(rewriter, [&](Value buffer) -> Value {
      return rewriter.create<memref::CastOp>(loc, unrankedTypeOf(buffer), buffer);
    }));
    rewriter.replaceOpWithNewOp<func::CallOp>(op, function, arguments);
    return success();
  }
};

struct TfmrtToCallsPass : tfm::impl::TfmrtToCallsBase<TfmrtToCallsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    tfm::populateTfmrtToCallsPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    ModuleOp module = getOperation();
    WalkResult left = module.walk([&](Operation *op) {
      if (!isa<tfmrt::TfmrtDialect>(op->getDialect()))
        return WalkResult::advance();
      BlockArgument runContext = tfmrt::getEnclosingRunContext(op);
      if (op->getNumResults() != 0) {
        op->emitError("tfmrt-to-calls: ")
            << op->getName() << " must be bufferized before it becomes a kernel call";
      } else if (!runContext) {
        op->emitError("tfmrt-to-calls: ")
            << op->getName()
            << " is in a function without a tfmrt.run_context argument, so its kernel "
               "would have no run context; run tfmrt-add-run-context first";
      } else {
        auto [name, type] = kernelOf(op, runContext);
        auto declared = module.lookupSymbol<func::FuncOp>(name);
        op->emitError("tfmrt-to-calls: the module declares @")
            << name << " as " << (declared ? declared.getFunctionType() : FunctionType())
            << ", but the kernel is " << type;
      }
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void mlir::tfm::populateTfmrtToCallsPatterns(RewritePatternSet &patterns) {
  patterns.add<KernelOpToCall<tfmrt::LinearOp>, KernelOpToCall<tfmrt::MatmulOp>,
               KernelOpToCall<tfmrt::LayerNormOp>, KernelOpToCall<tfmrt::SoftmaxOp>,
               KernelOpToCall<tfmrt::AttentionOp>, KernelOpToCall<tfmrt::KvCacheWriteOp>>(
      patterns.getContext());
}
