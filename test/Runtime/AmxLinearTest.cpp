//===- AmxLinearTest.cpp - the AMX linear kernel --------------------------===//
//
// The kernel of AmxLinear.h called directly, in bf16 and int8. On any CPU:
// the weight layouts it reads, against where oneDNN's reorder (as binding
// runs it) puts each element. Where AMX runs: its results against a
// double-precision reference of the rounded (bf16) or quantized (int8)
// operands, at shapes the model and linear tests do not reach: more rows
// than one pass keeps in L2, more threads than panels, column and depth
// tails, and the result's padding left alone.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/AmxLinear.h"
#include "../../lib/Runtime/DnnlWeights.h"
#include "../../lib/Runtime/KernelSupport.h"
#include "../../lib/Runtime/Quantize.h"

#include <dnnl.hpp>
#include <gtest/gtest.h>

#include "KernelTestSupport.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace {

using tfm::rt::AmxType;

uint16_t bf16Bits(float value) {
  uint32_t bits;
  float rounded = roundToBf16(value);
  std::memcpy(&bits, &rounded, sizeof(bits));
  return static_cast<uint16_t>(bits >> 16);
}

/// The [k, n] f32 weight `w` (row-major) converted to bf16 as binding does.
dnnl::memory packBf16(const dnnl::engine &engine, std::vector<float> &w, int64_t k, int64_t n) {
  auto plain = dnnl::memory::desc({k, n}, dnnl::memory::data_type::f32, {n, 1});
  return tfm::rt::reorderWeight(engine, plain, tfm::rt::amxLinearWeightLayout(AmxType::Bf16, k, n),
                                w.data(),
                                /*outputDim=*/1);
}

// bf16: element [i, j] sits in the 2 KB block (j / 32, i / 32), at row pair
// (i % 32) / 2, column j % 32, pair member i % 2; s8: in the block (j / 32,
// i / 64), at row quad (i % 64) / 4, column j % 32, quad member i % 4. The
// padding up to whole blocks is zeros. Checked for weights with both tails.
TEST(AmxLinearTest, WeightLayoutsAreTheOnesTheKernelReads) {
  const int64_t k = 70, n = 45, paddedN = 64;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  {
    const int64_t paddedK = 96;
    std::vector<float> w = randomValues(static_cast<size_t>(k * n), 11);
    dnnl::memory packed = packBf16(engine, w, k, n);
    ASSERT_EQ(packed.get_desc().get_size(), static_cast<size_t>(paddedK * paddedN * 2));
    const auto *bits = static_cast<const uint16_t *>(packed.get_data_handle());
    for (int64_t i = 0; i < paddedK; ++i)
      for (int64_t j = 0; j < paddedN; ++j) {
        const int64_t offset =
            ((j / 32) * (paddedK / 32) + i / 32) * 1024 + (i % 32) / 2 * 64 + (j % 32) * 2 + i % 2;
        const uint16_t expected = i < k && j < n ? bf16Bits(w[i * n + j]) : 0;
        ASSERT_EQ(bits[offset], expected) << "bf16 element [" << i << ", " << j << "]";
      }
  }
  {
    const int64_t paddedK = 128;
    std::vector<int8_t> w(static_cast<size_t>(k * n));
    for (size_t i = 0; i < w.size(); ++i)
      w[i] = static_cast<int8_t>(static_cast<int>(i * 37 % 255) - 127);
    auto plain = dnnl::memory::desc({k, n}, dnnl::memory::data_type::s8, {n, 1});
    dnnl::memory packed = tfm::rt::reorderWeight(
        engine, plain, tfm::rt::amxLinearWeightLayout(AmxType::Int8, k, n), w.data(),
        /*outputDim=*/1);
    ASSERT_EQ(packed.get_desc().get_size(), static_cast<size_t>(paddedK * paddedN));
    const auto *bytes = static_cast<const int8_t *>(packed.get_data_handle());
    for (int64_t i = 0; i < paddedK; ++i)
      for (int64_t j = 0; j < paddedN; ++j) {
        const int64_t offset =
            ((j / 32) * (paddedK / 64) + i / 64) * 2048 + (i % 64) / 4 * 128 + (j % 32) * 4 + i % 4;
        const int8_t expected = i < k && j < n ? w[i * n + j] : 0;
        ASSERT_EQ(bytes[offset], expected) << "s8 element [" << i << ", " << j << "]";
      }
  }
}

struct AmxCase {
  AmxType type;
  int64_t rows, k, n;
  int threads;
  bool bias, residual;
  bool perTensor = false;
  int64_t activation = TFMRT_ACTIVATION_NONE;
};

class AmxLinearResultTest : public ::testing::TestWithParam<AmxCase> {};

TEST_P(AmxLinearResultTest, MatchesReference) {
  const AmxCase c = GetParam();
  if (c.type == AmxType::Bf16 ? !tfm::rt::amxBf16Runs() : !tfm::rt::amxInt8Runs())
    GTEST_SKIP() << "no AMX here (oneDNN at " << tfm::rt::dnnlIsaName() << ")";
  // Rows strided past their ends: the kernel must write only [rows, n].
  const int64_t inputStride = c.k + 3, resultStride = c.n + 5;
  std::vector<float> x = randomValues(static_cast<size_t>(c.rows * inputStride), 1);
  std::vector<float> w = randomValues(static_cast<size_t>(c.k * c.n), 2, 0.05f);
  std::vector<float> bias = randomValues(static_cast<size_t>(2 * c.n), 3);
  std::vector<float> residual = randomValues(static_cast<size_t>(c.rows * resultStride), 4);
  constexpr float kUntouched = 12345.0f;
  std::vector<float> y(static_cast<size_t>(c.rows * resultStride), kUntouched);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  std::vector<float> weight = w; // binding may release the pages it reads

  tfm::rt::AmxLinear linear;
  linear.type = c.type;
  linear.rows = c.rows;
  linear.k = c.k;
  linear.n = c.n;
  std::vector<uint8_t> scratch(
      static_cast<size_t>(tfm::rt::amxLinearScratchBytes(c.type, c.rows, c.k)));
  std::vector<float> rowScales(static_cast<size_t>(c.rows)), channelScales;
  dnnl::memory packed;
  // The operands as the kernel multiplies them, in double.
  std::vector<double> xs(static_cast<size_t>(c.rows * c.k)), ws(static_cast<size_t>(c.k * c.n));
  if (c.type == AmxType::Bf16) {
    packed = packBf16(engine, weight, c.k, c.n);
    linear.input = x.data();
    linear.inputRowStride = inputStride;
    for (int64_t r = 0; r < c.rows; ++r)
      for (int64_t i = 0; i < c.k; ++i)
        xs[r * c.k + i] = roundToBf16(x[r * inputStride + i]);
    for (size_t i = 0; i < ws.size(); ++i)
      ws[i] = roundToBf16(w[i]);
  } else {
    auto plain = dnnl::memory::desc({c.k, c.n}, dnnl::memory::data_type::f32, {c.n, 1});
    packed = tfm::rt::quantizeWeight(engine, plain,
                                     tfm::rt::amxLinearWeightLayout(AmxType::Int8, c.k, c.n),
                                     weight.data(), 127, channelScales);
    tfm::rt::quantizeRows(x.data(), c.rows, c.k, inputStride, 1, c.perTensor, /*offset=*/false,
                          scratch.data(), rowScales.data(), 1);
    linear.quantizedInput = reinterpret_cast<const int8_t *>(scratch.data());
    linear.rowScales = rowScales.data();
    linear.oneRowScale = c.perTensor;
    linear.channelScales = channelScales.data();
    for (int64_t r = 0; r < c.rows; ++r)
      for (int64_t i = 0; i < c.k; ++i)
        xs[r * c.k + i] = double(reinterpret_cast<const int8_t *>(scratch.data())[r * c.k + i]) *
                          rowScales[c.perTensor ? 0 : r];
    // Each column quantized as Quantize.h documents.
    for (int64_t j = 0; j < c.n; ++j) {
      float largest = 0;
      for (int64_t i = 0; i < c.k; ++i)
        largest = std::max(largest, std::fabs(w[i * c.n + j]));
      const float multiplier = tfm::rt::quantizationMultiplier(largest);
      for (int64_t i = 0; i < c.k; ++i)
        ws[i * c.n + j] = double(std::nearbyint(w[i * c.n + j] * multiplier)) * channelScales[j];
    }
  }
  linear.weight = packed.get_data_handle();
  if (c.bias) {
    linear.bias = bias.data();
    linear.biasStride = 2;
  }
  if (c.residual) {
    linear.residual = residual.data();
    linear.residualRowStride = resultStride;
  }
  linear.activation = c.activation;
  linear.result = y.data();
  linear.resultRowStride = resultStride;
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
        const double product = xs[r * c.k + i] * ws[i * c.n + j];
        expected += product;
        scale += std::fabs(product);
      }
      if (c.bias) {
        expected += bias[2 * j];
        scale += std::fabs(bias[2 * j]);
      }
      if (c.activation != TFMRT_ACTIVATION_NONE)
        expected = activate(expected, c.activation);
      if (c.residual) {
        expected += residual[r * resultStride + j];
        scale += std::fabs(residual[r * resultStride + j]);
      }
      // Only f32 arithmetic may differ from the reference (bf16's sums,
      // int8's scaling, the activation's approximations); a block read from
      // the wrong place is off by the size of the products.
      const double error = std::fabs(got - expected) / (scale + 1e-30);
      worst = std::max(worst, error);
      ASSERT_LE(error, 2e-5) << "[" << r << ", " << j << "]: " << got << " vs " << expected;
    }
  RecordProperty("max_error_vs_scale", std::to_string(worst));
}

std::vector<AmxCase> cases() {
  std::vector<AmxCase> result;
  for (AmxType type : {AmxType::Bf16, AmxType::Int8}) {
    // BERT's widths; fc2's depth with more rows than a pass and a column
    // tail; one row on three threads; more threads than panels with depth
    // and column tails; one tile.
    result.push_back({type, 128, 768, 768, 2, true, true});
    result.push_back({type, 300, 3072, 40, 2, true, true});
    result.push_back({type, 1, 768, 96, 3, true, false});
    result.push_back({type, 17, 40, 33, 4, false, true});
    result.push_back({type, 16, 64, 32, 1, false, false});
  }
  result.push_back({AmxType::Int8, 33, 200, 70, 2, true, false, /*perTensor=*/true});
  // Each activation, applied before the residual is added.
  for (AmxType type : {AmxType::Bf16, AmxType::Int8})
    for (int64_t activation = 1; activation <= TFMRT_ACTIVATION_LAST; ++activation)
      result.push_back({type, 33, 96, 70, 2, true, true, false, activation});
  return result;
}

INSTANTIATE_TEST_SUITE_P(Shapes, AmxLinearResultTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<AmxCase> &info) {
                           const AmxCase &c = info.param;
                           return std::string(c.type == AmxType::Bf16 ? "bf16_" : "int8_") +
                                  std::to_string(c.rows) + "x" + std::to_string(c.k) + "x" +
                                  std::to_string(c.n) + "_" + std::to_string(c.threads) +
                                  "threads" + (c.bias ? "_bias" : "") +
                                  (c.residual ? "_residual" : "") +
                                  (c.perTensor ? "_per_tensor" : "") +
                                  (c.activation ? "_activation" + std::to_string(c.activation)
                                                : "");
                         });

} // namespace
