/* fma_peak.c - this machine's fp32 FMA peak, in GFLOP/s.
 *
 * Built and run by benchmarks/bench.py:
 *   clang-19 -O2 -march=native -fopenmp fma_peak.c -o fma_peak
 *   ./fma_peak [--threads N] [--reps R] [--seconds S]
 * prints one JSON line: {"isa": ..., "threads": N, "gflops": best, "all": [...]}.
 *
 * Each thread runs NACC independent accumulator chains acc[i] = acc[i]*a + b
 * of vector FMAs (AVX-512 if the compiler targets it, else AVX2).  Enough
 * chains cover the FMA latency times the number of FMA ports (e.g. 4 cycles
 * x 2 ports = 8 in flight), so the loop is throughput-bound.  Without
 * -ffast-math the compiler may not reassociate or fold the chains away; the
 * results are summed and printed so they stay live.  With a slightly below 1
 * the chains converge to b/(1-a): no overflow, no denormals.
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

#if defined(__AVX512F__)
#define ISA "avx512"
#define LANES 16
#define NACC 24 /* of 32 zmm registers */
typedef __m512 vec;
#define VSET1(x) _mm512_set1_ps(x)
#define VFMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define VADD(a, b) _mm512_add_ps(a, b)
static float vsum(vec v) { return _mm512_reduce_add_ps(v); }
#elif defined(__AVX2__) && defined(__FMA__)
#define ISA "avx2"
#define LANES 8
#define NACC 12 /* of 16 ymm registers */
typedef __m256 vec;
#define VSET1(x) _mm256_set1_ps(x)
#define VFMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define VADD(a, b) _mm256_add_ps(a, b)
static float vsum(vec v) {
  float t[8];
  _mm256_storeu_ps(t, v);
  return t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
}
#else
#error "fma_peak.c needs AVX2+FMA or AVX-512 (compile with -march=native on such a CPU)"
#endif

/* Runs `iters` iterations of NACC FMAs; returns a value that depends on all. */
static float kernel(long iters, float seed) {
  vec a = VSET1(0.99999994f), b = VSET1(1e-7f);
  vec acc[NACC];
  for (int i = 0; i < NACC; ++i)
    acc[i] = VSET1(seed + (float)i);
  for (long n = 0; n < iters; ++n) {
#pragma clang loop unroll(full)
    for (int i = 0; i < NACC; ++i)
      acc[i] = VFMA(acc[i], a, b);
  }
  vec s = acc[0];
  for (int i = 1; i < NACC; ++i)
    s = VADD(s, acc[i]);
  return vsum(s);
}

int main(int argc, char **argv) {
  int threads = 1, reps = 5;
  double seconds = 0.3;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
      reps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
      seconds = atof(argv[++i]);
    else {
      fprintf(stderr, "usage: %s [--threads N] [--reps R] [--seconds S]\n", argv[0]);
      return 2;
    }
  }
  if (threads < 1 || reps < 1 || seconds <= 0) {
    fprintf(stderr, "fma_peak: --threads, --reps and --seconds must be positive\n");
    return 2;
  }
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
    double gflops = 2.0 * LANES * NACC * (double)iters * threads / dt / 1e9;
    if (nall < 64)
      all[nall++] = gflops;
    if (gflops > best)
      best = gflops;
  }
  printf("{\"isa\": \"%s\", \"lanes\": %d, \"chains\": %d, \"threads\": %d, "
         "\"iters\": %ld, \"gflops\": %.2f, \"all\": [",
         ISA, LANES, NACC, threads, iters, best);
  for (int i = 0; i < nall; ++i)
    printf("%s%.2f", i ? ", " : "", all[i]);
  printf("], \"checksum\": %g}\n", (double)sink);
  return 0;
}
