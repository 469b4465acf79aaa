//===- TfmAttrs.td - tfm enum attributes -------------------*- tablegen -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMATTRS_TD
#define TFM_DIALECT_TFM_IR_TFMATTRS_TD

include "tfm/Dialect/Tfm/IR/TfmDialect.td"
include "mlir/IR/EnumAttr.td"

def Tfm_WeightLayoutInOut : I32EnumAttrCase<"in_out", 0>;
def Tfm_WeightLayoutOutIn : I32EnumAttrCase<"out_in", 1>;
def Tfm_WeightLayout : I32EnumAttr<"WeightLayout",
    "how a linear layer's weight matrix is stored",
    [Tfm_WeightLayoutInOut, Tfm_WeightLayoutOutIn]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tfm";
}
def Tfm_WeightLayoutAttr : EnumAttr<Tfm_Dialect, Tfm_WeightLayout, "layout"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    `in_out`: the weight is `[in, out]` and `y = x · W` (GPT-2's Conv1D).
    `out_in`: the weight is `[out, in]` and `y = x · Wᵀ` (`torch.nn.Linear`).
  }];
}

def Tfm_GeluTanh : I32EnumAttrCase<"tanh", 0>;
def Tfm_GeluErf : I32EnumAttrCase<"erf", 1>;
def Tfm_GeluSigmoid : I32EnumAttrCase<"sigmoid", 2>;
def Tfm_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "how GELU's Gaussian CDF is computed", [Tfm_GeluTanh, Tfm_GeluErf, Tfm_GeluSigmoid]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tfm";
}
def Tfm_GeluApproximationAttr
    : EnumAttr<Tfm_Dialect, Tfm_GeluApproximation, "approximate"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    `erf`: the exact `0.5·x·(1 + erf(x/√2))` (BERT, ViT: `hidden_act = "gelu"`).
    `tanh`: `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` (GPT-2's `gelu_new`).
    `sigmoid`: `x·σ(1.702·x)`, the CDF approximated by a logistic sigmoid
    (CLIP's `quick_gelu`).
  }];
}

def Tfm_ActivationNone : I32EnumAttrCase<"none", 0>;
def Tfm_ActivationGeluTanh : I32EnumAttrCase<"gelu_tanh", 1>;
def Tfm_ActivationGeluErf : I32EnumAttrCase<"gelu_erf", 2>;
def Tfm_ActivationTanh : I32EnumAttrCase<"tanh", 3>;
def Tfm_ActivationGeluSigmoid : I32EnumAttrCase<"gelu_sigmoid", 4>;
def Tfm_ActivationRelu : I32EnumAttrCase<"relu", 5>;
def Tfm_ActivationSilu : I32EnumAttrCase<"silu", 6>;
def Tfm_Activation : I32EnumAttr<"Activation",
    "element-wise activation applied to a linear layer's output",
    [Tfm_ActivationNone, Tfm_ActivationGeluTanh, Tfm_ActivationGeluErf,
     Tfm_ActivationTanh, Tfm_ActivationGeluSigmoid, Tfm_ActivationRelu,
     Tfm_ActivationSilu]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tfm";
}
def Tfm_ActivationAttr : EnumAttr<Tfm_Dialect, Tfm_Activation, "activation"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    `gelu_tanh`, `gelu_erf` and `gelu_sigmoid` are GELU with the
    approximation of that name (see the approximate attribute); `tanh` is
    the hyperbolic tangent (BERT's pooler); `relu` is `max(x, 0)`; `silu` is
    `x · sigmoid(x)` (LLaMA's SwiGLU gate).
  }];
}

def Tfm_PrecisionF32 : I32EnumAttrCase<"f32", 0>;
def Tfm_PrecisionBf16 : I32EnumAttrCase<"bf16", 1>;
def Tfm_PrecisionInt8 : I32EnumAttrCase<"int8", 2>;
def Tfm_Precision : I32EnumAttr<"Precision",
    "the arithmetic a linear layer or attention runs at",
    [Tfm_PrecisionF32, Tfm_PrecisionBf16, Tfm_PrecisionInt8]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tfm";
}
def Tfm_PrecisionAttr : EnumAttr<Tfm_Dialect, Tfm_Precision, "precision"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    What an op's products compute with; tensors stay f32 between ops.
    `f32`: f32 throughout. `bf16`: inputs and weights rounded to bf16, the
    products accumulated in f32 (on CPUs without a fast bf16 kernel the
    runtime computes in f32). `int8` (linear layers only): weights quantized
    to s8 per output channel when bound, inputs to s8 per row at run time,
    products accumulated in s32 and dequantized to f32 before the bias,
    activation and residual. See the user guide's "Precision" section.
  }];
}

#endif // TFM_DIALECT_TFM_IR_TFMATTRS_TD
