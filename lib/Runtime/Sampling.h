//===- Sampling.h - Choosing the next token from logits ---------*- C++ -*-===//
//
// Internal to libtfmrt: the sampler of the C API's generation call
// (tfm_context_generate). Greedy decoding, temperature, top-k, top-p and a
// repetition penalty, with a random generator of its own, so that a seed
// gives the same tokens on every machine, standard library and thread count
// (std::*_distribution's output is implementation-defined; the sampler runs
// on the calling thread only).
//
// One step, for the logits l of the last position:
//   1. repetition penalty (Hugging Face's RepetitionPenaltyLogitsProcessor):
//      for each id in the history (prompt and generated tokens), l > 0 is
//      divided by the penalty, l < 0 multiplied; each id once, however often
//      it occurs.
//   2. temperature 0: the largest l, ties to the lowest id (greedy; top-k
//      and top-p do not change the argmax).
//   3. otherwise the candidates are ordered by l descending, ties by id
//      ascending; top-k keeps the first k of them (exactly k: ties at the
//      boundary go to the lower ids, where Hugging Face keeps them all);
//      the probabilities are softmax(l / temperature) over the kept ones;
//      top-p keeps the shortest prefix whose probability reaches top_p (a
//      token is kept when the tokens before it hold less than top_p, as
//      Hugging Face's TopPLogitsWarper), at least one token (only as much
//      of the order is sorted as the cut needs);
//   4. a uniform u in [0, 1) (53 random bits) picks the token whose
//      cumulative probability interval holds u, in that order (in id order
//      when neither top-k nor top-p cuts, which needs no sort).
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_SAMPLING_H
#define TFM_LIB_RUNTIME_SAMPLING_H

#include "tfm/Runtime/Status.h"

#include <cstdint>
#include <vector>

namespace tfm::rt {

struct SamplingOptions {
  /// 0: greedy; > 0: sample from softmax(logits / temperature).
  double temperature = 0;
  /// 0: no limit; else the k most likely tokens.
  int64_t topK = 0;
  /// In (0, 1]; 1: no limit.
  double topP = 1;
  /// > 0; 1: no penalty.
  double repetitionPenalty = 1;
  uint64_t seed = 0;
};

/// Errors for values outside the ranges above (NaN and infinities
/// included), naming the option and the value.
Status validateSamplingOptions(const SamplingOptions &options);

/// xoshiro256** (Blackman and Vigna), its state filled from the seed by
/// splitmix64: the same stream for a seed everywhere.
class RandomGenerator {
public:
  explicit RandomGenerator(uint64_t seed);
  uint64_t next();
  /// A uniform double in [0, 1): the top 53 bits of next(), times 2^-53.
  double uniform();

private:
  uint64_t state_[4];
};

class Sampler {
public:
  /// `options` must be valid (validateSamplingOptions).
  explicit Sampler(const SamplingOptions &options);

  /// Chooses the next token from `vocab` logits; `history` is the prompt
  /// and the tokens generated so far (ids outside [0, vocab) are ignored).
  /// Fails when a logit is NaN or infinite (naming its id) or `vocab` < 1.
  Status sample(const float *logits, int64_t vocab, const std::vector<int64_t> &history,
                int64_t &token);

private:
  SamplingOptions options_;
  RandomGenerator random_;
  /// Reused from step to step: the penalized logits, the candidates' order
  /// and their weights (by id).
  std::vector<float> scores_;
  std::vector<int32_t> order_;
  std::vector<double> weights_;
};

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_SAMPLING_H
