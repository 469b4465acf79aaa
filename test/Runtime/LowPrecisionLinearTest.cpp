//===- LowPrecisionLinearTest.cpp - tfmrt_linear in bf16 and int8 ---------===//
//
// The linear kernel with TFMRT_LINEAR_BF16 and TFMRT_LINEAR_INT8 (per row
// and per tensor) at BERT-base's and GPT-2's widths, with odd row counts,
// both weight layouts, bias, activations, residual and strided rows; the
// weight packed at bind (PackedWeights::prepackLinear) or on first use.
// Each result is compared twice, in double precision:
//  - with a reference that rounds as the kernel must (bf16-rounded input and
//    weight; int8: the same symmetric quantization, Quantize.h), tightly:
//    only the f32 accumulation and epilogue may differ;
//  - with the unrounded f32 product, against the bounds (bf16: max
//    error <= 3e-2 x max|ref|; int8: every row's cosine >= 0.99).
// bf16 must run as bf16 exactly where oneDNN's bf16 kernel is an AMX one,
// and elsewhere give the f32 linear's result; the kernel record says which.
//
//===----------------------------------------------------------------------===//

#include "tfm/Runtime/Kernels.h"
#include "tfm/Runtime/ModelAbi.h"

#include "../../lib/Runtime/ModelRunner.h"
#include "../../lib/Runtime/PackedWeights.h"
#include "../../lib/Runtime/RunContext.h"

#include <dnnl.hpp>
#include <gtest/gtest.h>

#include "KernelTestSupport.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {


/// Symmetric quantization of `values` as one group to [-levels, levels],
/// written back dequantized (q x scale, in double): the values the int8
/// kernel's integer product stands for. Computed as Quantize.h documents,
/// in float.
void quantizeGroup(std::vector<double *> values, int levels = 127) {
  float largest = 0;
  for (double *v : values)
    largest = std::max(largest, std::fabs(static_cast<float>(*v)));
  const float limit = static_cast<float>(levels);
  float scale = largest > 0 ? largest / limit : 1.0f;
  float multiplier = largest > 0 ? limit / largest : 0.0f;
  for (double *v : values) {
    float q = std::nearbyint(static_cast<float>(*v) * multiplier);
    q = std::min(limit, std::max(-limit, q));
    *v = double(q) * double(scale);
  }
}

enum class Precision { Bf16, Int8PerRow, Int8PerTensor };

const char *nameOf(Precision precision) {
  switch (precision) {
  case Precision::Bf16:
    return "bf16";
  case Precision::Int8PerRow:
    return "int8 per row";
  default:
    return "int8 per tensor";
  }
}

int64_t flagsOf(Precision precision) {
  switch (precision) {
  case Precision::Bf16:
    return TFMRT_LINEAR_BF16;
  case Precision::Int8PerRow:
    return TFMRT_LINEAR_INT8;
  default:
    return TFMRT_LINEAR_INT8 | TFMRT_LINEAR_INT8_PER_TENSOR;
  }
}

/// sum of a[c] * b[c] over c < k, in four interleaved partial sums: the
/// references' products at real widths are a large part of these tests'
/// time, which the ISA-cap runs repeat, and four independent chains of
/// additions take about half the time of one.
double dot(const double *a, const double *b, int64_t k) {
  double partial[4] = {0, 0, 0, 0};
  int64_t c = 0;
  for (; c + 4 <= k; c += 4)
    for (int lane = 0; lane < 4; ++lane)
      partial[lane] += a[c + lane] * b[c + lane];
  for (; c < k; ++c)
    partial[0] += a[c] * b[c];
  return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

/// A linear's operands; x has `rowStride` >= k (strided rows when larger).
struct Problem {
  int64_t m, k, n, flags, rowStride;
  std::vector<float> x, w, b, r;

  Problem(int64_t m, int64_t k, int64_t n, int64_t flags, bool stridedRows)
      : m(m), k(k), n(n), flags(flags), rowStride(stridedRows ? k + 5 : k),
        x(randomValues(m * rowStride, 21)), w(randomValues(k * n, 22, 0.05f)),
        b(randomValues(n, 23)), r(randomValues(m * n, 24)) {}
  bool outIn() const { return flags & TFMRT_LINEAR_WEIGHT_OUT_IN; }
  /// The rows the references compute: all of a few, every fourth and the
  /// last of many (the double-precision reference is the test's cost).
  std::vector<int64_t> checkedRows() const {
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < m; ++i)
      if (m < 64 || i % 4 == 0 || i == m - 1)
        rows.push_back(i);
    return rows;
  }
  /// The checked rows of a result.
  std::vector<float> checkedOf(const std::vector<float> &y) const {
    std::vector<float> rows;
    for (int64_t i : checkedRows())
      rows.insert(rows.end(), y.begin() + i * n, y.begin() + (i + 1) * n);
    return rows;
  }
  float weight(int64_t c, int64_t j) const { return outIn() ? w[j * k + c] : w[c * n + j]; }
  int64_t storedRows() const { return outIn() ? n : k; }
  int64_t storedColumns() const { return outIn() ? k : n; }

  /// Runs the kernel with `extraFlags` in `context`; the result [m, n].
  std::vector<float> run(tfmrt_run_context &context, int64_t extraFlags) {
    std::vector<float> y(m * n, 0.0f);
    runInto(context, extraFlags, y);
    return y;
  }
  void runInto(tfmrt_run_context &context, int64_t extraFlags, std::vector<float> &y) {
    auto xd = describe<2>(x, {m, k}, {rowStride, 1});
    auto wd = outIn() ? describe<2>(w, {n, k}, {k, 1}) : describe<2>(w, {k, n}, {n, 1});
    auto bd = describe<1>(b, {n}, {1});
    auto rd = describe<2>(r, {m, n}, {n, 1});
    auto yd = describe<2>(y, {m, n}, {n, 1});
    auto xu = unranked(xd), wu = unranked(wd), bu = unranked(bd), ru = unranked(rd),
         yu = unranked(yd);
    _mlir_ciface_tfmrt_linear(&context, &xu, &wu, &bu, &ru, &yu, flags | extraFlags);
  }

  /// activation(x' . w' + b) + r in double over the checked rows, where x'
  /// and w' are x and w
  /// rounded as `precision` rounds them (unrounded if `exact`); int8
  /// weights to [-weightLevels, weightLevels].
  std::vector<double> reference(Precision precision, bool exact, int weightLevels = 127) const {
    std::vector<double> xs(m * k), ws(n * k); // ws[j * k + c]: output channel j
    for (int64_t i = 0; i < m; ++i)
      for (int64_t c = 0; c < k; ++c)
        xs[i * k + c] = x[i * rowStride + c];
    for (int64_t j = 0; j < n; ++j)
      for (int64_t c = 0; c < k; ++c)
        ws[j * k + c] = weight(c, j);
    if (!exact && precision == Precision::Bf16) {
      for (double &v : xs)
        v = roundToBf16(static_cast<float>(v));
      for (double &v : ws)
        v = roundToBf16(static_cast<float>(v));
    }
    if (!exact && precision != Precision::Bf16) {
      std::vector<double *> group;
      for (int64_t j = 0; j < n; ++j) {
        group.clear();
        for (int64_t c = 0; c < k; ++c)
          group.push_back(&ws[j * k + c]);
        quantizeGroup(group, weightLevels);
      }
      group.clear();
      for (int64_t i = 0; i < m; ++i) {
        for (int64_t c = 0; c < k; ++c)
          group.push_back(&xs[i * k + c]);
        if (precision == Precision::Int8PerRow) {
          quantizeGroup(group);
          group.clear();
        }
      }
      if (precision == Precision::Int8PerTensor)
        quantizeGroup(group);
    }
    std::vector<double> y;
    const bool bias = flags & TFMRT_LINEAR_BIAS, residual = flags & TFMRT_LINEAR_RESIDUAL;
    for (int64_t i : checkedRows())
      for (int64_t j = 0; j < n; ++j) {
        const double sum = dot(&xs[i * k], &ws[j * k], k);
        y.push_back(activate(sum + (bias ? b[j] : 0.0), flags & TFMRT_ACTIVATION_MASK) +
                    (residual ? r[i * n + j] : 0.0));
      }
    return y;
  }
};

/// max |actual - expected| / max |expected|.
double relativeError(const std::vector<float> &actual, const std::vector<double> &expected) {
  double worst = 0, scale = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    worst = std::max(worst, std::abs(actual[i] - expected[i]));
    scale = std::max(scale, std::abs(expected[i]));
  }
  return worst / scale;
}

double relativeError(const std::vector<float> &actual, const std::vector<float> &expected) {
  return relativeError(actual, std::vector<double>(expected.begin(), expected.end()));
}

/// The smallest cosine similarity between a row of `actual` and of `expected`.
double worstRowCosine(const std::vector<float> &actual, const std::vector<double> &expected,
                      int64_t n) {
  double worst = 1;
  for (size_t row = 0; row * n < expected.size(); ++row) {
    double dot = 0, a2 = 0, e2 = 0;
    for (int64_t j = 0; j < n; ++j) {
      double a = actual[row * n + j], e = expected[row * n + j];
      dot += a * e;
      a2 += a * a;
      e2 += e * e;
    }
    worst = std::min(worst, dot / std::sqrt(a2 * e2));
  }
  return worst;
}

/// Whether oneDNN runs a bf16 matmul of this shape with an AMX kernel here:
/// asked of oneDNN, as the kernel decides, never of the CPU.
bool oneDnnHasAmxBf16(int64_t m, int64_t k, int64_t n) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  try {
    dnnl::matmul::primitive_desc primitiveDesc(
        dnnl::matmul::desc(dnnl::memory::desc({m, k}, dt::bf16, tag::ab),
                           dnnl::memory::desc({k, n}, dt::bf16, tag::any),
                           dnnl::memory::desc({m, n}, dt::f32, tag::ab)),
        engine);
    return std::string(primitiveDesc.impl_info_str()).find("amx") != std::string::npos;
  } catch (const dnnl::error &) {
    return false; // AVX2: no bf16 matmul at all
  }
}

struct Shape {
  int64_t k, n, flags;
};

// GPT-2's [in, out] weights and BERT's [out, in] ones, with each epilogue.
const Shape kShapes[] = {
    {768, 2304, TFMRT_LINEAR_BIAS},
    {768, 3072, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS | TFMRT_ACTIVATION_GELU_TANH},
    {768, 768, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS | TFMRT_LINEAR_RESIDUAL},
    {3072, 768, TFMRT_LINEAR_BIAS | TFMRT_LINEAR_RESIDUAL},
    {768, 768, TFMRT_ACTIVATION_TANH},
    // LLaMA's gate projection: SiLU, no bias.
    {768, 2048, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_ACTIVATION_SILU},
    // An LM head's odd width (GPT-2's is 50257): a tail in every block size
    // a kernel uses.
    {768, 771, TFMRT_LINEAR_WEIGHT_OUT_IN},
};

/// Row count and whether the weight is packed at bind; odd row counts read
/// strided rows.
struct Rows {
  int64_t m;
  bool bindTime;
};
const Rows kRows[] = {{1, false}, {7, true}, {128, false}, {128, true}, {129, false}};

class LowPrecisionLinear
    : public ::testing::TestWithParam<std::tuple<Precision, int, int>> {
protected:
  void check() {
    auto [precision, shapeIndex, rowsIndex] = GetParam();
    const Shape shape = kShapes[shapeIndex];
    const Rows rows = kRows[rowsIndex];
    Problem problem(rows.m, shape.k, shape.n, shape.flags, rows.m % 2 == 1);
    const int64_t precisionFlags = flagsOf(precision);
    tfm::rt::RunResources binding;
    binding.threads = 2;
    tfm::rt::PackedWeights *packed = rows.bindTime ? binding.packedWeights.get() : nullptr;
    if (packed)
      packed->prepackLinear(problem.w.data(), problem.storedRows(), problem.storedColumns(),
                            TFM_PREPACK_LINEAR | shape.flags | precisionFlags);
    tfmrt_run_context context(binding.threads, packed, binding.dnnl);
    // Twice: the second call runs the cached primitives and weight copy.
    std::vector<float> y = problem.run(context, precisionFlags);
    ASSERT_EQ(context.errors.take(), "");
    std::vector<float> again = problem.run(context, precisionFlags);
    ASSERT_EQ(context.errors.take(), "");
    EXPECT_EQ(y, again);
    if (packed && rows.m == 128)
      EXPECT_EQ(packed->madeWhileRunning(), 0u) << "the copy made at bind was not the one used";

    const std::string record = binding.dnnl.kernelsJson();
    const std::string key = precision == Precision::Bf16 ? "\"bf16\":\"" : "\"int8\":\"";
    ASSERT_NE(record.find(key), std::string::npos) << record;
    const bool fellBack = record.find(key + "f32 fallback: ") != std::string::npos;

    const std::vector<double> exact = problem.reference(precision, /*exact=*/true);
    const std::vector<float> checked = problem.checkedOf(y);
    const double f32Error = relativeError(checked, exact);
    const double cosine = worstRowCosine(checked, exact, problem.n);
    double roundedError = -1;
    if (precision == Precision::Bf16) {
      const bool amx = oneDnnHasAmxBf16(rows.m, shape.k, shape.n);
      if (amx) {
        EXPECT_FALSE(fellBack) << record;
        EXPECT_NE(record.find("amx"), std::string::npos) << record;
      } else {
        EXPECT_TRUE(fellBack) << "bf16 ran without an AMX kernel: " << record;
      }
      if (fellBack) {
        // The f32 linear's result, exactly as if no precision was asked.
        tfm::rt::DnnlState dnnl;
        tfmrt_run_context f32Context(binding.threads, nullptr, dnnl);
        std::vector<float> f32 = problem.run(f32Context, 0);
        EXPECT_LE(relativeError(y, f32), 1e-5);
      }
    } else {
      EXPECT_FALSE(fellBack) << "int8 ran in f32: " << record;
      EXPECT_EQ(record.find("ref"), std::string::npos) << "a reference kernel: " << record;
    }
    if (!fellBack) {
      // The kernel says when it quantized weights to 7 bits (where oneDNN's
      // int8 product would overflow with 8); the reference follows.
      const int weightLevels = record.find("7-bit weights") != std::string::npos ? 63 : 127;
      roundedError = relativeError(
          checked, problem.reference(precision, /*exact=*/false, weightLevels));
      EXPECT_LE(roundedError, 1e-5) << "against the same rounding";
    }
    if (precision == Precision::Bf16)
      EXPECT_LE(f32Error, 3e-2);
    else
      EXPECT_GE(cosine, 0.99);
    std::printf("[ measured ] %s m=%lld k=%lld n=%lld flags=0x%llx %s: vs same rounding %.3g, "
                "vs f32 max %.3g, min row cosine %.6f; %s\n",
                nameOf(precision), static_cast<long long>(rows.m),
                static_cast<long long>(shape.k), static_cast<long long>(shape.n),
                static_cast<long long>(shape.flags), rows.bindTime ? "bind" : "run",
                roundedError, f32Error, cosine, record.c_str());
  }
};

class Bf16LinearTest : public LowPrecisionLinear {};
class Int8LinearTest : public LowPrecisionLinear {};

TEST_P(Bf16LinearTest, MatchesReferences) { check(); }
TEST_P(Int8LinearTest, MatchesReferences) { check(); }

INSTANTIATE_TEST_SUITE_P(RealWidths, Bf16LinearTest,
                         ::testing::Combine(::testing::Values(Precision::Bf16),
                                            ::testing::Range(0, static_cast<int>(std::size(kShapes))), ::testing::Range(0, 5)));
INSTANTIATE_TEST_SUITE_P(RealWidths, Int8LinearTest,
                         ::testing::Combine(::testing::Values(Precision::Int8PerRow,
                                                              Precision::Int8PerTensor),
                                            ::testing::Range(0, static_cast<int>(std::size(kShapes))), ::testing::Range(0, 5)));

// A transposed input (column stride m) and a result with padded rows: int8
// quantizes the strided input itself and writes the strided result; bf16
// runs them as the f32 matmul (its AMX kernels take dense rows only) and
// says so. An activation and a residual both: int8 adds the residual after
// the activation.
TEST(LowPrecisionLinearTest, StridedInputAndResult) {
  const int64_t m = 7, k = 768, n = 768, resultStride = n + 3;
  const int64_t flags = TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS |
                        TFMRT_ACTIVATION_GELU_ERF | TFMRT_LINEAR_RESIDUAL;
  Problem problem(m, k, n, flags, false);
  std::vector<float> transposed(k * m);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t c = 0; c < k; ++c)
      transposed[c * m + i] = problem.x[i * k + c];
  for (Precision precision : {Precision::Bf16, Precision::Int8PerRow, Precision::Int8PerTensor}) {
    std::vector<float> padded(m * resultStride, -3.0f);
    auto xd = describe<2>(transposed, {m, k}, {1, m});
    auto wd = describe<2>(problem.w, {n, k}, {k, 1});
    auto bd = describe<1>(problem.b, {n}, {1});
    auto rd = describe<2>(problem.r, {m, n}, {n, 1});
    auto yd = describe<2>(padded, {m, n}, {resultStride, 1});
    auto xu = unranked(xd), wu = unranked(wd), bu = unranked(bd), ru = unranked(rd),
         yu = unranked(yd);
    tfm::rt::DnnlState dnnl;
    tfmrt_run_context context(2, nullptr, dnnl);
    _mlir_ciface_tfmrt_linear(&context, &xu, &wu, &bu, &ru, &yu, flags | flagsOf(precision));
    ASSERT_EQ(context.errors.take(), "") << nameOf(precision);
    std::vector<float> y;
    for (int64_t i = 0; i < m; ++i) {
      y.insert(y.end(), padded.begin() + i * resultStride, padded.begin() + i * resultStride + n);
      for (int64_t j = n; j < resultStride; ++j)
        EXPECT_EQ(padded[i * resultStride + j], -3.0f) << "padding written";
    }
    const std::string record = dnnl.kernelsJson();
    const bool fellBack = record.find("f32 fallback") != std::string::npos;
    if (precision == Precision::Bf16)
      EXPECT_TRUE(fellBack) << record;
    else
      EXPECT_FALSE(fellBack) << record;
    const int weightLevels = record.find("7-bit weights") != std::string::npos ? 63 : 127;
    EXPECT_LE(relativeError(y, problem.reference(precision, /*exact=*/fellBack, weightLevels)),
              1e-5)
        << nameOf(precision) << ": " << record;
  }
}

// Timing for the notes, not a test: bf16 and int8 against f32 at BERT's MLP
// up-projection (M = 128, K = 768, N = 3072) on 2 threads. Run with
// --gtest_also_run_disabled_tests --gtest_filter=*LinearTiming*.
TEST(LinearTiming, DISABLED_Bert3072) {
  const int64_t m = 128, k = 768, n = 3072;
  const int64_t base = TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS | TFMRT_ACTIVATION_GELU_ERF;
  for (int64_t precision : {int64_t(0), int64_t(TFMRT_LINEAR_BF16), int64_t(TFMRT_LINEAR_INT8),
                            int64_t(TFMRT_LINEAR_INT8 | TFMRT_LINEAR_INT8_PER_TENSOR)}) {
    Problem problem(m, k, n, base, false);
    tfm::rt::RunResources binding;
    binding.threads = 2;
    binding.packedWeights->prepackLinear(problem.w.data(), n, k,
                                         TFM_PREPACK_LINEAR | base | precision);
    tfmrt_run_context context(binding.threads, binding.packedWeights.get(), binding.dnnl);
    std::vector<float> y(m * n);
    problem.runInto(context, precision, y);
    // The best of 10 batches of 20 runs: the host is shared.
    double seconds = 1e9;
    for (int batch = 0; batch < 10; ++batch) {
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < 20; ++i)
        problem.runInto(context, precision, y);
      seconds = std::min(
          seconds,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 20);
    }
    ASSERT_EQ(context.errors.take(), "");
    std::printf("[ timing ] flags 0x%llx: %.1f us, %.0f GFLOP/s; %s\n",
                static_cast<long long>(precision), seconds * 1e6, 2.0 * m * k * n / seconds / 1e9,
                binding.dnnl.kernelsJson().c_str());
  }
}

} // namespace

namespace {

// Error of int8 per row against per tensor, for the notes, not a test: at
// BERT's widths, with inputs whose rows differ in magnitude (row r scaled by
// exp(N(0, 1))) and, as transformers' activations have, a few outlier
// channels (8 of 768 columns x 20). Run with
// --gtest_also_run_disabled_tests --gtest_filter=*Int8Granularity*.
TEST(Int8Granularity, DISABLED_PerRowAgainstPerTensor) {
  for (auto [k, n] : {std::pair<int64_t, int64_t>{768, 768}, {768, 3072}, {3072, 768}}) {
    for (bool outliers : {false, true}) {
      Problem problem(128, k, n, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS, false);
      std::vector<float> rowScales = randomValues(128, 31);
      for (int64_t i = 0; i < 128; ++i)
        for (int64_t c = 0; c < k; ++c)
          problem.x[i * k + c] *= std::exp(rowScales[i]) * (outliers && c % 96 == 5 ? 20.0f : 1.0f);
      const std::vector<double> exact = problem.reference(Precision::Int8PerRow, true);
      for (Precision precision : {Precision::Int8PerRow, Precision::Int8PerTensor}) {
        tfm::rt::DnnlState dnnl;
        tfmrt_run_context context(2, nullptr, dnnl);
        std::vector<float> y = problem.checkedOf(problem.run(context, flagsOf(precision)));
        ASSERT_EQ(context.errors.take(), "");
        double meanError = 0, scale = 0;
        for (size_t i = 0; i < exact.size(); ++i) {
          meanError += std::abs(y[i] - exact[i]) / exact.size();
          scale = std::max(scale, std::abs(exact[i]));
        }
        std::printf("[ granularity ] k=%lld n=%lld%s %s: max err %.3g, mean err %.3g (of "
                    "max|ref|), min row cosine %.6f\n",
                    static_cast<long long>(k), static_cast<long long>(n),
                    outliers ? " outlier channels" : "", nameOf(precision),
                    relativeError(y, exact), meanError / scale, worstRowCosine(y, exact, n));
      }
    }
  }
}

} // namespace

#include "../../lib/Runtime/Quantize.h"

namespace {

// The quantizer's AVX-512, AVX2 and portable loops (whichever the CPU has)
// agree byte for byte and with the rule Quantize.h documents: rows of odd
// lengths (vector tails), values that round half-way, an all-zero row, a row
// whose largest magnitude is negative; per row and per tensor; stored as s8
// and as u8 offset by 128; on one thread and shared by two (enough rows to
// be split: 431 x 77 elements).
TEST(Int8QuantizeTest, EveryCodePathRoundsAlike) {
  using tfm::rt::VectorCode;
  const int64_t rows = 431, columns = 77;
  std::vector<float> x = randomValues(rows * columns, 41);
  for (int64_t c = 0; c < columns; ++c) {
    x[1 * columns + c] = 0.0f;                        // a zero row
    x[2 * columns + c] = (c % 9 - 4) * 0.25f;         // half-way once doubled
  }
  x[2 * columns + 3] = -127.0f * 0.5f;                 // so multiplier is 2: ties at .5
  x[3 * columns + 70] = -50.0f;                        // the largest magnitude, negative
  for (auto [perTensor, offset] : {std::pair(false, false), std::pair(false, true),
                                   std::pair(true, false), std::pair(true, true)}) {
    std::vector<uint8_t> expected(rows * columns);
    std::vector<float> expectedScales(rows, -1.0f);
    // The documented rule, written out.
    float tensorMax = 0;
    for (float v : x)
      tensorMax = std::max(tensorMax, std::fabs(v));
    for (int64_t r = 0; r < rows; ++r) {
      float largest = 0;
      for (int64_t c = 0; c < columns; ++c)
        largest = std::max(largest, std::fabs(x[r * columns + c]));
      if (perTensor)
        largest = tensorMax;
      expectedScales[perTensor ? 0 : r] = largest > 0 ? largest / 127.0f : 1.0f;
      float multiplier = largest > 0 ? 127.0f / largest : 0.0f;
      for (int64_t c = 0; c < columns; ++c)
        expected[r * columns + c] = static_cast<uint8_t>(
            static_cast<int>(std::nearbyint(x[r * columns + c] * multiplier)) + (offset ? 128 : 0));
    }
    for (VectorCode code : {VectorCode::Best, VectorCode::Avx2, VectorCode::Portable})
      for (int threads : {1, 2}) {
        std::vector<uint8_t> quantized(rows * columns);
        std::vector<float> scales(rows, -1.0f);
        tfm::rt::quantizeRows(x.data(), rows, columns, columns, 1, perTensor, offset,
                              quantized.data(), scales.data(), threads, code);
        EXPECT_EQ(quantized, expected) << "code " << static_cast<int>(code) << ", " << threads;
        EXPECT_EQ(scales, expectedScales) << "code " << static_cast<int>(code) << ", " << threads;
      }
    // A strided (transposed) view takes the portable loop; same bytes.
    std::vector<float> transposed(rows * columns);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c)
        transposed[c * rows + r] = x[r * columns + c];
    std::vector<uint8_t> quantized(rows * columns);
    std::vector<float> scales(rows, -1.0f);
    tfm::rt::quantizeRows(transposed.data(), rows, columns, 1, rows, perTensor, offset,
                          quantized.data(), scales.data(), /*threads=*/2);
    EXPECT_EQ(quantized, expected);
  }
}

// The dequantization's AVX-512, AVX2 and portable loops (whichever the CPU
// has) give the same bits as the rule Quantize.h documents, written out
// step by step, for each combination of steps: per-row and one scale, a
// strided bias, rows of odd length (vector tails), on one and two threads;
// and a transposed (strided) result and residual, which take the portable
// loop.
TEST(Int8DequantizeTest, EveryCodePathGivesTheRulesBits) {
  using tfm::rt::Dequantization;
  using tfm::rt::VectorCode;
  const int64_t rows = 300, columns = 123, biasStride = 2;
  const std::vector<float> product = randomValues(rows * columns, 51, 1000.0f);
  const std::vector<float> rowScales = randomValues(rows, 52), channelScales = randomValues(columns, 53),
                           bias = randomValues(columns * biasStride, 54),
                           residual = randomValues(rows * columns, 55);
  for (int combination = 0; combination < 16; ++combination) {
    const bool scale = combination & 1, oneRowScale = combination & 2, addBias = combination & 4,
               addResidual = combination & 8;
    if (oneRowScale && !scale)
      continue;
    Dequantization steps;
    if (scale) {
      steps.rowScales = rowScales.data();
      steps.oneRowScale = oneRowScale;
      steps.channelScales = channelScales.data();
    }
    if (addBias) {
      steps.bias = bias.data();
      steps.biasStride = biasStride;
    }
    if (addResidual) {
      steps.residual = residual.data();
      steps.residualRowStride = columns;
    }
    std::vector<float> expected = product;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c) {
        float &value = expected[r * columns + c];
        if (scale) {
          value = value * rowScales[oneRowScale ? 0 : r];
          value = value * channelScales[c];
        }
        if (addBias)
          value = value + bias[c * biasStride];
        if (addResidual)
          value = value + residual[r * columns + c];
      }
    const std::string name = "steps " + std::to_string(combination);
    // A unit-stride bias too, for the vector loops.
    std::vector<float> denseBias(columns);
    for (int64_t c = 0; c < columns; ++c)
      denseBias[c] = bias[c * biasStride];
    for (bool denseSteps : {false, true})
      for (VectorCode code : {VectorCode::Best, VectorCode::Avx2, VectorCode::Portable})
        for (int threads : {1, 2}) {
          Dequantization run = steps;
          if (denseSteps && addBias) {
            run.bias = denseBias.data();
            run.biasStride = 1;
          }
          std::vector<float> y = product;
          tfm::rt::dequantizeRows(y.data(), rows, columns, columns, 1, run, threads, code);
          EXPECT_EQ(y, expected) << name << ", code " << static_cast<int>(code) << ", "
                                 << threads << " threads";
        }
    // Transposed: element [r, c] at [c * rows + r], the residual likewise.
    std::vector<float> transposed(rows * columns), transposedResidual(rows * columns);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c) {
        transposed[c * rows + r] = product[r * columns + c];
        transposedResidual[c * rows + r] = residual[r * columns + c];
      }
    Dequantization strided = steps;
    if (addResidual) {
      strided.residual = transposedResidual.data();
      strided.residualRowStride = 1;
      strided.residualColumnStride = rows;
    }
    tfm::rt::dequantizeRows(transposed.data(), rows, columns, 1, rows, strided, 2);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c)
        ASSERT_EQ(transposed[c * rows + r], expected[r * columns + c]) << name;
  }
}

} // namespace
