# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "TFM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tfm_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

llvm_config.use_default_substitutions()
config.substitutions.append(("%tfm_src_root", config.tfm_src_root))
config.substitutions.append(("%tfm_obj_root", config.tfm_obj_root))
# The C compiler tfm was built with, for test programs on the C API.
# In a sanitized build they link the ASan runtime, as tfm-compile's do.
config.substitutions.append(
    ("%cc", (config.c_compiler + " " + config.sanitizer_link_flags).strip()))
# Prefixes a host program that loads libtfmrt with dlopen (Python's ctypes):
# in a sanitized build the ASan runtime must be preloaded into it, and the
# host's own allocations at exit are not tfm's leaks to report.
config.substitutions.append(
    ("%libtfmrt_host_env",
     "env LD_PRELOAD=%s ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=0" % config.asan_runtime
     if config.asan_runtime else ""))

# AddressSanitizer reserves terabytes of address space: a test that limits
# it (ulimit -v) cannot run in the sanitized build.
if config.asan_runtime:
    config.available_features.add("asan")

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.tfm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["tfm-opt", "tfm-import", "tfm-compile", "tfm"], [config.tfm_tools_dir, config.llvm_tools_dir])

# The x86-64 level of this machine, for tests that run code compiled for it.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo
                      if line.startswith("flags")), [])
except OSError:
    flags = []
if all(flag in flags for flag in ("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl")):
    config.available_features.add("x86-64-v4")
# AMX's bf16 tiles, as /proc/cpuinfo lists them: a kernel that cannot grant
# their state clears the flags.
if "amx_bf16" in flags and "amx_tile" in flags:
    config.available_features.add("amx-bf16")
