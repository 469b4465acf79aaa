//===- FuzzIR.cpp - fuzz the IR parser, the verifier and tfm-to-llvm ------===//
//
// Any bytes as a tfm-dialect module, as tfm-opt and tfm-compile read one:
// parsing and verification either fail with diagnostics or give a module
// that the tfm-to-llvm pipeline lowers or rejects with diagnostics. The
// last byte picks the backend (and the model description passes), so the
// seeds (models/, test/) cover both.
//
//===----------------------------------------------------------------------===//

#include "tfm/Compiler/Compiler.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Pipelines/Pipelines.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const mlir::DialectRegistry *registry = [] {
    auto *result = new mlir::DialectRegistry();
    mlir::tfm::registerCompilerDialects(*result);
    return result;
  }();
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected outcome of most inputs: count, don't print.
  size_t diagnostics = 0;
  mlir::ScopedDiagnosticHandler quiet(&context, [&](mlir::Diagnostic &) {
    ++diagnostics;
    return mlir::success();
  });
  // MLIR's lexer relies on a NUL after the text, as in buffers read from
  // files (tfm-opt, tfm-compile); libFuzzer's inputs have none.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), "input.mlir"),
      llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, mlir::ParserConfig(&context));
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;

  uint8_t choice = size ? data[size - 1] : 0;
  mlir::tfm::TfmToLlvmOptions options;
  options.backend = (choice & 1) ? mlir::tfm::Backend::Llvm : mlir::tfm::Backend::Dnnl;
  options.vectorBits = (choice & 2) ? 512 : 256;
  bool describe = choice & 4;
  // Lower precisions too (on the llvm backend they are an error to report).
  options.precision = (choice & 8)    ? mlir::tfm::Precision::bf16
                      : (choice & 16) ? mlir::tfm::Precision::int8
                                      : mlir::tfm::Precision::f32;
  mlir::PassManager pm(&context);
  // With the description, its passes around the lowering (tfm-compile
  // reads the interface there too, but emits the globals after the
  // lowering).
  mlir::tfm::buildTfmBindWeightsPipeline(pm, options);
  if (describe) {
    pm.addPass(mlir::tfm::createTfmrtAddRunContext());
    pm.addPass(mlir::tfm::createTfmEmitModelDescriptor());
  }
  mlir::tfm::buildTfmLowerToLlvmPipeline(pm, options);
  if (describe)
    pm.addPass(mlir::tfm::createTfmDefineModelEntry());
  (void)pm.run(*module);
  return 0;
}
