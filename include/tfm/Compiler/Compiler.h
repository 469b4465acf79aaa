//===- Compiler.h - tfm's compiler as a library -----------------*- C++ -*-===//
//
// Options in; MLIR, LLVM IR, an object, an executable, a shared library or a
// static archive out. tfm-compile is a command line over this API; other
// tools and tests call it in-process.
//
// Errors are MLIR diagnostics on the module's context: at the model's
// location when they concern the IR, at an unknown location otherwise
// (options, files, the linker).
//
//===----------------------------------------------------------------------===//

#ifndef TFM_COMPILER_COMPILER_H
#define TFM_COMPILER_COMPILER_H

#include "tfm/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"

#include <functional>
#include <string>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class PassManager;
namespace tfm {

/// What the compiler writes to CompilerOptions::outputPath.
enum class EmitKind {
  /// The model lowered to the LLVM dialect.
  Mlir,
  /// LLVM IR, optimised for the target CPU.
  Llvm,
  /// An object file of the model: its code, its description
  /// (tfm_compiled_model()) and its entry point, without main.
  Obj,
  /// An executable linked with libtfmrt.
  Exe,
  /// A shared library linked with libtfmrt that exports only
  /// tfm_compiled_model() (for tfm_model_open / dlopen).
  Shared,
  /// A static archive of the model's object (tfm_compiled_model(), no main)
  /// to link into a program with libtfmrt and libomp.
  Static,
};

struct CompilerOptions {
  /// Where matrix products, layer norms and softmaxes run.
  Backend backend = Backend::Dnnl;
  /// What linears and attention compute with; bf16 and int8 need the dnnl
  /// backend (see the user guide's "Precision").
  Precision precision = Precision::f32;
  /// `native`, `x86-64-v3`, `x86-64-v4` or an LLVM CPU name (see
  /// tfm/Pipelines/Target.h); the model records it and its x86 features.
  std::string targetCpu = "native";
  EmitKind emit = EmitKind::Exe;
  /// LLVM optimisation level, 0 to 3.
  unsigned optLevel = 3;
  std::string outputPath;
  /// The name the model's description records; by default the input file's
  /// stem, or `model` for a module compiled from memory.
  std::string modelName;
  /// The directory of the tfm tools: libtfmrt is linked from toolDir/../lib
  /// (a build tree or an install prefix). By default, the running
  /// executable's directory.
  std::string toolDir;
  /// The C compiler driver that links executables (it compiles nothing); by
  /// default $TFM_CC, else the one tfm was built with.
  std::string cCompiler;
  /// lld's ELF linker, which links shared libraries; by default $TFM_LD,
  /// else ld.lld or ld.lld-19 on PATH.
  std::string linker;
  /// Called on each pass manager before it runs (for instance with
  /// mlir::applyPassManagerCLOptions, for IR printing and timing).
  std::function<LogicalResult(PassManager &)> configurePassManager;
};

/// Registers the dialects, extensions and LLVM IR translations a model and
/// its compilation use.
void registerCompilerDialects(DialectRegistry &registry);

/// Registers upstream MLIR's and tfm's passes and pipelines with the global
/// registry, for textual pipelines (tfm-opt) and the pass names of MLIR's
/// IR-printing options.
void registerCompilerPasses();

/// Checks the options that do not depend on the model (optimisation level,
/// target CPU), with an error on `context` if one is wrong.
LogicalResult verifyCompilerOptions(MLIRContext &context, const CompilerOptions &options);

/// Compiles `module`, which must define @forward, in place and writes
/// `options.outputPath`. The module's context must hold the dialects of
/// registerCompilerDialects. With EmitKind::Mlir, `module` is the output.
LogicalResult compileModule(ModuleOp module, const CompilerOptions &options);

/// Checks the options, reads `inputPath` through `sourceMgr` (so that a
/// handler on it can quote the model's lines) and compiles it.
LogicalResult compileFile(MLIRContext &context, llvm::SourceMgr &sourceMgr,
                          StringRef inputPath, const CompilerOptions &options);

} // namespace tfm
} // namespace mlir

#endif // TFM_COMPILER_COMPILER_H
