//===- CompileCache.h - Compiled models, cached by what made them -*- C++ -*-===//
//
// `tfm run` compiles a model folder's config.json into a shared library once
// and reuses it. The cache key is a SHA-256 over everything the library
// depends on: config.json's bytes, the compiler (tfm's version and a hash
// of the running executable, which holds the compiler), LLVM's version,
// the runtime ABI, the backend, the precision and the target CPU with the
// x86 features the code may use (so `native` on another CPU is another
// entry), whether the model has a KV cache (generation), and the evaluation
// loss if any (tfm-append-loss and its options).
// The weights are not in the key: they are bound at load time.
//
// An entry is DIR/KEY.so, written under a temporary name and renamed into
// place, so a concurrent run sees either no entry or a whole one.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_COMPILECACHE_H
#define TFM_RUN_COMPILECACHE_H

#include "tfm/Dialect/Tfm/Transforms/Passes.h"
#include "tfm/Pipelines/Pipelines.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tfm::run {

struct ModelFolder;

/// An evaluation loss (tfm-append-loss's options).
struct LossSettings {
  mlir::tfm::LossObjective objective = mlir::tfm::LossObjective::NextToken;
  int64_t seed = 0;
  double probability = 0.15;
  int64_t maskToken = -1;
  std::vector<int64_t> exclude;
};

struct CompileSettings {
  mlir::tfm::Backend backend = mlir::tfm::Backend::Dnnl;
  mlir::tfm::Precision precision = mlir::tfm::Precision::f32;
  /// As tfm-compile --target-cpu: `native`, `x86-64-v3`, an LLVM CPU name.
  std::string targetCpu = "native";
  /// Where libtfmrt is found (TOOLDIR/../lib), as CompilerOptions::toolDir.
  std::string toolDir;
  /// Generation: GPT-2's @forward takes and updates a KV cache
  /// (HuggingFaceImportOptions::kvCache).
  bool kvCache = false;
  /// Set for an evaluation (`--perplexity`, `--mlm-loss`): the model returns
  /// this loss instead of its logits (tfm-append-loss).
  std::optional<LossSettings> loss;
};

/// The default cache directory: $XDG_CACHE_HOME/tfm when XDG_CACHE_HOME is
/// an absolute path (the XDG spec ignores relative ones), else $HOME/.cache/tfm.
/// `xdgCacheHome` and `home` are the variables' values (null when unset).
/// Returns false with `error` when neither gives a directory.
bool defaultCacheDirectory(const char *xdgCacheHome, const char *home, std::string &dir,
                           std::string &error);

/// The compiler's identity in cache keys: tfm's version, then the SHA-256
/// of the running executable's file.
std::string compilerIdentity(std::string &error);

/// A progress message ("importing ...", "compiling ...").
using ProgressFn = std::function<void(const std::string &message)>;

struct CachedModel {
  /// The shared library to tfm_model_open.
  std::string libraryPath;
  /// True when the library was in the cache (nothing was imported or
  /// compiled).
  bool hit = false;
  /// The key (64 hex digits).
  std::string key;
};

/// The cache entry of `folder` for `settings` in `cacheDir`: on a hit, the
/// existing library; on a miss, imports config.json, compiles a shared
/// library in-process and moves it into the cache (creating `cacheDir`).
/// `progress` hears of each slow step. Returns false with `error` (an
/// import error names config.json; others the file or the option).
bool getOrCompile(const ModelFolder &folder, const CompileSettings &settings,
                  const std::string &cacheDir, const ProgressFn &progress, CachedModel &out,
                  std::string &error);

} // namespace tfm::run

#endif // TFM_RUN_COMPILECACHE_H
