//===- Pipelines.cpp - end-to-end pass pipelines --------------------------===//

#include "tfm/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

std::optional<tfm::Backend> mlir::tfm::parseBackend(llvm::StringRef name) {
  if (name == "llvm")
    return Backend::Llvm;
  if (name == "dnnl")
    return Backend::Dnnl;
  return std::nullopt;
}

std::string mlir::tfm::getTfmBindWeightsPipeline(Backend backend) {
  // The fusions come first: a linear's bias, activation and residual choose
  // the oneDNN kernel, and so the layout its weight is packed into at load.
  std::string fusions = "tfm-fuse-masked-softmax,tfm-fuse-attention,tfm-fuse-linear";
  // oneDNN reads nn.Linear's [out, in] weights in place (as a transposed
  // operand); generated contractions want [in, out], made once at load.
  if (backend == Backend::Dnnl)
    return "tfm-params-to-arguments,func.func(" + fusions + ",tfm-mark-prepacked-weights)";
  return "tfm-pretranspose-weights,tfm-params-to-arguments,func.func(" + fusions + ")";
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
  std::string runtimeCalls = options.backend == Backend::Dnnl
                                 ? "tfm-lower-attention,tfm-to-dnnl,"
                                 : "tfm-lower-attention,";
  return runtimeCalls +
         "func.func(tfm-to-linalg,canonicalize,cse,"
         "tfm-tile-and-vectorize" + tiles + ",canonicalize,cse),"
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=identity-layout-map},"
         "buffer-deallocation-pipeline,"
         "func.func(tfm-deallocate-early),"
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
  return getTfmBindWeightsPipeline(options.backend) + "," +
         getTfmLowerToLlvmPipeline(options);
}

LogicalResult mlir::tfm::buildTfmToLlvmPipeline(OpPassManager &pm,
                                                const TfmToLlvmOptions &options) {
  return parsePassPipeline(getTfmToLlvmPipeline(options), pm);
}

namespace {
struct TfmToLlvmPipelineOptions : PassPipelineOptions<TfmToLlvmPipelineOptions> {
  Option<tfm::Backend> backend{
      *this, "backend", llvm::cl::desc("Where products, normalisations and softmaxes run"),
      llvm::cl::init(tfm::Backend::Dnnl),
      llvm::cl::values(
          clEnumValN(tfm::Backend::Dnnl, "dnnl", "oneDNN kernels in libtfmrt"),
          clEnumValN(tfm::Backend::Llvm, "llvm", "code generated through linalg and vector"))};
  Option<int64_t> vectorBits{*this, "vector-bits",
                             llvm::cl::desc("SIMD width that sizes the llvm backend's "
                                            "register tiles: 256 or 512"),
                             llvm::cl::init(256)};
};
} // namespace

void mlir::tfm::registerTfmPipelines() {
  PassPipelineRegistration<TfmToLlvmPipelineOptions>(
      "tfm-to-llvm",
      "Lower a tfm model to the LLVM dialect: weights to arguments, fusions, "
      "runtime kernel calls (attention; with backend=dnnl also products, "
      "normalisations, softmaxes), tfm to linalg, bufferization, loops, LLVM",
      [](OpPassManager &pm, const TfmToLlvmPipelineOptions &pipelineOptions) {
        TfmToLlvmOptions options;
        options.backend = pipelineOptions.backend;
        options.vectorBits = pipelineOptions.vectorBits;
        if (failed(buildTfmToLlvmPipeline(pm, options)))
          llvm::report_fatal_error("tfm-to-llvm: malformed built-in pipeline");
      });
}
