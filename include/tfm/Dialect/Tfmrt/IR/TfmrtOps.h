//===- TfmrtOps.h - calls of libtfmrt kernels as operations -----*- C++ -*-===//

#ifndef TFM_DIALECT_TFMRT_IR_TFMRTOPS_H
#define TFM_DIALECT_TFMRT_IR_TFMRTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tfm/Dialect/Tfmrt/IR/TfmrtDialect.h.inc"

namespace mlir {
class FunctionOpInterface;
} // namespace mlir

namespace mlir::tfmrt {
/// The argument of `function` marked `tfmrt.run_context`, or null if it has
/// none (or is a declaration).
BlockArgument getRunContextArgument(FunctionOpInterface function);
/// The run context argument of the function enclosing `op`, or null if it
/// has none.
BlockArgument getEnclosingRunContext(Operation *op);

/// The memory effects of a kernel operation whose destination is `init`: on
/// buffers it reads its inputs and writes `init`; on tensors it has none.
void getKernelEffects(Operation *op, Value init,
                      SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects);
} // namespace mlir::tfmrt

#define GET_OP_CLASSES
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h.inc"

namespace mlir {
class DialectRegistry;
namespace tfmrt {

/// Registers the kernel operations' bufferization (one-shot bufferize turns
/// them into the same operations on buffers).
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);

} // namespace tfmrt
} // namespace mlir

#endif // TFM_DIALECT_TFMRT_IR_TFMRTOPS_H
