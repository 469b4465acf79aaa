#!/usr/bin/env bash
# Builds tfm with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-san/ (TFM_SANITIZE, with the fuzz targets: TFM_FUZZ) and runs the
# unit tests, the lit suite, the reference tests and the fuzz corpora under
# them. Left to the normal build, to keep CI within its time: the oneDNN
# ISA-cap repeats (ctest label `isa`), which run the same code again; the
# real-size models and precisions (label `real`), whose kernels and widths
# the one-layer wide tests and the kernels' unit tests already run here; and
# the llvm backend's wide tests (label `llvm-wide`), whose generated kernels
# are not instrumented and whose instrumented compiler and runtime code the
# tiny ones run. Any report fails the test that hit it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-san}
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -G Ninja -B "$BUILD_DIR" -S . -DPython3_EXECUTABLE=/usr/bin/python3 \
    -DTFM_SANITIZE=ON -DTFM_FUZZ=ON >/dev/null
fi
ninja -C "$BUILD_DIR" -j"${JOBS:-$(nproc)}"
# Debian's libLLVM and libMLIR are not instrumented, but LLVM's
# BumpPtrAllocator (llvm/Support/Allocator.h; MLIR's attribute and type
# storage) poisons and unpoisons its slabs in inline header code: the copies
# compiled into tfm's instrumented code poison slabs that the library's
# copies then hand out without unpoisoning, so ASan would report MLIR's own
# legitimate accesses. That one class of report (manual poisoning) is turned
# off; everything else, leaks included, stays on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_poisoning=0:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" -LE 'isa|real|llvm-wide' "$@"
