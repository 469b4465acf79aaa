// A model compiled for x86-64-v4 (AVX-512) runs on an AVX-512 machine with
// both backends and gives the right numbers (target-cpu.mlir has the rest).
// REQUIRES: x86-64-v4

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/target-cpu/make-inputs.py %t
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --target-cpu=x86-64-v4 -o %t/v4-llvm.exe
// RUN: %t/v4-llvm.exe --help | FileCheck %s --check-prefix=HELP
// HELP:      Compiled for:
// HELP-NEXT:   x86-64-v4: sse3, ssse3, sse4.1, sse4.2, popcnt, cx16, sahf, avx, avx2, fma, f16c, bmi, bmi2, lzcnt, movbe, avx512f, avx512cd, avx512bw, avx512dq, avx512vl{{$}}
// RUN: %t/v4-llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-llvm
// RUN: %python %S/Inputs/target-cpu/check.py %t %t/out-llvm | FileCheck %s
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --target-cpu=x86-64-v4 -o %t/v4-dnnl.exe
// RUN: %t/v4-dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-dnnl
// RUN: %python %S/Inputs/target-cpu/check.py %t %t/out-dnnl | FileCheck %s
// CHECK: y matches
