/* mem_bandwidth.c - this machine's memory bandwidth, STREAM-like, in GB/s.
 *
 * Built and run by benchmarks/bench.py:
 *   clang-19 -O2 -fopenmp mem_bandwidth.c -o mem_bandwidth
 *   ./mem_bandwidth [--threads N] [--mib M] [--reps R]
 * prints one JSON line: {"threads": N, "elements": n, "array_mib": ...,
 * "triad_gbs": best, "triad_gbs_with_write_allocate": ..., "read_gbs": best,
 * "triad_all": [...], "read_all": [...], ...}.
 *
 * Arrays: three of n doubles (M MiB each, default 1024), allocated once and
 * first touched by the threads that use them (static schedule), so each
 * thread's pages are where it runs.  Pick M well above the last-level cache
 * (STREAM's rule: each array at least 4x the sum of the caches); bench.py
 * does.
 *
 * Kernels, each the best of R repetitions (a repetition is one parallel loop
 * over the arrays, timed from its start to the end of the slowest thread):
 *   triad  a[i] = b[i] + s * c[i]   (STREAM's triad)
 *     triad_gbs counts 24 bytes per element (read b and c, write a: 3 x 8),
 *     STREAM's convention.  With ordinary stores the CPU also reads a's
 *     lines before writing them (write-allocate), so the memory moved
 *     32 bytes per element: triad_gbs_with_write_allocate = triad_gbs *
 *     32 / 24.  The compiler emits ordinary stores here (no streaming
 *     stores at -O2 without -ffast-math or pragmas).
 *   read   sum += b[i]   (every element read once: 8 bytes per element;
 *     16 partial sums per thread, so that the adds are not one dependent
 *     chain) -- what a decode step mostly does with its weights.
 * GB = 1e9 bytes.  The results are checked (a[i] after the triads, the sum)
 * so that the loops cannot be dropped.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int threads = 1, reps = 10;
  double mib = 1024;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--mib") && i + 1 < argc)
      mib = atof(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
      reps = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: %s [--threads N] [--mib M (per array)] [--reps R]\n", argv[0]);
      return 2;
    }
  }
  if (threads < 1 || reps < 1 || reps > 1000 || !(mib >= 1)) {
    fprintf(stderr, "mem_bandwidth: --threads and --reps (<= 1000) must be positive and "
                    "--mib at least 1\n");
    return 2;
  }
  long n = (long)(mib * 1024 * 1024 / sizeof(double)) / 16 * 16; /* whole blocks of 16 */
  size_t bytes = ((size_t)n * sizeof(double) + 4095) / 4096 * 4096;
  double *a = aligned_alloc(4096, bytes), *b = aligned_alloc(4096, bytes),
         *c = aligned_alloc(4096, bytes);
  if (!a || !b || !c) {
    fprintf(stderr, "mem_bandwidth: cannot allocate 3 x %.0f MiB\n", mib);
    return 1;
  }
  omp_set_dynamic(0);
  omp_set_num_threads(threads);
  int got = 0;
#pragma omp parallel
  {
#pragma omp single
    got = omp_get_num_threads();
  }
  if (got != threads) {
    fprintf(stderr, "mem_bandwidth: asked for %d threads, got %d\n", threads, got);
    return 1;
  }

  /* First touch with the kernels' schedule. */
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) {
    a[i] = 0.0;
    b[i] = 2.0;
    c[i] = 1.0;
  }

  const double s = 3.0;
  double *triad = malloc(reps * sizeof(double)), *read = malloc(reps * sizeof(double));
  double sum_all = 0;
  for (int r = 0; r < reps; ++r) {
    double t0 = omp_get_wtime();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i)
      a[i] = b[i] + s * c[i];
    triad[r] = 24.0 * (double)n / (omp_get_wtime() - t0) / 1e9;

    double sum = 0;
    t0 = omp_get_wtime();
#pragma omp parallel reduction(+ : sum)
    {
      double acc[16] = {0}; /* 16 independent sums: never bound by the add latency */
#pragma omp for schedule(static)
      for (long i = 0; i < n; i += 16)
        for (int j = 0; j < 16; ++j)
          acc[j] += b[i + j];
      for (int j = 0; j < 16; ++j)
        sum += acc[j];
    }
    read[r] = 8.0 * (double)n / (omp_get_wtime() - t0) / 1e9;
    sum_all += sum;
  }

  long bad = 0;
#pragma omp parallel for schedule(static) reduction(+ : bad)
  for (long i = 0; i < n; ++i)
    bad += a[i] != 5.0;
  if (bad || sum_all != 2.0 * (double)n * reps) {
    fprintf(stderr, "mem_bandwidth: wrong results (%ld bad elements, sum %g)\n", bad, sum_all);
    return 1;
  }

  double best_triad = triad[0], best_read = read[0];
  for (int r = 1; r < reps; ++r) {
    best_triad = triad[r] > best_triad ? triad[r] : best_triad;
    best_read = read[r] > best_read ? read[r] : best_read;
  }
  printf("{\"threads\": %d, \"elements\": %ld, \"array_mib\": %.1f, \"reps\": %d, "
         "\"triad_gbs\": %.2f, \"triad_gbs_with_write_allocate\": %.2f, \"read_gbs\": %.2f, "
         "\"triad_all\": [",
         threads, n, (double)n * sizeof(double) / (1024.0 * 1024.0), reps, best_triad,
         best_triad * 32.0 / 24.0, best_read);
  for (int r = 0; r < reps; ++r)
    printf("%s%.2f", r ? ", " : "", triad[r]);
  printf("], \"read_all\": [");
  for (int r = 0; r < reps; ++r)
    printf("%s%.2f", r ? ", " : "", read[r]);
  printf("]}\n");
  free(triad);
  free(read);
  free(a);
  free(b);
  free(c);
  return 0;
}
