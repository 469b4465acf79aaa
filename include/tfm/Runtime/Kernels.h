/*===- Kernels.h - runtime kernels that generated code calls ------*- C -*-===*
 *
 * tfm-to-dnnl and tfm-lower-attention lower tfm ops to calls of these
 * functions. Every tensor crosses as an unranked memref (MLIR's C interface:
 * `_mlir_ciface_` prefix, a pointer to {rank, descriptor}), so one entry point
 * serves every rank and every strided layout the bufferizer produces.
 *
 * Every kernel takes first the run context (ModelAbi.h) that libtfmrt
 * passed to the model, never NULL: the packed weights a kernel reads, the
 * oneDNN state it runs with and the error it records are that context's,
 * never the calling thread's or the process's.
 *
 * Kernels cannot return a status through generated code: a failure (which
 * means a bug or an unsupported layout, not bad user input, which the runtime
 * rejects before the model runs) is recorded in the context and reported by
 * the runtime when the model's run returns.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TFM_RUNTIME_KERNELS_H
#define TFM_RUNTIME_KERNELS_H

#include "tfm/Runtime/ModelAbi.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MLIR's unranked memref: `descriptor` points to
 * {T *allocated; T *aligned; int64_t offset; int64_t sizes[rank];
 *  int64_t strides[rank];}. */
typedef struct tfmrt_unranked_memref {
  int64_t rank;
  void *descriptor;
} tfmrt_unranked_memref;

/* Flags of tfmrt_linear. The activation is in the low bits. */
enum {
  TFMRT_ACTIVATION_NONE = 0,
  TFMRT_ACTIVATION_GELU_TANH = 1,
  TFMRT_ACTIVATION_GELU_ERF = 2,
  TFMRT_ACTIVATION_TANH = 3,
  TFMRT_ACTIVATION_RELU = 4,
  TFMRT_ACTIVATION_SILU = 5,         /* x * sigmoid(x) */
  TFMRT_ACTIVATION_GELU_SIGMOID = 6, /* x * sigmoid(1.702 x): CLIP's quick_gelu */
  TFMRT_ACTIVATION_LAST = TFMRT_ACTIVATION_GELU_SIGMOID,
  TFMRT_ACTIVATION_MASK = 0xf,
  TFMRT_LINEAR_WEIGHT_OUT_IN = 0x10, /* weight is [N, K] (nn.Linear), else [K, N] */
  TFMRT_LINEAR_BIAS = 0x20,          /* `bias` is an operand, else ignored */
  TFMRT_LINEAR_RESIDUAL = 0x40,      /* `residual` is an operand, else ignored */
  /* 0x100 is TFM_PREPACK_LINEAR (ModelAbi.h), never a kernel flag. */
  /* Input and weight rounded to bf16, f32 accumulation and result; bias,
   * activation and residual in f32. Runs as bf16 only where oneDNN's bf16
   * kernel for the linear is an AMX one (asked of oneDNN), else exactly as
   * the f32 linear. */
  TFMRT_LINEAR_BF16 = 0x80,
  /* Dynamic quantization: the weight symmetric s8 per output channel
   * (quantized when bound), the input symmetric s8 per row at run time, s32
   * accumulation, dequantized in f32 before bias, activation and residual. */
  TFMRT_LINEAR_INT8 = 0x200,
  /* With TFMRT_LINEAR_INT8: one input scale for the whole input instead of
   * one per row. */
  TFMRT_LINEAR_INT8_PER_TENSOR = 0x400,
};

/* result = activation(input . weight + bias) + residual, over the last
 * dimension of `input` [..., K]; result and residual are [..., N]. */
void _mlir_ciface_tfmrt_linear(tfmrt_run_context *context, tfmrt_unranked_memref *input,
                               tfmrt_unranked_memref *weight, tfmrt_unranked_memref *bias,
                               tfmrt_unranked_memref *residual, tfmrt_unranked_memref *result,
                               int64_t flags);

/* result[..., M, N] = lhs[..., M, K] . rhs[..., K, N] (rhs [..., N, K] when
 * transpose_rhs is non-zero); the batch dimensions are equal. */
void _mlir_ciface_tfmrt_matmul(tfmrt_run_context *context, tfmrt_unranked_memref *lhs,
                               tfmrt_unranked_memref *rhs, tfmrt_unranked_memref *result,
                               int64_t transpose_rhs);

/* Layer normalisation over the last dimension. */
void _mlir_ciface_tfmrt_layer_norm(tfmrt_run_context *context, tfmrt_unranked_memref *input,
                                   tfmrt_unranked_memref *gamma, tfmrt_unranked_memref *beta,
                                   tfmrt_unranked_memref *result, double epsilon);

/* Softmax over the last dimension. */
void _mlir_ciface_tfmrt_softmax(tfmrt_run_context *context, tfmrt_unranked_memref *input,
                                tfmrt_unranked_memref *result);

/* Mask kinds of tfmrt_attention. */
enum {
  TFMRT_MASK_NONE = 0,
  TFMRT_MASK_CAUSAL = 1,   /* with T queries and S >= T keys, key j is kept for
                              query i when j <= i + S - T (bottom-right aligned,
                              as for queries appended to a KV cache); `mask`
                              ignored */
  TFMRT_MASK_ADDITIVE = 2, /* `mask` is f32, added to the scaled scores (a boolean
                              keep-mask is lowered to 0 / -inf first) */
};

/* Multi-head attention over query [B, T, D], key and value [B, S, D] split in
 * `heads` heads, result [B, T, D]. `mask` broadcasts (right-aligned, size-1
 * dimensions repeat) to [B, heads, T, S]. FlashAttention-style: one task per
 * (batch, head, query tile) with an online softmax over key blocks, so the
 * T x S score matrix is never materialised.
 * `bf16` 1: both products (Q.K^T and P.V) take bf16-rounded inputs (Q, K, V
 * and the probabilities P, rounding to nearest even) with f32 accumulation;
 * scale, mask, softmax and output stay f32. That runs only where it is faster
 * than f32, on AMX (and not under a DNNL_MAX_CPU_ISA cap below
 * AVX512_CORE_AMX); elsewhere `bf16` 1 computes exactly what 0 does. */
void _mlir_ciface_tfmrt_attention(tfmrt_run_context *context, tfmrt_unranked_memref *query,
                                  tfmrt_unranked_memref *key, tfmrt_unranked_memref *value,
                                  tfmrt_unranked_memref *mask, tfmrt_unranked_memref *result,
                                  int64_t heads, double scale, int64_t mask_kind, int64_t bf16);

/* Writes key and value [B, T, D] into rows [position, position + T) of layer
 * `layer` of the cache [L, 2, B, M, D] (index 0 of dimension 1 the keys, 1 the
 * values). `position` is a rank-0 i64 memref. Records an error and writes
 * nothing unless 0 <= layer < L, key and value have the cache's B and D, and
 * 0 <= position, position + T <= M (the message names M, the position and T). */
void _mlir_ciface_tfmrt_kv_cache_write(tfmrt_run_context *context, tfmrt_unranked_memref *key,
                                       tfmrt_unranked_memref *value,
                                       tfmrt_unranked_memref *position,
                                       tfmrt_unranked_memref *cache, int64_t layer);

#ifdef __cplusplus
}
#endif

#endif /* TFM_RUNTIME_KERNELS_H */
