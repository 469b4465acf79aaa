//===- Passes.td - lowerings out of the tfm dialect --------*- tablegen -*-===//

#ifndef TFM_CONVERSION_PASSES_TD
#define TFM_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TfmToLinalg : Pass<"tfm-to-linalg"> {
  let summary = "Lower tfm ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Lowers every tfm op except `tfm.param` (bound by
    `tfm-params-to-arguments`) to structured ops on tensors: matrix products
    become `linalg.generic` contractions, normalisations become row
    reductions followed by an element-wise generic, masks become generics
    that compute their values from indices. `tfm.attention` is first
    decomposed into head split, product, masked softmax and merge.

    Masks are applied before the softmax: a boolean keep-mask selects `-inf`,
    an additive mask is added to the scaled scores.

    Before:

    ```mlir
    %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    ```

    After (abbreviated): the bias is broadcast into the accumulator and the
    product adds onto it.

    ```mlir
    %init = linalg.broadcast ins(%b : tensor<8xf32>) outs(%e : tensor<?x8xf32>) dimensions = [0]
    %y = linalg.generic {indexing_maps = [(m, n, k) -> (m, k), (m, n, k) -> (k, n), (m, n, k) -> (m, n)],
                         iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%x, %w : tensor<?x4xf32>, tensor<4x8xf32>) outs(%init : tensor<?x8xf32>) {...}
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"];
}

#endif // TFM_CONVERSION_PASSES_TD
