// The tiny LLaMA imported from its config (2 layers, 60 wide, 6 heads of 10
// sharing 2 key/value heads, MLP 92, untied head; and the tied variant)
// compiles and runs on both backends, against a float64 NumPy LLaMA written
// here from the architecture (RMSNorm, rotate-half rotary embedding,
// grouped-query causal attention, SwiGLU, final norm, head) on random
// weights saved under LlamaForCausalLM's names (`model.` prefix: the
// importer's aliases). With --kv-cache, a prefill of 7 tokens then a step
// of 2 at position 7 must give the full sequence's logits, and the cache
// must hold the keys after the rotary embedding; its rows past the tokens
// hold NaN, so reading past position + T would show. Bound: 1e-4 of the
// largest reference value. Sequences past max_position_embeddings are
// refused.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %S/../../Import/Inputs/tiny-llama.json %t/untied
// RUN: %python %t/make-inputs.py %S/../../Import/Inputs/tiny-llama-tied.json %t/tied
// RUN: tfm-import %S/../../Import/Inputs/tiny-llama.json -o %t/untied/model.mlir
// RUN: tfm-import %S/../../Import/Inputs/tiny-llama-tied.json -o %t/tied/model.mlir
// RUN: tfm-import --kv-cache %S/../../Import/Inputs/tiny-llama.json -o %t/untied/kv.mlir

// RUN: tfm-compile %t/untied/model.mlir --backend=dnnl -o %t/untied/dnnl.exe
// RUN: %t/untied/dnnl.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/ids.npy --output-dir %t/untied/out-dnnl
// RUN: %python %t/check.py full %t/untied %t/untied/out-dnnl | FileCheck %s --check-prefix=FULL
// RUN: tfm-compile %t/untied/model.mlir --backend=llvm -o %t/untied/llvm.exe
// RUN: %t/untied/llvm.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/ids.npy --output-dir %t/untied/out-llvm
// RUN: %python %t/check.py full %t/untied %t/untied/out-llvm | FileCheck %s --check-prefix=FULL
// FULL: ok logits (2, 9, 101)

// RUN: tfm-compile %t/tied/model.mlir --backend=dnnl -o %t/tied/dnnl.exe
// RUN: %t/tied/dnnl.exe --weights %t/tied/w.safetensors --input input_ids=%t/tied/ids.npy --output-dir %t/tied/out-dnnl
// RUN: %python %t/check.py full %t/tied %t/tied/out-dnnl | FileCheck %s --check-prefix=FULL
// RUN: tfm-compile %t/tied/model.mlir --backend=llvm -o %t/tied/llvm.exe
// RUN: %t/tied/llvm.exe --weights %t/tied/w.safetensors --input input_ids=%t/tied/ids.npy --output-dir %t/tied/out-llvm
// RUN: %python %t/check.py full %t/tied %t/tied/out-llvm | FileCheck %s --check-prefix=FULL

// With a KV cache: the prefill, then the decode step fed the prefill's cache.
// RUN: tfm-compile %t/untied/kv.mlir --backend=dnnl -o %t/untied/kv-dnnl.exe
// RUN: %t/untied/kv-dnnl.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/prefill-ids.npy --input position=%t/untied/position0.npy --input kv_cache=%t/untied/cache0.npy --output-dir %t/untied/prefill-dnnl
// RUN: %t/untied/kv-dnnl.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/step-ids.npy --input position=%t/untied/position7.npy --input kv_cache=%t/untied/prefill-dnnl/kv_cache.npy --output-dir %t/untied/step-dnnl
// RUN: %python %t/check.py cache %t/untied %t/untied/prefill-dnnl %t/untied/step-dnnl | FileCheck %s --check-prefix=CACHE
// RUN: tfm-compile %t/untied/kv.mlir --backend=llvm -o %t/untied/kv-llvm.exe
// RUN: %t/untied/kv-llvm.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/prefill-ids.npy --input position=%t/untied/position0.npy --input kv_cache=%t/untied/cache0.npy --output-dir %t/untied/prefill-llvm
// RUN: %t/untied/kv-llvm.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/step-ids.npy --input position=%t/untied/position7.npy --input kv_cache=%t/untied/prefill-llvm/kv_cache.npy --output-dir %t/untied/step-llvm
// RUN: %python %t/check.py cache %t/untied %t/untied/prefill-llvm %t/untied/step-llvm | FileCheck %s --check-prefix=CACHE
// CACHE: ok prefill logits (2, 7, 101)
// CACHE: ok prefill keys and values
// CACHE: ok step logits (2, 2, 101)
// CACHE: ok step keys and values

// Positions past max_position_embeddings (64) are refused before the run,
// as GPT-2's past its position table: 65 tokens, and 5 tokens at position
// 60; 64 tokens, and 5 at position 59, run.
// RUN: not %t/untied/dnnl.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/ids65.npy --output-dir %t/untied/long 2>&1 | FileCheck %s --check-prefix=LONG
// LONG: error: input 'input_ids' ({{.*}}ids65.npy): sequence length 65 exceeds the model's 64 positions
// RUN: %t/untied/dnnl.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/ids64.npy --output-dir %t/untied/longest
// RUN: not %t/untied/kv-llvm.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/five.npy --input position=%t/untied/position60.npy --input kv_cache=%t/untied/cache70.npy --output-dir %t/untied/late 2>&1 | FileCheck %s --check-prefix=LATE
// LATE: error: input 'position' ({{.*}}position60.npy): position = 60 + 5 new tokens (dimension 1 of input 'input_ids' ({{.*}}five.npy)) exceeds the model's 64 positions
// RUN: %t/untied/kv-llvm.exe --weights %t/untied/w.safetensors --input input_ids=%t/untied/five.npy --input position=%t/untied/position59.npy --input kv_cache=%t/untied/cache70.npy --output-dir %t/untied/last

// The checker fails on a cache of keys before the rotary embedding.
// RUN: not %python %t/check.py cache-unrotated %t/untied %t/untied/prefill-dnnl %t/untied/step-dnnl | FileCheck %s --check-prefix=UNROTATED
// UNROTATED: mismatch prefill keys and values

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

config = json.loads(Path(sys.argv[1]).read_text())
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(15)
V, D, F = config["vocab_size"], config["hidden_size"], config["intermediate_size"]
H, KV, L = config["num_attention_heads"], config["num_key_value_heads"], config["num_hidden_layers"]
d = D // H
weights = {"model.embed_tokens.weight": rng.standard_normal((V, D))}
for i in range(L):
    p = f"model.layers.{i}."
    weights[p + "input_layernorm.weight"] = 1 + 0.2 * rng.standard_normal(D)
    for name, rows in (("q", D), ("k", KV * d), ("v", KV * d), ("o", D)):
        weights[p + f"self_attn.{name}_proj.weight"] = rng.standard_normal((rows, D)) / np.sqrt(D)
    weights[p + "post_attention_layernorm.weight"] = 1 + 0.2 * rng.standard_normal(D)
    weights[p + "mlp.gate_proj.weight"] = rng.standard_normal((F, D)) / np.sqrt(D)
    weights[p + "mlp.up_proj.weight"] = rng.standard_normal((F, D)) / np.sqrt(D)
    weights[p + "mlp.down_proj.weight"] = rng.standard_normal((D, F)) / np.sqrt(F)
weights["model.norm.weight"] = 1 + 0.2 * rng.standard_normal(D)
if not config.get("tie_word_embeddings", False):
    weights["lm_head.weight"] = rng.standard_normal((V, D)) / np.sqrt(D)
weights = {k: v.astype(np.float32) for k, v in weights.items()}
header, blobs, offset = {}, [], 0
for name, w in weights.items():
    header[name] = {"dtype": "F32", "shape": list(w.shape), "data_offsets": [offset, offset + w.nbytes]}
    blobs.append(w.tobytes())
    offset += w.nbytes
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))
np.savez(out / "w.npz", **weights)
(out / "config.json").write_text(json.dumps(config))
ids = rng.integers(0, V, size=(2, 9)).astype(np.int64)
np.save(out / "ids.npy", ids)
np.save(out / "prefill-ids.npy", ids[:, :7])
np.save(out / "step-ids.npy", ids[:, 7:])
np.save(out / "position0.npy", np.array(0, dtype=np.int64))
np.save(out / "position7.npy", np.array(7, dtype=np.int64))
np.save(out / "ids65.npy", rng.integers(0, V, size=(1, 65)).astype(np.int64))
np.save(out / "ids64.npy", rng.integers(0, V, size=(1, 64)).astype(np.int64))
np.save(out / "five.npy", rng.integers(0, V, size=(2, 5)).astype(np.int64))
np.save(out / "position60.npy", np.array(60, dtype=np.int64))
np.save(out / "position59.npy", np.array(59, dtype=np.int64))
np.save(out / "cache70.npy", np.zeros((L, 2, 2, 70, KV * d), dtype=np.float32))
# 12 rows for 9 tokens: the rows never written stay NaN.
np.save(out / "cache0.npy", np.full((L, 2, 2, 12, KV * d), np.nan, dtype=np.float32))

//--- check.py
# float64 LLaMA: the logits of the whole sequence and each layer's keys
# (after the rotary embedding) and values.
import json, sys
from pathlib import Path
import numpy as np

mode, work = sys.argv[1], Path(sys.argv[2])
config = json.loads((work / "config.json").read_text())
w = {k: v.astype(np.float64) for k, v in np.load(work / "w.npz").items()}
ids = np.load(work / "ids.npy")
H, KV = config["num_attention_heads"], config["num_key_value_heads"]
D, L = config["hidden_size"], config["num_hidden_layers"]
eps, theta, d = config["rms_norm_eps"], config.get("rope_theta", 10000.0), D // H

def rms_norm(x, g):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * g

def rotary(x, heads):
    B, T, _ = x.shape
    x = x.reshape(B, T, heads, d)
    angle = np.arange(T)[:, None] * theta ** (-np.arange(0, d, 2) / d)  # [T, d/2]
    cos, sin = np.cos(angle)[None, :, None], np.sin(angle)[None, :, None]
    a, b = x[..., : d // 2], x[..., d // 2 :]
    return np.concatenate([a * cos - b * sin, b * cos + a * sin], -1).reshape(B, T, heads * d)

def forward(rotate_keys=True):
    h = w["model.embed_tokens.weight"][ids]
    B, T, _ = h.shape
    cached = []
    for i in range(L):
        p = f"model.layers.{i}."
        n = rms_norm(h, w[p + "input_layernorm.weight"])
        q = rotary(n @ w[p + "self_attn.q_proj.weight"].T, H)
        k_plain = n @ w[p + "self_attn.k_proj.weight"].T
        k = rotary(k_plain, KV)
        v = n @ w[p + "self_attn.v_proj.weight"].T
        cached.append((k if rotate_keys else k_plain, v))
        qh = q.reshape(B, T, H, d).transpose(0, 2, 1, 3)
        # Query head j reads key/value head j // (H / KV).
        kh = np.repeat(k.reshape(B, T, KV, d).transpose(0, 2, 1, 3), H // KV, axis=1)
        vh = np.repeat(v.reshape(B, T, KV, d).transpose(0, 2, 1, 3), H // KV, axis=1)
        scores = qh @ kh.transpose(0, 1, 3, 2) / np.sqrt(d)
        scores = np.where(np.tril(np.ones((T, T), bool)), scores, -np.inf)
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        probs /= probs.sum(-1, keepdims=True)
        context = (probs @ vh).transpose(0, 2, 1, 3).reshape(B, T, D)
        h = h + context @ w[p + "self_attn.o_proj.weight"].T
        n = rms_norm(h, w[p + "post_attention_layernorm.weight"])
        gate = n @ w[p + "mlp.gate_proj.weight"].T
        up = n @ w[p + "mlp.up_proj.weight"].T
        h = h + (gate / (1 + np.exp(-gate)) * up) @ w[p + "mlp.down_proj.weight"].T
    h = rms_norm(h, w["model.norm.weight"])
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return h @ head.T, cached

failed = False

def compare(what, got, ref):
    global failed
    bound = 1e-4 * np.abs(ref).max()
    error = np.abs(got.astype(np.float64) - ref).max() if got.shape == ref.shape else np.inf
    if got.shape != ref.shape or not np.isfinite(got).all() or not error <= bound:
        print(f"mismatch {what}: shape {got.shape} vs {ref.shape}, max error {error} > {bound}")
        failed = True
    else:
        print(f"ok {what}")

logits, cached = forward(rotate_keys=mode != "cache-unrotated")
if mode == "full":
    got = np.load(Path(sys.argv[3]) / "logits.npy")
    compare(f"logits {got.shape}", got, logits)
else:
    for step, (out, start, end) in enumerate(((sys.argv[3], 0, 7), (sys.argv[4], 7, 9))):
        out = Path(out)
        name = ("prefill", "step")[step]
        got = np.load(out / "logits.npy")
        compare(f"{name} logits {got.shape}", got, logits[:, start:end])
        cache = np.load(out / "kv_cache.npy")
        # Rows [0, end) hold every token so far; the rest are still NaN.
        ref = np.stack([np.stack([k, v]) for k, v in cached])[:, :, :, :end]
        compare(f"{name} keys and values", cache[:, :, :, :end], ref)
        if not np.isnan(cache[:, :, :, end:]).all():
            print(f"mismatch {name}: rows past {end} were written")
            failed = True
sys.exit(1 if failed else 0)
