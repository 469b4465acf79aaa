// The executable's default thread count: OMP_NUM_THREADS when it is a
// positive integer, else the CPUs the process may run on; a malformed
// OMP_NUM_THREADS is ignored with a warning, and the run goes on (LLVM's
// libomp alone would abort on "abc" or "4,x" when the model's first
// parallel loop starts).

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/target-cpu/make-inputs.py %t
// RUN: tfm-compile %S/Inputs/target-cpu/model.mlir --backend=llvm -o %t/model.exe

// RUN: env OMP_NUM_THREADS=3 %t/model.exe --help | FileCheck %s --check-prefix=HELP
// HELP: --threads N        threads the model may use (default: OMP_NUM_THREADS if set,
// HELP-NEXT: else the CPUs this process may run on; here 3)
// RUN: env OMP_NUM_THREADS=3 %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out --bench 1 | FileCheck %s --check-prefix=THREE
// THREE: "threads": 3,
// --threads wins.
// RUN: env OMP_NUM_THREADS=3 %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out --bench 1 --threads 1 | FileCheck %s --check-prefix=ONE
// ONE: "threads": 1,
// Restricted to one CPU (as taskset, numactl or a container's CPU set do).
// RUN: env -u OMP_NUM_THREADS taskset -c 0 %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out --bench 1 | FileCheck %s --check-prefix=ONE

// RUN: env OMP_NUM_THREADS=abc %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-abc 2>&1 | FileCheck %s --check-prefix=ABC
// ABC: model.exe: warning: ignoring OMP_NUM_THREADS='abc', which is not a positive integer; using {{[0-9]+}} thread{{s?}}, the CPUs this process may run on (pass --threads N to choose)
// ABC: y: float32 (37, 64)
// RUN: %python %S/Inputs/target-cpu/check.py %t %t/out-abc | FileCheck %s --check-prefix=NUMBERS
// NUMBERS: y matches
// RUN: env OMP_NUM_THREADS=4,x %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-list 2>&1 | FileCheck %s --check-prefix=LIST
// LIST: model.exe: warning: ignoring OMP_NUM_THREADS='4,x'
// LIST: y: float32 (37, 64)
// With --threads the malformed value is not used: no warning, and the run
// still survives libomp.
// RUN: env OMP_NUM_THREADS=abc %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-t2 --threads 2 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=warning
// QUIET: y: float32 (37, 64)
