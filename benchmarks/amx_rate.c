/* amx_rate.c - how fast one core's AMX tiles multiply bf16, by where the
 * operands come from.
 *
 *   clang-19 -O2 amx_rate.c -o amx_rate
 *   ./amx_rate [--rows M] [--depth K] [--panels P] [--rounds R]
 * prints one JSON line: {"rows": M, "depth": K, "panels": P, "a_kb": ...,
 * "b_kb": ..., "tflops": {"resident": ..., "resident_zeros": ..., "l1": ...,
 * "l2": ...}}, TFLOP/s of one thread, the best of R rounds.
 *
 * A ceiling for a bf16 linear kernel built as tfm's (lib/Runtime/AmxLinear.h):
 * each step multiplies two tiles of the input (32 rows by 32 of the depth)
 * by two of a weight panel (32 by 32 columns) into four accumulator tiles,
 * one tile load per product. Four loops of that step:
 * - resident: no loads, the tiles' product rate alone;
 * - resident_zeros: the same with zero tiles. AMX multiplies zeros faster
 *   (on a Xeon with AMX, about 20 % more), so a measurement on zero-filled
 *   buffers overstates what a model's data gets; every other loop here
 *   fills its operands with random bf16;
 * - l1: the input 32 rows by 256 deep and one 256-deep panel, 32 KB in all,
 *   read again and again from L1;
 * - l2: the input M rows by K deep times P panels of 32 columns, as a
 *   linear's thread multiplies them: for each panel, every 32 rows over the
 *   whole depth. With the defaults (ViT-B/16's 197 rows, padded, BERT's
 *   768-deep linears, a thread's 12 panels of 768 columns) the operands,
 *   about 0.9 MB, stay in L2 but not in L1.
 * FLOPs: 2 * 16 * 16 * 32 per tile product (16 by 32 bf16 times 32 by 16).
 *
 * Exits 1 where the CPU has no AMX-BF16 or the kernel does not grant this
 * process the tile state, 2 on a usage error.
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define AMX_TARGET __attribute__((target("amx-tile,amx-bf16")))

/* Linux's arch_prctl request for permission to use an extended state
 * component, and AMX's tile data component. */
#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18

__attribute__((noreturn)) static void usage(const char *why) {
  fprintf(stderr,
          "amx_rate: %s\n"
          "usage: amx_rate [--rows M] [--depth K] [--panels P] [--rounds R]\n"
          "       (M and K multiples of 32)\n",
          why);
  exit(2);
}

static long positive(const char *text, const char *flag, long multiple) {
  char *end;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value <= 0 || value > (1L << 20) || value % multiple) {
    char why[160];
    if (multiple > 1)
      snprintf(why, sizeof why, "%s wants a positive multiple of %ld, not '%s'", flag, multiple,
               text);
    else
      snprintf(why, sizeof why, "%s wants a positive integer, not '%s'", flag, text);
    usage(why);
  }
  return value;
}

/* Palette 1, tiles 0-7 of 16 rows by 64 bytes. */
typedef struct __attribute__((aligned(64))) {
  uint8_t palette, startRow, reserved[14];
  uint16_t bytesPerRow[16];
  uint8_t rows[16];
} TileConfig;

static double seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

/* Random bf16 of both signs with magnitudes from 2^-8 to 2^-6. */
static void fillRandom(uint16_t *data, size_t count, uint32_t seed) {
  for (size_t i = 0; i < count; ++i) {
    seed = seed * 1664525u + 1013904223u;
    data[i] = (uint16_t)(0x3b80 + ((seed >> 16) & 0xff) + ((seed >> 8) & 0x8000));
  }
}

/* Tile products with every operand resident: `steps` times four. */
AMX_TARGET static void multiplyResident(long steps) {
  for (long i = 0; i < steps; ++i) {
    _tile_dpbf16ps(0, 4, 6);
    _tile_dpbf16ps(1, 4, 7);
    _tile_dpbf16ps(2, 5, 6);
    _tile_dpbf16ps(3, 5, 7);
  }
}

/* The linear's loop: for each of `panels` panels (depth/32 blocks of 2 KB,
 * 32 columns interleaved in pairs of rows), every 32 of `rows` input rows
 * (row stride depth * 2 bytes) over the whole depth. Returns tile products. */
AMX_TARGET static long multiplyPanels(const uint16_t *input, const uint16_t *weight, long rows,
                                      long depth, long panels) {
  const long rowBytes = depth * 2, blocks = depth / 32;
  const char *a0 = (const char *)input, *b0 = (const char *)weight;
  static _Alignas(64) float sums[32 * 32];
  for (long p = 0; p < panels; ++p) {
    const char *panel = b0 + p * blocks * 2048;
    for (long r = 0; r < rows; r += 32) {
      const char *a = a0 + r * rowBytes;
      _tile_zero(0);
      _tile_zero(1);
      _tile_zero(2);
      _tile_zero(3);
      for (long d = 0; d < blocks; ++d) {
        const char *b = panel + d * 2048;
        _tile_loadd(6, b, 128);
        _tile_loadd(7, b + 64, 128);
        _tile_loadd(4, a + d * 64, rowBytes);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        _tile_loadd(5, a + 16 * rowBytes + d * 64, rowBytes);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
      }
      _tile_stored(0, sums, 128);
      _tile_stored(1, sums + 16, 128);
      _tile_stored(2, sums + 16 * 32, 128);
      _tile_stored(3, sums + 16 * 32 + 16, 128);
    }
  }
  return panels * (rows / 32) * blocks * 4;
}

/* TFLOP/s of the best of `rounds` rounds of about 0.1 s each. */
AMX_TARGET static double resident(const uint16_t *operands, long rounds) {
  _tile_loadd(4, operands, 64);
  _tile_loadd(5, operands + 512, 64);
  _tile_loadd(6, operands + 1024, 64);
  _tile_loadd(7, operands + 1536, 64);
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  double best = 0;
  for (long round = 0; round < rounds; ++round) {
    const long steps = 1000000;
    double start = seconds();
    multiplyResident(steps);
    double rate = steps * 4 * 16384.0 / (seconds() - start) / 1e12;
    best = rate > best ? rate : best;
  }
  return best;
}

static double panelsRate(const uint16_t *input, const uint16_t *weight, long rows, long depth,
                         long panels, long rounds) {
  multiplyPanels(input, weight, rows, depth, panels); /* warm the caches */
  double best = 0;
  for (long round = 0; round < rounds; ++round) {
    long products = 0;
    double start = seconds(), elapsed;
    do {
      products += multiplyPanels(input, weight, rows, depth, panels);
      elapsed = seconds() - start;
    } while (elapsed < 0.1);
    double rate = products * 16384.0 / elapsed / 1e12;
    best = rate > best ? rate : best;
  }
  return best;
}

AMX_TARGET int main(int argc, char **argv) {
  long rows = 224, depth = 768, panels = 12, rounds = 5;
  for (int i = 1; i < argc; ++i) {
    const char *flag = argv[i];
    if (strcmp(flag, "--rows") && strcmp(flag, "--depth") && strcmp(flag, "--panels") &&
        strcmp(flag, "--rounds")) {
      char why[160];
      snprintf(why, sizeof why, "unknown option '%s'", flag);
      usage(why);
    }
    if (i + 1 >= argc)
      usage("every option takes a value");
    const char *value = argv[++i];
    if (!strcmp(flag, "--rows"))
      rows = positive(value, flag, 32);
    else if (!strcmp(flag, "--depth"))
      depth = positive(value, flag, 32);
    else if (!strcmp(flag, "--panels"))
      panels = positive(value, flag, 1);
    else
      rounds = positive(value, flag, 1);
  }
  const size_t inputCount = (size_t)rows * depth, weightCount = (size_t)panels * depth * 32;
  if ((inputCount + weightCount) * 2 > ((size_t)1 << 30))
    usage("the operands would take more than 1 GB");

  unsigned eax, ebx, ecx, edx;
  const unsigned amxBf16 = 1u << 22, amxTile = 1u << 24;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) ||
      (edx & (amxBf16 | amxTile)) != (amxBf16 | amxTile)) {
    fprintf(stderr, "amx_rate: this CPU has no AMX-BF16\n");
    return 1;
  }
  if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) != 0) {
    fprintf(stderr, "amx_rate: the kernel does not grant this process AMX's tile state\n");
    return 1;
  }

  uint16_t *input = aligned_alloc(4096, inputCount * 2 + 4096);
  uint16_t *weight = aligned_alloc(4096, weightCount * 2 + 4096);
  /* Four tiles' operands for the resident loops. */
  uint16_t *tiles = aligned_alloc(64, 2048 * 2), *zeros = aligned_alloc(64, 2048 * 2);
  if (!input || !weight || !tiles || !zeros) {
    fprintf(stderr, "amx_rate: out of memory for the operands\n");
    return 1;
  }
  fillRandom(input, inputCount, 1);
  fillRandom(weight, weightCount, 2);
  fillRandom(tiles, 2048, 3);
  memset(zeros, 0, 2048 * 2);

  TileConfig config;
  memset(&config, 0, sizeof config);
  config.palette = 1;
  for (int t = 0; t < 8; ++t) {
    config.bytesPerRow[t] = 64;
    config.rows[t] = 16;
  }
  _tile_loadconfig(&config);
  const double residentRate = resident(tiles, rounds);
  const double zerosRate = resident(zeros, rounds);
  /* L1: 32 rows and one panel, 256 deep (16 KB each). */
  const double l1Rate = panelsRate(input, weight, 32, depth < 256 ? depth : 256, 1, rounds);
  const double l2Rate = panelsRate(input, weight, rows, depth, panels, rounds);
  _tile_release();

  printf("{\"rows\": %ld, \"depth\": %ld, \"panels\": %ld, \"a_kb\": %zu, \"b_kb\": %zu, "
         "\"tflops\": {\"resident\": %.2f, \"resident_zeros\": %.2f, \"l1\": %.2f, "
         "\"l2\": %.2f}}\n",
         rows, depth, panels, inputCount * 2 / 1024, weightCount * 2 / 1024, residentRate,
         zerosRate, l1Rate, l2Rate);
  free(input);
  free(weight);
  free(tiles);
  free(zeros);
  return 0;
}
