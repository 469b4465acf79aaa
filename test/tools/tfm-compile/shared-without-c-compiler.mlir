// tfm-compile --emit=shared needs a linker, lld, and no C compiler: with
// PATH holding ld.lld alone (no cc, gcc or clang), a tiny BERT compiles to a
// shared library that the C API concurrency test (two loaded copies, three
// contexts on three threads, bad calls) runs like any other.

// RUN: rm -rf %t && mkdir -p %t/bin
// RUN: ln -s "$(command -v ld.lld)" %t/bin/ld.lld
// RUN: ls %t/bin | FileCheck %s --check-prefix=PATH-HOLDS --implicit-check-not={{.}}
// PATH-HOLDS: {{^}}ld.lld{{$}}

// RUN: %python %tfm_src_root/scripts/make_reference.py --model bert --out %t/bert --no-cases
// RUN: tfm-import %t/bert/config.json -o %t/bert.mlir
// RUN: env PATH=%t/bin tfm-compile %t/bert.mlir --emit=shared -o %t/libbert.so
// RUN: cp %t/libbert.so %t/libbert-copy.so

// The test program itself is C, built with the C compiler tfm was built with.
// RUN: %cc -std=c99 -I%tfm_src_root/include %tfm_src_root/test/Integration/api-concurrency/api_concurrency.c \
// RUN:   -o %t/api-concurrency -L%tfm_obj_root/lib -Wl,-rpath,%tfm_obj_root/lib -ltfmrt -lpthread
// RUN: %t/api-concurrency %t/libbert.so %t/libbert-copy.so %t/bert/model.safetensors | FileCheck %s
// CHECK: 3 contexts x 20 runs
// CHECK: all ok

// Without lld on PATH the error says what is missing and how to choose one.
// RUN: mkdir -p %t/empty
// RUN: not env PATH=%t/empty tfm-compile %t/bert.mlir --emit=shared -o %t/libnone.so 2>&1 | FileCheck %s --check-prefix=NO-LLD
// NO-LLD: tfm-compile: error: cannot find the linker ld.lld or ld.lld-19 to link '{{.*}}libnone.so' with (set TFM_LD)
// RUN: not test -e %t/libnone.so
