// An executable links libtfmtools, whose tfmrt_main is its main(), and
// libtfmrt; a shared library is embedded through libtfmrt's C API alone.

// RUN: tfm-compile %s -o %t.exe
// RUN: llvm-readelf -d %t.exe | FileCheck %s --check-prefix=EXE
// EXE-DAG: (NEEDED) {{.*}}[libtfmtools.so]
// EXE-DAG: (NEEDED) {{.*}}[libtfmrt.so]
// RUN: %t.exe --help | FileCheck %s --check-prefix=HELP
// HELP: Usage: {{.*}}.exe --weights MODEL.safetensors

// RUN: tfm-compile %s --emit=shared -o %t.so
// RUN: llvm-readelf -d %t.so | FileCheck %s --check-prefix=SHARED --implicit-check-not=libtfmtools
// SHARED: (NEEDED) {{.*}}[libtfmrt.so]

func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "y"}) {
  %p = tfm.softmax %x : tensor<?x4xf32>
  return %p : tensor<?x4xf32>
}
