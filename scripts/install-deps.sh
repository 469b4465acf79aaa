#!/usr/bin/env bash
# Installs, from Debian 12's apt archive, everything tfm needs to build, test and run its demo.
# Idempotent: when every package is present it returns in about a second without touching apt.
set -euo pipefail

PACKAGES=(
  # Build toolchain.
  cmake ninja-build ccache git libomp-19-dev
  clang-19 lld-19 llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  # The ASan/UBSan runtimes and libFuzzer (scripts/test-sanitized.sh, scripts/fuzz.sh).
  libclang-rt-19-dev
  # Runtime dependency of the dnnl backend.
  libdnnl-dev
  # Image decoding (TfmImage): PNG and JPEG.
  libpng-dev libjpeg62-turbo-dev
  # Tests: lit runs on python3; the reference data comes from PyTorch.
  python3 python3-numpy python3-torch python3-torchvision python3-pil libgtest-dev
  # PyTorch without an optimised BLAS is ~30x slower (benchmarks compare against it).
  libopenblas0-pthread
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install as root: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get update -qq; then
  echo "install-deps: 'apt-get update' failed; is the Debian archive reachable?" >&2
  exit 1
fi
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/tfm-install-deps.log 2>&1; then
  tail -n 30 /tmp/tfm-install-deps.log >&2
  echo "install-deps: 'apt-get install' failed for: ${missing[*]} (log: /tmp/tfm-install-deps.log)" >&2
  exit 1
fi
echo "install-deps: done"
