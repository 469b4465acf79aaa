//===- PackedWeightsTest.cpp - weights packed into every blocked layout ---===//
//
// The layouts oneDNN's kernels want differ by ISA (8-channel blocks on AVX2,
// 16, 48 or 64 on AVX-512, bf16 pairs for AMX), by post-ops and by row
// count. Layouts are data and reorders run on any ISA, so every layout is
// tested here on any machine: a weight is packed, in chunks, into each
// layout, with output-channel counts that are and are not multiples of the
// block and larger than one chunk, then read back, and run by a convolution
// created for that layout. The int8 convolutions' layouts are checked byte
// for byte, compensation included, against the rule the weight is quantized
// by.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/DnnlWeights.h"
#include "../../lib/Runtime/Quantize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace {

using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

struct Layout {
  const char *name;
  tag format;
  dt type;
  /// The weight's rank, and which dimension holds the output channels: 0 in
  /// a convolution's [O, I, 1] or an [O, I] matrix, 1 in a matmul's [K, N].
  int rank, outputDim;
  int64_t block; // output channels a block holds
};

const Layout kLayouts[] = {
    {"Acb8a", tag::Acb8a, dt::f32, 3, 0, 8},                  // jit_1x1:avx2
    {"Acb16a", tag::Acb16a, dt::f32, 3, 0, 16},               // brgconv_1x1:avx512_core
    {"Acb48a", tag::Acb48a, dt::f32, 3, 0, 48},               // brgconv_1x1:avx512_core
    {"Acb64a", tag::Acb64a, dt::f32, 3, 0, 64},               // brgconv_1x1:avx512_core
    {"ABc16b16a", tag::ABc16b16a, dt::f32, 3, 0, 16},         // jit_1x1:avx512_core
    {"ABc16b64a2b", tag::ABc16b64a2b, dt::bf16, 3, 0, 64},    // AMX bf16 convolution
    {"AB16b64a2b", tag::AB16b64a2b, dt::bf16, 2, 0, 64},      // AMX bf16, [O, I]
    {"BA16a64b", tag::BA16a64b, dt::f32, 2, 1, 64},           // brg matmul, [K, N]
    {"BA16a64b2a", tag::BA16a64b2a, dt::bf16, 2, 1, 64},      // brg matmul bf16, [K, N]
};

// Test names and failure messages show the layout by name.
void PrintTo(const Layout &layout, std::ostream *os) { *os << layout.name; }

class PackedLayoutTest : public ::testing::TestWithParam<std::tuple<Layout, int64_t>> {};

constexpr int64_t kInputs = 40;

/// The weight's dims and row-major strides.
dnnl::memory::desc plainWeights(const Layout &layout, int64_t outputs) {
  if (layout.rank == 3)
    return dnnl::memory::desc({outputs, kInputs, 1}, dt::f32, tag::abc);
  if (layout.outputDim == 0)
    return dnnl::memory::desc({outputs, kInputs}, dt::f32, tag::ab);
  return dnnl::memory::desc({kInputs, outputs}, dt::f32, tag::ab);
}

std::vector<float> randomWeights(size_t count) {
  std::mt19937 generator(7);
  std::normal_distribution<float> normal;
  std::vector<float> values(count);
  for (float &v : values)
    v = normal(generator);
  return values;
}

TEST_P(PackedLayoutTest, ReadsBackTheWeight) {
  auto [layout, outputs] = GetParam();
  ASSERT_EQ(tfm::rt::blockSize(dnnl::memory::desc(plainWeights(layout, outputs).dims(),
                                                  layout.type, layout.format),
                               layout.outputDim),
            layout.block);
  std::vector<float> weight = randomWeights(static_cast<size_t>(outputs * kInputs));
  dnnl::memory::desc plain = plainWeights(layout, outputs);
  dnnl::memory::desc packedLayout(plain.dims(), layout.type, layout.format);
  tfm::rt::PackedWeights packed;
  dnnl::memory copy =
      packed.store().get(weight.data(), plain, packedLayout, layout.outputDim, false);
  ASSERT_TRUE(copy);
  EXPECT_EQ(packed.count(), 1u);
  // Asked again, the same copy.
  EXPECT_EQ(packed.store().get(weight.data(), plain, packedLayout, layout.outputDim, false)
                .get_data_handle(),
            copy.get_data_handle());

  // Back to the plain layout in one reorder, the oracle for the chunked one.
  dnnl::engine engine = copy.get_engine();
  dnnl::stream stream(engine);
  std::vector<float> back(weight.size(), NAN);
  dnnl::memory target(plain, engine, back.data());
  dnnl::reorder(copy, target).execute(stream, copy, target);
  stream.wait();
  const double tolerance = layout.type == dt::bf16 ? 1.0 / 128 : 0.0;
  size_t wrong = 0;
  for (size_t i = 0; i < weight.size(); ++i)
    wrong += !(std::abs(back[i] - weight[i]) <= tolerance * std::abs(weight[i]));
  EXPECT_EQ(wrong, 0u) << "of " << weight.size() << " values";
}

// A convolution created for the layout (whichever implementation this ISA
// has for it, the reference one at worst) computes the product from the
// packed copy.
class PackedConvolutionTest : public PackedLayoutTest {};

TEST_P(PackedConvolutionTest, RunsWithTheCopy) {
  auto [layout, outputs] = GetParam();
  const int64_t rows = 5;
  std::vector<float> weight = randomWeights(static_cast<size_t>(outputs * kInputs));
  std::vector<float> x = randomWeights(static_cast<size_t>(rows * kInputs)), y(rows * outputs);
  dnnl::memory::desc plain = plainWeights(layout, outputs);
  dnnl::memory::desc packedLayout(plain.dims(), layout.type, layout.format);
  tfm::rt::PackedWeights packed;
  dnnl::memory copy =
      packed.store().get(weight.data(), plain, packedLayout, layout.outputDim, false);

  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  dnnl::memory::desc xDesc({1, kInputs, rows}, dt::f32, tag::nwc),
      yDesc({1, outputs, rows}, dt::f32, tag::nwc);
  auto primitiveDesc = dnnl::convolution_forward::primitive_desc(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference,
                                      dnnl::algorithm::convolution_direct, xDesc, packedLayout,
                                      yDesc, {1}, {0}, {0}),
      engine);
  ASSERT_TRUE(primitiveDesc.weights_desc() == packedLayout) << primitiveDesc.impl_info_str();
  dnnl::memory xm(xDesc, engine, x.data()), ym(yDesc, engine, y.data());
  dnnl::convolution_forward(primitiveDesc)
      .execute(stream, {{DNNL_ARG_SRC, xm}, {DNNL_ARG_WEIGHTS, copy}, {DNNL_ARG_DST, ym}});
  stream.wait();
  double worst = 0;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t o = 0; o < outputs; ++o) {
      double sum = 0;
      for (int64_t c = 0; c < kInputs; ++c)
        sum += double(x[i * kInputs + c]) * weight[o * kInputs + c];
      worst = std::max(worst, std::abs(sum - y[i * outputs + o]));
    }
  EXPECT_LT(worst, 1e-4) << primitiveDesc.impl_info_str();
}

std::string caseName(const ::testing::TestParamInfo<std::tuple<Layout, int64_t>> &info) {
  return std::string(std::get<0>(info.param).name) + "_" + std::to_string(std::get<1>(info.param));
}

std::vector<Layout> convolutionLayouts() {
  std::vector<Layout> layouts;
  for (const Layout &layout : kLayouts)
    if (layout.rank == 3 && layout.type == dt::f32)
      layouts.push_back(layout);
  return layouts;
}

// Fewer outputs than a chunk; BERT's 2304 (a multiple of every block); 3000
// (several chunks, a multiple of 8 only).
INSTANTIATE_TEST_SUITE_P(Layouts, PackedLayoutTest,
                         ::testing::Combine(::testing::ValuesIn(kLayouts),
                                            ::testing::Values(100, 2304, 3000)),
                         caseName);
INSTANTIATE_TEST_SUITE_P(Layouts, PackedConvolutionTest,
                         ::testing::Combine(::testing::ValuesIn(convolutionLayouts()),
                                            ::testing::Values(100, 2304, 3000)),
                         caseName);

// The s8 layouts of oneDNN 2.6's int8 1x1 convolutions with a u8 input and
// a runtime zero point, which carry the per-output-channel compensation the
// zero point needs (asked of the primitives under DNNL_MAX_CPU_ISA caps):
// OIw2i8o4i for jit_uni_int8_1x1:avx2, OIw4i16o4i for
// jit_int8_1x1:avx512_core.
struct Int8Layout {
  const char *name;
  tag format;
};

const Int8Layout kInt8ConvolutionLayouts[] = {{"ABc2b8a4b", tag::ABc2b8a4b},
                                              {"ABc4b16a4b", tag::ABc4b16a4b}};

void PrintTo(const Int8Layout &layout, std::ostream *os) { *os << layout.name; }

class QuantizedConvolutionLayoutTest
    : public ::testing::TestWithParam<std::tuple<Int8Layout, int64_t>> {};

// quantizeWeight's copy of a row-major [K, N] weight in a convolution's
// [N, K, 1] layout is, byte for byte, the one-step reorder of the weight
// quantized by the documented rule (Quantize.h), laid out [N, K, 1].
TEST_P(QuantizedConvolutionLayoutTest, MatchesTheRule) {
  auto [layout, outputs] = GetParam();
  const int64_t inputs = kInputs;
  std::vector<float> weight = randomWeights(static_cast<size_t>(inputs * outputs));
  weight[3 * outputs + 1] = 0;
  for (int64_t c = 0; c < inputs; ++c)
    weight[c * outputs + 2] = 0; // an all-zero channel
  dnnl::memory::desc plain({inputs, outputs}, dt::f32, tag::ab);
  dnnl::memory::desc packed({outputs, inputs, 1}, dt::s8, layout.format);
  packed.data.extra.flags = dnnl_memory_extra_flag_compensation_conv_asymmetric_src;
  packed.data.extra.asymm_compensation_mask = 1;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  std::vector<float> scales;
  dnnl::memory copy = tfm::rt::quantizeWeight(engine, plain, packed, weight.data(), 127, scales);

  std::vector<int8_t> expected(static_cast<size_t>(outputs * inputs));
  ASSERT_EQ(scales.size(), static_cast<size_t>(outputs));
  for (int64_t o = 0; o < outputs; ++o) {
    float largest = 0;
    for (int64_t c = 0; c < inputs; ++c)
      largest = std::max(largest, std::fabs(weight[c * outputs + o]));
    EXPECT_EQ(scales[o], tfm::rt::quantizationScale(largest)) << "channel " << o;
    for (int64_t c = 0; c < inputs; ++c)
      expected[o * inputs + c] = static_cast<int8_t>(
          std::nearbyint(weight[c * outputs + o] * tfm::rt::quantizationMultiplier(largest)));
  }
  dnnl::memory source(dnnl::memory::desc({outputs, inputs, 1}, dt::s8, tag::abc), engine,
                      expected.data());
  dnnl::memory oracle(packed, engine);
  std::memset(oracle.get_data_handle(), 0, packed.get_size());
  dnnl::stream stream(engine);
  dnnl::reorder(source, oracle).execute(stream, source, oracle);
  stream.wait();
  ASSERT_EQ(copy.get_desc().get_size(), packed.get_size());
  EXPECT_EQ(std::memcmp(copy.get_data_handle(), oracle.get_data_handle(), packed.get_size()), 0);
}

// Fewer outputs than a block's multiple (an LM head's odd width), and more.
INSTANTIATE_TEST_SUITE_P(
    Layouts, QuantizedConvolutionLayoutTest,
    ::testing::Combine(::testing::ValuesIn(kInt8ConvolutionLayouts), ::testing::Values(13, 771)),
    [](const ::testing::TestParamInfo<std::tuple<Int8Layout, int64_t>> &info) {
      return std::string(std::get<0>(info.param).name) + "_" +
             std::to_string(std::get<1>(info.param));
    });

} // namespace
