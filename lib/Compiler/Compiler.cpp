//===- Compiler.cpp - tfm's compiler as a library -------------------------===//
//
// The stages of a compilation, in order:
//   1. bind weights (tfm/Pipelines: weights to arguments, fusions, prepack
//      marks);
//   2. read the model's interface (tfm/Conversion/ModelToLLVM), lower to
//      the LLVM dialect (tfm/Pipelines), then add the model's description
//      and entry point for libtfmrt;
//   3. translate to LLVM IR and optimise it for the target CPU
//      (tfm/Pipelines/Target.h);
//   4. emit an object with the TargetMachine;
//   5. link or archive it (Link.cpp).
//
//===----------------------------------------------------------------------===//

#include "tfm/Compiler/Compiler.h"

#include "Link.h"

#include "tfm/Codegen/Passes.h"
#include "tfm/Conversion/ModelToLLVM/ModelDescriptor.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"
#include "tfm/Pipelines/Target.h"
#include "tfm/Support/InputFile.h"
#include "tfm/Support/Limits.h"
#include "tfm/Target/LLVMIR/TfmrtToLLVMIRTranslation.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassInstrumentation.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::tfm;

void mlir::tfm::registerCompilerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  registry.insert<TfmDialect, tfmrt::TfmrtDialect>();
  tfmrt::registerBufferizableOpInterfaceExternalModels(registry);
  tfmrt::registerTfmrtDialectTranslation(registry);
}

void mlir::tfm::registerCompilerPasses() {
  registerAllPasses();
  registerTfmPasses();
  registerTfmConversionPasses();
  registerTfmCodegenPasses();
  registerTfmPipelines();
}

namespace {

LogicalResult fail(MLIRContext *context, const Twine &message) {
  return emitError(UnknownLoc::get(context)) << message;
}

/// The target machine and everything the model records about the CPU, or an
/// error on `context`.
FailureOr<TargetCpu> createTarget(MLIRContext *context, const CompilerOptions &options) {
  if (options.optLevel > 3)
    return fail(context, "-O" + Twine(options.optLevel) +
                             " is not an optimisation level; use -O0 to -O3");
  if (options.precision != Precision::f32 && options.backend != Backend::Dnnl)
    return fail(context, "precision " + stringifyPrecision(options.precision) +
                             " needs the dnnl backend; the llvm backend computes in f32");
  llvm::Expected<TargetCpu> target = createTargetCpu(options.targetCpu);
  if (!target)
    return fail(context, llvm::toString(target.takeError()));
  return std::move(*target);
}

/// Runs the pipeline `build` adds on `module`, configured as the options ask.
LogicalResult runPipeline(ModuleOp module, const CompilerOptions &options,
                          llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  if (options.configurePassManager && failed(options.configurePassManager(pm)))
    return failure();
  build(pm);
  return pm.run(module);
}

/// Keeps `out` if everything written reached it; otherwise (a full disk,
/// /dev/full) an error on `context`, and `out`'s file is removed.
LogicalResult keepIfWritten(MLIRContext *context, llvm::ToolOutputFile &out, StringRef path) {
  out.os().close();
  if (out.os().has_error()) {
    std::error_code error = out.os().error();
    // Reported here: an unchecked stream error is a fatal "IO failure".
    out.os().clear_error();
    return fail(context, "cannot write '" + path + "': " + error.message());
  }
  out.keep();
  return success();
}

/// Writes `print`'s text to `path`.
LogicalResult writeText(MLIRContext *context, StringRef path,
                        llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail(context, "cannot write '" + path + "': " + ec.message());
  print(out.os());
  return keepIfWritten(context, out, path);
}

LogicalResult emitObject(MLIRContext *context, llvm::Module &module,
                         llvm::TargetMachine &machine, StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail(context, "cannot write '" + path + "': " + ec.message());
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, out.os(), nullptr, llvm::CodeGenFileType::ObjectFile))
    return fail(context, "the target cannot emit object files");
  pm.run(module);
  return keepIfWritten(context, out, path);
}

/// LLVM's default pipeline for `optLevel`, vectorizing and unrolling, less
/// CalledValuePropagation. That pass only annotates indirect calls with
/// their possible callees (the model has none of its own), yet its time
/// grows with the square of @forward's arguments (every weight's memref
/// descriptor, scalarised): 70 % of LLVM's time for a 48-layer model.
void optimizeLlvmModule(llvm::Module &module, unsigned optLevel, llvm::TargetMachine &machine) {
  llvm::PassInstrumentationCallbacks instrumentation;
  instrumentation.registerShouldRunOptionalPassCallback(
      [](llvm::StringRef pass, llvm::Any) { return pass != "CalledValuePropagationPass"; });
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = true;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::PassBuilder builder(&machine, tuning, std::nullopt, &instrumentation);
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::OptimizationLevel level = optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager pipeline = level == llvm::OptimizationLevel::O0
                                         ? builder.buildO0DefaultPipeline(level)
                                         : builder.buildPerModuleDefaultPipeline(level);
  pipeline.run(module, modules);
}

/// Translates the lowered module to LLVM IR for `target` and optimises it.
FailureOr<std::unique_ptr<llvm::Module>> translateToLlvm(ModuleOp module, TargetCpu &target,
                                                         unsigned optLevel,
                                                         llvm::LLVMContext &llvmContext) {
  MLIRContext *context = module.getContext();
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return fail(context, "translation to LLVM IR failed");
  llvm::TargetMachine &machine = *target.machine;
  // LLVM prefers 256-bit vectors on many AVX-512 CPUs by default (to avoid
  // frequency drops on old Intel parts); the register tiles are sized for
  // 512-bit registers, and 32 of them avoid spilling the accumulators.
  // The CPU is also written on each function, so that --emit=llvm output
  // compiled elsewhere (llc, clang) targets the same CPU. Functions that
  // name their CPU already (those that run before libtfmrt has checked the
  // CPU) keep it.
  for (llvm::Function &function : *llvmModule) {
    if (function.isDeclaration() || function.hasFnAttribute("target-cpu"))
      continue;
    function.addFnAttr("target-cpu", target.cpuName);
    if (!machine.getTargetFeatureString().empty())
      function.addFnAttr("target-features", machine.getTargetFeatureString());
    if (target.vectorBits == 512)
      function.addFnAttr("prefer-vector-width", "512");
  }
  llvmModule->setDataLayout(machine.createDataLayout());
  llvmModule->setTargetTriple(machine.getTargetTriple().getTriple());
  optimizeLlvmModule(*llvmModule, optLevel, machine);
  return std::move(llvmModule);
}

/// The directory of the running executable (tfm-compile, or a program that
/// embeds the compiler).
std::string runningExecutableDir() {
  static int anchor;
  std::string self = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
  return llvm::sys::path::parent_path(self).str();
}

/// Emits the model's object to a temporary file, then links or archives it.
LogicalResult linkOrArchive(MLIRContext *context, llvm::Module &llvmModule,
                            const TargetCpu &target, const CompilerOptions &options) {
  // In a shared library only tfm_compiled_model() is exported: forward and
  // _mlir_ciface_forward of two loaded models must not clash.
  if (options.emit == EmitKind::Shared)
    for (llvm::GlobalValue &value : llvmModule.global_values())
      if (!value.isDeclaration() && !value.hasLocalLinkage() &&
          value.getName() != kCompiledModelFunctionName)
        value.setVisibility(llvm::GlobalValue::HiddenVisibility);
  // The linker and the archiver write a new file and rename it over the
  // output: over /dev/full or a FIFO that would replace the device or pipe.
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(options.outputPath, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file)
    return fail(context, "cannot write '" + options.outputPath +
                             "': not a regular file; an executable or library is written "
                             "as a new file");
  SmallString<128> objectPath;
  if (llvm::sys::fs::createTemporaryFile("tfm-model", "o", objectPath))
    return fail(context, "cannot create a temporary object file");
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove(objectPath); });
  if (failed(emitObject(context, llvmModule, *target.machine, objectPath)))
    return failure();
  LinkJob job{objectPath.str().str(), options.outputPath,
              options.toolDir.empty() ? runningExecutableDir() : options.toolDir,
              options.cCompiler, options.linker};
  switch (options.emit) {
  case EmitKind::Static:
    return archiveModel(context, job);
  case EmitKind::Shared:
    return linkSharedLibrary(context, job);
  default:
    return linkExecutable(context, job);
  }
}

/// Stages 3 to 5, after lowering.
LogicalResult emitLowered(ModuleOp module, TargetCpu &target, const CompilerOptions &options) {
  MLIRContext *context = module.getContext();
  if (options.emit == EmitKind::Mlir)
    return writeText(context, options.outputPath,
                     [&](llvm::raw_ostream &os) { module->print(os); });
  llvm::LLVMContext llvmContext;
  FailureOr<std::unique_ptr<llvm::Module>> llvmModule =
      translateToLlvm(module, target, options.optLevel, llvmContext);
  if (failed(llvmModule))
    return failure();
  if (options.emit == EmitKind::Llvm)
    return writeText(context, options.outputPath,
                     [&](llvm::raw_ostream &os) { (*llvmModule)->print(os, nullptr); });
  if (options.emit == EmitKind::Obj)
    return emitObject(context, **llvmModule, *target.machine, options.outputPath);
  return linkOrArchive(context, **llvmModule, target, options);
}

/// Everything after the options were checked and the target created.
LogicalResult compile(ModuleOp module, TargetCpu &target, const CompilerOptions &options,
                      StringRef inputName) {
  MLIRContext *context = module.getContext();
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  if (!forward || forward.isExternal())
    return fail(context, inputName + " has no function @forward to compile");
  if (failed(runPipeline(module, options, [&](OpPassManager &pm) {
        TfmToLlvmOptions binding;
        binding.backend = options.backend;
        binding.precision = options.precision;
        buildTfmBindWeightsPipeline(pm, binding);
      })))
    return failure();
  // Every kernel call passes on the run context, which @forward's
  // interface then begins with.
  if (failed(runPipeline(module, options,
                         [](OpPassManager &pm) { pm.addPass(createTfmrtAddRunContext()); })))
    return failure();
  // The interface is read from @forward's tensors and tfm attributes, which
  // the lowering does not keep; the description is emitted after the
  // lowering, whose thirty-odd passes would otherwise each walk its
  // thousands of operations (a dozen per weight).
  FailureOr<ModelInterface> model = readModelInterface(forward);
  if (failed(model))
    return failure();
  prepareForwardForLowering(forward);
  TfmToLlvmOptions codegen;
  codegen.backend = options.backend;
  codegen.precision = options.precision;
  // The target decides the register tiles.
  codegen.vectorBits = target.vectorBits;
  if (failed(runPipeline(module, options, [&](OpPassManager &pm) {
        buildTfmLowerToLlvmPipeline(pm, codegen);
      })))
    return failure();
  // The description records what the runtime checks before running any of
  // the model's code.
  ModelDescriptorOptions descriptor;
  descriptor.modelName = options.modelName.empty() ? "model" : options.modelName;
  descriptor.targetCpu = target.cpuName;
  descriptor.cpuFeatures = target.recordedFeatures;
  descriptor.emitMain = options.emit == EmitKind::Exe;
  if (failed(emitModelDescriptor(module, *model, descriptor)) ||
      failed(defineModelEntry(module)))
    return failure();
  return emitLowered(module, target, options);
}

} // namespace

LogicalResult mlir::tfm::verifyCompilerOptions(MLIRContext &context,
                                               const CompilerOptions &options) {
  return success(succeeded(createTarget(&context, options)));
}

LogicalResult mlir::tfm::compileModule(ModuleOp module, const CompilerOptions &options) {
  FailureOr<TargetCpu> target = createTarget(module.getContext(), options);
  if (failed(target))
    return failure();
  return compile(module, *target, options, "the module");
}

LogicalResult mlir::tfm::compileFile(MLIRContext &context, llvm::SourceMgr &sourceMgr,
                                     StringRef inputPath, const CompilerOptions &options) {
  // The command line is checked before the input is read.
  FailureOr<TargetCpu> target = createTarget(&context, options);
  if (failed(target))
    return failure();
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> file =
      readInputFile(inputPath, ::tfm::limits::kMaxModelFileBytes);
  if (!file)
    return fail(&context, "cannot open input file '" + inputPath +
                              "': " + llvm::toString(file.takeError()));
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return failure();
  CompilerOptions named = options;
  if (named.modelName.empty())
    named.modelName = llvm::sys::path::stem(inputPath).str();
  return compile(*module, *target, named, "'" + inputPath.str() + "'");
}
