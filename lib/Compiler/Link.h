//===- Link.h - the model's object to an executable or library --*- C++ -*-===//

#ifndef TFM_LIB_COMPILER_LINK_H
#define TFM_LIB_COMPILER_LINK_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace mlir::tfm {

/// What the linker is given.
struct LinkJob {
  /// The model's object file: its code, description and entry point (and,
  /// for an executable, main).
  std::string objectPath;
  std::string outputPath;
  /// libtfmrt is in toolDir/../lib.
  std::string toolDir;
  /// Executables: the C compiler driver that links them (it compiles
  /// nothing); empty for $TFM_CC or the one tfm was built with.
  std::string cCompiler;
  /// Shared libraries: lld's ELF linker; empty for $TFM_LD, else ld.lld or
  /// ld.lld-<LLVM major version> on PATH.
  std::string linker;
};

/// Links the model's object with libtfmrt and LLVM's OpenMP runtime into an
/// executable. Errors are reported on `context`.
LogicalResult linkExecutable(MLIRContext *context, const LinkJob &job);

/// Links the model's object with libtfmrt and LLVM's OpenMP runtime into a
/// shared library, with lld and no C compiler. Errors are reported on
/// `context`.
LogicalResult linkSharedLibrary(MLIRContext *context, const LinkJob &job);

/// Writes a static archive of the model's object (in-process, no archiver).
LogicalResult archiveModel(MLIRContext *context, const LinkJob &job);

} // namespace mlir::tfm

#endif // TFM_LIB_COMPILER_LINK_H
