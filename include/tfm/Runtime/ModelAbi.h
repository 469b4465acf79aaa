/*===- ModelAbi.h - how a compiled model meets the runtime --------*- C -*-===*
 *
 * tfm-compile emits, next to the model's code, a small C file (the "shim")
 * that describes the model with these structs and adapts the runtime's
 * generic tensors to the compiled function's memref calling convention.
 * C99, so that the shim and embedders need no C++.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TFM_RUNTIME_MODELABI_H
#define TFM_RUNTIME_MODELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks libtfmrt's entry points (this header's, the C API's in tfm/tfm.h):
 * they stay visible even when a build hides symbols by default. */
#if defined(__GNUC__)
#define TFM_API __attribute__((visibility("default")))
#else
#define TFM_API
#endif

#define TFM_MAX_RANK 8

/* Bumped whenever these structs change: the runtime refuses a model built
 * against another version instead of misreading it. */
#define TFM_ABI_VERSION 6

/* libtfmrt's state for one run of a model: its thread count, the first
 * kernel error, the packed weights of the binding, the oneDNN engine and
 * stream. Opaque to generated code, which passes it to every kernel. */
typedef struct tfmrt_run_context tfmrt_run_context;

typedef enum tfm_dtype {
  TFM_F32 = 0,
  TFM_I64 = 1,
  TFM_I32 = 2,
  TFM_BOOL = 3,
} tfm_dtype;

/* An input or output of the model's forward function. */
typedef struct tfm_io_info {
  const char *name;          /* e.g. "input_ids", "logits" */
  tfm_dtype dtype;
  int32_t rank;
  int64_t shape[TFM_MAX_RANK]; /* -1 for a dynamic dimension */
  /* Inputs only: NULL if required, else "ones" or "zeros": the runtime then
   * fills it with the shape of the first input. */
  const char *default_fill;
  /* Inputs only: integer ids must lie in [0, id_limit); 0 means no check. */
  int64_t id_limit;
  /* Inputs only: dimension 1 (the sequence) may not exceed this; 0 means no
   * limit (e.g. the number of learned positions). */
  int64_t max_sequence;
} tfm_io_info;

/* A weight, looked up by its Hugging Face name in the safetensors file. */
typedef struct tfm_param_info {
  const char *name;
  int32_t rank;
  int64_t shape[TFM_MAX_RANK]; /* as the model sees it */
  /* 1: the model wants the transpose of the checkpoint's 2-D tensor (the
   * runtime transposes it once at load); 0: the tensor as stored. */
  int32_t transposed;
  /* 0, or TFM_PREPACK_LINEAR with the tfmrt_linear flags (Kernels.h) of the
   * linear the dnnl backend runs with this weight: its weight layout, bias,
   * activation and residual choose oneDNN's kernel, and so the blocked
   * layout the runtime reorders the weight into when it binds it. */
  int32_t prepack;
} tfm_param_info;

#define TFM_PREPACK_LINEAR 0x100

/* A dense, row-major tensor. */
typedef struct tfm_tensor {
  void *data;
  tfm_dtype dtype;
  int32_t rank;
  int64_t shape[TFM_MAX_RANK];
} tfm_tensor;

/* Runs the model: `inputs` in the order of tfm_model.inputs (all present,
 * validated), `params` in the order of tfm_model.params (float32, shapes as
 * declared). Fills `outputs` (in the order of tfm_model.outputs) with
 * buffers the caller releases with tfmrt_release. `context` is passed on to
 * every kernel; the runtime has set the calling thread's OpenMP thread count
 * from it. Returns 0 on success. */
typedef int (*tfm_run_fn)(tfmrt_run_context *context, const tfm_tensor *inputs,
                          const float *const *params, tfm_tensor *outputs);

typedef struct tfm_model {
  int32_t abi_version; /* TFM_ABI_VERSION of the headers the model was built with */
  const char *name;
  int32_t num_inputs;
  const tfm_io_info *inputs;
  int32_t num_outputs;
  const tfm_io_info *outputs;
  int32_t num_params;
  const tfm_param_info *params;
  tfm_run_fn run;
  /* The CPU the code was compiled for (tfm-compile --target-cpu; `native`
   * is recorded as the compiling machine's LLVM CPU name), for messages;
   * NULL if not recorded. */
  const char *target_cpu;
  /* NULL-terminated LLVM names of the x86 features beyond baseline x86-64
   * that the code may use (e.g. "avx2", "fma", "avx512f"; tfm-compile
   * records those listed in tfm's X86Features.h): the runtime refuses to run
   * the model on a CPU that lacks one, before any of its code runs. NULL or
   * empty: no requirement (e.g. a hand-written description). */
  const char *const *cpu_features;
} tfm_model;

/* The compiled models' heap (see lib/Runtime/BufferPool.cpp): buffers a
 * model returns are released with tfmrt_release, never free(). After the
 * first run with given shapes, runs with the same shapes are served from
 * released blocks; tfmrt_system_allocations counts the blocks that had to be
 * taken from the system allocator. */
void tfmrt_release(void *buffer);
uint64_t tfmrt_system_allocations(void);
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *buffer);

/* The executable's main(): parses the command line documented in the README
 * (--weights, --input NAME=FILE.npy, --output-dir, --threads, --bench), binds
 * weights, validates inputs, runs the model and writes DIR/NAME.npy. */
int tfmrt_main(int argc, char **argv, const tfm_model *model);

#ifdef __cplusplus
}
#endif

#endif /* TFM_RUNTIME_MODELABI_H */
