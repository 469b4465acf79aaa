//===- ModelInterface.h - a compiled model's inputs, outputs, weights -*- C++ -*-===//

#ifndef TFM_CONVERSION_MODELTOLLVM_MODELINTERFACE_H
#define TFM_CONVERSION_MODELTOLLVM_MODELINTERFACE_H

#include "tfm/Runtime/ModelAbi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::tfm {

/// One input, output or weight of @forward, as the model's description
/// records it (tfm/Runtime/ModelAbi.h).
struct TensorSpec {
  std::string name;
  tfm_dtype dtype = TFM_F32;
  /// ShapedType::kDynamic for a dynamic dimension.
  SmallVector<int64_t> shape;
  /// Inputs: "ones", "zeros", or empty when the input is required.
  std::string defaultFill;
  /// Inputs: ids must lie in [0, idLimit); 0 for no check.
  int64_t idLimit = 0;
  /// Inputs: the largest sequence (dimension 1); 0 for no limit.
  int64_t maxSequence = 0;
  /// Weights: the model wants the transpose of the checkpoint's tensor.
  bool transposed = false;
  /// Weights: 0, or TFM_PREPACK_LINEAR with the tfmrt_linear flags.
  int32_t prepack = 0;
  /// Weights: other names a checkpoint may give it, in order.
  SmallVector<std::string> aliases;
};

struct ModelInterface {
  SmallVector<TensorSpec> inputs, outputs, params;
  /// @forward's first argument is libtfmrt's run context
  /// (`tfmrt.run_context`), which is not an input.
  bool takesRunContext = false;
};

/// Reads the interface of `forward` after weight binding (weights are its
/// trailing `tfm.param` arguments) from its types and its `tfm.*` argument
/// and result attributes. Checks the types (tensors of f32, i64 or i32 in,
/// f32 out), the attributes' types and the names (unique among inputs and
/// among outputs, plain file names), with an error at `forward` otherwise.
/// Arguments are numbered in errors and default names as the model's
/// arguments, without the run context.
FailureOr<ModelInterface> readModelInterface(func::FuncOp forward);

/// Removes the attributes the interface was read from (LLVM has no use for
/// them) and marks `forward` for MLIR's C interface, which the model's entry
/// calls.
void prepareForwardForLowering(func::FuncOp forward);

} // namespace mlir::tfm

#endif // TFM_CONVERSION_MODELTOLLVM_MODELINTERFACE_H
