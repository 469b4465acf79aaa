//===- GenerateTest.cpp - Tests for tfm_context_generate ------------------===//
//
// The generation call against a hand-written generative model with the KV
// cache interface (input_ids, position, kv_cache updated in place; logits):
// each run appends its tokens' rows to the cache at `position` and chooses
// the next token from everything the cache holds, so the tokens come out
// right only if the call sizes the cache from the request, keeps it across
// runs, runs the prompt at position 0 and each new token at the next
// position. Stops (max tokens, EOS, callback), statistics and every error
// are checked, and that errors come before any run.
//
//===----------------------------------------------------------------------===//

#include "tfm/tfm.h"
#include "tfm/tfm.hpp"

#include <gtest/gtest.h>

#include "FakeModel.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <tuple>
#include <string>
#include <vector>

namespace {

using tfm::rt::test_fakes::fakeEntry;

constexpr int64_t kVocabulary = 8;
constexpr int64_t kPositions = 16;
constexpr int64_t kLayers = 2;
constexpr int64_t kHidden = 3;

/// What each run of the fake saw.
struct Call {
  int64_t position, tokens, cacheRows;
  bool operator==(const Call &other) const {
    return position == other.position && tokens == other.tokens && cacheRows == other.cacheRows;
  }
};
std::vector<Call> calls;
/// The position at which the fake fails (-1: never).
int64_t failAtPosition = -1;

/// The fake language model. For token t at position p = position + t it
/// writes row p of every layer's keys and values: [id + 1, p + 1, layer
/// (+ 0.5 for values)], then reads rows [0, p] of layer 1's keys: with s
/// the sum of their first elements (the ids + 1 so far), its logits are 1 at
/// n = (s + p + w[0]) mod V, 0.75 at n + 1 mod V and 0 elsewhere. Rows it does not write must be the
/// zeros the cache starts with.
int generativeRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *params,
                  tfm_tensor *outputs) {
  const tfm_tensor &ids = inputs[0], &positionInput = inputs[1], &cache = inputs[2];
  const int64_t position = *static_cast<const int64_t *>(positionInput.data);
  const int64_t tokens = ids.shape[1], rows = cache.shape[3];
  calls.push_back({position, tokens, rows});
  if (position == failAtPosition || ids.shape[0] != 1 || cache.shape[2] != 1 ||
      position + tokens > rows)
    return 3;
  auto *data = static_cast<float *>(cache.data);
  auto at = [&](int64_t layer, int64_t kv, int64_t row) {
    return data + (((layer * 2 + kv) * rows + row) * kHidden);
  };
  for (int64_t layer = 0; layer < kLayers; ++layer)
    for (int64_t kv = 0; kv < 2; ++kv)
      for (int64_t row = position; row < rows; ++row)
        for (int64_t d = 0; d < kHidden; ++d)
          if (at(layer, kv, row)[d] != 0)
            return 4; // a row beyond the cached tokens was written before
  auto *logits = static_cast<float *>(
      _mlir_memref_to_llvm_aligned_alloc(64, tokens * kVocabulary * sizeof(float)));
  if (!logits)
    return 1;
  const auto *idData = static_cast<const int64_t *>(ids.data);
  for (int64_t t = 0; t < tokens; ++t) {
    const int64_t p = position + t;
    for (int64_t layer = 0; layer < kLayers; ++layer)
      for (int64_t kv = 0; kv < 2; ++kv) {
        float *row = at(layer, kv, p);
        row[0] = static_cast<float>(idData[t] + 1);
        row[1] = static_cast<float>(p + 1);
        row[2] = static_cast<float>(layer) + (kv ? 0.5f : 0.0f);
      }
    int64_t sum = 0;
    for (int64_t r = 0; r <= p; ++r)
      sum += static_cast<int64_t>(at(1, 0, r)[0]);
    const int64_t next = (sum + p + static_cast<int64_t>(params[0][0])) % kVocabulary;
    for (int64_t v = 0; v < kVocabulary; ++v)
      logits[t * kVocabulary + v] = v == next ? 1.0f : v == (next + 1) % kVocabulary ? 0.75f : 0.0f;
  }
  outputs[0] = tfm_tensor{logits, TFM_F32, 3, {1, tokens, kVocabulary}};
  return 0;
}

/// The fake's greedy continuation of `prompt`, computed directly, with a
/// repetition penalty.
std::vector<int64_t> expectedTokens(std::vector<int64_t> sequence, int64_t count, int64_t w,
                                    double penalty = 1) {
  std::vector<int64_t> generated;
  while (static_cast<int64_t>(generated.size()) < count) {
    int64_t sum = 0;
    for (int64_t id : sequence)
      sum += id + 1;
    const int64_t next = (sum + static_cast<int64_t>(sequence.size()) - 1 + w) % kVocabulary;
    std::vector<double> scores(kVocabulary, 0.0);
    scores[static_cast<size_t>(next)] = 1;
    scores[static_cast<size_t>((next + 1) % kVocabulary)] = 0.75;
    const std::vector<double> logits = scores;
    for (int64_t id : sequence) {
      const double logit = logits[static_cast<size_t>(id)];
      scores[static_cast<size_t>(id)] = logit > 0 ? logit / penalty : logit * penalty;
    }
    const int64_t chosen = std::max_element(scores.begin(), scores.end()) - scores.begin();
    generated.push_back(chosen);
    sequence.push_back(chosen);
  }
  return generated;
}

tfm_io_info input(const char *name, tfm_dtype dtype, int32_t rank,
                  std::initializer_list<int64_t> shape, int64_t idLimit, int64_t maxSequence,
                  int32_t updatedInPlace, int32_t offsetsInput, const char *fill = nullptr) {
  tfm_io_info info{};
  info.name = name;
  info.dtype = dtype;
  info.rank = rank;
  std::copy(shape.begin(), shape.end(), info.shape);
  info.default_fill = fill;
  info.id_limit = idLimit;
  info.max_sequence = maxSequence;
  info.updated_in_place = updatedInPlace;
  info.offsets_input = offsetsInput;
  return info;
}

const tfm_io_info kInputs[] = {
    input("input_ids", TFM_I64, 2, {-1, -1}, kVocabulary, kPositions, 0, -1),
    input("position", TFM_I64, 0, {}, 0, kPositions, 0, 0),
    input("kv_cache", TFM_F32, 5, {kLayers, 2, -1, -1, kHidden}, 0, 0, 1, -1),
};
const tfm_io_info kOutputs[] = {input("logits", TFM_F32, 3, {-1, -1, kVocabulary}, 0, 0, 0, -1)};
const tfm_param_info kParams[] = {{"w", 1, {1}, 0, 0, nullptr}};
const tfm_model kModel = {TFM_ABI_VERSION, "generative", 3, kInputs, 1, kOutputs, 1, kParams,
                          fakeEntry<&kModel, generativeRun>, nullptr, nullptr, 0, nullptr,
                          TFM_PRECISION_F32};

/// A model with the interface broken in one way, from its inputs and
/// outputs.
struct BrokenModel {
  std::vector<tfm_io_info> inputs, outputs;
  tfm_model model;
  BrokenModel(std::vector<tfm_io_info> in, std::vector<tfm_io_info> out)
      : inputs(std::move(in)), outputs(std::move(out)) {
    model = kModel;
    model.num_inputs = static_cast<int32_t>(inputs.size());
    model.inputs = inputs.data();
    model.num_outputs = static_cast<int32_t>(outputs.size());
    model.outputs = outputs.data();
  }
};

class GenerateTest : public ::testing::Test {
protected:
  void SetUp() override {
    calls.clear();
    failAtPosition = -1;
    ASSERT_EQ(tfm_model_from_linked(&kModel, &model), nullptr);
    ASSERT_EQ(tfm_context_create(model, &ctx), nullptr);
    const int64_t shape[] = {1};
    ASSERT_EQ(tfm_context_bind_weight(ctx, "w", &w, shape, 1), nullptr);
    tfm_generate_options_init(&options);
  }
  void TearDown() override {
    tfm_context_destroy(ctx);
    tfm_model_close(model);
  }

  /// Generates with the fixture's options; "" on success, else the error.
  std::string generate(const std::vector<int64_t> &prompt, int64_t maxNewTokens,
                       tfm_token_callback callback = nullptr, void *user = nullptr) {
    generated.assign(static_cast<size_t>(std::max<int64_t>(maxNewTokens, 0)), -1);
    stats = tfm_generate_stats();
    tfm_status status = tfm_context_generate(ctx, prompt.data(),
                                             static_cast<int64_t>(prompt.size()), maxNewTokens,
                                             &options, callback, user, generated.data(), &stats);
    std::string message = tfm_status_message(status);
    tfm_status_free(status);
    generated.resize(static_cast<size_t>(stats.generated_tokens));
    return message;
  }

  float w = 0;
  tfm_model_handle *model = nullptr;
  tfm_context *ctx = nullptr;
  tfm_generate_options options;
  std::vector<int64_t> generated;
  tfm_generate_stats stats;
};

struct Collected {
  std::vector<int64_t> tokens;
  /// Stop (return 1) once this many tokens have come; 0: never.
  size_t stopAfter = 0;
};
int collect(int64_t token, void *user) {
  auto *collected = static_cast<Collected *>(user);
  collected->tokens.push_back(token);
  return collected->stopAfter && collected->tokens.size() >= collected->stopAfter;
}

TEST_F(GenerateTest, PrefillThenOneDecodeRunPerTokenWithACacheSizedFromTheRequest) {
  Collected collected;
  ASSERT_EQ(generate({1, 2, 3}, 5, collect, &collected), "");
  const std::vector<int64_t> expected = expectedTokens({1, 2, 3}, 5, 0);
  EXPECT_EQ(generated, expected);
  EXPECT_EQ(collected.tokens, expected);
  // The prompt at 0; each new token at the next position; no run for the
  // last token; a cache of 3 + 5 rows.
  EXPECT_EQ(calls, (std::vector<Call>{{0, 3, 8}, {3, 1, 8}, {4, 1, 8}, {5, 1, 8}, {6, 1, 8}}));
  EXPECT_EQ(stats.prompt_tokens, 3);
  EXPECT_EQ(stats.generated_tokens, 5);
  EXPECT_EQ(stats.cache_bytes, kLayers * 2 * 1 * 8 * kHidden * 4);
  EXPECT_EQ(stats.stop_reason, TFM_STOP_MAX_TOKENS);
  EXPECT_GT(stats.time_to_first_token_ms, 0);
  EXPECT_GT(stats.decode_tokens_per_second, 0);
}

TEST_F(GenerateTest, TheWeightsAreTheContexts) {
  w = 5;
  ASSERT_EQ(generate({4}, 4), "");
  EXPECT_EQ(generated, expectedTokens({4}, 4, 5));
}

TEST_F(GenerateTest, OneTokenIsThePrefillAlone) {
  ASSERT_EQ(generate({7, 0}, 1), "");
  EXPECT_EQ(generated, expectedTokens({7, 0}, 1, 0));
  EXPECT_EQ(calls, (std::vector<Call>{{0, 2, 3}}));
  EXPECT_EQ(stats.decode_tokens_per_second, 0);
}

TEST_F(GenerateTest, StopsAfterAnEosId) {
  const std::vector<int64_t> all = expectedTokens({1, 2, 3}, 6, 0);
  const int64_t eos[] = {99, all[2]};
  ASSERT_NE(all[0], all[2]);
  ASSERT_NE(all[1], all[2]);
  options.eos_ids = eos;
  options.num_eos_ids = 2;
  Collected collected;
  ASSERT_EQ(generate({1, 2, 3}, 6, collect, &collected), "");
  // The EOS id is generated (and passed on), then nothing more runs.
  EXPECT_EQ(generated, std::vector<int64_t>(all.begin(), all.begin() + 3));
  EXPECT_EQ(collected.tokens, generated);
  EXPECT_EQ(stats.stop_reason, TFM_STOP_EOS);
  EXPECT_EQ(calls.size(), 3u);
}

TEST_F(GenerateTest, TheCallbackStopsGeneration) {
  Collected collected;
  collected.stopAfter = 2;
  ASSERT_EQ(generate({1}, 10, collect, &collected), "");
  EXPECT_EQ(collected.tokens, expectedTokens({1}, 2, 0));
  EXPECT_EQ(stats.generated_tokens, 2);
  EXPECT_EQ(stats.stop_reason, TFM_STOP_CALLBACK);
  EXPECT_EQ(calls.size(), 2u);
  // The cache was sized for the request all the same.
  EXPECT_EQ(calls[0].cacheRows, 11);
}

TEST_F(GenerateTest, TheModelsPositionsAreTheLimitBeforeAnyRun) {
  std::vector<int64_t> prompt(10, 1);
  EXPECT_EQ(generate(prompt, 7),
            "the prompt's 10 tokens and 7 new tokens exceed the model's 16 positions");
  EXPECT_TRUE(calls.empty());
  tfm_status status = tfm_context_generate(ctx, prompt.data(), 10, INT64_MAX, nullptr, nullptr,
                                           nullptr, nullptr, nullptr);
  EXPECT_STREQ(tfm_status_message(status),
               "the prompt's 10 tokens and 9223372036854775807 new tokens exceed the model's 16 "
               "positions");
  tfm_status_free(status);
  EXPECT_TRUE(calls.empty());
  // Up to the limit.
  EXPECT_EQ(generate(prompt, 6), "");
  EXPECT_EQ(calls.back(), (Call{14, 1, 16}));
}

TEST_F(GenerateTest, TheRequestCanBeCheckedWithoutWeights) {
  tfm_model_handle *handle = nullptr;
  ASSERT_EQ(tfm_model_from_linked(&kModel, &handle), nullptr);
  EXPECT_EQ(tfm_model_check_generation(handle, 10, 6), nullptr);
  auto message = [&](int64_t prompt, int64_t maxNewTokens) {
    tfm_status status = tfm_model_check_generation(handle, prompt, maxNewTokens);
    std::string text = tfm_status_message(status);
    tfm_status_free(status);
    return text;
  };
  EXPECT_EQ(message(10, 7), "the prompt's 10 tokens and 7 new tokens exceed the model's 16 "
                            "positions");
  EXPECT_EQ(message(0, 7), "the prompt is empty: generation needs at least one token");
  EXPECT_EQ(message(1, 0), "max_new_tokens must be at least 1, got 0");
  tfm_model_close(handle);
  tfm_status status = tfm_model_check_generation(nullptr, 1, 1);
  EXPECT_STREQ(tfm_status_message(status), "tfm_model_check_generation: 'model' is NULL");
  tfm_status_free(status);
}

TEST_F(GenerateTest, SamplingIsReproducibleWithASeedOnAnyThreadCount) {
  // The fake's logits are 1 at one token and 0 elsewhere: at temperature 1
  // every token has a chance.
  options.temperature = 1.0;
  options.seed = 1234;
  ASSERT_EQ(generate({1, 2}, 12), "");
  const std::vector<int64_t> first = generated;
  EXPECT_NE(first, expectedTokens({1, 2}, 12, 0));
  ASSERT_EQ(tfm_context_set_threads(ctx, 3), nullptr);
  ASSERT_EQ(generate({1, 2}, 12), "");
  EXPECT_EQ(generated, first);
  options.seed = 1235;
  ASSERT_EQ(generate({1, 2}, 12), "");
  EXPECT_NE(generated, first);
  // Top-k 1 is greedy again.
  options.top_k = 1;
  ASSERT_EQ(generate({1, 2}, 12), "");
  EXPECT_EQ(generated, expectedTokens({1, 2}, 12, 0));
}

TEST_F(GenerateTest, RepetitionPenaltyReachesTheSampler) {
  // The fake's best logit is 1 and its second 0.75: a penalty of 2 makes a
  // seen best token (0.5) lose to an unseen second.
  options.repetition_penalty = 2;
  ASSERT_EQ(generate({1, 2, 3}, 8), "");
  const std::vector<int64_t> penalized = expectedTokens({1, 2, 3}, 8, 0, 2);
  EXPECT_EQ(generated, penalized);
  EXPECT_NE(penalized, expectedTokens({1, 2, 3}, 8, 0));
}

TEST_F(GenerateTest, OutputBuffersAreReusedFromStepToStep) {
  ASSERT_EQ(generate({1, 2, 3}, 5), "");
  const uint64_t before = tfm_system_allocations();
  ASSERT_EQ(generate({1, 2, 3}, 5), "");
  EXPECT_EQ(tfm_system_allocations(), before);
}

TEST_F(GenerateTest, StatsAndIdsMayBeNull) {
  const int64_t prompt[] = {1};
  EXPECT_EQ(tfm_context_generate(ctx, prompt, 1, 3, nullptr, nullptr, nullptr, nullptr, nullptr),
            nullptr);
  EXPECT_EQ(calls.size(), 3u);
}

TEST_F(GenerateTest, BadArgumentsAreErrorsBeforeAnyRun) {
  const std::vector<std::pair<std::function<void(tfm_generate_options &)>, std::string>> cases = {
      {[](tfm_generate_options &o) { o.temperature = -1; },
       "temperature must be a finite number >= 0 (0: greedy), got -1"},
      {[](tfm_generate_options &o) { o.top_k = -2; }, "top_k must be >= 0 (0: no limit), got -2"},
      {[](tfm_generate_options &o) { o.top_p = 0; },
       "top_p must be in (0, 1] (1: no limit), got 0"},
      {[](tfm_generate_options &o) { o.top_p = 1.01; },
       "top_p must be in (0, 1] (1: no limit), got 1.01"},
      {[](tfm_generate_options &o) { o.repetition_penalty = 0; },
       "repetition_penalty must be a finite number > 0 (1: none), got 0"},
      {[](tfm_generate_options &o) { o.num_eos_ids = 2; }, "invalid EOS ids: 2 ids at NULL"},
      {[](tfm_generate_options &o) { o.num_eos_ids = -1; }, "invalid EOS ids: -1 ids"},
  };
  for (const auto &[change, message] : cases) {
    tfm_generate_options_init(&options);
    change(options);
    EXPECT_EQ(generate({1}, 2), message);
  }
  tfm_generate_options_init(&options);
  EXPECT_EQ(generate({}, 2), "the prompt is empty: generation needs at least one token");
  EXPECT_EQ(generate({1}, 0), "max_new_tokens must be at least 1, got 0");
  EXPECT_EQ(generate({1}, -3), "max_new_tokens must be at least 1, got -3");
  EXPECT_TRUE(calls.empty());
  tfm_status status =
      tfm_context_generate(ctx, nullptr, 2, 2, nullptr, nullptr, nullptr, nullptr, nullptr);
  EXPECT_STREQ(tfm_status_message(status), "prompt_ids is NULL");
  tfm_status_free(status);
  const int64_t prompt[] = {1};
  status = tfm_context_generate(nullptr, prompt, 1, 2, nullptr, nullptr, nullptr, nullptr, nullptr);
  EXPECT_STREQ(tfm_status_message(status), "tfm_context_generate: 'ctx' is NULL");
  tfm_status_free(status);
  EXPECT_TRUE(calls.empty());
}

TEST_F(GenerateTest, PromptIdsAreCheckedAsByARun) {
  EXPECT_EQ(generate({1, 8}, 2),
            "prefill (2 tokens at position 0): input 'input_ids': input_ids[0, 1] = 8 is out of "
            "the vocabulary [0, 8)");
  EXPECT_TRUE(calls.empty());
  EXPECT_EQ(stats.generated_tokens, 0);
}

TEST_F(GenerateTest, MissingWeightsAreAnError) {
  tfm_context *fresh = nullptr;
  ASSERT_EQ(tfm_context_create(model, &fresh), nullptr);
  const int64_t prompt[] = {1};
  tfm_status status =
      tfm_context_generate(fresh, prompt, 1, 2, nullptr, nullptr, nullptr, nullptr, nullptr);
  EXPECT_STREQ(tfm_status_message(status),
               "model 'generative': weights not bound: w (use tfm_context_bind_weights_file or "
               "tfm_context_bind_weight)");
  tfm_status_free(status);
  tfm_context_destroy(fresh);
  EXPECT_TRUE(calls.empty());
}

TEST_F(GenerateTest, AFailedRunNamesItsStepAndKeepsWhatWasGenerated) {
  failAtPosition = 4;
  Collected collected;
  EXPECT_EQ(generate({1, 2, 3}, 5, collect, &collected),
            "decode step 2 (position 4): a runtime kernel failed: the fake model failed with code 3");
  EXPECT_EQ(stats.generated_tokens, 2);
  EXPECT_EQ(generated, expectedTokens({1, 2, 3}, 2, 0));
  // The context stays usable.
  failAtPosition = -1;
  EXPECT_EQ(generate({1, 2, 3}, 5), "");
}

TEST_F(GenerateTest, TheCppWrapperGeneratesAndRethrows) {
  tfm::Model wrapped = tfm::Model::fromLinked(&kModel);
  tfm::Context context(wrapped);
  context.bindWeight("w", &w, {1});
  EXPECT_EQ(context.generate({1, 2, 3}, 5), expectedTokens({1, 2, 3}, 5, 0));
  std::vector<int64_t> seen;
  tfm_generate_stats wrappedStats{};
  EXPECT_EQ(context.generate({1, 2, 3}, 5, nullptr,
                             [&](int64_t token) {
                               seen.push_back(token);
                               return seen.size() == 2;
                             },
                             &wrappedStats),
            expectedTokens({1, 2, 3}, 2, 0));
  EXPECT_EQ(seen, expectedTokens({1, 2, 3}, 2, 0));
  EXPECT_EQ(wrappedStats.stop_reason, TFM_STOP_CALLBACK);
  calls.clear();
  EXPECT_THROW(context.generate({1}, 5, nullptr,
                                [](int64_t) -> bool { throw std::runtime_error("stop"); }),
               std::runtime_error);
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_THROW(context.generate({}, 5), tfm::Error);
}

TEST(GenerateInterfaceTest, AModelWithoutTheKvCacheInterfaceIsRefused) {
  const tfm_io_info ids = kInputs[0], position = kInputs[1], cache = kInputs[2];
  const tfm_io_info logits = kOutputs[0];
  tfm_io_info notInPlace = cache, badRank = cache, batchTwo = cache, noLimit = position,
              idsRank = ids, logitsRank = logits;
  notInPlace.updated_in_place = 0;
  badRank.rank = 4;
  batchTwo.shape[2] = 2;
  noLimit.max_sequence = 0;
  // Rank 3, so that the position's offsets_input still names an input with
  // a dimension 1.
  idsRank.rank = 3;
  idsRank.shape[2] = -1;
  logitsRank.rank = 2;
  const tfm_io_info mask = input("attention_mask", TFM_I64, 2, {-1, -1}, 0, 0, 0, -1);
  const std::string hint =
      " (a generative model is compiled with a KV cache: tfm-import --kv-cache)";
  const std::vector<std::tuple<std::vector<tfm_io_info>, std::vector<tfm_io_info>, std::string>>
      cases = {
          {{ids, mask}, {logits},
           "it has no input 'position'; its inputs are: input_ids, attention_mask" + hint},
          {{ids, position}, {logits},
           "it has no input 'kv_cache'; its inputs are: input_ids, position" + hint},
          {{ids, position, cache}, {},
           "it has no output 'logits'; its outputs are: (none)" + hint},
          {{ids, position, notInPlace}, {logits},
           "its input 'kv_cache' is not updated in place" + hint},
          {{ids, position, badRank}, {logits},
           "input 'kv_cache' is float32 (2, 2, ?, ?), expected float32 [layers, 2, batch, "
           "rows, hidden] with static layers and hidden" + hint},
          {{ids, position, batchTwo}, {logits},
           "its input 'kv_cache' has a static batch of 2; generation runs batch 1"},
          {{ids, noLimit, cache}, {logits},
           "input 'position' is int64 (), expected an int64 scalar (rank 0) with the model's "
           "positions as its max_sequence" + hint},
          {{idsRank, position, cache}, {logits},
           "input 'input_ids' is int64 (?, ?, ?), expected int64 [batch, tokens]" + hint},
          {{ids, position, cache}, {logitsRank},
           "output 'logits' is float32 (?, ?), expected float32 [batch, tokens, vocabulary]" +
               hint},
          {{ids, position, cache, mask}, {logits},
           "its input 'attention_mask' is required, and generation feeds only input_ids, "
           "position and kv_cache"},
      };
  for (const auto &[inputs, outputs, message] : cases) {
    BrokenModel broken(inputs, outputs);
    tfm_model_handle *handle = nullptr;
    ASSERT_EQ(tfm_model_from_linked(&broken.model, &handle), nullptr) << message;
    tfm_context *ctx = nullptr;
    ASSERT_EQ(tfm_context_create(handle, &ctx), nullptr);
    const int64_t prompt[] = {1};
    tfm_status status =
        tfm_context_generate(ctx, prompt, 1, 2, nullptr, nullptr, nullptr, nullptr, nullptr);
    EXPECT_EQ(std::string(tfm_status_message(status)),
              "model 'generative' cannot generate: " + message);
    tfm_status_free(status);
    status = tfm_model_check_generation(handle, 1, 2);
    EXPECT_EQ(std::string(tfm_status_message(status)),
              "model 'generative' cannot generate: " + message);
    tfm_status_free(status);
    tfm_context_destroy(ctx);
    tfm_model_close(handle);
  }
}

/// The fake with an optional attention mask after its other inputs, which
/// must be all ones (its default).
int maskedRun(tfmrt_run_context *context, const tfm_tensor *inputs, const float *const *params,
              tfm_tensor *outputs) {
  const tfm_tensor &mask = inputs[3];
  if (mask.rank != 2 || mask.shape[1] != inputs[0].shape[1])
    return 5;
  for (int64_t i = 0; i < mask.shape[1]; ++i)
    if (static_cast<const int64_t *>(mask.data)[i] != 1)
      return 6;
  return generativeRun(context, inputs, params, outputs);
}
const tfm_io_info kMaskedInputs[] = {
    kInputs[0], kInputs[1], kInputs[2],
    input("attention_mask", TFM_I64, 2, {-1, -1}, 0, 0, 0, -1, "ones")};
const tfm_model kMaskedModel = {TFM_ABI_VERSION, "generative", 4, kMaskedInputs, 1, kOutputs, 1,
                                kParams, fakeEntry<&kMaskedModel, maskedRun>, nullptr, nullptr,
                                0, nullptr, TFM_PRECISION_F32};

TEST(GenerateInterfaceTest, OptionalInputsAreLeftToTheirDefaults) {
  calls.clear();
  failAtPosition = -1;
  tfm_model_handle *handle = nullptr;
  ASSERT_EQ(tfm_model_from_linked(&kMaskedModel, &handle), nullptr);
  tfm_context *ctx = nullptr;
  ASSERT_EQ(tfm_context_create(handle, &ctx), nullptr);
  const float w = 0;
  const int64_t shape[] = {1};
  ASSERT_EQ(tfm_context_bind_weight(ctx, "w", &w, shape, 1), nullptr);
  const int64_t prompt[] = {3, 1};
  int64_t generated[3];
  tfm_status status =
      tfm_context_generate(ctx, prompt, 2, 3, nullptr, nullptr, nullptr, generated, nullptr);
  EXPECT_STREQ(tfm_status_message(status), "");
  tfm_status_free(status);
  EXPECT_EQ(std::vector<int64_t>(generated, generated + 3), expectedTokens({3, 1}, 3, 0));
  tfm_context_destroy(ctx);
  tfm_model_close(handle);
}

} // namespace
