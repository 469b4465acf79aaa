//===- TfmrtToLLVMIRTranslation.cpp - tfmrt attributes in LLVM IR ---------===//

#include "tfm/Target/LLVMIR/TfmrtToLLVMIRTranslation.h"

#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/LLVMTranslationInterface.h"
#include "mlir/Target/LLVMIR/ModuleTranslation.h"
#include "llvm/IR/Function.h"

using namespace mlir;

namespace {

class TfmrtDialectLLVMIRTranslationInterface : public LLVMTranslationDialectInterface {
public:
  using LLVMTranslationDialectInterface::LLVMTranslationDialectInterface;

  LogicalResult convertParameterAttr(LLVM::LLVMFuncOp function, int argIdx,
                                     NamedAttribute attribute,
                                     LLVM::ModuleTranslation &moduleTranslation) const override {
    // The dialect's verifier admits no other tfmrt attribute on arguments.
    if (attribute.getName() != tfmrt::TfmrtDialect::getRunContextAttrName())
      return function.emitError("cannot translate argument attribute ")
             << attribute.getName() << " to LLVM IR";
    llvm::Function *translated = moduleTranslation.lookupFunction(function.getName());
    translated->addParamAttr(argIdx, llvm::Attribute::NonNull);
    return success();
  }
};

} // namespace

void mlir::tfmrt::registerTfmrtDialectTranslation(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, TfmrtDialect *dialect) {
    dialect->addInterfaces<TfmrtDialectLLVMIRTranslationInterface>();
  });
}
