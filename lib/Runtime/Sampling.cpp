//===- Sampling.cpp - Choosing the next token from logits -----------------===//
//
// See Sampling.h.
//
//===----------------------------------------------------------------------===//

#include "Sampling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace tfm::rt {
namespace {

/// "0.1", "nan", "-inf": the shortest text that reads back as `value`.
std::string formatValue(double value) {
  char text[64];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof(text), "%.*g", digits, value);
    if (std::isnan(value) || std::strtod(text, nullptr) == value)
      break;
  }
  return text;
}

uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t rotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

} // namespace

Status validateSamplingOptions(const SamplingOptions &options) {
  if (!(options.temperature >= 0) || std::isinf(options.temperature))
    return Status::error("temperature must be a finite number >= 0 (0: greedy), got " +
                         formatValue(options.temperature));
  if (options.topK < 0)
    return Status::error("top_k must be >= 0 (0: no limit), got " +
                         std::to_string(options.topK));
  if (!(options.topP > 0 && options.topP <= 1))
    return Status::error("top_p must be in (0, 1] (1: no limit), got " +
                         formatValue(options.topP));
  if (!(options.repetitionPenalty > 0) || std::isinf(options.repetitionPenalty))
    return Status::error("repetition_penalty must be a finite number > 0 (1: none), got " +
                         formatValue(options.repetitionPenalty));
  return Status::success();
}

RandomGenerator::RandomGenerator(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t &word : state_)
    word = splitmix64(state);
}

uint64_t RandomGenerator::next() {
  const uint64_t result = rotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotateLeft(state_[3], 45);
  return result;
}

double RandomGenerator::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

Sampler::Sampler(const SamplingOptions &options) : options_(options), random_(options.seed) {}

Status Sampler::sample(const float *logits, int64_t vocab, const std::vector<int64_t> &history,
                       int64_t &token) {
  if (vocab < 1 || vocab > std::numeric_limits<int32_t>::max())
    return Status::error("cannot sample from " + std::to_string(vocab) + " logits");
  for (int64_t id = 0; id < vocab; ++id)
    if (!std::isfinite(logits[id]))
      return Status::error("the logit of token " + std::to_string(id) + " is " +
                           formatValue(logits[id]) + ": cannot sample");

  // 1. The repetition penalty, on a copy. Each id's score is made from its
  // logit, so an id repeated in the history is penalized once.
  const float *scores = logits;
  if (options_.repetitionPenalty != 1) {
    scores_.assign(logits, logits + vocab);
    const double penalty = options_.repetitionPenalty;
    for (int64_t id : history) {
      if (id < 0 || id >= vocab)
        continue;
      const double logit = logits[id];
      scores_[static_cast<size_t>(id)] =
          static_cast<float>(logit > 0 ? logit / penalty : logit * penalty);
    }
    scores = scores_.data();
  }

  // 2. Greedy: the first largest score.
  if (options_.temperature == 0) {
    int64_t best = 0;
    for (int64_t id = 1; id < vocab; ++id)
      if (scores[id] > scores[best])
        best = id;
    token = best;
    return Status::success();
  }

  // 3. The candidates, in the order the cuts need: order_[0, sorted) holds
  // the largest scores in `before` order, order_[sorted, kept) the other
  // candidates (in id order when nothing is sorted).
  auto before = [scores](int32_t a, int32_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  };
  order_.resize(static_cast<size_t>(vocab));
  for (int32_t id = 0; id < static_cast<int32_t>(vocab); ++id)
    order_[static_cast<size_t>(id)] = id;
  size_t kept = order_.size(), sorted = 0;
  const bool topK = options_.topK > 0 && options_.topK < vocab;
  const bool topP = options_.topP < 1;
  if (topK) {
    kept = sorted = static_cast<size_t>(options_.topK);
    std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(kept),
                      order_.end(), before);
  }
  float maximum = scores[order_[0]];
  if (sorted == 0)
    for (int32_t id : order_)
      maximum = std::max(maximum, scores[id]);
  // Each candidate's weight exp((score - maximum) / temperature), by id.
  weights_.resize(static_cast<size_t>(vocab));
  double total = 0;
  for (size_t i = 0; i < kept; ++i) {
    const int32_t id = order_[i];
    weights_[static_cast<size_t>(id)] =
        std::exp((static_cast<double>(scores[id]) - maximum) / options_.temperature);
    total += weights_[static_cast<size_t>(id)];
  }
  if (topP) {
    // Keep a token while the ones before it hold less than top_p. The
    // order is extended as far as the cut needs (usually a few tokens, not
    // the whole vocabulary).
    const double limit = options_.topP * total;
    double mass = 0;
    size_t cut = 0;
    while (cut < kept && (cut == 0 || mass < limit)) {
      if (cut == sorted) {
        const size_t more = std::min(kept, std::max<size_t>(64, 2 * sorted));
        std::partial_sort(order_.begin() + static_cast<std::ptrdiff_t>(sorted),
                          order_.begin() + static_cast<std::ptrdiff_t>(more),
                          order_.begin() + static_cast<std::ptrdiff_t>(kept), before);
        sorted = more;
      }
      mass += weights_[static_cast<size_t>(order_[cut])];
      ++cut;
    }
    kept = cut;
    total = mass;
  }

  // 4. Draw.
  const double target = random_.uniform() * total;
  double cumulative = 0;
  for (size_t i = 0; i < kept; ++i) {
    cumulative += weights_[static_cast<size_t>(order_[i])];
    if (target < cumulative) {
      token = order_[i];
      return Status::success();
    }
  }
  // Rounding left the target at the very end: the last candidate with a
  // weight.
  size_t last = kept - 1;
  while (last > 0 && weights_[static_cast<size_t>(order_[last])] == 0)
    --last;
  token = order_[last];
  return Status::success();
}

} // namespace tfm::rt
