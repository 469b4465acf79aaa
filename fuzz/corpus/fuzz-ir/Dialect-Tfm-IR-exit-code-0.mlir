// Malformed input gives a located MLIR diagnostic and a failing exit code, not
// a crash: `not` fails the RUN line if tfm-opt exits 0 or dies of a signal.

// RUN: not tfm-opt %s 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: not tfm-opt < %s 2>&1 | FileCheck %s --check-prefix=STDIN
// RUN: not tfm-opt %s --split-input-file 2>&1 | FileCheck %s --check-prefix=SPLIT

// Without --split-input-file the whole file is one module and the verifier
// stops at its first error.
// FILE: {{.*}}exit-code.mlir:[[@LINE+5]]:8: error: 'tfm.param' op requires a non-empty parameter name
// FILE-NOT: error:
// STDIN: <stdin>:[[@LINE+3]]:8: error: 'tfm.param' op requires a non-empty parameter name
// STDIN-NOT: error:
func.func @empty_param_name() {
  %0 = tfm.param "" : tensor<2xf32>
  return
}

