//===- TfmrtToLLVMIRTranslation.h - tfmrt attributes in LLVM IR -*- C++ -*-===//
//
// What the tfmrt dialect's attributes mean to the translation to LLVM IR.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TARGET_LLVMIR_TFMRTTOLLVMIRTRANSLATION_H
#define TFM_TARGET_LLVMIR_TFMRTTOLLVMIRTRANSLATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::tfmrt {

/// Registers the tfmrt dialect's translation interface: the run context mark
/// (`tfmrt.run_context`) on a function argument becomes `nonnull` (libtfmrt
/// always passes a context) instead of an "unhandled parameter attribute"
/// warning.
void registerTfmrtDialectTranslation(DialectRegistry &registry);

} // namespace mlir::tfmrt

#endif // TFM_TARGET_LLVMIR_TFMRTTOLLVMIRTRANSLATION_H
