//===- VectorMathTest.cpp - the vectorisable elementary functions ---------===//
//
// VectorMath.h's functions against libm in double, over their ranges and at
// their edges (NaN, infinities, the clamps), on any CPU.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/VectorMath.h"

#include <gtest/gtest.h>

#include "KernelTestSupport.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace tfm::rt;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInfinity = std::numeric_limits<float>::infinity();

/// -limit to limit in steps of 1/256, and some magnitudes far outside.
std::vector<float> samples(float limit) {
  std::vector<float> values;
  for (float x = -limit; x <= limit; x += 1.0f / 256)
    values.push_back(x);
  for (float x : {1e-30f, 1e-10f, 1e-3f, 1e3f, 1e10f, 3e38f}) {
    values.push_back(x);
    values.push_back(-x);
  }
  return values;
}

TEST(VectorMath, ExpIsWithinTwoUlpsAndClamps) {
  double worst = 0;
  for (float x = -87.0f; x <= 88.0f; x += 1.0f / 64) {
    const double expected = std::exp(static_cast<double>(x));
    const double error = std::fabs(vectorizableExp(x) - expected) / expected;
    worst = std::max(worst, error);
    ASSERT_LE(error, 2.4e-7) << "exp(" << x << ")";
  }
  RecordProperty("max_relative_error", std::to_string(worst));
  EXPECT_EQ(vectorizableExp(-100.0f), 0.0f);
  EXPECT_EQ(vectorizableExp(-kInfinity), 0.0f);
  EXPECT_TRUE(std::isnan(vectorizableExp(kNaN)));
}

TEST(VectorMath, ReciprocalIsWithinTwoUlpsOverItsRange) {
  for (double d = 1.0; d <= 0x1p120; d *= 1.0001) {
    const float value = static_cast<float>(d);
    const double error = std::fabs(vectorizableReciprocal(value) * static_cast<double>(value) - 1);
    ASSERT_LE(error, 2.4e-7) << "1 / " << value;
  }
}

TEST(VectorMath, ErfIsWithinItsDocumentedError) {
  double worst = 0;
  for (float x : samples(8.0f)) {
    const double error = std::fabs(vectorizableErf(x) - std::erf(static_cast<double>(x)));
    worst = std::max(worst, error);
    ASSERT_LE(error, 1.5e-6) << "erf(" << x << ")";
  }
  RecordProperty("max_absolute_error", std::to_string(worst));
  EXPECT_EQ(vectorizableErf(kInfinity), 1.0f);
  EXPECT_EQ(vectorizableErf(-kInfinity), -1.0f);
  EXPECT_TRUE(std::isnan(vectorizableErf(kNaN)));
}

TEST(VectorMath, EachActivationMatchesItsDefinition) {
  const std::vector<float> values = samples(20.0f);
  for (int64_t activation = 1; activation <= TFMRT_ACTIVATION_LAST; ++activation) {
    std::vector<float> results = values;
    applyActivation(results.data(), static_cast<int64_t>(results.size()), activation);
    for (size_t i = 0; i < values.size(); ++i) {
      const double x = values[i];
      const double expected = activate(x, activation);
      // Errors scale with |x| (GELU and SiLU multiply by it).
      ASSERT_LE(std::fabs(results[i] - expected), 1e-6 * std::max(1.0, std::fabs(x)))
          << "activation " << activation << " of " << x;
    }
    std::vector<float> nan = {kNaN};
    applyActivation(nan.data(), 1, activation);
    EXPECT_TRUE(std::isnan(nan[0])) << "activation " << activation;
  }
}

} // namespace
