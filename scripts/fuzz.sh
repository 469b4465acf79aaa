#!/usr/bin/env bash
# Fuzzes one target for MINUTES minutes with libFuzzer, under ASan and UBSan:
#   scripts/fuzz.sh TARGET MINUTES
# TARGET: safetensors, npy, import, ir, c-api, tokenizer, image or image-config
# (fuzz/Fuzz*.cpp). It builds in build-san/ (as scripts/test-sanitized.sh
# does) and starts from the seeds
# in fuzz/corpus/TARGET plus what earlier runs found (build-san/fuzz/found/).
# It keeps going past a crash, timeout or out-of-memory: each lands in
# fuzz/crashes/TARGET/ for triage; ctest does not replay that directory.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 2 || ! "$2" =~ ^[0-9]+$ || "$2" -eq 0 ]]; then
  echo "usage: $0 TARGET MINUTES  (TARGET: safetensors, npy, import, ir, c-api, tokenizer, image or image-config)" >&2
  exit 2
fi
target=fuzz-${1#fuzz-}
minutes=$2
if [[ ! -d fuzz/corpus/$target ]]; then
  echo "$0: no fuzz target '$1' (fuzz/corpus/$target does not exist)" >&2
  exit 2
fi
BUILD_DIR=${BUILD_DIR:-build-san}
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -G Ninja -B "$BUILD_DIR" -S . -DPython3_EXECUTABLE=/usr/bin/python3 \
    -DTFM_SANITIZE=ON -DTFM_FUZZ=ON >/dev/null
fi
ninja -C "$BUILD_DIR" -j"${JOBS:-$(nproc)}" "$target"
found=$BUILD_DIR/fuzz/found/$target
crashes=fuzz/crashes/$target
mkdir -p "$found" "$crashes"
# allow_user_poisoning=0: see scripts/test-sanitized.sh.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_poisoning=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One worker process (-fork=1), restarted after each finding.
exec "$BUILD_DIR/bin/$target" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time=$((minutes * 60)) -timeout=120 -rss_limit_mb=4096 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$found" "fuzz/corpus/$target"
