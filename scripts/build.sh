#!/usr/bin/env bash
# Configures (once) and builds tfm into build/ with Ninja, clang-19 and ccache.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -G Ninja -B "$BUILD_DIR" -S . -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
ninja -C "$BUILD_DIR" -j"${JOBS:-$(nproc)}" "$@"
