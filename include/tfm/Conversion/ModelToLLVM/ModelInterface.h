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
  /// Inputs: the model updates it in place (tfm.updated_in_place).
  bool updatedInPlace = false;
  /// Inputs: a position offset's ids input (tfm_io_info.offsets_input), or -1.
  int32_t offsetsInput = -1;
  /// Weights: the model wants the transpose of the checkpoint's tensor.
  bool transposed = false;
  /// Weights: 0, or TFM_PREPACK_LINEAR with the tfmrt_linear flags.
  int32_t prepack = 0;
  /// Weights: other names a checkpoint may give it, in order.
  SmallVector<std::string> aliases;
};

/// Dimension `dim` of input `input` must equal dimension `otherDim` of
/// input `otherInput` or, when `otherInput` is -1, the size `size`: a
/// tfm_dim_equality of the model's description.
struct InputDimEquality {
  int64_t input = 0, dim = 0;
  int64_t otherInput = -1, otherDim = 0;
  int64_t size = 0;
};

struct ModelInterface {
  SmallVector<TensorSpec> inputs, outputs, params;
  /// What libtfmrt checks of the inputs' dynamic dimensions before a run.
  SmallVector<InputDimEquality> equalInputDims;
  /// @forward's first argument is libtfmrt's run context
  /// (`tfmrt.run_context`), which is not an input.
  bool takesRunContext = false;
  /// TFM_PRECISION_*: the lowest precision of the model's products.
  int32_t precision = TFM_PRECISION_F32;
};

/// Reads the interface of `forward` after weight binding (weights are its
/// trailing `tfm.param` arguments) from its types and its `tfm.*` argument
/// and result attributes. Checks the types (tensors of f32, i64 or i32 in,
/// f32 out), the attributes' types and the names (unique among inputs and
/// among outputs, plain file names), with an error at `forward` otherwise.
/// Arguments are numbered in errors and default names as the model's
/// arguments, without the run context. Also reads the equalities of the
/// inputs' dynamic dimensions (readEqualInputDims) and the lowest precision
/// of its linear layers and attention (before or after tfm-to-dnnl).
FailureOr<ModelInterface> readModelInterface(func::FuncOp forward);

/// Follows the dimensions the ops of `forward` require equal
/// (tfm::EqualDimsOpInterface; all operands and results of ops with the
/// same-shape traits, such as arith on tensors) from its arguments, and
/// records in `model.equalInputDims` what each dynamic input dimension must
/// equal: a static size, or the first input dimension of its class. Fails
/// with an error at the op that equates two dimensions of different static
/// sizes, with notes where the sizes come from. `model.inputs` must have
/// been read.
LogicalResult readEqualInputDims(func::FuncOp forward, ModelInterface &model);

/// Removes the attributes the interface was read from (LLVM has no use for
/// them), marks each weight's argument with its position among the weights
/// (tfm.weight_index, for tfm-load-weights-from-table) and marks `forward`
/// for MLIR's C interface, which the model's entry calls.
void prepareForwardForLowering(func::FuncOp forward);

} // namespace mlir::tfm

#endif // TFM_CONVERSION_MODELTOLLVM_MODELINTERFACE_H
