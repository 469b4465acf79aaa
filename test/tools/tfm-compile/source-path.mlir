// What tfm-compile writes does not hold the path of the model it was
// compiled from: the description records the model's name (the file's
// stem), nothing else of the path. The llvm backend's OpenMP loops, and
// -O0, would show source locations if any were kept.

// RUN: rm -rf %t && mkdir -p %t/a-source-directory-name
// RUN: cp %S/Inputs/target-cpu/model.mlir %t/a-source-directory-name/linear.mlir
// RUN: cd %t && tfm-compile a-source-directory-name/linear.mlir --backend=llvm -O0 -o %t/linear.exe
// RUN: tfm-compile %t/a-source-directory-name/linear.mlir --backend=llvm --emit=llvm -o %t/linear.ll
// RUN: tfm-compile %t/a-source-directory-name/linear.mlir --backend=llvm --emit=obj -o %t/linear.o
// RUN: tfm-compile %t/a-source-directory-name/linear.mlir --backend=llvm --emit=shared -o %t/liblinear.so
// RUN: tfm-compile %t/a-source-directory-name/linear.mlir --backend=llvm --emit=static -o %t/liblinear.a
// RUN: tfm-compile %t/a-source-directory-name/linear.mlir --emit=shared -o %t/liblinear-dnnl.so
// RUN: not grep -l a-source-directory-name %t/linear.exe %t/linear.ll %t/linear.o %t/liblinear.so %t/liblinear.a %t/liblinear-dnnl.so

// The control: the name is recorded, and the OpenMP loops are there.
// RUN: %t/linear.exe --help | FileCheck %s
// CHECK: Runs the compiled model 'linear'
// RUN: grep -c __kmpc_fork_call %t/linear.ll
