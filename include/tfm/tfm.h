/*===- tfm.h - Embedding compiled tfm models: the C API -----------*- C -*-===*
 *
 * Load a model compiled by tfm-compile (a shared library made with
 * `tfm-compile --emit=shared`, or a model linked into the program), bind its
 * weights, and run it on caller-provided tensors. C99; every function is
 * implemented in libtfmrt.
 *
 *   tfm_model_handle *model; tfm_context *ctx; tfm_status st;
 *   st = tfm_model_open("./libbert.so", &model);
 *   if (!st) st = tfm_context_create(model, &ctx);
 *   if (!st) st = tfm_context_bind_weights_file(ctx, "model.safetensors");
 *   if (!st) st = tfm_context_run(ctx, inputs, 3, outputs, 2);
 *   if (st) { fprintf(stderr, "%s\n", tfm_status_message(st)); tfm_status_free(st); }
 *
 * Errors. Every fallible call returns a tfm_status: NULL means success, any
 * other value is an error carrying a readable message (tfm_status_message)
 * that the caller releases with tfm_status_free. Bad arguments (NULL
 * pointers, wrong sizes, unknown names, out-of-range indices, unbound
 * weights) are reported this way; the API never aborts on them.
 *
 * Threads. A model handle is immutable and may be shared by any number of
 * threads and contexts. A context holds the weights and settings of one
 * runner: use one context per thread (a context must not be used by two
 * threads at once), and separate contexts may run concurrently. The thread
 * count (tfm_context_set_threads) belongs to the context: each run calls
 * omp_set_num_threads with it on the calling thread (a per-thread OpenMP
 * setting, so other threads' contexts keep theirs). The call is not undone
 * after the run: a program with its own OpenMP regions on that thread should
 * set its own count again.
 *
 * Memory. Inputs and bound weight buffers are the caller's and are only
 * read, except an input the model updates in place (a KV cache, see
 * tfm_context_run), which the run writes. tfm_context_run copies outputs into caller-provided buffers;
 * tfm_context_run_alloc hands over the model's own buffers instead, which
 * the caller gives back with tfm_buffer_free. The compiled code takes its
 * intermediate and result buffers from the runtime's buffer pool
 * (lib/Runtime/BufferPool.cpp): after a warm-up run, runs with the same
 * shapes reuse released blocks and do not call the system allocator
 * (tfm_system_allocations counts its calls; `--bench` reports them). Blocks
 * stay pooled for the life of the process; a run with new, larger shapes
 * grows the pool.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TFM_TFM_H
#define TFM_TFM_H

#include <stddef.h>
#include <stdint.h>

#include "tfm/Runtime/ModelAbi.h" /* tfm_dtype, tfm_tensor, tfm_io_info, tfm_model */

#ifdef __cplusplus
extern "C" {
#endif

/*--- Status ---------------------------------------------------------------*/

/* NULL on success; otherwise an error to release with tfm_status_free. */
typedef struct tfm_status_s *tfm_status;

/* The error's message (never NULL; "" for a NULL status). Valid until the
 * status is freed. */
TFM_API const char *tfm_status_message(tfm_status status);
/* Releases a status; NULL is allowed. */
TFM_API void tfm_status_free(tfm_status status);

/*--- Models ---------------------------------------------------------------*/

typedef struct tfm_model_handle tfm_model_handle;

/* Loads a model library made by `tfm-compile --emit=shared` with
 * dlopen(RTLD_NOW | RTLD_LOCAL), finds tfm_compiled_model() and checks the
 * description (including its runtime ABI version, TFM_ABI_VERSION, and
 * that this CPU has the x86 features the model was compiled for: see
 * tfm-compile --target-cpu). A path
 * without '/' is searched like dlopen does; prefer "./libm.so". Several
 * models may be open at once. */
TFM_API tfm_status tfm_model_open(const char *so_path, tfm_model_handle **out);
/* Wraps a model linked into the program (its tfm_compiled_model() result, or
 * any tfm_model that lives as long as the handle), after the same checks. */
TFM_API tfm_status tfm_model_from_linked(const tfm_model *model,
                                         tfm_model_handle **out);
/* The description a model library defines (tfm-compile --emit=static or
 * --emit=shared; CMake: tfm_compile_model). Declared here for programs that
 * link one model in: tfm_model_from_linked(tfm_compiled_model(), &model).
 * Not defined by libtfmrt. */
const tfm_model *tfm_compiled_model(void);
/* Releases the caller's reference. The library stays loaded until every
 * context created from the handle is destroyed too. NULL is allowed. */
TFM_API void tfm_model_close(tfm_model_handle *model);

/* The model's name (the stem of the .mlir it was compiled from); "" for NULL. */
TFM_API const char *tfm_model_name(const tfm_model_handle *model);
/* The precision the model was compiled at (tfm-compile --precision): "f32",
 * "bf16" or "int8"; "" for NULL. How each precision runs on this CPU is
 * tfm_context_kernels's. */
TFM_API const char *tfm_model_precision(const tfm_model_handle *model);
/* Counts; 0 for a NULL handle. */
TFM_API int tfm_model_num_inputs(const tfm_model_handle *model);
TFM_API int tfm_model_num_outputs(const tfm_model_handle *model);
TFM_API int tfm_model_num_weights(const tfm_model_handle *model);
/* Description of input/output `index` (name, dtype, rank, shape with -1 for
 * dynamic dims, default fill and limits of inputs); NULL if the handle is
 * NULL or the index out of range. Owned by the model. */
TFM_API const tfm_io_info *tfm_model_input(const tfm_model_handle *model,
                                           int index);
TFM_API const tfm_io_info *tfm_model_output(const tfm_model_handle *model,
                                            int index);
/* Weight `index` (Hugging Face name without task-head prefix, shape as the
 * model sees it); NULL if out of range. */
TFM_API const tfm_param_info *tfm_model_weight(const tfm_model_handle *model,
                                               int index);
/* Index of the input/output called `name`; an error listing the valid names
 * if there is none. */
TFM_API tfm_status tfm_model_find_input(const tfm_model_handle *model,
                                        const char *name, int *index);
TFM_API tfm_status tfm_model_find_output(const tfm_model_handle *model,
                                         const char *name, int *index);
/* Checks `num_inputs` inputs exactly as tfm_context_run does (see there),
 * without running the model or needing its weights: for a program that
 * wants bad data reported before it spends time binding weights.
 * `sources` is NULL, or `num_inputs` strings (each may be NULL) naming
 * where each input's data came from, such as a file path; messages about an
 * input then name it too: "input 'input_ids' (ids.npy): ...". */
TFM_API tfm_status tfm_model_check_inputs(const tfm_model_handle *model,
                                          const tfm_tensor *inputs,
                                          int num_inputs,
                                          const char *const *sources);

/*--- Contexts -------------------------------------------------------------*/

typedef struct tfm_context tfm_context;

/* A runner of `model` with no weights bound and 1 thread. Holds a reference
 * to the model. */
TFM_API tfm_status tfm_context_create(tfm_model_handle *model,
                                      tfm_context **out);
/* NULL is allowed. */
TFM_API void tfm_context_destroy(tfm_context *ctx);

/* Binds every weight from a Hugging Face safetensors file (F32; F16 and BF16
 * converted at load), by its name or else by the one of its aliases the
 * file has (tfm_param_info.aliases; for an imported model, e.g. the name
 * under the task model's "transformer.", "bert." or "vit." prefix; a file
 * holding a weight under two of these names is ambiguous, an error naming
 * both); [out, in] weights the model wants transposed are transposed once
 * here. The file stays open and mapped until the context is destroyed or the
 * weights are rebound, and must not change meanwhile: a run finding it
 * truncated or written to since it was bound (by its size and modification
 * time, checked before and after each run) fails with an error naming it;
 * bind it again to use the new contents. A file renamed over it is another
 * file, and the context keeps the one it bound. On error the context's
 * previous weights are kept. */
TFM_API tfm_status tfm_context_bind_weights_file(tfm_context *ctx,
                                                 const char *path);
/* Binds one weight from a caller buffer: `name` is the weight's Hugging Face
 * name or one of its aliases, `shape`/`rank` the shape of `data` as in the
 * checkpoint (for weights the model transposes, the checkpoint's [out, in];
 * they are copied transposed). Other weights are used in place: the buffer
 * must stay valid and unchanged while the context may run. Overrides any
 * earlier binding of that weight. */
TFM_API tfm_status tfm_context_bind_weight(tfm_context *ctx, const char *name,
                                           const float *data,
                                           const int64_t *shape, int rank);
/* Names of weights not bound yet, comma-separated ("" when all are), for
 * diagnostics; valid until the next call on the context. */
TFM_API const char *tfm_context_missing_weights(tfm_context *ctx);
/* The OpenMP thread count of this context's runs, in [1, tfm_max_threads()]
 * (default 1); a count outside is an error and keeps the previous count. */
TFM_API tfm_status tfm_context_set_threads(tfm_context *ctx, int threads);
/* The largest thread count a run accepts on this machine: 4 per online CPU,
 * and at least 64. More threads than CPUs only slow a run down; far more
 * exhaust the OpenMP runtime (which aborts the process) and memory. */
TFM_API int tfm_max_threads(void);

/* Runs the model.
 *
 * inputs: `num_inputs` tensors in model order (tfm_model_input), exactly the
 * model's input count. Each is validated as the tfm executables validate
 * .npy inputs: dtype (int64 inputs also accept TFM_I32 ids), rank, static
 * dims, dims >= 1, dynamic dims agreeing across inputs, ids within the
 * vocabulary, attention masks of 0/1, the sequence limit. An optional input
 * (tfm_io_info.default_fill != NULL) may be passed with data == NULL: it is
 * filled with its default in the shape of the first given input. A rank-0
 * input has shape[] unused: its one element is at data.
 *
 * An input with tfm_io_info.updated_in_place (a KV cache) must be given
 * (data != NULL), as TFM_F32 (never converted) of the declared rank and
 * static dims, and writable: the model receives this very buffer, not a
 * copy, and updates it; after a successful run it holds the new state (for
 * a KV cache: rows [position, position + T) of every layer written, the
 * rows after them untouched), after a failed one its contents are
 * unspecified, except that a run refused before it starts (any of the
 * checks here) leaves it untouched. It is not among the outputs. A rank-0
 * integer input with max_sequence > 0 (a KV cache's position) offsets the
 * positions of input tfm_io_info.offsets_input's tokens: before the run its
 * value must be >= 0 and, plus that input's dimension 1 (the new tokens),
 * at most max_sequence, and at most the rows M of a KV cache input (an
 * input updated in place of rank 5, [L, 2, B, M, D]); the error names the
 * input, the value, the token count and the limit.
 *
 * outputs: `num_outputs` tensors in model order, exactly the model's output
 * count, describing CALLER buffers: set data, dtype (TFM_F32), and rank/shape
 * to the buffer's capacity (only the element count, the product of the
 * shape, matters). data == NULL skips that output. After a successful run,
 * rank and shape hold each output's actual shape and its elements are at the
 * start of the buffer. If a buffer is too small, the run fails with an error
 * naming the output with the required and the given size, and that output's
 * rank/shape are set to the required shape (its data is untouched), so the
 * caller can grow the buffer and run again.
 *
 * All weights must be bound (the error lists the missing ones). A run that
 * runs out of memory fails with an error beginning "out of memory" that
 * names the buffer's size; no output is written, the run's buffers return
 * to the pool, and the context stays usable. */
TFM_API tfm_status tfm_context_run(tfm_context *ctx, const tfm_tensor *inputs,
                                   int num_inputs, tfm_tensor *outputs,
                                   int num_outputs);

/* Runs the model like tfm_context_run, but hands the caller the model's own
 * output buffers instead of copying into caller buffers, for callers that
 * cannot know the outputs' shapes in advance. `outputs` is an array of
 * `num_outputs` tensors, exactly the model's output count; on success each
 * receives an output's data, dtype, rank and shape, in model order, and the
 * caller releases each data with tfm_buffer_free. Released buffers return
 * to the runtime's pool: release them before the next run so that it can
 * reuse them. On error every output is left empty (data NULL). */
TFM_API tfm_status tfm_context_run_alloc(tfm_context *ctx,
                                         const tfm_tensor *inputs,
                                         int num_inputs, tfm_tensor *outputs,
                                         int num_outputs);
/* Releases an output buffer of tfm_context_run_alloc; NULL is allowed. */
TFM_API void tfm_buffer_free(void *data);

/*--- Generation -----------------------------------------------------------*/

/* How tfm_context_generate chooses each token from the logits of the last
 * position. Start from tfm_generate_options_init (greedy, no EOS). */
typedef struct tfm_generate_options {
  /* 0: greedy (the largest logit, ties to the lowest id); > 0: sample from
   * softmax(logits / temperature). Finite. */
  double temperature;
  /* Sampling only. 0: no limit; else only the top_k largest logits (exactly
   * top_k: of equal logits, the lower ids). */
  int64_t top_k;
  /* Sampling only, in (0, 1]; 1: no limit. After top_k, only the shortest
   * run of the most likely tokens whose probability reaches top_p. */
  double top_p;
  /* > 0 and finite; 1: none. As Hugging Face's: the logit of each id in the
   * prompt or generated so far is divided by it when positive, multiplied
   * when negative. Applies to greedy decoding too. */
  double repetition_penalty;
  /* The sampler's seed: the same request with the same seed generates the
   * same tokens, whatever the thread count (its generator, xoshiro256**, is
   * its own). */
  uint64_t seed;
  /* Generation stops after any of these `num_eos_ids` ids (the id is
   * generated: passed to the callback and counted). NULL with 0: none. */
  const int64_t *eos_ids;
  int32_t num_eos_ids;
} tfm_generate_options;

/* Greedy decoding: temperature 0, top_k 0, top_p 1, repetition_penalty 1,
 * seed 0, no EOS ids. NULL is ignored. */
TFM_API void tfm_generate_options_init(tfm_generate_options *options);

/* Receives each generated token as soon as it is chosen; `user` is the
 * pointer given to tfm_context_generate. Returning nonzero stops generation
 * after this token (which counts as generated). */
typedef int (*tfm_token_callback)(int64_t token, void *user);

/* Why tfm_context_generate stopped. */
typedef enum tfm_stop_reason {
  TFM_STOP_MAX_TOKENS = 0, /* max_new_tokens were generated */
  TFM_STOP_EOS = 1,        /* an EOS id was generated */
  TFM_STOP_CALLBACK = 2,   /* the callback returned nonzero */
} tfm_stop_reason;

typedef struct tfm_generate_stats {
  int64_t prompt_tokens;
  int64_t generated_tokens;
  /* From the call to the first token chosen: the prefill run and the first
   * sampling (with the input checks and the cache's allocation). */
  double time_to_first_token_ms;
  /* The tokens after the first, per second of their decode runs and
   * sampling (callbacks excluded); 0 with fewer than 2 tokens. */
  double decode_tokens_per_second;
  /* The KV cache's size: layers x 2 x 1 x (prompt + max_new_tokens) x
   * hidden x 4 bytes, allocated for the call and freed at its end. */
  int64_t cache_bytes;
  tfm_stop_reason stop_reason;
} tfm_generate_stats;

/* Generates up to `max_new_tokens` (>= 1) tokens after the `num_prompt_ids`
 * (>= 1) ids of `prompt_ids`, batch 1, with a model compiled with a KV
 * cache (tfm-import --kv-cache, GPT-2 or LLaMA): inputs `input_ids` (int64 [B, T]),
 * `position` (int64 rank 0, with max_sequence: the model's positions),
 * `kv_cache` (float32 [L, 2, B, M, D] with L, 2 and D static, updated in
 * place) and output `logits` (float32 [B, T, V]); other inputs must be
 * optional. A model without them is an error naming what is missing.
 *
 * Before any run it checks the options, the weights (all bound), and that
 * num_prompt_ids + max_new_tokens is at most the position input's
 * max_sequence (never a wrap of positions). It then allocates the cache for
 * num_prompt_ids + max_new_tokens rows, runs the prompt (position 0), and
 * then one run per new token (T = 1, at the next position), each as
 * tfm_context_run does (same input checks: prompt ids within the
 * vocabulary); only the last position's logits are sampled. Each token goes
 * to `callback` (may be NULL) and, when `generated_ids` is not NULL, to
 * generated_ids[i] (room for max_new_tokens). It stops after max_new_tokens
 * tokens, an EOS id or a nonzero callback, without running the model for
 * the last token. `options` NULL means tfm_generate_options_init's.
 *
 * `stats` (may be NULL) is filled on success, and on a failure during
 * generation with what was generated until then. A failed run ends the
 * call with its error (which says the step and position). */
TFM_API tfm_status tfm_context_generate(tfm_context *ctx, const int64_t *prompt_ids,
                                        int64_t num_prompt_ids, int64_t max_new_tokens,
                                        const tfm_generate_options *options,
                                        tfm_token_callback callback, void *user,
                                        int64_t *generated_ids, tfm_generate_stats *stats);

/* Checks what tfm_context_generate checks of a request of `num_prompt_ids`
 * prompt tokens and `max_new_tokens` new ones without weights, options or
 * runs: the counts, the model's interface and its positions (same errors).
 * For a program that wants them reported before it binds weights. */
TFM_API tfm_status tfm_model_check_generation(const tfm_model_handle *model,
                                              int64_t num_prompt_ids, int64_t max_new_tokens);

/*--- Statistics -----------------------------------------------------------*/

/* The copies a context holds of its bound weights in the blocked layouts
 * of the kernels that run them (see tfm_param_info.prepack). */
typedef struct tfm_context_stats {
  /* Made when the weights were bound. */
  int64_t weights_packed_at_bind;
  /* Made by runs, when a kernel wanted a layout other than the one packed
   * at binding (kept for the later runs of the same binding). */
  int64_t weights_packed_while_running;
} tfm_context_stats;

/* Fills `out` with the context's statistics. Binding a weights file starts
 * them over, as it replaces every copy. */
TFM_API tfm_status tfm_context_get_stats(const tfm_context *ctx,
                                         tfm_context_stats *out);
/* The kernels of the linears the context's runs have created, per precision
 * a linear asked for (oneDNN's implementation, impl_info_str, or tfm's own:
 * "tfm amx bf16" for bf16 on AMX), and under
 * "attention" the loops attention ran ("tfm amx bf16", "tfm avx512 f32",
 * "tfm avx2 f32" or "tfm portable f32"), as the text of a JSON object: e.g.
 * {"attention":"tfm avx512 f32","f32":"brg:avx512_core"}. A precision this
 * CPU has no fast kernel for reads "f32 fallback: <the f32 kernel>"; several
 * kernels of one entry (e.g. different layers' shapes) are separated by
 * ", ". "{}" before the first run. Never NULL; valid until the next call on
 * the context. */
TFM_API const char *tfm_context_kernels(tfm_context *ctx);
/* The blocks the runtime's buffer pool has taken from the system allocator
 * since the process started, for all models and contexts (see Memory):
 * runs served from released blocks leave it unchanged. */
TFM_API uint64_t tfm_system_allocations(void);

#ifdef __cplusplus
}
#endif

#endif /* TFM_TFM_H */
