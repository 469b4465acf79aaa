#!/usr/bin/env bash
# The benchmark command: installs what is missing (scripts/install-deps.sh),
# builds (scripts/build.sh), then runs benchmarks/bench.py with the given
# options.  See `benchmarks/run.sh --help`.
#
#   benchmarks/run.sh                               # everything (~30 min on 2 cores)
#   benchmarks/run.sh --backends llvm --quick       # batch 1 x 128 only (CLIP text 77)
#   benchmarks/run.sh --quick --isa AVX2            # oneDNN capped to AVX2
#   benchmarks/run.sh --quick --precisions f32,bf16 # tfm f32 and bf16, PyTorch bf16 too
#   benchmarks/run.sh --no-build --quick --precisions f32,int8 --rounds 5 --no-pytorch --no-ort
#                                                   # precision ratios, the precisions taking turns
#   benchmarks/run.sh --no-build ...                # use the existing build as is
#   benchmarks/run.sh --no-build --quick --models clip-text,t5-encoder  # the text encoders
#   benchmarks/run.sh --no-build --quick --models llama  # LLaMA-style decoder, PyTorch decode
#   benchmarks/run.sh --no-build --list-models      # each model's shapes, FLOPs, inputs
#   benchmarks/run.sh --no-build --generation-only  # memory bandwidth + GPT-2 decode only
#   benchmarks/run.sh --no-build --generation-only --models llama  # LLaMA decode (PyTorch)
#
# BUILD_DIR (default build) is the build directory, as for scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    -h|--help)
      /usr/bin/python3 benchmarks/bench.py --help
      echo
      echo "run.sh only: --no-build   skip scripts/install-deps.sh and scripts/build.sh"
      echo
      echo "Examples:"
      sed -n 's/^#   /  /p' "$0"
      exit 0 ;;
    *) args+=("$a") ;;
  esac
done
BUILD_DIR=${BUILD_DIR:-build}
if (( build )); then
  ./scripts/install-deps.sh
  BUILD_DIR="$BUILD_DIR" ./scripts/build.sh
fi
exec /usr/bin/python3 benchmarks/bench.py --build-dir "$BUILD_DIR" "${args[@]+"${args[@]}"}"
