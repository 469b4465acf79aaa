//===- OptionsTest.cpp - tfm run's command line and cache directory -------===//

#include "tfm/Run/CompileCache.h"
#include "tfm/Run/RunCommand.h"

#include <gtest/gtest.h>

using namespace tfm::run;

namespace {

TEST(RunOptions, ParsesEveryFlag) {
  RunOptions options;
  std::string error;
  ASSERT_TRUE(parseRunOptions({"model", "--input", "input_ids=a.npy", "--input=b=c=d.npy",
                               "--top-k=3", "--json", "--output-dir", "out", "--threads", "2",
                               "--backend", "llvm", "--cache-dir=cache", "--verbose",
                               "--target-cpu", "x86-64-v3"},
                              options, error))
      << error;
  EXPECT_EQ(options.modelDir, "model");
  ASSERT_EQ(options.inputs.size(), 2u);
  EXPECT_EQ(options.inputs[0].name, "input_ids");
  EXPECT_EQ(options.inputs[0].path, "a.npy");
  // The name ends at the first '=': file names may hold more.
  EXPECT_EQ(options.inputs[1].name, "b");
  EXPECT_EQ(options.inputs[1].path, "c=d.npy");
  EXPECT_EQ(options.topK, 3);
  EXPECT_TRUE(options.json);
  EXPECT_EQ(options.outputDir, "out");
  EXPECT_EQ(options.threads, 2);
  EXPECT_EQ(options.backend, "llvm");
  EXPECT_EQ(options.cacheDir, "cache");
  EXPECT_TRUE(options.verbose);
  EXPECT_EQ(options.targetCpu, "x86-64-v3");
}

TEST(RunOptions, TextsAndImages) {
  RunOptions options;
  std::string error;
  ASSERT_TRUE(parseRunOptions({"m", "--text", "a", "--text", "", "--text-file", "f"}, options,
                              error))
      << error;
  EXPECT_EQ(options.texts, (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(options.textFile, "f");
  ASSERT_TRUE(parseRunOptions({"m", "--image", "a.png", "--image=b.jpg"}, options, error));
  EXPECT_EQ(options.images, (std::vector<std::string>{"a.png", "b.jpg"}));
  ASSERT_TRUE(parseRunOptions({"m", "--prompt", ""}, options, error));
  EXPECT_TRUE(options.hasPrompt);
}

TEST(RunOptions, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    const char *error;
  };
  const Case cases[] = {
      {{}, "no MODEL_DIR given"},
      {{"m", "--top-k", "1000001"}, "--top-k takes a whole number from 1 to 1000000"},
      {{"m", "--top-k", " 3"}, "--top-k takes a whole number"},
      {{"m", "--threads", "-1"}, "--threads takes a whole number"},
      {{"m", "--verbose=1"}, "--verbose takes no value"},
      {{"m", "--input", "x"}, "--input takes NAME=FILE.npy, got 'x'"},
      {{"m", "--input", "x="}, "--input takes NAME=FILE.npy, got 'x='"},
      {{"m", "--image", "a", "--input", "x=y"}, "give the model's inputs one way"},
      {{"m", "--text-file", "a", "--text-file", "b"}, "--text-file given more than once"},
      {{"m", "--precision", "bf16", "--backend", "llvm"}, "precision bf16 needs the dnnl"},
      {{"m", "--cache-dir"}, "--cache-dir needs a value"},
  };
  for (const Case &c : cases) {
    RunOptions options;
    std::string error;
    EXPECT_FALSE(parseRunOptions(c.args, options, error)) << c.error;
    EXPECT_NE(error.find(c.error), std::string::npos) << error;
  }
}

TEST(RunOptions, GenerationFlags) {
  RunOptions options;
  std::string error;
  ASSERT_TRUE(parseRunOptions({"m", "--prompt", "Hi", "--top-k", "0", "--max-new-tokens", "20",
                               "--temperature=0.7", "--top-p", "0.9", "--repetition-penalty",
                               "1.3e0", "--seed", "5", "--stop", "\n\n", "--stop=END"},
                              options, error))
      << error;
  EXPECT_EQ(options.maxNewTokens, 20);
  EXPECT_EQ(options.temperature, 0.7);
  // With --max-new-tokens, --top-k is the sampler's (0: all tokens); the
  // number of answers keeps its default.
  EXPECT_EQ(options.samplingTopK, 0);
  EXPECT_EQ(options.topK, 5);
  EXPECT_EQ(options.topP, 0.9);
  EXPECT_EQ(options.repetitionPenalty, 1.3);
  EXPECT_EQ(options.seed, 5);
  EXPECT_EQ(options.stops, (std::vector<std::string>{"\n\n", "END"}));
  ASSERT_TRUE(parseRunOptions({"m", "--prompt", "Hi", "--max-new-tokens", "3", "--top-k", "40"},
                              options, error));
  EXPECT_EQ(options.samplingTopK, 40);
  // The defaults: greedy.
  ASSERT_TRUE(parseRunOptions({"m", "--prompt", "Hi", "--max-new-tokens", "3"}, options, error));
  EXPECT_EQ(options.temperature, 0);
  EXPECT_EQ(options.samplingTopK, 0);
  EXPECT_EQ(options.topP, 1);
  EXPECT_EQ(options.repetitionPenalty, 1);
  EXPECT_TRUE(options.stops.empty());
  // Without it, --prompt asks for the next-token answer.
  ASSERT_TRUE(parseRunOptions({"m", "--prompt", "Hi", "--top-k", "3"}, options, error));
  EXPECT_EQ(options.maxNewTokens, 0);
  EXPECT_EQ(options.topK, 3);
}

TEST(RunOptions, GenerationUsageErrors) {
  struct Case {
    std::vector<std::string> args;
    const char *error;
  };
  const Case cases[] = {
      {{"m", "--prompt", "a", "--max-new-tokens", "0"}, "--max-new-tokens takes a whole number"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--temperature", "-1"},
       "--temperature takes a number >= 0 (0: greedy), got '-1'"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--temperature", "1e400"},
       "--temperature takes a number >= 0"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--temperature", "infinity"},
       "--temperature takes a number >= 0"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--temperature", "1 "},
       "--temperature takes a number >= 0"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--top-p", "1.0001"},
       "--top-p takes a number in (0, 1], got '1.0001'"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--repetition-penalty", "0"},
       "--repetition-penalty takes a number > 0 (1: none), got '0'"},
      {{"m", "--prompt", "a", "--max-new-tokens", "2", "--top-k", "-3"},
       "--top-k takes a whole number from 0 (all tokens) to 1000000 when generating, got '-3'"},
      {{"m", "--prompt", "a", "--top-k", "0"}, "--top-k takes a whole number from 1 to 1000000"},
      {{"m", "--prompt", "a", "--top-p", "0.5"},
       "--top-p is a generation option: give --max-new-tokens N too"},
      {{"m", "--max-new-tokens", "2"}, "give --prompt TEXT"},
      {{"m", "--max-new-tokens", "2", "--prompt", "a", "--image", "x.png"},
       "--max-new-tokens generates text after --prompt (or --input input_ids=FILE) alone"},
      {{"m", "--max-new-tokens", "2", "--prompt", "a", "--input", "input_ids=x.npy"},
       "takes the prompt as --prompt TEXT or as one --input input_ids=IDS.npy"},
      {{"m", "--max-new-tokens", "2", "--warmup=yes", "--prompt", "a"},
       "--warmup takes no value"},
      {{"m", "--max-new-tokens", "2", "--prompt", "a", "--output-dir", "o"},
       "it takes no --output-dir"},
  };
  for (const Case &c : cases) {
    RunOptions options;
    std::string error;
    EXPECT_FALSE(parseRunOptions(c.args, options, error)) << c.error;
    EXPECT_NE(error.find(c.error), std::string::npos) << error;
  }
}

TEST(RunOptions, GenerationPromptIds) {
  RunOptions options;
  std::string error;
  EXPECT_TRUE(parseRunOptions({"m", "--max-new-tokens", "2", "--input", "input_ids=x.npy",
                               "--warmup"},
                              options, error))
      << error;
  EXPECT_TRUE(options.warmup);
  ASSERT_EQ(options.inputs.size(), 1u);
  EXPECT_EQ(options.inputs.front().name, "input_ids");
}

TEST(RunOptions, Help) {
  RunOptions options;
  std::string error;
  // --help wins over anything after it, even errors.
  ASSERT_TRUE(parseRunOptions({"--help", "--frobnicate"}, options, error));
  EXPECT_TRUE(options.help);
}

TEST(CacheDirectory, XdgThenHome) {
  std::string dir, error;
  ASSERT_TRUE(defaultCacheDirectory("/x", "/home/u", dir, error));
  EXPECT_EQ(dir, "/x/tfm");
  ASSERT_TRUE(defaultCacheDirectory(nullptr, "/home/u", dir, error));
  EXPECT_EQ(dir, "/home/u/.cache/tfm");
  // Relative and empty XDG_CACHE_HOME are ignored, as the XDG spec says.
  ASSERT_TRUE(defaultCacheDirectory("rel", "/home/u", dir, error));
  EXPECT_EQ(dir, "/home/u/.cache/tfm");
  ASSERT_TRUE(defaultCacheDirectory("", "/home/u", dir, error));
  EXPECT_EQ(dir, "/home/u/.cache/tfm");
  EXPECT_FALSE(defaultCacheDirectory(nullptr, "", dir, error));
  EXPECT_NE(error.find("no cache directory"), std::string::npos) << error;
}

TEST(CacheKey, CompilerIdentityIsStable) {
  std::string error;
  std::string first = compilerIdentity(error);
  ASSERT_FALSE(first.empty()) << error;
  // The version, then the executable's SHA-256.
  EXPECT_EQ(first.size(), first.find(' ') + 1 + 64) << first;
  EXPECT_EQ(compilerIdentity(error), first);
}

} // namespace
