//===- Link.cpp - the model's object to an executable or library ----------===//
//
// The model's object holds everything of the model, its description
// included, so nothing is compiled here. Shared libraries are linked by lld
// directly, executables by the C compiler driver (which knows the C start
// files), both with libtfmrt and LLVM's OpenMP runtime; static archives are
// written in-process.
//
//===----------------------------------------------------------------------===//

#include "Link.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::tfm;

namespace {

LogicalResult fail(MLIRContext *context, const Twine &message) {
  return emitError(UnknownLoc::get(context)) << message;
}

/// `chosen`, else the environment variable `variable`, else empty.
std::string chosenTool(StringRef chosen, const char *variable) {
  if (!chosen.empty())
    return chosen.str();
  if (const char *override = std::getenv(variable))
    return override;
  return "";
}

std::string underToolDir(StringRef toolDir, StringRef sibling) {
  SmallString<128> path(toolDir);
  llvm::sys::path::append(path, "..", sibling);
  return path.str().str();
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

LogicalResult mlir::tfm::linkExecutable(MLIRContext *context, const LinkJob &job) {
  std::string libDir = underToolDir(job.toolDir, "lib");
  std::string compiler = chosenTool(job.cCompiler, "TFM_CC");
  if (compiler.empty())
    compiler = TFM_C_COMPILER;
  auto program = llvm::sys::findProgramByName(compiler);
  if (!program)
    return fail(context, "cannot find the C compiler '" + compiler +
                             "' to link with (set TFM_CC)");
  // An executable's main() calls libtfmtools' driver; libtfmrt runs the model.
  SmallVector<std::string> args = {*program,           job.objectPath,
                                   "-o",               job.outputPath,
                                   "-L" + libDir,      "-Wl,-rpath," + libDir,
                                   "-ltfmtools",       "-ltfmrt",
                                   "-fopenmp=libomp",  "-lm"};
#ifdef TFM_SANITIZER_LINK_FLAGS
  // This tfm is instrumented (TFM_SANITIZE): libtfmrt needs the ASan
  // runtime loaded before it, so the executable links that runtime itself.
  for (StringRef flag : llvm::split(TFM_SANITIZER_LINK_FLAGS, ' '))
    args.push_back(flag.str());
#endif
  return run(context, args, "linking '" + job.outputPath + "'", compiler);
}

LogicalResult mlir::tfm::linkSharedLibrary(MLIRContext *context, const LinkJob &job) {
  std::string chosen = chosenTool(job.linker, "TFM_LD");
  SmallVector<std::string> names;
  if (!chosen.empty())
    names.push_back(chosen);
  else
    names = {"ld.lld", "ld.lld-" + std::to_string(LLVM_VERSION_MAJOR)};
  std::string linker, name;
  for (const std::string &candidate : names) {
    if (auto program = llvm::sys::findProgramByName(candidate)) {
      linker = *program;
      name = candidate;
      break;
    }
  }
  if (linker.empty())
    return fail(context, "cannot find the linker " + llvm::join(names, " or ") +
                             " to link '" + job.outputPath + "' with (set TFM_LD)");
  std::string libDir = underToolDir(job.toolDir, "lib");
  // The C compiler driver's defaults for a shared library, without its start
  // files: the model has no constructors or destructors to run. The model's
  // own functions are hidden (see Compiler.cpp) and bound locally, so several
  // models can be loaded into one process.
  SmallVector<std::string> args = {linker,
                                   "-shared",
                                   "--hash-style=gnu",
                                   "--build-id",
                                   "--eh-frame-hdr",
                                   "-Bsymbolic",
                                   "-soname",
                                   llvm::sys::path::filename(job.outputPath).str(),
                                   "-o",
                                   job.outputPath,
                                   job.objectPath,
                                   "-L" + libDir,
                                   "-rpath",
                                   libDir};
  // Where libm, libc and libomp are: the C compiler's library directories
  // and LLVM's, as CMake found them when tfm was built.
  for (StringRef dir : llvm::split(TFM_SYSTEM_LIBRARY_DIRS, ':'))
    if (!dir.empty())
      args.push_back(("-L" + dir).str());
  // Undefined symbols are link errors, not failures when the model is loaded.
  args.append({"-ltfmrt", "-lm", "-lomp", "-lc", "-z", "defs"});
  return run(context, args, "linking '" + job.outputPath + "'", name);
}

LogicalResult mlir::tfm::archiveModel(MLIRContext *context, const LinkJob &job) {
  llvm::Expected<llvm::NewArchiveMember> member =
      llvm::NewArchiveMember::getFile(job.objectPath, /*Deterministic=*/true);
  if (!member)
    return fail(context, "cannot read the model's object: " + toString(member.takeError()));
  // Named after the archive, not the temporary file.
  std::string memberName = llvm::sys::path::stem(job.outputPath).str() + ".o";
  member->MemberName = memberName;
  if (llvm::Error error = llvm::writeArchive(job.outputPath, {std::move(*member)},
                                             llvm::SymtabWritingMode::NormalSymtab,
                                             llvm::object::Archive::K_GNU,
                                             /*Deterministic=*/true, /*Thin=*/false))
    return fail(context, "cannot write '" + job.outputPath + "': " + toString(std::move(error)));
  return success();
}
