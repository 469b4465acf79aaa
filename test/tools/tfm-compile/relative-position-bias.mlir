// tfm.relative_position_bias on both backends against Hugging Face's T5
// _relative_position_bucket written in PyTorch (its f32 bucket arithmetic,
// compared bucket for bucket through the bias): t5-small's 32 buckets and
// max_distance 128 bidirectional (an encoder) over 200 positions (past
// max_distance both ways, and every distance 8 * 2^k where the f32 log lands
// on a bucket boundary), a decoder-style unidirectional bias with fewer
// queries than keys, and an odd table of 10 buckets of 3 heads.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input queries=%t/queries.npy --input keys=%t/keys.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input queries=%t/queries.npy --input keys=%t/keys.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm | FileCheck %s

// CHECK: ok encoder (1, 8, 200, 200)
// CHECK: ok decoder (1, 8, 9, 200)
// CHECK: ok odd (1, 3, 9, 200)
// CHECK: all outputs match

//--- model.mlir
func.func @forward(%q: tensor<?x?xi64> {tfm.name = "queries"}, %k: tensor<?x?xi64> {tfm.name = "keys"})
    -> (tensor<1x8x?x?xf32> {tfm.name = "encoder"}, tensor<1x8x?x?xf32> {tfm.name = "decoder"},
        tensor<1x3x?x?xf32> {tfm.name = "odd"}) {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %q, %c1 : tensor<?x?xi64>
  %s = tensor.dim %k, %c1 : tensor<?x?xi64>
  %table = tfm.param "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight" : tensor<32x8xf32>
  %small = tfm.param "odd" : tensor<10x3xf32>
  %e = tfm.relative_position_bias %table queries %s keys %s max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
  %d = tfm.relative_position_bias %table queries %t keys %s max_distance 128 : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
  %o = tfm.relative_position_bias %small queries %t keys %s max_distance 20 bidirectional : tensor<10x3xf32> -> tensor<1x3x?x?xf32>
  return %e, %d, %o : tensor<1x8x?x?xf32>, tensor<1x8x?x?xf32>, tensor<1x3x?x?xf32>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(9)
np.save(out / "queries.npy", np.zeros((1, 9), dtype=np.int64))
np.save(out / "keys.npy", np.zeros((1, 200), dtype=np.int64))
# Distinct values per bucket and head, so that a wrong bucket shows.
tensors = {"encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight":
               rng.permutation(32 * 8).reshape(32, 8).astype(np.float32),
           "odd": rng.permutation(30).reshape(10, 3).astype(np.float32)}
header, data = {}, b""
for name, value in tensors.items():
    header[name] = {"dtype": "F32", "shape": list(value.shape),
                    "data_offsets": [len(data), len(data) + value.nbytes]}
    data += value.tobytes()
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + data)
np.save(out / "table.npy", tensors["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"])
np.save(out / "odd.npy", tensors["odd"])

//--- check.py
import math, sys
from pathlib import Path
import numpy as np
import torch

work, results = Path(sys.argv[1]), Path(sys.argv[2])

def bucket(relative_position, bidirectional, num_buckets, max_distance):
    # Hugging Face's T5Attention._relative_position_bucket.
    relative_buckets = 0
    if bidirectional:
        num_buckets //= 2
        relative_buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    if_large = max_exact + (
        torch.log(relative_position.float() / max_exact)
        / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)
    ).to(torch.long)
    if_large = torch.min(if_large, torch.full_like(if_large, num_buckets - 1))
    return relative_buckets + torch.where(is_small, relative_position, if_large)

def bias(table, T, S, bidirectional, max_distance):
    context = torch.arange(T, dtype=torch.long)[:, None]
    memory = torch.arange(S, dtype=torch.long)[None, :]
    buckets = bucket(memory - context, bidirectional, table.shape[0], max_distance)
    return torch.from_numpy(table)[buckets].permute(2, 0, 1).unsqueeze(0).numpy()

table, odd = np.load(work / "table.npy"), np.load(work / "odd.npy")
expected = {"encoder": bias(table, 200, 200, True, 128),
            "decoder": bias(table, 9, 200, False, 128),
            "odd": bias(odd, 9, 200, True, 20)}
failures = 0
for name, want in expected.items():
    got = np.load(results / f"{name}.npy")
    ok = got.shape == want.shape and np.array_equal(got, want)
    failures += not ok
    wrong = int((got != want).sum()) if got.shape == want.shape else -1
    print(f"{'ok' if ok else 'FAIL'} {name} {got.shape} ({wrong} entries differ)")
print("all outputs match" if not failures else f"{failures} outputs differ")
