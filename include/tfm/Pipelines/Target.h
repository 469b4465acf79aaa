//===- Target.h - the CPU tfm-compile generates code for --------*- C++ -*-===//

#ifndef TFM_PIPELINES_TARGET_H
#define TFM_PIPELINES_TARGET_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::tfm {

/// The CPU object code is generated for, and what code generation and the
/// model description need to know about it.
struct TargetCpu {
  std::unique_ptr<llvm::TargetMachine> machine;
  /// LLVM's name of the CPU; for `native`, the compiling machine's.
  std::string cpuName;
  /// The features of tfm/Runtime/X86Features.h the code may use (the CPU's
  /// features as LLVM's code generator sees them, implied ones included),
  /// in that table's order. The model description records them, and the
  /// runtime refuses to run the model on a CPU that lacks one.
  std::vector<std::string> recordedFeatures;
  /// SIMD width that sizes the llvm backend's register tiles: 512 when the
  /// target has AVX-512, else 256.
  int64_t vectorBits = 256;
};

/// A TargetMachine for this process's triple and `cpu`: `native` takes the
/// compiling machine's CPU name and features (as -march=native does), any
/// other name is an LLVM CPU (`x86-64-v3`, `x86-64-v4`, `znver4`,
/// `sapphirerapids`, ...) with the features LLVM's table gives it. An
/// unknown name is an error saying how to list the valid ones.
llvm::Expected<TargetCpu> createTargetCpu(llvm::StringRef cpu);

/// The CPU names createTargetCpu accepts besides `native`, as LLVM lists
/// them for this process's triple.
std::vector<std::string> knownTargetCpus();

} // namespace mlir::tfm

#endif // TFM_PIPELINES_TARGET_H
