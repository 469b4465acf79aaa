//===- tfm-opt.cpp - the mlir-opt of the tfm dialect ----------------------===//

#include "tfm/Compiler/Compiler.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // What tfm-compile registers: every upstream dialect and pass, tfm's and
  // tfmrt's, and the tfm-to-llvm pipeline.
  mlir::tfm::registerCompilerPasses();
  mlir::DialectRegistry registry;
  mlir::tfm::registerCompilerDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tfm optimizer driver\n", registry));
}
