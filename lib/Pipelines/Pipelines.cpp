//===- Pipelines.cpp - end-to-end pass pipelines --------------------------===//

#include "tfm/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

std::string mlir::tfm::getTfmBindWeightsPipeline() {
  return "tfm-pretranspose-weights,tfm-params-to-arguments";
}

std::string mlir::tfm::getTfmLowerToLlvmPipeline(const TfmToLlvmOptions &options) {
  // Register tiles keep their accumulators in about half the vector
  // registers: 6 rows x 2 vectors of 8 with AVX2's 16, 8 rows x 2 vectors of
  // 16 with AVX-512's 32.
  int64_t lanes = options.vectorBits / 32;
  int64_t rows = options.vectorBits >= 512 ? 8 : 6;
  std::string tiles = "{register-tile-m=" + std::to_string(rows) +
                      " register-tile-n=" + std::to_string(2 * lanes) + " register-tile-k=16}";
  // Kept as text so that every stage can be reproduced with tfm-opt flags.
  return "func.func(tfm-fuse-masked-softmax),"
         "func.func(tfm-to-linalg,canonicalize,cse,"
         "tfm-tile-and-vectorize" + tiles + ",canonicalize,cse),"
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=identity-layout-map},"
         "buffer-deallocation-pipeline,"
         // The deallocation pipeline returns a clone of a buffer the function
         // does not own (an argument, or a weight, returned as is); the caller
         // takes ownership of the copy.
         "convert-bufferization-to-memref,"
         "func.func(tfm-hoist-vector-transfers,canonicalize),"
         "scf-forall-to-parallel,"
         "func.func(convert-linalg-to-loops),"
         "convert-vector-to-scf{full-unroll=true},"
         "lower-affine,"
         "convert-scf-to-openmp,"
         "canonicalize,"
         "convert-scf-to-cf,"
         "tfm-approximate-math,"
         "expand-strided-metadata,"
         "lower-affine,"
         "convert-vector-to-llvm,"
         "convert-math-to-llvm,"
         "convert-math-to-libm,"
         "finalize-memref-to-llvm{use-aligned-alloc=true use-generic-functions=true},"
         "convert-arith-to-llvm,"
         "convert-index-to-llvm,"
         "convert-openmp-to-llvm,"
         "convert-cf-to-llvm,"
         "convert-func-to-llvm,"
         "reconcile-unrealized-casts";
}

std::string mlir::tfm::getTfmToLlvmPipeline(const TfmToLlvmOptions &options) {
  return getTfmBindWeightsPipeline() + "," + getTfmLowerToLlvmPipeline(options);
}

LogicalResult mlir::tfm::buildTfmToLlvmPipeline(OpPassManager &pm,
                                                const TfmToLlvmOptions &options) {
  return parsePassPipeline(getTfmToLlvmPipeline(options), pm);
}

void mlir::tfm::registerTfmPipelines() {
  PassPipelineRegistration<>(
      "tfm-to-llvm",
      "Lower a tfm model to the LLVM dialect: fusions, weights to arguments, "
      "tfm to linalg, bufferization, loops, LLVM",
      [](OpPassManager &pm) {
        if (failed(buildTfmToLlvmPipeline(pm)))
          llvm::report_fatal_error("tfm-to-llvm: malformed built-in pipeline");
      });
}
