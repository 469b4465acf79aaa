// tfm-compile's outputs for a tiny model (a weight-bound linear, a layer
// norm and a softmax). The pipeline's internals (tiling, vectorization,
// OpenMP) are not checked here, only what each output must contain.

// --emit=mlir: the model in the LLVM dialect, @forward plus the C interface
// wrapper the model's entry calls; the tfm.* argument attributes, which the
// model's description records, are gone.
// RUN: tfm-compile %s --emit=mlir -o %t.mlir
// RUN: FileCheck %s --check-prefix=MLIR < %t.mlir
// MLIR-NOT:  tfm.
// MLIR-DAG:  llvm.func @forward(
// MLIR-DAG:  llvm.func @_mlir_ciface_forward(
// MLIR-NOT:  tfm.

// --emit=llvm: LLVM IR with a definition of both entry points, each taking
// the run context first, never null; translating it warns about nothing.
// RUN: tfm-compile %s --emit=llvm -o %t.ll 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=LLVM < %t.ll
// LLVM-DAG:  define {{.*}} @forward(ptr nonnull %0,
// LLVM-DAG:  define void @_mlir_ciface_forward(ptr {{[^%]*}}%0, ptr nonnull %1,

// --emit=obj: a non-empty object file defining both symbols, and the
// model's description (without main).
// RUN: rm -f %t.o
// RUN: tfm-compile %s --emit=obj -o %t.o
// RUN: test -s %t.o
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=OBJ
// RUN: llvm-nm %t.o | not grep " T main$"
// OBJ-DAG:   T _mlir_ciface_forward
// OBJ-DAG:   T forward
// OBJ-DAG:   T tfm_compiled_model

// --emit=exe (the default): an executable linked with libtfmrt that
// describes the model's inputs and outputs (names from tfm.name).
// RUN: rm -f %t.exe
// RUN: tfm-compile %s -o %t.exe
// RUN: %t.exe --help | FileCheck %s --check-prefix=EXE
// EXE:       Usage: {{.*}}.exe --weights MODEL.safetensors --input NAME=FILE.npy
// EXE:       Inputs:
// EXE-NEXT:    x float32 (?, ?, 4) required
// EXE:       Outputs:
// EXE-NEXT:    probs float32 (?, ?, 4)

// --emit=shared: a shared library that exports only tfm_compiled_model();
// the model's own functions are hidden, so several models can be loaded
// into one process side by side.
// RUN: rm -f %t.so
// RUN: tfm-compile %s --emit=shared -o %t.so
// RUN: llvm-nm -D --defined-only %t.so | FileCheck %s --check-prefix=SHARED
// SHARED-NOT: forward
// SHARED:     T tfm_compiled_model
// SHARED-NOT: forward

// --emit=static: an archive of the model and its description, without main,
// to link into a program (tfm_model_from_linked(tfm_compiled_model(), ...)).
// RUN: rm -f %t.a
// RUN: tfm-compile %s --emit=static -o %t.a
// RUN: llvm-nm %t.a | FileCheck %s --check-prefix=STATIC
// RUN: llvm-nm %t.a | not grep " T main$"
// STATIC-DAG: T tfm_compiled_model
// STATIC-DAG: T _mlir_ciface_forward

// Every optimisation level compiles; -O0 also runs.
// RUN: tfm-compile %s --emit=exe -O0 -o %t.O0.exe
// RUN: %t.O0.exe --help | FileCheck %s --check-prefix=EXE
// RUN: tfm-compile %s --emit=obj -O1 -o %t.O1.o
// RUN: tfm-compile %s --emit=obj -O2 -o %t.O2.o
// RUN: test -s %t.O1.o
// RUN: test -s %t.O2.o

func.func @forward(%x: tensor<?x?x4xf32> {tfm.name = "x"}) -> (tensor<?x?x4xf32> {tfm.name = "probs"}) {
  %w = tfm.param "fc.weight" : tensor<4x4xf32>
  %b = tfm.param "fc.bias" : tensor<4xf32>
  %g = tfm.param "ln.weight" : tensor<4xf32>
  %beta = tfm.param "ln.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %n = tfm.layer_norm %y, %g, %beta eps 1.000000e-05 : (tensor<?x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %p = tfm.softmax %n : tensor<?x?x4xf32>
  return %p : tensor<?x?x4xf32>
}
