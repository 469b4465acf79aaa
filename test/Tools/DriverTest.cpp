//===- DriverTest.cpp - Tests for tfmrt_main ------------------------------===//
//
// Drives tfmrt_main end to end with a hand-written fake model: fixtures are
// written to a temp dir, argv is built as a user would type it, and the exit
// code, the written .npy outputs and the messages are checked.
//
//===----------------------------------------------------------------------===//

#include "tfm/Runtime/ModelAbi.h"
#include "tfm/Tools/Npy.h"

#include <gtest/gtest.h>

#include "FakeModel.h"
#include "TestFiles.h"

#include "../../lib/Runtime/CpuCheck.h"
#include "../../lib/Tools/CommandLine.h"

#include "tfm/Runtime/X86Features.h"
#include "tfm/tfm.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include <omp.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace tfm::rt;
using namespace tfm::tools;

namespace {

using namespace tfm::rt::test_files;
using tfm::rt::test_fakes::fakeEntry;

/// Sets (or, with null, unsets) an environment variable while alive.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name_(name) {
    if (const char *old = std::getenv(name))
      previous_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (previous_)
      ::setenv(name_.c_str(), previous_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv &) = delete;
  ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
  std::string name_;
  std::optional<std::string> previous_;
};

//===----------------------------------------------------------------------===//
// The fake model: y[b, t] = w[ids[b, t] % 3] * mask[b, t]
//===----------------------------------------------------------------------===//

/// Calls of the fake run functions, to count warm-up and benchmark runs.
int runCalls = 0;
/// The OpenMP thread count the last run of fakeRun was given.
int lastRunThreads = 0;

int fakeRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *params,
            tfm_tensor *outputs) {
  ++runCalls;
  lastRunThreads = omp_get_max_threads();
  const tfm_tensor &ids = inputs[0];
  const tfm_tensor &mask = inputs[1];
  if (ids.dtype != TFM_I64 || mask.dtype != TFM_I64 || ids.rank != 2 ||
      mask.shape[0] != ids.shape[0] || mask.shape[1] != ids.shape[1])
    return 7; // The driver promised validated inputs.
  int64_t count = ids.shape[0] * ids.shape[1];
  auto *y = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, count * sizeof(float)));
  if (!y)
    return 1;
  const auto *idData = static_cast<const int64_t *>(ids.data);
  const auto *maskData = static_cast<const int64_t *>(mask.data);
  for (int64_t i = 0; i < count; ++i)
    y[i] = params[0][idData[i] % 3] * static_cast<float>(maskData[i]);
  outputs[0].data = y;
  outputs[0].dtype = TFM_F32;
  outputs[0].rank = 2;
  outputs[0].shape[0] = ids.shape[0];
  outputs[0].shape[1] = ids.shape[1];
  return 0;
}

int failingRun(tfmrt_run_context *, const tfm_tensor *, const float *const *, tfm_tensor *) {
  ++runCalls;
  return 3;
}

/// y = x * w[0], for float input checks.
int floatRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *params,
             tfm_tensor *outputs) {
  ++runCalls;
  const tfm_tensor &x = inputs[0];
  int64_t count = x.shape[0] * x.shape[1];
  auto *y = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, count * sizeof(float)));
  if (!y)
    return 1;
  for (int64_t i = 0; i < count; ++i)
    y[i] = static_cast<const float *>(x.data)[i] * params[0][0];
  outputs[0] = x;
  outputs[0].data = y;
  return 0;
}

/// fakeRun's y, and z: [B, T, 64] of ones, a larger second output.
int twoOutputRun(tfmrt_run_context *context, const tfm_tensor *inputs,
                 const float *const *params, tfm_tensor *outputs) {
  if (int code = fakeRun(context, inputs, params, outputs))
    return code;
  const int64_t count = outputs[0].shape[0] * outputs[0].shape[1] * 64;
  auto *z = static_cast<float *>(_mlir_memref_to_llvm_aligned_alloc(64, count * sizeof(float)));
  if (!z)
    return 1;
  std::fill(z, z + count, 1.0f);
  outputs[1] = tfm_tensor{z, TFM_F32, 3, {outputs[0].shape[0], outputs[0].shape[1], 64}};
  return 0;
}

const tfm_io_info kInputs[] = {
    {"input_ids", TFM_I64, 2, {-1, -1}, nullptr, 10, 8},
    {"attention_mask", TFM_I64, 2, {-1, -1}, "ones", 0, 0},
};
/// Like kInputs, but the sequence length is fixed at 4.
const tfm_io_info kStaticInputs[] = {
    {"input_ids", TFM_I64, 2, {-1, 4}, nullptr, 10, 8},
    {"attention_mask", TFM_I64, 2, {-1, 4}, "ones", 0, 0},
};
/// The mask has the ids' shape, as a compiled model's description would say.
const tfm_dim_equality kMaskLikeIds[] = {{1, 0, 0, 0, 0}, {1, 1, 0, 1, 0}};
/// kStaticInputs' batch.
const tfm_dim_equality kMaskBatchLikeIds[] = {{1, 0, 0, 0, 0}};
const tfm_io_info kOutputs[] = {
    {"y", TFM_F32, 2, {-1, -1}, nullptr, 0, 0},
};
const tfm_io_info kTwoOutputs[] = {
    {"y", TFM_F32, 2, {-1, -1}, nullptr, 0, 0},
    {"z", TFM_F32, 3, {-1, -1, 64}, nullptr, 0, 0},
};
/// The fake model's output with a static width it does not return.
const tfm_io_info kWrongOutputs[] = {
    {"y", TFM_F32, 2, {-1, 5}, nullptr, 0, 0},
};
/// The name a task model's checkpoint gives "w".
const char *const kWAliases[] = {"transformer.w", nullptr};
const tfm_param_info kParams[] = {{"w", 1, {3}, 0, 0, kWAliases}};

// No target CPU or CPU features: hand-written descriptions need none.
const tfm_model kModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 1, kOutputs,
                          1, kParams, fakeEntry<&kModel, fakeRun>, nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};
const tfm_model kStaticModel = {TFM_ABI_VERSION, "fake-static", 2, kStaticInputs, 1,
                                kOutputs, 1, kParams, fakeEntry<&kStaticModel, fakeRun>,
                                nullptr, nullptr, 1, kMaskBatchLikeIds, TFM_PRECISION_F32};
const tfm_model kFailingModel = {TFM_ABI_VERSION, "fake",   2, kInputs, 1,
                                 kOutputs, 1, kParams, fakeEntry<&kFailingModel, failingRun>,
                                 nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};
const tfm_model kTwoOutputModel = {TFM_ABI_VERSION, "fake-two", 2, kInputs, 2, kTwoOutputs,
                                   1, kParams, fakeEntry<&kTwoOutputModel, twoOutputRun>,
                                   nullptr, nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};
const tfm_model kWrongOutputModel = {TFM_ABI_VERSION, "fake", 2, kInputs, 1, kWrongOutputs, 1,
                                     kParams, fakeEntry<&kWrongOutputModel, fakeRun>, nullptr,
                                     nullptr, 2, kMaskLikeIds, TFM_PRECISION_F32};

const tfm_io_info kFloatInputs[] = {
    {"x", TFM_F32, 2, {-1, 2}, nullptr, 0, 0},
};
const tfm_io_info kFloatOutputs[] = {
    {"y", TFM_F32, 2, {-1, 2}, nullptr, 0, 0},
};
const tfm_model kFloatModel = {TFM_ABI_VERSION, "fake-float",  1, kFloatInputs, 1,
                               kFloatOutputs, 1, kParams, fakeEntry<&kFloatModel, floatRun>,
                               nullptr, nullptr, 0, nullptr, TFM_PRECISION_F32};

//===----------------------------------------------------------------------===//
// Fixture files
//===----------------------------------------------------------------------===//


const std::vector<float> kWeights = {0.5f, 1.5f, 2.5f};

class DriverTest : public ::testing::Test {
protected:
  void SetUp() override {
    runCalls = 0;
    writeFile(weights,
              buildSafeTensors({{"w", "F32", {3}, bytesOf(kWeights)}}));
    writeI64("ids.npy", {2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
    writeI64("mask.npy", {2, 4}, {1, 1, 0, 1, 1, 0, 1, 1});
  }

  std::string writeI64(const std::string &name,
                       const std::vector<int64_t> &shape,
                       const std::vector<int64_t> &values) {
    std::string path = dir.file(name);
    Status status = writeNpy(path, NpyDType::I64, shape, values.data());
    EXPECT_TRUE(status.ok()) << status.message();
    return path;
  }

  struct Result {
    int exitCode;
    std::string out;
    std::string err;
  };

  /// Runs tfmrt_main as "/opt/bin/fake-model ARGS...".
  Result run(std::vector<std::string> args, const tfm_model &model = kModel) {
    args.insert(args.begin(), "/opt/bin/fake-model");
    std::vector<char *> argv;
    for (std::string &arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    int exitCode =
        tfmrt_main(static_cast<int>(args.size()), argv.data(), &model);
    std::string err = testing::internal::GetCapturedStderr();
    std::string out = testing::internal::GetCapturedStdout();
    return {exitCode, out, err};
  }

  /// The usual command line plus `extra`.
  Result runWith(std::vector<std::string> extra,
                 const tfm_model &model = kModel) {
    std::vector<std::string> args = {"--weights", weights, "--output-dir",
                                     outDir};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, model);
  }

  /// Expects a data error (exit 1) whose message contains `expected`.
  void expectDataError(const Result &result, const std::string &expected) {
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_EQ(result.err.rfind("fake-model: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
    EXPECT_EQ(runCalls, 0) << "the model ran despite the error";
  }

  /// Expects a usage error (exit 2) containing `expected` and a help hint.
  void expectUsageError(const Result &result, const std::string &expected) {
    EXPECT_EQ(result.exitCode, 2) << result.err;
    EXPECT_EQ(result.err.rfind("fake-model: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--help"), std::string::npos) << result.err;
    EXPECT_EQ(runCalls, 0);
  }

  std::vector<float> readOutput(const std::string &name,
                                std::vector<int64_t> expectedShape) {
    NpyArray array;
    Status status = readNpy(outDir + "/" + name + ".npy", array);
    EXPECT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(array.dtype, NpyDType::F32);
    EXPECT_EQ(array.shape, expectedShape);
    const float *data = array.dataAs<float>();
    if (!data)
      return {};
    return std::vector<float>(data, data + array.numElements());
  }

  TempDir dir;
  std::string weights = dir.file("model.safetensors");
  std::string ids = dir.file("ids.npy");
  std::string mask = dir.file("mask.npy");
  std::string outDir = dir.file("out");
};

//===----------------------------------------------------------------------===//
// Successful runs
//===----------------------------------------------------------------------===//

TEST_F(DriverTest, RunsAndWritesOutputs) {
  Result result = runWith(
      {"--input", "input_ids=" + ids, "--input", "attention_mask=" + mask});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(runCalls, 1);
  // ids % 3 = 1 2 0 1 / 2 0 1 2, masked.
  std::vector<float> expected = {1.5f, 2.5f, 0.0f, 1.5f,
                                 2.5f, 0.0f, 1.5f, 2.5f};
  EXPECT_EQ(readOutput("y", {2, 4}), expected);
  EXPECT_NE(result.out.find("y: float32 (2, 4) [1.5, 2.5, 0, 1.5, 2.5, 0, "
                            "...]"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("latency: "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(" ms\n"), std::string::npos) << result.out;
}

TEST_F(DriverTest, InlineFlagValues) {
  Result result = run({"--weights=" + weights, "--output-dir=" + outDir,
                       "--input=input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(readOutput("y", {2, 4}).size(), 8u);
}

TEST_F(DriverTest, DefaultAttentionMaskIsOnes) {
  Result result = runWith({"--input", "input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::vector<float> expected = {1.5f, 2.5f, 0.5f, 1.5f,
                                 2.5f, 0.5f, 1.5f, 2.5f};
  EXPECT_EQ(readOutput("y", {2, 4}), expected);
}

TEST_F(DriverTest, AcceptsInt32Ids) {
  std::vector<int32_t> values = {4, 5, 6};
  std::string path = dir.file("ids32.npy");
  ASSERT_TRUE(writeNpy(path, NpyDType::I32, {1, 3}, values.data()).ok());
  Result result = runWith({"--input", "input_ids=" + path});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::vector<float> expected = {1.5f, 2.5f, 0.5f};
  EXPECT_EQ(readOutput("y", {1, 3}), expected);
}

TEST_F(DriverTest, ConvertsBF16Weights) {
  // bfloat16 is the top half of a float32; these values are exact.
  std::vector<uint16_t> bits;
  for (float value : kWeights) {
    uint32_t word;
    std::memcpy(&word, &value, 4);
    bits.push_back(static_cast<uint16_t>(word >> 16));
  }
  writeFile(weights, buildSafeTensors({{"w", "BF16", {3}, bytesOf(bits)}}));
  Result result = runWith({"--input", "input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(readOutput("y", {2, 4})[0], 1.5f);
}

TEST_F(DriverTest, FindsParamsUnderTaskHeadPrefix) {
  writeFile(weights, buildSafeTensors(
                         {{"transformer.w", "F32", {3}, bytesOf(kWeights)}}));
  Result result = runWith({"--input", "input_ids=" + ids});
  EXPECT_EQ(result.exitCode, 0) << result.err;
}

TEST_F(DriverTest, WeightUnderItsNameAndAnAliasIsAmbiguous) {
  writeFile(weights, buildSafeTensors({{"w", "F32", {3}, bytesOf(kWeights)},
                                       {"transformer.w", "F32", {3}, bytesOf(kWeights)}}));
  expectDataError(runWith({"--input", "input_ids=" + ids}),
                  weights + ": ambiguous checkpoint: tensors 'w' and 'transformer.w' are both "
                            "names of weight 'w'; the file must hold only one of them");
  EXPECT_FALSE(std::filesystem::exists(outDir + "/y.npy"));
}

TEST_F(DriverTest, TriesOnlyTheDescribedAliases) {
  // A weight without aliases is looked up by its name alone.
  writeFile(weights, buildSafeTensors(
                         {{"transformer.w", "F32", {3}, bytesOf(kWeights)}}));
  const tfm_param_info noAliases[] = {{"w", 1, {3}, 0, 0, nullptr}};
  tfm_model model = kModel;
  model.params = noAliases;
  expectDataError(runWith({"--input", "input_ids=" + ids}, model),
                  weights + ": no tensor named 'w'; the file has 1 tensor: "
                            "'transformer.w'");
  // With aliases, each is tried in order and listed when none is there.
  const char *const otherAliases[] = {"bert.w", "vit.w", nullptr};
  const tfm_param_info withAliases[] = {{"w", 1, {3}, 0, 0, otherAliases}};
  model.params = withAliases;
  expectDataError(runWith({"--input", "input_ids=" + ids}, model),
                  weights + ": no tensor named 'w' (also tried 'bert.w', "
                            "'vit.w'); the file has 1 tensor: 'transformer.w'");
}

TEST_F(DriverTest, CreatesNestedOutputDir) {
  outDir = dir.file("a/b/c");
  Result result = runWith({"--input", "input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(readOutput("y", {2, 4}).size(), 8u);
}

TEST_F(DriverTest, OutputDirBlockedByFile) {
  writeFile(dir.file("file"), "x");
  outDir = dir.file("file/sub");
  expectDataError(runWith({"--input", "input_ids=" + ids}),
                  "cannot create output directory '" + outDir + "'");
}

TEST_F(DriverTest, BenchPrintsOneJsonLine) {
  Result result = runWith(
      {"--input", "input_ids=" + ids, "--bench", "5", "--threads", "2"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(runCalls, 6) << "one warm-up run plus 5 timed runs";
  std::smatch match;
  std::regex json(
      R"(\{"runs": 5, "median_ms": ([0-9.]+), "min_ms": ([0-9.]+), )"
      R"("mean_ms": ([0-9.]+), "threads": 2, "system_allocations": ([0-9]+), )"
      R"("weights_packed_at_load": 0, "weights_packed_at_first_run": 0, )"
      R"("weights_packed_at_later_runs": 0, "precision": "f32", "kernels": \{\}\}\n)");
  ASSERT_TRUE(std::regex_match(result.out, match, json)) << result.out;
  double median = std::stod(match[1]), min = std::stod(match[2]),
         mean = std::stod(match[3]);
  EXPECT_LE(min, median);
  EXPECT_LE(min, mean);
  EXPECT_EQ(match[4], "0") << "timed runs reached the system allocator";
  EXPECT_EQ(readOutput("y", {2, 4}).size(), 8u);
}

TEST_F(DriverTest, RecordsThreadCount) {
  ScopedEnv omp("OMP_NUM_THREADS", nullptr);
  Result result = runWith({"--input", "input_ids=" + ids, "--threads", "3"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(lastRunThreads, 3);
  // Without --threads, the next run does not inherit 3: it uses the CPUs it
  // may run on.
  result = runWith({"--input", "input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(lastRunThreads, affinityCpuCount());
}

TEST_F(DriverTest, ThreadCountAtTheMachinesLimitRuns) {
  const int limit = tfm_max_threads();
  ASSERT_GE(limit, 64);
  Result result =
      runWith({"--input", "input_ids=" + ids, "--threads", std::to_string(limit)});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(lastRunThreads, limit);
}

TEST_F(DriverTest, ThreadCountPastTheMachinesLimitIsAUsageError) {
  const std::string limit = std::to_string(tfm_max_threads());
  for (std::string tooMany :
       {std::to_string(tfm_max_threads() + 1), std::string("100000"), std::string("2147483647")}) {
    SCOPED_TRACE(tooMany);
    runCalls = 0;
    expectUsageError(runWith({"--input", "input_ids=" + ids, "--threads", tooMany}),
                     "--threads " + tooMany + " exceeds this machine's limit of " + limit +
                         " threads (4 per online CPU, at least 64)");
    EXPECT_EQ(runCalls, 0);
  }
}

TEST_F(DriverTest, Help) {
  for (const char *flag : {"--help", "-h"}) {
    Result result = run({flag});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out.rfind("Usage: fake-model --weights", 0), 0u)
        << result.out;
    EXPECT_NE(result.out.find("attention_mask"), std::string::npos);
    EXPECT_NE(result.out.find("defaults to ones"), std::string::npos);
  }
}

//===----------------------------------------------------------------------===//
// Usage errors (exit 2)
//===----------------------------------------------------------------------===//

TEST_F(DriverTest, UsageErrors) {
  std::string input = "input_ids=" + ids;
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  std::vector<Case> cases = {
      {{}, "missing required option --weights"},
      {{"--weights", weights, "--input", input},
       "missing required option --output-dir"},
      {{"--output-dir", outDir, "--input", input},
       "missing required option --weights"},
      {{"--frobnicate"}, "unknown option '--frobnicate'"},
      {{"-x"}, "unknown option '-x'"},
      {{"stray"}, "unexpected argument 'stray'"},
      {{"--weights"}, "option '--weights' requires a value"},
      {{"--weights", "--output-dir", outDir},
       "option '--weights' requires a value"},
      {{"--weights="}, "option '--weights' requires a value"},
      {{"--threads", "abc"}, "--threads expects a positive integer, got 'abc'"},
      {{"--threads", "0"}, "--threads expects a positive integer, got '0'"},
      {{"--threads", "2x"}, "--threads expects a positive integer"},
      {{"--threads", "99999999999"}, "--threads expects a positive integer"},
      {{"--bench", "-1"}, "--bench expects a number of runs"},
      {{"--bench", "0"}, "--bench expects a number of runs"},
      {{"--input", "input_ids"}, "--input expects NAME=FILE.npy"},
      {{"--input", "=x.npy"}, "--input expects NAME=FILE.npy"},
      {{"--input", "input_ids="}, "--input expects NAME=FILE.npy"},
      {{"--weights", weights, "--weights", weights},
       "option '--weights' given more than once"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.args));
    expectUsageError(run(c.args), c.expected);
  }
}

TEST_F(DriverTest, UnknownInputNameListsValidNames) {
  expectUsageError(runWith({"--input", "input_ids=" + ids, "--input",
                            "token_type_ids=" + ids}),
                   "unknown input 'token_type_ids'; the model's inputs are: "
                   "input_ids, attention_mask");
}

TEST_F(DriverTest, DuplicateInput) {
  expectUsageError(
      runWith({"--input", "input_ids=" + ids, "--input", "input_ids=" + ids}),
      "input 'input_ids' given more than once");
}

TEST_F(DriverTest, MissingRequiredInput) {
  expectUsageError(runWith({"--input", "attention_mask=" + mask}),
                   "missing required input 'input_ids'");
}

//===----------------------------------------------------------------------===//
// Input errors (exit 1)
//===----------------------------------------------------------------------===//

TEST_F(DriverTest, WrongRank) {
  std::string flat = writeI64("flat.npy", {4}, {1, 2, 3, 4});
  expectDataError(runWith({"--input", "input_ids=" + flat}),
                  "input 'input_ids' (" + flat +
                      "): expected rank 2 (shape (?, ?)), got shape (4,)");
}

TEST_F(DriverTest, StaticDimMismatch) {
  std::string three = writeI64("three.npy", {1, 3}, {1, 2, 3});
  expectDataError(runWith({"--input", "input_ids=" + three}, kStaticModel),
                  "expected shape (?, 4), got (1, 3) (dimension 1 must be 4)");
}

TEST_F(DriverTest, EmptyDimension) {
  std::string empty = writeI64("empty.npy", {1, 0}, {});
  expectDataError(runWith({"--input", "input_ids=" + empty}),
                  "every dimension must be at least 1");
}

TEST_F(DriverTest, MismatchedDimsAcrossInputs) {
  std::string shortMask = writeI64("short.npy", {2, 3}, {1, 1, 1, 1, 1, 1});
  expectDataError(runWith({"--input", "input_ids=" + ids, "--input",
                           "attention_mask=" + shortMask}),
                  "input 'attention_mask' (" + shortMask +
                      ") dim 1 is 3 but input 'input_ids' (" + ids +
                      ") dim 1 is 4; the model requires them equal");
}

TEST_F(DriverTest, IdOutOfRange) {
  std::string bad = writeI64("bad.npy", {2, 4}, {1, 2, 3, 4, 5, 6, 12, 8});
  expectDataError(runWith({"--input", "input_ids=" + bad}),
                  "input_ids[1, 2] = 12 is out of the vocabulary [0, 10)");
  std::string negative = writeI64("negative.npy", {1, 2}, {-1, 0});
  expectDataError(runWith({"--input", "input_ids=" + negative}),
                  "input_ids[0, 0] = -1 is out of the vocabulary [0, 10)");
}

TEST_F(DriverTest, SequenceTooLong) {
  std::string longIds =
      writeI64("long.npy", {1, 9}, std::vector<int64_t>(9, 1));
  expectDataError(runWith({"--input", "input_ids=" + longIds}),
                  "sequence length 9 exceeds the model's 8 positions");
}

TEST_F(DriverTest, BadAttentionMaskValue) {
  std::string badMask =
      writeI64("badmask.npy", {2, 4}, {1, 2, 1, 1, 1, 1, 1, 1});
  expectDataError(runWith({"--input", "input_ids=" + ids, "--input",
                           "attention_mask=" + badMask}),
                  "attention_mask[0, 1] = 2 must be 0 or 1");
}

TEST_F(DriverTest, RejectsFloatIds) {
  std::vector<double> values = {1, 2};
  std::string path = dir.file("f64.npy");
  ASSERT_TRUE(writeNpy(path, NpyDType::F64, {1, 2}, values.data()).ok());
  expectDataError(runWith({"--input", "input_ids=" + path}),
                  "expected int64 or int32 data, got float64");
}

TEST_F(DriverTest, FloatInputs) {
  std::vector<float> values = {1, 2, 3, 4};
  std::string f32 = dir.file("x32.npy");
  ASSERT_TRUE(writeNpy(f32, NpyDType::F32, {2, 2}, values.data()).ok());
  Result result = runWith({"--input", "x=" + f32}, kFloatModel);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(readOutput("y", {2, 2}),
            (std::vector<float>{0.5f, 1.0f, 1.5f, 2.0f}));

  runCalls = 0;
  std::vector<double> doubles = {1, 2, 3, 4};
  std::string f64 = dir.file("x64.npy");
  ASSERT_TRUE(writeNpy(f64, NpyDType::F64, {2, 2}, doubles.data()).ok());
  expectDataError(runWith({"--input", "x=" + f64}, kFloatModel),
                  "expected float32 data, got float64");
}

TEST_F(DriverTest, UnreadableInputs) {
  expectDataError(runWith({"--input", "input_ids=" + dir.file("none.npy")}),
                  "input 'input_ids': " + dir.file("none.npy") +
                      ": cannot open");
  std::string npy = readFile(ids);
  writeFile(dir.file("cut.npy"), npy.substr(0, npy.size() - 3));
  expectDataError(runWith({"--input", "input_ids=" + dir.file("cut.npy")}),
                  "truncated data");
  expectDataError(runWith({"--input", "input_ids=" + dir.file("")}),
                  "is a directory");
}

TEST_F(DriverTest, FifoInputDoesNotHang) {
  std::string fifo = dir.file("fifo.npy");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expectDataError(runWith({"--input", "input_ids=" + fifo}),
                  "not a regular file");
}

//===----------------------------------------------------------------------===//
// Weight errors (exit 1)
//===----------------------------------------------------------------------===//

TEST_F(DriverTest, MissingParam) {
  writeFile(weights, buildSafeTensors({{"v", "F32", {3}, bytesOf(kWeights)}}));
  expectDataError(runWith({"--input", "input_ids=" + ids}),
                  weights + ": no tensor named 'w'");
}

TEST_F(DriverTest, ParamWrongShape) {
  std::vector<float> four = {1, 2, 3, 4};
  writeFile(weights, buildSafeTensors({{"w", "F32", {4}, bytesOf(four)}}));
  expectDataError(runWith({"--input", "input_ids=" + ids}),
                  "tensor 'w' has shape [4], expected [3]");
}

TEST_F(DriverTest, ParamWrongDType) {
  std::vector<int64_t> values = {1, 2, 3};
  writeFile(weights, buildSafeTensors({{"w", "I64", {3}, bytesOf(values)}}));
  expectDataError(runWith({"--input", "input_ids=" + ids}),
                  "tensor 'w' has dtype I64, expected F32, F16 or BF16");
}

TEST_F(DriverTest, TruncatedWeights) {
  std::string file = readFile(weights);
  // Cut in the data, in the header and in the length prefix.
  for (size_t size : {file.size() - 4, size_t(20), size_t(5)}) {
    SCOPED_TRACE(size);
    writeFile(weights, file.substr(0, size));
    expectDataError(runWith({"--input", "input_ids=" + ids}), weights + ": ");
  }
  std::filesystem::remove(weights);
  expectDataError(runWith({"--input", "input_ids=" + ids}),
                  weights + ": cannot open");
}

//===----------------------------------------------------------------------===//
// Model failures (exit 1)
//===----------------------------------------------------------------------===//

TEST_F(DriverTest, RunFailure) {
  Result result = runWith({"--input", "input_ids=" + ids}, kFailingModel);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("fake-model: error: a runtime kernel failed: the fake "
                            "model failed with code 3"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(outDir + "/y.npy"));
}

/// The names in `dir`, sorted; empty if it does not exist.
std::vector<std::string> listDir(const std::string &dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto &entry : std::filesystem::directory_iterator(dir, error))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(DriverTest, FailedRunCreatesNoOutputDir) {
  outDir = dir.file("new/out");
  Result result = runWith({"--input", "input_ids=" + ids}, kFailingModel);
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("new")));
  // A successful run creates it.
  result = runWith({"--input", "input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(listDir(outDir), std::vector<std::string>{"y.npy"});
}

TEST_F(DriverTest, OutputsAreWrittenAllOrNothing) {
  ASSERT_TRUE(std::filesystem::create_directories(outDir + "/z.npy"));
  Result result = runWith({"--input", "input_ids=" + ids}, kTwoOutputModel);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("fake-model: error: cannot write output 'z': '" + outDir +
                            "/z.npy' is a directory"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(listDir(outDir), std::vector<std::string>{"z.npy"}) << "y.npy written alone";
  std::filesystem::remove(outDir + "/z.npy");

  // A write that fails after the first output was written: files of 1 KiB
  // at most, so z (2 KiB) fails with EFBIG (SIGXFSZ ignored for the test).
  struct rlimit previous;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous), 0);
  void (*previousHandler)(int) = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = previous;
  small.rlim_cur = 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  result = runWith({"--input", "input_ids=" + ids}, kTwoOutputModel);
  ::setrlimit(RLIMIT_FSIZE, &previous);
  std::signal(SIGXFSZ, previousHandler);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("write failed: File too large"), std::string::npos) << result.err;
  EXPECT_EQ(listDir(outDir), std::vector<std::string>{}) << "no output, no temporary file";

  result = runWith({"--input", "input_ids=" + ids}, kTwoOutputModel);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(listDir(outDir), (std::vector<std::string>{"y.npy", "z.npy"}));
  EXPECT_EQ(readOutput("z", {2, 4, 64}).size(), 512u);
}

TEST_F(DriverTest, SymlinkAtAnOutputIsReplacedNotFollowed) {
  std::string precious = dir.file("precious.npy");
  writeFile(precious, "precious");
  ASSERT_TRUE(std::filesystem::create_directories(outDir));
  std::filesystem::create_symlink(precious, outDir + "/y.npy");
  Result result = runWith({"--input", "input_ids=" + ids});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(readFile(precious), "precious");
  EXPECT_FALSE(std::filesystem::is_symlink(outDir + "/y.npy"));
  EXPECT_EQ(readOutput("y", {2, 4}).size(), 8u);
  EXPECT_EQ(listDir(outDir), std::vector<std::string>{"y.npy"});
}

TEST_F(DriverTest, OutputNotAsDeclared) {
  Result result = runWith({"--input", "input_ids=" + ids}, kWrongOutputModel);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("returned output 'y' of shape (2, 4) but declares (?, 5)"), std::string::npos)
      << result.err;
}

TEST_F(DriverTest, InvalidModelDescription) {
  tfm_model noEntry = kModel;
  noEntry.entry = nullptr;
  expectDataError(runWith({"--input", "input_ids=" + ids}, noEntry),
                  "invalid model description: no entry function");
  Result result = run({"--help"}, noEntry);
  EXPECT_EQ(result.exitCode, 1);
  testing::internal::CaptureStderr();
  EXPECT_EQ(tfmrt_main(0, nullptr, nullptr), 1);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "tfm-model: error: no model description\n");
}

} // namespace

// A model built against other headers is refused, not misread.
TEST_F(DriverTest, RejectsOtherAbiVersion) {
  tfm_model old = kModel;
  old.abi_version = TFM_ABI_VERSION - 1;
  expectDataError(runWith({"--input", "input_ids=" + ids}, old), "runtime ABI version");
}

// A transposed parameter is bound as the transpose of the stored tensor.
namespace {
std::vector<float> boundWeight;
int recordWeight(tfmrt_run_context *context, const tfm_tensor *in, const float *const *params,
                 tfm_tensor *out) {
  boundWeight.assign(params[0], params[0] + 6); // freed when tfmrt_main returns
  return fakeRun(context, in, params, out);
}
} // namespace

TEST_F(DriverTest, TransposesMarkedParametersAtLoad) {
  // Stored [2, 3] row-major; the model asks for its [3, 2] transpose.
  const std::vector<float> stored = {1, 2, 3, 4, 5, 6};
  writeFile(weights, buildSafeTensors({{"w", "F32", {2, 3}, bytesOf(stored)}}));
  const tfm_param_info transposedParam[] = {{"w", 2, {3, 2}, 1, 0, nullptr}};
  tfm_model model = kModel;
  model.params = transposedParam;
  model.entry = fakeEntry<&kModel, recordWeight>;
  Result result = runWith({"--input", "input_ids=" + ids}, model);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(boundWeight, (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

//===----------------------------------------------------------------------===//
// A KV cache: an input updated in place, a rank-0 position
//===----------------------------------------------------------------------===//

/// input_ids [B, T]; position, rank 0, offsetting input_ids' positions (8 at
/// most); kv_cache [2, 2, B, M, 2], updated in place: each run writes rows
/// [position, position + T) of both layers, keys ids * w[layer], values
/// -ids * w[layer]. y [B, T] = position + t.
int kvRun(tfmrt_run_context *, const tfm_tensor *inputs, const float *const *params,
          tfm_tensor *outputs) {
  ++runCalls;
  const tfm_tensor &ids = inputs[0], &position = inputs[1], &cache = inputs[2];
  if (ids.rank != 2 || position.rank != 0 || cache.rank != 5)
    return 7;
  const int64_t batch = ids.shape[0], tokens = ids.shape[1], rows = cache.shape[3];
  const int64_t start = *static_cast<const int64_t *>(position.data);
  const auto *idData = static_cast<const int64_t *>(ids.data);
  auto *cacheData = static_cast<float *>(cache.data);
  for (int64_t layer = 0; layer < 2; ++layer)
    for (int64_t kv = 0; kv < 2; ++kv)
      for (int64_t b = 0; b < batch; ++b)
        for (int64_t t = 0; t < tokens; ++t)
          for (int64_t e = 0; e < 2; ++e)
            cacheData[(((layer * 2 + kv) * batch + b) * rows + start + t) * 2 + e] =
                static_cast<float>(idData[b * tokens + t]) * params[0][layer] * (kv ? -1 : 1);
  auto *y = static_cast<float *>(
      _mlir_memref_to_llvm_aligned_alloc(64, batch * tokens * sizeof(float)));
  if (!y)
    return 1;
  for (int64_t i = 0; i < batch * tokens; ++i)
    y[i] = static_cast<float>(start + i % tokens);
  outputs[0] = tfm_tensor{y, TFM_F32, 2, {batch, tokens}};
  return 0;
}

const tfm_io_info kKvInputs[] = {
    {"input_ids", TFM_I64, 2, {-1, -1}, nullptr, 10, 8, 0, -1},
    {"position", TFM_I64, 0, {}, nullptr, 0, 8, 0, 0},
    {"kv_cache", TFM_F32, 5, {2, 2, -1, -1, 2}, nullptr, 0, 0, 1, -1},
};
/// The cache's batch is the ids'.
const tfm_dim_equality kKvEqualities[] = {{2, 2, 0, 0, 0}};
const tfm_model kKvModel = {TFM_ABI_VERSION, "fake-kv", 3, kKvInputs, 1, kOutputs,
                            1, kParams, fakeEntry<&kKvModel, kvRun>, nullptr, nullptr,
                            1, kKvEqualities, TFM_PRECISION_F32};

class KvCacheDriverTest : public DriverTest {
protected:
  void SetUp() override {
    DriverTest::SetUp();
    writeI64("prompt.npy", {1, 3}, {1, 2, 3});
    writeI64("position.npy", {}, {4});
    // Rows 0-3 hold an earlier state, 4-7 are free.
    for (size_t i = 0; i < cacheValues.size(); ++i)
      cacheValues[i] = static_cast<float>(i % 16 < 8 ? 100 + i : 0);
    Status status = writeNpy(cache, NpyDType::F32, {2, 2, 1, 8, 2}, cacheValues.data());
    EXPECT_TRUE(status.ok()) << status.message();
  }
  Result runKv(const std::string &positionFile) {
    return runWith({"--input", "input_ids=" + dir.file("prompt.npy"), "--input",
                    "position=" + positionFile, "--input", "kv_cache=" + cache},
                   kKvModel);
  }

  std::string cache = dir.file("cache.npy");
  std::vector<float> cacheValues = std::vector<float>(2 * 2 * 8 * 2);
};

// The updated cache is written with the outputs as OUT/kv_cache.npy; the
// input file stays as it was.
TEST_F(KvCacheDriverTest, TheUpdatedInputIsWrittenWithTheOutputs) {
  Result result = runKv(dir.file("position.npy"));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(listDir(outDir), (std::vector<std::string>{"kv_cache.npy", "y.npy"}));
  EXPECT_EQ(readOutput("y", {1, 3}), (std::vector<float>{4, 5, 6}));
  std::vector<float> expected = cacheValues;
  for (int64_t layer = 0; layer < 2; ++layer)
    for (int64_t kv = 0; kv < 2; ++kv)
      for (int64_t t = 0; t < 3; ++t)
        for (int64_t e = 0; e < 2; ++e)
          expected[((layer * 2 + kv) * 8 + 4 + t) * 2 + e] =
              static_cast<float>(t + 1) * kWeights[layer] * (kv ? -1 : 1);
  EXPECT_EQ(readOutput("kv_cache", {2, 2, 1, 8, 2}), expected);
  NpyArray input;
  ASSERT_TRUE(readNpy(cache, input).ok());
  EXPECT_EQ(std::vector<float>(input.dataAs<float>(), input.dataAs<float>() + 64), cacheValues);
  EXPECT_NE(result.out.find("kv_cache: float32 (2, 2, 1, 8, 2) [100, 101, 102, 103, 104, 105, "
                            "...] -> " +
                            outDir + "/kv_cache.npy (updated in place)\n"),
            std::string::npos)
      << result.out;
}

// The position is checked before the run: negative, or too far for its
// tokens, or not a scalar; nothing is written.
TEST_F(KvCacheDriverTest, PositionErrors) {
  std::string position = dir.file("p.npy");
  writeI64("p.npy", {}, {6});
  expectDataError(runKv(position), "input 'position' (" + position +
                                       "): position = 6 + 3 new tokens (dimension 1 of input "
                                       "'input_ids' (" +
                                       dir.file("prompt.npy") +
                                       ")) exceeds the model's 8 positions");
  writeI64("p.npy", {}, {-2});
  expectDataError(runKv(position), "input 'position' (" + position +
                                       "): position = -2 is negative; it must be at least 0");
  writeI64("p.npy", {1}, {0});
  expectDataError(runKv(position), "input 'position' (" + position +
                                       "): expected rank 0 (shape ()), got shape (1,)");
  EXPECT_FALSE(std::filesystem::exists(outDir));
}

// The cache is written all or nothing with the outputs.
TEST_F(KvCacheDriverTest, TheUpdatedInputIsWrittenAllOrNothing) {
  ASSERT_TRUE(std::filesystem::create_directories(outDir + "/kv_cache.npy"));
  Result result = runKv(dir.file("position.npy"));
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("cannot write output 'kv_cache': '" + outDir +
                            "/kv_cache.npy' is a directory"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(listDir(outDir), std::vector<std::string>{"kv_cache.npy"}) << "y.npy written alone";
}

TEST_F(KvCacheDriverTest, HelpDescribesTheCacheAndThePosition) {
  Result result = run({"--help"}, kKvModel);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("required, at least 0; plus the tokens of input_ids at most 8 "
                            "positions"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("required, updated in place (written to DIR/kv_cache.npy)"),
            std::string::npos)
      << result.out;
}

//===----------------------------------------------------------------------===//
// The default thread count
//===----------------------------------------------------------------------===//

TEST(DefaultThreads, FollowsOmpNumThreadsElseTheAffinityMask) {
  // Unset or empty: the CPUs the process may run on.
  EXPECT_EQ(defaultThreadCount(nullptr, 6, 64).threads, 6);
  EXPECT_EQ(defaultThreadCount(nullptr, 6, 64).warning, "");
  EXPECT_EQ(defaultThreadCount("", 6, 64).threads, 6);
  EXPECT_EQ(defaultThreadCount("  ", 6, 64).warning, "");
  EXPECT_EQ(defaultThreadCount(nullptr, 0, 64).threads, 1);
  // A positive integer wins, also above the CPU count (the user asked).
  EXPECT_EQ(defaultThreadCount("3", 6, 64).threads, 3);
  EXPECT_EQ(defaultThreadCount("16", 2, 64).threads, 16);
  EXPECT_EQ(defaultThreadCount("16", 2, 64).warning, "");
  EXPECT_EQ(defaultThreadCount(" 5 ", 1, 64).threads, 5);
  EXPECT_EQ(defaultThreadCount("007", 1, 64).threads, 7);
  // A list sets nested levels; the first is the team size.
  EXPECT_EQ(defaultThreadCount("4,2", 1, 64).threads, 4);
  EXPECT_EQ(defaultThreadCount("4 , 2", 1, 64).threads, 4);
  EXPECT_EQ(defaultThreadCount("4,2", 1, 64).warning, "");
}

TEST(DefaultThreads, IgnoresMalformedOmpNumThreadsWithAWarning) {
  for (const char *bad : {"abc", "0", "-3", "+2", "3x", "2.5", ",4", "4,x", "4,", "4,0",
                          "99999999999", "0x10"}) {
    SCOPED_TRACE(bad);
    DefaultThreads result = defaultThreadCount(bad, 2, 64);
    EXPECT_EQ(result.threads, 2);
    EXPECT_EQ(result.warning, "ignoring OMP_NUM_THREADS='" + std::string(bad) +
                                  "', which is not a positive integer; using 2 threads, the "
                                  "CPUs this process may run on (pass --threads N to choose)");
  }
  EXPECT_NE(defaultThreadCount("x", 1, 64).warning.find("using 1 thread, the CPUs"),
            std::string::npos);
}

TEST(DefaultThreads, IgnoresOmpNumThreadsAboveTheLimitWithAWarning) {
  EXPECT_EQ(defaultThreadCount("64", 2, 64).threads, 64);
  EXPECT_EQ(defaultThreadCount("64", 2, 64).warning, "");
  for (const char *tooMany : {"65", "100000", "2147483647", "65,1"}) {
    SCOPED_TRACE(tooMany);
    DefaultThreads result = defaultThreadCount(tooMany, 2, 64);
    EXPECT_EQ(result.threads, 2);
    EXPECT_EQ(result.warning, "ignoring OMP_NUM_THREADS='" + std::string(tooMany) +
                                  "', which exceeds this machine's limit of 64 threads (4 per "
                                  "online CPU, at least 64); using 2 threads, the CPUs this "
                                  "process may run on (pass --threads N to choose)");
  }
  // The CPUs of a huge machine are capped too.
  EXPECT_EQ(defaultThreadCount(nullptr, 100, 64).threads, 64);
}

/// Restricts the calling thread to the first CPU of its mask while alive
/// (sched_setaffinity(0) applies to the calling thread, which
/// sched_getaffinity(0) reads back).
class ScopedSingleCpu {
public:
  ScopedSingleCpu() {
    CPU_ZERO(&saved_);
    if (::sched_getaffinity(0, sizeof(saved_), &saved_) != 0)
      return;
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &saved_)) {
        CPU_SET(cpu, &one);
        break;
      }
    active_ = ::sched_setaffinity(0, sizeof(one), &one) == 0;
  }
  ~ScopedSingleCpu() {
    if (active_)
      ::sched_setaffinity(0, sizeof(saved_), &saved_);
  }
  bool active() const { return active_; }

private:
  cpu_set_t saved_;
  bool active_ = false;
};

TEST(DefaultThreads, CountsTheAffinityMask) {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  ASSERT_EQ(::sched_getaffinity(0, sizeof(mask), &mask), 0);
  EXPECT_EQ(affinityCpuCount(), CPU_COUNT(&mask));
  {
    ScopedSingleCpu single;
    ASSERT_TRUE(single.active());
    EXPECT_EQ(affinityCpuCount(), 1);
  }
  EXPECT_EQ(affinityCpuCount(), CPU_COUNT(&mask));
}

/// The "threads" field of --bench's JSON line.
int benchThreads(const std::string &out) {
  std::smatch match;
  if (!std::regex_search(out, match, std::regex(R"("threads": ([0-9]+))")))
    return -1;
  return std::stoi(match[1]);
}

TEST_F(DriverTest, DefaultThreadsAreTheCpusItMayRunOn) {
  ScopedEnv omp("OMP_NUM_THREADS", nullptr);
  Result result = runWith({"--input", "input_ids=" + ids, "--bench", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), affinityCpuCount()) << result.out;
  // Under taskset-like restriction: one CPU, one thread.
  ScopedSingleCpu single;
  ASSERT_TRUE(single.active());
  result = runWith({"--input", "input_ids=" + ids, "--bench", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), 1) << result.out;
  EXPECT_EQ(lastRunThreads, 1);
  EXPECT_EQ(result.err, "");
}

TEST_F(DriverTest, DefaultThreadsHonourOmpNumThreads) {
  ScopedEnv omp("OMP_NUM_THREADS", "3");
  Result result = runWith({"--input", "input_ids=" + ids, "--bench", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), 3) << result.out;
  EXPECT_EQ(result.err, "");
  // --threads wins over the environment.
  result = runWith({"--input", "input_ids=" + ids, "--bench", "1", "--threads", "2"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), 2) << result.out;
  EXPECT_STREQ(std::getenv("OMP_NUM_THREADS"), "3") << "a valid value is left alone";
}

TEST_F(DriverTest, MalformedOmpNumThreadsIsIgnoredWithAWarning) {
  ScopedEnv omp("OMP_NUM_THREADS", "abc");
  const int cpus = affinityCpuCount();
  Result result = runWith({"--input", "input_ids=" + ids, "--bench", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), cpus) << result.out;
  EXPECT_EQ(result.err, "fake-model: warning: ignoring OMP_NUM_THREADS='abc', which is not a "
                        "positive integer; using " +
                            std::to_string(cpus) + (cpus == 1 ? " thread" : " threads") +
                            ", the CPUs this process may run on (pass --threads N to choose)\n");
  // LLVM's libomp would abort on "abc" when it starts: it sees the count.
  EXPECT_EQ(std::getenv("OMP_NUM_THREADS"), std::to_string(cpus));

  // With --threads the value is not used: no warning, but still replaced.
  ::setenv("OMP_NUM_THREADS", "0", 1);
  result = runWith({"--input", "input_ids=" + ids, "--bench", "1", "--threads", "2"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), 2);
  EXPECT_EQ(result.err, "");
  EXPECT_STREQ(std::getenv("OMP_NUM_THREADS"), "2");
}

TEST_F(DriverTest, OmpNumThreadsPastTheLimitIsIgnoredWithAWarning) {
  ScopedEnv omp("OMP_NUM_THREADS", "100000");
  Result result = runWith({"--input", "input_ids=" + ids, "--bench", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(benchThreads(result.out), affinityCpuCount()) << result.out;
  EXPECT_NE(result.err.find("ignoring OMP_NUM_THREADS='100000', which exceeds this machine's "
                            "limit of " + std::to_string(tfm_max_threads()) + " threads"),
            std::string::npos)
      << result.err;
  // libomp sees the count chosen, not 100000.
  EXPECT_EQ(std::getenv("OMP_NUM_THREADS"), std::to_string(affinityCpuCount()));
}

TEST_F(DriverTest, HelpShowsTheDefaultThreadCount) {
  ScopedEnv omp("OMP_NUM_THREADS", "5");
  Result result = run({"--help"});
  ASSERT_EQ(result.exitCode, 0);
  EXPECT_NE(result.out.find("--threads N        threads the model may use (default: "
                            "OMP_NUM_THREADS if set,\n                     else the CPUs this "
                            "process may run on; here 5)"),
            std::string::npos)
      << result.out;
}

//===----------------------------------------------------------------------===//
// The CPU check
//===----------------------------------------------------------------------===//

const std::vector<std::string> kLevel3 = {"sse3",  "ssse3", "sse4.1", "sse4.2", "popcnt",
                                          "cx16",  "sahf",  "avx",    "avx2",   "fma",
                                          "f16c",  "bmi",   "bmi2",   "lzcnt",  "movbe"};

std::vector<std::string> plus(std::vector<std::string> names,
                              const std::vector<std::string> &more) {
  names.insert(names.end(), more.begin(), more.end());
  return names;
}

TEST(CpuCheck, MissingFeatures) {
  EXPECT_EQ(missingCpuFeatures({}, {}), std::vector<std::string>{});
  EXPECT_EQ(missingCpuFeatures({"avx2", "fma"}, {"fma", "avx", "avx2"}),
            std::vector<std::string>{});
  EXPECT_EQ(missingCpuFeatures({"avx2", "avx512f", "fma", "avx512bw", "avx512f"}, {"avx2", "fma"}),
            (std::vector<std::string>{"avx512f", "avx512bw"}));
}

TEST(CpuCheck, NewestX86Level) {
  EXPECT_EQ(newestX86Level({}), "x86-64");
  std::vector<std::string> level2(kLevel3.begin(), kLevel3.begin() + 7);
  EXPECT_EQ(newestX86Level(level2), "x86-64-v2");
  EXPECT_EQ(newestX86Level(plus(level2, {"avx", "avx2"})), "x86-64-v2");
  EXPECT_EQ(newestX86Level(kLevel3), "x86-64-v3");
  std::vector<std::string> level4 =
      plus(kLevel3, {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"});
  EXPECT_EQ(newestX86Level(level4), "x86-64-v4");
  EXPECT_EQ(newestX86Level(plus(level4, {"avx512bf16"})), "x86-64-v4");
  // A level needs all of its features and the lower levels'.
  std::vector<std::string> noPopcnt = level4;
  noPopcnt.erase(std::find(noPopcnt.begin(), noPopcnt.end(), "popcnt"));
  EXPECT_EQ(newestX86Level(noPopcnt), "x86-64");
}

TEST(CpuCheck, MessageNamesWhatIsMissingAndWhatToDo) {
  const char *const features[] = {"avx2", "fma", "avx512f", "avx512bw", nullptr};
  tfm_model model = kModel;
  model.target_cpu = "x86-64-v4";
  model.cpu_features = features;
  EXPECT_TRUE(checkCpuFeatures(model, plus(kLevel3, {"avx512f", "avx512bw"})).ok());
  Status status = checkCpuFeatures(model, kLevel3);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "this model was compiled for x86-64-v4 (avx2, fma, avx512f, avx512bw), but this "
            "CPU lacks avx512f, avx512bw; recompile it with tfm-compile "
            "--target-cpu=x86-64-v3 (the newest x86-64 level this CPU has) or "
            "--target-cpu=native on this machine");
  // Without a recorded CPU name, and on a CPU without AVX2.
  model.target_cpu = nullptr;
  status = checkCpuFeatures(model, {"sse3", "ssse3", "fma"});
  EXPECT_EQ(status.message(),
            "this model was compiled for a CPU with avx2, fma, avx512f, avx512bw, but this "
            "CPU lacks avx2, avx512f, avx512bw; recompile it with tfm-compile "
            "--target-cpu=x86-64 (the newest x86-64 level this CPU has) or "
            "--target-cpu=native on this machine");
}

TEST(CpuCheck, UnknownFeaturesCountAsMissing) {
  const char *const features[] = {"avx2", "frobnicate", nullptr};
  tfm_model model = kModel;
  model.target_cpu = "future-cpu";
  model.cpu_features = features;
  Status status = checkCpuFeatures(model, kLevel3);
  EXPECT_NE(status.message().find("but this CPU lacks frobnicate (unknown to this libtfmrt);"),
            std::string::npos)
      << status.message();
}

TEST(CpuCheck, NoRequirement) {
  EXPECT_TRUE(checkCpuFeatures(kModel, {}).ok());
  const char *const none[] = {nullptr};
  tfm_model model = kModel;
  model.target_cpu = "x86-64";
  model.cpu_features = none;
  EXPECT_TRUE(checkCpuFeatures(model, {}).ok());
  EXPECT_EQ(describeCpuRequirement(model), "x86-64 (no features beyond baseline x86-64)");
  EXPECT_EQ(describeCpuRequirement(kModel), "");
}

TEST(CpuCheck, MalformedFeatureList) {
  const char *const empty[] = {"avx2", "", nullptr};
  tfm_model model = kModel;
  model.cpu_features = empty;
  EXPECT_EQ(checkCpuFeatures(model, kLevel3).message(),
            "invalid model description: cpu_features has an empty name");
  std::vector<const char *> endless(300, "avx2");
  model.cpu_features = endless.data();
  EXPECT_EQ(checkCpuFeatures(model, kLevel3).message(),
            "invalid model description: cpu_features has no NULL terminator in its first 256 "
            "entries");
}

/// The kernel's name in /proc/cpuinfo of each feature of X86Features.h it
/// reports (not all: the newest VEX extensions have none).
const std::map<std::string, std::string> kCpuinfoNames = {
    {"sse3", "pni"},
    {"ssse3", "ssse3"},
    {"sse4.1", "sse4_1"},
    {"sse4.2", "sse4_2"},
    {"popcnt", "popcnt"},
    {"cx16", "cx16"},
    {"sahf", "lahf_lm"},
    {"avx", "avx"},
    {"avx2", "avx2"},
    {"fma", "fma"},
    {"f16c", "f16c"},
    {"bmi", "bmi1"},
    {"bmi2", "bmi2"},
    {"lzcnt", "abm"},
    {"movbe", "movbe"},
    {"avx512f", "avx512f"},
    {"avx512cd", "avx512cd"},
    {"avx512bw", "avx512bw"},
    {"avx512dq", "avx512dq"},
    {"avx512vl", "avx512vl"},
    {"avx512ifma", "avx512ifma"},
    {"avx512vbmi", "avx512vbmi"},
    {"avx512vbmi2", "avx512_vbmi2"},
    {"avx512vnni", "avx512_vnni"},
    {"avx512bitalg", "avx512_bitalg"},
    {"avx512vpopcntdq", "avx512_vpopcntdq"},
    {"avx512bf16", "avx512_bf16"},
    {"avx512fp16", "avx512_fp16"},
    {"avxvnni", "avx_vnni"},
    {"gfni", "gfni"},
    {"sse4a", "sse4a"},
    {"fma4", "fma4"},
    {"xop", "xop"},
    {"tbm", "tbm"},
};

TEST(CpuCheck, HostFeaturesAgreeWithTheKernel) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  std::set<std::string> flags;
  while (std::getline(cpuinfo, line))
    if (line.rfind("flags", 0) == 0) {
      std::istringstream words(line.substr(line.find(':') + 1));
      for (std::string word; words >> word;)
        flags.insert(word);
      break;
    }
  if (flags.empty())
    GTEST_SKIP() << "no /proc/cpuinfo flags";
  const std::vector<std::string> &host = hostCpuFeatures();
  for (const auto &[feature, flag] : kCpuinfoNames) {
    SCOPED_TRACE(feature);
    ASSERT_NE(tfm::x86::findFeature(feature.c_str()), nullptr);
    bool detected = std::find(host.begin(), host.end(), feature) != host.end();
    EXPECT_EQ(detected, flags.count(flag) == 1) << "/proc/cpuinfo flag " << flag;
  }
  // And with the compiler's own detection, where it has a name.
  auto has = [&](const char *name) {
    return std::find(host.begin(), host.end(), name) != host.end();
  };
  EXPECT_EQ(has("avx2"), __builtin_cpu_supports("avx2") != 0);
  EXPECT_EQ(has("fma"), __builtin_cpu_supports("fma") != 0);
  EXPECT_EQ(has("avx512f"), __builtin_cpu_supports("avx512f") != 0);
  EXPECT_EQ(has("avx512bw"), __builtin_cpu_supports("avx512bw") != 0);
  EXPECT_EQ(has("avx512vl"), __builtin_cpu_supports("avx512vl") != 0);
  EXPECT_EQ(has("avx512bf16"), __builtin_cpu_supports("avx512bf16") != 0);
}

TEST(CpuCheck, FeatureTableIsConsistent) {
  std::set<std::string> names;
  for (const tfm::x86::Feature &feature : tfm::x86::kFeatures) {
    EXPECT_TRUE(names.insert(feature.name).second) << "twice: " << feature.name;
    EXPECT_LT(feature.bit, 32) << feature.name;
    EXPECT_LE(feature.level, 4) << feature.name;
  }
  EXPECT_EQ(tfm::x86::findFeature("avx512"), nullptr);
  EXPECT_EQ(tfm::x86::findFeature("avx512fp"), nullptr);
  ASSERT_NE(tfm::x86::findFeature("avx512fp16"), nullptr);
  EXPECT_STREQ(tfm::x86::findFeature("avx512fp16")->name, "avx512fp16");
}

/// A model the running CPU cannot run: it needs a feature no CPU has.
const char *const kImpossibleFeatures[] = {"avx2", "frobnicate", nullptr};

TEST_F(DriverTest, RefusesAModelThisCpuCannotRun) {
  tfm_model model = kModel;
  model.target_cpu = "future-cpu";
  model.cpu_features = kImpossibleFeatures;
  expectDataError(runWith({"--input", "input_ids=" + ids}, model),
                  "this model was compiled for future-cpu (avx2, frobnicate), but this CPU "
                  "lacks ");
  // Before anything else, --help included.
  Result result = run({"--help"}, model);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("frobnicate (unknown to this libtfmrt)"), std::string::npos)
      << result.err;
  EXPECT_EQ(runCalls, 0);
}

TEST_F(DriverTest, RunsAModelCompiledForThisCpu) {
  std::vector<const char *> features;
  for (const std::string &name : hostCpuFeatures())
    features.push_back(name.c_str());
  features.push_back(nullptr);
  tfm_model model = kModel;
  model.target_cpu = "this-cpu";
  model.cpu_features = features.data();
  Result result = runWith({"--input", "input_ids=" + ids}, model);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  result = run({"--help"}, model);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::string listed;
  for (const std::string &name : hostCpuFeatures())
    listed += (listed.empty() ? "" : ", ") + name;
  EXPECT_NE(result.out.find("Compiled for:\n  this-cpu: " + listed + "\n"), std::string::npos)
      << result.out;
}

TEST(CpuCheck, TheCApiRefusesAModelThisCpuCannotRun) {
  tfm_model model = kModel;
  model.target_cpu = "future-cpu";
  model.cpu_features = kImpossibleFeatures;
  tfm_model_handle *handle = nullptr;
  tfm_status status = tfm_model_from_linked(&model, &handle);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(handle, nullptr);
  EXPECT_NE(std::string(tfm_status_message(status))
                .find("this model was compiled for future-cpu (avx2, frobnicate), but this CPU "
                      "lacks "),
            std::string::npos)
      << tfm_status_message(status);
  tfm_status_free(status);
  // The same description without the impossible requirement opens.
  ASSERT_EQ(tfm_model_from_linked(&kModel, &handle), nullptr);
  tfm_model_close(handle);
}
