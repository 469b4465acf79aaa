//===- TfmToDnnl.cpp - the dnnl backend's lowering to runtime calls -------===//

#include "RuntimeCalls.h"

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Runtime/Kernels.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMTODNNL
#define GEN_PASS_DEF_TFMMARKPREPACKEDWEIGHTS
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

bool allF32(Operation *op) {
  return llvm::all_of(op->getOperands(), isF32Tensor) &&
         llvm::all_of(op->getResults(), isF32Tensor);
}

int64_t activationFlag(Activation activation) {
  switch (activation) {
  case Activation::none:
    return TFMRT_ACTIVATION_NONE;
  case Activation::gelu_tanh:
    return TFMRT_ACTIVATION_GELU_TANH;
  case Activation::gelu_erf:
    return TFMRT_ACTIVATION_GELU_ERF;
  case Activation::tanh:
    return TFMRT_ACTIVATION_TANH;
  }
  llvm_unreachable("unknown activation");
}

/// The tfmrt_linear flags that describe `op` to the kernel.
int64_t linearKernelFlags(LinearOp op) {
  int64_t flags = activationFlag(op.getActivation());
  if (op.getLayout() == WeightLayout::out_in)
    flags |= TFMRT_LINEAR_WEIGHT_OUT_IN;
  if (op.getBias())
    flags |= TFMRT_LINEAR_BIAS;
  if (op.getResidual())
    flags |= TFMRT_LINEAR_RESIDUAL;
  return flags;
}

Value lowerLinear(RuntimeCallBuilder &calls, LinearOp op) {
  Value input = calls.operand(op.getInput());
  // Absent operands are still passed (the input, ignored by the kernel), so
  // that one declaration serves every variant.
  Value bias = op.getBias() ? calls.operand(op.getBias()) : input;
  Value residual = op.getResidual() ? calls.operand(op.getResidual()) : input;
  int64_t flags = linearKernelFlags(op);
  auto resultType = cast<RankedTensorType>(op.getType());
  Value result = calls.allocate(resultType, op.getInput());
  return calls.call("tfmrt_linear",
                    {input, calls.operand(op.getWeight()), bias, residual, Value(),
                     calls.i64(flags)},
                    result);
}

Value lowerMatmul(OpBuilder &builder, RuntimeCallBuilder &calls, MatmulOp op) {
  auto resultType = cast<RankedTensorType>(op.getType());
  int64_t rank = resultType.getRank();
  // Every dimension but the last comes from the lhs; the last from the rhs.
  int64_t rhsColumns = op.getTransposeRhs() ? rank - 2 : rank - 1;
  Value columns = builder.create<tensor::DimOp>(op.getLoc(), op.getRhs(), rhsColumns);
  Value result = calls.allocate(resultType, op.getLhs(), {{rank - 1, columns}});
  return calls.call("tfmrt_matmul",
                    {calls.operand(op.getLhs()), calls.operand(op.getRhs()), Value(),
                     calls.i64(op.getTransposeRhs() ? 1 : 0)},
                    result);
}

Value lowerLayerNorm(RuntimeCallBuilder &calls, LayerNormOp op) {
  Value result = calls.allocate(cast<RankedTensorType>(op.getType()), op.getInput());
  return calls.call("tfmrt_layer_norm",
                    {calls.operand(op.getInput()), calls.operand(op.getGamma()),
                     calls.operand(op.getBeta()), Value(),
                     calls.f64(op.getEpsilon().convertToDouble())},
                    result);
}

Value lowerSoftmax(RuntimeCallBuilder &calls, SoftmaxOp op) {
  Value result = calls.allocate(cast<RankedTensorType>(op.getType()), op.getInput());
  return calls.call("tfmrt_softmax", {calls.operand(op.getInput()), Value()}, result);
}

struct TfmToDnnlPass : tfm::impl::TfmToDnnlBase<TfmToDnnlPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> candidates;
    module.walk([&](Operation *op) {
      if (isa<LinearOp, MatmulOp, LayerNormOp, SoftmaxOp>(op) && allF32(op))
        candidates.push_back(op);
    });
    OpBuilder builder(&getContext());
    for (Operation *op : candidates) {
      builder.setInsertionPoint(op);
      RuntimeCallBuilder calls(module, builder, op->getLoc());
      Value replacement =
          llvm::TypeSwitch<Operation *, Value>(op)
              .Case([&](LinearOp linear) { return lowerLinear(calls, linear); })
              .Case([&](MatmulOp matmul) { return lowerMatmul(builder, calls, matmul); })
              .Case([&](LayerNormOp norm) { return lowerLayerNorm(calls, norm); })
              .Case([&](SoftmaxOp softmax) { return lowerSoftmax(calls, softmax); });
      // The kernels produce the op's static shape; the tensor type may be
      // more static than the buffer's (never less), so cast when needed.
      if (replacement.getType() != op->getResult(0).getType())
        replacement = builder.create<tensor::CastOp>(op->getLoc(), op->getResult(0).getType(),
                                                     replacement);
      op->getResult(0).replaceAllUsesWith(replacement);
      op->erase();
    }
  }
};

} // namespace

namespace {

struct TfmMarkPrepackedWeightsPass
    : tfm::impl::TfmMarkPrepackedWeightsBase<TfmMarkPrepackedWeightsPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    Builder builder(&getContext());
    function.walk([&](LinearOp linear) {
      auto argument = dyn_cast<BlockArgument>(linear.getWeight());
      if (!argument || argument.getOwner()->getParentOp() != function || !allF32(linear) ||
          !function.getArgAttr(argument.getArgNumber(), "tfm.param"))
        return;
      // A weight two linears read keeps its first mark; the kernel makes the
      // other's copy on first use.
      if (function.getArgAttr(argument.getArgNumber(), "tfm.prepack"))
        return;
      function.setArgAttr(argument.getArgNumber(), "tfm.prepack",
                          builder.getI64IntegerAttr(linearKernelFlags(linear)));
    });
  }
};

} // namespace
