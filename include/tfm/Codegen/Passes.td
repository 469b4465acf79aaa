//===- Passes.td - CPU code generation passes --------------*- tablegen -*-===//

#ifndef TFM_CODEGEN_PASSES_TD
#define TFM_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def TfmTileAndVectorize : Pass<"tfm-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops for threads and registers; vectorize matmul tiles";
  let description = [{
    Runs on tensors, after `tfm-to-linalg`. Every linalg op is first tiled
    into an `scf.forall` over its outer parallel dimensions (the thread-level
    tiles, later run by OpenMP). Contractions (`[batch..., m, n, k]` with one
    trailing reduction) are then tiled again with `scf.for` into register
    tiles of `m-tile × n-tile × k-tile`; the last, partial iteration of each
    loop is peeled off so that the main loops' tiles have static shapes, and
    those are vectorized (`vector.contract`, lowered to outer products, i.e.
    broadcast-FMA rows for the host's SIMD). Peeled remainders stay scalar.

    Before:

    ```mlir
    %y = linalg.generic {iterator_types = ["parallel", "parallel", "reduction"], ...}
        ins(%x, %w : tensor<?x768xf32>, tensor<768x768xf32>) outs(%init : tensor<?x768xf32>)
    ```

    After (abbreviated):

    ```mlir
    scf.forall (%m0, %n0) = ... {
      scf.for %m = ... step 4 {            // full 4-row tiles
        scf.for %n = ... step 32 {
          scf.for %k = ... step 64 {
            %a = vector.transfer_read ... : vector<4x64xf32>
            %b = vector.transfer_read ... : vector<64x32xf32>
            %c = vector.outerproduct ...   // 64 broadcast-FMA steps
      }}}
      scf.for ... { linalg.generic ... }   // the peeled remainder
    }
    ```
  }];
  let options = [
    Option<"threadTileM", "thread-tile-m", "int64_t", "64",
           "Rows of a contraction per thread-level tile">,
    Option<"threadTileN", "thread-tile-n", "int64_t", "256",
           "Columns of a contraction per thread-level tile">,
    Option<"registerTileM", "register-tile-m", "int64_t", "4",
           "Rows of a vectorized register tile">,
    Option<"registerTileN", "register-tile-n", "int64_t", "32",
           "Columns of a vectorized register tile (a multiple of the SIMD width)">,
    Option<"cacheTileK", "cache-tile-k", "int64_t", "256",
           "Reduction depth of the weight strip kept in L1 across row tiles">,
    Option<"registerTileK", "register-tile-k", "int64_t", "16",
           "Reduction depth of a vectorized register tile">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
                           "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect"];
}

def TfmHoistVectorTransfers : Pass<"tfm-hoist-vector-transfers", "::mlir::func::FuncOp"> {
  let summary = "Keep matmul accumulators in registers across the reduction loop";
  let description = [{
    After bufferization, hoists the read and write of a register tile's
    accumulator out of the loop over the reduction dimension (upstream
    `linalg::hoistRedundantVectorTransfers`), so C stays in vector registers
    while A and B stream through.
  }];
}

def TfmDeallocateEarly : Pass<"tfm-deallocate-early", "::mlir::func::FuncOp"> {
  let summary = "Move each memref.dealloc to just after the last use of its buffer";
  let description = [{
    Ownership-based deallocation (`buffer-deallocation-pipeline`) frees a
    buffer at the end of the block that allocated it, so every intermediate
    of a model's forward function stays allocated until the function
    returns: peak memory is the sum of all activations, not the largest set
    live at once. After that pipeline, this pass moves an unconditional
    `memref.dealloc` up to just after the last operation of its block that
    uses the buffer or any of its aliases (casts, views, reshapes; uses
    inside nested regions count as uses by the enclosing operation). A
    buffer with an alias used outside the block keeps its dealloc.

    Before:

    ```mlir
    %a = memref.alloc() : memref<4xf32>
    call @produce(%a) : (memref<4xf32>) -> ()
    %b = memref.alloc() : memref<4xf32>
    call @consume(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
    call @consume2(%b) : (memref<4xf32>) -> ()
    memref.dealloc %a : memref<4xf32>
    memref.dealloc %b : memref<4xf32>
    ```

    After:

    ```mlir
    %a = memref.alloc() : memref<4xf32>
    call @produce(%a) : (memref<4xf32>) -> ()
    %b = memref.alloc() : memref<4xf32>
    call @consume(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
    memref.dealloc %a : memref<4xf32>
    call @consume2(%b) : (memref<4xf32>) -> ()
    memref.dealloc %b : memref<4xf32>
    ```
  }];
}

def TfmApproximateMath : Pass<"tfm-approximate-math"> {
  let summary = "Replace exp, tanh and erf by vectorizable polynomial approximations";
  let description = [{
    libm's `expf`, `tanhf` and `erff` are scalar calls that stop LLVM from
    vectorizing softmax and GELU loops. This pass expands them into
    polynomial approximations made of arith ops (upstream
    `populateMathPolynomialApproximationPatterns`), accurate to a few ulp.

    Before: `%y = math.tanh %x : f32`. After: a sequence of `arith.mulf`,
    `arith.addf`, `arith.select`... computing the same value.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::vector::VectorDialect",
                           "::mlir::math::MathDialect"];
}

#endif // TFM_CODEGEN_PASSES_TD
