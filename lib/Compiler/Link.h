//===- Link.h - the model's object to an executable or library --*- C++ -*-===//

#ifndef TFM_LIB_COMPILER_LINK_H
#define TFM_LIB_COMPILER_LINK_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace mlir::tfm {

/// What the C compiler and the archiver are given.
struct LinkJob {
  /// The model's description (generateModelShim).
  std::string shimSource;
  /// The model's object file.
  std::string objectPath;
  std::string outputPath;
  /// libtfmrt is in toolDir/../lib, the runtime headers in toolDir/../include.
  std::string toolDir;
  /// Names or paths; empty for $TFM_CC / $TFM_AR or the build's own.
  std::string cCompiler, archiver;
};

/// Links the shim and the model's object into an executable or, when
/// `shared`, into a shared library whose only exported symbol is
/// tfm_compiled_model(). Errors are reported on `context`.
LogicalResult linkModel(MLIRContext *context, const LinkJob &job, bool shared);

/// Compiles the shim (without main) and archives it with the model's object
/// into a static library defining tfm_compiled_model().
LogicalResult archiveModel(MLIRContext *context, const LinkJob &job);

} // namespace mlir::tfm

#endif // TFM_LIB_COMPILER_LINK_H
