//===- SamplingTest.cpp - Tests for the generation call's sampler ---------===//
//
// The sampler (lib/Runtime/Sampling.h) on hand-made logits: greedy is the
// argmax with ties to the lowest id, top-k = 1 and a tiny top-p are greedy,
// sampled frequencies match the distribution each option defines (within
// 5 standard deviations of a binomial count, with a fixed seed), the
// repetition penalty has Hugging Face's semantics, a seed gives one sequence
// on any thread, and every invalid value is an error naming it.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/Sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <thread>
#include <vector>

namespace {

using tfm::rt::RandomGenerator;
using tfm::rt::Sampler;
using tfm::rt::SamplingOptions;
using tfm::rt::validateSamplingOptions;

int64_t sampleOnce(Sampler &sampler, const std::vector<float> &logits,
                   const std::vector<int64_t> &history = {}) {
  int64_t token = -1;
  tfm::rt::Status status =
      sampler.sample(logits.data(), static_cast<int64_t>(logits.size()), history, token);
  EXPECT_TRUE(status.ok()) << status.message();
  return token;
}

/// The frequency of each token over `draws` draws of one sampler.
std::vector<int64_t> counts(const SamplingOptions &options, const std::vector<float> &logits,
                            int64_t draws) {
  Sampler sampler(options);
  std::vector<int64_t> result(logits.size(), 0);
  for (int64_t i = 0; i < draws; ++i)
    ++result[static_cast<size_t>(sampleOnce(sampler, logits))];
  return result;
}

/// Each count is within 5 standard deviations of its binomial mean (a
/// probability of 0 must never be drawn).
void expectFrequencies(const std::vector<int64_t> &counted, const std::vector<double> &expected,
                       int64_t draws) {
  ASSERT_EQ(counted.size(), expected.size());
  for (size_t id = 0; id < expected.size(); ++id) {
    const double mean = expected[id] * static_cast<double>(draws);
    const double sigma = std::sqrt(mean * (1 - expected[id]));
    EXPECT_LE(std::abs(static_cast<double>(counted[id]) - mean), 5 * sigma + 1e-9)
        << "token " << id << ": " << counted[id] << " draws, expected about " << mean;
  }
}

std::vector<float> logitsOf(const std::vector<double> &probabilities) {
  std::vector<float> logits;
  for (double p : probabilities)
    logits.push_back(static_cast<float>(std::log(p)));
  return logits;
}

SamplingOptions sampling(double temperature, int64_t topK = 0, double topP = 1,
                         double penalty = 1, uint64_t seed = 1) {
  SamplingOptions options;
  options.temperature = temperature;
  options.topK = topK;
  options.topP = topP;
  options.repetitionPenalty = penalty;
  options.seed = seed;
  return options;
}

TEST(RandomGeneratorTest, IsXoshiro256StarStarSeededBySplitMix64) {
  // The first outputs for seeds 0 and 42, from a Python transcription of
  // the published algorithms: the stream is fixed, not the platform's.
  RandomGenerator zero(0);
  EXPECT_EQ(zero.next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(zero.next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(zero.next(), 0x1a5f849d4933e6e0ULL);
  RandomGenerator fortyTwo(42);
  EXPECT_DOUBLE_EQ(fortyTwo.uniform(), 0.08386297105988216);
  EXPECT_DOUBLE_EQ(fortyTwo.uniform(), 0.3789802506626686);
  EXPECT_DOUBLE_EQ(fortyTwo.uniform(), 0.6800434110281394);
}

TEST(RandomGeneratorTest, UniformIsInTheUnitInterval) {
  RandomGenerator random(7);
  double sum = 0;
  const int draws = 100000;
  for (int i = 0; i < draws; ++i) {
    double u = random.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // The mean of n uniforms has standard deviation sqrt(1/12n).
  EXPECT_NEAR(sum / draws, 0.5, 5 * std::sqrt(1.0 / (12.0 * draws)));
}

TEST(SamplingTest, GreedyIsTheArgmaxWithTiesToTheLowestId) {
  Sampler greedy(sampling(0));
  EXPECT_EQ(sampleOnce(greedy, {0.1f, 3.0f, -2.0f, 2.9f}), 1);
  EXPECT_EQ(sampleOnce(greedy, {1.0f, 5.0f, 5.0f, 5.0f}), 1);
  EXPECT_EQ(sampleOnce(greedy, {-7.0f}), 0);
  EXPECT_EQ(sampleOnce(greedy, {-1.0f, -1.0f}), 0);
}

TEST(SamplingTest, TopKOneAndATinyTopPAreGreedy) {
  const std::vector<std::vector<float>> cases = {
      {0.1f, 3.0f, -2.0f, 2.9f}, {1.0f, 5.0f, 5.0f, 5.0f}, {0.0f, 0.0f, 0.0f}, {2.0f, 2.0f - 1e-6f}};
  for (uint64_t seed = 0; seed < 20; ++seed) {
    for (double temperature : {0.5, 1.0, 100.0}) {
      Sampler greedy(sampling(0)), topK(sampling(temperature, 1, 1, 1, seed)),
          topP(sampling(temperature, 0, 1e-9, 1, seed));
      for (const std::vector<float> &logits : cases) {
        const int64_t expected = sampleOnce(greedy, logits);
        EXPECT_EQ(sampleOnce(topK, logits), expected);
        EXPECT_EQ(sampleOnce(topP, logits), expected);
      }
    }
  }
}

TEST(SamplingTest, TemperatureOneSamplesTheSoftmax) {
  const std::vector<double> p = {0.1, 0.2, 0.3, 0.4};
  const int64_t draws = 40000;
  expectFrequencies(counts(sampling(1.0), logitsOf(p), draws), p, draws);
}

TEST(SamplingTest, TemperatureScalesTheLogits) {
  // softmax(log(p) / 2) is proportional to sqrt(p); / 0.5 to p^2.
  const std::vector<double> p = {0.1, 0.2, 0.3, 0.4};
  for (double temperature : {2.0, 0.5}) {
    std::vector<double> expected;
    double total = 0;
    for (double q : p)
      total += std::pow(q, 1 / temperature);
    for (double q : p)
      expected.push_back(std::pow(q, 1 / temperature) / total);
    const int64_t draws = 40000;
    expectFrequencies(counts(sampling(temperature), logitsOf(p), draws), expected, draws);
  }
}

TEST(SamplingTest, TopKKeepsTheKMostLikely) {
  const std::vector<double> p = {0.1, 0.2, 0.3, 0.4};
  const int64_t draws = 40000;
  expectFrequencies(counts(sampling(1.0, 2), logitsOf(p), draws), {0, 0, 3.0 / 7, 4.0 / 7},
                    draws);
  // k at or beyond the vocabulary keeps everything.
  expectFrequencies(counts(sampling(1.0, 4), logitsOf(p), draws), p, draws);
  expectFrequencies(counts(sampling(1.0, 1000), logitsOf(p), draws), p, draws);
  // Exactly k: of tied logits, the lower ids.
  expectFrequencies(counts(sampling(1.0, 2), {1.0f, 3.0f, 3.0f, 3.0f}, draws), {0, 0.5, 0.5, 0},
                    draws);
}

TEST(SamplingTest, TopPKeepsTheShortestPrefixReachingP) {
  const std::vector<double> p = {0.1, 0.2, 0.3, 0.4};
  const int64_t draws = 40000;
  // 0.4 alone holds less than 0.45: 0.3 is kept too; 0.4 + 0.3 reaches it.
  expectFrequencies(counts(sampling(1.0, 0, 0.45), logitsOf(p), draws), {0, 0, 3.0 / 7, 4.0 / 7},
                    draws);
  expectFrequencies(counts(sampling(1.0, 0, 0.35), logitsOf(p), draws), {0, 0, 0, 1}, draws);
  expectFrequencies(counts(sampling(1.0, 0, 0.75), logitsOf(p), draws),
                    {0, 2.0 / 9, 3.0 / 9, 4.0 / 9}, draws);
  // After the temperature: softmax(log(p) / 0.5) is p^2 / 0.3 = {1/30, 4/30,
  // 9/30, 16/30}; 16/30 < 0.6 <= 25/30 keeps two.
  expectFrequencies(counts(sampling(0.5, 0, 0.6), logitsOf(p), draws), {0, 0, 9.0 / 25, 16.0 / 25},
                    draws);
  // At the boundary (exact in binary): of four equal tokens, two hold 0.5,
  // so the third is not kept (as Hugging Face removes tokens whose
  // ascending cumulative probability is <= 1 - top_p).
  expectFrequencies(counts(sampling(1.0, 0, 0.5), {0.0f, 0.0f, 0.0f, 0.0f}, draws),
                    {0.5, 0.5, 0, 0}, draws);
  // Beyond the first tokens the sampler sorts more, twice as many each time:
  // of 200 equal tokens, top_p 0.5025 keeps the 101 lowest ids (100 hold
  // 0.5; ties go to the lower ids), past the first 64 sorted.
  std::vector<double> flat(200, 0.0);
  std::fill(flat.begin(), flat.begin() + 101, 1.0 / 101);
  expectFrequencies(counts(sampling(1.0, 0, 0.5025), std::vector<float>(200, 0.5f), draws), flat,
                    draws);
  // With top-k first: k = 3 leaves {0.2, 0.3, 0.4} / 0.9; 0.4/0.9 < 0.5 keeps 0.3 too.
  expectFrequencies(counts(sampling(1.0, 3, 0.5), logitsOf(p), draws), {0, 0, 3.0 / 7, 4.0 / 7},
                    draws);
}

TEST(SamplingTest, RepetitionPenaltyDividesPositiveAndMultipliesNegativeLogits) {
  Sampler penalized(sampling(0, 0, 1, 2.0));
  // Without history, the argmax; with id 0 seen, 2.0 / 2 = 1.0 loses to 1.9.
  EXPECT_EQ(sampleOnce(penalized, {2.0f, -1.0f, 0.5f, 1.9f}), 0);
  EXPECT_EQ(sampleOnce(penalized, {2.0f, -1.0f, 0.5f, 1.9f}, {0}), 3);
  // Negative logits are multiplied: -1 * 2 = -2 loses to -1.5.
  EXPECT_EQ(sampleOnce(penalized, {-1.0f, -1.5f}, {0}), 1);
  EXPECT_EQ(sampleOnce(penalized, {-1.0f, -1.5f}), 0);
  // Ids outside the vocabulary are ignored.
  EXPECT_EQ(sampleOnce(penalized, {-1.0f, -1.5f}, {-3, 2, 99}), 0);
  // A penalty below 1 favours the seen tokens.
  Sampler favoured(sampling(0, 0, 1, 0.5));
  EXPECT_EQ(sampleOnce(favoured, {2.0f, 1.5f}, {1}), 1);
}

TEST(SamplingTest, RepetitionPenaltyAppliesOncePerId) {
  // 2.0 / 1.2 = 1.67 beats 1.5; penalized twice (1.39) it would not.
  Sampler penalized(sampling(0, 0, 1, 1.2));
  EXPECT_EQ(sampleOnce(penalized, {2.0f, 1.5f}, {0, 0, 0}), 0);
}

TEST(SamplingTest, RepetitionPenaltyChangesTheSampledDistribution) {
  // Id 1 seen with penalty 2: logits log(0.5), log(0.5) -> id 1's becomes
  // 2 log(0.5) = log(0.25): probabilities 0.5 / 0.75 and 0.25 / 0.75.
  Sampler sampler(sampling(1.0, 0, 1, 2.0, 3));
  std::vector<int64_t> counted(2, 0);
  const int64_t draws = 40000;
  for (int64_t i = 0; i < draws; ++i)
    ++counted[static_cast<size_t>(sampleOnce(sampler, logitsOf({0.5, 0.5}), {1}))];
  expectFrequencies(counted, {2.0 / 3, 1.0 / 3}, draws);
}

TEST(SamplingTest, ASeedGivesOneSequenceOnEveryThread) {
  std::vector<float> logits;
  for (int i = 0; i < 1000; ++i)
    logits.push_back(static_cast<float>(std::sin(i * 0.37) * 3));
  auto sequence = [&](const SamplingOptions &options) {
    Sampler sampler(options);
    std::vector<int64_t> tokens;
    std::vector<int64_t> history;
    for (int i = 0; i < 200; ++i) {
      tokens.push_back(sampleOnce(sampler, logits, history));
      history.push_back(tokens.back());
    }
    return tokens;
  };
  for (const SamplingOptions &options :
       {sampling(0.8, 0, 1, 1, 9), sampling(1.3, 50, 1, 1, 9), sampling(0.7, 0, 0.9, 1.3, 9),
        sampling(1.0, 20, 0.8, 1.1, 9)}) {
    const std::vector<int64_t> first = sequence(options);
    EXPECT_EQ(sequence(options), first);
    std::vector<int64_t> onAnotherThread;
    std::thread([&] { onAnotherThread = sequence(options); }).join();
    EXPECT_EQ(onAnotherThread, first);
    SamplingOptions reseeded = options;
    reseeded.seed = 10;
    EXPECT_NE(sequence(reseeded), first);
  }
}

TEST(SamplingTest, InvalidOptionsAreErrorsNamingTheValue) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<SamplingOptions, std::string>> cases = {
      {sampling(-0.5), "temperature must be a finite number >= 0 (0: greedy), got -0.5"},
      {sampling(nan), "temperature must be a finite number >= 0 (0: greedy), got nan"},
      {sampling(inf), "temperature must be a finite number >= 0 (0: greedy), got inf"},
      {sampling(1, -1), "top_k must be >= 0 (0: no limit), got -1"},
      {sampling(1, 0, 0), "top_p must be in (0, 1] (1: no limit), got 0"},
      {sampling(1, 0, -0.1), "top_p must be in (0, 1] (1: no limit), got -0.1"},
      {sampling(1, 0, 1.5), "top_p must be in (0, 1] (1: no limit), got 1.5"},
      {sampling(1, 0, nan), "top_p must be in (0, 1] (1: no limit), got nan"},
      {sampling(1, 0, 1, 0), "repetition_penalty must be a finite number > 0 (1: none), got 0"},
      {sampling(1, 0, 1, -2), "repetition_penalty must be a finite number > 0 (1: none), got -2"},
      {sampling(1, 0, 1, nan), "repetition_penalty must be a finite number > 0 (1: none), got nan"},
      {sampling(1, 0, 1, inf), "repetition_penalty must be a finite number > 0 (1: none), got inf"},
  };
  for (const auto &[options, message] : cases) {
    tfm::rt::Status status = validateSamplingOptions(options);
    ASSERT_FALSE(status.ok()) << message;
    EXPECT_EQ(status.message(), message);
  }
  EXPECT_TRUE(validateSamplingOptions(sampling(0)).ok());
  EXPECT_TRUE(validateSamplingOptions(sampling(2.5, 40, 1, 0.5)).ok());
  EXPECT_TRUE(validateSamplingOptions(sampling(1, 0, 1e-12)).ok());
}

TEST(SamplingTest, NonFiniteLogitsAndAnEmptyVocabularyAreErrors) {
  for (double temperature : {0.0, 1.0}) {
    Sampler sampler(sampling(temperature));
    int64_t token = -1;
    std::vector<float> logits = {0.0f, std::numeric_limits<float>::quiet_NaN(), 1.0f};
    tfm::rt::Status status = sampler.sample(logits.data(), 3, {}, token);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message(), "the logit of token 1 is nan: cannot sample");
    logits[1] = -std::numeric_limits<float>::infinity();
    status = sampler.sample(logits.data(), 3, {}, token);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message(), "the logit of token 1 is -inf: cannot sample");
    status = sampler.sample(logits.data(), 0, {}, token);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message(), "cannot sample from 0 logits");
    EXPECT_EQ(token, -1);
  }
}

} // namespace
