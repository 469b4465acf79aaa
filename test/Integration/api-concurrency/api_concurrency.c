/* The C API on a real compiled BERT, from several threads at once.
 *
 *   api-concurrency MODEL_A.so MODEL_B.so WEIGHTS.safetensors
 *
 * MODEL_B is a copy of MODEL_A under another path, so the process holds two
 * loaded model libraries with the same internal symbols (RTLD_LOCAL and the
 * hidden forward must keep them apart). Three contexts (A with 1 thread, A
 * with 2 threads, B with 1 thread) first run serially to record reference
 * outputs, then run concurrently, one POSIX thread each, and every
 * concurrent result must be bitwise identical to its serial reference. Also
 * checks a few bad calls on the real model. Exit 0 on success. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c99 */

#include "tfm/tfm.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WORKERS 3
#define RUNS 20
#define BATCH 3

static int failures = 0;

static void check(tfm_status status, const char *what) {
  if (!status)
    return;
  fprintf(stderr, "FAIL %s: %s\n", what, tfm_status_message(status));
  tfm_status_free(status);
  exit(1);
}

static void expect_error(tfm_status status, const char *substring, const char *what) {
  if (!status || !strstr(tfm_status_message(status), substring)) {
    fprintf(stderr, "FAIL %s: expected an error containing '%s', got '%s'\n", what,
            substring, status ? tfm_status_message(status) : "success");
    ++failures;
  } else {
    printf("ok   %s: %s\n", what, tfm_status_message(status));
  }
  tfm_status_free(status);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

typedef struct {
  tfm_model_handle *model;
  tfm_context *ctx;
  int64_t length, hidden;
  int64_t ids[BATCH * 16], mask[BATCH * 16], types[BATCH * 16];
  tfm_tensor inputs[8];
  float *hidden_out, *pooled_out, *hidden_ref, *pooled_ref;
  size_t hidden_count, pooled_count;
  int mismatches;
} worker;

static int find(tfm_model_handle *model, const char *name, int output) {
  int index = -1;
  check(output ? tfm_model_find_output(model, name, &index)
               : tfm_model_find_input(model, name, &index),
        name);
  return index;
}

static void set_input(worker *w, const char *name, int64_t *data) {
  tfm_tensor *t = &w->inputs[find(w->model, name, 0)];
  t->data = data;
  t->dtype = TFM_I64;
  t->rank = 2;
  t->shape[0] = BATCH;
  t->shape[1] = w->length;
}

/* A ragged batch: lengths L, L-3, 1, ids from a per-worker seed. */
static void setup(worker *w, tfm_model_handle *model, const char *weights, int threads,
                  unsigned seed) {
  memset(w, 0, sizeof *w);
  w->model = model;
  check(tfm_context_create(model, &w->ctx), "tfm_context_create");
  check(tfm_context_bind_weights_file(w->ctx, weights), "tfm_context_bind_weights_file");
  check(tfm_context_set_threads(w->ctx, threads), "tfm_context_set_threads");
  const tfm_io_info *ids = tfm_model_input(model, find(model, "input_ids", 0));
  int64_t limit = ids->id_limit > 0 ? ids->id_limit : 100;
  w->length = 9;
  int64_t lengths[BATCH] = {9, 6, 1};
  for (int b = 0; b < BATCH; ++b)
    for (int64_t t = 0; t < w->length; ++t) {
      int real = t < lengths[b];
      seed = seed * 1103515245u + 12345u;
      w->ids[b * w->length + t] = real ? 1 + (int64_t)((seed >> 8) % (unsigned)(limit - 1)) : 0;
      w->mask[b * w->length + t] = real;
      w->types[b * w->length + t] = real && t >= lengths[b] / 2;
    }
  set_input(w, "input_ids", w->ids);
  set_input(w, "attention_mask", w->mask);
  set_input(w, "token_type_ids", w->types);
  w->hidden = tfm_model_output(model, find(model, "pooler_output", 1))->shape[1];
  w->hidden_count = (size_t)(BATCH * w->length * w->hidden);
  w->pooled_count = (size_t)(BATCH * w->hidden);
  w->hidden_out = malloc(w->hidden_count * sizeof(float));
  w->pooled_out = malloc(w->pooled_count * sizeof(float));
  w->hidden_ref = malloc(w->hidden_count * sizeof(float));
  w->pooled_ref = malloc(w->pooled_count * sizeof(float));
}

static tfm_status run(worker *w) {
  tfm_tensor outputs[2];
  memset(outputs, 0, sizeof outputs);
  int h = find(w->model, "last_hidden_state", 1), p = find(w->model, "pooler_output", 1);
  outputs[h].data = w->hidden_out;
  outputs[h].dtype = TFM_F32;
  outputs[h].rank = 1;
  outputs[h].shape[0] = (int64_t)w->hidden_count;
  outputs[p].data = w->pooled_out;
  outputs[p].dtype = TFM_F32;
  outputs[p].rank = 1;
  outputs[p].shape[0] = (int64_t)w->pooled_count;
  return tfm_context_run(w->ctx, w->inputs, tfm_model_num_inputs(w->model), outputs, 2);
}

static void *loop(void *arg) {
  worker *w = arg;
  for (int i = 0; i < RUNS; ++i) {
    tfm_status status = run(w);
    if (status) {
      fprintf(stderr, "FAIL concurrent run: %s\n", tfm_status_message(status));
      tfm_status_free(status);
      ++w->mismatches;
      continue;
    }
    if (memcmp(w->hidden_out, w->hidden_ref, w->hidden_count * sizeof(float)) ||
        memcmp(w->pooled_out, w->pooled_ref, w->pooled_count * sizeof(float)))
      ++w->mismatches;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s MODEL_A.so MODEL_B.so WEIGHTS.safetensors\n", argv[0]);
    return 2;
  }
  tfm_model_handle *a = NULL, *b = NULL;
  check(tfm_model_open(argv[1], &a), "tfm_model_open A");
  check(tfm_model_open(argv[2], &b), "tfm_model_open B");
  if (tfm_model_num_outputs(a) != 2) {
    fprintf(stderr, "FAIL: expected a BERT with 2 outputs\n");
    return 1;
  }

  static worker workers[WORKERS];
  setup(&workers[0], a, argv[3], 1, 1);
  setup(&workers[1], a, argv[3], 2, 2);
  setup(&workers[2], b, argv[3], 1, 3);

  double start = now_ms();
  for (int i = 0; i < WORKERS; ++i) {
    worker *w = &workers[i];
    check(run(w), "serial run");
    memcpy(w->hidden_ref, w->hidden_out, w->hidden_count * sizeof(float));
    memcpy(w->pooled_ref, w->pooled_out, w->pooled_count * sizeof(float));
    for (int r = 1; r < RUNS; ++r)
      check(run(w), "serial run");
  }
  double serial = now_ms() - start;

  /* The same inputs through two different libraries agree exactly. */
  worker *same = &workers[2];
  memcpy(same->ids, workers[0].ids, sizeof same->ids);
  memcpy(same->types, workers[0].types, sizeof same->types);
  check(run(same), "run B on A's inputs");
  if (memcmp(same->pooled_out, workers[0].pooled_ref, same->pooled_count * sizeof(float))) {
    fprintf(stderr, "FAIL: model copies A and B disagree on the same inputs\n");
    ++failures;
  }
  check(run(same), "run B");
  memcpy(same->hidden_ref, same->hidden_out, same->hidden_count * sizeof(float));
  memcpy(same->pooled_ref, same->pooled_out, same->pooled_count * sizeof(float));

  pthread_t threads[WORKERS];
  start = now_ms();
  for (int i = 0; i < WORKERS; ++i)
    pthread_create(&threads[i], NULL, loop, &workers[i]);
  for (int i = 0; i < WORKERS; ++i)
    pthread_join(threads[i], NULL);
  double concurrent = now_ms() - start;
  for (int i = 0; i < WORKERS; ++i)
    if (workers[i].mismatches) {
      fprintf(stderr, "FAIL: worker %d: %d of %d concurrent runs differ from the serial run\n",
              i, workers[i].mismatches, RUNS);
      ++failures;
    }
  printf("%d contexts x %d runs: serial %.1f ms, concurrent %.1f ms\n", WORKERS, RUNS,
         serial, concurrent);

  /* Bad calls on the real model: errors, not crashes. */
  worker *w = &workers[0];
  tfm_tensor small[2];
  memset(small, 0, sizeof small);
  int p = find(a, "pooler_output", 1);
  small[p].data = w->pooled_out;
  small[p].dtype = TFM_F32;
  small[p].rank = 2;
  small[p].shape[0] = 1;
  small[p].shape[1] = w->hidden;
  expect_error(tfm_context_run(w->ctx, w->inputs, tfm_model_num_inputs(a), small, 2),
               "output 'pooler_output' needs", "too small output buffer");
  if (small[p].shape[0] != BATCH || small[p].shape[1] != w->hidden) {
    fprintf(stderr, "FAIL: the required shape was not reported\n");
    ++failures;
  }
  tfm_context *empty = NULL;
  check(tfm_context_create(a, &empty), "tfm_context_create");
  expect_error(tfm_context_run(empty, w->inputs, tfm_model_num_inputs(a), small, 2),
               "weights not bound", "run without weights");
  expect_error(tfm_context_bind_weight(empty, "bert.no.such.weight", w->pooled_out, NULL, 0),
               "has no weight named", "unknown weight");
  int index;
  expect_error(tfm_model_find_input(a, "pixel_values", &index), "no input named",
               "unknown input");
  expect_error(tfm_context_bind_weights_file(empty, argv[1]), "", "weights from a non-safetensors file");
  expect_error(tfm_context_run(w->ctx, NULL, tfm_model_num_inputs(a), small, 2), "NULL array",
               "NULL inputs");
  tfm_context_destroy(empty);

  for (int i = 0; i < WORKERS; ++i) {
    tfm_context_destroy(workers[i].ctx);
    free(workers[i].hidden_out);
    free(workers[i].pooled_out);
    free(workers[i].hidden_ref);
    free(workers[i].pooled_ref);
  }
  tfm_model_close(a);
  tfm_model_close(b);
  printf("%s\n", failures ? "FAILED" : "all ok");
  return failures ? 1 : 0;
}
