// tfm-compile's errors: each exits non-zero without crashing (plain `not`
// fails on a signal; only `not --crash` would accept one) and prints one
// diagnostic naming the problem, with file:line:col when it is in the IR.

// RUN: rm -rf %t && split-file %s %t

// The command line is checked before the input is read.
// RUN: not tfm-compile %t/model.mlir -o %t/x -O7 2>&1 | FileCheck %s --check-prefix=OPT-LEVEL
// OPT-LEVEL: tfm-compile: error: -O7 is not an optimisation level; use -O0 to -O3
// RUN: not tfm-compile %t/model.mlir -o %t/x -Ofast 2>&1 | FileCheck %s --check-prefix=OPT-FAST
// OPT-FAST: tfm-compile: for the -O option: 'fast' value invalid for uint argument!
// RUN: not tfm-compile %t/model.mlir -o %t/x --backend=foo 2>&1 | FileCheck %s --check-prefix=BACKEND
// BACKEND: tfm-compile: error: unknown backend 'foo'; available: dnnl, llvm
// RUN: not tfm-compile %t/model.mlir -o %t/x --precision=fp8 2>&1 | FileCheck %s --check-prefix=PRECISION
// PRECISION: tfm-compile: error: unknown precision 'fp8'; available: f32, bf16, int8
// RUN: not tfm-compile %t/model.mlir -o %t/x --precision=bf16 --backend=llvm 2>&1 | FileCheck %s --check-prefix=LLVM-BF16
// LLVM-BF16: tfm-compile: error: precision bf16 needs the dnnl backend; the llvm backend computes in f32
// RUN: not tfm-compile %t/model.mlir -o %t/x --precision=int8 --backend=llvm 2>&1 | FileCheck %s --check-prefix=LLVM-INT8
// LLVM-INT8: tfm-compile: error: precision int8 needs the dnnl backend
// RUN: not tfm-compile %t/model.mlir -o %t/x --emit=bogus 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: tfm-compile: for the --emit option: Cannot find option named 'bogus'!
// RUN: not tfm-compile %t/model.mlir 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT
// NO-OUTPUT: tfm-compile: for the -o option: must be specified at least once!
// None of them wrote anything.
// RUN: not test -e %t/x

// RUN: not tfm-compile %t/does-not-exist.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: tfm-compile: error: cannot open input file '{{.*}}does-not-exist.mlir': No such file or directory
// RUN: not tfm-compile %t -o %t/x 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// DIRECTORY: tfm-compile: error: cannot open input file '{{.*}}': Is a directory

// RUN: not tfm-compile %t/no-forward.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=NO-FORWARD
// NO-FORWARD: tfm-compile: error: '{{.*}}no-forward.mlir' has no function @forward to compile
// A declaration is not a function to compile.
// RUN: not tfm-compile %t/declared-forward.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DECLARED
// DECLARED: tfm-compile: error: '{{.*}}declared-forward.mlir' has no function @forward to compile
// RUN: not tfm-compile %t/empty.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: tfm-compile: error: '{{.*}}empty.mlir' has no function @forward to compile

// Parse and verifier errors point into the file.
// RUN: not tfm-compile %t/malformed.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=MALFORMED
// MALFORMED: {{.*}}malformed.mlir:2:8: error: custom op 'tfm.bogus' is unknown
// RUN: not tfm-compile %t/invalid-op.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=INVALID-OP
// INVALID-OP: {{.*}}invalid-op.mlir:3:8: error: 'tfm.linear' op linear weight 'tensor<5x6xf32>' in layout in_out expects 5 input features, but the input has 4

// The interface only has tensors of f32, i64 or i32 in and f32 out.
// RUN: not tfm-compile %t/f64-argument.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=F64
// F64: {{.*}}f64-argument.mlir:1:1: error: argument #0 has unsupported type 'tensor<?xf64>'; expected a tensor of f32, i64 or i32
// RUN: not tfm-compile %t/index-argument.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=INDEX
// INDEX: {{.*}}index-argument.mlir:1:1: error: argument #0 has unsupported type 'index'; expected a tensor of f32, i64 or i32
// RUN: not tfm-compile %t/i64-result.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=I64-RESULT
// I64-RESULT: {{.*}}i64-result.mlir:1:1: error: result #0 has unsupported type 'tensor<?x4xi64>'; expected a tensor of f32
// A weight is bound as a trailing argument, so it is checked the same way.
// RUN: not tfm-compile %t/f16-param.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=F16-PARAM
// F16-PARAM: {{.*}}f16-param.mlir:1:1: error: argument #1 has unsupported type 'tensor<4xf16>'

// Errors of the passes: conflicting weights, weights in a called function.
// RUN: not tfm-compile %t/conflicting-params.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=CONFLICT
// CONFLICT: {{.*}}conflicting-params.mlir:3:9: error: 'tfm.param' op parameter 'w' has type 'tensor<8xf32>', but an earlier use has type 'tensor<4xf32>'
// RUN: not tfm-compile %t/called-params.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=CALLED-PARAMS
// CALLED-PARAMS: {{.*}}called-params.mlir:1:1: error: tfm.param is only supported in functions that are not called; inline @helper first
// CALLED-PARAMS: {{.*}}called-params.mlir:7:8: note: called here
// A dynamic image size for patch_embed is a verifier error (it used to fail
// in the lowering, with a generic "failed to legalize").
// RUN: not tfm-compile %t/dynamic-image.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DYNAMIC-IMAGE
// DYNAMIC-IMAGE: {{.*}}dynamic-image.mlir:4:8: error: 'tfm.patch_embed' op pixels must have static channels and image size, but have type 'tensor<1x3x?x8xf32>'
// RUN: not test -e %t/x

// Input and output names: the executable looks inputs up by name and writes
// each output to DIR/NAME.npy, so names are unique among inputs and among
// outputs, and plain file names. The error is at @forward.
// RUN: not tfm-compile %t/duplicate-inputs.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DUPLICATE-INPUTS
// DUPLICATE-INPUTS: {{.*}}duplicate-inputs.mlir:1:1: error: argument #1 has the input name 'x', as does argument #0; input names must be unique
// RUN: not tfm-compile %t/duplicate-outputs.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DUPLICATE-OUTPUTS
// DUPLICATE-OUTPUTS: {{.*}}duplicate-outputs.mlir:1:1: error: result #1 has the output name 'out', as does result #0; output names must be unique
// An unnamed result is output<i>, which can collide with a given name.
// RUN: not tfm-compile %t/duplicate-default-output.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DUPLICATE-DEFAULT
// DUPLICATE-DEFAULT: {{.*}}duplicate-default-output.mlir:1:1: error: result #1 has the output name 'output1', as does result #0; output names must be unique
// RUN: not tfm-compile %t/escaping-output.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=ESCAPING-OUTPUT
// ESCAPING-OUTPUT: {{.*}}escaping-output.mlir:1:1: error: result #0 has the output name '../escaped', which contains '/'; output names may only contain letters, digits, '_', '.' and '-'
// RUN: not tfm-compile %t/dot-dot-output.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DOT-DOT-OUTPUT
// DOT-DOT-OUTPUT: {{.*}}dot-dot-output.mlir:1:1: error: result #0 has the output name '..', which is not a file name
// RUN: not tfm-compile %t/dot-output.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=DOT-OUTPUT
// DOT-OUTPUT: {{.*}}dot-output.mlir:1:1: error: result #0 has the output name '.', which is not a file name
// RUN: not tfm-compile %t/empty-output.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=EMPTY-OUTPUT
// EMPTY-OUTPUT: {{.*}}empty-output.mlir:1:1: error: result #0 has an empty output name
// RUN: not tfm-compile %t/space-input.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=SPACE-INPUT
// SPACE-INPUT: {{.*}}space-input.mlir:1:1: error: argument #0 has the input name 'input ids', which contains ' '; input names may only contain letters, digits, '_', '.' and '-'
// RUN: not tfm-compile %t/equals-input.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=EQUALS-INPUT
// EQUALS-INPUT: {{.*}}equals-input.mlir:1:1: error: argument #0 has the input name 'a=b', which contains '='
// RUN: not test -e %t/x
// An input and an output may share a name, and names may use '.', '-' and
// digits (the control).
// RUN: tfm-compile %t/allowed-names.mlir --emit=obj -o %t/allowed-names.o

// An output that cannot be written, for every kind of output.
// RUN: not tfm-compile %t/model.mlir --emit=mlir -o /nonexistent/dir/x 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: not tfm-compile %t/model.mlir --emit=llvm -o /nonexistent/dir/x 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: not tfm-compile %t/model.mlir --emit=obj -o /nonexistent/dir/x 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// UNWRITABLE: tfm-compile: error: cannot write '/nonexistent/dir/x': No such file or directory
// RUN: not tfm-compile %t/model.mlir --emit=obj -o %t 2>&1 | FileCheck %s --check-prefix=IS-DIRECTORY
// IS-DIRECTORY: tfm-compile: error: cannot write '{{.*}}': Is a directory
// The executable is written by the linker, whose failure is reported.
// RUN: not tfm-compile %t/model.mlir --emit=exe -o /nonexistent/dir/x 2>&1 | FileCheck %s --check-prefix=UNWRITABLE-EXE
// UNWRITABLE-EXE: tfm-compile: error: linking '/nonexistent/dir/x' failed

// The control: the same model compiles.
// RUN: tfm-compile %t/model.mlir --emit=obj -o %t/model.o
// RUN: test -s %t/model.o

//--- model.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> tensor<?x6xf32> {
  %w = tfm.param "w" : tensor<4x6xf32>
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}
//--- no-forward.mlir
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
//--- declared-forward.mlir
func.func private @forward(tensor<4xf32>) -> tensor<4xf32>
//--- empty.mlir
//--- malformed.mlir
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tfm.bogus %x
  return %x : tensor<4xf32>
}
//--- invalid-op.mlir
func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x6xf32> {
  %w = tfm.param "w" : tensor<5x6xf32>
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<5x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}
//--- f64-argument.mlir
func.func @forward(%x: tensor<?xf64>) -> tensor<?xf64> {
  return %x : tensor<?xf64>
}
//--- index-argument.mlir
func.func @forward(%t: index) -> tensor<?x?xi1> {
  %0 = tfm.causal_mask %t : tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}
//--- i64-result.mlir
func.func @forward(%ids: tensor<?x4xi64>) -> tensor<?x4xi64> {
  %0 = tfm.position_ids %ids : tensor<?x4xi64>
  return %0 : tensor<?x4xi64>
}
//--- f16-param.mlir
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf16>
  return %x : tensor<4xf32>
}
//--- conflicting-params.mlir
func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  %w2 = tfm.param "w" : tensor<8xf32>
  %0 = tfm.add %x, %w : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
//--- called-params.mlir
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %b = tfm.param "b" : tensor<4xf32>
  %y = tfm.add %x, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
//--- duplicate-inputs.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}, %y: tensor<?x4xf32> {tfm.name = "x"}) -> tensor<?x4xf32> {
  %0 = tfm.add %x, %y : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- duplicate-outputs.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "out"}, tensor<?x4xf32> {tfm.name = "out"}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %x, %0 : tensor<?x4xf32>, tensor<?x4xf32>
}
//--- duplicate-default-output.mlir
func.func @forward(%x: tensor<?x4xf32>) -> (tensor<?x4xf32> {tfm.name = "output1"}, tensor<?x4xf32>) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0, %0 : tensor<?x4xf32>, tensor<?x4xf32>
}
//--- escaping-output.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "../escaped"}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- dot-dot-output.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = ".."}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- dot-output.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "."}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- empty-output.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = ""}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- space-input.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "input ids"}) -> tensor<?x4xf32> {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- equals-input.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "a=b"}) -> tensor<?x4xf32> {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- allowed-names.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "hidden_states.v-2"}) -> (tensor<?x4xf32> {tfm.name = "hidden_states.v-2"}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
//--- dynamic-image.mlir
func.func @forward(%x: tensor<1x3x?x8xf32>) -> tensor<1x?x4xf32> {
  %w = tfm.param "w" : tensor<4x3x4x4xf32>
  %b = tfm.param "b" : tensor<4xf32>
  %0 = tfm.patch_embed %x, %w, %b : (tensor<1x3x?x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return %0 : tensor<1x?x4xf32>
}
