// tfm-compile --precision: the model records its precision, which the
// executable's --help and --bench report, and its answer stays within the
// precision's bound of the f64 reference whatever kernel this CPU runs it
// with (bf16 computes in f32 where oneDNN has no fast bf16 kernel).

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/precision/make-inputs.py %t
// RUN: tfm-compile %S/Inputs/precision/model.mlir -o %t/f32.exe
// RUN: tfm-compile %S/Inputs/precision/model.mlir --precision=bf16 -o %t/bf16.exe
// RUN: tfm-compile %S/Inputs/precision/model.mlir --precision=int8 -o %t/int8.exe

// RUN: %t/f32.exe --help | FileCheck %s --check-prefix=HELP-F32
// RUN: %t/bf16.exe --help | FileCheck %s --check-prefix=HELP-BF16
// RUN: %t/int8.exe --help | FileCheck %s --check-prefix=HELP-INT8
// HELP-F32:      Precision:
// HELP-F32-NEXT:   f32
// HELP-BF16:      Precision:
// HELP-BF16-NEXT:   bf16
// HELP-INT8:      Precision:
// HELP-INT8-NEXT:   int8

// RUN: %t/int8.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/int8 --bench 1 | FileCheck %s --check-prefix=BENCH
// BENCH: "precision": "int8"

// RUN: %t/bf16.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/bf16
// RUN: %python %S/Inputs/precision/check.py %t %t/bf16 bf16 | FileCheck %s --check-prefix=BF16
// RUN: %python %S/Inputs/precision/check.py %t %t/int8 int8 | FileCheck %s --check-prefix=INT8
// BF16: y within bf16's bound
// INT8: y within int8's bound
