//===- TfmrtToCalls.cpp - tfmrt kernel operations to kernel calls ---------===//

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMRTTOCALLS
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

/// `op` on buffers as a call of its kernel, declared on first use.
template <typename OpTy> struct KernelOpToCall : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "not bufferized: the operation is on tensors");
    auto module = op->template getParentOfType<ModuleOp>();
    if (!module)
      return rewriter.notifyMatchFailure(op, "not in a module that can declare the kernel");
    Location loc = op.getLoc();
    auto unranked = [&](Value buffer) -> Value {
      auto type = cast<MemRefType>(buffer.getType());
      return rewriter.create<memref::CastOp>(
          loc, UnrankedMemRefType::get(type.getElementType(), type.getMemorySpace()), buffer);
    };
    SmallVector<Value> arguments = op.getKernelArguments(rewriter, unranked);
    StringRef name = OpTy::getKernelName();
    auto function = module.template lookupSymbol<func::FuncOp>(name);
    auto type = rewriter.getFunctionType(ValueRange(arguments).getTypes(), {});
    if (!function) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      function = rewriter.create<func::FuncOp>(loc, name, type);
      function.setPrivate();
      function->setAttr("llvm.emit_c_interface", rewriter.getUnitAttr());
    } else if (function.getFunctionType() != type) {
      return rewriter.notifyMatchFailure(op, "the module declares the kernel with another type");
    }
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
    WalkResult left = getOperation().walk([](Operation *op) {
      if (!isa<tfmrt::TfmrtDialect>(op->getDialect()))
        return WalkResult::advance();
      op->emitError("tfmrt-to-calls: ")
          << op->getName() << " must be bufferized before it becomes a kernel call";
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
               KernelOpToCall<tfmrt::AttentionOp>>(patterns.getContext());
}
