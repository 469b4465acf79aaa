//===- AmxLinearTest.cpp - the bf16 linear's AMX kernel -------------------===//
//
// The kernel of AmxLinear.h called directly. On any CPU: the weight layout it
// reads, against where oneDNN's reorder (as binding runs it) puts each
// element. Where AMX runs: its results against a double-precision reference
// of the bf16-rounded operands, at shapes the model and linear tests do not
// reach: more rows than one pass keeps in L2, more threads than panels,
// column and depth tails, and the result's padding left alone.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/AmxLinear.h"
#include "../../lib/Runtime/DnnlWeights.h"
#include "../../lib/Runtime/KernelSupport.h"

#include <dnnl.hpp>
#include <gtest/gtest.h>

#include "KernelTestSupport.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace {

uint16_t bf16Bits(float value) {
  uint32_t bits;
  float rounded = roundToBf16(value);
  std::memcpy(&bits, &rounded, sizeof(bits));
  return static_cast<uint16_t>(bits >> 16);
}

/// The [k, n] f32 weight `w` (row-major) converted as binding converts it.
dnnl::memory packWeight(const dnnl::engine &engine, std::vector<float> &w, int64_t k, int64_t n) {
  auto plain = dnnl::memory::desc({k, n}, dnnl::memory::data_type::f32, {n, 1});
  return tfm::rt::reorderWeight(engine, plain, tfm::rt::amxLinearWeightLayout(k, n), w.data(),
                                /*outputDim=*/1);
}

// Element [i, j] of the weight sits in the 2 KB block (j / 32, i / 32), at
// row pair (i % 32) / 2, column j % 32, pair member i % 2; the padding up to
// multiples of 32 is zeros. Checked for a weight with both tails.
TEST(AmxLinearTest, WeightLayoutIsTheOneTheKernelReads) {
  const int64_t k = 70, n = 45, paddedK = 96, paddedN = 64;
  std::vector<float> w = randomValues(static_cast<size_t>(k * n), 11);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::memory packed = packWeight(engine, w, k, n);
  ASSERT_EQ(packed.get_desc().get_size(), static_cast<size_t>(paddedK * paddedN * 2));
  const auto *bits = static_cast<const uint16_t *>(packed.get_data_handle());
  for (int64_t i = 0; i < paddedK; ++i)
    for (int64_t j = 0; j < paddedN; ++j) {
      const int64_t offset =
          ((j / 32) * (paddedK / 32) + i / 32) * 1024 + (i % 32) / 2 * 64 + (j % 32) * 2 + i % 2;
      const uint16_t expected = i < k && j < n ? bf16Bits(w[i * n + j]) : 0;
      ASSERT_EQ(bits[offset], expected) << "element [" << i << ", " << j << "]";
    }
}

struct AmxCase {
  int64_t rows, k, n;
  int threads;
  bool bias, residual;
};

class AmxLinearResultTest : public ::testing::TestWithParam<AmxCase> {};

TEST_P(AmxLinearResultTest, MatchesBf16Reference) {
  if (!tfm::rt::amxBf16Runs())
    GTEST_SKIP() << "no AMX here (oneDNN at " << tfm::rt::dnnlIsaName() << ")";
  const AmxCase c = GetParam();
  // Rows strided past their ends: the kernel must write only [rows, n].
  const int64_t inputStride = c.k + 3, resultStride = c.n + 5;
  std::vector<float> x = randomValues(static_cast<size_t>(c.rows * inputStride), 1);
  std::vector<float> w = randomValues(static_cast<size_t>(c.k * c.n), 2, 0.05f);
  std::vector<float> bias = randomValues(static_cast<size_t>(2 * c.n), 3);
  std::vector<float> residual = randomValues(static_cast<size_t>(c.rows * resultStride), 4);
  constexpr float kUntouched = 12345.0f;
  std::vector<float> y(static_cast<size_t>(c.rows * resultStride), kUntouched);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  std::vector<float> weight = w;
  dnnl::memory packed = packWeight(engine, weight, c.k, c.n);

  tfm::rt::AmxLinear linear;
  linear.rows = c.rows;
  linear.k = c.k;
  linear.n = c.n;
  linear.input = x.data();
  linear.inputRowStride = inputStride;
  linear.weight = static_cast<const uint16_t *>(packed.get_data_handle());
  if (c.bias) {
    linear.bias = bias.data();
    linear.biasStride = 2;
  }
  if (c.residual) {
    linear.residual = residual.data();
    linear.residualRowStride = resultStride;
  }
  linear.result = y.data();
  linear.resultRowStride = resultStride;
  std::vector<uint16_t> scratch(
      static_cast<size_t>(tfm::rt::amxLinearScratchElements(c.rows, c.k)));
  tfm::rt::runAmxLinear(linear, scratch.data(), c.threads);

  double worst = 0;
  for (int64_t r = 0; r < c.rows; ++r)
    for (int64_t j = 0; j < resultStride; ++j) {
      const float got = y[r * resultStride + j];
      if (j >= c.n) {
        ASSERT_EQ(got, kUntouched) << "padding [" << r << ", " << j << "] written";
        continue;
      }
      double expected = 0, scale = 0;
      for (int64_t i = 0; i < c.k; ++i) {
        double product =
            double(roundToBf16(x[r * inputStride + i])) * double(roundToBf16(w[i * c.n + j]));
        expected += product;
        scale += std::fabs(product);
      }
      if (c.bias) {
        expected += bias[2 * j];
        scale += std::fabs(bias[2 * j]);
      }
      if (c.residual) {
        expected += residual[r * resultStride + j];
        scale += std::fabs(residual[r * resultStride + j]);
      }
      // Only the f32 accumulation may differ from the reference; a block
      // read from the wrong place is off by the size of the products.
      const double error = std::fabs(got - expected) / (scale + 1e-30);
      worst = std::max(worst, error);
      ASSERT_LE(error, 2e-5) << "[" << r << ", " << j << "]: " << got << " vs " << expected;
    }
  RecordProperty("max_error_vs_scale", std::to_string(worst));
}

INSTANTIATE_TEST_SUITE_P(Shapes, AmxLinearResultTest,
                         ::testing::Values(
                             // BERT's widths; fc2's depth with more rows than a pass (256) and a
                             // column tail; one row on three threads; more threads than panels
                             // with depth and column tails.
                             AmxCase{128, 768, 768, 2, true, true},
                             AmxCase{300, 3072, 40, 2, true, true},
                             AmxCase{1, 768, 96, 3, true, false},
                             AmxCase{17, 40, 33, 4, false, true},
                             AmxCase{16, 32, 32, 1, false, false}),
                         [](const ::testing::TestParamInfo<AmxCase> &info) {
                           const AmxCase &c = info.param;
                           return std::to_string(c.rows) + "x" + std::to_string(c.k) + "x" +
                                  std::to_string(c.n) + "_" + std::to_string(c.threads) +
                                  "threads" + (c.bias ? "_bias" : "") +
                                  (c.residual ? "_residual" : "");
                         });

} // namespace
