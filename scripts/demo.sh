#!/usr/bin/env bash
# The README's main command: builds tfm, then shows the masked-softmax fusion on
# a shipped GPT-2 attention snippet (IR before and after).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
snippet=${1:-models/snippets/gpt2-attention-scores.mlir}
echo "=== $snippet (before)"
build/bin/tfm-opt "$snippet"
echo "=== after --tfm-fuse-masked-softmax"
build/bin/tfm-opt --tfm-fuse-masked-softmax "$snippet"
