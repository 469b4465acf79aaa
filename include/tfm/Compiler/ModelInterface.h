//===- ModelInterface.h - a compiled model's inputs, outputs, weights -*- C++ -*-===//

#ifndef TFM_COMPILER_MODELINTERFACE_H
#define TFM_COMPILER_MODELINTERFACE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace mlir::tfm {

/// One input, output or weight of @forward, as the model's description
/// records it (tfm/Runtime/ModelAbi.h).
struct TensorSpec {
  std::string name;
  std::string dtype; // C enumerator: TFM_F32, TFM_I64, ...
  SmallVector<int64_t> shape;
  std::string defaultFill;
  int64_t idLimit = 0;
  int64_t maxSequence = 0;
  bool transposed = false;
  std::string prepack = "0";
  /// Weights only: the other names a checkpoint may give it (`tfm.aliases`).
  std::vector<std::string> aliases;
};

struct ModelInterface {
  SmallVector<TensorSpec> inputs, outputs, params;
};

/// Reads the interface of `forward` after weight binding (weights are its
/// trailing `tfm.param` arguments). Checks the types (tensors of f32, i64 or
/// i32 in, f32 out) and the names (unique among inputs and among outputs,
/// plain file names), with an error at `forward` otherwise.
FailureOr<ModelInterface> readModelInterface(func::FuncOp forward);

/// Removes the attributes the interface was read from (LLVM has no use for
/// them) and marks `forward` for MLIR's C interface, which the model's
/// description calls.
void prepareForwardForLowering(func::FuncOp forward);

} // namespace mlir::tfm

#endif // TFM_COMPILER_MODELINTERFACE_H
