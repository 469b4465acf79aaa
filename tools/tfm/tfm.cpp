//===- tfm.cpp - `tfm run`: a Hugging Face model folder's job -------------===//
//
// The command line of tfm/Run/RunCommand.h, with this process's streams,
// terminal and environment.
//
//===----------------------------------------------------------------------===//

#include "tfm/Run/RunCommand.h"
#include "tfm/tfm.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>

#include <sched.h>
#include <unistd.h>

namespace {

/// The CPUs this process may run on (taskset, cgroups), at least 1, at most
/// what a run accepts.
int defaultThreadCount() {
  cpu_set_t cpus;
  int count = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
  return std::clamp(count, 1, tfm_max_threads());
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  std::string self = llvm::sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&main));
  tfm::run::Environment env(llvm::outs(), llvm::errs());
  env.stderrIsTerminal = ::isatty(STDERR_FILENO) == 1;
  env.xdgCacheHome = std::getenv("XDG_CACHE_HOME");
  env.home = std::getenv("HOME");
  env.toolDir = llvm::sys::path::parent_path(self).str();
  env.defaultThreads = defaultThreadCount();
  int exitCode = tfm::run::tfmMain(std::vector<std::string>(argv + 1, argv + argc), env);
  // A failed write to stdout (a full disk, a closed pipe) is an error, not
  // LLVM's fatal "IO failure" at exit.
  llvm::outs().flush();
  if (llvm::outs().has_error()) {
    std::error_code error = llvm::outs().error();
    llvm::outs().clear_error();
    llvm::errs() << "tfm: error: cannot write to standard output: " << error.message() << "\n";
    return tfm::run::kExitDataError;
  }
  return exitCode;
}
