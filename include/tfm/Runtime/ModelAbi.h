/*===- ModelAbi.h - how a compiled model meets the runtime --------*- C -*-===*
 *
 * tfm-compile emits, with the model's code, its description in these
 * structs (tfm_compiled_model()) and an entry point that calls the compiled
 * function with MLIR's memref descriptors, which libtfmrt builds. C99, so
 * that embedders need no C++.
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

/* Bumped whenever these structs, or the kernels' signatures and flags
 * (Kernels.h), change: the runtime refuses a model built against another
 * version instead of misreading it or calling a kernel wrongly. */
#define TFM_ABI_VERSION 9

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
  /* Inputs only: 1 when the model updates this input in place (a KV cache):
   * the caller's buffer must be f32, dense and writable; after a successful
   * run it holds the updated state, after a failed one unspecified contents.
   * It is not among the outputs. 0 otherwise. */
  int32_t updated_in_place;
  /* Inputs only, read only for a rank-0 integer input with max_sequence > 0
   * (the position a KV cache's new tokens start at): the index of the input
   * whose dimension 1 counts those tokens. Before the run the runtime checks
   * that the value is >= 0 and that it plus that dimension is at most
   * max_sequence. The compiler writes -1 for other inputs. */
  int32_t offsets_input;
} tfm_io_info;

/* Two input dimensions the model requires equal: its code reads one size for
 * them (e.g. a layer_norm's input's last dimension and its gamma's length).
 * Dimension `dim` of input `input` must equal dimension `other_dim` of input
 * `other_input` or, when `other_input` is -1, the size `size`. Indices are
 * into tfm_model.inputs; the runtime checks every entry before each run. */
typedef struct tfm_dim_equality {
  int64_t input;
  int64_t dim;
  int64_t other_input;
  int64_t other_dim;
  int64_t size;
} tfm_dim_equality;

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
  /* NULL-terminated other names a checkpoint may give this weight (the
   * importer's naming policy), tried in order when `name` is absent; NULL
   * when there are none. */
  const char *const *aliases;
} tfm_param_info;

#define TFM_PREPACK_LINEAR 0x100

/* libtfmrt's state for one run of a model: its thread count, the first
 * kernel error, the packed weights of the binding, the oneDNN engine and
 * stream. Opaque to generated code, which passes it to every kernel. */
typedef struct tfmrt_run_context tfmrt_run_context;

/* A dense, row-major tensor. */
typedef struct tfm_tensor {
  void *data;
  tfm_dtype dtype;
  int32_t rank;
  int64_t shape[TFM_MAX_RANK];
} tfm_tensor;

/* The compiled model's entry point. `arguments` holds a pointer to the
 * ranked memref descriptor {allocated, aligned, offset, sizes[rank],
 * strides[rank]} of each input, in order, then of each parameter;
 * `results` receives the outputs' descriptors, one after another.
 * `context` is passed on to every kernel. */
typedef void (*tfm_entry_fn)(void *results, tfmrt_run_context *context,
                             void *const *arguments);

typedef struct tfm_model {
  int32_t abi_version; /* TFM_ABI_VERSION of the headers the model was built with */
  const char *name;
  int32_t num_inputs;
  const tfm_io_info *inputs;
  int32_t num_outputs;
  const tfm_io_info *outputs;
  int32_t num_params;
  const tfm_param_info *params;
  tfm_entry_fn entry;
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
  /* What the inputs' dynamic dimensions must equal; NULL when there is
   * nothing to check. */
  int32_t num_dim_equalities;
  const tfm_dim_equality *dim_equalities;
  /* TFM_PRECISION_*: the lowest precision any of the model's linear layers
   * or attention runs at (tfm-compile --precision). */
  int32_t precision;
} tfm_model;

#define TFM_PRECISION_F32 0
#define TFM_PRECISION_BF16 1
#define TFM_PRECISION_INT8 2

/* The compiled models' heap (see lib/Runtime/BufferPool.cpp): buffers a
 * model returns are released with tfmrt_release, never free(). After the
 * first run with given shapes, runs with the same shapes are served from
 * released blocks; tfmrt_system_allocations counts the blocks that had to be
 * taken from the system allocator. */
void tfmrt_release(void *buffer);
uint64_t tfmrt_system_allocations(void);
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *buffer);

/* The buffers of one run (tfmrt.alloc and tfmrt.dealloc in generated code):
 * tfmrt_alloc serves `bytes` aligned to `alignment` (at least 64) from the
 * pool and records the buffer as the run's. When memory is out (or `bytes`
 * exceeds the machine's memory and swap), it records an out-of-memory error
 * naming the size and does not return: the runtime's call of the entry
 * ends, returns the run's buffers to the pool and reports the error. Only
 * outside a run, or on a thread or OpenMP nesting level other than the
 * entry's, does it return NULL instead. tfmrt_free returns a buffer of the
 * run to the pool. */
void *tfmrt_alloc(tfmrt_run_context *context, uint64_t alignment, uint64_t bytes);
void tfmrt_free(tfmrt_run_context *context, void *buffer);

/* The executable's main(), defined in libtfmtools (not libtfmrt): parses the
 * command line documented in the README (--weights, --input NAME=FILE.npy,
 * --output-dir, --threads, --bench), binds weights, validates inputs, runs
 * the model through the C API (tfm/tfm.h) and writes DIR/NAME.npy for each
 * output and each input updated in place (its new value). */
int tfmrt_main(int argc, char **argv, const tfm_model *model);

#ifdef __cplusplus
}
#endif

#endif /* TFM_RUNTIME_MODELABI_H */
