// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// Each verifier rule: what the kernel's C interface requires.

func.func @not_f32(%x: tensor<3x8xf16>, %w: tensor<8x4xf16>, %y: tensor<3x4xf16>) -> tensor<3x4xf16> {
  // expected-error@+1 {{operands must be ranked f32 tensors or buffers, got 'tensor<3x8xf16>'}}
  %r = tfmrt.linear %x, %w into %y flags 0 : (tensor<3x8xf16>, tensor<8x4xf16>, tensor<3x4xf16>) -> tensor<3x4xf16>
  return %r : tensor<3x4xf16>
}

// -----

func.func @mixed(%x: tensor<3x8xf32>, %y: memref<3x8xf32>) {
  // expected-error@+1 {{operands must be all tensors or all buffers}}
  tfmrt.softmax %x into %y : (tensor<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

// -----

func.func @tensor_without_result(%x: tensor<3x8xf32>, %y: tensor<3x8xf32>) {
  // expected-error@+1 {{on tensors has one result, of the destination's type 'tensor<3x8xf32>'}}
  tfmrt.softmax %x into %y : (tensor<3x8xf32>, tensor<3x8xf32>) -> ()
  return
}

// -----

func.func @unknown_flags(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flags 2048 has bits tfmrt_linear does not know}}
  %r = tfmrt.linear %x, %w into %y flags 2048 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @two_precisions(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flags TFMRT_LINEAR_BF16 (0x80) and TFMRT_LINEAR_INT8 (0x200) exclude each other}}
  %r = tfmrt.linear %x, %w into %y flags 640 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @per_tensor_without_int8(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flag TFMRT_LINEAR_INT8_PER_TENSOR (0x400) needs TFMRT_LINEAR_INT8 (0x200)}}
  %r = tfmrt.linear %x, %w into %y flags 1024 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @bias_flag_without_bias(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flag TFMRT_LINEAR_BIAS (0x20) must be set exactly when a bias is given}}
  %r = tfmrt.linear %x, %w into %y flags 32 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @residual_without_flag(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flag TFMRT_LINEAR_RESIDUAL (0x40) must be set exactly when a residual is given}}
  %r = tfmrt.linear %x, %w residual %y into %y flags 0 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @weight_rank(%x: tensor<3x8xf32>, %w: tensor<8xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{expects input and destination of one rank >= 1, a rank-2 weight}}
  %r = tfmrt.linear %x, %w into %y flags 0 : (tensor<3x8xf32>, tensor<8xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @matmul_rank(%a: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error@+1 {{expects operands and destination of one rank >= 2}}
  %r = tfmrt.matmul %a, %a into %y : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

func.func @epsilon(%x: tensor<3x8xf32>, %g: tensor<8xf32>) -> tensor<3x8xf32> {
  // expected-error@+1 {{epsilon must be positive}}
  %r = tfmrt.layer_norm %x, %g, %g into %x eps 0.0 : (tensor<3x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %r : tensor<3x8xf32>
}

// -----

func.func @heads(%q: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  // expected-error@+1 {{heads 3 must be positive and divide the width 8}}
  %r = tfmrt.attention %q, %q, %q into %q heads 3 scale 1.0 mask_kind 0 : (tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

// -----

func.func @mask_kind(%q: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  // expected-error@+1 {{mask_kind 3 is not 0 (none), 1 (causal) or 2 (additive)}}
  %r = tfmrt.attention %q, %q, %q into %q heads 2 scale 1.0 mask_kind 3 : (tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

// -----

func.func @additive_without_mask(%q: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  // expected-error@+1 {{a mask is given exactly when mask_kind is 2 (additive)}}
  %r = tfmrt.attention %q, %q, %q into %q heads 2 scale 1.0 mask_kind 2 : (tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

// -----

// The run context marks one !llvm.ptr argument of a function, as a unit
// attribute.

// expected-error@+1 {{'tfmrt.run_context' must be a unit attribute}}
func.func @run_context_not_unit(%context: !llvm.ptr {tfmrt.run_context = 1 : i64}) {
  return
}

// -----

// expected-error@+1 {{'tfmrt.run_context' marks argument #1 of type 'i64'; the run context is an !llvm.ptr}}
func.func @run_context_not_pointer(%x: memref<4xf32>, %context: i64 {tfmrt.run_context}) {
  return
}

// -----

// expected-error@+1 {{arguments #0 and #1 are both marked 'tfmrt.run_context'; a function has one run context}}
func.func @two_run_contexts(%a: !llvm.ptr {tfmrt.run_context}, %b: !llvm.ptr {tfmrt.run_context}) {
  return
}

// -----

// expected-error@+1 {{'tfmrt.run_context' on a result: the tfmrt dialect has no result attributes}}
func.func private @run_context_result() -> (!llvm.ptr {tfmrt.run_context})

// -----

// expected-error@+1 {{'tfmrt.context' is not an argument attribute of the tfmrt dialect}}
func.func @misspelt(%context: !llvm.ptr {tfmrt.context}) {
  return
}

// -----

func.func @on_operation() {
  // expected-error@+1 {{'tfmrt.run_context' marks a function argument, not an operation}}
  %c = arith.constant {tfmrt.run_context} 0 : i64
  return
}

// -----

func.func @unknown_operation_attribute() {
  // expected-error@+1 {{'tfmrt.flags' is not an attribute of the tfmrt dialect}}
  %c = arith.constant {tfmrt.flags = 3 : i64} 0 : i64
  return
}

// -----

func.func @alloc_sizes(%context: !llvm.ptr, %n: index) {
  // expected-error@+1 {{has 1 dynamic sizes for 'memref<?x?xf32>', which has 2}}
  %buffer = tfmrt.alloc %context(%n) : memref<?x?xf32>
  return
}

// -----

func.func @alloc_layout(%context: !llvm.ptr) {
  // expected-error@+1 {{allocates a buffer of identity layout, not 'memref<4x4xf32, strided<[8, 1]>>'}}
  %buffer = tfmrt.alloc %context() : memref<4x4xf32, strided<[8, 1]>>
  return
}

// -----

func.func @alloc_alignment(%context: !llvm.ptr) {
  // expected-error@+1 {{alignment must be a power of 2, not 48}}
  %buffer = tfmrt.alloc %context() {alignment = 48 : i64} : memref<4xf32>
  return
}

// -----

func.func @alloc_context(%context: i64) {
  // expected-error@+1 {{operand #0 must be !llvm.ptr to the run context, but got 'i64'}}
  %buffer = "tfmrt.alloc"(%context) : (i64) -> memref<4xf32>
  return
}

// -----

// tfmrt.kv_cache_write: a rank-0 i64 position...
func.func @kv_cache_write_position_i32(%k: tensor<1x3x8xf32>, %pos: tensor<i32>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{expects a rank-0 i64 tensor or buffer, got 'tensor<i32>'}}
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<i32>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return
}

// -----

func.func @kv_cache_write_position_rank(%k: tensor<1x3x8xf32>, %pos: tensor<1xi64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{expects a rank-0 i64 tensor or buffer, got 'tensor<1xi64>'}}
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<1xi64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return
}

// -----

// ...f32 keys, values and cache...
func.func @kv_cache_write_not_f32(%k: tensor<1x3x8xf16>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf16>, %layer: index) {
  // expected-error@+1 {{operands must be ranked f32 tensors or buffers, got 'tensor<1x3x8xf16>'}}
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x3x8xf16>, tensor<1x3x8xf16>, tensor<i64>, tensor<2x2x1x16x8xf16> -> tensor<2x2x1x16x8xf16>
  return
}

// -----

// ...the position a buffer too when the rest are...
func.func @kv_cache_write_mixed(%k: memref<1x3x8xf32>, %pos: tensor<i64>, %cache: memref<2x2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{operands must be all tensors or all buffers}}
  tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : memref<1x3x8xf32>, memref<1x3x8xf32>, tensor<i64>, memref<2x2x1x16x8xf32>
  return
}

// -----

// ...a result on tensors...
func.func @kv_cache_write_tensor_without_result(%k: tensor<1x3x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{on tensors has one result, of the destination's type 'tensor<2x2x1x16x8xf32>'}}
  tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32>
  return
}

// -----

// ...and [B, T, D] keys and values into an [L, 2, B, M, D] cache.
func.func @kv_cache_write_key_rank(%k: tensor<3x8xf32>, %v: tensor<1x3x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{expects rank-3 key and value and a rank-5 cache}}
  %w = tfmrt.kv_cache_write %k, %v at %pos into %cache layer %layer : tensor<3x8xf32>, tensor<1x3x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return
}

// -----

func.func @kv_cache_write_value_rank(%k: tensor<1x3x8xf32>, %v: tensor<1x1x3x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{expects rank-3 key and value and a rank-5 cache}}
  %w = tfmrt.kv_cache_write %k, %v at %pos into %cache layer %layer : tensor<1x3x8xf32>, tensor<1x1x3x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return
}

// -----

func.func @kv_cache_write_cache_rank(%k: tensor<1x3x8xf32>, %pos: tensor<i64>, %cache: tensor<2x1x16x8xf32>, %layer: index) {
  // expected-error@+1 {{expects rank-3 key and value and a rank-5 cache}}
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<i64>, tensor<2x1x16x8xf32> -> tensor<2x1x16x8xf32>
  return
}
