// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// The verifiers accept a declared result type that is merely compatible with
// the one the operands imply: more static (a size the producer knows) or less
// static (a size it does not say). A lowering builds a value of the implied
// type and casts it to the declared one with tensor.cast, so the op's users
// see the type they were written against.

// Less static: the sum of two 3x4 tensors is declared ?x4.
// CHECK-LABEL: func.func @add_less_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<3x4xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<3x4xf32> to tensor<?x4xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x4xf32>
func.func @add_less_static(%a: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.add %a, %b : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

