// Identical layers compile once (tfm-outline-layers): a 48-layer tiny GPT-2
// has one function for its layers, called 48 times from @forward with each
// layer's weights, on both backends; so compile time and code size do not
// grow with the square of the layer count as one inlined @forward's did.
// @forward takes its 580 weights as one table of descriptor pointers
// (tfm-load-weights-from-table), not as 3300 scalars, which made code
// generation grow faster than the layer count: it has the run context, the
// input's descriptor and the table, and its C interface four pointers
// (results, context, input, table).

// RUN: tfm-import %S/Inputs/tiny-gpt2-48-layers.json -o %t.mlir
// RUN: tfm-compile %t.mlir --backend=dnnl --emit=llvm -o %t.dnnl.ll
// RUN: FileCheck %s < %t.dnnl.ll
// RUN: tfm-compile %t.mlir --backend=llvm --emit=llvm -o %t.llvm.ll
// RUN: FileCheck %s < %t.llvm.ll

// CHECK:           define internal {{.*}} @layer(
// CHECK-NOT:       define {{.*}} @layer_
// CHECK:           define {{.*}} @forward({{([^,)]*, ){0,15}[^,)]*}}) {{.*}}{
// CHECK-COUNT-48:  call {{.*}} @layer(
// CHECK-NOT:       call {{.*}} @layer(
// CHECK:           define {{.*}} @_mlir_ciface_forward(ptr {{[^,]*}}, ptr {{[^,]*}}, ptr {{[^,]*}}, ptr {{[^,)]*}}) {{.*}}{

// A model without tfm.layer ops (hand-written IR) is compiled as before;
// see test/Dialect/Tfm/Transforms/outline-layers.mlir.
