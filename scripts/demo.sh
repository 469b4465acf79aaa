#!/usr/bin/env bash
# The README's main command. Installs what is missing and builds, then, on a
# built-in default (a small random-weight GPT-2 made by scripts/make_reference.py):
#   1. shows the masked-softmax fusion on a shipped attention snippet;
#   2. imports the model's config.json, compiles it to a native executable,
#      runs it on a default input and compares the logits with PyTorch's.
# Pass --model bert|vit to use another built-in model.
set -euo pipefail
cd "$(dirname "$0")/.."
model=gpt2
if [[ "${1:-}" == "--model" ]]; then model=${2:?--model needs gpt2, bert or vit}; fi
./scripts/install-deps.sh
./scripts/build.sh
bin=build/bin
work=build/demo/$model

echo
echo "=== 1. tfm-fuse-masked-softmax on models/snippets/gpt2-attention-scores.mlir"
echo "--- before (scale, select with -inf, softmax):"
grep -E "tfm\.(scale|select|softmax)" models/snippets/gpt2-attention-scores.mlir
echo "--- after:"
$bin/tfm-opt --tfm-fuse-masked-softmax models/snippets/gpt2-attention-scores.mlir | grep -E "tfm\.(scale|select|softmax|masked_softmax)"

echo
echo "=== 2. $model: config.json -> tfm-import -> tfm-compile -> run"
/usr/bin/python3 scripts/make_reference.py --model "$model" --out "$work" >/dev/null
$bin/tfm-import "$work/config.json" -o "$work/model.mlir"
echo "imported $work/model.mlir: $(grep -c 'tfm.param' "$work/model.mlir") weights, $(grep -c 'tfm\.' "$work/model.mlir") tfm ops"
$bin/tfm-compile "$work/model.mlir" -o "$work/model.exe"
echo "compiled $work/model.exe"
case_dir=$(ls -d "$work"/cases/* | tail -n 1)
inputs=()
for f in "$case_dir"/inputs/*.npy; do inputs+=(--input "$(basename "$f" .npy)=$f"); done
"$work/model.exe" --weights "$work/model.safetensors" "${inputs[@]}" --output-dir "$work/out"
"$work/model.exe" --weights "$work/model.safetensors" "${inputs[@]}" --output-dir "$work/out" --bench 20
/usr/bin/python3 - "$case_dir/expected" "$work/out" <<'PY'
import glob, os, sys
import numpy as np
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.npy"))):
    expected = np.load(path)
    actual = np.load(os.path.join(sys.argv[2], os.path.basename(path)))
    error = np.abs(actual - expected).max() / np.abs(expected).max()
    print(f"{os.path.basename(path)}: max error vs PyTorch {error:.2e} of max |expected|")
PY
