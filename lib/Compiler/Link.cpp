//===- Link.cpp - the model's object to an executable or library ----------===//
//
// The model's description is C (ModelShim.cpp), compiled by the system C
// compiler, which also links the executable or shared library with libtfmrt
// and LLVM's OpenMP runtime; static archives are made with the archiver.
//
//===----------------------------------------------------------------------===//

#include "Link.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// The shim holds main() and the model's description, which run before the
/// runtime has checked the CPU: compile it for baseline x86-64 whatever the
/// C compiler's defaults, as libtfmrt is.
#if defined(__x86_64__)
constexpr const char *kShimArch = "-march=x86-64";
#else
constexpr const char *kShimArch = "-O2";
#endif

LogicalResult fail(MLIRContext *context, const Twine &message) {
  return emitError(UnknownLoc::get(context)) << message;
}

/// `chosen`, else the environment variable `variable`, else `builtin`.
std::string toolName(StringRef chosen, const char *variable, const char *builtin) {
  if (!chosen.empty())
    return chosen.str();
  if (const char *override = std::getenv(variable))
    return override;
  return builtin;
}

std::string underToolDir(StringRef toolDir, StringRef sibling) {
  SmallString<128> path(toolDir);
  llvm::sys::path::append(path, "..", sibling);
  return path.str().str();
}

/// Writes the shim to a new temporary C file, `path`.
LogicalResult writeShim(MLIRContext *context, StringRef source, SmallString<128> &path) {
  int fd;
  if (llvm::sys::fs::createTemporaryFile("tfm-shim", "c", fd, path))
    return fail(context, "cannot create a temporary file for the model shim");
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  os << source;
  return success();
}

/// Runs `args` (args[0] is the program's path); `what` describes the step
/// and `name` is the tool as the user knows it, for the error.
LogicalResult run(MLIRContext *context, ArrayRef<std::string> args, const Twine &what,
                  StringRef name) {
  SmallVector<StringRef> refs(args.begin(), args.end());
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(args[0], refs, std::nullopt, {}, 0, 0, &error);
  if (rc == 0)
    return success();
  return fail(context, what + " failed (" + name + " exited with " + std::to_string(rc) +
                           (error.empty() ? "" : ": " + error) + ")");
}

} // namespace

LogicalResult mlir::tfm::linkModel(MLIRContext *context, const LinkJob &job, bool shared) {
  SmallString<128> shimPath;
  if (failed(writeShim(context, job.shimSource, shimPath)))
    return failure();
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove(shimPath); });
  std::string libDir = underToolDir(job.toolDir, "lib");
  std::string compiler = toolName(job.cCompiler, "TFM_CC", TFM_C_COMPILER);
  auto program = llvm::sys::findProgramByName(compiler);
  if (!program)
    return fail(context, "cannot find the C compiler '" + compiler +
                             "' to link with (set TFM_CC)");
  SmallVector<std::string> args = {*program,
                                   "-O2",
                                   kShimArch,
                                   "-I" + underToolDir(job.toolDir, "include"),
                                   "-I" TFM_SOURCE_INCLUDE_DIR,
                                   shimPath.str().str(),
                                   job.objectPath,
                                   "-o",
                                   job.outputPath,
                                   "-L" + libDir,
                                   "-Wl,-rpath," + libDir};
  // An executable's main() is libtfmtools' driver; a library is embedded
  // through libtfmrt's C API alone.
  if (!shared)
    args.push_back("-ltfmtools");
  args.append({"-ltfmrt", "-fopenmp=libomp", "-lm"});
  // The model's own functions are hidden (see compileModule) and bound
  // locally, so several models can be loaded into one process.
  if (shared)
    args.append({"-DTFM_NO_MAIN", "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic",
                 "-Wl,-soname," + llvm::sys::path::filename(job.outputPath).str()});
  return run(context, args, "linking '" + job.outputPath + "'", compiler);
}

LogicalResult mlir::tfm::archiveModel(MLIRContext *context, const LinkJob &job) {
  SmallString<128> shimPath, shimObject;
  if (failed(writeShim(context, job.shimSource, shimPath)))
    return failure();
  auto cleanup = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(shimPath);
    if (!shimObject.empty())
      llvm::sys::fs::remove(shimObject);
  });
  if (llvm::sys::fs::createTemporaryFile("tfm-shim", "o", shimObject))
    return fail(context, "cannot create a temporary file for the model shim");
  std::string compiler = toolName(job.cCompiler, "TFM_CC", TFM_C_COMPILER);
  std::string archiver = toolName(job.archiver, "TFM_AR", TFM_AR);
  auto cc = llvm::sys::findProgramByName(compiler);
  if (!cc)
    return fail(context, "cannot find the C compiler '" + compiler + "' (set TFM_CC)");
  auto ar = llvm::sys::findProgramByName(archiver);
  if (!ar)
    return fail(context, "cannot find the archiver '" + archiver + "' (set TFM_AR)");
  SmallVector<std::string> compile = {*cc,
                                      "-O2",
                                      kShimArch,
                                      "-fPIC",
                                      "-DTFM_NO_MAIN",
                                      "-I" + underToolDir(job.toolDir, "include"),
                                      "-I" TFM_SOURCE_INCLUDE_DIR,
                                      "-c",
                                      shimPath.str().str(),
                                      "-o",
                                      shimObject.str().str()};
  if (failed(run(context, compile, "compiling the model shim", compiler)))
    return failure();
  // ar adds to an existing archive: start from scratch.
  llvm::sys::fs::remove(job.outputPath);
  SmallVector<std::string> archive = {*ar, "rcs", job.outputPath, job.objectPath,
                                      shimObject.str().str()};
  return run(context, archive, "archiving '" + job.outputPath + "'", archiver);
}
