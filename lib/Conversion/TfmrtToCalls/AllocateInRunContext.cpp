//===- AllocateInRunContext.cpp - buffers from the run context ------------===//

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMRTALLOCATEINRUNCONTEXT
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

/// Why `op` cannot take its buffer from the run context; empty if it can.
StringRef refusalFor(Operation *op) {
  if (op->getParentOfType<scf::ForallOp>() || op->getParentOfType<scf::ParallelOp>())
    return "in a parallel loop, whose threads cannot end the run when memory is out";
  if (!tfmrt::getEnclosingRunContext(op))
    return "in a function without a tfmrt.run_context argument";
  return {};
}

struct AllocToTfmrt : OpRewritePattern<memref::AllocOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::AllocOp op, PatternRewriter &rewriter) const override {
    if (StringRef refusal = refusalFor(op); !refusal.empty())
      return rewriter.notifyMatchFailure(op, refusal);
    if (!op.getSymbolOperands().empty())
      return rewriter.notifyMatchFailure(op, "the layout has symbols");
    if (!op.getType().getLayout().isIdentity())
      return rewriter.notifyMatchFailure(op, "the layout is not the identity");
    rewriter.replaceOpWithNewOp<tfmrt::AllocOp>(op, op.getType(), tfmrt::getEnclosingRunContext(op),
                                                op.getDynamicSizes(), op.getAlignmentAttr());
    return success();
  }
};

struct DeallocToTfmrt : OpRewritePattern<memref::DeallocOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::DeallocOp op, PatternRewriter &rewriter) const override {
    BlockArgument runContext = tfmrt::getEnclosingRunContext(op);
    if (!runContext)
      return rewriter.notifyMatchFailure(op, "in a function without a tfmrt.run_context argument");
    rewriter.replaceOpWithNewOp<tfmrt::DeallocOp>(op, runContext, op.getMemref());
    return success();
  }
};

struct TfmrtAllocateInRunContextPass
    : tfm::impl::TfmrtAllocateInRunContextBase<TfmrtAllocateInRunContextPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    tfm::populateTfmrtAllocateInRunContextPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    WalkResult left = getOperation().walk([&](Operation *op) {
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        StringRef refusal = refusalFor(op);
        alloc.emitError("tfmrt-allocate-in-run-context: cannot allocate ")
            << alloc.getType() << " "
            << (refusal.empty() ? StringRef("with a layout other than the identity") : refusal);
        return WalkResult::interrupt();
      }
      if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        dealloc.emitError("tfmrt-allocate-in-run-context: cannot free a buffer in a function "
                          "without a tfmrt.run_context argument");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void mlir::tfm::populateTfmrtAllocateInRunContextPatterns(RewritePatternSet &patterns) {
  patterns.add<AllocToTfmrt, DeallocToTfmrt>(patterns.getContext());
}
