/* fma_peak.c - this machine's fp32 FMA peak for one vector ISA, in GFLOP/s.
 *
 * Built and run by benchmarks/bench.py:
 *   clang-19 -O2 -fopenmp fma_peak.c -o fma_peak
 *   ./fma_peak [--isa avx512|avx2] [--threads N] [--reps R] [--seconds S]
 * prints one JSON line: {"isa": ..., "threads": N, "gflops": best, "all": [...]}.
 *
 * --isa picks the kernel: AVX-512 (16 lanes) or AVX2 (8 lanes) FMAs; the
 * default is the widest the CPU supports.  Both kernels are in the binary
 * (target attributes, chosen at run time), so a run capped to AVX2 (oneDNN's
 * DNNL_MAX_CPU_ISA) is compared against the AVX2 peak of the same machine,
 * which on CPUs with two 512-bit FMA ports is half the AVX-512 one.
 *
 * Each thread runs NACC independent accumulator chains acc[i] = acc[i]*a + b
 * of vector FMAs.  Enough chains cover the FMA latency times the number of
 * FMA ports (e.g. 4 cycles x 2 ports = 8 in flight), so the loop is
 * throughput-bound.  Without -ffast-math the compiler may not reassociate or
 * fold the chains away; the results are summed and printed so they stay
 * live.  With a slightly below 1 the chains converge to b/(1-a): no
 * overflow, no denormals.
 *
 * FLOPs counted: 2 per lane per FMA.  The reported figure is the best of R
 * repetitions; each repetition is one parallel region of N threads, timed
 * from its start to the end of the slowest thread.
 */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs `iters` iterations of NACC FMAs; returns a value that depends on all. */
#define DEFINE_KERNEL(NAME, TARGET, VEC, NACC, SET1, FMA, ADD, SUM)                    \
  __attribute__((target(TARGET))) static float NAME(long iters, float seed) {          \
    VEC a = SET1(0.99999994f), b = SET1(1e-7f);                                        \
    VEC acc[NACC];                                                                     \
    for (int i = 0; i < NACC; ++i)                                                     \
      acc[i] = SET1(seed + (float)i);                                                  \
    for (long n = 0; n < iters; ++n) {                                                 \
      _Pragma("clang loop unroll(full)")                                               \
      for (int i = 0; i < NACC; ++i)                                                   \
        acc[i] = FMA(acc[i], a, b);                                                    \
    }                                                                                  \
    VEC s = acc[0];                                                                    \
    for (int i = 1; i < NACC; ++i)                                                     \
      s = ADD(s, acc[i]);                                                              \
    return SUM(s);                                                                     \
  }

__attribute__((target("avx512f"))) static float sum512(__m512 v) {
  return _mm512_reduce_add_ps(v);
}
__attribute__((target("avx2"))) static float sum256(__m256 v) {
  float t[8];
  _mm256_storeu_ps(t, v);
  return t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
}

/* 24 of the 32 zmm registers; 12 of the 16 ymm registers. */
DEFINE_KERNEL(kernel_avx512, "avx512f", __m512, 24, _mm512_set1_ps, _mm512_fmadd_ps,
              _mm512_add_ps, sum512)
DEFINE_KERNEL(kernel_avx2, "avx2,fma", __m256, 12, _mm256_set1_ps, _mm256_fmadd_ps,
              _mm256_add_ps, sum256)

struct isa {
  const char *name;
  int lanes, chains;
  float (*kernel)(long, float);
};
static const struct isa ISAS[] = {
    {"avx512", 16, 24, kernel_avx512},
    {"avx2", 8, 12, kernel_avx2},
};
#define NISAS ((int)(sizeof ISAS / sizeof ISAS[0]))

int main(int argc, char **argv) {
  int threads = 1, reps = 5;
  double seconds = 0.3;
  const struct isa *isa = NULL;
  __builtin_cpu_init();
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--isa") && i + 1 < argc) {
      const char *want = argv[++i];
      for (int k = 0; k < NISAS; ++k)
        if (!strcmp(want, ISAS[k].name))
          isa = &ISAS[k];
      if (!isa) {
        fprintf(stderr, "fma_peak: unknown --isa '%s'; choose from avx512, avx2\n", want);
        return 2;
      }
    } else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
      reps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
      seconds = atof(argv[++i]);
    else {
      fprintf(stderr, "usage: %s [--isa avx512|avx2] [--threads N] [--reps R] [--seconds S]\n",
              argv[0]);
      return 2;
    }
  }
  if (threads < 1 || reps < 1 || seconds <= 0) {
    fprintf(stderr, "fma_peak: --threads, --reps and --seconds must be positive\n");
    return 2;
  }
  /* __builtin_cpu_supports needs a literal feature name. */
  int has[NISAS] = {__builtin_cpu_supports("avx512f"),
                    __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")};
  if (isa && !has[isa - ISAS]) {
    fprintf(stderr, "fma_peak: this CPU has no %s\n", isa->name);
    return 1;
  }
  for (int k = 0; k < NISAS && !isa; ++k)
    if (has[k])
      isa = &ISAS[k];
  if (!isa) {
    fprintf(stderr, "fma_peak: this CPU has neither AVX-512 nor AVX2+FMA\n");
    return 1;
  }
  float (*kernel)(long, float) = isa->kernel;
  omp_set_dynamic(0);
  omp_set_num_threads(threads);

  /* Calibrate the iteration count on one thread to about `seconds`. */
  long iters = 1 << 16;
  float sink = 0;
  for (;;) {
    double t0 = omp_get_wtime();
    sink += kernel(iters, 1.0f);
    double dt = omp_get_wtime() - t0;
    if (dt > seconds / 4 || iters > (1L << 40)) {
      iters = (long)(iters * (seconds / (dt > 1e-9 ? dt : 1e-9)));
      break;
    }
    iters *= 4;
  }
  if (iters < 1)
    iters = 1;

  double best = 0;
  double all[64];
  int nall = 0;
  for (int r = 0; r < reps; ++r) {
    float part[256] = {0};
    int got = 0;
    double t0 = omp_get_wtime();
#pragma omp parallel
    {
      int t = omp_get_thread_num();
      float v = kernel(iters, 2.0f + (float)t);
      if (t < 256)
        part[t] = v;
#pragma omp single
      got = omp_get_num_threads();
    }
    double dt = omp_get_wtime() - t0;
    for (int t = 0; t < got && t < 256; ++t)
      sink += part[t];
    if (got != threads) {
      fprintf(stderr, "fma_peak: asked for %d threads, got %d\n", threads, got);
      return 1;
    }
    double gflops = 2.0 * isa->lanes * isa->chains * (double)iters * threads / dt / 1e9;
    if (nall < 64)
      all[nall++] = gflops;
    if (gflops > best)
      best = gflops;
  }
  printf("{\"isa\": \"%s\", \"lanes\": %d, \"chains\": %d, \"threads\": %d, "
         "\"iters\": %ld, \"gflops\": %.2f, \"all\": [",
         isa->name, isa->lanes, isa->chains, threads, iters, best);
  for (int i = 0; i < nall; ++i)
    printf("%s%.2f", i ? ", " : "", all[i]);
  printf("], \"checksum\": %g}\n", (double)sink);
  return 0;
}
