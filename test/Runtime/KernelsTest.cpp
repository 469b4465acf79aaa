//===- KernelsTest.cpp - Tests for the kernels generated code calls -------===//
//
// The kernels of tfm/Runtime/Kernels.h called directly with hand-built memref
// descriptors, against double-precision reference loops: every variant of
// the linear (both weight layouts, bias, each activation, residual; dense
// rows, which run as a 1x1 convolution, and strided rows, which run as a
// matmul), attention over several query tiles and key blocks with each mask
// kind, and the errors kernels record instead of crashing.
//
//===----------------------------------------------------------------------===//

#include "tfm/Runtime/Kernels.h"
#include "tfm/Runtime/ModelAbi.h"

#include "../../lib/Runtime/KernelSupport.h"
#include "../../lib/Runtime/ModelRunner.h"
#include "../../lib/Runtime/PackedWeights.h"

#include <gtest/gtest.h>

#include "KernelTestSupport.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <omp.h>

namespace tfm::rt {
// Test names and failure messages name the loops.
std::ostream &operator<<(std::ostream &os, VectorCode code) {
  return os << (code == VectorCode::Best   ? "Best"
                : code == VectorCode::Avx2 ? "Avx2"
                                           : "Portable");
}
} // namespace tfm::rt

namespace {


/// The context of a run that calls kernels directly, on 4 threads, with
/// oneDNN state of its own and no binding's packed weights.
struct KernelRun {
  tfm::rt::DnnlState dnnl;
  tfmrt_run_context context{4, nullptr, dnnl};
};

class LinearTest : public ::testing::TestWithParam<std::tuple<bool, bool, int64_t, bool, bool>> {};

TEST_P(LinearTest, MatchesReference) {
  auto [outIn, withBias, activation, withResidual, stridedRows] = GetParam();
  const int64_t m = 37, k = 20, n = 19, rowStride = stridedRows ? k + 3 : k;
  std::vector<float> x = randomValues(m * rowStride, 1), w = randomValues(k * n, 2),
                     b = randomValues(n, 3), r = randomValues(m * n, 4), y(m * n, 0.0f);
  auto xd = describe<2>(x, {m, k}, {rowStride, 1});
  auto wd = outIn ? describe<2>(w, {n, k}, {k, 1}) : describe<2>(w, {k, n}, {n, 1});
  auto bd = describe<1>(b, {n}, {1});
  auto rd = describe<2>(r, {m, n}, {n, 1});
  auto yd = describe<2>(y, {m, n}, {n, 1});
  auto xu = unranked(xd), wu = unranked(wd), bu = unranked(bd), ru = unranked(rd),
       yu = unranked(yd);
  int64_t flags = activation | (outIn ? TFMRT_LINEAR_WEIGHT_OUT_IN : 0) |
                  (withBias ? TFMRT_LINEAR_BIAS : 0) |
                  (withResidual ? TFMRT_LINEAR_RESIDUAL : 0);
  // Twice: the second call runs the cached primitive and reordered weight.
  KernelRun run;
  for (int call = 0; call < 2; ++call) {
    _mlir_ciface_tfmrt_linear(&run.context, &xu, &wu, &bu, &ru, &yu, flags);
    ASSERT_EQ(run.context.errors.take(), "");
    double worst = 0;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = withBias ? b[j] : 0.0;
        for (int64_t c = 0; c < k; ++c)
          sum += double(x[i * rowStride + c]) * (outIn ? w[j * k + c] : w[c * n + j]);
        double expected = activate(sum, activation) + (withResidual ? r[i * n + j] : 0.0);
        worst = std::max(worst, std::abs(expected - y[i * n + j]));
      }
    EXPECT_LT(worst, 2e-5) << "call " << call;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Variants, LinearTest,
    ::testing::Combine(::testing::Bool(), ::testing::Bool(),
                       ::testing::Values(TFMRT_ACTIVATION_NONE, TFMRT_ACTIVATION_GELU_TANH,
                                         TFMRT_ACTIVATION_GELU_ERF, TFMRT_ACTIVATION_TANH,
                                         TFMRT_ACTIVATION_RELU, TFMRT_ACTIVATION_SILU,
                                         TFMRT_ACTIVATION_GELU_SIGMOID),
                       ::testing::Bool(), ::testing::Bool()));

class AttentionTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(AttentionTest, MatchesReference) {
  const int64_t maskKind = GetParam();
  // 150 tokens: three query tiles of 64 and two key blocks of 128.
  const int64_t batch = 2, tokens = 150, width = 12, heads = 3, headDim = width / heads;
  const double scale = 0.4;
  std::vector<float> q = randomValues(batch * tokens * width, 5),
                     k = randomValues(batch * tokens * width, 6),
                     v = randomValues(batch * tokens * width, 7),
                     mask = randomValues(batch * tokens, 8), out(batch * tokens * width);
  // An additive padding-style mask [B, 1, 1, S]: some keys -inf, the rest
  // random offsets.
  for (int64_t i = 0; i < batch * tokens; ++i)
    if (i % 7 == 3)
      mask[i] = -std::numeric_limits<float>::infinity();
  auto qd = describe<3>(q, {batch, tokens, width}, {tokens * width, width, 1});
  auto kd = describe<3>(k, {batch, tokens, width}, {tokens * width, width, 1});
  auto vd = describe<3>(v, {batch, tokens, width}, {tokens * width, width, 1});
  auto md = describe<4>(mask, {batch, 1, 1, tokens}, {tokens, tokens, tokens, 1});
  auto od = describe<3>(out, {batch, tokens, width}, {tokens * width, width, 1});
  auto qu = unranked(qd), ku = unranked(kd), vu = unranked(vd), mu = unranked(md),
       ou = unranked(od);
  KernelRun run;
  _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &vu, &mu, &ou, heads, scale, maskKind, 0);
  ASSERT_EQ(run.context.errors.take(), "");
  double worst = 0;
  std::vector<double> scores(tokens);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t i = 0; i < tokens; ++i) {
        double top = -INFINITY;
        for (int64_t j = 0; j < tokens; ++j) {
          double s = 0;
          for (int64_t d = 0; d < headDim; ++d)
            s += double(q[(b * tokens + i) * width + h * headDim + d]) *
                 k[(b * tokens + j) * width + h * headDim + d];
          s *= scale;
          if (maskKind == TFMRT_MASK_CAUSAL && j > i)
            s = -INFINITY;
          if (maskKind == TFMRT_MASK_ADDITIVE)
            s += mask[b * tokens + j];
          scores[j] = s;
          top = std::max(top, s);
        }
        double sum = 0;
        for (double &s : scores)
          sum += (s = std::exp(s - top));
        for (int64_t d = 0; d < headDim; ++d) {
          double expected = 0;
          for (int64_t j = 0; j < tokens; ++j)
            expected += scores[j] / sum * v[(b * tokens + j) * width + h * headDim + d];
          worst = std::max(worst,
                           std::abs(expected - out[(b * tokens + i) * width + h * headDim + d]));
        }
      }
  EXPECT_LT(worst, 1e-5);
  if (maskKind != TFMRT_MASK_ADDITIVE)
    return;
  // The same mask stored key-major (its keys strided, read one by one
  // rather than as vectors): the same result, bit for bit.
  std::vector<float> keyMajor(batch * tokens), again(out.size());
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t j = 0; j < tokens; ++j)
      keyMajor[j * batch + b] = mask[b * tokens + j];
  auto kmd = describe<4>(keyMajor, {batch, 1, 1, tokens}, {1, 1, 1, batch});
  auto ad = describe<3>(again, {batch, tokens, width}, {tokens * width, width, 1});
  auto kmu = unranked(kmd), au = unranked(ad);
  _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &vu, &kmu, &au, heads, scale, maskKind, 0);
  ASSERT_EQ(run.context.errors.take(), "");
  EXPECT_EQ(again, out);
}

INSTANTIATE_TEST_SUITE_P(MaskKinds, AttentionTest,
                         ::testing::Values(TFMRT_MASK_NONE, TFMRT_MASK_CAUSAL,
                                           TFMRT_MASK_ADDITIVE));

/// An attention problem: dense q [B, T, heads * d], k and v [B, S, heads *
/// d]; an additive mask is [B, 1, 1, S] with the keys from each batch
/// element's length on at -inf (ragged sequences) and random offsets before.
struct AttentionCase {
  const char *name;
  int64_t maskKind, batch, queries, keys, heads, headDim;
};

std::ostream &operator<<(std::ostream &os, const AttentionCase &c) { return os << c.name; }

const AttentionCase kAttentionCases[] = {
    // Several query tiles and key blocks, with each mask kind.
    AttentionCase{"NoMask", TFMRT_MASK_NONE, 2, 150, 150, 3, 64},
    AttentionCase{"Causal", TFMRT_MASK_CAUSAL, 2, 150, 150, 3, 64},
    AttentionCase{"RaggedAdditive", TFMRT_MASK_ADDITIVE, 3, 150, 150, 3, 64},
    // Head dimensions that are no multiple of 32 (and an odd one).
    AttentionCase{"HeadDim36", TFMRT_MASK_ADDITIVE, 2, 70, 70, 2, 36},
    AttentionCase{"HeadDim80Causal", TFMRT_MASK_CAUSAL, 1, 131, 131, 2, 80},
    AttentionCase{"HeadDim7", TFMRT_MASK_NONE, 1, 33, 40, 3, 7},
    // Fewer and more queries than keys; a single query.
    AttentionCase{"FewerQueries", TFMRT_MASK_ADDITIVE, 2, 70, 300, 2, 64},
    AttentionCase{"MoreQueries", TFMRT_MASK_NONE, 1, 200, 33, 2, 64},
    AttentionCase{"OneQuery", TFMRT_MASK_ADDITIVE, 2, 1, 129, 2, 64},
    // Causal with fewer queries than keys (queries appended to a KV
    // cache): one query, a few, a full query tile against keys crossing
    // key blocks, several query tiles.
    AttentionCase{"CausalOneQuery", TFMRT_MASK_CAUSAL, 2, 1, 7, 2, 64},
    AttentionCase{"CausalFewQueries", TFMRT_MASK_CAUSAL, 2, 5, 37, 3, 64},
    AttentionCase{"FewQueriesHeadDim36", TFMRT_MASK_ADDITIVE, 2, 3, 150, 2, 36},
    AttentionCase{"CausalQueryTileAcrossKeyBlocks", TFMRT_MASK_CAUSAL, 1, 64, 200, 2, 64},
    AttentionCase{"CausalQueryTilesAcrossKeyBlocks", TFMRT_MASK_CAUSAL, 1, 150, 300, 2, 80},
    // BERT-base (ragged batch), GPT-2 and ViT-B/16 (197 tokens: a last
    // query tile of 5 rows) at real size.
    AttentionCase{"BertBase", TFMRT_MASK_ADDITIVE, 2, 128, 128, 12, 64},
    AttentionCase{"Gpt2Causal", TFMRT_MASK_CAUSAL, 1, 512, 512, 12, 64},
    AttentionCase{"VitBase", TFMRT_MASK_NONE, 1, 197, 197, 12, 64},
};

/// A case's operands, random from seeds `seed` (q), seed + 1 (k), seed + 2
/// (v) and seed + 3 (the mask's offsets), the mask -inf from each batch
/// element's length on.
struct AttentionOperands {
  std::vector<float> q, k, v, mask;
};

AttentionOperands attentionOperands(const AttentionCase &c, unsigned seed) {
  const int64_t width = c.heads * c.headDim;
  AttentionOperands operands{randomValues(c.batch * c.queries * width, seed),
                             randomValues(c.batch * c.keys * width, seed + 1),
                             randomValues(c.batch * c.keys * width, seed + 2),
                             randomValues(c.batch * c.keys, seed + 3)};
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t j = c.keys - b * (c.keys / 3); j < c.keys; ++j)
      operands.mask[b * c.keys + j] = -std::numeric_limits<float>::infinity();
  return operands;
}

/// Runs case `c` on dense `operands` in `context` (scale 1/8), the f32
/// variant's loops picked by `code`, into `out`; returns the kernel's error.
std::string attendDense(const AttentionCase &c, AttentionOperands &operands,
                        tfmrt_run_context &context, int64_t bf16, tfm::rt::VectorCode code,
                        std::vector<float> &out) {
  const int64_t width = c.heads * c.headDim;
  out.assign(operands.q.size(), -1.0f);
  auto qd = describe<3>(operands.q, {c.batch, c.queries, width}, {c.queries * width, width, 1});
  auto kd = describe<3>(operands.k, {c.batch, c.keys, width}, {c.keys * width, width, 1});
  auto vd = describe<3>(operands.v, {c.batch, c.keys, width}, {c.keys * width, width, 1});
  auto md = describe<4>(operands.mask, {c.batch, 1, 1, c.keys}, {c.keys, c.keys, c.keys, 1});
  auto od = describe<3>(out, {c.batch, c.queries, width}, {c.queries * width, width, 1});
  auto qu = unranked(qd), ku = unranked(kd), vu = unranked(vd), mu = unranked(md),
       ou = unranked(od);
  tfm::rt::attend(&context, &qu, &ku, &vu, &mu, &ou, c.heads, 0.125, c.maskKind, bf16, code);
  return context.errors.take();
}

/// Attention of one query row in double precision, walking the keys in the
/// kernel's blocks of 128 with an online softmax. With `bf16`, it rounds
/// what the bf16 variant rounds: q, k and v, and each probability P =
/// exp(score - running max) before it multiplies v (the running sum takes P
/// unrounded, as the kernel's does).
void referenceRow(const AttentionCase &c, const std::vector<float> &q,
                  const std::vector<float> &k, const std::vector<float> &v,
                  const std::vector<float> &mask, double scale, int64_t b, int64_t h, int64_t i,
                  bool bf16, double *out) {
  const int64_t width = c.heads * c.headDim, d = c.headDim;
  auto round = [&](float x) { return bf16 ? double(roundToBf16(x)) : double(x); };
  double runningMax = -INFINITY, runningSum = 0;
  std::vector<double> output(d, 0.0), scores;
  for (int64_t start = 0; start < c.keys; start += 128) {
    int64_t count = std::min<int64_t>(128, c.keys - start);
    scores.assign(count, 0.0);
    double blockMax = -INFINITY;
    for (int64_t j = 0; j < count; ++j) {
      double s = 0;
      for (int64_t e = 0; e < d; ++e)
        s += round(q[(b * c.queries + i) * width + h * d + e]) *
             round(k[(b * c.keys + start + j) * width + h * d + e]);
      s *= scale;
      // Bottom-right aligned: the queries are the last of the keys' positions.
      if (c.maskKind == TFMRT_MASK_CAUSAL && start + j > i + (c.keys - c.queries))
        s = -INFINITY;
      if (c.maskKind == TFMRT_MASK_ADDITIVE)
        s += mask[b * c.keys + start + j];
      scores[j] = s;
      blockMax = std::max(blockMax, s);
    }
    double newMax = std::max(runningMax, blockMax);
    if (newMax == -INFINITY)
      continue;
    double rescale = std::exp(runningMax - newMax);
    runningSum *= rescale;
    for (double &o : output)
      o *= rescale;
    for (int64_t j = 0; j < count; ++j) {
      double p = std::exp(scores[j] - newMax);
      runningSum += p;
      double rounded = bf16 ? double(roundToBf16(float(p))) : p;
      for (int64_t e = 0; e < d; ++e)
        output[e] += rounded * round(v[(b * c.keys + start + j) * width + h * d + e]);
    }
    runningMax = newMax;
  }
  for (int64_t e = 0; e < d; ++e)
    out[e] = output[e] / runningSum;
}

class Bf16AttentionTest : public ::testing::TestWithParam<AttentionCase> {};

// bf16 = 1 either runs in bf16 (AMX, uncapped): then it matches a double
// reference that rounds as the kernel does tightly, and the f32 reference
// within the precision's bound; or it computes exactly what the f32 kernel
// computes (every other ISA, and every DNNL_MAX_CPU_ISA cap below AMX).
TEST_P(Bf16AttentionTest, MatchesReference) {
  const AttentionCase c = GetParam();
  const int64_t width = c.heads * c.headDim;
  const double scale = 1.0 / std::sqrt(double(c.headDim));
  auto [q, k, v, mask] = attentionOperands(c, 11);
  std::vector<float> outF32(q.size(), -1.0f), outBf16(q.size(), -2.0f);
  auto qd = describe<3>(q, {c.batch, c.queries, width}, {c.queries * width, width, 1});
  auto kd = describe<3>(k, {c.batch, c.keys, width}, {c.keys * width, width, 1});
  auto vd = describe<3>(v, {c.batch, c.keys, width}, {c.keys * width, width, 1});
  auto md = describe<4>(mask, {c.batch, 1, 1, c.keys}, {c.keys, c.keys, c.keys, 1});
  auto fd = describe<3>(outF32, {c.batch, c.queries, width}, {c.queries * width, width, 1});
  auto bd = describe<3>(outBf16, {c.batch, c.queries, width}, {c.queries * width, width, 1});
  auto qu = unranked(qd), ku = unranked(kd), vu = unranked(vd), mu = unranked(md),
       fu = unranked(fd), bu = unranked(bd);
  KernelRun run;
  _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &vu, &mu, &fu, c.heads, scale,
                               c.maskKind, 0);
  ASSERT_EQ(run.context.errors.take(), "");
  _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &vu, &mu, &bu, c.heads, scale,
                               c.maskKind, 1);
  ASSERT_EQ(run.context.errors.take(), "");

  if (!tfm::rt::amxBf16Runs()) {
    for (size_t i = 0; i < outF32.size(); ++i)
      ASSERT_EQ(std::memcmp(&outF32[i], &outBf16[i], sizeof(float)), 0)
          << "element " << i << ": f32 " << outF32[i] << ", bf16 " << outBf16[i] << " under "
          << tfm::rt::dnnlIsaName();
    return;
  }
  double largest = 0, worstRounded = 0, worstF32 = 0, worstKernelF32 = 0, sumRounded = 0,
         sumF32 = 0;
  std::vector<double> rounded(c.headDim), exact(c.headDim);
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t h = 0; h < c.heads; ++h)
      for (int64_t i = 0; i < c.queries; ++i) {
        referenceRow(c, q, k, v, mask, scale, b, h, i, true, rounded.data());
        referenceRow(c, q, k, v, mask, scale, b, h, i, false, exact.data());
        for (int64_t e = 0; e < c.headDim; ++e) {
          size_t index = (b * c.queries + i) * width + h * c.headDim + e;
          largest = std::max(largest, std::abs(exact[e]));
          worstRounded = std::max(worstRounded, std::abs(rounded[e] - outBf16[index]));
          worstF32 = std::max(worstF32, std::abs(exact[e] - outBf16[index]));
          sumRounded += std::abs(rounded[e] - outBf16[index]);
          sumF32 += std::abs(exact[e] - outBf16[index]);
          worstKernelF32 = std::max(worstKernelF32, std::abs(exact[e] - outF32[index]));
        }
      }
  const double elements = double(outBf16.size());
  RecordProperty("max_error_vs_bf16_reference", std::to_string(worstRounded / largest));
  RecordProperty("max_error_vs_f32_reference", std::to_string(worstF32 / largest));
  RecordProperty("mean_error_vs_f32_reference", std::to_string(sumF32 / elements / largest));
  // Against the reference that rounds as the kernel does, only the f32
  // arithmetic differs (measured: mean 5e-9 to 2e-7 x max|ref|), except where
  // a probability lies so close to a bf16 rounding boundary that the two
  // round it to neighbouring values, 2^-8 apart (measured: at most 2.2e-4).
  EXPECT_LT(sumRounded / elements, 1e-6 * largest);
  EXPECT_LT(worstRounded, 1e-3 * largest);
  // Against f32, bf16's own error (measured: max 2.3e-3 to 4.4e-3).
  EXPECT_LE(worstF32, 3e-2 * largest);
  // The f32 kernel is much closer: this ran in bf16, not f32.
  EXPECT_LT(worstKernelF32, 1e-5 * largest);
  EXPECT_GT(worstF32, 10 * worstKernelF32);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, Bf16AttentionTest, ::testing::ValuesIn(kAttentionCases),
    [](const ::testing::TestParamInfo<AttentionCase> &info) { return info.param.name; });

/// The f32 variant with each of the loops this CPU has (VectorCode.h)
/// against the double reference: Q, K and V dense, and as slices of wider
/// rows (a fused projection's output: rows far apart), with NaN around them
/// that a read past a slice would carry into the result.
class F32AttentionTest
    : public ::testing::TestWithParam<std::tuple<AttentionCase, tfm::rt::VectorCode>> {};

TEST_P(F32AttentionTest, MatchesReference) {
  const auto [c, code] = GetParam();
  const int64_t width = c.heads * c.headDim;
  const double scale = 1.0 / std::sqrt(double(c.headDim));
  auto [q, k, v, mask] = attentionOperands(c, 21);
  double largest = 0;
  std::vector<double> expected(q.size());
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t h = 0; h < c.heads; ++h)
      for (int64_t i = 0; i < c.queries; ++i) {
        double *row = expected.data() + (b * c.queries + i) * width + h * c.headDim;
        referenceRow(c, q, k, v, mask, scale, b, h, i, /*bf16=*/false, row);
        for (int64_t e = 0; e < c.headDim; ++e)
          largest = std::max(largest, std::abs(row[e]));
      }

  for (bool slices : {false, true}) {
    // Slices: Q at columns [width, 2 width) of 3 width, K and V side by side
    // in rows of 2 width.
    const int64_t queryRow = slices ? 3 * width : width, keyRow = slices ? 2 * width : width;
    const int64_t queryOffset = slices ? width : 0, valueOffset = slices ? width : 0;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> queries(c.batch * c.queries * queryRow, nan),
        keys(c.batch * c.keys * keyRow, nan), values(slices ? 0 : k.size()),
        out(q.size(), -1.0f);
    std::vector<float> &valueBuffer = slices ? keys : values;
    for (int64_t row = 0; row < c.batch * c.queries; ++row)
      std::copy_n(q.begin() + row * width, width, queries.begin() + row * queryRow + queryOffset);
    for (int64_t row = 0; row < c.batch * c.keys; ++row) {
      std::copy_n(k.begin() + row * width, width, keys.begin() + row * keyRow);
      std::copy_n(v.begin() + row * width, width,
                  valueBuffer.begin() + row * keyRow + valueOffset);
    }
    Descriptor<3> qd{queries.data(), queries.data(), queryOffset,
                     {c.batch, c.queries, width}, {c.queries * queryRow, queryRow, 1}};
    Descriptor<3> kd{keys.data(), keys.data(), 0, {c.batch, c.keys, width},
                     {c.keys * keyRow, keyRow, 1}};
    Descriptor<3> vd{valueBuffer.data(), valueBuffer.data(), valueOffset,
                     {c.batch, c.keys, width}, {c.keys * keyRow, keyRow, 1}};
    auto md = describe<4>(mask, {c.batch, 1, 1, c.keys}, {c.keys, c.keys, c.keys, 1});
    auto od = describe<3>(out, {c.batch, c.queries, width}, {c.queries * width, width, 1});
    auto qu = unranked(qd), ku = unranked(kd), vu = unranked(vd), mu = unranked(md),
         ou = unranked(od);
    KernelRun run;
    tfm::rt::attend(&run.context, &qu, &ku, &vu, &mu, &ou, c.heads, scale, c.maskKind, 0, code);
    ASSERT_EQ(run.context.errors.take(), "");
    double worst = 0;
    for (size_t i = 0; i < out.size(); ++i)
      worst = std::max(worst, std::abs(expected[i] - out[i]));
    // A NaN fails this too (every comparison with NaN is false).
    EXPECT_LT(worst, 1e-5 * largest) << (slices ? "slices of wider rows" : "dense");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, F32AttentionTest,
    ::testing::Combine(::testing::ValuesIn(kAttentionCases),
                       ::testing::Values(tfm::rt::VectorCode::Best, tfm::rt::VectorCode::Avx2,
                                         tfm::rt::VectorCode::Portable)),
    [](const ::testing::TestParamInfo<std::tuple<AttentionCase, tfm::rt::VectorCode>> &info) {
      std::ostringstream name;
      name << std::get<0>(info.param).name << "_" << std::get<1>(info.param);
      return name.str();
    });

// Where oneDNN dispatches to AMX the bf16 variant runs in bf16: a machine on
// which it silently fell back to f32 would lose its speed, not its answers.
TEST(Bf16AttentionTest, RunsInBf16ExactlyWhereOneDnnUsesAmx) {
  EXPECT_EQ(tfm::rt::amxBf16Runs(), std::string(tfm::rt::dnnlIsaName()) == "AVX512_CORE_AMX");
}

// Without keys softmax has nothing to normalise: every output is 0 / 0,
// NaN, in f32 and in bf16, even on buffers an earlier call left full (the
// bf16 variant's first key block writes its output), and K and V, with no
// storage, are not addressed (the sanitized build checks).
TEST(Bf16AttentionTest, NoKeysGiveNaN) {
  const AttentionCase withKeys{"Keys", TFMRT_MASK_NONE, 1, 40, 40, 2, 32},
      noKeys{"NoKeys", TFMRT_MASK_NONE, 1, 40, 0, 2, 32};
  AttentionOperands keyed = attentionOperands(withKeys, 9), empty = attentionOperands(noKeys, 9);
  for (int64_t bf16 : {0, 1}) {
    tfm::rt::AttentionScratch shared;
    tfm::rt::DnnlState dnnl;
    tfmrt_run_context context(1, nullptr, dnnl, &shared);
    std::vector<float> out;
    ASSERT_EQ(attendDense(withKeys, keyed, context, bf16, tfm::rt::VectorCode::Best, out), "");
    ASSERT_EQ(attendDense(noKeys, empty, context, bf16, tfm::rt::VectorCode::Best, out), "");
    for (size_t i = 0; i < out.size(); ++i)
      ASSERT_TRUE(std::isnan(out[i])) << "bf16 " << bf16 << ", element " << i << ": " << out[i];
  }
}

// tfm's own loops stay within oneDNN's ISA: under a DNNL_MAX_CPU_ISA cap
// (tfm-kernels-isa-* run this test under each) attention computes as on the
// smaller CPU, and the run reports the loops it used.
TEST(F32AttentionTest, BestLoopsStayWithinOneDnnIsa) {
  const std::string isa = tfm::rt::dnnlIsaName();
  const bool avx512 = isa.rfind("AVX512", 0) == 0 && __builtin_cpu_supports("avx512f");
  const bool avx2 = (avx512 || isa.rfind("AVX2", 0) == 0) && __builtin_cpu_supports("avx2") &&
                    __builtin_cpu_supports("fma");
  const std::string loops = avx512 ? "avx512" : avx2 ? "avx2" : "portable";
  const AttentionCase c{"Small", TFMRT_MASK_NONE, 1, 20, 20, 2, 16};
  AttentionOperands operands = attentionOperands(c, 5);
  std::vector<float> out;
  for (int64_t bf16 : {0, 1}) {
    KernelRun run;
    ASSERT_EQ(attendDense(c, operands, run.context, bf16, tfm::rt::VectorCode::Best, out), "");
    const std::string expected = bf16 && isa == "AVX512_CORE_AMX"
                                     ? "tfm amx bf16"
                                     : "tfm " + loops + " f32";
    EXPECT_EQ(run.dnnl.kernelsJson(), "{\"attention\":\"" + expected + "\"}")
        << "at " << isa << ", bf16 " << bf16;
  }
}

/// Grouped-query attention: 6 query heads of 10 features over 3, 2 and 1
/// key/value heads (query head h reads key/value head h / group), causal
/// with more keys than queries, in f32 and in bf16 (the AMX kernel where
/// oneDNN's ISA is AMX, else exactly f32), against a double reference that
/// repeats each key/value head for its group.
class GroupedAttentionTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(GroupedAttentionTest, MatchesReference) {
  const int64_t kvHeads = GetParam(), heads = 6, headDim = 10, batch = 2, queries = 37,
                keys = 45, width = heads * headDim, kvWidth = kvHeads * headDim;
  const double scale = 0.3;
  std::vector<float> q = randomValues(batch * queries * width, 11),
                     k = randomValues(batch * keys * kvWidth, 12),
                     v = randomValues(batch * keys * kvWidth, 13);
  auto qd = describe<3>(q, {batch, queries, width}, {queries * width, width, 1});
  auto kd = describe<3>(k, {batch, keys, kvWidth}, {keys * kvWidth, kvWidth, 1});
  auto vd = describe<3>(v, {batch, keys, kvWidth}, {keys * kvWidth, kvWidth, 1});
  auto qu = unranked(qd), ku = unranked(kd), vu = unranked(vd);
  const int64_t group = heads / kvHeads, offset = keys - queries;
  std::vector<double> expected(q.size());
  double largest = 0;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t i = 0; i < queries; ++i) {
        const int64_t kvFeatures = h / group * headDim;
        std::vector<double> p(keys, 0.0);
        double top = -INFINITY, sum = 0;
        for (int64_t j = 0; j <= i + offset; ++j) {
          double dot = 0;
          for (int64_t e = 0; e < headDim; ++e)
            dot += double(q[(b * queries + i) * width + h * headDim + e]) *
                   k[(b * keys + j) * kvWidth + kvFeatures + e];
          top = std::max(top, p[j] = dot * scale);
        }
        for (int64_t j = 0; j <= i + offset; ++j)
          sum += (p[j] = std::exp(p[j] - top));
        for (int64_t e = 0; e < headDim; ++e) {
          double o = 0;
          for (int64_t j = 0; j <= i + offset; ++j)
            o += p[j] / sum * v[(b * keys + j) * kvWidth + kvFeatures + e];
          expected[(b * queries + i) * width + h * headDim + e] = o;
          largest = std::max(largest, std::abs(o));
        }
      }
  for (int64_t bf16 : {0, 1}) {
    std::vector<float> out(q.size(), NAN);
    auto od = describe<3>(out, {batch, queries, width}, {queries * width, width, 1});
    auto ou = unranked(od);
    KernelRun run;
    _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &vu, &qu, &ou, heads, scale,
                                 TFMRT_MASK_CAUSAL, bf16);
    ASSERT_EQ(run.context.errors.take(), "");
    double worst = 0;
    for (size_t i = 0; i < out.size(); ++i)
      worst = std::max(worst, std::abs(out[i] - expected[i]));
    const bool roundsToBf16 = bf16 && tfm::rt::amxBf16Runs();
    EXPECT_LE(worst, (roundsToBf16 ? 3e-2 : 1e-5) * largest)
        << kvHeads << " key/value heads, bf16 " << bf16 << " under " << tfm::rt::dnnlIsaName();
  }
}

INSTANTIATE_TEST_SUITE_P(KeyValueHeads, GroupedAttentionTest, ::testing::Values(3, 2, 1, 6));

// Key/value widths that are not whole heads, or whose heads do not divide
// the query's, are refused rather than read out of bounds.
TEST(GroupedAttentionTest, RefusesKeyWidthsThatAreNotAGroupOfHeads) {
  const int64_t heads = 4, headDim = 2, width = heads * headDim;
  std::vector<float> q(width, 1.0f), out(width), kv(16, 1.0f);
  auto qd = describe<3>(q, {1, 1, width}, {width, width, 1});
  auto od = describe<3>(out, {1, 1, width}, {width, width, 1});
  auto qu = unranked(qd), ou = unranked(od);
  for (int64_t kvWidth : {3, 6, 16}) { // half a head; 3 heads for 4; more heads than 4
    auto kd = describe<3>(kv, {1, 1, kvWidth}, {kvWidth, kvWidth, 1});
    auto ku = unranked(kd);
    KernelRun run;
    _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &ku, &qu, &ou, heads, 1.0,
                                 TFMRT_MASK_NONE, 0);
    EXPECT_EQ(run.context.errors.take(), "tfmrt_attention: operands of unexpected shapes")
        << "key width " << kvWidth;
  }
}

/// Causal attention of T new queries over a KV cache, as generated code
/// calls it: K and V are layer 1's first S rows of a [L, 2, B, M, D] cache
/// (row stride D, batch stride M * D, a nonzero offset), not dense tensors.
struct CachedAttentionCase {
  const char *name;
  int64_t queries, keys;
};

std::ostream &operator<<(std::ostream &os, const CachedAttentionCase &c) { return os << c.name; }

class KvCacheAttentionTest
    : public ::testing::TestWithParam<std::tuple<CachedAttentionCase, bool>> {};

TEST_P(KvCacheAttentionTest, MatchesReference) {
  const auto [shape, bf16] = GetParam();
  const int64_t layers = 3, layer = 1, batch = 2, rows = 320, heads = 3, headDim = 64;
  const int64_t width = heads * headDim;
  const AttentionCase c{shape.name, TFMRT_MASK_CAUSAL, batch, shape.queries, shape.keys, heads,
                        headDim};
  std::vector<float> q = randomValues(batch * c.queries * width, 21),
                     cache = randomValues(layers * 2 * batch * rows * width, 22),
                     out(q.size(), -1.0f), noMask;
  // Rows past the S attended hold values a wrong mask or stride would pick up.
  const int64_t keyOffset = (layer * 2 + 0) * batch * rows * width,
                valueOffset = (layer * 2 + 1) * batch * rows * width;
  auto qd = describe<3>(q, {batch, c.queries, width}, {c.queries * width, width, 1});
  auto kd = describe<3>(cache, {batch, c.keys, width}, {rows * width, width, 1});
  auto vd = describe<3>(cache, {batch, c.keys, width}, {rows * width, width, 1});
  kd.offset = keyOffset;
  vd.offset = valueOffset;
  auto od = describe<3>(out, {batch, c.queries, width}, {c.queries * width, width, 1});
  auto qu = unranked(qd), ku = unranked(kd), vu = unranked(vd), ou = unranked(od);
  KernelRun run;
  _mlir_ciface_tfmrt_attention(&run.context, &qu, &ku, &vu, &qu, &ou, heads,
                               1.0 / std::sqrt(double(headDim)), TFMRT_MASK_CAUSAL, bf16);
  ASSERT_EQ(run.context.errors.take(), "");

  // The reference reads dense copies of the attended rows.
  std::vector<float> k(batch * c.keys * width), v(k.size());
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t j = 0; j < c.keys; ++j)
      for (int64_t e = 0; e < width; ++e) {
        k[(b * c.keys + j) * width + e] = cache[keyOffset + (b * rows + j) * width + e];
        v[(b * c.keys + j) * width + e] = cache[valueOffset + (b * rows + j) * width + e];
      }
  const bool inBf16 = bf16 && tfm::rt::amxBf16Runs();
  double largest = 0, worst = 0;
  std::vector<double> expected(headDim);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t i = 0; i < c.queries; ++i) {
        referenceRow(c, q, k, v, noMask, 1.0 / std::sqrt(double(headDim)), b, h, i, inBf16,
                     expected.data());
        for (int64_t e = 0; e < headDim; ++e) {
          largest = std::max(largest, std::abs(expected[e]));
          worst = std::max(worst, std::abs(expected[e] -
                                           out[(b * c.queries + i) * width + h * headDim + e]));
        }
      }
  // As Bf16AttentionTest's bounds: a bf16 run against the reference that
  // rounds as it does, an f32 run against the exact one. A mask off by one
  // key, or keys read at the wrong rows, is off by far more.
  EXPECT_LT(worst, (inBf16 ? 1e-3 : 1e-5) * largest) << "under " << tfm::rt::dnnlIsaName();
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, KvCacheAttentionTest,
    ::testing::Combine(
        ::testing::Values(
            // A decode step: one query over a short, then a long cache.
            CachedAttentionCase{"OneQuery", 1, 7}, CachedAttentionCase{"OneQueryLong", 1, 300},
            CachedAttentionCase{"FewQueries", 5, 37},
            // A full query tile against keys crossing key blocks; several
            // query tiles; a prefill (S == T).
            CachedAttentionCase{"QueryTile", 64, 200},
            CachedAttentionCase{"QueryTiles", 150, 290},
            CachedAttentionCase{"Prefill", 130, 130}),
        ::testing::Bool()),
    [](const ::testing::TestParamInfo<std::tuple<CachedAttentionCase, bool>> &info) {
      return std::string(std::get<0>(info.param).name) +
             (std::get<1>(info.param) ? "Bf16" : "F32");
    });

TEST(KernelErrors, AreRecordedAndReportedOnce) {
  std::vector<float> data(64, 1.0f);
  auto three = describe<3>(data, {2, 2, 4}, {8, 4, 1});
  auto two = describe<2>(data, {4, 4}, {4, 1});
  auto u3 = unranked(three), u2 = unranked(two);
  KernelRun run;
  // A rank-3 weight.
  _mlir_ciface_tfmrt_linear(&run.context, &u2, &u3, &u2, &u2, &u2, 0);
  EXPECT_NE(run.context.errors.take().find("tfmrt_linear"), std::string::npos);
  EXPECT_EQ(run.context.errors.take(), "");
  // A causal mask over 4 queries and 2 keys (fewer keys than queries).
  auto keys = describe<3>(data, {1, 2, 4}, {8, 4, 1});
  auto queries = describe<3>(data, {1, 4, 4}, {16, 4, 1});
  auto uk = unranked(keys), uq = unranked(queries);
  for (int64_t bf16 : {0, 1}) {
    _mlir_ciface_tfmrt_attention(&run.context, &uq, &uk, &uk, &uq, &uq, 2, 1.0,
                                 TFMRT_MASK_CAUSAL, bf16);
    EXPECT_EQ(run.context.errors.take(), "tfmrt_attention: a causal mask needs at least as many "
                                         "keys as queries, got 2 keys and 4 queries");
  }
  // An unknown mask kind.
  _mlir_ciface_tfmrt_attention(&run.context, &uq, &uq, &uq, &uq, &uq, 2, 1.0, 42, 0);
  EXPECT_NE(run.context.errors.take().find("unknown mask kind"), std::string::npos);
  // A bf16 flag that is neither 0 nor 1.
  _mlir_ciface_tfmrt_attention(&run.context, &uq, &uq, &uq, &uq, &uq, 2, 1.0, TFMRT_MASK_NONE, 2);
  EXPECT_EQ(run.context.errors.take(), "tfmrt_attention: bf16 must be 0 or 1, not 2");
}

// A kernel that cannot get memory records an out-of-memory error; it must
// not throw through its C interface, which would end the process. Strided
// input rows of a linear are gathered into a buffer of M x K floats: with
// M = 2^46 rows (a row stride of 0, so the input itself is small) that is
// 512 TiB, more than the address space.
TEST(KernelErrors, OutOfMemoryIsRecorded) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "AddressSanitizer ends the process on a 512 TiB allocation instead of "
                  "throwing std::bad_alloc";
#endif
#endif
  constexpr int64_t kRows = int64_t(1) << 46;
  std::vector<float> x(4, 1.0f), w(4, 1.0f), y(4, -7.0f);
  auto xd = describe<2>(x, {kRows, 2}, {0, 2});
  auto wd = describe<2>(w, {2, 2}, {2, 1});
  auto yd = describe<2>(y, {kRows, 2}, {2, 1});
  auto xu = unranked(xd), wu = unranked(wd), yu = unranked(yd);
  KernelRun run;
  _mlir_ciface_tfmrt_linear(&run.context, &xu, &wu, &xu, &xu, &yu, TFMRT_LINEAR_WEIGHT_OUT_IN);
  EXPECT_EQ(run.context.errors.take(),
            "tfmrt_linear: out of memory gathering 70368744177664 strided rows of 2");
  EXPECT_EQ(y[0], -7.0f);
}

} // namespace

namespace {

using tfm::rt::PackedWeights;
using tfm::rt::RunResources;

/// y = x . w (w [n, k], nn.Linear's layout) by the linear kernel, within a run
/// of `binding`, whose packed weights and oneDNN state the run's context
/// lends.
void runLinearKernel(std::vector<float> &x, std::vector<float> &w, std::vector<float> &y, int64_t m,
                     int64_t k, int64_t n, RunResources &binding,
                     int64_t flags = TFMRT_LINEAR_WEIGHT_OUT_IN) {
  auto xd = describe<2>(x, {m, k}, {k, 1});
  auto wd = describe<2>(w, {n, k}, {k, 1});
  auto yd = describe<2>(y, {m, n}, {n, 1});
  auto xu = unranked(xd), wu = unranked(wd), yu = unranked(yd);
  tfmrt_run_context context(binding.threads, binding.packedWeights.get(), binding.dnnl);
  _mlir_ciface_tfmrt_linear(&context, &xu, &wu, &xu, &xu, &yu, flags);
  ASSERT_EQ(context.errors.take(), "");
}

/// max |y - x . w| / max |x . w|, in double precision.
double worstProductError(const std::vector<float> &x, const std::vector<float> &w,
                         const std::vector<float> &y, int64_t m, int64_t k, int64_t n) {
  double worst = 0, scale = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t c = 0; c < k; ++c)
        sum += double(x[i * k + c]) * w[j * k + c];
      worst = std::max(worst, std::abs(sum - y[i * n + j]));
      scale = std::max(scale, std::abs(sum));
    }
  return worst / scale;
}

// Packed copies are found by the weight's address, so new weights at the
// same address (a rebound checkpoint mapped where the old one was, a reused
// buffer) must not run with the old weights' copy: a binding forgets the
// copies of weights it unbinds.
TEST(PackedWeights, ForgottenWeightsArePackedAgain) {
  const int64_t m = 4, k = 8, n = 16;
  std::vector<float> x = randomValues(m * k, 9), w = randomValues(n * k, 10), y(m * n);
  RunResources binding;
  PackedWeights &packed = *binding.packedWeights;
  runLinearKernel(x, w, y, m, k, n, binding);
  EXPECT_LT(worstProductError(x, w, y, m, k, n), 1e-5);
  size_t copies = packed.count();
  // Other weights at the same address, announced as the runtime does.
  for (float &value : w)
    value = -2 * value + 1;
  packed.forget(w.data(), w.size() * sizeof(float));
  EXPECT_EQ(packed.count(), 0u);
  runLinearKernel(x, w, y, m, k, n, binding);
  EXPECT_LT(worstProductError(x, w, y, m, k, n), 1e-5);
  EXPECT_EQ(packed.count(), copies);
}

// Two bindings never see each other's copies, even of weights at one
// address: each runs with the weights it packed.
TEST(PackedWeights, BindingsAreIsolated) {
  const int64_t m = 4, k = 8, n = 16;
  std::vector<float> x = randomValues(m * k, 16), w = randomValues(n * k, 17), y(m * n);
  std::vector<float> first = w;
  RunResources a, b;
  runLinearKernel(x, w, y, m, k, n, a);
  for (float &value : w)
    value = 3 * value - 1;
  runLinearKernel(x, w, y, m, k, n, b);
  EXPECT_LT(worstProductError(x, w, y, m, k, n), 1e-5);
  runLinearKernel(x, w, y, m, k, n, a); // a's copy is of `first`
  EXPECT_LT(worstProductError(x, first, y, m, k, n), 1e-5);
}

// A weight packed when it is bound, for the linear its mark describes, is
// the copy the kernel uses for that linear over the rows it was packed for:
// nothing is packed while running. At BERT-base's widths, where blocked
// layouts differ by ISA, post-ops and row count.
class PrepackTest : public ::testing::TestWithParam<std::tuple<int64_t, int64_t, int64_t>> {};

TEST_P(PrepackTest, PackedAtBindIsUsedAtRun) {
  auto [k, n, flags] = GetParam();
  const int64_t m = 128;
  const bool outIn = flags & TFMRT_LINEAR_WEIGHT_OUT_IN;
  std::vector<float> x = randomValues(m * k, 11), w = randomValues(k * n, 12),
                     b = randomValues(n, 13), r = randomValues(m * n, 14), y(m * n);
  PackedWeights packed;
  packed.prepackLinear(w.data(), outIn ? n : k, outIn ? k : n, TFM_PREPACK_LINEAR | flags);
  size_t atBind = packed.count();
  auto xd = describe<2>(x, {m, k}, {k, 1});
  auto wd = outIn ? describe<2>(w, {n, k}, {k, 1}) : describe<2>(w, {k, n}, {n, 1});
  auto bd = describe<1>(b, {n}, {1});
  auto rd = describe<2>(r, {m, n}, {n, 1});
  auto yd = describe<2>(y, {m, n}, {n, 1});
  auto xu = unranked(xd), wu = unranked(wd), bu = unranked(bd), ru = unranked(rd),
       yu = unranked(yd);
  tfm::rt::DnnlState dnnl;
  tfmrt_run_context context(4, &packed, dnnl);
  _mlir_ciface_tfmrt_linear(&context, &xu, &wu, &bu, &ru, &yu, flags);
  ASSERT_EQ(context.errors.take(), "");
  EXPECT_EQ(packed.madeWhileRunning(), 0u) << "the kernel wanted another layout";
  EXPECT_EQ(packed.count(), atBind);
  const bool withBias = flags & TFMRT_LINEAR_BIAS, withResidual = flags & TFMRT_LINEAR_RESIDUAL;
  double worst = 0, scale = 0;
  for (int64_t i = 0; i < m; i += 7)
    for (int64_t j = 0; j < n; ++j) {
      double sum = withBias ? b[j] : 0.0;
      for (int64_t c = 0; c < k; ++c)
        sum += double(x[i * k + c]) * (outIn ? w[j * k + c] : w[c * n + j]);
      double expected = activate(sum, flags & TFMRT_ACTIVATION_MASK) +
                        (withResidual ? r[i * n + j] : 0.0);
      worst = std::max(worst, std::abs(expected - y[i * n + j]));
      scale = std::max(scale, std::abs(expected));
    }
  EXPECT_LT(worst, 1e-5 * scale);
}

INSTANTIATE_TEST_SUITE_P(
    RealWidths, PrepackTest,
    ::testing::Values(
        // GPT-2's Conv1D [in, out] weights: qkv, attention output + residual,
        // MLP up + GELU, MLP down + residual.
        std::make_tuple(768, 2304, TFMRT_LINEAR_BIAS),
        std::make_tuple(768, 768, TFMRT_LINEAR_BIAS | TFMRT_LINEAR_RESIDUAL),
        std::make_tuple(768, 3072, TFMRT_LINEAR_BIAS | TFMRT_ACTIVATION_GELU_TANH),
        std::make_tuple(3072, 768, TFMRT_LINEAR_BIAS | TFMRT_LINEAR_RESIDUAL),
        // nn.Linear's [out, in] weights, as BERT and ViT have them.
        std::make_tuple(768, 768, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS),
        std::make_tuple(768, 3072,
                        TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS | TFMRT_ACTIVATION_GELU_ERF),
        std::make_tuple(3072, 768,
                        TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_LINEAR_BIAS | TFMRT_LINEAR_RESIDUAL),
        // An LM head: no bias, and 1000 outputs, not a multiple of 16 or 48.
        std::make_tuple(768, 1000, TFMRT_LINEAR_WEIGHT_OUT_IN)));

// A run over another number of rows, or with other post-ops, may select a
// kernel that wants another layout: that copy is made once, kept, and
// counted; the results are right either way.
TEST(PackedWeights, OtherLayoutsArePackedOnceWhileRunning) {
  const int64_t k = 768, n = 768;
  std::vector<float> w = randomValues(n * k, 18);
  RunResources binding;
  PackedWeights &packed = *binding.packedWeights;
  packed.prepackLinear(w.data(), n, k, TFM_PREPACK_LINEAR | TFMRT_LINEAR_WEIGHT_OUT_IN);
  for (int64_t m : {1, 5, 128, 300}) {
    std::vector<float> x = randomValues(m * k, 19), y(m * n);
    runLinearKernel(x, w, y, m, k, n, binding);
    EXPECT_LT(worstProductError(x, w, y, m, k, n), 1e-5) << m << " rows";
    size_t copies = packed.count();
    runLinearKernel(x, w, y, m, k, n, binding, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_ACTIVATION_TANH);
    runLinearKernel(x, w, y, m, k, n, binding, TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_ACTIVATION_TANH);
    runLinearKernel(x, w, y, m, k, n, binding);
    EXPECT_LE(packed.count(), copies + 1) << "a layout packed twice at " << m << " rows";
  }
  EXPECT_EQ(packed.count() - 1, packed.madeWhileRunning());
}

} // namespace

namespace {

// Softmax and layer norm of a strided input (a transposed view) are copied
// into the dense result and computed there.
TEST(RowwiseKernels, StridedInput) {
  const int64_t rows = 5, columns = 7;
  std::vector<float> stored = randomValues(rows * columns, 13), y(rows * columns),
                     gamma = randomValues(columns, 14), beta = randomValues(columns, 15);
  // x[i][j] = stored[j * rows + i]
  auto xd = describe<2>(stored, {rows, columns}, {1, rows});
  auto yd = describe<2>(y, {rows, columns}, {columns, 1});
  auto gd = describe<1>(gamma, {columns}, {1});
  auto bd = describe<1>(beta, {columns}, {1});
  auto xu = unranked(xd), yu = unranked(yd), gu = unranked(gd), bu = unranked(bd);
  auto x = [&](int64_t i, int64_t j) { return double(stored[j * rows + i]); };
  KernelRun run;

  _mlir_ciface_tfmrt_softmax(&run.context, &xu, &yu);
  ASSERT_EQ(run.context.errors.take(), "");
  for (int64_t i = 0; i < rows; ++i) {
    double top = -INFINITY, sum = 0;
    for (int64_t j = 0; j < columns; ++j)
      top = std::max(top, x(i, j));
    for (int64_t j = 0; j < columns; ++j)
      sum += std::exp(x(i, j) - top);
    for (int64_t j = 0; j < columns; ++j)
      EXPECT_NEAR(y[i * columns + j], std::exp(x(i, j) - top) / sum, 1e-6);
  }

  _mlir_ciface_tfmrt_layer_norm(&run.context, &xu, &gu, &bu, &yu, 1e-5);
  ASSERT_EQ(run.context.errors.take(), "");
  for (int64_t i = 0; i < rows; ++i) {
    double mean = 0, variance = 0;
    for (int64_t j = 0; j < columns; ++j)
      mean += x(i, j) / columns;
    for (int64_t j = 0; j < columns; ++j)
      variance += (x(i, j) - mean) * (x(i, j) - mean) / columns;
    for (int64_t j = 0; j < columns; ++j)
      EXPECT_NEAR(y[i * columns + j],
                  (x(i, j) - mean) / std::sqrt(variance + 1e-5) * gamma[j] + beta[j], 1e-5);
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Run contexts
//===----------------------------------------------------------------------===//

namespace {

/// A linear with a rank-3 weight: the kernel records an error.
void failLinear(tfmrt_run_context &context) {
  std::vector<float> data(64, 1.0f);
  auto three = describe<3>(data, {2, 2, 4}, {8, 4, 1});
  auto two = describe<2>(data, {4, 4}, {4, 1});
  auto u3 = unranked(three), u2 = unranked(two);
  _mlir_ciface_tfmrt_linear(&context, &u2, &u3, &u2, &u2, &u2, 0);
}

/// A softmax over valid operands: the kernel records nothing.
void softmax(tfmrt_run_context &context) {
  std::vector<float> x = randomValues(12, 20), y(12);
  auto xd = describe<2>(x, {3, 4}, {4, 1}), yd = describe<2>(y, {3, 4}, {4, 1});
  auto xu = unranked(xd), yu = unranked(yd);
  _mlir_ciface_tfmrt_softmax(&context, &xu, &yu);
}

// Of the errors reported at once from many threads, the context keeps the
// first, whole, and hands it out once.
TEST(RunContext, KeepsTheFirstErrorFromAnyThread) {
  KernelRun run;
  std::atomic<int> reported{0};
#pragma omp parallel num_threads(8)
  {
    for (int i = 0; i < 100; ++i)
      run.context.errors.record("error " + std::to_string(reported.fetch_add(1)) +
                                std::string(200, '.'));
  }
  EXPECT_EQ(reported.load(), 800);
  std::string first = run.context.errors.take();
  EXPECT_EQ(first.rfind("error ", 0), 0u) << first;
  EXPECT_EQ(first.size(), first.find('.') + 200) << first;
  EXPECT_EQ(run.context.errors.take(), "");
}

// A kernel's error is recorded in the context of the run that called it,
// whichever thread the kernel ran on, and in no other context on that
// thread. (A regression test: errors were thread-local, so one reported by
// an OpenMP worker was lost and its run succeeded.)
TEST(RunContext, KernelErrorsReachOnlyTheirRun) {
  KernelRun failing, clean;
  failLinear(failing.context);
  softmax(clean.context);
  EXPECT_NE(failing.context.errors.take().find("tfmrt_linear"), std::string::npos);
  EXPECT_EQ(clean.context.errors.take(), "");

  int workers = 0;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    workers = omp_get_num_threads();
    if (omp_get_thread_num() == 1)
      failLinear(failing.context);
    else
      softmax(clean.context);
  }
  ASSERT_EQ(workers, 2);
  EXPECT_NE(failing.context.errors.take().find("operands of unexpected ranks"), std::string::npos);
  EXPECT_EQ(clean.context.errors.take(), "");
  // The worker kept nothing for a later run.
#pragma omp parallel num_threads(2)
  softmax(clean.context);
  EXPECT_EQ(clean.context.errors.take(), "");
}

// Attention's buffers are the binding's, lent through the run context: runs
// of one binding on two threads at once take turns with them, and give what
// a run on buffers of its own gives.
TEST(RunContext, AttentionBuffersAreSharedSafely) {
  const AttentionCase cases[] = {{"Wide", TFMRT_MASK_CAUSAL, 1, 150, 150, 4, 64},
                                 {"Narrow", TFMRT_MASK_NONE, 2, 70, 90, 3, 16}};
  struct Problem {
    AttentionOperands operands;
    std::vector<float> expected;
  };
  std::vector<Problem> problems;
  // Runs case `c` on a context lending `scratch` (null: none), into `out`.
  auto attendCase = [](const AttentionCase &c, AttentionOperands &operands,
                       tfm::rt::AttentionScratch *scratch, std::vector<float> &out) {
    tfm::rt::DnnlState dnnl;
    tfmrt_run_context context(2, nullptr, dnnl, scratch);
    return attendDense(c, operands, context, 0, tfm::rt::VectorCode::Best, out);
  };
  for (const AttentionCase &c : cases) {
    Problem problem{attentionOperands(c, 31), {}};
    ASSERT_EQ(attendCase(c, problem.operands, nullptr, problem.expected), "");
    problems.push_back(std::move(problem));
  }
  tfm::rt::AttentionScratch shared;
  std::atomic<int> mismatches{0};
  auto worker = [&](int which) {
    std::vector<float> out;
    for (int round = 0; round < 200; ++round) {
      if (attendCase(cases[which], problems[which].operands, &shared, out) != "" ||
          out != problems[which].expected)
        mismatches.fetch_add(1);
    }
  };
  std::thread first(worker, 0), second(worker, 1);
  first.join();
  second.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// A kernel finds packed weights through its run context only: a run whose
// context lends one binding's store neither reads nor fills another's, and
// the store a weight was packed into at bind time serves the run that lends
// it.
TEST(RunContext, PackedWeightsAreFoundThroughTheContext) {
  const int64_t m = 128, k = 768, n = 768;
  std::vector<float> x = randomValues(m * k, 21), w = randomValues(n * k, 22), y(m * n);
  RunResources bound, other;
  bound.packedWeights->prepackLinear(w.data(), n, k,
                                     TFM_PREPACK_LINEAR | TFMRT_LINEAR_WEIGHT_OUT_IN);
  if (bound.packedWeights->count() == 0)
    GTEST_SKIP() << "no oneDNN kernel on this CPU reads a packed weight";
  ASSERT_EQ(bound.packedWeights->count(), 1u);

  runLinearKernel(x, w, y, m, k, n, other);
  EXPECT_LT(worstProductError(x, w, y, m, k, n), 1e-5);
  EXPECT_EQ(other.packedWeights->madeWhileRunning(), 1u) << "the other binding packed its own";
  EXPECT_EQ(bound.packedWeights->count(), 1u);

  std::fill(y.begin(), y.end(), 0.0f);
  runLinearKernel(x, w, y, m, k, n, bound);
  EXPECT_LT(worstProductError(x, w, y, m, k, n), 1e-5);
  EXPECT_EQ(bound.packedWeights->madeWhileRunning(), 0u) << "the bound copy was not used";
  EXPECT_EQ(bound.packedWeights->count(), 1u);
  EXPECT_EQ(other.packedWeights->count(), 1u);
}

} // namespace

//===----------------------------------------------------------------------===//
// tfmrt_kv_cache_write
//===----------------------------------------------------------------------===//

namespace {

/// MLIR's descriptor of a rank-0 memref of i64.
struct ScalarDescriptor {
  int64_t *allocated, *aligned;
  int64_t offset;
};

/// A cache [L, 2, B, M, D] of random values, a position (stored at an offset
/// into its buffer) and keys and values [B, T, D] of other random values.
struct KvCacheWrite {
  int64_t layers = 3, batch = 2, rows = 10, width = 8;
  std::vector<float> cache;
  int64_t positionStorage[3] = {-5, 0, -5};
  ScalarDescriptor positionDescriptor{positionStorage, positionStorage, 1};

  KvCacheWrite() : cache(randomValues(layers * 2 * batch * rows * width, 31)) {}

  int64_t cacheIndex(int64_t l, int64_t kv, int64_t b, int64_t s, int64_t e) const {
    return (((l * 2 + kv) * batch + b) * rows + s) * width + e;
  }

  /// Writes dense `key` and `value` of shape `sizes` at `position` of
  /// `layer`; the error recorded, if any.
  std::string write(std::vector<float> &key, std::vector<float> &value,
                    const int64_t (&sizes)[3], int64_t position, int64_t layer,
                    const int64_t (&valueSizes)[3]) {
    auto kd = describe<3>(key, sizes, {sizes[1] * sizes[2], sizes[2], 1});
    auto vd = describe<3>(value, valueSizes, {valueSizes[1] * valueSizes[2], valueSizes[2], 1});
    auto cd = describe<5>(cache, {layers, 2, batch, rows, width},
                          {2 * batch * rows * width, batch * rows * width, rows * width, width, 1});
    positionStorage[1] = position;
    auto ku = unranked(kd), vu = unranked(vd), cu = unranked(cd);
    tfmrt_unranked_memref pu{0, &positionDescriptor};
    KernelRun run;
    _mlir_ciface_tfmrt_kv_cache_write(&run.context, &ku, &vu, &pu, &cu, layer);
    return run.context.errors.take();
  }
  std::string write(std::vector<float> &key, std::vector<float> &value,
                    const int64_t (&sizes)[3], int64_t position, int64_t layer) {
    return write(key, value, sizes, position, layer, sizes);
  }
};

TEST(KvCacheWrite, WritesTheNewRowsOfOneLayer) {
  KvCacheWrite c;
  const int64_t tokens = 3;
  std::vector<float> key = randomValues(c.batch * tokens * c.width, 32),
                     value = randomValues(c.batch * tokens * c.width, 33);
  // In the middle, then at the last rows.
  for (int64_t position : {int64_t(4), c.rows - tokens}) {
    std::vector<float> expected = c.cache;
    for (int64_t b = 0; b < c.batch; ++b)
      for (int64_t t = 0; t < tokens; ++t)
        for (int64_t e = 0; e < c.width; ++e) {
          expected[c.cacheIndex(1, 0, b, position + t, e)] = key[(b * tokens + t) * c.width + e];
          expected[c.cacheIndex(1, 1, b, position + t, e)] =
              value[(b * tokens + t) * c.width + e];
        }
    ASSERT_EQ(c.write(key, value, {c.batch, tokens, c.width}, position, 1), "");
    EXPECT_EQ(c.cache, expected) << "at position " << position;
  }
}

// The keys and values of generated code are slices of the fused projection
// [B, T, 3D] (row stride 3D, offsets D and 2D); the cache may be a strided
// view too (here with padded rows and an offset).
TEST(KvCacheWrite, ReadsAndWritesThroughStrides) {
  const int64_t layers = 2, batch = 2, rows = 6, width = 4, padded = width + 3, tokens = 2;
  const int64_t position = 3, layer = 1, cacheOffset = 5;
  std::vector<float> qkv = randomValues(batch * tokens * 3 * width, 34);
  std::vector<float> cache = randomValues(cacheOffset + layers * 2 * batch * rows * padded, 35);
  std::vector<float> expected = cache;
  auto at = [&](int64_t l, int64_t kv, int64_t b, int64_t s, int64_t e) {
    return cacheOffset + (((l * 2 + kv) * batch + b) * rows + s) * padded + e;
  };
  for (int64_t kv = 0; kv < 2; ++kv)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t t = 0; t < tokens; ++t)
        for (int64_t e = 0; e < width; ++e)
          expected[at(layer, kv, b, position + t, e)] =
              qkv[(b * tokens + t) * 3 * width + (kv + 1) * width + e];
  auto kd = describe<3>(qkv, {batch, tokens, width}, {tokens * 3 * width, 3 * width, 1});
  auto vd = kd;
  kd.offset = width;
  vd.offset = 2 * width;
  auto cd = describe<5>(cache, {layers, 2, batch, rows, width},
                        {2 * batch * rows * padded, batch * rows * padded, rows * padded, padded,
                         1});
  cd.offset = cacheOffset;
  int64_t positionValue = position;
  ScalarDescriptor pd{&positionValue, &positionValue, 0};
  auto ku = unranked(kd), vu = unranked(vd), cu = unranked(cd);
  tfmrt_unranked_memref pu{0, &pd};
  KernelRun run;
  _mlir_ciface_tfmrt_kv_cache_write(&run.context, &ku, &vu, &pu, &cu, layer);
  ASSERT_EQ(run.context.errors.take(), "");
  EXPECT_EQ(cache, expected);
}

// A prefill of GPT-2's size runs on the run's threads; it writes the same.
TEST(KvCacheWrite, LargeWritesMatch) {
  KvCacheWrite c;
  c.rows = 300;
  c.width = 768;
  c.batch = 1;
  c.layers = 2;
  c.cache = randomValues(c.layers * 2 * c.batch * c.rows * c.width, 36);
  const int64_t tokens = 200, position = 100;
  std::vector<float> key = randomValues(c.batch * tokens * c.width, 37),
                     value = randomValues(c.batch * tokens * c.width, 38);
  std::vector<float> expected = c.cache;
  for (int64_t t = 0; t < tokens; ++t)
    for (int64_t e = 0; e < c.width; ++e) {
      expected[c.cacheIndex(0, 0, 0, position + t, e)] = key[t * c.width + e];
      expected[c.cacheIndex(0, 1, 0, position + t, e)] = value[t * c.width + e];
    }
  ASSERT_EQ(c.write(key, value, {c.batch, tokens, c.width}, position, 0), "");
  EXPECT_EQ(c.cache, expected);
}

TEST(KvCacheWrite, ErrorsWriteNothing) {
  KvCacheWrite c;
  const std::vector<float> before = c.cache;
  const int64_t tokens = 3;
  std::vector<float> key = randomValues(c.batch * 4 * (c.width + 1), 39), value = key;
  const std::string prefix = "tfmrt_kv_cache_write: ";
  auto expectError = [&](const std::string &error, const std::string &expected) {
    EXPECT_EQ(error, prefix + expected);
    EXPECT_EQ(c.cache, before) << expected;
  };
  // The layer out of range, either way.
  expectError(c.write(key, value, {c.batch, tokens, c.width}, 0, 3),
              "layer 3 is out of range for the cache's 3 layers");
  expectError(c.write(key, value, {c.batch, tokens, c.width}, 0, -1),
              "layer -1 is out of range for the cache's 3 layers");
  // Another batch or width than the cache's.
  expectError(c.write(key, value, {c.batch + 1, tokens, c.width}, 0, 0),
              "key and value (3, 3, 8) do not match the cache (3, 2, 2, 10, 8): the batch "
              "(dimension 0) and the width (dimension 2) must be the cache's 2 and 8");
  expectError(c.write(key, value, {c.batch, tokens, c.width + 1}, 0, 0),
              "key and value (2, 3, 9) do not match the cache (3, 2, 2, 10, 8): the batch "
              "(dimension 0) and the width (dimension 2) must be the cache's 2 and 8");
  // Key and value of different shapes.
  expectError(c.write(key, value, {c.batch, tokens, c.width}, 0, 0, {c.batch, 2, c.width}),
              "key (2, 3, 8) and value (2, 2, 8) differ in shape");
  // A negative position.
  expectError(c.write(key, value, {c.batch, tokens, c.width}, -1, 0), "position -1 is negative");
  // Past the cache's rows by one; more tokens than rows.
  expectError(c.write(key, value, {c.batch, tokens, c.width}, c.rows - tokens + 1, 0),
              "position 8 + 3 new tokens exceeds the cache's 10 rows");
  std::vector<float> many = randomValues(c.batch * (c.rows + 1) * c.width, 40);
  expectError(c.write(many, many, {c.batch, c.rows + 1, c.width}, 0, 0),
              "position 0 + 11 new tokens exceeds the cache's 10 rows");
  // Operands of the wrong ranks.
  auto kd = describe<3>(key, {c.batch, tokens, c.width}, {tokens * c.width, c.width, 1});
  auto cd = describe<4>(c.cache, {6, c.batch, c.rows, c.width},
                        {c.batch * c.rows * c.width, c.rows * c.width, c.width, 1});
  auto ku = unranked(kd), cu = unranked(cd);
  tfmrt_unranked_memref pu{0, &c.positionDescriptor};
  KernelRun run;
  _mlir_ciface_tfmrt_kv_cache_write(&run.context, &ku, &ku, &pu, &cu, 0);
  expectError(run.context.errors.take(), "expected key and value of rank 3, position of rank 0 "
                                         "and cache of rank 5, got ranks 3, 3, 0 and 4");
  // A cache whose dimension 1 is not 2.
  auto c3 = describe<5>(c.cache, {1, 3, c.batch, c.rows, c.width},
                        {3 * c.batch * c.rows * c.width, c.batch * c.rows * c.width,
                         c.rows * c.width, c.width, 1});
  auto c3u = unranked(c3);
  _mlir_ciface_tfmrt_kv_cache_write(&run.context, &ku, &ku, &pu, &c3u, 0);
  expectError(run.context.errors.take(),
              "the cache (1, 3, 2, 10, 8) must hold 2 tensors (keys, values) per layer");
}

} // namespace
