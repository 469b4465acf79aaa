//===- TfmrtOps.cpp - calls of libtfmrt kernels as operations -------------===//

#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"
#include "tfm/Runtime/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::tfmrt;

#include "tfm/Dialect/Tfmrt/IR/TfmrtDialect.cpp.inc"

void TfmrtDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.cpp.inc"

//===----------------------------------------------------------------------===//
// The run context argument
//===----------------------------------------------------------------------===//

BlockArgument mlir::tfmrt::getRunContextArgument(FunctionOpInterface function) {
  if (function.isExternal())
    return nullptr;
  for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i)
    if (function.getArgAttr(i, TfmrtDialect::getRunContextAttrName()))
      return function.getArgument(i);
  return nullptr;
}

BlockArgument mlir::tfmrt::getEnclosingRunContext(Operation *op) {
  auto function = op->getParentOfType<FunctionOpInterface>();
  return function ? getRunContextArgument(function) : nullptr;
}

LogicalResult TfmrtDialect::verifyRegionArgAttribute(Operation *op, unsigned regionIndex,
                                                     unsigned argIndex, NamedAttribute attribute) {
  StringRef name = getRunContextAttrName();
  if (attribute.getName() != name)
    return op->emitError("'") << attribute.getName().getValue()
                              << "' is not an argument attribute of the tfmrt dialect";
  if (!isa<UnitAttr>(attribute.getValue()))
    return op->emitError("'") << name << "' must be a unit attribute";
  auto function = dyn_cast<FunctionOpInterface>(op);
  if (!function || regionIndex != 0)
    return op->emitError("'") << name << "' marks arguments of functions only";
  Type type = function.getArgumentTypes()[argIndex];
  if (!isa<LLVM::LLVMPointerType>(type))
    return op->emitError("'") << name << "' marks argument #" << argIndex << " of type " << type
                              << "; the run context is an !llvm.ptr";
  for (unsigned i = 0; i < argIndex; ++i)
    if (function.getArgAttr(i, name))
      return op->emitError("arguments #") << i << " and #" << argIndex << " are both marked '"
                                          << name << "'; a function has one run context";
  return success();
}

LogicalResult TfmrtDialect::verifyRegionResultAttribute(Operation *op, unsigned, unsigned,
                                                        NamedAttribute attribute) {
  return op->emitError("'") << attribute.getName().getValue()
                            << "' on a result: the tfmrt dialect has no result attributes";
}

LogicalResult TfmrtDialect::verifyOperationAttribute(Operation *op, NamedAttribute attribute) {
  if (attribute.getName() == getRunContextAttrName())
    return op->emitError("'") << attribute.getName().getValue()
                              << "' marks a function argument, not an operation";
  return op->emitError("'") << attribute.getName().getValue()
                            << "' is not an attribute of the tfmrt dialect";
}

//===----------------------------------------------------------------------===//
// What every kernel requires
//===----------------------------------------------------------------------===//

namespace {

int64_t rankOf(Value value) { return cast<ShapedType>(value.getType()).getRank(); }

/// f32 operands (but `index`, a rank-0 i64 one), all tensors or all
/// buffers, and a result exactly when the destination is a tensor, of its
/// type.
LogicalResult verifyKernel(Operation *op, Value init, Value index = {}) {
  bool onTensors = isa<RankedTensorType>(init.getType());
  for (Value operand : op->getOperands()) {
    // Scalars (a layer number) are passed to the kernel as they are.
    if (operand.getType().isIndex())
      continue;
    auto type = dyn_cast<ShapedType>(operand.getType());
    if (operand == index) {
      if (!type || !type.hasRank() || type.getRank() != 0 ||
          !type.getElementType().isInteger(64))
        return op->emitOpError("expects a rank-0 i64 tensor or buffer, got ")
               << operand.getType();
    } else if (!type || !type.hasRank() || !type.getElementType().isF32()) {
      return op->emitOpError("operands must be ranked f32 tensors or buffers, got ")
             << operand.getType();
    }
    if (isa<RankedTensorType>(type) != onTensors)
      return op->emitOpError("operands must be all tensors or all buffers");
  }
  if (onTensors && (op->getNumResults() != 1 || op->getResult(0).getType() != init.getType()))
    return op->emitOpError("on tensors has one result, of the destination's type ")
           << init.getType();
  if (!onTensors && op->getNumResults() != 0)
    return op->emitOpError("on buffers has no result");
  return success();
}

Value i64Constant(OpBuilder &builder, Location loc, int64_t value) {
  return builder.create<arith::ConstantIntOp>(loc, value, 64);
}

Value f64Constant(OpBuilder &builder, Location loc, double value) {
  return builder.create<arith::ConstantFloatOp>(loc, APFloat(value), builder.getF64Type());
}

} // namespace

void mlir::tfmrt::getKernelEffects(
    Operation *op, Value init,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (operand.get() == init) {
      if (isa<KvCacheWriteOp>(op))
        effects.emplace_back(MemoryEffects::Read::get(), &operand,
                             SideEffects::DefaultResource::get());
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    } else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

//===----------------------------------------------------------------------===//
// linear
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::verify() {
  if (failed(verifyKernel(*this, getInit())))
    return failure();
  int64_t flags = getFlags();
  const int64_t known = TFMRT_ACTIVATION_MASK | TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS |
                        TFMRT_LINEAR_RESIDUAL | TFMRT_LINEAR_BF16 | TFMRT_LINEAR_INT8 |
                        TFMRT_LINEAR_INT8_PER_TENSOR;
  if ((flags & ~known) || (flags & TFMRT_ACTIVATION_MASK) > TFMRT_ACTIVATION_LAST)
    return emitOpError("flags ") << flags << " has bits tfmrt_linear does not know";
  if ((flags & TFMRT_LINEAR_BF16) && (flags & TFMRT_LINEAR_INT8))
    return emitOpError("flags TFMRT_LINEAR_BF16 (0x80) and TFMRT_LINEAR_INT8 (0x200) exclude "
                       "each other");
  if ((flags & TFMRT_LINEAR_INT8_PER_TENSOR) && !(flags & TFMRT_LINEAR_INT8))
    return emitOpError("flag TFMRT_LINEAR_INT8_PER_TENSOR (0x400) needs TFMRT_LINEAR_INT8 "
                       "(0x200)");
  if (bool(flags & TFMRT_LINEAR_BIAS) != bool(getBias()))
    return emitOpError("flag TFMRT_LINEAR_BIAS (0x20) must be set exactly when a bias is given");
  if (bool(flags & TFMRT_LINEAR_RESIDUAL) != bool(getResidual()))
    return emitOpError(
        "flag TFMRT_LINEAR_RESIDUAL (0x40) must be set exactly when a residual is given");
  int64_t rank = rankOf(getInput());
  if (rank < 1 || rankOf(getWeight()) != 2 || rankOf(getInit()) != rank ||
      (getBias() && rankOf(getBias()) != 1) || (getResidual() && rankOf(getResidual()) != rank))
    return emitOpError("expects input and destination of one rank >= 1, a rank-2 weight, a "
                       "rank-1 bias and a residual of the destination's rank");
  return success();
}

StringRef LinearOp::getKernelName() { return "tfmrt_linear"; }

SmallVector<Value> LinearOp::getKernelArguments(OpBuilder &builder,
                                                function_ref<Value(Value)> memref) {
  // Absent operands are passed as the input, which the kernel then ignores:
  // one declaration serves every variant.
  Value input = memref(getInput());
  return {input,
          memref(getWeight()),
          getBias() ? memref(getBias()) : input,
          getResidual() ? memref(getResidual()) : input,
          memref(getInit()),
          i64Constant(builder, getLoc(), getFlags())};
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  if (failed(verifyKernel(*this, getInit())))
    return failure();
  int64_t rank = rankOf(getLhs());
  if (rank < 2 || rankOf(getRhs()) != rank || rankOf(getInit()) != rank)
    return emitOpError("expects operands and destination of one rank >= 2");
  return success();
}

StringRef MatmulOp::getKernelName() { return "tfmrt_matmul"; }

SmallVector<Value> MatmulOp::getKernelArguments(OpBuilder &builder,
                                                function_ref<Value(Value)> memref) {
  return {memref(getLhs()), memref(getRhs()), memref(getInit()),
          i64Constant(builder, getLoc(), getTransposeRhs() ? 1 : 0)};
}

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

LogicalResult LayerNormOp::verify() {
  if (failed(verifyKernel(*this, getInit())))
    return failure();
  int64_t rank = rankOf(getInput());
  if (rank < 1 || rankOf(getInit()) != rank || rankOf(getGamma()) != 1 ||
      rankOf(getBeta()) != 1)
    return emitOpError("expects input and destination of one rank >= 1 and rank-1 gamma and "
                       "beta");
  if (!(getEpsilon().convertToDouble() > 0))
    return emitOpError("epsilon must be positive");
  return success();
}

StringRef LayerNormOp::getKernelName() { return "tfmrt_layer_norm"; }

SmallVector<Value> LayerNormOp::getKernelArguments(OpBuilder &builder,
                                                   function_ref<Value(Value)> memref) {
  return {memref(getInput()), memref(getGamma()), memref(getBeta()), memref(getInit()),
          f64Constant(builder, getLoc(), getEpsilon().convertToDouble())};
}

//===----------------------------------------------------------------------===//
// softmax
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  if (failed(verifyKernel(*this, getInit())))
    return failure();
  if (rankOf(getInput()) < 1 || rankOf(getInit()) != rankOf(getInput()))
    return emitOpError("expects input and destination of one rank >= 1");
  return success();
}

StringRef SoftmaxOp::getKernelName() { return "tfmrt_softmax"; }

SmallVector<Value> SoftmaxOp::getKernelArguments(OpBuilder &builder,
                                                 function_ref<Value(Value)> memref) {
  return {memref(getInput()), memref(getInit())};
}

//===----------------------------------------------------------------------===//
// attention
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  if (failed(verifyKernel(*this, getInit())))
    return failure();
  if (rankOf(getQuery()) != 3 || rankOf(getKey()) != 3 || rankOf(getValue()) != 3 ||
      rankOf(getInit()) != 3)
    return emitOpError("expects rank-3 query, key, value and destination");
  int64_t heads = getNumHeads();
  int64_t width = cast<ShapedType>(getQuery().getType()).getDimSize(2);
  if (heads < 1 || (!ShapedType::isDynamic(width) && width % heads != 0))
    return emitOpError("heads ") << heads << " must be positive and divide the width " << width;
  int64_t kind = getMaskKind();
  if (kind != TFMRT_MASK_NONE && kind != TFMRT_MASK_CAUSAL && kind != TFMRT_MASK_ADDITIVE)
    return emitOpError("mask_kind ") << kind << " is not 0 (none), 1 (causal) or 2 (additive)";
  if ((kind == TFMRT_MASK_ADDITIVE) != bool(getMask()))
    return emitOpError("a mask is given exactly when mask_kind is 2 (additive)");
  return success();
}

StringRef AttentionOp::getKernelName() { return "tfmrt_attention"; }

SmallVector<Value> AttentionOp::getKernelArguments(OpBuilder &builder,
                                                   function_ref<Value(Value)> memref) {
  Value query = memref(getQuery());
  // Without an additive mask the kernel ignores its mask argument.
  return {query,
          memref(getKey()),
          memref(getValue()),
          getMask() ? memref(getMask()) : query,
          memref(getInit()),
          i64Constant(builder, getLoc(), getNumHeads()),
          f64Constant(builder, getLoc(), getScale().convertToDouble()),
          i64Constant(builder, getLoc(), getMaskKind()),
          i64Constant(builder, getLoc(), getBf16() ? 1 : 0)};
}

//===----------------------------------------------------------------------===//
// kv_cache_write
//===----------------------------------------------------------------------===//

LogicalResult KvCacheWriteOp::verify() {
  if (failed(verifyKernel(*this, getInit(), getPosition())))
    return failure();
  if (rankOf(getKey()) != 3 || rankOf(getValue()) != 3 || rankOf(getInit()) != 5)
    return emitOpError("expects rank-3 key and value and a rank-5 cache");
  return success();
}

StringRef KvCacheWriteOp::getKernelName() { return "tfmrt_kv_cache_write"; }

SmallVector<Value> KvCacheWriteOp::getKernelArguments(OpBuilder &builder,
                                                      function_ref<Value(Value)> memref) {
  return {memref(getKey()), memref(getValue()), memref(getPosition()), memref(getInit()),
          builder.create<arith::IndexCastOp>(getLoc(), builder.getI64Type(), getLayer())};
}

//===----------------------------------------------------------------------===//
// The run's heap
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::verify() {
  MemRefType type = getType();
  if (static_cast<int64_t>(getDynamicSizes().size()) != type.getNumDynamicDims())
    return emitOpError("has ") << getDynamicSizes().size() << " dynamic sizes for " << type
                               << ", which has " << type.getNumDynamicDims();
  // tfmrt_alloc's caller builds the descriptor from sizes alone.
  if (!type.getLayout().isIdentity())
    return emitOpError("allocates a buffer of identity layout, not ") << type;
  if (std::optional<uint64_t> alignment = getAlignment();
      alignment && (*alignment == 0 || !llvm::isPowerOf2_64(*alignment)))
    return emitOpError("alignment must be a power of 2, not ") << *alignment;
  return success();
}

//===----------------------------------------------------------------------===//
// Bufferization
//===----------------------------------------------------------------------===//

namespace {

/// A kernel operation on tensors becomes the same operation on the
/// operands' buffers, writing the destination's buffer.
template <typename OpTy>
struct KernelOpBufferization
    : bufferization::DstBufferizableOpInterfaceExternalModel<KernelOpBufferization<OpTy>, OpTy> {
  /// The kernels overwrite the whole destination without reading it, but
  /// the KV cache's, which keeps the rows it does not write.
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const bufferization::AnalysisState &state) const {
    return isa<KvCacheWriteOp>(op) || !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const bufferization::BufferizationOptions &options) const {
    SmallVector<Value> buffers;
    for (Value operand : op->getOperands()) {
      if (!isa<TensorType>(operand.getType())) {
        buffers.push_back(operand);
        continue;
      }
      FailureOr<Value> buffer = bufferization::getBuffer(rewriter, operand, options);
      if (failed(buffer))
        return failure();
      buffers.push_back(*buffer);
    }
    OperationState state(op->getLoc(), op->getName(), buffers, TypeRange(),
                         op->getDiscardableAttrDictionary().getValue());
    state.propertiesAttr = op->getPropertiesAsAttribute();
    rewriter.setInsertionPoint(op);
    rewriter.create(state);
    Value init = buffers[cast<DestinationStyleOpInterface>(op).getDpsInitOperand(0)
                             ->getOperandNumber()];
    bufferization::replaceOpWithBufferizedValues(rewriter, op, init);
    return success();
  }
};

} // namespace

void mlir::tfmrt::registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, TfmrtDialect *) {
    LinearOp::attachInterface<KernelOpBufferization<LinearOp>>(*context);
    MatmulOp::attachInterface<KernelOpBufferization<MatmulOp>>(*context);
    LayerNormOp::attachInterface<KernelOpBufferization<LayerNormOp>>(*context);
    SoftmaxOp::attachInterface<KernelOpBufferization<SoftmaxOp>>(*context);
    AttentionOp::attachInterface<KernelOpBufferization<AttentionOp>>(*context);
    KvCacheWriteOp::attachInterface<KernelOpBufferization<KvCacheWriteOp>>(*context);
  });
}
