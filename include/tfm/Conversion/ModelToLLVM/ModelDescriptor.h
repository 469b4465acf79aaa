//===- ModelDescriptor.h - the model's description in the LLVM dialect -*- C++ -*-===//
//
// A compiled model describes itself to libtfmrt with the structs of
// tfm/Runtime/ModelAbi.h, returned by tfm_compiled_model(). These functions
// emit that description as LLVM dialect globals, and the model's entry
// point (tfm_entry_fn), which calls MLIR's C interface of @forward.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_CONVERSION_MODELTOLLVM_MODELDESCRIPTOR_H
#define TFM_CONVERSION_MODELTOLLVM_MODELDESCRIPTOR_H

#include "tfm/Conversion/ModelToLLVM/ModelInterface.h"

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir::tfm {

/// The function a model library exports: `const tfm_model
/// *tfm_compiled_model(void)`.
inline constexpr llvm::StringLiteral kCompiledModelFunctionName = "tfm_compiled_model";
/// The model's entry point (tfm_entry_fn), which tfm_model.entry points to.
inline constexpr llvm::StringLiteral kModelEntryFunctionName = "tfm_model_entry";
/// On the entry's declaration, until its body is defined: how it calls
/// @_mlir_ciface_forward, a dictionary of `results` (whether forward
/// returns anything, so takes the results' address first), `context`
/// (whether it takes the run context next), `descriptors` (how many input
/// descriptors follow) and `weights` (how many weight descriptors follow
/// the inputs' in `arguments`: when any, their address is passed last, as
/// tfm-load-weights-from-table makes @forward take them).
inline constexpr llvm::StringLiteral kModelEntryAttrName = "tfm.model_entry";

/// The LLVM struct types of ModelAbi.h's tfm_io_info, tfm_param_info and
/// tfm_model: identified structs of those names, field by field.
LLVM::LLVMStructType getIoInfoType(MLIRContext *context);
LLVM::LLVMStructType getParamInfoType(MLIRContext *context);
LLVM::LLVMStructType getModelType(MLIRContext *context);
/// ModelAbi.h's tfm_dim_equality, whose fields are all int64_t: an array
/// of kDimEqualityFields i64, so that a table of them is one dense constant.
inline constexpr int64_t kDimEqualityFields = 5;
LLVM::LLVMArrayType getDimEqualityType(MLIRContext *context);

struct ModelDescriptorOptions {
  /// tfm_model.name.
  std::string modelName = "model";
  /// tfm_model.target_cpu; empty for NULL.
  std::string targetCpu;
  /// tfm_model.cpu_features, without the terminating NULL.
  std::vector<std::string> cpuFeatures;
  /// Also define the executable's `int main(int argc, char **argv)`, which
  /// returns tfmrt_main(argc, argv, tfm_compiled_model()).
  bool emitMain = false;
};

/// Adds to `module` the description of `model` (private constant globals),
/// tfm_compiled_model() and the declaration of the entry point, marked with
/// kModelEntryAttrName; with options.emitMain, also main(). Fails with an
/// error at `module` if it already has a symbol of those public names.
LogicalResult emitModelDescriptor(ModuleOp module, const ModelInterface &model,
                                  const ModelDescriptorOptions &options);

/// Defines the body of the entry point emitModelDescriptor declared: it
/// loads each input's descriptor pointer from `arguments` and calls
/// @_mlir_ciface_forward(results, [context,] descriptors..., [weights]),
/// where `weights` is the address of the weights' descriptor pointers. Does nothing
/// when `module` has no such declaration; fails with an error if
/// @_mlir_ciface_forward is missing or does not take what the mark says.
LogicalResult defineModelEntry(ModuleOp module);

/// Replaces the arguments of `function` marked tfm.weight_index by one
/// pointer argument, last, to the table of their descriptors' pointers, and
/// loads each weight's pointers from it where the function starts (see
/// tfm-load-weights-from-table). Does nothing to a function without marks;
/// fails with an error at `function` if it cannot be rewritten.
LogicalResult loadWeightsFromTable(func::FuncOp function);

} // namespace mlir::tfm

#endif // TFM_CONVERSION_MODELTOLLVM_MODELDESCRIPTOR_H
