//===- tfm-import.cpp - Hugging Face config.json to the tfm dialect -------===//
//
//   tfm-import CONFIG.json [-o MODEL.mlir] [--architecture NAME] [--kv-cache]
//
// Writes the model a Hugging Face config.json describes (GPT-2, BERT, ViT,
// with the task head its `architectures` names, or --architecture) as
// tfm-dialect IR, verified. Errors name the file and the field and exit 1.
//
//===----------------------------------------------------------------------===//

#include "tfm/Import/HuggingFace.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

static llvm::cl::OptionCategory toolCategory("tfm-import options");

static llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional, llvm::cl::Required,
                                                llvm::cl::desc("<config.json>"),
                                                llvm::cl::cat(toolCategory));

static llvm::cl::opt<std::string> outputFilename("o", llvm::cl::desc("Output file (default: stdout)"),
                                                 llvm::cl::value_desc("filename"),
                                                 llvm::cl::init("-"),
                                                 llvm::cl::cat(toolCategory));

static llvm::cl::opt<std::string> architecture(
    "architecture",
    llvm::cl::desc("Build this Hugging Face class instead of the one config.json's "
                   "architectures names (bert: BertModel, BertForMaskedLM, "
                   "BertForSequenceClassification; gpt2: GPT2LMHeadModel; vit: "
                   "ViTForImageClassification; deit: DeiTForImageClassificationWithTeacher, "
                   "DeiTForImageClassification, DeiTModel; t5: T5EncoderModel, the encoder "
                   "of a T5ForConditionalGeneration or T5Model checkpoint; llama: "
                   "LlamaForCausalLM, LlamaModel)"),
    llvm::cl::value_desc("name"), llvm::cl::cat(toolCategory));

static llvm::cl::opt<bool> kvCache(
    "kv-cache",
    llvm::cl::desc("GPT-2 and LLaMA (LlamaForCausalLM), for generation: @forward takes the "
                   "new tokens, their position and a KV cache [layers, 2, batch, length, "
                   "key/value width], which it updates in place"),
    llvm::cl::cat(toolCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  // libLLVM registers hundreds of codegen options; --help-hidden lists them
  // and MLIR's printing options (e.g. --mlir-print-debuginfo).
  llvm::cl::HideUnrelatedOptions(toolCategory);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "tfm-import: writes the model a Hugging Face config.json describes "
      "(model_type gpt2, bert or vit) in the tfm dialect\n");

  mlir::MLIRContext context;
  auto reportError = [](llvm::StringRef message) { llvm::errs() << message << "\n"; };
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> module =
      mlir::tfm::importHuggingFaceConfigFile(context, inputFilename, reportError,
                                             {architecture.getValue(), kvCache.getValue()});
  if (mlir::failed(module))
    return 1;

  // Opened only now, so that a failed import leaves no half-written file.
  std::string errorMessage;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << "tfm-import: error: " << errorMessage << "\n";
    return 1;
  }
  (*module)->print(output->os(), mlir::OpPrintingFlags());
  output->os() << "\n";
  output->os().flush();
  if (output->os().has_error()) {
    llvm::errs() << outputFilename << ": error: " << output->os().error().message() << "\n";
    output->os().clear_error();
    return 1;
  }
  output->keep();
  return 0;
}
