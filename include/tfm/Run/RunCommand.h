//===- RunCommand.h - The `tfm` command line --------------------*- C++ -*-===//
//
// `tfm run MODEL_DIR ...`: compiles the model folder's config.json (through
// the compile cache), loads the library with libtfmrt's C API, binds
// model.safetensors, runs the model on the given inputs and prints the
// answer of the architecture's job (Predictions.h), as text or one JSON
// document; --output-dir also writes every output as .npy. With
// --max-new-tokens, GPT-2 compiled with a KV cache generates text after
// --prompt (tfm_context_generate), streamed to stdout.
//
// Exit codes: 0 success, 1 data error (files, model, inputs), 2 usage error
// (the command line itself).
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_RUNCOMMAND_H
#define TFM_RUN_RUNCOMMAND_H

#include "tfm/Run/ModelInputs.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tfm::run {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitDataError = 1;
inline constexpr int kExitUsageError = 2;

/// The largest --top-k.
inline constexpr int64_t kMaxTopK = 1'000'000;
/// The largest --batch-size.
inline constexpr int64_t kMaxBatchSize = 4096;
/// The largest --max-new-tokens (the model's positions limit it first).
inline constexpr int64_t kMaxNewTokens = 1'000'000;

struct RunOptions {
  bool help = false;
  std::string modelDir;
  std::vector<std::string> texts;
  std::string textFile;
  std::vector<std::string> images;
  bool hasPrompt = false;
  std::string prompt;
  std::vector<InputFileArg> inputs;
  int64_t topK = 5;
  bool json = false;
  std::string outputDir;
  /// 0 until chosen: --threads, else the environment's default.
  int threads = 0;
  std::string backend = "dnnl";
  std::string precision = "f32";
  std::string targetCpu = "native";
  /// "" until chosen: --cache-dir, else defaultCacheDirectory.
  std::string cacheDir;
  /// Says on stderr whether the compile cache had the model.
  bool verbose = false;
  /// Evaluations: GPT's perplexity of a text file, BERT's masked-LM loss
  /// over a file's lines (tfm-append-loss), with the masks' seed and the
  /// texts per batch.
  std::string perplexityFile;
  std::string mlmLossFile;
  int64_t seed = 0;
  int64_t batchSize = 8;
  /// Generation (GPT2LMHeadModel with --prompt): the most tokens to
  /// generate; 0: the next-token answer instead.
  int64_t maxNewTokens = 0;
  /// The sampler's options (tfm_generate_options): greedy by default.
  double temperature = 0;
  int64_t samplingTopK = 0;
  double topP = 1;
  double repetitionPenalty = 1;
  /// --stop: generation ends before the first of these in the generated
  /// text, which is not printed.
  std::vector<std::string> stops;
  /// --warmup: one untimed generation first (oneDNN's kernels are compiled
  /// and weights packed on first use), so that the timings are the steady
  /// state's, as benchmarks measure.
  bool warmup = false;
};

/// Parses the arguments after `run`. Returns false with `error` set to a
/// usage error (unknown flag, missing or malformed value, no MODEL_DIR,
/// inputs of two kinds).
bool parseRunOptions(const std::vector<std::string> &args, RunOptions &options,
                     std::string &error);

/// What the command sees of its process, passed in so that tests can
/// choose it.
struct Environment {
  Environment(llvm::raw_ostream &out, llvm::raw_ostream &err) : out(out), err(err) {}
  llvm::raw_ostream &out;
  llvm::raw_ostream &err;
  /// Progress lines are for people: shown only when stderr is a terminal.
  bool stderrIsTerminal = false;
  /// $XDG_CACHE_HOME and $HOME (null when unset).
  const char *xdgCacheHome = nullptr;
  const char *home = nullptr;
  /// The directory of the tfm executable: libtfmrt is in TOOLDIR/../lib.
  std::string toolDir;
  /// --threads when not given.
  int defaultThreads = 1;
};

/// Runs `tfm run` with parsed options; returns the exit code, with any
/// error printed on env.err.
int runModel(const RunOptions &options, Environment &env);

/// The whole command line after the program name (`run ...`, `--help`,
/// `--version`); returns the exit code.
int tfmMain(const std::vector<std::string> &args, Environment &env);

} // namespace tfm::run

#endif // TFM_RUN_RUNCOMMAND_H
