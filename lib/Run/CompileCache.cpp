//===- CompileCache.cpp - Compiled models, cached by what made them -------===//

#include "tfm/Run/CompileCache.h"

#include "tfm/Compiler/Compiler.h"
#include "tfm/Import/HuggingFace.h"
#include "tfm/Pipelines/Target.h"
#include "tfm/Run/ModelFolder.h"
#include "tfm/Runtime/ModelAbi.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"

#include <unistd.h>

namespace tfm::run {
namespace {

std::string hexSha256(llvm::StringRef bytes) {
  return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(bytes)), /*LowerCase=*/true);
}

/// Removes a file on scope exit unless kept.
class TemporaryFile {
public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty())
      llvm::sys::fs::remove(path_);
  }
  const std::string &path() const { return path_; }
  void keep() { path_.clear(); }

private:
  std::string path_;
};

/// The text the key hashes: one `field value` line each, so that no two
/// different settings can produce the same text.
std::string keyText(const ModelFolder &folder, const CompileSettings &settings,
                    const std::string &compiler, const mlir::tfm::TargetCpu &target) {
  std::string text = "tfm run cache 1\n";
  text += "config-sha256 " + hexSha256(folder.configText) + "\n";
  text += "compiler " + compiler + "\n";
  text += "llvm " LLVM_VERSION_STRING "\n";
  text += "abi " + std::to_string(TFM_ABI_VERSION) + "\n";
  text += std::string("backend ") +
          (settings.backend == mlir::tfm::Backend::Dnnl ? "dnnl" : "llvm") + "\n";
  text += "precision " + mlir::tfm::stringifyPrecision(settings.precision).str() + "\n";
  text += "cpu " + target.cpuName + "\n";
  text += "features " + llvm::join(target.recordedFeatures, ",") + "\n";
  if (settings.kvCache)
    text += "kv-cache\n";
  if (const std::optional<LossSettings> &loss = settings.loss) {
    text += std::string("loss ") +
            (loss->objective == mlir::tfm::LossObjective::NextToken ? "next-token" : "masked-lm");
    text += " seed " + std::to_string(loss->seed) + " probability " +
            llvm::formatv("{0:e}", loss->probability).str() + " mask-token " +
            std::to_string(loss->maskToken) + " exclude";
    for (int64_t id : loss->exclude)
      text += " " + std::to_string(id);
    text += "\n";
  }
  return text;
}

/// Imports `folder`'s config.json and compiles it into a shared library at
/// `outputPath`.
bool compileFolder(const ModelFolder &folder, const CompileSettings &settings,
                   const std::string &outputPath, const ProgressFn &progress,
                   std::string &error) {
  mlir::DialectRegistry registry;
  mlir::tfm::registerCompilerDialects(registry);
  mlir::MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler collect(&context, [&](mlir::Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() != mlir::DiagnosticSeverity::Error)
      return mlir::success();
    if (!diagnostics.empty())
      diagnostics += "\n";
    std::string location;
    llvm::raw_string_ostream os(location);
    if (!llvm::isa<mlir::UnknownLoc>(diagnostic.getLocation()))
      os << diagnostic.getLocation() << ": ";
    diagnostics += os.str() + diagnostic.str();
    return mlir::success();
  });

  progress("importing " + folder.configPath);
  std::string importError;
  auto module = mlir::tfm::importHuggingFaceConfigText(
      context, folder.configText, folder.configPath,
      [&](llvm::StringRef message) { importError = message.str(); },
      mlir::tfm::HuggingFaceImportOptions{"", settings.kvCache});
  if (mlir::failed(module)) {
    error = importError.empty() ? diagnostics : importError;
    return false;
  }

  if (settings.loss) {
    mlir::PassManager passes(&context);
    mlir::tfm::TfmAppendLossOptions loss;
    loss.objective = settings.loss->objective;
    loss.seed = settings.loss->seed;
    loss.probability = settings.loss->probability;
    loss.maskToken = settings.loss->maskToken;
    loss.exclude = settings.loss->exclude;
    passes.addPass(mlir::tfm::createTfmAppendLoss(loss));
    if (mlir::failed(passes.run(**module))) {
      error = "evaluating " + folder.configPath + ": " + diagnostics;
      return false;
    }
  }

  mlir::tfm::CompilerOptions options;
  options.backend = settings.backend;
  options.precision = settings.precision;
  options.targetCpu = settings.targetCpu;
  options.emit = mlir::tfm::EmitKind::Shared;
  options.outputPath = outputPath;
  options.modelName = folder.modelType.empty() ? "model" : folder.modelType;
  options.toolDir = settings.toolDir;
  progress("compiling " + folder.configPath + " (backend " +
           (settings.backend == mlir::tfm::Backend::Dnnl ? "dnnl" : "llvm") + ", precision " +
           mlir::tfm::stringifyPrecision(settings.precision).str() + ", cpu " +
           settings.targetCpu + ")");
  if (mlir::failed(mlir::tfm::compileModule(**module, options))) {
    error = "compiling " + folder.configPath + ": " +
            (diagnostics.empty() ? std::string("failed") : diagnostics);
    return false;
  }
  return true;
}

} // namespace

bool defaultCacheDirectory(const char *xdgCacheHome, const char *home, std::string &dir,
                           std::string &error) {
  if (xdgCacheHome && xdgCacheHome[0] == '/') {
    dir = std::string(xdgCacheHome) + "/tfm";
    return true;
  }
  if (home && home[0]) {
    dir = std::string(home) + "/.cache/tfm";
    return true;
  }
  error = "no cache directory: set XDG_CACHE_HOME or HOME, or pass --cache-dir";
  return false;
}

std::string compilerIdentity(std::string &error) {
  // This function is in the executable, so getMainExecutable finds it by
  // its address, without argv[0].
  std::string self =
      llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&compilerIdentity));
  auto bytes = llvm::MemoryBuffer::getFile(self, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!bytes) {
    error = "cannot read the running executable '" + self + "' (its hash keys the compile "
            "cache): " + bytes.getError().message();
    return "";
  }
  return std::string(TFM_VERSION) + " " + hexSha256((*bytes)->getBuffer());
}

bool getOrCompile(const ModelFolder &folder, const CompileSettings &settings,
                  const std::string &cacheDir, const ProgressFn &progress, CachedModel &out,
                  std::string &error) {
  out = CachedModel();
  std::string compiler = compilerIdentity(error);
  if (compiler.empty())
    return false;
  llvm::Expected<mlir::tfm::TargetCpu> target = mlir::tfm::createTargetCpu(settings.targetCpu);
  if (!target) {
    error = llvm::toString(target.takeError());
    return false;
  }
  out.key = hexSha256(keyText(folder, settings, compiler, *target));
  llvm::SmallString<256> entry(cacheDir);
  llvm::sys::path::append(entry, out.key + ".so");
  out.libraryPath = std::string(entry);
  if (llvm::sys::fs::is_regular_file(out.libraryPath)) {
    out.hit = true;
    return true;
  }

  if (std::error_code ec = llvm::sys::fs::create_directories(cacheDir)) {
    error = "cannot create cache directory '" + cacheDir + "': " + ec.message();
    return false;
  }
  // A name of its own in the cache directory (so the rename cannot cross
  // file systems), which other runs neither use nor mistake for an entry.
  llvm::SmallString<256> model(cacheDir);
  llvm::sys::path::append(model, "." + out.key + "-%%%%%%%%.so.tmp");
  llvm::SmallString<256> temporaryPath;
  int fd = -1;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temporaryPath)) {
    error = "cannot write in cache directory '" + cacheDir + "': " + ec.message();
    return false;
  }
  ::close(fd);
  TemporaryFile temporary{std::string(temporaryPath)};
  if (!compileFolder(folder, settings, temporary.path(), progress, error))
    return false;
  if (std::error_code ec = llvm::sys::fs::rename(temporary.path(), out.libraryPath)) {
    error = "cannot write '" + out.libraryPath + "': " + ec.message();
    return false;
  }
  temporary.keep();
  return true;
}

} // namespace tfm::run
