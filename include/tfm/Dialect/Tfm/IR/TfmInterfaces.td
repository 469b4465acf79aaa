//===- TfmInterfaces.td - tfm op interfaces ----------------*- tablegen -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMINTERFACES_TD
#define TFM_DIALECT_TFM_IR_TFMINTERFACES_TD

include "mlir/IR/OpBase.td"

def Tfm_EqualDimsOpInterface : OpInterface<"EqualDimsOpInterface"> {
  let cppNamespace = "::mlir::tfm";
  let description = [{
    The dimensions of an op's operands and results that its semantics (and
    so its lowerings, which read one size for all of them) require equal:
    e.g. `tfm.layer_norm` equates the last dimension of its input with the
    length of `gamma` and `beta`, and every dimension of its result with the
    input's. Broadcasting ops equate the dimensions that do not broadcast
    (all but static 1s, as the dialect's rules say).

    The verifiers reject equated dimensions that are static and differ; the
    model's description (`tfm-emit-model-descriptor`) follows the equalities
    across @forward to the inputs' dynamic dimensions, which libtfmrt then
    checks before every run. Only called on verified ops.
  }];
  let methods = [
    InterfaceMethod<
      "Appends the pairs of dimensions the op requires equal.",
      "void", "getEqualDims",
      (ins "::llvm::SmallVectorImpl<::mlir::tfm::DimEquality> &":$equalities)>,
  ];
}

#endif // TFM_DIALECT_TFM_IR_TFMINTERFACES_TD
