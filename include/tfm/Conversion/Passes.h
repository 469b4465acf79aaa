//===- Passes.h - lowerings out of the tfm dialect --------------*- C++ -*-===//

#ifndef TFM_CONVERSION_PASSES_H
#define TFM_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

namespace mlir {
class LLVMTypeConverter;
class RewritePatternSet;
namespace tfm {

#define GEN_PASS_DECL
#include "tfm/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfm/Conversion/Passes.h.inc"

/// Patterns lowering every tfm op but tfm.param to linalg/tensor/arith/math.
void populateTfmToLinalgPatterns(RewritePatternSet &patterns);

/// Patterns lowering the tfm losses (tfm.cross_entropy) to
/// linalg/tensor/arith/math; part of populateTfmToLinalgPatterns.
void populateTfmLossLoweringPatterns(RewritePatternSet &patterns);

/// Patterns lowering f32 tfm.linear, tfm.matmul, tfm.layer_norm and
/// tfm.softmax to tfmrt kernel operations (the dnnl backend).
void populateTfmToDnnlPatterns(RewritePatternSet &patterns);

/// Patterns lowering f32 tfm.attention to tfmrt.attention (both backends).
void populateTfmLowerAttentionPatterns(RewritePatternSet &patterns);

/// Patterns replacing each tfmrt kernel operation on buffers by a call of its
/// libtfmrt kernel.
void populateTfmrtToCallsPatterns(RewritePatternSet &patterns);

/// Patterns replacing memref.alloc and memref.dealloc in functions with a
/// run context by tfmrt.alloc and tfmrt.dealloc on it.
void populateTfmrtAllocateInRunContextPatterns(RewritePatternSet &patterns);

/// Patterns lowering tfmrt.alloc and tfmrt.dealloc to calls of tfmrt_alloc
/// and tfmrt_free.
void populateTfmrtHeapToLLVMPatterns(LLVMTypeConverter &converter, RewritePatternSet &patterns);

} // namespace tfm
} // namespace mlir

#endif // TFM_CONVERSION_PASSES_H
