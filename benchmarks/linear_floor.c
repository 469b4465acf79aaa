/* linear_floor.c - how long oneDNN's own matmul takes for a model's linears.
 *
 *   clang-19 -O2 -fopenmp linear_floor.c -o linear_floor -ldnnl
 *   ./linear_floor --rows M --layers L --layer KxN[,KxN...] [--tail KxN[,...]]
 *                  [--precision bf16|int8|f32] [--threads N] [--rounds R]
 * prints one JSON line: {"precision": P, "threads": N, "rows": M, "gflop": G,
 * "median_ms": ..., "min_ms": ..., "tflops": ..., "impl": [...]}.
 *
 * A floor for the linears of a forward pass, to judge a speed target by:
 * the time oneDNN's matmul primitive (the kernel it picks for this CPU and
 * DNNL_MAX_CPU_ISA) takes for the model's linears alone, in order. Each of
 * the L layers runs the --layer shapes, then --tail's run once (a language
 * model's head). Every linear has weights of its own in oneDNN's preferred
 * layout, packed before timing, so that each pass reads as many weight
 * bytes from memory as the model does. The input is already in the
 * precision (bf16, or u8 with s8 weights for int8), there is no bias, no
 * activation, no residual, and the result is f32: less work than a model's
 * linear does, which is what makes it a floor.
 *
 * FLOPs: 2 * M * K * N per linear. The figures are per pass: the median and
 * minimum of R timed passes after two warm-up passes.
 *
 * The shapes of the benchmark's models at batch 1 (K x N for y = x W):
 *   BERT-base, 128 tokens: --rows 128 --layers 12
 *       --layer 768x768,768x768,768x768,768x768,768x3072,3072x768
 *   GPT-2 124M, 128 tokens: --rows 128 --layers 12
 *       --layer 768x2304,768x768,768x3072,3072x768 --tail 768x50257
 *   ViT-B/16, 197 tokens: --rows 197 --layers 12
 *       --layer 768x768,768x768,768x768,768x768,768x3072,3072x768
 */
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SHAPES 64

typedef struct {
  long k, n;
} Shape;

__attribute__((noreturn)) static void usage(const char *why) {
  fprintf(stderr,
          "linear_floor: %s\n"
          "usage: linear_floor --rows M --layers L --layer KxN[,KxN...] [--tail KxN[,...]]\n"
          "                    [--precision bf16|int8|f32] [--threads N] [--rounds R]\n",
          why);
  exit(2);
}

static void check(dnnl_status_t status, const char *what) {
  if (status != dnnl_success) {
    fprintf(stderr, "linear_floor: %s failed (dnnl status %d)\n", what, (int)status);
    exit(1);
  }
}

static long positive(const char *text, const char *flag) {
  char *end;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value <= 0 || value > (1L << 24)) {
    char why[128];
    snprintf(why, sizeof why, "%s wants a positive integer, not '%s'", flag, text);
    usage(why);
  }
  return value;
}

/* Parses "KxN,KxN,..." into shapes[*count...]. */
static void parseShapes(const char *text, const char *flag, Shape *shapes, int *count) {
  char *copy = strdup(text), *save = NULL;
  for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
    char *x = strchr(item, 'x');
    if (!x || *count == MAX_SHAPES) {
      char why[160];
      snprintf(why, sizeof why, "%s wants KxN items (at most %d), not '%s'", flag, MAX_SHAPES,
               item);
      usage(why);
    }
    *x = '\0';
    shapes[*count].k = positive(item, flag);
    shapes[*count].n = positive(x + 1, flag);
    ++*count;
  }
  free(copy);
}

/* The shape of the pass's linear i: the layers' shapes `layers` times, then
 * the tail's. */
static Shape shapeOf(long i, long layers, const Shape *layerShapes, int layerCount,
                     const Shape *tailShapes) {
  return i < layers * layerCount ? layerShapes[i % layerCount]
                                 : tailShapes[i - layers * layerCount];
}

typedef struct {
  dnnl_primitive_t primitive;
  dnnl_memory_t weights, source, result; /* the last two: views of shared buffers */
} Linear;

int main(int argc, char **argv) {
  long rows = 0, layers = 0, threads = 0, rounds = 20;
  const char *precision = "bf16";
  Shape layerShapes[MAX_SHAPES], tailShapes[MAX_SHAPES];
  int layerCount = 0, tailCount = 0;
  for (int i = 1; i < argc; ++i) {
    const char *flag = argv[i];
    if (i + 1 >= argc)
      usage("every option takes a value");
    const char *value = argv[++i];
    if (!strcmp(flag, "--rows"))
      rows = positive(value, flag);
    else if (!strcmp(flag, "--layers"))
      layers = positive(value, flag);
    else if (!strcmp(flag, "--threads"))
      threads = positive(value, flag);
    else if (!strcmp(flag, "--rounds"))
      rounds = positive(value, flag);
    else if (!strcmp(flag, "--precision"))
      precision = value;
    else if (!strcmp(flag, "--layer"))
      parseShapes(value, flag, layerShapes, &layerCount);
    else if (!strcmp(flag, "--tail"))
      parseShapes(value, flag, tailShapes, &tailCount);
    else {
      char why[160];
      snprintf(why, sizeof why, "unknown option '%s'", flag);
      usage(why);
    }
  }
  if (!rows || !layers || !layerCount)
    usage("--rows, --layers and --layer are required");
  dnnl_data_type_t sourceType, weightType;
  if (!strcmp(precision, "bf16"))
    sourceType = weightType = dnnl_bf16;
  else if (!strcmp(precision, "int8"))
    sourceType = dnnl_u8, weightType = dnnl_s8;
  else if (!strcmp(precision, "f32"))
    sourceType = weightType = dnnl_f32;
  else
    usage("--precision is bf16, int8 or f32");
  if (threads)
    omp_set_num_threads((int)threads);
  threads = omp_get_max_threads();

  dnnl_engine_t engine;
  dnnl_stream_t stream;
  check(dnnl_engine_create(&engine, dnnl_cpu, 0), "dnnl_engine_create");
  check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags), "dnnl_stream_create");

  /* The pass's linears, in order. Their weights must fit in memory with
   * room to spare: a pass that pages is no floor. */
  const long count = layers * layerCount + tailCount;
  const double elementBytes = weightType == dnnl_f32 ? 4 : weightType == dnnl_bf16 ? 2 : 1;
  double weightBytes = 0, gflop = 0;
  long maxK = 0, maxN = 0;
  for (long i = 0; i < count; ++i) {
    const Shape shape = shapeOf(i, layers, layerShapes, layerCount, tailShapes);
    weightBytes += elementBytes * (double)shape.k * (double)shape.n;
    gflop += 2e-9 * rows * shape.k * shape.n;
    maxK = shape.k > maxK ? shape.k : maxK;
    maxN = shape.n > maxN ? shape.n : maxN;
  }
  const double memoryBytes = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
  if (weightBytes > memoryBytes / 2) {
    fprintf(stderr, "linear_floor: the pass's weights take %.1f GB, more than half of memory\n",
            weightBytes / 1e9);
    return 1;
  }
  Linear *linears = calloc((size_t)count, sizeof(Linear));
  if (!linears) {
    fprintf(stderr, "linear_floor: out of memory for %ld linears\n", count);
    return 1;
  }

  /* One input and one result buffer serve every linear (row-major, the
   * widest shape's size), each linear viewing them at its own shape; the
   * input holds small values, as the weights below. */
  dnnl_memory_desc_t sourceAll, resultAll;
  dnnl_dims_t sourceAllDims = {rows, maxK}, resultAllDims = {rows, maxN};
  check(dnnl_memory_desc_init_by_tag(&sourceAll, 2, sourceAllDims, sourceType, dnnl_ab),
        "source buffer");
  check(dnnl_memory_desc_init_by_tag(&resultAll, 2, resultAllDims, dnnl_f32, dnnl_ab),
        "result buffer");
  dnnl_memory_t sourceMemory, resultMemory;
  check(dnnl_memory_create(&sourceMemory, &sourceAll, engine, DNNL_MEMORY_ALLOCATE), "source");
  check(dnnl_memory_create(&resultMemory, &resultAll, engine, DNNL_MEMORY_ALLOCATE), "result");
  void *sourceData, *resultData;
  check(dnnl_memory_get_data_handle(sourceMemory, &sourceData), "source handle");
  check(dnnl_memory_get_data_handle(resultMemory, &resultData), "result handle");
  memset(sourceData, sourceType == dnnl_u8 ? 0x01 : 0x3c, dnnl_memory_desc_get_size(&sourceAll));

  const char *impls[2 * MAX_SHAPES];
  int implCount = 0;
  for (long i = 0; i < count; ++i) {
    const Shape shape = shapeOf(i, layers, layerShapes, layerCount, tailShapes);
    dnnl_memory_desc_t source, weights, result;
    dnnl_dims_t sourceDims = {rows, shape.k}, weightDims = {shape.k, shape.n},
                resultDims = {rows, shape.n};
    check(dnnl_memory_desc_init_by_tag(&source, 2, sourceDims, sourceType, dnnl_ab), "source");
    check(dnnl_memory_desc_init_by_tag(&weights, 2, weightDims, weightType, dnnl_format_tag_any),
          "weights");
    check(dnnl_memory_desc_init_by_tag(&result, 2, resultDims, dnnl_f32, dnnl_ab), "result");
    check(dnnl_memory_create(&linears[i].source, &source, engine, sourceData), "source view");
    check(dnnl_memory_create(&linears[i].result, &result, engine, resultData), "result view");
    dnnl_matmul_desc_t desc;
    check(dnnl_matmul_desc_init(&desc, &source, &weights, NULL, &result), "dnnl_matmul_desc_init");
    dnnl_primitive_desc_t primitiveDesc;
    check(dnnl_primitive_desc_create(&primitiveDesc, &desc, NULL, engine, NULL),
          "dnnl_primitive_desc_create (no matmul for this precision here?)");
    const char *impl = NULL;
    check(dnnl_primitive_desc_query(primitiveDesc, dnnl_query_impl_info_str, 0, &impl), "impl");
    int known = 0;
    for (int j = 0; j < implCount; ++j)
      known |= !strcmp(impls[j], impl);
    if (!known && implCount < 2 * MAX_SHAPES)
      impls[implCount++] = strdup(impl);
    const dnnl_memory_desc_t *packed =
        dnnl_primitive_desc_query_md(primitiveDesc, dnnl_query_weights_md, 0);
    check(dnnl_memory_create(&linears[i].weights, packed, engine, DNNL_MEMORY_ALLOCATE),
          "weight memory");
    void *data;
    check(dnnl_memory_get_data_handle(linears[i].weights, &data), "weight handle");
    /* Small values of every type: bf16 0x3c3c is about 0.0115, s8 1. */
    memset(data, weightType == dnnl_s8 ? 0x01 : 0x3c, dnnl_memory_desc_get_size(packed));
    check(dnnl_primitive_create(&linears[i].primitive, primitiveDesc), "dnnl_primitive_create");
    check(dnnl_primitive_desc_destroy(primitiveDesc), "dnnl_primitive_desc_destroy");
  }

  double *passMs = calloc((size_t)rounds, sizeof(double));
  if (!passMs) {
    fprintf(stderr, "linear_floor: out of memory for %ld rounds\n", rounds);
    return 1;
  }
  for (long round = -2; round < rounds; ++round) {
    const double start = omp_get_wtime();
    for (long i = 0; i < count; ++i) {
      dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, linears[i].source},
                                 {DNNL_ARG_WEIGHTS, linears[i].weights},
                                 {DNNL_ARG_DST, linears[i].result}};
      check(dnnl_primitive_execute(linears[i].primitive, stream, 3, args), "execute");
    }
    check(dnnl_stream_wait(stream), "dnnl_stream_wait");
    if (round >= 0)
      passMs[round] = 1e3 * (omp_get_wtime() - start);
  }

  /* Median and minimum (insertion sort: R is small). */
  for (long i = 1; i < rounds; ++i)
    for (long j = i; j > 0 && passMs[j - 1] > passMs[j]; --j) {
      const double t = passMs[j];
      passMs[j] = passMs[j - 1];
      passMs[j - 1] = t;
    }
  const double median =
      rounds % 2 ? passMs[rounds / 2] : (passMs[rounds / 2 - 1] + passMs[rounds / 2]) / 2;
  printf("{\"precision\": \"%s\", \"threads\": %ld, \"rows\": %ld, \"linears\": %ld, "
         "\"gflop\": %.3f, \"median_ms\": %.3f, \"min_ms\": %.3f, \"tflops\": %.3f, \"impl\": [",
         precision, threads, rows, count, gflop, median, passMs[0], gflop / median);
  for (int j = 0; j < implCount; ++j)
    printf("%s\"%s\"", j ? ", " : "", impls[j]);
  printf("]}\n");

  for (long i = 0; i < count; ++i) {
    check(dnnl_primitive_destroy(linears[i].primitive), "dnnl_primitive_destroy");
    check(dnnl_memory_destroy(linears[i].weights), "dnnl_memory_destroy");
    check(dnnl_memory_destroy(linears[i].source), "dnnl_memory_destroy");
    check(dnnl_memory_destroy(linears[i].result), "dnnl_memory_destroy");
  }
  check(dnnl_memory_destroy(sourceMemory), "dnnl_memory_destroy");
  check(dnnl_memory_destroy(resultMemory), "dnnl_memory_destroy");
  check(dnnl_stream_destroy(stream), "dnnl_stream_destroy");
  check(dnnl_engine_destroy(engine), "dnnl_engine_destroy");
  for (int j = 0; j < implCount; ++j)
    free((void *)impls[j]);
  free(linears);
  free(passMs);
  return 0;
}
