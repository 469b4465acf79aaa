// The model's name is a C string in its description (tfm_model.name): it
// may not contain a control character, which would cut it short (NUL) or
// break messages (newline). tfm-compile names the model after the input
// file, so a file name with a newline is refused with the same error.

// RUN: tfm-opt %s --tfm-emit-model-descriptor="model-name=tiny-model.v2" | FileCheck %s
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model_name("tiny-model.v2\00")

// RUN: not tfm-opt %s --tfm-emit-model-descriptor="model-name=tiny$(printf '\001')model" 2>&1 | FileCheck %s --check-prefix=CONTROL
// CONTROL: error: the model name "tiny\01model" contains the control character 0x01; names may not contain control characters

// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s "%t/$(printf 'new\nline').mlir"
// RUN: not tfm-compile "%t/$(printf 'new\nline').mlir" -o %t/x 2>&1 | FileCheck %s --check-prefix=NEWLINE
// NEWLINE: error: the model name "new\0Aline" contains the control character 0x0a; names may not contain control characters
// RUN: not test -e %t/x
// Spaces and UTF-8 are kept as they are.
// RUN: cp %s "%t/my model é.mlir"
// RUN: tfm-compile "%t/my model é.mlir" -o %t/named.mlir --emit=mlir
// RUN: FileCheck %s --check-prefix=UNUSUAL < %t/named.mlir
// UNUSUAL: llvm.mlir.global private constant @tfm_model_name("my model \C3\A9\00")

func.func @forward(%x: tensor<4xf32> {tfm.name = "x"}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
