//===- Pipelines.h - end-to-end pass pipelines ------------------*- C++ -*-===//

#ifndef TFM_PIPELINES_PIPELINES_H
#define TFM_PIPELINES_PIPELINES_H

#include "tfm/Conversion/ModelToLLVM/ModelDescriptor.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/Pass/PassManager.h"

#include <optional>

namespace mlir::tfm {

/// What code generation needs to know about the target.
/// Where matrix products, normalisations and softmaxes run: code generated
/// through linalg and vector (`llvm`), or oneDNN primitives called in libtfmrt
/// (`dnnl`). Attention runs in libtfmrt's FlashAttention kernel with both.
enum class Backend { Llvm, Dnnl };

/// `llvm` or `dnnl`; nullopt for another name.
std::optional<Backend> parseBackend(llvm::StringRef name);

/// `f32`, `bf16` or `int8` (tfm-compile's --precision).
std::optional<Precision> parsePrecision(llvm::StringRef name);

struct TfmToLlvmOptions {
  Backend backend = Backend::Dnnl;
  /// What linears and attention compute with (tfm-set-precision); lower than
  /// f32 only on the dnnl backend.
  Precision precision = Precision::f32;
  /// SIMD register width in bits: 256 (AVX2, 16 registers) or 512 (AVX-512,
  /// 32 registers). It sizes the matmul register tiles.
  int64_t vectorBits = 256;
};

/// The pipeline `tfm-opt --tfm-to-llvm` runs on a module: the weight-binding
/// stage followed by the lowering stage. tfm-compile (lib/Compiler) runs the
/// two separately, reading the model's interface in between.
void buildTfmToLlvmPipeline(OpPassManager &pm, const TfmToLlvmOptions &options = {});

/// Weights become transposed-where-useful function arguments, then the
/// fusions; with the dnnl backend, linear weights are marked for packing at
/// load (their kernel, which sets their layout, is known after the fusions).
void buildTfmBindWeightsPipeline(OpPassManager &pm, const TfmToLlvmOptions &options = {});

/// Everything after weight binding: runtime kernel calls, tfm to linalg,
/// tiling and vectorization, bufferization, LLVM.
void buildTfmLowerToLlvmPipeline(OpPassManager &pm, const TfmToLlvmOptions &options = {});

/// Registers `--tfm-to-llvm` with the pass registry (for tfm-opt).
void registerTfmPipelines();

} // namespace mlir::tfm

#endif // TFM_PIPELINES_PIPELINES_H
