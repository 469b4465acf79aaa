// RUN: tfm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(tfm-deallocate-early))' | FileCheck %s

func.func private @use(memref<4xf32>)
func.func private @use_unranked(memref<*xf32>)

// A buffer is freed right after the last use of it or of its aliases (here a
// cast to an unranked memref passed to a call), not at the end of the block.

// CHECK-LABEL: func.func @after_last_use
// CHECK:       %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK:       %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK:       %[[CAST:.*]] = memref.cast %[[A]]
// CHECK:       call @use_unranked(%[[CAST]])
// CHECK-NEXT:  memref.dealloc %[[A]]
// CHECK:       call @use(%[[B]])
// CHECK-NEXT:  call @use(%[[B]])
// CHECK-NEXT:  memref.dealloc %[[B]]
// CHECK-NEXT:  return
func.func @after_last_use() {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  %cast = memref.cast %a : memref<4xf32> to memref<*xf32>
  call @use_unranked(%cast) : (memref<*xf32>) -> ()
  call @use(%b) : (memref<4xf32>) -> ()
  call @use(%b) : (memref<4xf32>) -> ()
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %b : memref<4xf32>
  return
}

// -----

func.func private @use(memref<4xf32>)

// A use nested in a region counts as a use by the op that holds the region.

// CHECK-LABEL: func.func @nested_use
// CHECK:       %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK:       scf.for
// CHECK:         call @use(%[[A]])
// CHECK:       }
// CHECK-NEXT:  memref.dealloc %[[A]]
// CHECK-NEXT:  call @use
func.func @nested_use(%n: index, %other: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<4xf32>
  scf.for %i = %c0 to %n step %c1 {
    func.call @use(%a) : (memref<4xf32>) -> ()
  }
  call @use(%other) : (memref<4xf32>) -> ()
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

func.func private @use(memref<4xf32>)

// Not moved: a dealloc in a nested block whose buffer is used after it in the
// parent block is left alone, and so is a dealloc of a buffer the function
// did not allocate.

// CHECK-LABEL: func.func @left_alone
// CHECK:       scf.if
// CHECK-NEXT:    memref.dealloc %arg1
// CHECK-NEXT:  }
// CHECK:       call @use(%arg2)
// CHECK-NEXT:  call @use(%arg2)
// CHECK-NEXT:  memref.dealloc %arg2
func.func @left_alone(%cond: i1, %m: memref<4xf32>, %n: memref<4xf32>) {
  scf.if %cond {
    memref.dealloc %m : memref<4xf32>
  }
  call @use(%n) : (memref<4xf32>) -> ()
  call @use(%n) : (memref<4xf32>) -> ()
  memref.dealloc %n : memref<4xf32>
  return
}
