// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-load-weights-from-table | FileCheck %s

// The marked weights become one pointer argument, last, to the table of
// their descriptors' pointers; each is loaded (its allocated and aligned
// pointers; offset, sizes and strides from its static type) before its
// first use, by its table index, not its argument number.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[X:[^:]*]]: memref<?xf32>, %[[TABLE:[^:]*]]: !llvm.ptr)
// CHECK-NOT:     tfm.weight_index
// CHECK:         %[[USE_X:.*]] = builtin.unrealized_conversion_cast %[[X]]
// CHECK:         %[[SLOT:.*]] = llvm.getelementptr inbounds %[[TABLE]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[DESCRIPTOR:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[ALLOCATED:.*]] = llvm.load %[[DESCRIPTOR]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[FIELD:.*]] = llvm.getelementptr inbounds %[[DESCRIPTOR]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:         %[[ALIGNED:.*]] = llvm.load %[[FIELD]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[D0:.*]] = llvm.insertvalue %[[ALLOCATED]], %{{.*}}[0]
// CHECK:         %[[D1:.*]] = llvm.insertvalue %[[ALIGNED]], %[[D0]][1]
// CHECK:         %[[OFFSET:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK:         %[[D2:.*]] = llvm.insertvalue %[[OFFSET]], %[[D1]][2]
// CHECK:         %[[ROWS:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK:         llvm.insertvalue %[[ROWS]], %{{.*}}[3, 0]
// CHECK:         %[[ROW_STRIDE:.*]] = llvm.mlir.constant(3 : index) : i64
// CHECK:         llvm.insertvalue %[[ROW_STRIDE]], %{{.*}}[4, 0]
// CHECK:         %[[COLUMNS:.*]] = llvm.mlir.constant(3 : index) : i64
// CHECK:         llvm.insertvalue %[[COLUMNS]], %{{.*}}[3, 1]
// CHECK:         %[[UNIT:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK:         %[[BUILT:.*]] = llvm.insertvalue %[[UNIT]], %{{.*}}[4, 1]
// CHECK:         %[[W:.*]] = builtin.unrealized_conversion_cast %[[BUILT]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<2x3xf32>
// CHECK:         %[[USE_W:.*]] = builtin.unrealized_conversion_cast %[[W]] : memref<2x3xf32> to !llvm.struct
// CHECK:         %[[SLOT_B:.*]] = llvm.getelementptr inbounds %[[TABLE]][0]
// CHECK:         %[[B:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<3xf32>
// CHECK:         %[[USE_B:.*]] = builtin.unrealized_conversion_cast %[[B]] : memref<3xf32> to !llvm.struct
// CHECK:         return
func.func @forward(%x: memref<?xf32>, %w: memref<2x3xf32> {tfm.weight_index = 1 : i64},
                   %b: memref<3xf32> {tfm.weight_index = 0 : i64},
                   %unused: memref<5xf32> {tfm.weight_index = 2 : i64})
    attributes {llvm.emit_c_interface} {
  %0 = builtin.unrealized_conversion_cast %x : memref<?xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  %1 = builtin.unrealized_conversion_cast %w : memref<2x3xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
  %2 = builtin.unrealized_conversion_cast %b : memref<3xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  return
}

// -----

// A weight used only in a later block is loaded in the block that
// dominates its uses, not where the function starts.

// CHECK-LABEL: func.func @later_block
// CHECK-SAME:    (%[[TABLE:[^:]*]]: !llvm.ptr)
// CHECK-NEXT:    cf.br ^[[NEXT:.*]]
// CHECK:       ^[[NEXT]]:
// CHECK:         llvm.getelementptr inbounds %[[TABLE]][0]
// CHECK:         memref.load
func.func @later_block(%w: memref<4xf32> {tfm.weight_index = 0 : i64}) -> f32 {
  cf.br ^next
^next:
  %c0 = arith.constant 0 : index
  %0 = memref.load %w[%c0] : memref<4xf32>
  return %0 : f32
}

// -----

// A weight also used in an unreachable block is loaded where the function
// starts, which dominates every reachable use.

// CHECK-LABEL: func.func @unreachable_use
// CHECK-SAME:    (%[[TABLE:[^:]*]]: !llvm.ptr)
// CHECK-NEXT:    llvm.getelementptr inbounds %[[TABLE]][0]
func.func @unreachable_use(%w: memref<4xf32> {tfm.weight_index = 0 : i64}) -> f32 {
  %c0 = arith.constant 0 : index
  cf.br ^next
^dead:
  %1 = memref.load %w[%c0] : memref<4xf32>
  return %1 : f32
^next:
  %0 = memref.load %w[%c0] : memref<4xf32>
  return %0 : f32
}

// -----

// A function without marks is left as it is.

// CHECK-LABEL: func.func @unmarked
// CHECK-SAME:    (%{{.*}}: memref<4xf32>)
// CHECK-NOT:     llvm.load
func.func @unmarked(%w: memref<4xf32>) {
  return
}

// -----

// expected-error @+1 {{argument #0 is a weight of type 'memref<2x3xf32, strided<[?, 1]>>'; a weight loaded from the table must be a memref of static shape, offset and strides}}
func.func @dynamic_strides(%w: memref<2x3xf32, strided<[?, 1]>> {tfm.weight_index = 0 : i64}) {
  return
}

// -----

// expected-error @+1 {{argument #0 is a weight of type 'tensor<4xf32>'; a weight loaded from the table must be a memref of static shape, offset and strides}}
func.func @tensor(%w: tensor<4xf32> {tfm.weight_index = 0 : i64}) {
  return
}

// -----

// expected-error @+1 {{argument #1 has tfm.weight_index = 2; the function's 2 weights must be numbered 0 to 1, each once}}
func.func @gap(%a: memref<4xf32> {tfm.weight_index = 0 : i64}, %b: memref<4xf32> {tfm.weight_index = 2 : i64}) {
  return
}

// -----

// expected-error @+1 {{argument #1 has tfm.weight_index = 0; the function's 2 weights must be numbered 0 to 1, each once}}
func.func @repeat(%a: memref<4xf32> {tfm.weight_index = 0 : i64}, %b: memref<4xf32> {tfm.weight_index = 0 : i64}) {
  return
}

// -----

// expected-error @+1 {{@external has weights to load from a table but no body}}
func.func private @external(memref<4xf32> {tfm.weight_index = 0 : i64})

// -----

// expected-error @+1 {{@called is referred to in the module; a function whose weights are loaded from a table may only be called by the model's entry}}
func.func @called(%w: memref<4xf32> {tfm.weight_index = 0 : i64}) {
  return
}

func.func @caller(%w: memref<4xf32>) {
  call @called(%w) : (memref<4xf32>) -> ()
  return
}
