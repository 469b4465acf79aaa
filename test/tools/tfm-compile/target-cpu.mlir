// tfm-compile --target-cpu: the CPU the object code is generated for
// (default native), which the model records with the x86 features its code
// may use; the runtime refuses, with a message and before any generated code
// runs, a model whose features the running CPU lacks. Everything here holds
// on any x86-64-v3 machine: compiling for another CPU never depends on the
// host, and sierraforest has VEX extensions (avxifma, avxvnniint8,
// avxneconvert) that neither Zen 3/4 nor Sapphire Rapids have.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/target-cpu/make-inputs.py %t

// An unknown name is an error saying how to list the valid ones, checked
// before the input is read; nothing is written.
// RUN: not tfm-compile %t/does-not-exist.mlir -o %t/x --target-cpu=pentium5 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: tfm-compile: error: unknown target CPU 'pentium5'; use native, x86-64-v2, x86-64-v3, x86-64-v4 or an LLVM CPU name (tfm-compile --target-cpu=help lists them)
// RUN: not tfm-compile %S/Inputs/target-cpu/model.mlir -o %t/x --target-cpu=X86-64-V3 2>&1 | FileCheck %s --check-prefix=UPPER
// UPPER: tfm-compile: error: unknown target CPU 'X86-64-V3'
// RUN: not tfm-compile %S/Inputs/target-cpu/model.mlir -o %t/x --target-cpu= 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: tfm-compile: error: unknown target CPU ''
// RUN: not test -e %t/x

// --target-cpu=help lists native, the levels and LLVM's CPU names, and
// needs no input or -o.
// RUN: tfm-compile --target-cpu=help | FileCheck %s --check-prefix=HELP
// HELP:      CPUs tfm-compile --target-cpu accepts:
// HELP-NEXT:   native (the default: this machine's CPU and features)
// HELP-DAG:  {{^}}  sapphirerapids{{$}}
// HELP-DAG:  {{^}}  x86-64-v3{{$}}
// HELP-DAG:  {{^}}  x86-64-v4{{$}}
// HELP-DAG:  {{^}}  znver4{{$}}

// The object code follows the target, not this machine: no AVX-512 (zmm)
// for x86-64-v3 even on an AVX-512 host, no AVX or FMA for x86-64, and
// AVX-512 for x86-64-v4 even on an AVX2 host.
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --emit=obj --target-cpu=x86-64-v3 -o %t/v3.o
// RUN: llvm-objdump -d %t/v3.o | FileCheck %s --check-prefix=V3-ISA --implicit-check-not=zmm
// V3-ISA: vfmadd{{.*}}ymm
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --emit=obj --target-cpu=x86-64 -o %t/base.o
// RUN: llvm-objdump -d %t/base.o | FileCheck %s --check-prefix=BASE-ISA --implicit-check-not=ymm --implicit-check-not=zmm --implicit-check-not=vfmadd
// BASE-ISA: xmm
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --emit=obj --target-cpu=x86-64-v4 -o %t/v4.o
// RUN: llvm-objdump -d %t/v4.o | FileCheck %s --check-prefix=V4-ISA
// V4-ISA: vfmadd{{.*}}zmm

// --emit=llvm names the CPU on each function, for llc or clang to follow.
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --emit=llvm --target-cpu=x86-64-v3 -o %t/v3.ll
// RUN: FileCheck %s --check-prefix=V3-IR < %t/v3.ll
// V3-IR: define {{.*}}@forward({{.*}} #[[ATTRS:[0-9]+]]
// V3-IR: attributes #[[ATTRS]] = { {{.*}}"target-cpu"="x86-64-v3"

// So do the llvm backend's register tiles: 6 rows x 16 columns (two 8-wide
// vectors) on AVX2, 8 x 32 (two 16-wide vectors) with AVX-512; an A tile is
// rows x 16 of the reduction.
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --emit=mlir --target-cpu=x86-64-v3 -o %t/v3.ll.mlir --mlir-print-ir-after-all 2>&1 \
// RUN:   | FileCheck %s --check-prefix=V3-TILES --implicit-check-not='vector<8x32xf32>'
// V3-TILES-LABEL: IR Dump After TfmTileAndVectorize
// V3-TILES:       vector.transfer_read {{.*}} : tensor<6x16xf32>, vector<6x16xf32>
// V3-TILES:       vector.transfer_read {{.*}} : tensor<16x16xf32>, vector<16x16xf32>
// V3-TILES:       vector.transfer_read {{.*}} : tensor<6x16xf32>, vector<6x16xf32>
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --emit=mlir --target-cpu=x86-64-v4 -o %t/v4.ll.mlir --mlir-print-ir-after-all 2>&1 \
// RUN:   | FileCheck %s --check-prefix=V4-TILES --implicit-check-not='vector<6x16xf32>'
// V4-TILES-LABEL: IR Dump After TfmTileAndVectorize
// V4-TILES:       vector.transfer_read {{.*}} : tensor<8x16xf32>, vector<8x16xf32>
// V4-TILES:       vector.transfer_read {{.*}} : tensor<16x32xf32>, vector<16x32xf32>
// V4-TILES:       vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>

// The description records the CPU and the features LLVM gives it (implied
// ones included), which --help shows. x86-64-v3 runs here, with the right
// numbers.
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --target-cpu=x86-64-v3 -o %t/v3.exe
// RUN: %t/v3.exe --help | FileCheck %s --check-prefix=V3-HELP
// V3-HELP:      Compiled for:
// V3-HELP-NEXT:   x86-64-v3: sse3, ssse3, sse4.1, sse4.2, popcnt, cx16, sahf, avx, avx2, fma, f16c, bmi, bmi2, lzcnt, movbe{{$}}
// RUN: %t/v3.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-v3
// RUN: %python %S/Inputs/target-cpu/check.py %t %t/out-v3 | FileCheck %s --check-prefix=NUMBERS
// NUMBERS: y matches
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --target-cpu=x86-64 -o %t/base.exe
// RUN: %t/base.exe --help | FileCheck %s --check-prefix=BASE-HELP
// BASE-HELP:      Compiled for:
// BASE-HELP-NEXT:   x86-64 (no features beyond baseline x86-64)
// RUN: %t/base.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-base
// RUN: %python %S/Inputs/target-cpu/check.py %t %t/out-base | FileCheck %s --check-prefix=NUMBERS

// A model compiled for a CPU this one is not: the executable exits with an
// error naming what is missing (not with SIGILL: `not` fails on a signal),
// before it reads anything or creates the output directory; --help too.
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm --target-cpu=sierraforest -o %t/sierraforest.exe
// RUN: not %t/sierraforest.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-sf 2>&1 | FileCheck %s --check-prefix=REFUSED
// RUN: not %t/sierraforest.exe --help 2>&1 | FileCheck %s --check-prefix=REFUSED
// REFUSED: sierraforest.exe: error: this model was compiled for sierraforest (sse3, ssse3, sse4.1, sse4.2, popcnt, cx16, sahf, avx, avx2, fma, f16c, bmi, bmi2, lzcnt, movbe, avxvnni, avxifma, avxvnniint8, avxneconvert, gfni), but this CPU lacks {{[a-z0-9., ]*}}avxifma, avxvnniint8, avxneconvert{{(, gfni)?}}; recompile it with tfm-compile --target-cpu=x86-64-v{{[34]}} (the newest x86-64 level this CPU has) or --target-cpu=native on this machine
// RUN: not test -e %t/out-sf

// The C API checks the same when it opens a model library.
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --emit=shared --target-cpu=sierraforest -o %t/libsierraforest.so
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --emit=shared --target-cpu=x86-64-v3 -o %t/libv3.so
// RUN: %libtfmrt_host_env %python %S/Inputs/target-cpu/open.py %tfm_obj_root/lib/libtfmrt.so %t/libsierraforest.so %t/libv3.so | FileCheck %s --check-prefix=C-API
// C-API:      {{.*}}libsierraforest.so: this model was compiled for sierraforest ({{.*}}), but this CPU lacks {{.*}}avxneconvert
// C-API-NEXT: {{.*}}libv3.so: opened
