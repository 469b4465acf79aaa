//===- tfm-compile.cpp - model file to object, executable, library --------===//
//
// The command line of tfm's compiler library (tfm/Compiler/Compiler.h):
// parses the options, compiles the model in-process and reports errors.
//
//===----------------------------------------------------------------------===//

#include "tfm/Compiler/Compiler.h"
#include "tfm/Pipelines/Target.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
namespace cl = llvm::cl;
using tfm::EmitKind;

namespace {

cl::OptionCategory toolCategory("tfm-compile options");

cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<model.mlir>"), cl::Required,
                                   cl::cat(toolCategory));
cl::opt<std::string> outputFilename("o", cl::desc("Output file"), cl::value_desc("file"),
                                    cl::Required, cl::cat(toolCategory));
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::Exe), cl::cat(toolCategory),
    cl::values(clEnumValN(EmitKind::Mlir, "mlir", "the model lowered to the LLVM dialect"),
               clEnumValN(EmitKind::Llvm, "llvm", "LLVM IR"),
               clEnumValN(EmitKind::Obj, "obj", "an object file"),
               clEnumValN(EmitKind::Exe, "exe", "an executable linked with libtfmrt"),
               clEnumValN(EmitKind::Shared, "shared",
                          "a shared library linked with libtfmrt that exports only "
                          "tfm_compiled_model() (for tfm_model_open / dlopen)"),
               clEnumValN(EmitKind::Static, "static",
                          "a static archive of the model and its description "
                          "(tfm_compiled_model(), no main) to link into a program "
                          "with libtfmrt and libomp")));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimisation level (0-3)"), cl::Prefix,
                           cl::init(3), cl::cat(toolCategory));
cl::opt<std::string> backend("backend",
                             cl::desc("Where matrix products, layer norms and softmaxes run: "
                                      "dnnl (oneDNN kernels in libtfmrt, the default) or llvm "
                                      "(generated code)"),
                             cl::init("dnnl"), cl::cat(toolCategory));
cl::opt<std::string> precision(
    "precision",
    cl::desc("What linear layers and attention compute with: f32 (the default), bf16 "
             "(bf16 products, f32 accumulation) or int8 (int8 linear layers quantized "
             "when the weights are bound, bf16 attention); bf16 and int8 need the dnnl "
             "backend, and run in f32 on CPUs without a fast kernel for them"),
    cl::init("f32"), cl::cat(toolCategory));

/// `--target-cpu=help` lists the names and exits, before the required
/// options are checked (as --help does).
void listTargetCpus(const std::string &value) {
  if (value != "help")
    return;
  llvm::outs() << "CPUs tfm-compile --target-cpu accepts:\n"
               << "  native (the default: this machine's CPU and features)\n"
               << "  x86-64, x86-64-v2, x86-64-v3 (AVX2, FMA), x86-64-v4 (AVX-512): "
                  "portable levels\n"
               << "and LLVM's CPU names:\n";
  for (const std::string &name : tfm::knownTargetCpus())
    llvm::outs() << "  " << name << "\n";
  llvm::outs().flush();
  std::exit(0);
}
cl::opt<std::string> targetCpu(
    "target-cpu",
    cl::desc("The CPU to generate code for: native (this machine, the default), "
             "x86-64-v3, x86-64-v4 or an LLVM CPU name (--target-cpu=help lists them). "
             "The model refuses to run on a CPU without the features it was compiled for"),
    cl::value_desc("cpu"), cl::init("native"), cl::cat(toolCategory),
    cl::callback([](const std::string &value) { listTargetCpus(value); }));

/// Prints `message` as tfm-compile's error and returns the exit code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "tfm-compile: error: " << message << "\n";
  return 1;
}

/// The directory holding tfm-compile: libtfmrt and the runtime headers are
/// found relative to it (build tree or install prefix).
std::string toolDirectory(const char *argv0) {
  std::string self = llvm::sys::fs::getMainExecutable(argv0, (void *)&toolDirectory);
  return llvm::sys::path::parent_path(self).str();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Pass names first, for --mlir-print-ir-after=PASS and the like.
  tfm::registerCompilerPasses();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  // libLLVM registers hundreds of code generation options: --help lists
  // tfm-compile's only. MLIR's (IR printing, pass timing) still work.
  cl::HideUnrelatedOptions(toolCategory);
  cl::ParseCommandLineOptions(argc, argv, "tfm model compiler\n");

  tfm::CompilerOptions options;
  std::optional<tfm::Backend> chosenBackend = tfm::parseBackend(backend);
  if (!chosenBackend)
    return fail("unknown backend '" + backend + "'; available: dnnl, llvm");
  options.backend = *chosenBackend;
  std::optional<tfm::Precision> chosenPrecision = tfm::parsePrecision(precision);
  if (!chosenPrecision)
    return fail("unknown precision '" + precision + "'; available: f32, bf16, int8");
  options.precision = *chosenPrecision;
  options.targetCpu = targetCpu;
  options.emit = emitKind;
  options.optLevel = optLevel;
  options.outputPath = outputFilename;
  options.toolDir = toolDirectory(argv[0]);
  options.configurePassManager = [](PassManager &pm) { return applyPassManagerCLOptions(pm); };

  DialectRegistry registry;
  tfm::registerCompilerDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  // Errors that are not in the model (options, files, linking) are the tool's.
  ScopedDiagnosticHandler toolErrors(&context, [](Diagnostic &diagnostic) {
    if (!isa<UnknownLoc>(diagnostic.getLocation()) ||
        diagnostic.getSeverity() != DiagnosticSeverity::Error)
      return failure();
    fail(diagnostic.str());
    return success();
  });
  return failed(tfm::compileFile(context, sourceMgr, inputFilename, options)) ? 1 : 0;
}
