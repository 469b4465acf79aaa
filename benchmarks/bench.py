#!/usr/bin/env python3
"""tfm benchmark: real-size models (MODELS) against ONNX Runtime and PyTorch.

    /usr/bin/python3 benchmarks/bench.py [--models gpt2,bert,vit,clip-text,t5-encoder,llama]
        [--backends llvm,dnnl] [--precisions f32,bf16,int8] [--threads 1,2]
        [--reps 5] [--reps-large N]
        [--quick] [--isa AVX2] [--no-ort] [--no-pytorch]
        [--workdir BUILD/bench] [--dry-run] [--list-models] ...

The models: GPT-2 124M, BERT-base, ViT-B/16, CLIP ViT-B/32's text encoder,
t5-small's encoder and issue 15's LLaMA-style decoder (12 layers, 768 wide,
4 KV heads; its config is make_reference.py's, imported with the build's
tfm-import: no models/ folder) (MODELS; --list-models prints their shapes,
FLOPs and inputs).

(benchmarks/run.sh installs the dependencies and builds first.)  In one run:

1. Measures the machine's fp32 FMA peak (benchmarks/fma_peak.c, compiled now
   with clang-19 -O2 -fopenmp) for 1 and 2 threads, with the widest FMAs the
   CPU has (AVX-512 or AVX2), and later for the ISA oneDNN runs at if that
   is narrower.
2. Per model: random weights at the real size with Hugging Face names
   (scripts/make_reference.py --size real; cached in WORKDIR/weights) and
   random inputs (.npy, cached in WORKDIR/inputs) for each shape:
       batch 1 and 8 x 128 tokens (ViT: a 224x224 image; CLIP text: its
       77-token context), and batch 1 x 1024 tokens (GPT-2, LLaMA) / 512
       tokens (BERT, T5); --quick: batch 1 at the first length (ViT b1) only.
3. PyTorch (make_reference's forward functions: plain torch, the HF eager
   code path, the same safetensors file), one subprocess per shape and
   thread setting (OMP_NUM_THREADS/OPENBLAS_NUM_THREADS are read when torch
   loads): omp1/blas1, omp2/blas1, omp1/blas2, omp2/blas2 (the last
   oversubscribes two cores).  Its outputs are the reference (cached).
   When bf16 is among --precisions, PyTorch bf16 is a peer too: the same
   weights and inputs converted to torch.bfloat16 (model.to(torch.bfloat16)),
   at --torch-bf16-settings (default omp1/blas1, omp2/blas1: its bf16
   matmuls are oneDNN's, threaded by OpenMP), its error measured against
   the f32 reference like tfm's.
4. ONNX Runtime (npm's onnxruntime-node, installed once into WORKDIR/ort;
   without npm or the registry the run says so and goes on without it):
   onnx_export.py exports the same forward functions with the same weights
   (torch.onnx.export, opset 14, dynamic batch and sequence; cached in
   WORKDIR/onnx), and ort_worker.js runs each shape at each thread count
   (CPU provider, all graph optimizations, intra-op threads = the thread
   count, one inter-op thread).  Its outputs are checked like tfm's: a wrong
   peer is flagged, not timed as if it were right.
5. Compiles models/*/*.mlir (LLaMA: WORKDIR/models/llama/llama.mlir,
   imported from make_reference.py's real config) with build/bin/tfm-compile
   --backend=B for each backend, and with --precision=P for each of --precisions (default f32,
   bf16, int8; the dnnl backend only, llvm is f32), cached in WORKDIR/exe
   until the compiler, runtime or model changes; runs every shape at every
   thread count with --bench N, and reads the child's peak RSS with wait4().
   Every output is checked against PyTorch's f32 ones: f32 must have
   max|tfm - torch| / max|torch| <= --tolerance (1e-4); bf16 and int8 are
   held to their precision's bounds (scripts/accuracy.py: max and mean
   error, min row cosine, GPT-2's and LLaMA's argmax agreement; bf16 to
   the f32 ones where oneDNN has no AMX and so computes it in f32), so a
   fast but wrong build
   fails the run instead of looking good.  The kernel family each precision
   ran with (the "kernels" field of --bench) is shown.  Each
   dnnl executable first runs once with DNNL_VERBOSE=1, which names the ISA
   oneDNN dispatches to (its "isa:" line) and the kernels it picks; % of
   peak is then of that ISA's FMA peak.  --isa caps it (DNNL_MAX_CPU_ISA, as
   does that variable in the environment); the llvm backend targets the
   host's CPU whatever the cap, and the peers always run uncapped.
6. Generation of the decoders among --models (GPT-2, LLaMA; unless
   --no-generation; --generation-only: nothing else): the memory bandwidth (benchmarks/mem_bandwidth.c, compiled like
   fma_peak.c: a STREAM-like triad a[i] = b[i] + s*c[i] over three arrays of
   doubles at least 4x the last-level caches, at each thread count; GB/s in
   STREAM's convention, 24 bytes per element, and also counting the
   write-allocate reads, 32; and a read-only sum), then greedy generation at
   batch 1 of --gen-tokens (128) tokens after a --gen-prompt (128) token
   prompt: PyTorch with a KV cache (torch_worker.py --generate, in each
   --torch-settings) and tfm (Bench.tfm_generation: `tfm run`, GPT-2 only;
   `tfm run` has no LlamaForCausalLM job yet, which the report says), each
   with time to first token and decode tokens/s against the bound: triad
   bandwidth / the bytes a decode step reads (every weight once, the LM
   head included, plus the cache's keys and values so far).
7. Prints the tables and writes WORKDIR/results.json and results.md.

Timing: each configuration gets one warm-up run and N timed runs, reporting
the median (--reps for batch-1 x 128 shapes, --reps-large for the rest).
With --rounds R, each model's tfm executables run R times, the precisions
taking turns, and the figure is the median of the R medians: the host's
speed drifts by tens of percent over minutes here, and a ratio between
precisions should compare runs made at the same times.
Exit status: 0 if everything compiled, ran and matched PyTorch (ONNX
Runtime's outputs too); 1 otherwise; 2 for a usage error.
"""

import argparse
import datetime
import importlib.util
import json
import statistics
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

try:
    import numpy as np
except ImportError:
    sys.exit(f"bench.py: {sys.executable} has no numpy; run it with /usr/bin/python3 "
             "(benchmarks/run.sh does)")

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "scripts"))
import accuracy  # noqa: E402  (the precisions' accuracy bounds)

PRECISIONS = list(accuracy.BOUNDS)  # f32, bf16, int8
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable

# The models (MODELS: their inputs, shapes and FLOP counts) are under
# "Models, shapes and FLOPs" below.
DEFAULT_TORCH_SETTINGS = "1/1,2/1,1/2,2/2"
# PyTorch's bf16 matmuls are oneDNN's (threaded by OpenMP), not OpenBLAS's.
DEFAULT_TORCH_BF16_SETTINGS = "1/1,2/1"

# ONNX Runtime from npm, pinned so that reruns compare against the same peer.
ORT_PACKAGE, ORT_VERSION = "onnxruntime-node", "1.30.0"

# --isa values: oneDNN 2.6's DNNL_MAX_CPU_ISA names that fma_peak.c has a
# kernel for (ALL lifts a cap set in the environment).  SSE41 and AVX are
# valid oneDNN caps but have no FMA, so there would be no peak to compare to.
ISA_CAPS = ["ALL", "AVX2", "AVX2_VNNI", "AVX512_CORE", "AVX512_CORE_VNNI",
            "AVX512_CORE_BF16", "AVX512_CORE_AMX"]
# Every value oneDNN 2.6 accepts (in any case); it silently ignores others.
DNNL_ISA_NAMES = ISA_CAPS + ["SSE41", "AVX", "AVX512_MIC", "AVX512_MIC_4OPS"]
# oneDNN's description of the ISA in force (its verbose "isa:" line; 2.6
# prints e.g. "Intel AVX-512 with Intel DL Boost and bfloat16 support and
# Intel AMX with bfloat16 and 8-bit integer support") -> its name in
# dnnl_cpu_isa_t and the fma_peak.c kernel of its vector width.  First
# match wins, so the richer descriptions come first.
DNNL_ISAS = [
    (r"AVX-512.*AMX", "avx512_core_amx", "avx512"),
    (r"AVX-512.*bfloat16", "avx512_core_bf16", "avx512"),
    (r"AVX-512.*DL Boost", "avx512_core_vnni", "avx512"),
    (r"AVX-512", "avx512_core", "avx512"),
    (r"AVX2.*DL Boost", "avx2_vnni", "avx2"),
    (r"AVX2", "avx2", "avx2"),
    (r"AVX", "avx", None),
    (r"SSE4\.1", "sse41", None),
]
DNNL_ISA_LINE = re.compile(r"^(?:onednn|dnnl)_verbose,info,cpu,isa:(.*)$")
DNNL_EXEC_LINE = re.compile(r"^(?:onednn|dnnl)_verbose,exec,cpu,([^,]+),([^,]+),")

# Rough efficiencies (fraction of the measured FMA peak) and fixed costs, for
# the duration estimate printed before the run.  Measured on the 2-core AVX2
# development machine; the estimate is only a guide.
EST_TFM_EFF = {"llvm": 0.30, "dnnl": 0.70}     # other backends: 0.30
EST_TORCH_EFF = 0.55
EST_ORT_EFF = 0.50
EST_TFM_START_S = 1.5      # process start, weight binding, output writing
EST_TORCH_START_S = 4.0    # interpreter, import torch, read weights
EST_ORT_START_S = 4.0      # node, session creation (graph optimization)
EST_EXPORT_S = 60.0        # one real-size ONNX export
EST_NPM_S = 30.0           # npm install onnxruntime-node
EST_COMPILE_S = {"llvm": 30.0, "dnnl": 5.0}    # one real-size model; others: 40
EST_GENERATE_S = 20.0      # one real-size random checkpoint
EST_BANDWIDTH_S = 15.0     # mem_bandwidth.c at one thread count
EST_BANDWIDTH_GBS = 10.0   # a memory bandwidth to estimate with (before it is measured)
EST_TORCH_DECODE_EFF = 0.5  # PyTorch's decode tokens/s / the bandwidth bound


BUSY_CORES_WARN = 0.25    # CPUs used by other processes that make a measurement suspect
NOISY = "*"               # marks such measurements in the tables


def cpu_busy_seconds():
    """CPU time (all CPUs, seconds) spent not idle since boot, or None."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return (sum(v[:8]) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait
    except (OSError, ValueError, IndexError):
        return None


def cpu_busy_cores(seconds):
    """How many CPUs were busy over the next `seconds`."""
    b0 = cpu_busy_seconds()
    time.sleep(seconds)
    b1 = cpu_busy_seconds()
    return None if b0 is None or b1 is None else (b1 - b0) / seconds


def duration(seconds):
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def log(msg):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {msg}", flush=True)


class BenchError(Exception):
    """A problem that stops the benchmark (missing build, bad environment)."""


# --------------------------------------------------------------------------
# Models, shapes and FLOPs
# --------------------------------------------------------------------------

class Shape:
    def __init__(self, model, batch, seq, large):
        self.model, self.batch, self.seq, self.large = model, batch, seq, large

    @property
    def label(self):  # batch x seq, or batch x channels x height x width
        return f"{self.batch}x{self.seq}" if self.seq else f"{self.batch}x3x224x224"

    @property
    def key(self):
        return f"b{self.batch}_t{self.seq}" if self.seq else f"b{self.batch}_img"


def shapes_for(model, quick):
    """Batch 1 and 8 at the model's base length (image models: one image
    each), then batch 1 at its long length if it has one; --quick: batch 1 at
    the base length only."""
    f = MODELS[model]
    out = [Shape(model, 1, f.seq, False), Shape(model, 8, f.seq, True)]
    if f.long_seq:
        out.append(Shape(model, 1, f.long_seq, True))
    return [s for s in out if not s.large] if quick else out


def model_flops(model, cfg, batch, seq):
    """FLOPs of one forward pass, counted analytically (a multiply-add is 2).

    Every matrix product counts 2*M*K*N (M rows, K reduced, N columns):
      linear layer   M = tokens it is applied to, K = in features, N = out
      attention      2 * 2*B*H*T*S*Dh   (Q.K^T and P.V; S = key length = T,
                     H heads of Dh). Under a causal mask (GPT-2, CLIP's text
                     encoder) only the kept half counts, S = (T+1)/2 on
                     average: tfm skips the masked key blocks, and a FLOP
                     PyTorch spends on a score it then masks is not useful
                     work.
    With B = batch, T = tokens per sequence, M = B*T, L layers, D hidden, A
    the attention's inner width (H*Dh; D but for T5), I MLP width (GPT-2:
    4D), V vocabulary, one layer is
      2M*D*(A + 2*Akv) (query, key, value; Akv = A but with grouped-query
      attention) + 2M*A*D (attention output)
      + 2M*D*I * (2 gated, else 1) + 2M*I*D + 4*B*H*T*S*Dh
    and the models
      GPT-2      L*layer + 2M*D*V (LM head, tied to wte)
      BERT       L*layer + 2*B*D*D (pooler, [CLS])
      ViT        N = (image/patch)^2 patches, T = N + 1 (with [CLS]):
                 2*B*N*(C*P*P)*D (patch-embedding conv as a matmul)
                 + L*layer + 2*B*D*labels (classifier on [CLS])
      CLIP text  L*layer, causal (the pooled output is a row gather)
      T5 enc.    L*layer with A = num_heads*d_kv, I = d_ff; no biases (none
                 are counted anyway); the relative position bias is added
                 to the scores, O(H*T*T), not a product
      LLaMA      L*layer, causal, gated (SwiGLU: gate, up and down, three
                 D x I products), Akv = num_key_value_heads*head_dim (the
                 12-layer 768-wide model's 4 KV heads: key and value
                 768 -> 256), + 2M*D*V (LM head, untied)
    Not counted: embedding lookups, layer norms (RMSNorm too), softmax, GELU,
    SiLU and the gate's product, rotary embeddings, residual adds, biases and
    T5's bias buckets (O(M*D) or O(H*T*T) each, well under 1 % of
    the total).
    """
    return MODELS[model].flops(cfg, batch, seq)


def layer_flops(B, T, D, H, I, A=None, causal=False, gated=False, kv_heads=None):
    """One transformer layer's matmul FLOPs (see model_flops); kv_heads:
    key/value heads when fewer than H (grouped-query attention), which
    narrows the key and value projections only."""
    A = A or D
    M, Dh = B * T, A // H
    A_kv = (kv_heads or H) * Dh
    keys = (T + 1) / 2 if causal else T
    return (2 * M * D * (A + 2 * A_kv) + 2 * M * A * D + 2 * M * D * I * (2 if gated else 1)
            + 2 * M * I * D + 2 * 2 * B * H * T * keys * Dh)


def gpt2_flops(cfg, B, T):
    D, L, H, V = cfg["n_embd"], cfg["n_layer"], cfg["n_head"], cfg["vocab_size"]
    I = cfg.get("n_inner") or 4 * D
    return L * layer_flops(B, T, D, H, I, causal=True) + 2 * B * T * D * V


def bert_flops(cfg, B, T):
    D, L, H = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"]
    return L * layer_flops(B, T, D, H, cfg["intermediate_size"]) + 2 * B * D * D


def vit_flops(cfg, B, _):
    D, L, H = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"]
    C, P = cfg["num_channels"], cfg["patch_size"]
    N = (cfg["image_size"] // P) ** 2
    return (2 * B * N * (C * P * P) * D + L * layer_flops(B, N + 1, D, H, cfg["intermediate_size"])
            + 2 * B * D * cfg["num_labels"])


def clip_text_flops(cfg, B, T):
    D, L, H = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"]
    return L * layer_flops(B, T, D, H, cfg["intermediate_size"], causal=True)


def t5_encoder_flops(cfg, B, T):
    gated = cfg.get("feed_forward_proj", "relu").startswith("gated-")
    return cfg["num_layers"] * layer_flops(B, T, cfg["d_model"], cfg["num_heads"], cfg["d_ff"],
                                           A=cfg["num_heads"] * cfg["d_kv"], gated=gated)


def llama_flops(cfg, B, T):
    D, L, H = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"]
    return (L * layer_flops(B, T, D, H, cfg["intermediate_size"], A=H * (cfg.get("head_dim")
                                                                        or D // H),
                            causal=True, gated=True,
                            kv_heads=cfg.get("num_key_value_heads", H))
            + 2 * B * T * D * cfg["vocab_size"])


def token_ids(cfg, rng, B, T):
    return {"input_ids": rng.integers(0, cfg["vocab_size"], (B, T), dtype=np.int64)}


def bert_inputs(cfg, rng, B, T):
    # Real tokens avoid the pad id 0; every position attended, one segment.
    return {"input_ids": rng.integers(1, cfg["vocab_size"], (B, T), dtype=np.int64),
            "attention_mask": np.ones((B, T), dtype=np.int64),
            "token_type_ids": np.zeros((B, T), dtype=np.int64)}


def image_inputs(cfg, rng, B, _):
    S, C = cfg["image_size"], cfg["num_channels"]
    return {"pixel_values": rng.standard_normal((B, C, S, S), dtype=np.float32)}


def clip_text_inputs(cfg, rng, B, T):
    """Prompts as text-to-image pipelines feed CLIP: the full 77-token
    context, <|startoftext|> (vocab - 2), 4..T-2 random tokens below it,
    <|endoftext|> (vocab - 1, the largest id: the pooled position), then
    padding (id 0); no attention mask (all ones), as the pipelines pass none:
    the causal mask keeps the padding out of the pooled output."""
    V = cfg["vocab_size"]
    ids = np.zeros((B, T), dtype=np.int64)
    for row, n in zip(ids, rng.integers(4, T - 1, B)):
        row[0], row[1:n + 1], row[n + 1] = V - 2, rng.integers(1, V - 2, n), V - 1
    return {"input_ids": ids, "attention_mask": np.ones((B, T), dtype=np.int64)}


def t5_inputs(cfg, rng, B, T):
    # Tokens above the pad (0) and eos (1) ids; every position attended.
    return {"input_ids": rng.integers(2, cfg["vocab_size"], (B, T), dtype=np.int64),
            "attention_mask": np.ones((B, T), dtype=np.int64)}


def make_inputs(shape, cfg, seed):
    """The random inputs of `shape`: a pure function of the seed, the shape
    and the model's place in MODELS."""
    rng = np.random.default_rng([seed, shape.batch, shape.seq or 0,
                                 list(MODELS).index(shape.model)])
    return MODELS[shape.model].inputs(cfg, rng, shape.batch, shape.seq)


class Family:
    """A benchmark model.

    kind          scripts/make_reference.py --model (its SPECS and FORWARD
                  key: the random weights and PyTorch's forward pass)
    directory     models/DIR/{DIR.mlir, config.json}; None for a model with
                  no published checkpoint (the LLaMA-style one): its config
                  is make_reference.py's real-size config of `kind`
                  (reference_config), and its .mlir is imported from that by
                  the build's tfm-import into WORKDIR/models/NAME
    aliases       other --models names
    shape_fields  config fields that fix the tensor shapes: the generated
                  config must agree with the model's config (models/DIR's,
                  else make_reference's) on them (the .mlir was imported from
                  the latter), and both must have them
    seq           tokens of the batch 1 and 8 shapes (None: an image model)
    long_seq      tokens of the long batch-1 shape, or None
    inputs        (cfg, rng, batch, seq) -> {input name: array}
    flops         (cfg, batch, seq) -> matmul FLOPs of a forward pass
    logits        the output whose argmax agreement is measured, or None
    decoder       a Decoder: the model joins the generation benchmark
    """

    def __init__(self, kind, directory, shape_fields, seq, inputs, flops, long_seq=None,
                 aliases=(), logits=None, decoder=None):
        self.kind, self.directory, self.shape_fields = kind, directory, shape_fields
        self.seq, self.long_seq, self.inputs, self.flops = seq, long_seq, inputs, flops
        self.aliases, self.logits, self.decoder = aliases, logits, decoder

    @property
    def source(self):
        """Where its config and IR come from, for --list-models."""
        return (f"models/{self.directory}" if self.directory else
                "no models/ folder: make_reference.py's real config, imported by tfm-import")


class Decoder:
    """What the generation benchmark (step 6) needs of a decoder.

    label            its name in the report
    weight_elements  (cfg) -> parameters a batch-1 decode step reads
    cache            (cfg) -> (layers, key/value width): one cached token is
                     2 * layers * width elements
    positions        the config field of its context length
    tfm              None when Bench.tfm_generation runs it; else why tfm's
                     side is not measured (reported, not failed)
    """

    def __init__(self, label, weight_elements, cache, positions, tfm=None):
        self.label, self.weight_elements, self.cache = label, weight_elements, cache
        self.positions, self.tfm = positions, tfm


def llama_cache_width(cfg):
    H = cfg["num_attention_heads"]
    hd = cfg.get("head_dim") or cfg["hidden_size"] // H
    return cfg["num_hidden_layers"], cfg.get("num_key_value_heads", H) * hd


def reference_config(kind):
    """make_reference.py's real-size config of `kind` (make_config), from a
    child process: importing make_reference loads torch, which this process
    must not (see run_measured)."""
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import make_reference as mr; "
            "print(json.dumps(mr.make_config(sys.argv[2], 'real')))")
    r = subprocess.run([PYTHON, "-c", code, str(REPO / "scripts"), kind],
                       capture_output=True, text=True)
    if r.returncode:
        raise BenchError(f"make_reference.make_config({kind!r}, 'real') failed:\n"
                         f"{tail(r.stdout + r.stderr)}")
    return json.loads(r.stdout)


def model_config(model):
    """The config the benchmark's .mlir of `model` is imported from."""
    f = MODELS[model]
    if f.directory is None:
        return reference_config(f.kind)
    return json.loads((REPO / "models" / f.directory / "config.json").read_text())


# Order matters: a model's index seeds its random inputs, so new ones go last.
MODELS = {
    "gpt2": Family("gpt2", "gpt2", ["vocab_size", "n_positions", "n_embd", "n_layer", "n_head"],
                   seq=128, long_seq=1024, inputs=token_ids, flops=gpt2_flops, logits="logits",
                   decoder=Decoder("GPT-2", lambda c: gpt2_weight_elements(c),
                                   lambda c: (c["n_layer"], c["n_embd"]), "n_positions")),
    "bert": Family("bert", "bert-base-uncased",
                   ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                    "intermediate_size", "max_position_embeddings", "type_vocab_size"],
                   seq=128, long_seq=512, inputs=bert_inputs, flops=bert_flops),
    "vit": Family("vit", "vit-base-patch16-224",
                  ["image_size", "patch_size", "num_channels", "hidden_size", "num_hidden_layers",
                   "num_attention_heads", "intermediate_size", "num_labels"],
                  seq=None, inputs=image_inputs, flops=vit_flops),
    # CLIP ViT-B/32's text encoder: its whole 77-token context, no longer shape.
    "clip-text": Family("clip-text", "clip-text-vit-b-32",
                        ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                         "intermediate_size", "max_position_embeddings"],
                        seq=77, inputs=clip_text_inputs, flops=clip_text_flops),
    # t5-small's encoder (ReLU); 512 tokens is its pretraining length.
    "t5-encoder": Family("t5", "t5-small",
                         ["vocab_size", "d_model", "d_kv", "d_ff", "num_layers", "num_heads",
                          "relative_attention_num_buckets"],
                         seq=128, long_seq=512, inputs=t5_inputs, flops=t5_encoder_flops),
    # Issue 15's LLaMA-style decoder: 12 layers, 768 wide, 12 heads over 4
    # KV heads, SwiGLU 2048, 32000 ids, untied head. No published checkpoint
    # has that shape, so no models/ folder: make_reference's real config.
    # Lengths as GPT-2's (its 2048 positions hold 1024).
    "llama": Family("llama", None,
                    ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                     "num_key_value_heads", "intermediate_size", "max_position_embeddings",
                     "tie_word_embeddings"],
                    seq=128, long_seq=1024, inputs=token_ids, flops=llama_flops,
                    logits="logits",
                    decoder=Decoder("LLaMA", lambda c: llama_weight_elements(c),
                                    llama_cache_width, "max_position_embeddings",
                                    tfm="`tfm run` has no LlamaForCausalLM job yet: its "
                                        "generation runs GPT2LMHeadModel, with positions "
                                        "from n_positions")),
}
ALIASES = {alias: name for name, f in MODELS.items()
           for alias in (name, f.directory, *f.aliases) if alias}


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------

def current_rss_mb():
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        pass
    return 0.0


class Measured:
    """A finished child: rc, out, err, rss_mb (its peak RSS, from its own
    rusage), wall_s, and other_cores: the CPUs other processes kept busy
    meanwhile on average (all CPU time spent while it ran, minus its own),
    which flags measurements disturbed by other work on the machine."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def run_measured(cmd, env, stdout_path, stderr_path):
    """Runs cmd to completion and returns a Measured.

    The child's ru_maxrss is at least this process's RSS when it was started
    (Linux carries the forking process's high-water mark across exec), so
    this process must stay far smaller than what it measures: it never loads
    model outputs (compare_outputs.py does)."""
    driver = current_rss_mb()
    if driver > 200:
        log(f"warning: bench.py itself uses {driver:.0f} MB; child RSS below that "
            "is not measurable")
    busy0 = cpu_busy_seconds()
    t0 = time.monotonic()
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    busy1 = cpu_busy_seconds()
    other = None
    if busy0 is not None and busy1 is not None and wall > 0:
        other = max(0.0, (busy1 - busy0) - (usage.ru_utime + usage.ru_stime)) / wall
    return Measured(rc=proc.returncode, out=Path(stdout_path).read_text(),
                    err=Path(stderr_path).read_text(), rss_mb=usage.ru_maxrss / 1024.0,
                    wall_s=wall, other_cores=other)


def noisy(other_cores):
    return other_cores is not None and other_cores > BUSY_CORES_WARN


def busy_note(other_cores):
    return (f" [{NOISY} other processes kept {other_cores:.1f} CPUs busy]"
            if noisy(other_cores) else "")


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line in output")


def tail(text, n=15):
    lines = text.strip().splitlines()
    return "\n".join("    " + l for l in lines[-n:])


def file_stamp(*paths):
    return {str(p): [p.stat().st_size, p.stat().st_mtime_ns] for p in paths}


# --------------------------------------------------------------------------
# FMA peak
# --------------------------------------------------------------------------

def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def build_fma_peak(workdir):
    return build_c_tool(workdir, "fma_peak")


def build_c_tool(workdir, name):
    """Compiles benchmarks/NAME.c with clang-19 -O2 -fopenmp into WORKDIR."""
    clang = shutil.which("clang-19")
    if not clang:
        raise BenchError("clang-19 not found (run scripts/install-deps.sh)")
    exe = workdir / name
    src = HERE / f"{name}.c"
    r = subprocess.run([clang, "-O2", "-fopenmp", str(src), "-o", str(exe)],
                       capture_output=True, text=True)
    if r.returncode:
        raise BenchError(f"compiling {src} failed:\n{r.stderr}")
    return exe


def measure_fma_peak(workdir, exe, thread_counts, kernel=None):
    """{threads: result of fma_peak} with "gflops" the peak to use, for the
    FMA kernel `kernel` (avx512, avx2; None: the widest the CPU has).

    A peak is a property of the machine: no real run can beat it, so a
    low reading only means something else was running.  Each thread count
    is measured again (up to 3 times) while other processes keep a CPU busy,
    and the best reading ever made on this machine (same CPU model, ISA and
    CPU count) is kept in WORKDIR/fma_peak.json and used if higher;
    "measured" is this run's reading."""
    cache_path = workdir / "fma_peak.json"
    try:
        cache = json.loads(cache_path.read_text())
    except (OSError, ValueError):
        cache = {}
    peaks = {}
    for t in thread_counts:
        best = None
        for attempt in range(3):
            cmd = [str(exe), "--threads", str(t), "--reps", "5"]
            if kernel:
                cmd += ["--isa", kernel]
            m = run_measured(cmd, None, workdir / "fma_peak.out", workdir / "fma_peak.err")
            if m.rc:
                raise BenchError(f"{' '.join(cmd[1:])} failed:\n{m.out}{m.err}")
            res = json.loads(m.out)
            res["other_cores"] = m.other_cores
            if best is None or res["gflops"] > best["gflops"]:
                best = res
            if not noisy(m.other_cores):
                break
            time.sleep(2)
        key = f"{cpu_model()}|{best['isa']}|{os.cpu_count()}|{t}"
        best["measured"] = best["gflops"]
        best["best_on_machine"] = max(best["gflops"], cache.get(key, 0.0))
        best["gflops"] = best["best_on_machine"]
        cache[key] = best["best_on_machine"]
        peaks[t] = best
    cache_path.write_text(json.dumps(cache, indent=1) + "\n")
    return peaks


# --------------------------------------------------------------------------
# Memory bandwidth and the decode bound
# --------------------------------------------------------------------------

def last_level_cache_bytes():
    """Total bytes of the last-level caches (each distinct instance once,
    from /sys), or None."""
    caches = {}
    for d in Path("/sys/devices/system/cpu").glob("cpu[0-9]*/cache/index[0-9]*"):
        try:
            level = int((d / "level").read_text())
            kind = (d / "type").read_text().strip()
            size = (d / "size").read_text().strip()
            shared = (d / "shared_cpu_list").read_text().strip()
        except (OSError, ValueError):
            continue
        if kind == "Instruction":
            continue
        units = {"K": 2**10, "M": 2**20, "G": 2**30}
        n = int(size[:-1]) * units[size[-1]] if size[-1] in units else int(size)
        caches[(level, shared)] = n
    if not caches:
        return None
    top = max(level for level, _ in caches)
    return sum(n for (level, _), n in caches.items() if level == top)


def mem_available_bytes():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def bandwidth_array_mib(requested=None):
    """(MiB per array for mem_bandwidth.c, why): STREAM's rule, each array
    at least 4x the last-level caches (and at least 256 MiB), unless the
    three arrays would take more than 40 % of the available memory."""
    llc = last_level_cache_bytes()
    if requested:
        return requested, f"--bandwidth-mib {requested}"
    want = max(256, 4 * (llc or 0) / 2**20)
    avail = mem_available_bytes()
    note = f"4x the last-level caches ({llc / 2**20:.0f} MiB)" if llc else \
        "the last-level cache size is unknown: 256 MiB"
    if avail and 3 * want * 2**20 > 0.4 * avail:
        capped = max(64, int(0.4 * avail / 3 / 2**20))
        warn = (": under 2x the last-level caches, a cache-resident share may inflate the "
                "figure" if llc and capped * 2**20 < 2 * llc else "")
        return capped, (f"{note} would be {want:.0f} MiB, capped to {capped} MiB by the "
                        f"available memory ({avail / 2**30:.1f} GiB){warn}")
    return int(want), note


def measure_bandwidth(workdir, exe, thread_counts, mib):
    """{threads: mem_bandwidth.c result}, "triad_gbs" the STREAM-convention
    triad figure (24 bytes per element) used for the bounds.  As for the FMA
    peak, a noisy reading is retried (up to 3 times) and the best reading on
    this machine (same CPU model, CPU count, threads and array size) is kept
    in WORKDIR/mem_bandwidth.json; "measured" is this run's."""
    cache_path = workdir / "mem_bandwidth.json"
    try:
        cache = json.loads(cache_path.read_text())
    except (OSError, ValueError):
        cache = {}
    out = {}
    for t in thread_counts:
        best = None
        for attempt in range(3):
            cmd = [str(exe), "--threads", str(t), "--mib", str(mib), "--reps", "10"]
            m = run_measured(cmd, None, workdir / "mem_bandwidth.out",
                             workdir / "mem_bandwidth.err")
            if m.rc:
                raise BenchError(f"{' '.join(cmd)} failed:\n{m.out}{m.err}")
            res = json.loads(m.out)
            res["other_cores"] = m.other_cores
            if best is None or res["triad_gbs"] > best["triad_gbs"]:
                best = res
            if not noisy(m.other_cores):
                break
            time.sleep(2)
        key = f"{cpu_model()}|{os.cpu_count()}|{t}|{mib}"
        earlier = cache.get(key, {})
        best["measured"] = best["triad_gbs"]
        best["measured_read"] = best["read_gbs"]
        best["triad_gbs"] = max(best["triad_gbs"], earlier.get("triad_gbs", 0.0))
        best["read_gbs"] = max(best["read_gbs"], earlier.get("read_gbs", 0.0))
        cache[key] = {"triad_gbs": best["triad_gbs"], "read_gbs": best["read_gbs"]}
        out[t] = best
    cache_path.write_text(json.dumps(cache, indent=1) + "\n")
    return out


def gpt2_weight_elements(cfg):
    """Parameters a GPT-2 decode step reads: all of them, the embedding
    matrix once (it is also the tied LM head, read whole; the token's own
    embedding row is one of its rows), and of the position embeddings only
    the new position's row."""
    V, D, L = cfg["vocab_size"], cfg["n_embd"], cfg["n_layer"]
    I = cfg.get("n_inner") or 4 * D
    layer = (2 * D                      # ln_1
             + D * 3 * D + 3 * D        # c_attn
             + D * D + D                # attn.c_proj
             + 2 * D                    # ln_2
             + D * I + I                # mlp.c_fc
             + I * D + D)               # mlp.c_proj
    return V * D + D + L * layer + 2 * D   # wte (= LM head), one wpe row, layers, ln_f


def llama_weight_elements(cfg):
    """Parameters a LLaMA decode step reads: every layer's (no biases; the
    key and value projections num_key_value_heads*head_dim wide), the final
    norm, the LM head whole, and of an untied embedding matrix only the
    token's row (tied: the head is that matrix, counted once)."""
    V, D, L, I = (cfg["vocab_size"], cfg["hidden_size"], cfg["num_hidden_layers"],
                  cfg["intermediate_size"])
    H = cfg["num_attention_heads"]
    A = H * (cfg.get("head_dim") or D // H)
    A_kv = llama_cache_width(cfg)[1]
    layer = (D                          # input_layernorm
             + D * A + 2 * D * A_kv     # q_proj, k_proj, v_proj
             + A * D                    # o_proj
             + D                        # post_attention_layernorm
             + 3 * D * I)               # gate_proj, up_proj, down_proj
    embedding_row = 0 if cfg.get("tie_word_embeddings", False) else D
    return V * D + embedding_row + L * layer + D


def decode_bytes_per_token(model, cfg, context, weight_bytes=4, cache_bytes=4):
    """Bytes a decode step of `model` reads at batch 1 when the cache then
    holds `context` tokens (the new one included): the weights (its
    Decoder's weight_elements) and every layer's keys and values of those
    tokens.  Activations (a few vectors of D or 4D) are not counted."""
    d = MODELS[model].decoder
    layers, width = d.cache(cfg)
    return d.weight_elements(cfg) * weight_bytes + layers * 2 * context * width * cache_bytes


def decode_bound_tokens_per_s(model, cfg, prompt, new_tokens, gbs, weight_bytes=4,
                              cache_bytes=4):
    """The memory-bandwidth bound on decode tokens/s for a generation of
    new_tokens after a prompt of `prompt` tokens: decode step k (k = 1 ..
    new_tokens - 1; step 0 is the prefill) feeds one token and attends over
    prompt + k cached tokens, and cannot take less than its bytes /
    bandwidth; the bound is the steps over the sum of those times (what
    decode tokens/s measures: the time from the first token to the last)."""
    seconds = sum(decode_bytes_per_token(model, cfg, prompt + k, weight_bytes, cache_bytes)
                  for k in range(1, new_tokens)) / (gbs * 1e9)
    return (new_tokens - 1) / seconds


# --------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------

def parse_list(text, what, allowed=None):
    items = [x.strip() for x in text.split(",") if x.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"{what}: empty list")
    if allowed is not None:
        bad = [x for x in items if x not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(bad)}; choose from {', '.join(sorted(allowed))}")
    return list(dict.fromkeys(items))


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="bench.py", description=__doc__.split("\n\n")[0],
        epilog="Example: benchmarks/run.sh --backends llvm --quick")
    ap.add_argument("--models", default=None,
                    help="comma-separated: " + ", ".join(MODELS) + " (default: all; "
                         "--list-models describes them)")
    ap.add_argument("--backends", default="llvm,dnnl",
                    help="comma-separated tfm-compile backends (default: llvm,dnnl)")
    ap.add_argument("--precisions", default="f32,bf16,int8",
                    help="comma-separated tfm-compile --precision values (default: "
                         "f32,bf16,int8; other than f32 for the dnnl backend only)")
    ap.add_argument("--threads", default="1,2", help="comma-separated tfm thread counts (default: 1,2)")
    ap.add_argument("--reps", type=int, default=5,
                    help="timed runs (median) for the batch-1 shapes at the first length "
                         "(default: 5)")
    ap.add_argument("--reps-large", type=int, default=None,
                    help="timed runs for batch 8 and long sequences (default: min(reps, 3))")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run each model's tfm executables this many times, the precisions "
                         "taking turns, and report the median of the rounds' medians: ratios "
                         "between precisions then compare runs made at the same times on a "
                         "host whose speed drifts (default: 1)")
    ap.add_argument("--quick", action="store_true",
                    help="only batch 1 at each model's first length: 128 tokens (CLIP "
                         "text: 77; ViT: one image)")
    ap.add_argument("--isa", type=str.upper, default=None, metavar="ISA",
                    help="cap oneDNN's ISA for tfm's runs (sets DNNL_MAX_CPU_ISA): "
                         + ", ".join(ISA_CAPS) + " (default: DNNL_MAX_CPU_ISA from the "
                         "environment, else none); the peers are never capped")
    ap.add_argument("--no-ort", action="store_true",
                    help=f"skip ONNX Runtime (npm's {ORT_PACKAGE} {ORT_VERSION}, "
                         "installed into WORKDIR/ort on first use)")
    ap.add_argument("--no-pytorch", action="store_true",
                    help="skip PyTorch timing (its outputs are still computed, once, "
                         "for the correctness check)")
    ap.add_argument("--torch-settings", default=DEFAULT_TORCH_SETTINGS,
                    help="PyTorch thread settings OMP/BLAS, comma-separated "
                         f"(default: {DEFAULT_TORCH_SETTINGS})")
    ap.add_argument("--torch-bf16-settings", default=DEFAULT_TORCH_BF16_SETTINGS,
                    help="PyTorch bf16 thread settings OMP/BLAS, comma-separated "
                         f"(default: {DEFAULT_TORCH_BF16_SETTINGS}); run when bf16 is "
                         "among --precisions")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="weights, inputs, executables, ONNX Runtime and results, reused "
                         "by reruns (default: BUILD_DIR/bench)")
    ap.add_argument("--build-dir", type=Path, default=REPO / "build",
                    help="tfm build directory with bin/tfm-compile (default: build)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the weights and inputs (default: 0)")
    ap.add_argument("--tolerance", type=float, default=1e-4,
                    help="max |tfm - torch| / max |torch| allowed (default: 1e-4)")
    ap.add_argument("--recompile", action="store_true",
                    help="compile even if a cached executable is up to date")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--no-generation", action="store_true",
                   help="skip the decoders' generation (GPT-2, LLaMA: decode tokens/s "
                        "against the memory-bandwidth bound, the PyTorch KV-cache peer) and "
                        "the bandwidth measurement")
    g.add_argument("--generation-only", action="store_true",
                   help="only the memory bandwidth and the generation of the decoders among "
                        "--models (default: gpt2 only): no forward passes "
                        "(and no tfm build needed while tfm's side is not wired)")
    ap.add_argument("--gen-prompt", type=int, default=128,
                    help="prompt tokens of the generation (default: 128)")
    ap.add_argument("--gen-tokens", type=int, default=128,
                    help="greedy tokens generated (default: 128)")
    ap.add_argument("--gen-reps", type=int, default=3,
                    help="timed generations, median (default: 3)")
    ap.add_argument("--bandwidth-mib", type=int, default=None, metavar="MIB",
                    help="MiB per array of the bandwidth measurement (default: 4x the "
                         "last-level caches, at least 256, at most 40 %% of the available "
                         "memory for the three)")
    ap.add_argument("--list-models", action="store_true",
                    help="print each model's shapes, FLOPs and inputs and stop (needs "
                         "no build)")
    ap.add_argument("--dry-run", action="store_true",
                    help="measure the FMA peak, print the plan and estimated duration, stop "
                         "(installs, exports and compiles nothing)")
    args = ap.parse_args(argv)

    try:
        models_given = args.models is not None
        models = parse_list(args.models or ",".join(MODELS), "model", set(ALIASES))
        args.models = list(dict.fromkeys(ALIASES[m] for m in models))
        args.backends = parse_list(args.backends, "backend")
        args.precisions = parse_list(args.precisions, "precision", set(PRECISIONS))
        threads = parse_list(args.threads, "thread count")
        if not all(t.isdigit() and int(t) > 0 for t in threads):
            raise argparse.ArgumentTypeError(
                f"--threads expects positive integers, got {','.join(threads)}")
        args.threads = sorted(int(t) for t in threads)
        for option in ("torch_settings", "torch_bf16_settings"):
            settings = []
            for s in parse_list(getattr(args, option), "torch setting"):
                parts = s.split("/")
                if len(parts) != 2 or not all(p.isdigit() and int(p) > 0 for p in parts):
                    raise argparse.ArgumentTypeError(
                        f"--{option.replace('_', '-')} expects OMP/BLAS pairs like 2/1, "
                        f"got '{s}'")
                settings.append((int(parts[0]), int(parts[1])))
            setattr(args, option, settings)
    except argparse.ArgumentTypeError as e:
        ap.error(str(e))
    if args.reps < 1:
        ap.error("--reps must be at least 1")
    if args.reps_large is None:
        args.reps_large = min(args.reps, 3)
    if args.reps_large < 1:
        ap.error("--reps-large must be at least 1")
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if not 0 <= args.seed < 2**62:
        ap.error("--seed must be in [0, 2**62)")
    if not args.tolerance > 0:
        ap.error("--tolerance must be positive")
    if args.gen_prompt < 1 or args.gen_tokens < 2 or args.gen_reps < 1:
        ap.error("--gen-prompt and --gen-reps must be at least 1, --gen-tokens at least 2")
    if args.bandwidth_mib is not None and args.bandwidth_mib < 1:
        ap.error("--bandwidth-mib must be positive")
    if args.generation_only:
        decoders = [m for m in MODELS if MODELS[m].decoder]
        if not models_given:  # GPT-2, as before LLaMA joined
            args.models = ["gpt2"]
        args.models = [m for m in args.models if MODELS[m].decoder]
        if not args.models:
            ap.error("--generation-only needs a decoder among --models: "
                     + ", ".join(decoders))
    if args.isa is not None and args.isa not in ISA_CAPS:
        why = (" has no FMA, so no peak to compare to" if args.isa in ("SSE41", "AVX")
               else " is not a DNNL_MAX_CPU_ISA value")
        ap.error(f"--isa {args.isa}{why}; choose from {', '.join(ISA_CAPS)}")
    args.build_dir = args.build_dir.resolve()
    args.workdir = (args.workdir or args.build_dir / "bench").resolve()
    return args


def torch_label(setting):
    return f"omp{setting[0]}/blas{setting[1]}"


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = args.workdir
        self.logs = self.work / "logs"
        self.compiler = args.build_dir / "bin" / "tfm-compile"
        self.results = {"tfm": [], "ort": [], "pytorch": [], "pytorch_bf16": [], "compile": [],
                        "isa": {},
                        "ort_status": {"available": False, "reason": "not tried"},
                        "bandwidth": {}, "generation": {"pytorch": [], "tfm": []},
                        "failures": []}
        self.failures = []
        self.peaks = {}            # FMA kernel -> {threads: fma_peak result}
        self.native_kernel = None  # the widest FMAs the CPU has: the peers' ISA
        self.node = None           # set when ONNX Runtime runs here
        self.bandwidth = {}        # threads -> mem_bandwidth.c result
        self.gen_models = ([] if args.no_generation else
                           [m for m in args.models if MODELS[m].decoder])
        self.with_generation = bool(self.gen_models)

    # -- checks --------------------------------------------------------------

    def preflight(self):
        if importlib.util.find_spec("torch") is None:
            raise BenchError(f"{sys.executable} cannot import torch "
                             "(run scripts/install-deps.sh, and use /usr/bin/python3)")
        if not Path("/usr/lib/x86_64-linux-gnu/openblas-pthread").is_dir():
            log("warning: libopenblas0-pthread is not installed; PyTorch will use the "
                "reference BLAS and be far slower (scripts/install-deps.sh installs it)")
        self.runtime = None
        if self.args.generation_only:
            # The forward passes' compiler, models and probes are not needed.
            # When Bench.tfm_generation is wired, check what it needs here.
            return
        if not self.compiler.is_file():
            raise BenchError(f"{self.compiler} not found: build tfm first "
                             "(scripts/build.sh, or use benchmarks/run.sh)")
        runtime = list((self.args.build_dir / "lib").glob("libtfmrt.so*"))
        self.runtime = runtime[0] if runtime else None
        self.importer = self.args.build_dir / "bin" / "tfm-import"
        for m in self.args.models:
            mlir = self.mlir(m)
            if MODELS[m].directory is None:
                if not self.importer.is_file():
                    raise BenchError(f"{self.importer} not found (it imports {m}): build tfm "
                                     "first")
            elif not mlir.is_file():
                raise BenchError(f"{mlir} not found")
        for b in self.args.backends:
            self.probe_backend(b)
        self.probe_precisions()
        ncpu = os.cpu_count() or 1
        if max(self.args.threads) > ncpu:
            log(f"warning: --threads {max(self.args.threads)} exceeds the {ncpu} CPUs")

    def probe_backend(self, backend):
        """A backend tfm-compile does not know is reported before any work;
        the probe compiles nothing (its input does not exist)."""
        missing = self.work / "no-such-model.mlir"
        r = subprocess.run([str(self.compiler), str(missing), f"--backend={backend}",
                            "-o", os.devnull], capture_output=True, text=True)
        text = r.stdout + r.stderr
        if "backend" in text.lower():
            raise BenchError(f"backend '{backend}' is not available in {self.compiler}:\n"
                             f"    {text.strip()}\n"
                             "pick others with --backends (e.g. --backends llvm)")

    def probe_precisions(self):
        """Drops (loudly) the precisions this build cannot compile: all but
        f32 without the dnnl backend, or when tfm-compile has no --precision."""
        a = self.args
        lower = [p for p in a.precisions if p != "f32"]
        reason = None
        if lower and "dnnl" not in a.backends:
            reason = "they need the dnnl backend (not in --backends)"
        elif lower:
            r = subprocess.run([str(self.compiler), "--help"], capture_output=True, text=True)
            if "--precision" not in r.stdout + r.stderr:
                reason = f"{self.compiler.name} has no --precision option"
        if reason:
            log(f"warning: not running precision(s) {', '.join(lower)}: {reason}")
            a.precisions = [p for p in a.precisions if p == "f32"]
        self.results["precision_status"] = {"precisions": list(a.precisions),
                                            "dropped": lower if reason else [],
                                            "reason": reason}
        if not a.precisions:
            raise BenchError("no precision left to run (--precisions)")

    def precisions_for(self, backend):
        return [p for p in self.args.precisions if p == "f32" or backend == "dnnl"]

    # -- paths ---------------------------------------------------------------

    def mlir(self, model):
        d = MODELS[model].directory
        if d is None:
            return self.work / "models" / model / f"{model}.mlir"
        return REPO / "models" / d / f"{d}.mlir"

    def ensure_mlir(self, model, cfg):
        """Imports a model without a models/ folder: its config (cfg) into
        WORKDIR/models/NAME/config.json, and the build's tfm-import of it
        into NAME.mlir, again only when the config or tfm-import changed (a
        new .mlir recompiles the executables)."""
        mlir = self.mlir(model)
        config = mlir.with_name("config.json")
        stamp_path = mlir.with_name("import.stamp.json")
        text = json.dumps(cfg, indent=1, sort_keys=True) + "\n"
        stamp = {"config": text, "files": file_stamp(self.importer)}
        if (mlir.is_file() and stamp_path.is_file()
                and json.loads(stamp_path.read_text()) == stamp):
            return
        mlir.parent.mkdir(parents=True, exist_ok=True)
        stamp_path.unlink(missing_ok=True)
        config.write_text(text)
        cmd = [str(self.importer), str(config), "-o", str(mlir)]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode or not mlir.is_file():
            raise BenchError(f"{model}: {' '.join(cmd)} failed (exit {r.returncode}):\n"
                             f"{tail(r.stdout + r.stderr)}")
        stamp_path.write_text(json.dumps(stamp))
        log(f"{model}: imported {mlir.relative_to(self.work)} from make_reference.py's "
            "real-size config (tfm-import)")

    def weights_dir(self, model):
        return self.work / "weights" / f"{model}-seed{self.args.seed}"

    def weights(self, model):
        return self.weights_dir(model) / "model.safetensors"

    def inputs_dir(self, shape):
        return self.work / "inputs" / f"{shape.model}-seed{self.args.seed}" / shape.key

    def expected_dir(self, shape):
        return self.work / "expected" / f"{shape.model}-seed{self.args.seed}" / shape.key

    # -- plan ----------------------------------------------------------------

    def plan(self):
        self.shapes = {m: shapes_for(m, self.args.quick) for m in self.args.models}
        self.cfgs = {}
        for m in self.args.models:
            f = MODELS[m]
            path = (REPO / "models" / f.directory / "config.json" if f.directory
                    else f"make_reference.py's {f.kind} real config")
            self.cfgs[m] = model_config(m)
            if f.directory is None and not self.args.generation_only:
                self.ensure_mlir(m, self.cfgs[m])
            # A field neither config has would pass the comparison in
            # ensure_weights unchecked.
            missing = [f for f in MODELS[m].shape_fields if f not in self.cfgs[m]]
            if missing:
                raise BenchError(f"{m}: {path} has no {', '.join(missing)} (a shape field of "
                                 "bench.py's MODELS entry)")

    def reps(self, shape):
        return self.args.reps_large if shape.large else self.args.reps

    def estimate(self, dnnl_kernel):
        """Seconds the run should take, from the FLOP counts and rough
        efficiencies (see EST_*); cached steps cost nothing.  dnnl_kernel:
        the FMA kernel the dnnl backend is expected to run at."""
        a, total = self.args, 0.0
        native = self.native_kernel
        if self.with_generation:
            total += self.estimate_generation()
        if a.generation_only:
            return total + sum(EST_GENERATE_S for m in a.models if not self.weights(m).is_file())
        if not a.no_ort and not self.ort_installed():
            total += EST_NPM_S
        for m in a.models:
            if not self.weights(m).is_file():
                total += EST_GENERATE_S
            if not a.no_ort and not self.onnx_cached(m):
                total += EST_EXPORT_S
            for b in a.backends:
                for p in self.precisions_for(b):
                    if not self.cached_exe(m, b, p)[3]:
                        total += EST_COMPILE_S.get(b, 40.0)
            for i, s in enumerate(self.shapes[m]):
                gflop = model_flops(m, self.cfgs[m], s.batch, s.seq) / 1e9
                runs = self.reps(s) + 1
                for b in a.backends:
                    kernel = dnnl_kernel if b == "dnnl" else native
                    eff = EST_TFM_EFF.get(b, 0.30)
                    if b == "dnnl" and i == 0:  # the DNNL_VERBOSE run
                        total += EST_TFM_START_S + gflop / (eff * self.peak(kernel, 1))
                    # bf16 and int8 counted as f32: an upper bound.
                    for t in a.threads:
                        total += a.rounds * len(self.precisions_for(b)) * (
                            EST_TFM_START_S + runs * gflop / (eff * self.peak(kernel, t)))
                if not a.no_ort:
                    for t in a.threads:
                        total += EST_ORT_START_S + runs * gflop / (
                            EST_ORT_EFF * self.peak(native, t))
                settings = [] if a.no_pytorch else a.torch_settings + (
                    a.torch_bf16_settings if "bf16" in a.precisions else [])
                for o, bl in settings:
                    total += EST_TORCH_START_S + runs * gflop / (
                        EST_TORCH_EFF * self.peak(native, max(o, bl)))
                if a.no_pytorch and not (self.expected_dir(s) / "stamp.json").is_file():
                    total += EST_TORCH_START_S + gflop / (
                        EST_TORCH_EFF * self.peak(native, max(a.threads)))
        return total

    def estimate_generation(self):
        """Seconds of the bandwidth measurement and the PyTorch decode peer
        (tfm's generation: add it when Bench.tfm_generation is wired)."""
        a = self.args
        total = len(self.peak_threads) * EST_BANDWIDTH_S
        native = self.native_kernel
        for m in self.gen_models:
            cfg = self.cfgs[m]
            prefill = model_flops(m, cfg, 1, a.gen_prompt) / 1e9
            bound = decode_bound_tokens_per_s(m, cfg, a.gen_prompt, a.gen_tokens,
                                              EST_BANDWIDTH_GBS)
            for o, bl in ([] if a.no_pytorch else a.torch_settings):
                one = (prefill / (EST_TORCH_EFF * self.peak(native, max(o, bl)))
                       + (a.gen_tokens - 1) / (EST_TORCH_DECODE_EFF * bound))
                total += EST_TORCH_START_S + (a.gen_reps + 0.1) * one
        return total

    # -- data ----------------------------------------------------------------

    def ensure_weights(self, model):
        d, w = self.weights_dir(model), self.weights(model)
        if w.is_file() and (d / "config.json").is_file():
            log(f"{model}: reusing {w.relative_to(self.work)} ({w.stat().st_size / 2**20:.0f} MB)")
        else:
            log(f"{model}: generating random real-size weights (scripts/make_reference.py)")
            cmd = [PYTHON, str(REPO / "scripts" / "make_reference.py"), "--model",
                   MODELS[model].kind, "--size", "real", "--no-cases", "--seed",
                   str(self.args.seed), "--out", str(d)]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                raise BenchError(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
        gen = json.loads((d / "config.json").read_text())
        ref = self.cfgs[model]
        diff = [f for f in MODELS[model].shape_fields if gen.get(f) != ref.get(f)]
        if diff:
            raise BenchError(f"{model}: generated config differs from "
                             + (f"models/{MODELS[model].directory}" if MODELS[model].directory
                                else "the imported one") + f" on {diff}")

    def ensure_inputs(self, shape):
        d = self.inputs_dir(shape)
        if d.is_dir() and any(d.glob("*.npy")):
            return
        cfg = self.cfgs[shape.model]
        arrays = make_inputs(shape, cfg, self.args.seed)
        tmp = d.with_name(d.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, a in arrays.items():
            np.save(tmp / f"{name}.npy", a)
        shutil.rmtree(d, ignore_errors=True)
        os.replace(tmp, d)

    def expected_stamp(self, shape):
        return file_stamp(self.weights(shape.model),
                          *sorted(self.inputs_dir(shape).glob("*.npy")))

    def expected_valid(self, shape):
        stamp = self.expected_dir(shape) / "stamp.json"
        return stamp.is_file() and json.loads(stamp.read_text()) == self.expected_stamp(shape)

    # -- PyTorch ---------------------------------------------------------------

    def run_torch(self, shape, setting, reps, save, dtype="f32"):
        model = shape.model
        env = self.peer_env()
        env["OMP_NUM_THREADS"], env["OPENBLAS_NUM_THREADS"] = map(str, setting)
        env.pop("MKL_NUM_THREADS", None)
        env.pop("GOTO_NUM_THREADS", None)
        cmd = [PYTHON, str(HERE / "torch_worker.py"), "--model", MODELS[model].kind,
               "--weights", str(self.weights(model)),
               "--config", str(self.weights_dir(model) / "config.json"),
               "--inputs", str(self.inputs_dir(shape)), "--reps", str(reps),
               "--dtype", dtype]
        if save:
            cmd += ["--save-outputs", str(save)]
        tag = f"torch-{dtype}-{model}-{shape.key}-omp{setting[0]}-blas{setting[1]}"
        m = run_measured(cmd, env, self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        if m.rc:
            raise BenchError(f"PyTorch {dtype} {model} {shape.label} {torch_label(setting)} "
                             f"failed (exit {m.rc}):\n{tail(m.out + m.err)}")
        if save == self.expected_dir(shape):
            (self.expected_dir(shape) / "stamp.json").write_text(
                json.dumps(self.expected_stamp(shape)))
        res = last_json_line(m.out)
        res.update(rss_mb=m.rss_mb, wall_s=m.wall_s, other_cores=m.other_cores)
        return res

    def torch_shape(self, shape):
        """Times PyTorch on `shape` in every setting (unless --no-pytorch) and
        makes sure the reference outputs exist."""
        need_ref = not self.expected_valid(shape)
        if self.args.no_pytorch:
            if need_ref:
                log(f"{shape.model} {shape.label}: PyTorch reference outputs")
                self.run_torch(shape, (max(self.args.threads), 1), 0, self.expected_dir(shape))
            return None
        gflop = model_flops(shape.model, self.cfgs[shape.model], shape.batch, shape.seq) / 1e9
        entry = {"model": shape.model, "shape": shape.label, "batch": shape.batch,
                 "seq": shape.seq, "gflop": gflop, "reps": self.reps(shape), "settings": {}}
        for i, setting in enumerate(self.args.torch_settings):
            res = self.run_torch(shape, setting, self.reps(shape),
                                 self.expected_dir(shape) if need_ref and i == 0 else None)
            res["omp"], res["blas"] = setting
            res["gflops"] = gflop / (res["median_ms"] / 1e3)
            res["pct_peak"] = 100 * res["gflops"] / self.peak(self.native_kernel, max(setting))
            entry["settings"][torch_label(setting)] = res
            log(f"{shape.model} {shape.label} PyTorch {torch_label(setting)}: "
                f"{res['median_ms']:.1f} ms, {res['gflops']:.1f} GFLOP/s, RSS {res['rss_mb']:.0f} MB"
                f" (torch threads {res['torch_threads']}, OpenBLAS threads {res['blas_threads']})"
                + busy_note(res["other_cores"]))
        best = min(entry["settings"], key=lambda k: entry["settings"][k]["median_ms"])
        entry["best"] = best
        self.results["pytorch"].append(entry)
        return entry

    def torch_bf16_shape(self, shape):
        """PyTorch bf16 as a peer: timed in each --torch-bf16-settings, its
        outputs (from the first) measured against the f32 reference."""
        gflop = model_flops(shape.model, self.cfgs[shape.model], shape.batch, shape.seq) / 1e9
        entry = {"model": shape.model, "shape": shape.label, "batch": shape.batch,
                 "seq": shape.seq, "gflop": gflop, "reps": self.reps(shape), "settings": {}}
        out_dir = self.work / "out" / f"{shape.model}-{shape.key}-torch-bf16"
        shutil.rmtree(out_dir, ignore_errors=True)
        for i, setting in enumerate(self.args.torch_bf16_settings):
            res = self.run_torch(shape, setting, self.reps(shape), out_dir if i == 0 else None,
                                 "bf16")
            res["omp"], res["blas"] = setting
            res["gflops"] = gflop / (res["median_ms"] / 1e3)
            entry["settings"][torch_label(setting)] = res
            log(f"{shape.model} {shape.label} PyTorch bf16 {torch_label(setting)}: "
                f"{res['median_ms']:.1f} ms, {res['gflops']:.1f} GFLOP/s, RSS "
                f"{res['rss_mb']:.0f} MB" + busy_note(res["other_cores"]))
        entry["best"] = min(entry["settings"], key=lambda k: entry["settings"][k]["median_ms"])
        _, _, problem, entry["metrics"] = self.check_outputs(shape, out_dir)
        shutil.rmtree(out_dir, ignore_errors=True)
        # A peer's accuracy is reported, and flagged when outside tfm's bf16
        # bounds; it does not fail tfm's run.
        entry["problems"] = [problem] if problem else [
            f"{name}: {v}" for name, m in entry["metrics"].items()
            for v in accuracy.violations(m, "bf16")]
        if entry["problems"]:
            log(f"{shape.model} {shape.label} PyTorch bf16 is outside tfm's bf16 bounds: "
                + "; ".join(entry["problems"]))
        self.results["pytorch_bf16"].append(entry)
        return entry

    # -- Generation (GPT-2, LLaMA): decode against the memory-bandwidth bound ----

    def measure_bandwidth(self):
        exe = build_c_tool(self.work, "mem_bandwidth")
        mib, why = bandwidth_array_mib(self.args.bandwidth_mib)
        log(f"measuring the memory bandwidth (benchmarks/mem_bandwidth.c: STREAM-like "
            f"triad and read, 3 arrays of {mib} MiB: {why})")
        self.bandwidth = measure_bandwidth(self.work, exe, self.peak_threads, mib)
        self.results["bandwidth"] = {"array_mib": mib, "why": why,
                                     "llc_bytes": last_level_cache_bytes(),
                                     "threads": {str(t): v for t, v in self.bandwidth.items()}}
        for t, v in self.bandwidth.items():
            note = ""
            if v["measured"] < v["triad_gbs"]:
                note = (f"; this run measured {v['measured']:.1f}"
                        + (f" with other processes on {v['other_cores']:.1f} CPUs"
                           if noisy(v["other_cores"]) else "")
                        + ", so the best earlier reading (mem_bandwidth.json) is used")
            log(f"  memory bandwidth, {t} thread{'s' if t > 1 else ''}: triad "
                f"{v['triad_gbs']:.1f} GB/s (STREAM's convention: 24 bytes per element; "
                f"{v['triad_gbs_with_write_allocate']:.1f} counting the write-allocate "
                f"reads), read {v['read_gbs']:.1f} GB/s{note}")

    def bandwidth_gbs(self, threads):
        """The triad GB/s (STREAM's convention) of `threads` threads (capped
        at the most threads measured): the bounds' bandwidth."""
        return self.bandwidth[min(threads, max(self.bandwidth))]["triad_gbs"]

    def decode_bound(self, model, threads, precision="f32"):
        a = self.args
        weight_bytes = {"f32": 4, "bf16": 2, "int8": 1}[precision]
        return decode_bound_tokens_per_s(model, self.cfgs[model], a.gen_prompt, a.gen_tokens,
                                         self.bandwidth_gbs(threads), weight_bytes)

    def generation_shape(self, model):
        return Shape(model, 1, self.args.gen_prompt, False)

    def generation(self, model):
        """A decoder's greedy generation at batch 1: the PyTorch KV-cache
        peer in each --torch-settings, then tfm (Bench.tfm_generation) for
        each backend, precision and thread count, against the bound; tfm's
        side is skipped, with its reason, where its Decoder gives one."""
        a, d = self.args, MODELS[model].decoder
        shape = self.generation_shape(model)
        positions = self.cfgs[model][d.positions]
        if a.gen_prompt + a.gen_tokens > positions:
            self.fail(f"{model} generation: --gen-prompt {a.gen_prompt} + --gen-tokens "
                      f"{a.gen_tokens} exceeds {d.label}'s {positions} positions")
            return
        self.ensure_inputs(shape)
        if not a.no_pytorch:
            for setting in a.torch_settings:
                self.torch_generation(shape, setting)
        if d.tfm:
            self.results["generation"].setdefault("tfm_skipped", {})[model] = d.tfm
            log(f"{model} generation tfm: not measured: {d.tfm}")
            return
        for b in a.backends:
            for p in self.precisions_for(b):
                for t in a.threads:
                    res = self.tfm_generation(shape, b, p, t)
                    if res is None:
                        continue
                    res.update(model=model, backend=b, precision=p, threads=t)
                    self.add_decode_figures(res, t, p)
                    self.results["generation"]["tfm"].append(res)
                    log(f"{model} generation tfm {b} {p} {t}t: time to first token "
                        f"{res['ttft_ms']:.0f} ms, decode {res['decode_tokens_per_s']:.1f} "
                        f"tokens/s = {res['pct_bound']:.0f} % of the {p} bound "
                        f"{res['bound_tokens_per_s']:.1f}; ids "
                        + {True: "= PyTorch's", False: "DIFFER from PyTorch's",
                           None: "not compared"}[res["ids_agree"]]
                        + busy_note(res.get("other_cores")))
                    # f32 must pick PyTorch's ids; a lower precision may
                    # legitimately flip a close pick (reported, not failed).
                    if res["ids_agree"] is False and p == "f32":
                        self.fail(f"{model} generation tfm {b} {p} {t}t: greedy ids differ "
                                  "from PyTorch's")

    def add_decode_figures(self, res, threads, precision):
        """res (with its "model") gains the bound and whether its ids are
        the first PyTorch setting's of the same model."""
        res["bound_tokens_per_s"] = self.decode_bound(res["model"], threads, precision)
        res["pct_bound"] = 100 * res["decode_tokens_per_s"] / res["bound_tokens_per_s"]
        res["bandwidth_gbs"] = self.bandwidth_gbs(threads)
        peer = next((e for e in self.results["generation"]["pytorch"]
                     if e["model"] == res["model"] and e.get("generated_ids")), None)
        res["ids_agree"] = (None if peer is None or res.get("generated_ids") is None
                            else res["generated_ids"] == peer["generated_ids"])

    def torch_generation(self, shape, setting):
        a = self.args
        env = self.peer_env()
        env["OMP_NUM_THREADS"], env["OPENBLAS_NUM_THREADS"] = map(str, setting)
        env.pop("MKL_NUM_THREADS", None)
        env.pop("GOTO_NUM_THREADS", None)
        model = shape.model
        cmd = [PYTHON, str(HERE / "torch_worker.py"), "--model", MODELS[model].kind,
               "--weights", str(self.weights(model)),
               "--config", str(self.weights_dir(model) / "config.json"),
               "--inputs", str(self.inputs_dir(shape)), "--generate", str(a.gen_tokens),
               "--reps", str(a.gen_reps)]
        tag = f"torch-generate-{model}-{shape.key}-n{a.gen_tokens}-{torch_label(setting)}"
        tag = tag.replace("/", "-")
        m = run_measured(cmd, env, self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        what = f"{model} generation PyTorch KV cache {torch_label(setting)}"
        if m.rc:
            self.fail(f"{what} failed (exit {m.rc}):\n{tail(m.out + m.err)}")
            return
        res = last_json_line(m.out)
        res.update(model=model, omp=setting[0], blas=setting[1], rss_mb=m.rss_mb,
                   wall_s=m.wall_s, other_cores=m.other_cores)
        self.add_decode_figures(res, max(setting), "f32")
        self.results["generation"]["pytorch"].append(res)
        log(f"{what}: time to first token {res['ttft_ms']:.0f} ms, decode "
            f"{res['decode_tokens_per_s']:.1f} tokens/s = {res['pct_bound']:.0f} % of the f32 "
            f"bound {res['bound_tokens_per_s']:.1f}, RSS {m.rss_mb:.0f} MB"
            + ("" if res["ids_agree"] in (None, True) else
               "; its ids differ from the first setting's") + busy_note(m.other_cores))

    def tfm_generation(self, shape, backend, precision, threads):
        """tfm's greedy generation of --gen-tokens tokens after the prompt
        self.inputs_dir(shape) / "input_ids.npy" (int64 [1, P]) with the
        PyTorch peer's checkpoint: `tfm run DIR --input input_ids=FILE
        --max-new-tokens N --json` on a folder of the checkpoint, its
        config.json without eos_token_id (the peer never stops early either)
        and the vocabulary of its models/ folder (GPT-2's: the decoders
        whose Decoder.tfm is None). One untimed run compiles into the
        benchmark's cache; --gen-reps runs follow, each timing a generation
        after one warm-up generation in the same process (--warmup: oneDNN
        compiles its kernels on first use), as the PyTorch peer does. Returns the
        medians of tfm's own figures (time to first token; decode tokens/s
        over the tokens after the first) with the ids, the cache's bytes and
        the largest RSS, or None when a run fails (reported)."""
        a, model = self.args, shape.model
        vocab = REPO / "models" / MODELS[model].directory
        folder = self.work / "generation" / f"{model}-seed{a.seed}"
        folder.mkdir(parents=True, exist_ok=True)
        config = json.loads((self.weights_dir(model) / "config.json").read_text())
        config.pop("eos_token_id", None)
        (folder / "config.json").write_text(json.dumps(config))
        for name, source in (("model.safetensors", self.weights(model)),
                             ("vocab.json", vocab / "vocab.json"),
                             ("merges.txt", vocab / "merges.txt")):
            link = folder / name
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(source)
        cmd = [str(a.build_dir / "bin" / "tfm"), "run", str(folder),
               "--input", f"input_ids={self.inputs_dir(shape) / 'input_ids.npy'}",
               "--max-new-tokens", str(a.gen_tokens), "--warmup", "--json",
               "--threads", str(threads),
               "--backend", backend, "--precision", precision,
               "--cache-dir", str(self.work / "generation" / "cache")]
        tag = f"tfm-generate-{model}-{shape.key}-n{a.gen_tokens}-{backend}-{precision}-{threads}t"
        tag = tag.replace("/", "-")
        runs = []
        for rep in range(a.gen_reps + 1):
            m = run_measured(cmd, self.tfm_env(), self.logs / f"{tag}-{rep}.out",
                             self.logs / f"{tag}-{rep}.err")
            if m.rc:
                self.fail(f"{model} generation tfm {backend} {precision} {threads}t failed "
                          f"(exit {m.rc}):\n{tail(m.out + m.err)}")
                return None
            if rep:  # the first compiled the model and warmed up
                runs.append((json.loads(m.out), m))
        docs = [doc for doc, _ in runs]
        return {
            "ttft_ms": statistics.median(d["time_to_first_token_ms"] for d in docs),
            "decode_tokens_per_s": statistics.median(d["tokens_per_second"] for d in docs),
            "ttft_samples_ms": [round(d["time_to_first_token_ms"], 3) for d in docs],
            "decode_samples_tokens_per_s": [round(d["tokens_per_second"], 3) for d in docs],
            "generated_ids": docs[0]["generated_ids"],
            "cache_bytes": docs[0]["cache_bytes"],
            "rss_mb": max(m.rss_mb for _, m in runs),
            "other_cores": max((m.other_cores or 0) for _, m in runs),
        }

    def generation_lines(self):
        """The bandwidth line and the generation table for the report."""
        bw = self.results["bandwidth"]
        if not bw:
            return []
        lines = ["", f"Memory bandwidth (benchmarks/mem_bandwidth.c, STREAM-like, 3 arrays of "
                     f"{bw['array_mib']} MiB: {bw['why']}; best of 10): " + "; ".join(
                         f"{t} thread{'s' if int(t) > 1 else ''}: triad {v['triad_gbs']:.1f} "
                         f"GB/s{NOISY if noisy(v['other_cores']) else ''} (STREAM's "
                         f"convention, 24 bytes per element; "
                         f"{v['triad_gbs_with_write_allocate']:.1f} counting write-allocate), "
                         f"read {v['read_gbs']:.1f} GB/s" for t, v in bw["threads"].items())]
        gen = self.results["generation"]
        for model in self.gen_models:
            lines += self.generation_table(model, gen)
        return lines

    def generation_table(self, model, gen):
        """One decoder's generation table (tfm's rows, then PyTorch's)."""
        a, cfg, d = self.args, self.cfgs[model], MODELS[model].decoder
        weights_mb = d.weight_elements(cfg) * 4 / 1e6
        layers, width = d.cache(cfg)
        per_token_kb = layers * 2 * width * 4 / 1e3
        head = ["who", "prec", "thr", "TTFT ms", "decode tok/s", "bound tok/s", "% of bound",
                "ids = PyTorch", "cache MB", "RSS MB"]
        rows = []
        for r in (r for r in gen["tfm"] if r["model"] == model):
            rows.append([f"tfm {r['backend']}", r["precision"], str(r["threads"]),
                         f"{r['ttft_ms']:.0f}",
                         f"{r['decode_tokens_per_s']:.1f}"
                         + (NOISY if noisy(r.get("other_cores")) else ""),
                         f"{r['bound_tokens_per_s']:.1f}", f"{r['pct_bound']:.0f}",
                         {True: "yes", False: "NO" if r["precision"] == "f32" else "no",
                          None: "-"}[r["ids_agree"]],
                         f"{r.get('cache_bytes', 0) / 1e6:.1f}", f"{r.get('rss_mb', 0):.0f}"])
        peers = [r for r in gen["pytorch"] if r["model"] == model]
        for r in peers:
            rows.append([f"PyTorch KV {torch_label((r['omp'], r['blas']))}", r["dtype"],
                         str(max(r["omp"], r["blas"])), f"{r['ttft_ms']:.0f}",
                         f"{r['decode_tokens_per_s']:.1f}"
                         + (NOISY if noisy(r["other_cores"]) else ""),
                         f"{r['bound_tokens_per_s']:.1f}", f"{r['pct_bound']:.0f}",
                         "(reference)" if r is peers[0] else
                         {True: "yes", False: "NO", None: "-"}[r["ids_agree"]],
                         f"{r['cache_bytes'] / 1e6:.1f}", f"{r['rss_mb']:.0f}"])
        lines = ["", f"{d.label} greedy generation ({model}), batch 1, {a.gen_prompt}-token "
                     f"prompt, {a.gen_tokens} new tokens (median of {a.gen_reps}; TTFT = time "
                     f"to first token: prefill + first pick; decode tok/s = the "
                     f"{a.gen_tokens - 1} later tokens over the time from the first token to "
                     "the last; bound = triad bandwidth at the thread count / bytes read per "
                     f"decode step: {weights_mb:.1f} MB of f32 weights (every parameter once: "
                     "the LM head whole, one row of an untied token or a position embedding; "
                     f"bf16 rows: 2 bytes a weight) + the f32 cache, {per_token_kb:.1f} kB per cached token, at "
                     f"contexts {a.gen_prompt + 1}..{a.gen_prompt + a.gen_tokens - 1}; ids = "
                     "PyTorch: the greedy ids equal the first PyTorch setting's: NO fails the "
                     "run for f32, no is reported for lower precisions, which may flip close "
                     "picks)"]
        lines += table(head, rows)
        skipped = gen.get("tfm_skipped", {}).get(model)
        if skipped:
            lines.append(f"tfm: not measured: {skipped}")
        elif not rows[:len(rows) - len(peers)]:
            lines.append("tfm: not measured (see the failures above)")
        return lines

    # -- FMA peaks, environments, ISA -------------------------------------------

    def peaks_for(self, kernel):
        """{threads: fma_peak result} of FMA kernel `kernel`, measured the
        first time it is asked for (and logged then)."""
        if kernel not in self.peaks:
            log(f"measuring the {kernel} FMA peak (benchmarks/fma_peak.c)")
            self.peaks[kernel] = measure_fma_peak(self.work, self.fma_exe, self.peak_threads,
                                                  kernel)
            self.log_peaks(kernel)
        return self.peaks[kernel]

    def peak(self, kernel, threads):
        """GFLOP/s of `threads` threads of `kernel` FMAs (capped at the most
        threads measured)."""
        p = self.peaks_for(kernel)
        return p[min(threads, max(p))]["gflops"]

    def log_peaks(self, kernel):
        for t, p in self.peaks[kernel].items():
            note = ""
            if p["measured"] < p["gflops"]:
                note = (f"; this run measured {p['measured']:.1f}"
                        + (f" with other processes on {p['other_cores']:.1f} CPUs"
                           if noisy(p["other_cores"]) else "")
                        + ", so the best earlier reading (fma_peak.json) is used")
            log(f"  fp32 FMA peak, {kernel}, {t} thread{'s' if t > 1 else ''}: "
                f"{p['gflops']:.1f} GFLOP/s ({p['chains']} chains{note})")

    def isa_cap(self):
        """(DNNL_MAX_CPU_ISA for tfm's runs or None, where it comes from)."""
        if self.args.isa:
            return self.args.isa, "--isa"
        cap = os.environ.get("DNNL_MAX_CPU_ISA")
        return (cap, "environment") if cap else (None, None)

    def tfm_env(self):
        env = dict(os.environ)
        env.pop("OMP_NUM_THREADS", None)  # --threads decides
        env.pop("DNNL_VERBOSE", None)     # its per-primitive lines would be timed too
        if self.args.isa:
            env["DNNL_MAX_CPU_ISA"] = self.args.isa
        return env

    def peer_env(self):
        """The peers run at the host's full ISA: a cap is tfm's only (ONNX
        Runtime has none to set, and PyTorch's bundled oneDNN would read it)."""
        env = dict(os.environ)
        for var in ("DNNL_MAX_CPU_ISA", "DNNL_VERBOSE", "OMP_NUM_THREADS"):
            env.pop(var, None)
        return env

    def tfm_cmd(self, exe, shape, out_dir, threads, bench=None):
        cmd = [str(exe), "--weights", str(self.weights(shape.model)), "--output-dir",
               str(out_dir), "--threads", str(threads)]
        if bench:
            cmd += ["--bench", str(bench)]
        for p in sorted(self.inputs_dir(shape).glob("*.npy")):
            cmd += ["--input", f"{p.stem}={p}"]
        return cmd

    def backend_isa(self, exe, model, backend):
        """What tfm's kernels run at with this backend: {"name", "kernel" (of
        fma_peak.c, for % of peak), ...}; None if the executable fails.

        The dnnl backend's kernels are oneDNN's, which picks its ISA at run
        time (capped by DNNL_MAX_CPU_ISA): the executable runs once on the
        model's first shape with DNNL_VERBOSE=1, whose "isa:" line names it
        and whose exec lines name each kernel.  Other backends' code is
        generated by tfm-compile for the host CPU (AVX-512 if it has it)."""
        if backend != "dnnl":
            return {"name": self.native_kernel, "kernel": self.native_kernel,
                    "info": "tfm-compile's code for the host CPU"}
        shape = self.shapes[model][0]
        out_dir = self.work / "out" / f"{model}-{backend}-isa-probe"
        shutil.rmtree(out_dir, ignore_errors=True)
        env = self.tfm_env()
        env["DNNL_VERBOSE"] = "1"
        tag = f"isa-{model}-{backend}"
        m = run_measured(self.tfm_cmd(exe, shape, out_dir, 1), env,
                         self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        shutil.rmtree(out_dir, ignore_errors=True)
        if m.rc:
            self.fail(f"{model} {shape.label} {backend}: the executable failed (exit {m.rc}) "
                      f"in its DNNL_VERBOSE=1 run:\n{tail(m.out + m.err)}")
            return None
        info, kernels = None, {}
        for line in m.out.splitlines():
            if (match := DNNL_ISA_LINE.match(line)):
                info = match.group(1).strip()
            elif (match := DNNL_EXEC_LINE.match(line)):
                k = f"{match.group(1)} {match.group(2)}"
                kernels[k] = kernels.get(k, 0) + 1
        cap, cap_from = self.isa_cap()
        isa = {"name": "unknown", "kernel": None, "info": info, "cap": cap,
               "cap_from": cap_from, "kernels": kernels}
        if info is None:
            log(f"warning: {model} {backend}: no oneDNN 'isa:' line with DNNL_VERBOSE=1 "
                f"(see {self.logs / (tag + '.out')}); % of peak is not computed")
        else:
            isa["name"], isa["kernel"] = next(
                ((name, k) for pat, name, k in DNNL_ISAS if re.search(pat, info)),
                (info, None))
        self.results["isa"][f"{model}-{backend}"] = isa
        top = sorted(kernels.items(), key=lambda kv: -kv[1])[:4]
        peak = ""
        if isa["kernel"]:
            peak = "; its FMA peak (" + isa["kernel"] + "): " + ", ".join(
                f"{t} thread{'s' if t > 1 else ''} {p['gflops']:.1f}"
                for t, p in self.peaks_for(isa["kernel"]).items()) + " GFLOP/s"
        log(f"{model} {backend}: oneDNN runs at {isa['name']} ({info}; DNNL_MAX_CPU_ISA "
            + (f"{cap} from {cap_from}" if cap else "unset") + f"){peak}; most used "
            "kernels: " + (", ".join(f"{k} x{n}" for k, n in top) or "none"))
        return isa

    # -- ONNX Runtime ------------------------------------------------------------

    def ort_dir(self):
        return self.work / "ort"

    def ort_env(self):
        env = self.peer_env()
        env["NODE_PATH"] = str(self.ort_dir() / "node_modules")
        return env

    def ort_installed(self):
        try:
            pkg = self.ort_dir() / "node_modules" / ORT_PACKAGE / "package.json"
            return json.loads(pkg.read_text()).get("version") == ORT_VERSION
        except (OSError, ValueError):
            return False

    def no_ort(self, reason):
        log(f"ONNX Runtime is not available: {reason}\n"
            "  going on without it: no ORT columns (--no-ort skips this step)")
        self.results["ort_status"] = {"available": False, "reason": reason}
        return False

    def ensure_ort(self):
        """Makes onnxruntime-node loadable from WORKDIR/ort (npm install the
        first time); False, said loudly, if it cannot be."""
        if self.args.no_ort:
            self.results["ort_status"] = {"available": False, "reason": "--no-ort"}
            return False
        node, npm = shutil.which("node"), shutil.which("npm")
        if not node or not npm:
            return self.no_ort("node or npm is not installed (apt-get install nodejs npm)")
        if not self.ort_installed():
            d = self.ort_dir()
            d.mkdir(parents=True, exist_ok=True)
            (d / "package.json").write_text(json.dumps(
                {"private": True, "description": "ONNX Runtime for benchmarks/bench.py"}) + "\n")
            log(f"ONNX Runtime: npm install {ORT_PACKAGE}@{ORT_VERSION} into {d}")
            # --ignore-scripts: the install script only fetches GPU providers.
            cmd = [npm, "install", "--prefix", str(d), "--ignore-scripts", "--no-audit",
                   "--no-fund", "--fetch-retries=1", f"{ORT_PACKAGE}@{ORT_VERSION}"]
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            except subprocess.TimeoutExpired:
                return self.no_ort("npm install timed out after 10 min (is the npm "
                                   "registry reachable?)")
            if r.returncode or not self.ort_installed():
                # npm says what went wrong first (e.g. "code ECONNREFUSED").
                first = "\n".join((r.stderr or r.stdout).strip().splitlines()[:4])
                return self.no_ort(f"npm install failed (exit {r.returncode}); is the npm "
                                   f"registry reachable?\n{tail(first)}")
        r = subprocess.run([node, "-e", f"require('{ORT_PACKAGE}')"], env=self.ort_env(),
                           capture_output=True, text=True)
        if r.returncode:
            return self.no_ort(f"{ORT_PACKAGE} does not load:\n{tail(r.stdout + r.stderr, 6)}")
        self.node = node
        self.results["ort_status"] = {"available": True, "package": ORT_PACKAGE,
                                      "version": ORT_VERSION}
        log(f"ONNX Runtime: {ORT_PACKAGE} {ORT_VERSION} from {self.ort_dir()}")
        return True

    def onnx_path(self, model):
        return self.work / "onnx" / f"{model}-seed{self.args.seed}.onnx"

    def onnx_stamp(self, model):
        return file_stamp(self.weights(model), HERE / "onnx_export.py",
                          REPO / "scripts" / "make_reference.py")

    def onnx_cached(self, model):
        path = self.onnx_path(model)
        stamp = path.with_suffix(".stamp.json")
        return (path.is_file() and stamp.is_file() and self.weights(model).is_file()
                and json.loads(stamp.read_text()) == self.onnx_stamp(model))

    def ensure_onnx(self, model):
        """The model as ONNX (onnx_export.py, cached until the weights or the
        exporting code change), or None if the export fails."""
        path = self.onnx_path(model)
        if self.onnx_cached(model):
            log(f"{model}: reusing {path.relative_to(self.work)}")
            return path
        stamp = path.with_suffix(".stamp.json")
        stamp.unlink(missing_ok=True)
        shape = self.shapes[model][0]
        log(f"{model}: exporting to ONNX (benchmarks/onnx_export.py)")
        cmd = [PYTHON, str(HERE / "onnx_export.py"), "--model", MODELS[model].kind,
               "--weights", str(self.weights(model)),
               "--config", str(self.weights_dir(model) / "config.json"),
               "--inputs", str(self.inputs_dir(shape)), "--out", str(path)]
        tag = f"onnx-export-{model}"
        m = run_measured(cmd, self.peer_env(), self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        if m.rc or not path.is_file():
            self.fail(f"{model}: ONNX export failed (exit {m.rc}); no ONNX Runtime figures:\n"
                      f"{tail(m.out + m.err)}")
            return None
        stamp.write_text(json.dumps(self.onnx_stamp(model)))
        log(f"{model}: exported in {m.wall_s:.0f} s ({path.stat().st_size / 2**20:.0f} MB)")
        return path

    def run_ort(self, onnx, shape, threads, weights_mb):
        reps = self.reps(shape)
        out_dir = self.work / "out" / f"{shape.model}-{shape.key}-ort-t{threads}"
        shutil.rmtree(out_dir, ignore_errors=True)
        cmd = [self.node, str(HERE / "ort_worker.js"), "--model", str(onnx),
               "--inputs", str(self.inputs_dir(shape)), "--threads", str(threads),
               "--reps", str(reps), "--output-dir", str(out_dir)]
        tag = f"ort-{shape.model}-{shape.key}-t{threads}"
        m = run_measured(cmd, self.ort_env(), self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        what = f"{shape.model} {shape.label} ONNX Runtime {threads}t"
        if m.rc:
            shutil.rmtree(out_dir, ignore_errors=True)
            self.fail(f"{what}: ort_worker.js failed (exit {m.rc}):\n{tail(m.out + m.err)}")
            return
        res = last_json_line(m.out)
        err_rel, details, problem, _ = self.check_outputs(shape, out_dir)
        shutil.rmtree(out_dir, ignore_errors=True)
        ok = problem is None and err_rel <= self.args.tolerance
        gflop = model_flops(shape.model, self.cfgs[shape.model], shape.batch, shape.seq) / 1e9
        row = {"model": shape.model, "shape": shape.label, "batch": shape.batch,
               "seq": shape.seq, "threads": threads, "reps": reps,
               "median_ms": res["median_ms"], "min_ms": res["min_ms"],
               "samples_ms": res["samples_ms"], "session_ms": res["load_ms"],
               "ort_version": res["ort_version"], "gflop": gflop,
               "gflops": gflop / (res["median_ms"] / 1e3), "rss_mb": m.rss_mb,
               "weights_mb": weights_mb, "wall_s": m.wall_s, "other_cores": m.other_cores,
               "max_rel_err": err_rel, "errors": details, "correct": ok}
        row["pct_peak"] = 100 * row["gflops"] / self.peak(self.native_kernel, threads)
        self.results["ort"].append(row)
        log(f"{what}: {row['median_ms']:.1f} ms, {row['gflops']:.1f} GFLOP/s "
            f"({row['pct_peak']:.0f} % of peak), RSS {m.rss_mb:.0f} MB, error "
            f"{'-' if err_rel is None else f'{err_rel:.1e}'} {'ok' if ok else 'WRONG'}"
            + busy_note(m.other_cores))
        if not ok:
            self.fail(f"{what}: output does not match PyTorch, so its time is not "
                      "compared: " + (problem or f"max rel error {err_rel:.3e} > "
                                      f"{self.args.tolerance:g}"))

    def ort_entry(self, model, label, threads):
        for r in self.results["ort"]:
            if r["model"] == model and r["shape"] == label and r["threads"] == threads:
                return r
        return None

    # -- tfm -------------------------------------------------------------------

    def cached_exe(self, model, backend, precision="f32"):
        """(executable, stamp file, stamp, whether the executable is up to
        date with the compiler, the runtime and the model)."""
        exe_dir = self.work / "exe"
        name = f"{model}.{backend}" + ("" if precision == "f32" else f".{precision}")
        exe = exe_dir / name
        stamp_path = exe_dir / f"{name}.stamp.json"
        inputs = [self.compiler, self.mlir(model)] + ([self.runtime] if self.runtime else [])
        stamp = {"backend": backend, "precision": precision, "files": file_stamp(*inputs)}
        cached = (not self.args.recompile and exe.is_file() and stamp_path.is_file()
                  and json.loads(stamp_path.read_text()) == stamp)
        return exe, stamp_path, stamp, cached

    def compile(self, model, backend, precision="f32"):
        exe, stamp_path, stamp, cached = self.cached_exe(model, backend, precision)
        if cached:
            log(f"{model}: reusing {exe.relative_to(self.work)} (compiler, runtime and model unchanged)")
            return exe
        exe.parent.mkdir(parents=True, exist_ok=True)
        flags = [f"--backend={backend}"] + ([] if precision == "f32"
                                            else [f"--precision={precision}"])
        log(f"{model}: tfm-compile {' '.join(flags)}")
        stamp_path.unlink(missing_ok=True)
        cmd = [str(self.compiler), str(self.mlir(model))] + flags + ["-o", str(exe)]
        tag = f"compile-{model}-{backend}-{precision}"
        m = run_measured(cmd, None, self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        self.results["compile"].append({"model": model, "backend": backend,
                                        "precision": precision, "seconds": m.wall_s,
                                        "rss_mb": m.rss_mb, "ok": m.rc == 0})
        if m.rc or not exe.is_file():
            self.fail(f"{model} {backend} {precision}: tfm-compile failed (exit {m.rc}):\n"
                      f"{tail(m.out + m.err)}")
            return None
        stamp_path.write_text(json.dumps(stamp))
        log(f"{model}: compiled with {' '.join(flags)} in {m.wall_s:.0f} s")
        return exe

    def check_outputs(self, shape, out_dir):
        """(max |actual - expected| / max |expected| over all outputs, that
        per output, problem or None, scripts/accuracy.py's metrics per
        output), computed in a child process (compare_outputs.py) so that
        this process stays small."""
        cmd = [PYTHON, str(HERE / "compare_outputs.py"), str(self.expected_dir(shape)),
               str(out_dir)]
        if MODELS[shape.model].logits:
            cmd += ["--logits", MODELS[shape.model].logits]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            return None, {}, f"compare_outputs.py failed: {r.stdout}{r.stderr}".strip(), {}
        res = last_json_line(r.stdout)
        errors = res["errors"]
        if res["problem"]:
            return None, errors, res["problem"], res["metrics"]
        return max(errors.values()), errors, None, res["metrics"]

    def launch_tfm(self, exe, shape, backend, precision, threads, log_suffix=""):
        """Runs one configuration with --bench into a fresh output directory:
        (the measured run, that directory)."""
        key = f"{shape.model}-{shape.key}-{backend}-{precision}-t{threads}"
        out_dir = self.work / "out" / key
        shutil.rmtree(out_dir, ignore_errors=True)
        cmd = self.tfm_cmd(exe, shape, out_dir, threads, bench=self.reps(shape))
        tag = f"tfm-{key}{log_suffix}"
        m = run_measured(cmd, self.tfm_env(), self.logs / f"{tag}.out", self.logs / f"{tag}.err")
        return m, out_dir

    def time_tfm(self, exe, shape, backend, precision, threads):
        """One earlier round of --rounds: (median, min) ms of a --bench run,
        its outputs not checked (the last round's are); None if it failed,
        which the last round reports."""
        m, out_dir = self.launch_tfm(exe, shape, backend, precision, threads, "-round")
        shutil.rmtree(out_dir, ignore_errors=True)
        bench = None if m.rc else last_json_line(m.out)
        return (bench["median_ms"], bench["min_ms"]) if bench else None

    def run_tfm(self, exe, shape, backend, precision, threads, isa, weights_mb, earlier=()):
        """Runs, times and checks one configuration; `earlier` are the
        (median, min) ms of earlier rounds (--rounds), reported with this
        one's."""
        reps = self.reps(shape)
        m, out_dir = self.launch_tfm(exe, shape, backend, precision, threads)
        what = f"{shape.model} {shape.label} {backend} {precision} {threads}t"
        if m.rc:
            self.fail(f"{what}: the executable failed (exit {m.rc}):\n{tail(m.out + m.err)}")
            return
        bench = last_json_line(m.out)
        medians = [e[0] for e in earlier] + [bench["median_ms"]]
        err_rel, details, problem, metrics = self.check_outputs(shape, out_dir)
        shutil.rmtree(out_dir, ignore_errors=True)  # GPT-2 logits are 200 MB a run
        # f32 (and bf16 where oneDNN computes it in f32) is held to
        # --tolerance, bf16 and int8 to their bounds in scripts/accuracy.py.
        held = accuracy.held_to(precision, isa["name"])
        problems = [problem] if problem else []
        if not problem and held == "f32" and err_rel > self.args.tolerance:
            problems.append(f"max rel error {err_rel:.3e} > {self.args.tolerance:g} ("
                            + ", ".join(f"{k} {v:.2e}" for k, v in details.items()) + ")")
        elif not problem and held != "f32":
            problems += [f"{name}: {v}" for name, values in metrics.items()
                         for v in accuracy.violations(values, held, shape.model)]
        ok = not problems
        gflop = model_flops(shape.model, self.cfgs[shape.model], shape.batch, shape.seq) / 1e9
        row = {"model": shape.model, "shape": shape.label, "batch": shape.batch,
               "seq": shape.seq, "backend": backend, "precision": precision,
               "held_to": held, "kernels": bench.get("kernels"), "isa": isa["name"],
               "fma_kernel": isa["kernel"], "isa_cap": self.isa_cap()[0],
               "threads": threads, "reps": reps,
               "round_medians_ms": medians,
               "median_ms": statistics.median(medians),
               "min_ms": min([e[1] for e in earlier] + [bench["min_ms"]]),
               "gflop": gflop, "gflops": gflop / (statistics.median(medians) / 1e3),
               "rss_mb": m.rss_mb, "weights_mb": weights_mb, "wall_s": m.wall_s,
               "other_cores": m.other_cores,
               "system_allocations": bench.get("system_allocations"),
               "max_rel_err": err_rel, "errors": details, "metrics": metrics,
               "problems": problems, "correct": ok}
        row["pct_peak"] = (100 * row["gflops"] / self.peak(isa["kernel"], threads)
                           if isa["kernel"] else None)
        self.results["tfm"].append(row)
        verdict = "ok" if ok else "WRONG"
        pct = "-" if row["pct_peak"] is None else f"{row['pct_peak']:.0f}"
        kernels = (" [" + format_kernels(row["kernels"]) + "]") if row["kernels"] else ""
        log(f"{what}{kernels}: {row['median_ms']:.1f} ms, {row['gflops']:.1f} GFLOP/s "
            f"({pct} % of the {isa['name']} f32 peak), RSS {m.rss_mb:.0f} MB, "
            f"error {'-' if err_rel is None else f'{err_rel:.1e}'} {verdict}"
            + busy_note(m.other_cores))
        if not ok:
            self.fail(f"{what}: output does not match PyTorch's f32 within the {held} "
                      "bounds: " + "; ".join(problems))

    def check_idle(self):
        """Warns up front when other processes keep the CPUs busy."""
        busy = cpu_busy_cores(1.0)
        self.results["busy_cores_at_start"] = busy
        if busy is not None and busy > BUSY_CORES_WARN:
            log(f"warning: other processes keep {busy:.1f} CPUs busy; measurements they "
                f"disturb are marked {NOISY}")

    def fail(self, msg):
        log("FAILED: " + msg)
        self.failures.append(msg)
        self.results["failures"].append(msg)

    # -- driver ----------------------------------------------------------------

    def run(self):
        a = self.args
        started = time.monotonic()
        self.preflight()
        self.work.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.plan()

        self.peak_threads = sorted(set([1, 2] + a.threads + [
            max(s) for s in a.torch_settings + a.torch_bf16_settings]))
        self.check_idle()
        self.fma_exe = build_fma_peak(self.work)
        log("measuring the FMA peak (benchmarks/fma_peak.c, the widest FMAs this CPU has)")
        native = measure_fma_peak(self.work, self.fma_exe, self.peak_threads)
        self.native_kernel = next(iter(native.values()))["isa"]
        self.peaks[self.native_kernel] = native
        self.log_peaks(self.native_kernel)

        # Only for the estimate: the ISA itself is read from oneDNN later.
        cap, cap_from = self.isa_cap()
        dnnl_kernel = self.native_kernel
        if cap and cap.upper().startswith("AVX2"):
            dnnl_kernel = "avx2"
        if cap:
            log(f"oneDNN's ISA for tfm's runs is capped at {cap} (DNNL_MAX_CPU_ISA, from "
                f"{cap_from}); ONNX Runtime and PyTorch run uncapped")
        if cap and cap.upper() not in DNNL_ISA_NAMES:
            log(f"warning: oneDNN 2.6 does not know DNNL_MAX_CPU_ISA={cap} and ignores it")
        if cap and any(b != "dnnl" for b in a.backends):
            log("  (the cap applies to oneDNN's kernels only: the llvm backend's code targets "
                "the host CPU)")
        est = self.estimate(dnnl_kernel)

        n_shapes = sum(len(v) for v in self.shapes.values())
        ort = ("off (--no-ort)" if a.no_ort else f"{ORT_PACKAGE} {ORT_VERSION}"
               + ("" if self.ort_installed() else " (to be installed with npm)"))
        if not a.generation_only:
            log(f"plan: models {','.join(a.models)}; backends {','.join(a.backends)}; "
                f"precisions {','.join(a.precisions)} (other than f32: dnnl only); "
                f"threads {','.join(map(str, a.threads))}; {n_shapes} shapes; reps {a.reps} "
                f"(large shapes {a.reps_large}); rounds {a.rounds}; ONNX Runtime {ort}; PyTorch "
                f"{'off' if a.no_pytorch else ', '.join(map(torch_label, a.torch_settings))}"
                + ("; PyTorch bf16 " + ", ".join(map(torch_label, a.torch_bf16_settings))
                   if "bf16" in a.precisions and not a.no_pytorch else ""))
        for m in a.models if not a.generation_only else []:
            log(f"  {m}: " + ", ".join(
                f"{s.label} ({model_flops(m, self.cfgs[m], s.batch, s.seq) / 1e9:.1f} GFLOP)"
                for s in self.shapes[m]))
        for m in self.gen_models:
            tfm = MODELS[m].decoder.tfm
            log(f"  {m} generation: batch 1, {a.gen_prompt}-token prompt, {a.gen_tokens} new "
                f"tokens, {a.gen_reps} timed runs; memory bandwidth at "
                f"{','.join(map(str, self.peak_threads))} threads; PyTorch KV cache "
                + ("off" if a.no_pytorch else ", ".join(map(torch_label, a.torch_settings)))
                + (f"; tfm not measured ({tfm})" if tfm else
                   f"; tfm (Bench.tfm_generation) {','.join(a.backends)} at threads "
                   + ",".join(map(str, a.threads)))
                + ("; only this: no forward passes" if a.generation_only else ""))
        log(f"expected duration: about {duration(est)} (rough; cached weights, ONNX "
            "exports and executables make reruns shorter)")
        self.results["meta"] = self.meta(est)
        if a.dry_run:
            return 0

        if self.with_generation:
            self.measure_bandwidth()
        if not a.generation_only:
            self.ensure_ort()
        for m in a.models:
            self.ensure_weights(m)
            if m in self.gen_models:
                self.generation(m)
            if a.generation_only:
                continue
            weights_mb = self.weights(m).stat().st_size / 2**20
            for s in self.shapes[m]:
                self.ensure_inputs(s)
                self.torch_shape(s)
            if self.node:
                onnx = self.ensure_onnx(m)
                for s in self.shapes[m] if onnx else []:
                    for t in a.threads:
                        self.run_ort(onnx, s, t, weights_mb)
            if "bf16" in a.precisions and not a.no_pytorch:
                for s in self.shapes[m]:
                    self.torch_bf16_shape(s)
            for b in a.backends:
                isa, runnable = None, []
                for p in self.precisions_for(b):
                    exe = self.compile(m, b, p)
                    # oneDNN's ISA is the machine's, whatever the precision.
                    isa = isa or (exe and self.backend_isa(exe, m, b))
                    if exe and isa:
                        runnable.append((p, exe))
                # With --rounds, the precisions take turns; the last round
                # checks the outputs and reports the median of all rounds.
                earlier = {}
                for r in range(a.rounds):
                    for p, exe in runnable:
                        for s in self.shapes[m]:
                            for t in a.threads:
                                key = (p, s.key, t)
                                if r + 1 < a.rounds:
                                    timed = self.time_tfm(exe, s, b, p, t)
                                    if timed is not None:
                                        earlier.setdefault(key, []).append(timed)
                                else:
                                    self.run_tfm(exe, s, b, p, t, isa, weights_mb,
                                                 earlier.get(key, []))
            self.results["meta"]["duration_s"] = time.monotonic() - started
            self.write_results()

        self.results["meta"]["duration_s"] = time.monotonic() - started
        text = self.report()
        print()
        print(text)
        self.write_results(text)
        log(f"done in {duration(time.monotonic() - started)} "
            f"(estimated {duration(est)}); results in {self.work / 'results.json'} "
            f"and {self.work / 'results.md'}")
        if self.failures:
            print(f"\n{len(self.failures)} FAILURE(S):", file=sys.stderr)
            for f in self.failures:
                print("  - " + f.replace("\n", "\n    "), file=sys.stderr)
            return 1
        return 0

    def meta(self, est):
        cpu = cpu_model()
        git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
        if subprocess.run(["git", "-C", str(REPO), "status", "--porcelain",
                           "--untracked-files=no"], capture_output=True, text=True).stdout.strip():
            git += "+uncommitted changes"
        a = self.args
        cap, cap_from = self.isa_cap()
        return {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "git": git, "cpu": cpu, "cpus": os.cpu_count(), "machine": platform.machine(),
            "fma_isa": self.native_kernel,
            "estimated_s": est,
            "dnnl_max_cpu_isa": cap, "dnnl_max_cpu_isa_from": cap_from,
            "options": {"models": a.models, "backends": a.backends,
                        "precisions": a.precisions, "threads": a.threads,
                        "reps": a.reps, "reps_large": a.reps_large, "rounds": a.rounds,
                        "quick": a.quick,
                        "isa": a.isa, "ort": not a.no_ort, "pytorch": not a.no_pytorch,
                        "torch_settings": [torch_label(s) for s in a.torch_settings],
                        "torch_bf16_settings": [torch_label(s)
                                                for s in a.torch_bf16_settings],
                        "seed": a.seed, "tolerance": a.tolerance},
            "weights_bytes": {m: self.weights(m).stat().st_size
                              for m in a.models if self.weights(m).is_file()},
        }

    def update_meta_peaks(self):
        """Peaks measured during the run join those measured up front."""
        m = self.results["meta"]
        native = self.peaks[self.native_kernel]
        m["fma_peak_gflops"] = {str(t): p["gflops"] for t, p in native.items()}
        m["fma_peak_measured_gflops"] = {str(t): p["measured"] for t, p in native.items()}
        m["fma_peaks"] = {k: {str(t): {"gflops": p["gflops"], "measured": p["measured"]}
                              for t, p in v.items()} for k, v in self.peaks.items()}

    # -- report ----------------------------------------------------------------

    def torch_entry(self, model, label):
        for e in self.results["pytorch"]:
            if e["model"] == model and e["shape"] == label:
                return e
        return None

    def torch_bf16_entry(self, model, label):
        for e in self.results["pytorch_bf16"]:
            if e["model"] == model and e["shape"] == label:
                return e
        return None

    def tfm_entry(self, model, label, backend, precision, threads):
        for r in self.results["tfm"]:
            if (r["model"], r["shape"], r["backend"], r.get("precision", "f32"),
                    r["threads"]) == (model, label, backend, precision, threads):
                return r
        return None

    def accuracy_lines(self):
        """Accuracy per precision against the f32 PyTorch reference: one row
        per model, shape, backend, precision and output (from the run with
        the most threads), then PyTorch bf16's."""
        rows, seen = [], set()
        for r in sorted(self.results["tfm"], key=lambda r: -r["threads"]):
            key = (r["model"], r["shape"], r["backend"], r.get("precision", "f32"))
            if key in seen or not r.get("metrics"):
                continue
            seen.add(key)
            for name, v in r["metrics"].items():
                rows.append(list(key) + [r.get("held_to", key[3]), name] + metric_cells(v)
                            + ["ok" if r["correct"] else "FAIL"])
        for e in self.results["pytorch_bf16"]:
            for name, v in (e.get("metrics") or {}).items():
                bad = [p for p in e["problems"] if p.startswith(name + ":")]
                rows.append([e["model"], e["shape"], "PyTorch", "bf16", "-", name]
                            + metric_cells(v) + ["outside bf16 bounds" if bad else "ok"])
        if not rows:
            return []
        bounds = "; ".join(f"{p}: max err <= {b['max_err']:g}, mean err <= {b['mean_err']:g}, "
                           f"min cos >= {b['min_cos']}"
                           + (f", argmax >= {b['argmax']}" if b["argmax"] else "")
                           for p, b in accuracy.BOUNDS.items())
        head = ["model", "shape", "backend", "prec", "held to", "output", "max err",
                "mean err", "min cos", "argmax", "verdict"]
        return (["", "Accuracy vs PyTorch f32 (scripts/accuracy.py; errors relative to "
                 "max|ref|; argmax = share of the positions whose next token agrees, for "
                 + ", ".join(m for m, f in MODELS.items() if f.logits) + "; "
                 "held to = the bounds applied: bf16 computes in f32, and is held to f32's, "
                 f"where oneDNN has no AMX. Bounds: {bounds}; f32's max err is --tolerance)"]
                + table(head, rows))

    def isa_lines(self):
        """Which ISA each part of the run used, for the report."""
        seen = {isa["name"]: isa for isa in self.results["isa"].values()}
        parts = []
        for isa in seen.values():
            cap = f"DNNL_MAX_CPU_ISA={isa['cap']} from {isa['cap_from']}" if isa["cap"] \
                else "DNNL_MAX_CPU_ISA unset"
            parts.append(f"dnnl backend: oneDNN at {isa['name']} (its DNNL_VERBOSE isa: "
                         f"\"{isa['info']}\"; {cap}); % peak of the {isa['kernel'] or '-'} peak")
        if any(b != "dnnl" for b in self.args.backends):
            parts.append(f"llvm backend: tfm-compile's code for the host CPU, "
                         f"{self.native_kernel}; % peak of the {self.native_kernel} peak")
        parts.append(f"ONNX Runtime and PyTorch: the host's full ISA, uncapped; % peak of "
                     f"the {self.native_kernel} peak")
        return ["ISA: " + parts[0]] + ["     " + p for p in parts[1:]]

    def report(self):
        """The result tables as text (fixed-width, also valid markdown)."""
        lines = ["fp32 FMA peak (benchmarks/fma_peak.c): " + "; ".join(
            f"{kernel}: " + ", ".join(
                f"{t} thread{'s' if t > 1 else ''} {p['gflops']:.1f} GFLOP/s"
                + (f" (this run: {p['measured']:.1f})" if p["measured"] < p["gflops"] else "")
                for t, p in peaks.items())
            for kernel, peaks in self.peaks.items())]
        if self.args.generation_only:
            lines += self.generation_lines()
            if self.failures:
                lines += ["", f"{len(self.failures)} failure(s); see the log above"]
            return "\n".join(lines)
        lines += self.isa_lines()
        lines.append("")
        with_ort = bool(self.node)
        with_bf16 = bool(self.results["pytorch_bf16"])
        head = ["model", "shape", "backend", "prec", "ISA", "kernels", "thr", "tfm ms",
                "GFLOP/s", "% peak", "x vs f32"]
        head += ["ORT ms", "x vs ORT"] if with_ort else []
        head += ["PyTorch best ms", "x vs PyTorch", "x vs torch same thr"]
        head += ["torch bf16 ms", "x vs torch bf16"] if with_bf16 else []
        head += ["RSS MB", "RSS/weights", "max rel err", "min cos"]
        rows = []
        for r in self.results["tfm"]:
            precision = r.get("precision", "f32")
            e = self.torch_entry(r["model"], r["shape"])
            best_s = speed = same = "-"
            if e:
                b = e["settings"][e["best"]]
                best_s = (f"{b['median_ms']:.1f}{NOISY if noisy(b['other_cores']) else ''}"
                          f" ({e['best']})")
                speed = f"{b['median_ms'] / r['median_ms']:.2f}x"
                fits = [v for v in e["settings"].values()
                        if max(v["omp"], v["blas"]) <= r["threads"]]
                if fits:
                    same = f"{min(v['median_ms'] for v in fits) / r['median_ms']:.2f}x"
            vs_f32 = "-"
            f32 = self.tfm_entry(r["model"], r["shape"], r["backend"], "f32", r["threads"])
            if f32 and f32 is not r and f32["correct"]:
                vs_f32 = f"{f32['median_ms'] / r['median_ms']:.2f}x"
            ort_ms = ort_speed = "-"
            o = self.ort_entry(r["model"], r["shape"], r["threads"])
            if o:
                ort_ms = f"{o['median_ms']:.1f}" + (NOISY if noisy(o["other_cores"]) else "")
                ort_speed = f"{o['median_ms'] / r['median_ms']:.2f}x"
                if not o["correct"]:
                    ort_ms, ort_speed = ort_ms + " WRONG", "-"
            bf16_ms = bf16_speed = "-"
            t = self.torch_bf16_entry(r["model"], r["shape"])
            if t:
                fits = [v for v in t["settings"].values()
                        if max(v["omp"], v["blas"]) <= r["threads"]]
                if fits:
                    best = min(fits, key=lambda v: v["median_ms"])
                    bf16_ms = (f"{best['median_ms']:.1f}"
                               + (NOISY if noisy(best["other_cores"]) else "")
                               + f" (omp{best['omp']})")
                    bf16_speed = f"{best['median_ms'] / r['median_ms']:.2f}x"
            if not r["correct"]:
                speed = same = ort_speed = vs_f32 = bf16_speed = "WRONG"
            err = "-" if r["max_rel_err"] is None else f"{r['max_rel_err']:.1e}"
            if not r["correct"]:
                err += " FAIL"
            metrics = r.get("metrics") or {}
            cos = (f"{min(v['min_cos'] for v in metrics.values()):.5f}" if metrics else "-")
            pct = "-" if r["pct_peak"] is None else f"{r['pct_peak']:.0f}"
            row = [r["model"], r["shape"], r["backend"], precision, r["isa"],
                   format_kernels(r.get("kernels")), str(r["threads"]),
                   f"{r['median_ms']:.1f}" + (NOISY if noisy(r["other_cores"]) else ""),
                   f"{r['gflops']:.1f}", pct, vs_f32]
            row += [ort_ms, ort_speed] if with_ort else []
            row += [best_s, speed, same]
            row += [bf16_ms, bf16_speed] if with_bf16 else []
            row += [f"{r['rss_mb']:.0f}", f"{r['rss_mb'] / r['weights_mb']:.2f}", err, cos]
            rows.append(row)
        rounds = self.args.rounds
        lines.append("tfm (median of the timed runs"
                     + (f", then of {rounds} rounds in which the precisions took turns"
                        if rounds > 1 else "")
                     + "; prec = tfm-compile --precision, kernels = "
                     "the kernel family each precision's linears and attention ran (--bench); "
                     "% peak of the fp32 "
                     "FMA peak of its ISA; x vs f32 = tfm f32 / this, same backend and threads; "
                     "x vs ORT = ONNX Runtime at the same thread count / tfm; x vs PyTorch = "
                     "PyTorch f32 best / tfm; same thr = PyTorch best using at most as many "
                     "threads"
                     + ("; x vs torch bf16 = PyTorch bf16 at most as many threads / tfm"
                        if with_bf16 else "")
                     + "; errors vs PyTorch f32, relative to max|ref|; min cos = smallest "
                     "cosine similarity of an output row)")
        lines += table(head, rows)
        lines += self.accuracy_lines()
        if not with_ort:
            lines.append("")
            lines.append("ONNX Runtime: not run (" + self.results["ort_status"]["reason"]
                         .splitlines()[0] + ")")
        elif self.results["ort"]:
            lines.append("")
            head = ["model", "shape", "thr", "ORT ms", "GFLOP/s", "% peak", "session ms",
                    "RSS MB", "RSS/weights", "max rel err"]
            rows = []
            for o in self.results["ort"]:
                err = "-" if o["max_rel_err"] is None else f"{o['max_rel_err']:.1e}"
                rows.append([o["model"], o["shape"], str(o["threads"]),
                             f"{o['median_ms']:.1f}" + (NOISY if noisy(o["other_cores"]) else ""),
                             f"{o['gflops']:.1f}", f"{o['pct_peak']:.0f}",
                             f"{o['session_ms']:.0f}", f"{o['rss_mb']:.0f}",
                             f"{o['rss_mb'] / o['weights_mb']:.2f}",
                             err + ("" if o["correct"] else " WRONG")])
            lines.append(f"ONNX Runtime {self.results['ort'][0]['ort_version']} (npm "
                         f"{ORT_PACKAGE}; CPU provider, graph optimization 'all', intra-op "
                         "threads = thr, inter-op 1; ONNX exported by torch.onnx, opset 14; "
                         "session ms = creating the session, not timed)")
            lines += table(head, rows)
        if self.results["pytorch"]:
            lines.append("")
            settings = [torch_label(s) for s in self.args.torch_settings]
            head = ["model", "shape", "GFLOP"] + [f"{s} ms" for s in settings] + [
                "best", "GFLOP/s", "% peak", "RSS MB", "RSS/weights"]
            rows = []
            for e in self.results["pytorch"]:
                b = e["settings"][e["best"]]
                wmb = self.weights(e["model"]).stat().st_size / 2**20
                rows.append([e["model"], e["shape"], f"{e['gflop']:.1f}"]
                            + [f"{e['settings'][s]['median_ms']:.1f}"
                               + (NOISY if noisy(e["settings"][s]["other_cores"]) else "")
                               for s in settings]
                            + [e["best"], f"{b['gflops']:.1f}", f"{b['pct_peak']:.0f}",
                               f"{b['rss_mb']:.0f}", f"{b['rss_mb'] / wmb:.2f}"])
            lines.append("PyTorch " + next(iter(self.results["pytorch"][0]["settings"].values()))
                         ["torch_version"] + " (median ms per OMP/BLAS thread setting; "
                         "% peak of the peak for max(omp, blas) threads; RSS of the best)")
            lines += table(head, rows)
        if self.results["pytorch_bf16"]:
            lines.append("")
            settings = [torch_label(s) for s in self.args.torch_bf16_settings]
            head = ["model", "shape", "GFLOP"] + [f"{s} ms" for s in settings] + [
                "best", "GFLOP/s", "x vs PyTorch f32 best", "RSS MB", "max rel err", "min cos"]
            rows = []
            for e in self.results["pytorch_bf16"]:
                b = e["settings"][e["best"]]
                f32 = self.torch_entry(e["model"], e["shape"])
                vs = (f"{f32['settings'][f32['best']]['median_ms'] / b['median_ms']:.2f}x"
                      if f32 else "-")
                metrics = e.get("metrics") or {}
                rows.append([e["model"], e["shape"], f"{e['gflop']:.1f}"]
                            + [f"{e['settings'][s]['median_ms']:.1f}"
                               + (NOISY if noisy(e["settings"][s]["other_cores"]) else "")
                               for s in settings]
                            + [e["best"], f"{b['gflops']:.1f}", vs, f"{b['rss_mb']:.0f}",
                               f"{max(v['max_err'] for v in metrics.values()):.1e}"
                               if metrics else "-",
                               f"{min(v['min_cos'] for v in metrics.values()):.5f}"
                               if metrics else "-"])
            lines.append("PyTorch bf16 (the same weights and inputs as torch.bfloat16, "
                         "model.to(torch.bfloat16); median ms per OMP/BLAS setting; errors vs "
                         "PyTorch f32)")
            lines += table(head, rows)
        lines += self.generation_lines()
        measured = ([r["other_cores"] for r in self.results["tfm"] + self.results["ort"]]
                    + [v["other_cores"] for e in self.results["pytorch"]
                       + self.results["pytorch_bf16"] for v in e["settings"].values()])
        busy = [c for c in measured if noisy(c)]
        if busy:
            lines.append("")
            lines.append(f"{NOISY} other processes kept {min(busy):.1f} to {max(busy):.1f} CPUs "
                         f"busy during {len(busy)} of {len(measured)} measurements; rerun "
                         "those on an idle machine for reliable numbers")
        if self.failures:
            lines.append("")
            lines.append(f"{len(self.failures)} failure(s); see the log above")
        return "\n".join(lines)

    def write_results(self, text=None):
        self.update_meta_peaks()
        (self.work / "results.json").write_text(json.dumps(self.results, indent=1) + "\n")
        if text is not None:
            m = self.results["meta"]
            md = [f"# tfm benchmark, {m['date']} (git {m['git']})", "",
                  f"CPU: {m['cpu']}, {m['cpus']} CPUs; run took "
                  f"{m.get('duration_s', 0) / 60:.1f} min", "", text, ""]
            (self.work / "results.md").write_text("\n".join(md))


def metric_cells(v):
    return [f"{v['max_err']:.2e}", f"{v['mean_err']:.2e}", f"{v['min_cos']:.6f}",
            f"{v['argmax']:.3f}" if "argmax" in v else "-"]


def format_kernels(kernels):
    """{"f32": "brg:avx512_core", "bf16": ...} as "f32 brg:avx512_core, bf16 ..."."""
    if not kernels:
        return "-"
    if isinstance(kernels, dict):
        return ", ".join(f"{p} {k}" for p, k in kernels.items())
    return str(kernels)


def table(head, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)] if rows else \
        [len(h) for h in head]

    def fmt(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    out = [fmt(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [fmt(r) for r in rows]
    return out


def list_models(models, seed):
    """The lines of --list-models: per model, its models/ directory (or
    where its config comes from), the make_reference.py model that makes its weights and PyTorch forward pass,
    and per shape its GFLOP (model_flops) and the inputs ensure_inputs
    writes."""
    lines = []
    for m in models:
        f = MODELS[m]
        cfg = model_config(m)
        lines.append(f"{m}: {f.source}, make_reference.py --model {f.kind}"
                     + (f", argmax of {f.logits}" if f.logits else ""))
        for s in shapes_for(m, False):
            arrays = make_inputs(s, cfg, seed)
            lines.append(f"  {s.label}{' (--quick)' if not s.large else ''}: "
                         f"{model_flops(m, cfg, s.batch, s.seq) / 1e9:.3f} GFLOP; "
                         + ", ".join(f"{k} {a.dtype}{list(a.shape)}" for k, a in arrays.items()))
    return lines


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.list_models:
            print("\n".join(list_models(args.models, args.seed)))
            return 0
        return Bench(args).run()
    except BenchError as e:
        print(f"bench.py: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench.py: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
