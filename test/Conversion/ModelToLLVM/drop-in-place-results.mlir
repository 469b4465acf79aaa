// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-drop-in-place-results | FileCheck %s

// After bufferization, the results that return an argument's buffer: a
// private function's (the outlined layers returning the KV cache they
// wrote) are dropped and their calls use the operand; @forward's marked
// tfm.updates are dropped after checking that they are the named input's
// buffer.

// CHECK-LABEL: func.func private @layer
// CHECK-SAME:    (%[[CACHE:[^:]*]]: memref<2x2x1x8x4xf32>, %[[H:[^:]*]]: memref<1x?x4xf32>) -> memref<1x?x4xf32>
// CHECK:         %[[NEW:.*]] = memref.alloc
// CHECK:         return %[[NEW]] : memref<1x?x4xf32>
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[IDS:[^:]*]]: memref<1x?xi64>, %[[C:[^:]*]]: memref<2x2x1x8x4xf32>, %[[X:[^:]*]]: memref<1x?x4xf32>) -> (memref<1x?x4xf32> {tfm.name = "hidden"})
// CHECK-NEXT:    %[[H1:.*]] = call @layer(%[[C]], %[[X]]) : (memref<2x2x1x8x4xf32>, memref<1x?x4xf32>) -> memref<1x?x4xf32>
// CHECK-NEXT:    %[[H2:.*]] = call @layer(%[[C]], %[[H1]]) : (memref<2x2x1x8x4xf32>, memref<1x?x4xf32>) -> memref<1x?x4xf32>
// CHECK-NEXT:    return %[[H2]] : memref<1x?x4xf32>
func.func private @layer(%cache: memref<2x2x1x8x4xf32>, %h: memref<1x?x4xf32>) -> (memref<1x?x4xf32>, memref<2x2x1x8x4xf32>) {
  %c1 = arith.constant 1 : index
  %t = memref.dim %h, %c1 : memref<1x?x4xf32>
  %new = memref.alloc(%t) : memref<1x?x4xf32>
  return %new, %cache : memref<1x?x4xf32>, memref<2x2x1x8x4xf32>
}
func.func @forward(%ids: memref<1x?xi64>, %cache: memref<2x2x1x8x4xf32> {tfm.name = "kv_cache"}, %x: memref<1x?x4xf32>)
    -> (memref<1x?x4xf32> {tfm.name = "hidden"}, memref<2x2x1x8x4xf32> {tfm.updates = "kv_cache"}) {
  %h1, %c1 = call @layer(%cache, %x) : (memref<2x2x1x8x4xf32>, memref<1x?x4xf32>) -> (memref<1x?x4xf32>, memref<2x2x1x8x4xf32>)
  %h2, %c2 = call @layer(%c1, %h1) : (memref<2x2x1x8x4xf32>, memref<1x?x4xf32>) -> (memref<1x?x4xf32>, memref<2x2x1x8x4xf32>)
  return %h2, %c2 : memref<1x?x4xf32>, memref<2x2x1x8x4xf32>
}

// -----

// Through memref.cast: a private function returning its argument cast to
// another type; the call's result becomes the operand cast the same way.
// @forward returns its cache cast too.

// CHECK-LABEL: func.func private @layer
// CHECK-SAME:    (%{{[^:]*}}: memref<2x2x1x8x4xf32>)
// CHECK-NOT:     ->
// CHECK:         return{{$}}
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[C:[^:]*]]: memref<2x2x1x8x4xf32>) {
// CHECK-NEXT:    call @layer(%[[C]]) : (memref<2x2x1x8x4xf32>) -> ()
// CHECK-NEXT:    %[[CAST:.*]] = memref.cast %[[C]] : memref<2x2x1x8x4xf32> to memref<2x2x1x?x4xf32>
// CHECK-NEXT:    %[[BACK:.*]] = memref.cast %[[CAST]] : memref<2x2x1x?x4xf32> to memref<2x2x1x8x4xf32>
// CHECK-NEXT:    return{{$}}
func.func private @layer(%cache: memref<2x2x1x8x4xf32>) -> memref<2x2x1x?x4xf32> {
  %cast = memref.cast %cache : memref<2x2x1x8x4xf32> to memref<2x2x1x?x4xf32>
  return %cast : memref<2x2x1x?x4xf32>
}
func.func @forward(%cache: memref<2x2x1x8x4xf32> {tfm.name = "kv_cache"})
    -> (memref<2x2x1x8x4xf32> {tfm.updates = "kv_cache"}) {
  %c = call @layer(%cache) : (memref<2x2x1x8x4xf32>) -> memref<2x2x1x?x4xf32>
  %back = memref.cast %c : memref<2x2x1x?x4xf32> to memref<2x2x1x8x4xf32>
  return %back : memref<2x2x1x8x4xf32>
}

// -----

// A private function returning what its private callee returns of its
// argument, defined before the callee: both results go, whatever the order
// (a regression test: @outer was looked at once, before @inner's result was
// dropped, and @forward's cache was then another buffer, an error).

// CHECK-LABEL: func.func private @outer
// CHECK-SAME:    (%[[C:[^:]*]]: memref<4xf32>) {
// CHECK-NEXT:    call @inner(%[[C]]) : (memref<4xf32>) -> ()
// CHECK-NEXT:    return{{$}}
// CHECK-LABEL: func.func private @inner
// CHECK-SAME:    (%{{[^:]*}}: memref<4xf32>) {
// CHECK-NEXT:    return{{$}}
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[F:[^:]*]]: memref<4xf32>) {
// CHECK-NEXT:    call @outer(%[[F]]) : (memref<4xf32>) -> ()
// CHECK-NEXT:    return{{$}}
func.func private @outer(%cache: memref<4xf32>) -> memref<4xf32> {
  %r = call @inner(%cache) : (memref<4xf32>) -> memref<4xf32>
  return %r : memref<4xf32>
}
func.func private @inner(%cache: memref<4xf32>) -> memref<4xf32> {
  return %cache : memref<4xf32>
}
func.func @forward(%cache: memref<4xf32> {tfm.name = "kv_cache"}) -> (memref<4xf32> {tfm.updates = "kv_cache"}) {
  %r = call @outer(%cache) : (memref<4xf32>) -> memref<4xf32>
  return %r : memref<4xf32>
}

// -----

// @forward returning an input as is, without tfm.updates, keeps it: the
// caller gets it as an output (the deallocation pipeline copies it). So
// does a public function other than @forward. The inputs lose their
// tfm.name, kept until here for this check only.

// CHECK-LABEL: func.func @helper
// CHECK-SAME:    (%[[Y:[^:]*]]: memref<4xf32>) -> memref<4xf32>
// CHECK-NEXT:    return %[[Y]] : memref<4xf32>
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[X:[^:]*]]: memref<4xf32>) -> (memref<4xf32> {tfm.name = "y"})
// CHECK-NEXT:    return %[[X]] : memref<4xf32>
func.func @helper(%y: memref<4xf32>) -> memref<4xf32> {
  return %y : memref<4xf32>
}
func.func @forward(%x: memref<4xf32> {tfm.name = "x"}) -> (memref<4xf32> {tfm.name = "y"}) {
  return %x : memref<4xf32>
}

// -----

// A result marked tfm.updates must be the input's own buffer: here
// bufferization wrote a copy.
// expected-error @+1 {{result #0 must be input 'kv_cache' updated in place, but bufferization did not write that input's buffer (it copied it, or returns another buffer)}}
func.func @forward(%cache: memref<2x2x1x8x4xf32> {tfm.name = "kv_cache"})
    -> (memref<2x2x1x8x4xf32> {tfm.updates = "kv_cache"}) {
  %copy = memref.alloc() : memref<2x2x1x8x4xf32>
  memref.copy %cache, %copy : memref<2x2x1x8x4xf32> to memref<2x2x1x8x4xf32>
  return %copy : memref<2x2x1x8x4xf32>
}

// -----

// ...not another input's.
// expected-error @+1 {{result #0 must be input 'kv_cache' updated in place}}
func.func @forward(%cache: memref<2x2x1x8x4xf32> {tfm.name = "kv_cache"}, %other: memref<2x2x1x8x4xf32> {tfm.name = "other"})
    -> (memref<2x2x1x8x4xf32> {tfm.updates = "kv_cache"}) {
  return %other : memref<2x2x1x8x4xf32>
}

// -----

// The buffer is read off the one return.
// expected-error @+1 {{tfm-drop-in-place-results: @forward has more than one return; cannot find the buffer of result #0}}
func.func @forward(%cache: memref<2x2x1x8x4xf32> {tfm.name = "kv_cache"}, %flag: i1)
    -> (memref<2x2x1x8x4xf32> {tfm.updates = "kv_cache"}) {
  cf.cond_br %flag, ^a, ^b
^a:
  return %cache : memref<2x2x1x8x4xf32>
^b:
  return %cache : memref<2x2x1x8x4xf32>
}

// -----

// A private function referenced other than by calls (here by a constant
// function reference) keeps its results: only calls can use the operand
// instead. A regression test: the pass asserted that every use was a call.

// CHECK-LABEL: func.func private @referenced
// CHECK-SAME:    -> memref<4xf32>
// CHECK:         return %{{.*}} : memref<4xf32>
func.func private @referenced(%buffer: memref<4xf32>) -> memref<4xf32> {
  return %buffer : memref<4xf32>
}

func.func @forward(%x: memref<4xf32>) -> (memref<4xf32> {tfm.name = "y"}) {
  %f = func.constant @referenced : (memref<4xf32>) -> memref<4xf32>
  %y = func.call_indirect %f(%x) : (memref<4xf32>) -> memref<4xf32>
  return %y : memref<4xf32>
}
