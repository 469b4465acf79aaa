/* bert-embed: sentence embeddings (BERT's pooler output) through tfm's C API.
 *
 *   bert-embed [--threads N] [--model LIB.so] WEIGHTS.safetensors [SENTENCES.txt]
 *
 * SENTENCES.txt (or stdin) holds one sequence per line as token ids separated
 * by spaces; a '|' splits a sentence pair (token type 0 before it, 1 after).
 * Sequences of different lengths form one ragged batch: they are right-padded
 * with id 0 and an attention_mask of 0 marks the padding. Prints one line per
 * sequence: "pooler_output[i]: v0 v1 ...".
 *
 * Tokenization is not tfm's business; use any WordPiece tokenizer. */
#include "tfm/tfm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 4096

typedef struct {
  int64_t *ids, *types;
  int64_t length;
} sequence;

/* Reports a failed call and returns 1. */
static int failed(tfm_status status, const char *what) {
  fprintf(stderr, "bert-embed: %s: %s\n", what, tfm_status_message(status));
  tfm_status_free(status);
  return 1;
}

/* Reads "ids [| ids]" lines; returns the number of sequences, -1 on error. */
static int read_sequences(FILE *file, sequence **out) {
  char line[65536];
  int count = 0, capacity = 0;
  sequence *list = NULL;
  while (fgets(line, sizeof line, file)) {
    int64_t ids[MAX_TOKENS], types[MAX_TOKENS], n = 0, type = 0;
    char *cursor = line;
    for (;;) {
      while (*cursor == ' ' || *cursor == '\t' || *cursor == '\n' || *cursor == '\r')
        ++cursor;
      if (!*cursor)
        break;
      if (*cursor == '|') {
        type = 1;
        ++cursor;
        continue;
      }
      char *end;
      long long id = strtoll(cursor, &end, 10);
      if (end == cursor || n == MAX_TOKENS) {
        fprintf(stderr, "bert-embed: line %d: expected token ids\n", count + 1);
        return -1;
      }
      ids[n] = id;
      types[n++] = type;
      cursor = end;
    }
    if (n == 0)
      continue;
    if (count == capacity) {
      capacity = capacity ? 2 * capacity : 8;
      list = realloc(list, (size_t)capacity * sizeof *list);
    }
    list[count].length = n;
    list[count].ids = malloc((size_t)n * sizeof(int64_t));
    list[count].types = malloc((size_t)n * sizeof(int64_t));
    memcpy(list[count].ids, ids, (size_t)n * sizeof(int64_t));
    memcpy(list[count].types, types, (size_t)n * sizeof(int64_t));
    ++count;
  }
  *out = list;
  return count;
}

/* Points input `name` (if the model has it) at `data` of shape [batch, length]. */
static tfm_status set_input(tfm_model_handle *model, tfm_tensor *inputs, const char *name,
                            int64_t *data, int64_t batch, int64_t length) {
  int index;
  tfm_status status = tfm_model_find_input(model, name, &index);
  if (status)
    return status;
  inputs[index].data = data;
  inputs[index].dtype = TFM_I64;
  inputs[index].rank = 2;
  inputs[index].shape[0] = batch;
  inputs[index].shape[1] = length;
  return NULL;
}

int main(int argc, char **argv) {
  const char *library = NULL, *weights = NULL, *text = NULL;
  int threads = 1;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--model") && i + 1 < argc)
      library = argv[++i];
    else if (!weights)
      weights = argv[i];
    else
      text = argv[i];
  }
  if (!weights) {
    fprintf(stderr, "usage: %s [--threads N] [--model LIB.so] WEIGHTS.safetensors "
                    "[SENTENCES.txt]\n", argv[0]);
    return 2;
  }

  /* 1. The model: linked in, or a library loaded at run time. */
  tfm_model_handle *model = NULL;
  tfm_status status;
#ifdef BERT_LINKED
  (void)library;
  status = tfm_model_from_linked(tfm_compiled_model(), &model);
#else
  status = tfm_model_open(library ? library : BERT_LIBRARY, &model);
#endif
  if (status)
    return failed(status, "loading the model");

  /* 2. A context: weights by Hugging Face name, and a thread count. */
  tfm_context *ctx = NULL;
  if ((status = tfm_context_create(model, &ctx)) ||
      (status = tfm_context_bind_weights_file(ctx, weights)) ||
      (status = tfm_context_set_threads(ctx, threads)))
    return failed(status, "preparing the model");

  /* 3. The ragged batch, right-padded: ids 0 and mask 0 after each sequence. */
  FILE *file = text ? fopen(text, "r") : stdin;
  if (!file) {
    perror(text);
    return 1;
  }
  sequence *sequences = NULL;
  int batch = read_sequences(file, &sequences);
  if (file != stdin)
    fclose(file);
  if (batch <= 0) {
    fprintf(stderr, "bert-embed: no sequences given\n");
    return 1;
  }
  int64_t length = 0;
  for (int b = 0; b < batch; ++b)
    if (sequences[b].length > length)
      length = sequences[b].length;
  size_t cells = (size_t)batch * (size_t)length;
  int64_t *ids = calloc(cells, sizeof(int64_t));
  int64_t *mask = calloc(cells, sizeof(int64_t));
  int64_t *types = calloc(cells, sizeof(int64_t));
  for (int b = 0; b < batch; ++b)
    for (int64_t t = 0; t < sequences[b].length; ++t) {
      ids[b * length + t] = sequences[b].ids[t];
      types[b * length + t] = sequences[b].types[t];
      mask[b * length + t] = 1;
    }

  /* Inputs in model order; inputs left with data NULL (e.g. token_type_ids
   * of a model without them) take their default. */
  int num_inputs = tfm_model_num_inputs(model);
  tfm_tensor *inputs = calloc((size_t)num_inputs, sizeof(tfm_tensor));
  if ((status = set_input(model, inputs, "input_ids", ids, batch, length)) ||
      (status = set_input(model, inputs, "attention_mask", mask, batch, length)))
    return failed(status, "binding inputs");
  int has_types;
  status = tfm_model_find_input(model, "token_type_ids", &has_types);
  has_types = status == NULL;
  tfm_status_free(status);
  if (has_types && (status = set_input(model, inputs, "token_type_ids", types, batch, length)))
    return failed(status, "binding inputs");

  /* 4. Outputs go to our buffers; only the pooler output is wanted. */
  int num_outputs = tfm_model_num_outputs(model), pooled;
  if ((status = tfm_model_find_output(model, "pooler_output", &pooled)))
    return failed(status, "finding the output");
  int64_t hidden = tfm_model_output(model, pooled)->shape[1];
  float *embeddings = malloc((size_t)batch * (size_t)hidden * sizeof(float));
  tfm_tensor *outputs = calloc((size_t)num_outputs, sizeof(tfm_tensor));
  outputs[pooled].data = embeddings; /* others stay NULL: skipped */
  outputs[pooled].dtype = TFM_F32;
  outputs[pooled].rank = 2;
  outputs[pooled].shape[0] = batch;
  outputs[pooled].shape[1] = hidden;

  if ((status = tfm_context_run(ctx, inputs, num_inputs, outputs, num_outputs)))
    return failed(status, "running the model");

  for (int b = 0; b < batch; ++b) {
    printf("pooler_output[%d]:", b);
    for (int64_t d = 0; d < hidden; ++d)
      printf(" %.9g", embeddings[b * hidden + d]);
    printf("\n");
  }

  tfm_context_destroy(ctx);
  tfm_model_close(model);
  for (int b = 0; b < batch; ++b) {
    free(sequences[b].ids);
    free(sequences[b].types);
  }
  free(sequences);
  free(ids);
  free(mask);
  free(types);
  free(inputs);
  free(outputs);
  free(embeddings);
  return 0;
}
