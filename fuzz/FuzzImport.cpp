//===- FuzzImport.cpp - fuzz the Hugging Face config importer -------------===//
//
// Any bytes as a config.json: the importer either reports exactly one error
// or returns a module that verifies and prints.
//
//===----------------------------------------------------------------------===//

#include "tfm/Import/HuggingFace.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  int errors = 0;
  auto countError = [&](llvm::StringRef message) {
    if (message.empty())
      std::abort(); // An error must say what is wrong.
    ++errors;
  };
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> module =
      mlir::tfm::importHuggingFaceConfigText(context, text, "config.json", countError);
  if (mlir::failed(module)) {
    if (errors != 1)
      std::abort(); // The importer reports its first error, once.
    return 0;
  }
  if (errors != 0 || mlir::failed(mlir::verify(module->get())))
    std::abort(); // A model without an error verifies.
  std::string printed;
  llvm::raw_string_ostream os(printed);
  module->get()->print(os);
  return 0;
}
