//===- HeapToLLVM.cpp - tfmrt.alloc and tfmrt.dealloc to runtime calls ----===//

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMRTHEAPTOLLVM
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

/// tfmrt.alloc: tfmrt_alloc(context, alignment, bytes) and a descriptor of
/// the identity layout around the (already aligned) pointer it returns.
struct AllocToCall : ConvertOpToLLVMPattern<tfmrt::AllocOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult matchAndRewrite(tfmrt::AllocOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    MemRefType type = op.getType();
    if (!isConvertibleAndHasIdentityMaps(type) || !getTypeConverter()->convertType(type))
      return rewriter.notifyMatchFailure(op, "no LLVM descriptor of the identity layout");
    auto module = op->getParentOfType<ModuleOp>();
    if (!module)
      return rewriter.notifyMatchFailure(op, "not in a module that can declare tfmrt_alloc");
    Location loc = op.getLoc();
    SmallVector<Value, 4> sizes, strides;
    Value bytes;
    getMemRefDescriptorSizes(loc, type, adaptor.getDynamicSizes(), rewriter, sizes, strides,
                             bytes);
    Type i64 = rewriter.getI64Type();
    Type pointerType = LLVM::LLVMPointerType::get(rewriter.getContext());
    LLVM::LLVMFuncOp function =
        LLVM::lookupOrCreateFn(module, "tfmrt_alloc", {pointerType, i64, i64}, pointerType);
    Value alignment = rewriter.create<LLVM::ConstantOp>(
        loc, i64, static_cast<int64_t>(op.getAlignment().value_or(0)));
    Value pointer = rewriter
                        .create<LLVM::CallOp>(loc, function,
                                              ValueRange{adaptor.getContext(), alignment, bytes})
                        .getResult();
    Value descriptor =
        createMemRefDescriptor(loc, type, pointer, pointer, sizes, strides, rewriter);
    rewriter.replaceOp(op, descriptor);
    return success();
  }
};

/// tfmrt.dealloc: tfmrt_free(context, allocated pointer).
struct DeallocToCall : ConvertOpToLLVMPattern<tfmrt::DeallocOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult matchAndRewrite(tfmrt::DeallocOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto module = op->getParentOfType<ModuleOp>();
    if (!module)
      return rewriter.notifyMatchFailure(op, "not in a module that can declare tfmrt_free");
    Location loc = op.getLoc();
    Type pointerType = LLVM::LLVMPointerType::get(rewriter.getContext());
    LLVM::LLVMFuncOp function =
        LLVM::lookupOrCreateFn(module, "tfmrt_free", {pointerType, pointerType},
                               LLVM::LLVMVoidType::get(rewriter.getContext()));
    Value allocated = MemRefDescriptor(adaptor.getMemref()).allocatedPtr(rewriter, loc);
    rewriter.replaceOpWithNewOp<LLVM::CallOp>(op, function,
                                              ValueRange{adaptor.getContext(), allocated});
    return success();
  }
};

struct TfmrtHeapToLLVMPass : tfm::impl::TfmrtHeapToLLVMBase<TfmrtHeapToLLVMPass> {
  void runOnOperation() override {
    LLVMTypeConverter converter(&getContext());
    RewritePatternSet patterns(&getContext());
    tfm::populateTfmrtHeapToLLVMPatterns(converter, patterns);
    ConversionTarget target(getContext());
    target.addIllegalOp<tfmrt::AllocOp, tfmrt::DeallocOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::tfm::populateTfmrtHeapToLLVMPatterns(LLVMTypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<AllocToCall, DeallocToCall>(converter);
}
