//===- Pipelines.cpp - end-to-end pass pipelines --------------------------===//
//
// The pipelines are built from typed pass constructors and option structs,
// so that a misspelt pass or option is a compile error, not a run-time one.
// Each stage can still be reproduced with tfm-opt flags: the comments give
// the textual name of every pass.
//
//===----------------------------------------------------------------------===//

#include "tfm/Pipelines/Pipelines.h"

#include "tfm/Codegen/Passes.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

std::optional<tfm::Backend> mlir::tfm::parseBackend(llvm::StringRef name) {
  if (name == "llvm")
    return Backend::Llvm;
  if (name == "dnnl")
    return Backend::Dnnl;
  return std::nullopt;
}

std::optional<tfm::Precision> mlir::tfm::parsePrecision(llvm::StringRef name) {
  return symbolizePrecision(name);
}

void mlir::tfm::buildTfmBindWeightsPipeline(OpPassManager &pm, const TfmToLlvmOptions &options) {
  Backend backend = options.backend;
  // oneDNN reads nn.Linear's [out, in] weights in place (as a transposed
  // operand); generated contractions want [in, out], made once at load.
  if (backend == Backend::Llvm)
    pm.addPass(createTfmPretransposeWeights()); // tfm-pretranspose-weights
  pm.addPass(createTfmParamsToArguments());     // tfm-params-to-arguments
  // The fusions come first: a linear's bias, activation and residual choose
  // the oneDNN kernel, and so the layout its weight is packed into at load.
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createTfmFuseMaskedSoftmax()); // tfm-fuse-masked-softmax
  func.addPass(createTfmFuseAttention());     // tfm-fuse-attention
  func.addPass(createTfmFuseLinear());        // tfm-fuse-linear
  // After the fusions, which keep a linear's precision; before the prepack
  // marks, which tell the runtime to convert or quantize weights at load.
  TfmSetPrecisionOptions precision;
  precision.precision = options.precision;
  func.addPass(createTfmSetPrecision(precision)); // tfm-set-precision{precision=...}
  if (backend == Backend::Dnnl)
    func.addPass(createTfmMarkPrepackedWeights()); // tfm-mark-prepacked-weights
}

namespace {

/// tfm-to-linalg, then tiling and vectorization on tensors.
void addLinalgOnTensors(OpPassManager &pm, const tfm::TfmToLlvmOptions &options) {
  // Register tiles keep their accumulators in about half the vector
  // registers: 6 rows x 2 vectors of 8 with AVX2's 16, 8 rows x 2 vectors of
  // 16 with AVX-512's 32.
  int64_t lanes = options.vectorBits / 32;
  tfm::TfmTileAndVectorizeOptions tiles;
  tiles.registerTileM = options.vectorBits >= 512 ? 8 : 6;
  tiles.registerTileN = 2 * lanes;
  tiles.registerTileK = 16;
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(tfm::createTfmToLinalg());           // tfm-to-linalg
  // Arith and math ops on whole tensors (e.g. ids shifted before
  // tfm.embedding) have no bufferization; as linalg.generic they have.
  func.addPass(createConvertElementwiseToLinalgPass()); // convert-elementwise-to-linalg
  func.addPass(createCanonicalizerPass());          // canonicalize
  func.addPass(createCSEPass());                    // cse
  func.addPass(tfm::createTfmTileAndVectorize(tiles)); // tfm-tile-and-vectorize{...}
  func.addPass(createCanonicalizerPass());          // canonicalize
  func.addPass(createCSEPass());                    // cse
}

/// one-shot-bufferize{bufferize-function-boundaries
/// function-boundary-type-conversion=identity-layout-map}, with the pass's
/// other defaults spelt out as the pass itself derives them from its options.
std::unique_ptr<Pass> createOneShotBufferize() {
  bufferization::OneShotBufferizationOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  options.unknownTypeConverterFn = [](Value value, Attribute memorySpace,
                                      const bufferization::BufferizationOptions &) {
    return bufferization::getMemRefTypeWithFullyDynamicLayout(
        cast<TensorType>(value.getType()), memorySpace);
  };
  return bufferization::createOneShotBufferizePass(options);
}

/// Bufferization, kernel calls and deallocation.
void addBufferization(OpPassManager &pm) {
  pm.addPass(createOneShotBufferize());
  // Before the deallocation pipeline, which would copy a returned argument
  // (the KV cache) once per layer and step.
  pm.addPass(tfm::createTfmDropInPlaceResults()); // tfm-drop-in-place-results
  pm.addPass(tfm::createTfmrtToCalls()); // tfmrt-to-calls
  bufferization::buildBufferDeallocationPipeline(
      pm, bufferization::BufferDeallocationPipelineOptions()); // buffer-deallocation-pipeline
  pm.addNestedPass<func::FuncOp>(tfm::createTfmDeallocateEarly()); // tfm-deallocate-early
  // The deallocation pipeline returns a clone of a buffer the function does
  // not own (an argument, or a weight, returned as is); the caller takes
  // ownership of the copy.
  pm.addPass(createBufferizationToMemRefPass()); // convert-bufferization-to-memref
  // Buffers come from the run context, which ends the run cleanly when
  // memory is out (never a null buffer) and frees what the run had taken.
  pm.addPass(tfm::createTfmrtAllocateInRunContext()); // tfmrt-allocate-in-run-context
}

/// Loops, OpenMP and the LLVM dialect.
void addLoopsAndLlvm(OpPassManager &pm) {
  OpPassManager &hoist = pm.nest<func::FuncOp>();
  hoist.addPass(tfm::createTfmHoistVectorTransfers()); // tfm-hoist-vector-transfers
  hoist.addPass(createCanonicalizerPass());            // canonicalize
  pm.addPass(createForallToParallelLoopPass());        // scf-forall-to-parallel
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass()); // convert-linalg-to-loops
  VectorTransferToSCFOptions vectorToScf;
  vectorToScf.enableFullUnroll();
  pm.addPass(createConvertVectorToSCFPass(vectorToScf)); // convert-vector-to-scf{full-unroll=true}
  pm.addPass(createLowerAffinePass());                   // lower-affine
  pm.addPass(createConvertSCFToOpenMPPass());            // convert-scf-to-openmp
  pm.addPass(createCanonicalizerPass());                 // canonicalize
  pm.addPass(createConvertSCFToCFPass());                // convert-scf-to-cf
  pm.addPass(tfm::createTfmApproximateMath());           // tfm-approximate-math
  pm.addPass(memref::createExpandStridedMetadataPass()); // expand-strided-metadata
  pm.addPass(createLowerAffinePass());                   // lower-affine
  pm.addPass(createConvertVectorToLLVMPass());           // convert-vector-to-llvm
  pm.addPass(createConvertMathToLLVMPass());             // convert-math-to-llvm
  pm.addPass(createConvertMathToLibmPass());             // convert-math-to-libm
  pm.addPass(tfm::createTfmrtHeapToLLVM());              // tfmrt-heap-to-llvm
  FinalizeMemRefToLLVMConversionPassOptions memrefToLlvm;
  memrefToLlvm.useAlignedAlloc = true;
  memrefToLlvm.useGenericFunctions = true;
  // finalize-memref-to-llvm{use-aligned-alloc=true use-generic-functions=true}
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLlvm));
  pm.addPass(createArithToLLVMConversionPass());     // convert-arith-to-llvm
  pm.addPass(createConvertIndexToLLVMPass());        // convert-index-to-llvm
  // The model's weights as one pointer, not thousands of scalars; before
  // convert-openmp-to-llvm, which also converts the functions.
  pm.addPass(tfm::createTfmLoadWeightsFromTable());  // tfm-load-weights-from-table
  pm.addPass(createConvertOpenMPToLLVMPass());       // convert-openmp-to-llvm
  pm.addPass(createConvertControlFlowToLLVMPass());  // convert-cf-to-llvm
  pm.addPass(createConvertFuncToLLVMPass());         // convert-func-to-llvm
  pm.addPass(createReconcileUnrealizedCastsPass());  // reconcile-unrealized-casts
}

} // namespace

void mlir::tfm::buildTfmLowerToLlvmPipeline(OpPassManager &pm,
                                            const TfmToLlvmOptions &options) {
  // Every kernel call passes on the run context libtfmrt calls the model with.
  pm.addPass(createTfmrtAddRunContext()); // tfmrt-add-run-context
  // Identical layers compile once, as calls of one function (tfm-compile has
  // read the weights' tfm attributes before); from here on every pass sees
  // one layer.
  pm.addPass(createTfmOutlineLayers()); // tfm-outline-layers
  pm.addPass(createTfmLowerAttention()); // tfm-lower-attention
  if (options.backend == Backend::Dnnl)
    pm.addPass(createTfmToDnnl()); // tfm-to-dnnl
  addLinalgOnTensors(pm, options);
  addBufferization(pm);
  addLoopsAndLlvm(pm);
}

void mlir::tfm::buildTfmToLlvmPipeline(OpPassManager &pm, const TfmToLlvmOptions &options) {
  buildTfmBindWeightsPipeline(pm, options);
  buildTfmLowerToLlvmPipeline(pm, options);
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
  Option<tfm::Precision> precision{
      *this, "precision",
      llvm::cl::desc("What linears and attention compute with (backend=dnnl for bf16, int8)"),
      llvm::cl::init(tfm::Precision::f32),
      llvm::cl::values(
          clEnumValN(tfm::Precision::f32, "f32", "f32 throughout"),
          clEnumValN(tfm::Precision::bf16, "bf16", "bf16 products with f32 accumulation"),
          clEnumValN(tfm::Precision::int8, "int8", "int8 linear layers, bf16 attention"))};
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
        options.precision = pipelineOptions.precision;
        buildTfmToLlvmPipeline(pm, options);
      });
}
