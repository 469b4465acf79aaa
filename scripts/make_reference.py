#!/usr/bin/env python3
"""Generate PyTorch reference data (weights + expected outputs) for tfm's tests.

Run with Debian's interpreter, which has torch and numpy:

    /usr/bin/python3 scripts/make_reference.py
        --model {gpt2,bert,bert-mlm,bert-classifier,vit,openai-gpt,distilbert,
                 distilbert-mlm,roberta,clip-text,clip-text-eos,t5,t5-gated,llama,
                 llama-tied,llama-model,deit,deit-classifier,deit-model} --out DIR
        [--size {tiny,wide,real}] [--seed N] [--cases | --no-cases]
    /usr/bin/python3 scripts/make_reference.py --model {gpt2,llama,llama-tied} --out DIR
        --generation [--size ...] [--prompt-ids 1,2,3] [--max-new-tokens N] [--existing]
    /usr/bin/python3 scripts/make_reference.py --self-test [--seed N]

The models are GPT-2 (GPT2LMHeadModel), BERT (BertModel), BERT with its
masked-LM head (bert-mlm: BertForMaskedLM) and with a sequence classifier
(bert-classifier: BertForSequenceClassification), ViT
(ViTForImageClassification), the original GPT (openai-gpt:
OpenAIGPTLMHeadModel), DistilBERT (distilbert: DistilBertModel;
distilbert-mlm: DistilBertForMaskedLM), RoBERTa (roberta: RobertaModel) and
CLIP's text encoder (clip-text: CLIPTextModel; clip-text-eos: its config with
an eos_token_id other than 2) and T5's encoder (t5: T5EncoderModel, ReLU
feed-forward; t5-gated: feed_forward_proj "gated-gelu", as T5 v1.1 / Flan-T5)
and the LLaMA-style decoder (llama: LlamaForCausalLM, untied LM head;
llama-tied: its tied head, SmolLM-135M's config; llama-model: LlamaModel)
and DeiT (deit: DeiTForImageClassificationWithTeacher, the distilled
classifier; deit-classifier: DeiTForImageClassification; deit-model:
DeiTModel) with random weights.  There is no `transformers`
package here, so the forward passes below re-implement the Hugging Face eager
code paths in plain torch, float32, addressing weights by their checkpoint
names; `--self-test` cross-checks them against torch.nn.TransformerEncoderLayer
(and the heads against torch.nn.Linear, GELU, LayerNorm and Tanh modules;
T5's encoder against nn.MultiheadAttention fed T5's bias and padding as its
float mask, nn.Embedding and a bucket table computed pair by pair; the
LLaMAs against nn.MultiheadAttention fed rotated queries and keys repeated
per group, the rotation written as a complex multiplication, and nn.SiLU).

Layout of DIR
-------------
DIR/config.json
    Hugging Face-style config (HF field names, `model_type`, `architectures`).
    As in real HF files, gpt2 has no `n_inner` (meaning 4 * n_embd); vit has
    both `num_labels` and HF's `id2label`/`label2id`; bert-classifier has
    only `id2label`/`label2id` (as save_pretrained writes them).
DIR/model.safetensors
    Every weight as F32, named exactly as in an HF `save_pretrained`
    checkpoint of the class above: gpt2 body under `transformer.` with no
    `lm_head.weight` (tied to `transformer.wte.weight`), gpt2 c_attn/c_proj/
    c_fc in HF Conv1D layout [in, out]; bert without prefix, nn.Linear layout
    [out, in]; bert-mlm under `bert.` without the pooler, plus
    `cls.predictions.bias` and `cls.predictions.transform.*` (the decoder's
    weight is tied to the word embeddings and its bias to
    `cls.predictions.bias`, so neither is stored); bert-classifier under
    `bert.` plus `classifier.`; vit under `vit.` plus `classifier.`;
    clip-text under `text_model.`, nn.Linear layout; t5 as T5EncoderModel
    saves it (`shared.weight`, `encoder.*`, no biases); t5-gated stores the
    token embedding only as its tied copy `encoder.embed_tokens.weight`;
    deit under `deit.` plus `cls_classifier.` and `distillation_classifier.`
    (deit-classifier: `classifier.`), deit-model without prefix, with
    `pooler.dense`.
DIR/cases/CASE/inputs/NAME.npy      (ids/masks int64, pixels float32)
DIR/cases/CASE/expected/NAME.npy    (float32)
    One directory per test case.  DIR/cases is rebuilt on every run (and
    removed with --no-cases, since it would no longer match the weights).

    gpt2  inputs: input_ids [B,T]              expected: logits [B,T,V]
          tiny: b1_t1 b1_t7 b2_t16 b1_t32 (T = n_positions)
          real: b1_t1 b1_t7 b2_t16 b1_t128 (a 1024-token case would be 200 MB)
    bert  inputs: input_ids, attention_mask, token_type_ids [B,T]
          expected: last_hidden_state [B,T,D], pooler_output [B,D]
          b1_t8                 all-ones mask, all-zero token types
          b3_t9_ragged          lengths 9,5,1 right-padded (pad id 0), mixed types
          b2_t6_zero_mask_row   row 1 has an all-zero mask (finite, uniform attn)
          b2_tP                 P = max_position_embeddings, lengths P and P-7
    bert-mlm, bert-classifier: the bert cases; expected: logits [B,T,V] and
          [B,L] (L = 3 tiny, 2 wide and real)
    openai-gpt  as gpt2 (tiny: b1_t1 b1_t7 b2_t16 b1_t20; real: b1_t128 last);
          weights under `transformer.`, no final layer norm, LM head tied to
          `transformer.tokens_embed.weight` (not stored)
    distilbert, distilbert-mlm  the bert cases without token_type_ids;
          expected: last_hidden_state [B,T,D], or logits [B,T,V].  distilbert
          is saved from DistilBertModel (no prefix), distilbert-mlm under
          `distilbert.` with vocab_transform, vocab_layer_norm and
          vocab_projector.bias (its weight tied to the word embeddings)
    roberta  as bert (saved from RobertaModel: no prefix), pad id 1 (real
          tokens avoid ids 0..2), one token type; cases b1_t8 b3_t9_ragged
          b3_t9_left_padded b2_t7_inner_pad (pad ids the mask keeps)
          b2_t6_zero_mask_row b2_tP, P = max_position_embeddings - 2
    vit   inputs: pixel_values [B,C,H,W]
          expected: last_hidden_state [B,N+1,D] (after vit.layernorm), logits [B,L]
          b1 b2
    deit, deit-classifier, deit-model  as vit, N+2 tokens ([CLS, distillation,
          patches]); expected: last_hidden_state [B,N+2,D], and logits [B,L]
          (deit: the mean of the two classifiers) or pooler_output [B,P]
          (deit-model; tiny: P = 21, not D)
    clip-text  inputs: input_ids, attention_mask [B,T]
          expected: last_hidden_state [B,T,D] (after final_layer_norm),
          pooler_output [B,D] (at each row's largest id)
          rows are <|startoftext|> (id V-2) text <|endoftext|> (id V-1), right-
          padded with V-1 (CLIP's tokenizer: the first of equal ids is pooled)
          or with 0
          b1_t7 b3_t9_ragged_eot_pad b3_t11_ragged_zero_pad
          b2_t6_zero_mask_row   row 1 has an all-zero mask
          b2_t5_no_eot          random ids, no <|endoftext|>
          b2_tP                 P = max_position_embeddings, lengths P and P-7
          real: b2_t77 (lengths 77 and 12), b3_t20_ragged
    t5, t5-gated  inputs: input_ids, attention_mask [B,T] (pad id 0)
          expected: last_hidden_state [B,T,d_model] (after final_layer_norm)
          b1_t7 b3_t9_ragged b3_t9_left_padded b2_t6_zero_mask_row
          b2_tL (L past relative_attention_max_distance, lengths L and L-9)
          wide: b2_t150 (lengths 150, 41), b3_t20_ragged; real the same
    clip-text-eos  the clip-text cases with eos_token_id V//2 (bos V//2-1),
          text ids drawn from the whole vocabulary but that id: pooled at
          each row's first eos_token_id (b2_t5_no_eot: at position 0)
    llama, llama-tied  inputs: input_ids [B,T] (equal lengths: no mask)
          expected: logits [B,T,V]; llama-model: last_hidden_state [B,T,D]
          (after the final norm)
          b1_t1 b1_t7 b2_t16 b3_t5 b1_tP (tiny: P = max_position_embeddings;
          wide and real: b1_t150)
          llama and llama-tied are saved from LlamaForCausalLM (`model.` and
          lm_head; llama-tied without lm_head, tied to embed_tokens),
          llama-model from LlamaModel (no prefix); nn.Linear layout, no biases.
          Tiny GQA groups: llama 6 heads of 6 on 2 KV heads (rope_theta
          500000), llama-tied 4 heads of 10 on one, llama-model 5 heads of 6
          with no num_key_value_heads and no rope_theta in its config
          (defaults: one KV head per head, 10000)

--size tiny (default) uses small configs with non-power-of-two head dims and
writes cases (clip-text: head dim 6).  --size wide has one layer at the real models' widths (768,
2304, 3072; 12 heads) and a 1000-entry vocabulary (bert-mlm: the real
30522, so its decoder has its real size), and writes cases
(gpt2 b1_t128, bert b2_t128; clip-text: CLIP ViT-B/32's text widths, 512,
2048 and 8 heads, 77 positions).  --size real uses the GPT-2 124M /
bert-base-uncased / ViT-B/16-224 / CLIP ViT-B/32 text shapes (for benchmarks)
and writes no cases unless --cases is given; without cases the weights are streamed to disk one tensor at a time.
The LLaMAs' wide is one layer 768 wide, 12 heads on 4 KV heads, a 2048 MLP
(llama-tied: SmolLM-135M's 576, 9 on 3, 1536), their real 12 such layers and
32000 ids (llama-tied: SmolLM-135M, 30 layers, 49152 ids).
Output is a pure function of (--model, --size, --seed).

Generation (--generation: gpt2, llama, llama-tied)
---------------------------------------------------
DIR/generation/CASE/prompt_ids.npy     int64 [1, P]
DIR/generation/CASE/generated_ids.npy  int64 [1, N]
DIR/generation/CASE/logits.npy         float32 [N, V]
DIR/generation/CASE/summary.json       the ids as lists, each step's top-2
                                       margin, the KV-cache self-check
    N greedy tokens after the prompt, each step recomputing the full
    sequence (prompt + the tokens so far) with no cache and taking the
    argmax of its last position, ties to the lowest id.  Row 0 of logits is
    the prefill's last position (it picks generated_ids[0, 0]); row k, k >= 1,
    is the logits of decode step k: the new position after feeding
    generated_ids[0, k-1] at position P+k-1 (it picks generated_ids[0, k]).
    The same generation through the forward pass's KV-cache path (the
    layout of `tfm-import --kv-cache`: a [L, 2, B, M, D] cache updated in
    place and a position; a LLaMA's D is num_key_value_heads * head_dim, its
    keys stored after the rotary embedding) must give the same ids, or the
    script fails; its logits' difference is logged.  The smallest top-2 margin is logged too: a margin
    within an implementation's error could flip its pick legitimately.
    CASE is pP_nN.  Defaults: tiny p1_n31 p7_n25 (its 32 positions hold no
    50 new tokens), wide p7_n50 p78_n50, real p7_n20; --prompt-ids (default:
    random prompts of the default lengths) and --max-new-tokens (default 50)
    replace them; prompt + N must fit n_positions (a LLaMA's
    max_position_embeddings).  --existing keeps DIR's checkpoint
    (config.json and model.safetensors of any GPT-2, or LlamaForCausalLM
    with --model llama, e.g. one with a real vocabulary) and writes only
    DIR/generation (the cases of --size).

    With these random weights greedy GPT-2 repeats a token: the token's own
    embedding dominates its logits through the tied LM head (wide and real:
    the prompt's last token, 50 times), so equal ids prove little and the
    logits carry the check.  --wte-scale S (gpt2, default 1) multiplies
    the token embeddings by S (the rest of the checkpoint is unchanged) and
    gives varied continuations: seed 0, p7, S = 0.1 gives 4 distinct ids of
    50 at real size (smallest top-2 margin 4.8e-3 * max|logit|); S = 0.03,
    11 at real (margin 3.6e-4) and 42 at wide (1.9e-3).  The summary's
    margins say whether a case is safe: a margin within an implementation's
    error (1e-4 * max|logit|) could flip a pick legitimately.

    The untied llama varies without it at wide and real size (seed 0: 50
    distinct ids of 50 in both wide cases, margins >= 7e-4 * max|logit|;
    real p7: 37, margin 6.7e-4); the tiny one repeats a token after p7 (S =
    0.3: 25 and 15 distinct ids, margins >= 2e-3).  --wte-scale (also llama,
    llama-tied) scales model.embed_tokens.weight, and with it a tied head.
"""

import argparse
import contextlib
import io
import json
import math
import os
import shutil
import struct
import sys
import tempfile
from collections import namedtuple
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

MODELS = ("gpt2", "bert", "bert-mlm", "bert-classifier", "vit", "openai-gpt", "distilbert",
          "distilbert-mlm", "roberta", "clip-text", "clip-text-eos", "t5", "t5-gated", "llama",
          "llama-tied", "llama-model", "deit", "deit-classifier", "deit-model")
SIZES = ("tiny", "wide", "real")

# --------------------------------------------------------------------------
# Configs
# --------------------------------------------------------------------------

# Head dims: gpt2 36/3 = 12, bert 30/5 = 6, vit 36/4 = 9 -- none a power of
# two, so kernels that silently assume one get caught.  Intermediate sizes of
# bert/vit are deliberately not 4*D.
SHAPES = {
    ("gpt2", "tiny"): dict(vocab_size=97, n_positions=32, n_embd=36, n_layer=2, n_head=3),
    ("gpt2", "real"): dict(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12),
    ("bert", "tiny"): dict(vocab_size=101, hidden_size=30, num_hidden_layers=2,
                           num_attention_heads=5, intermediate_size=52,
                           max_position_embeddings=24, type_vocab_size=2),
    ("bert", "real"): dict(vocab_size=30522, hidden_size=768, num_hidden_layers=12,
                           num_attention_heads=12, intermediate_size=3072,
                           max_position_embeddings=512, type_vocab_size=2),
    # One layer at the real models' widths (768, 2304, 3072; 12 heads) with a
    # small vocabulary: blocked weight layouts and kernel choices that only
    # these widths select, at test-suite cost.
    ("gpt2", "wide"): dict(vocab_size=1000, n_positions=128, n_embd=768, n_layer=1, n_head=12),
    ("bert", "wide"): dict(vocab_size=1000, hidden_size=768, num_hidden_layers=1,
                           num_attention_heads=12, intermediate_size=3072,
                           max_position_embeddings=128, type_vocab_size=2),
    ("vit", "wide"): dict(image_size=224, patch_size=16, num_channels=3, hidden_size=768,
                          num_hidden_layers=1, num_attention_heads=12,
                          intermediate_size=3072, num_labels=1000),
    ("vit", "tiny"): dict(image_size=24, patch_size=8, num_channels=3, hidden_size=36,
                          num_hidden_layers=2, num_attention_heads=4,
                          intermediate_size=60, num_labels=5),
    # openai-gpt: head dim 30/3 = 10; the real model is 512 positions and
    # a 40478-token vocabulary.
    ("openai-gpt", "tiny"): dict(vocab_size=89, n_positions=20, n_embd=30, n_layer=2, n_head=3),
    ("openai-gpt", "wide"): dict(vocab_size=1000, n_positions=128, n_embd=768, n_layer=1,
                                 n_head=12),
    ("openai-gpt", "real"): dict(vocab_size=40478, n_positions=512, n_embd=768, n_layer=12,
                                 n_head=12),
    # distilbert: head dim 28/4 = 7, hidden_dim not 4*dim.
    ("distilbert", "tiny"): dict(vocab_size=103, dim=28, n_layers=2, n_heads=4, hidden_dim=50,
                                 max_position_embeddings=22),
    ("distilbert", "wide"): dict(vocab_size=1000, dim=768, n_layers=1, n_heads=12,
                                 hidden_dim=3072, max_position_embeddings=128),
    ("distilbert", "real"): dict(vocab_size=30522, dim=768, n_layers=6, n_heads=12,
                                 hidden_dim=3072, max_position_embeddings=512),
    # roberta: head dim 30/5 = 6; pad_token_id 1, so max_position_embeddings
    # P holds P - 2 tokens (positions start at 2).
    ("roberta", "tiny"): dict(vocab_size=95, hidden_size=30, num_hidden_layers=2,
                              num_attention_heads=5, intermediate_size=52,
                              max_position_embeddings=26, type_vocab_size=1),
    ("roberta", "wide"): dict(vocab_size=1000, hidden_size=768, num_hidden_layers=1,
                              num_attention_heads=12, intermediate_size=3072,
                              max_position_embeddings=130, type_vocab_size=1),
    ("roberta", "real"): dict(vocab_size=50265, hidden_size=768, num_hidden_layers=12,
                              num_attention_heads=12, intermediate_size=3072,
                              max_position_embeddings=514, type_vocab_size=1),
    # T5's encoder: tiny t5 has 5 heads of d_kv 7 (35 inner, d_model 30) and
    # 16 buckets up to distance 20, which the longest case passes; t5-gated 3
    # heads of 5 (15 inner, d_model 28). wide is t5-small's widths (t5) and
    # flan-t5-base's (t5-gated) with one layer, real is t5-small's encoder.
    ("t5", "tiny"): dict(vocab_size=99, d_model=30, d_kv=7, num_heads=5, d_ff=44,
                         num_layers=2, relative_attention_num_buckets=16,
                         relative_attention_max_distance=20),
    ("t5", "wide"): dict(vocab_size=1000, d_model=512, d_kv=64, num_heads=8, d_ff=2048,
                         num_layers=1, relative_attention_num_buckets=32,
                         relative_attention_max_distance=128),
    ("t5", "real"): dict(vocab_size=32128, d_model=512, d_kv=64, num_heads=8, d_ff=2048,
                         num_layers=6, relative_attention_num_buckets=32,
                         relative_attention_max_distance=128),
    ("t5-gated", "tiny"): dict(vocab_size=97, d_model=28, d_kv=5, num_heads=3, d_ff=36,
                               num_layers=2, relative_attention_num_buckets=12,
                               relative_attention_max_distance=18),
    ("t5-gated", "wide"): dict(vocab_size=1000, d_model=768, d_kv=64, num_heads=12,
                               d_ff=2048, num_layers=1, relative_attention_num_buckets=32,
                               relative_attention_max_distance=128),
    # LLaMA-style decoders, one GQA ratio each: llama tiny has 6 heads of 6
    # sharing 2 key/value heads (3 queries a group), llama-tied 4 heads of 10
    # sharing one (multi-query), llama-model 5 heads of 6 with the key/value
    # heads left to their default (one each). wide is one layer at the real
    # widths: llama's 768 wide with 4 KV heads and a 2048 MLP, llama-tied
    # SmolLM-135M's 576, 9 heads of 64, 3 KV heads, 1536; real is a 12-layer
    # 768-wide model with a 32000-token vocabulary (llama-tied: SmolLM-135M).
    ("llama", "tiny"): dict(vocab_size=101, hidden_size=36, num_hidden_layers=2,
                            num_attention_heads=6, num_key_value_heads=2,
                            intermediate_size=52, max_position_embeddings=32),
    ("llama", "wide"): dict(vocab_size=1000, hidden_size=768, num_hidden_layers=1,
                            num_attention_heads=12, num_key_value_heads=4,
                            intermediate_size=2048, max_position_embeddings=2048),
    ("llama", "real"): dict(vocab_size=32000, hidden_size=768, num_hidden_layers=12,
                            num_attention_heads=12, num_key_value_heads=4,
                            intermediate_size=2048, max_position_embeddings=2048),
    ("llama-tied", "tiny"): dict(vocab_size=93, hidden_size=40, num_hidden_layers=2,
                                 num_attention_heads=4, num_key_value_heads=1,
                                 intermediate_size=44, max_position_embeddings=32),
    ("llama-tied", "wide"): dict(vocab_size=1000, hidden_size=576, num_hidden_layers=1,
                                 num_attention_heads=9, num_key_value_heads=3,
                                 intermediate_size=1536, max_position_embeddings=2048),
    ("llama-tied", "real"): dict(vocab_size=49152, hidden_size=576, num_hidden_layers=30,
                                 num_attention_heads=9, num_key_value_heads=3,
                                 intermediate_size=1536, max_position_embeddings=2048),
    ("llama-model", "tiny"): dict(vocab_size=89, hidden_size=30, num_hidden_layers=2,
                                  num_attention_heads=5, intermediate_size=44,
                                  max_position_embeddings=24),
    ("llama-model", "wide"): dict(vocab_size=1000, hidden_size=768, num_hidden_layers=1,
                                  num_attention_heads=12, intermediate_size=2048,
                                  max_position_embeddings=2048),
    ("llama-model", "real"): dict(vocab_size=32000, hidden_size=768, num_hidden_layers=12,
                                  num_attention_heads=12, intermediate_size=2048,
                                  max_position_embeddings=2048),
    ("vit", "real"): dict(image_size=224, patch_size=16, num_channels=3, hidden_size=768,
                          num_hidden_layers=12, num_attention_heads=12,
                          intermediate_size=3072, num_labels=1000),
    # DeiT: tiny is 20x20 images in 5x5 patches (16 patches, 18 tokens with
    # the CLS and distillation tokens), 3 heads of 11; wide and real are
    # deit-base-distilled-patch16-224's widths, wide with one layer.
    ("deit", "tiny"): dict(image_size=20, patch_size=5, num_channels=3, hidden_size=33,
                           num_hidden_layers=2, num_attention_heads=3,
                           intermediate_size=50, num_labels=3),
    ("deit", "wide"): dict(image_size=224, patch_size=16, num_channels=3, hidden_size=768,
                           num_hidden_layers=1, num_attention_heads=12,
                           intermediate_size=3072, num_labels=1000),
    ("deit", "real"): dict(image_size=224, patch_size=16, num_channels=3, hidden_size=768,
                           num_hidden_layers=12, num_attention_heads=12,
                           intermediate_size=3072, num_labels=1000),
    # CLIP's text encoder: tiny head dim 30/5 = 6; wide and real are CLIP
    # ViT-B/32's text model (512 wide, 8 heads of 64, 2048 MLP, 77 positions),
    # wide with one layer and a small vocabulary.
    ("clip_text_model", "tiny"): dict(vocab_size=99, hidden_size=30, num_hidden_layers=2,
                                      num_attention_heads=5, intermediate_size=44,
                                      max_position_embeddings=16),
    ("clip_text_model", "wide"): dict(vocab_size=1000, hidden_size=512, num_hidden_layers=1,
                                      num_attention_heads=8, intermediate_size=2048,
                                      max_position_embeddings=77),
    ("clip_text_model", "real"): dict(vocab_size=49408, hidden_size=512,
                                      num_hidden_layers=12, num_attention_heads=8,
                                      intermediate_size=2048, max_position_embeddings=77),
}


# The task models on a BERT encoder: (HF class, extra shape fields per size).
# The masked-LM head at "wide" has the real vocabulary, so the decoder (tied
# to the word embeddings) is tested at its real size; the classifier has
# SST-2's two labels there and three (not a power of two) when tiny.
BERT_HEADS = {
    "bert-mlm": ("BertForMaskedLM", {"wide": dict(vocab_size=30522)}),
    "bert-classifier": ("BertForSequenceClassification",
                        {"tiny": dict(num_labels=3), "wide": dict(num_labels=2),
                         "real": dict(num_labels=2)}),
}


# CLIP's text encoder, pooled at the largest id (eos_token_id 2, the original
# configs) or at the first eos_token_id (clip-text-eos: any other value).
CLIP_TEXT = ("clip-text", "clip-text-eos")
# T5's encoder, with a ReLU (t5) or gated-GELU (t5-gated) feed-forward.
T5 = ("t5", "t5-gated")
# LLaMA-style decoders: LlamaForCausalLM with an untied (llama) or tied
# (llama-tied) LM head, and the bare LlamaModel (llama-model).
LLAMA = ("llama", "llama-tied", "llama-model")
# DeiT by its Hugging Face class: the distilled classifier (two heads
# averaged), the single classifier, the encoder with its pooler.
DEIT = {"deit": "DeiTForImageClassificationWithTeacher",
        "deit-classifier": "DeiTForImageClassification", "deit-model": "DeiTModel"}


def family(model):
    """The model_type: bert-mlm and bert-classifier are BERTs with a head,
    distilbert-mlm a DistilBERT with one."""
    if model == "distilbert-mlm":
        return "distilbert"
    if model in CLIP_TEXT:
        return "clip_text_model"
    if model in T5:
        return "t5"
    if model in LLAMA:
        return "llama"
    if model in DEIT:
        return "deit"
    return "bert" if model in BERT_HEADS else model


def make_config(model, size):
    """Full HF-style config dict (the fields HF's save_pretrained writes)."""
    s = dict(SHAPES[(model if model in T5 + LLAMA else family(model), size)])
    if model in BERT_HEADS:
        s.update(BERT_HEADS[model][1].get(size, {}))
    if model == "distilbert-mlm" and size == "wide":
        s.update(vocab_size=30522)  # the decoder at its real size, as bert-mlm
    if model == "gpt2":
        cfg = dict(
            architectures=["GPT2LMHeadModel"], model_type="gpt2",
            activation_function="gelu_new", layer_norm_epsilon=1e-5,
            n_ctx=s["n_positions"], attn_pdrop=0.1, embd_pdrop=0.1, resid_pdrop=0.1,
            initializer_range=0.02, scale_attn_weights=True, tie_word_embeddings=True,
            bos_token_id=s["vocab_size"] - 1, eos_token_id=s["vocab_size"] - 1,
            torch_dtype="float32", **s)
    elif model == "openai-gpt":
        # As the published openai-gpt config (OpenAIGPTLMHeadModel); "gelu"
        # is openai-gpt's own ACT_FNS entry, the tanh approximation.
        cfg = dict(
            architectures=["OpenAIGPTLMHeadModel"], model_type="openai-gpt", afn="gelu",
            layer_norm_epsilon=1e-5, n_ctx=s["n_positions"], attn_pdrop=0.1, embd_pdrop=0.1,
            resid_pdrop=0.1, initializer_range=0.02, n_special=0,
            predict_special_tokens=True, summary_activation=None, summary_first_dropout=0.1,
            summary_proj_to_labels=True, summary_type="cls_index", summary_use_proj=True,
            torch_dtype="float32", **s)
    elif model == "distilbert":
        # As distilbert-base-uncased's published config (there: the masked LM).
        cfg = dict(
            architectures=["DistilBertModel"], model_type="distilbert", activation="gelu",
            attention_dropout=0.1, dropout=0.1, initializer_range=0.02, pad_token_id=0,
            qa_dropout=0.1, seq_classif_dropout=0.2, sinusoidal_pos_embds=False,
            tie_weights_=True, torch_dtype="float32", **s)
    elif model == "distilbert-mlm":
        cfg = make_config("distilbert", size)
        cfg.update(architectures=["DistilBertForMaskedLM"], **s)
    elif model == "bert":
        cfg = dict(
            architectures=["BertModel"], model_type="bert", hidden_act="gelu",
            layer_norm_eps=1e-12, hidden_dropout_prob=0.1,
            attention_probs_dropout_prob=0.1, initializer_range=0.02, pad_token_id=0,
            position_embedding_type="absolute", torch_dtype="float32", **s)
    elif model == "roberta":
        # As roberta-base's published config, with RobertaModel.
        cfg = dict(
            architectures=["RobertaModel"], model_type="roberta", hidden_act="gelu",
            layer_norm_eps=1e-5, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
            initializer_range=0.02, pad_token_id=1, bos_token_id=0, eos_token_id=2,
            position_embedding_type="absolute", torch_dtype="float32", **s)
    elif model == "bert-mlm":
        cfg = make_config("bert", size)
        cfg.update(architectures=["BertForMaskedLM"], **s)
    elif model == "bert-classifier":
        # As save_pretrained writes it: the labels as id2label/label2id (the
        # importer counts them), no num_labels.
        n = s.pop("num_labels")
        cfg = make_config("bert", size)
        cfg.update(architectures=["BertForSequenceClassification"],
                   id2label={str(i): f"LABEL_{i}" for i in range(n)},
                   label2id={f"LABEL_{i}": i for i in range(n)}, **s)
    elif model == "vit":
        n = s["num_labels"]
        cfg = dict(
            architectures=["ViTForImageClassification"], model_type="vit",
            hidden_act="gelu", layer_norm_eps=1e-12, hidden_dropout_prob=0.0,
            attention_probs_dropout_prob=0.0, initializer_range=0.02, qkv_bias=True,
            encoder_stride=s["patch_size"], torch_dtype="float32",
            id2label={str(i): f"LABEL_{i}" for i in range(n)},
            label2id={f"LABEL_{i}": i for i in range(n)}, **s)
    elif model in DEIT:
        # As DeiTConfig writes it (deit-base-distilled-patch16-224's fields);
        # DeiTModel's with the pooler's fields, its width not the hidden size
        # when tiny.
        n = s.pop("num_labels")
        cfg = dict(
            architectures=[DEIT[model]], model_type="deit", hidden_act="gelu",
            layer_norm_eps=1e-12, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
            initializer_range=0.02, qkv_bias=True, encoder_stride=s["patch_size"],
            torch_dtype="float32", **s)
        if model == "deit-model":
            cfg.update(pooler_act="tanh",
                       pooler_output_size=21 if size == "tiny" else s["hidden_size"])
        else:
            cfg.update(id2label={str(i): f"LABEL_{i}" for i in range(n)},
                       label2id={f"LABEL_{i}": i for i in range(n)})
    elif model == "clip-text":
        # As CLIPTextConfig writes it. eos_token_id 2 is what the original
        # CLIP configs say, so Hugging Face pools at the argmax of the ids
        # (the cases put CLIP's <|endoftext|> at the last id, as 49407 is).
        cfg = dict(
            architectures=["CLIPTextModel"], model_type="clip_text_model",
            hidden_act="quick_gelu", layer_norm_eps=1e-5, attention_dropout=0.0,
            dropout=0.0, initializer_factor=1.0, initializer_range=0.02,
            projection_dim=s["hidden_size"], bos_token_id=0, eos_token_id=2,
            pad_token_id=1, torch_dtype="float32", **s)
    elif model == "clip-text-eos":
        # A config whose eos_token_id is right, as newer CLIPTextConfigs
        # write it; here in the middle of the vocabulary, so that larger ids
        # than it occur and the two pooling rules differ.
        V = s["vocab_size"]
        cfg = make_config("clip-text", size)
        cfg.update(bos_token_id=V // 2 - 1, eos_token_id=V // 2)
    elif model in T5:
        # As T5Config.to_dict writes it, with the fields it derives from
        # feed_forward_proj.
        gated = model == "t5-gated"
        cfg = dict(
            architectures=["T5EncoderModel"], model_type="t5",
            feed_forward_proj="gated-gelu" if gated else "relu",
            dense_act_fn="gelu_new" if gated else "relu", is_gated_act=gated,
            layer_norm_epsilon=1e-6, dropout_rate=0.1, initializer_factor=1.0,
            is_encoder_decoder=True, use_cache=True, pad_token_id=0, eos_token_id=1,
            decoder_start_token_id=0, num_decoder_layers=s["num_layers"],
            tie_word_embeddings=not gated, torch_dtype="float32", **s)
    elif model == "llama":
        # As LlamaConfig.to_dict writes it (recent versions: head_dim too),
        # Llama 2's eps and special ids; tiny with Llama 3's rope_theta, so
        # that a compiler assuming the default 10000 is caught.
        H = s["num_attention_heads"]
        cfg = dict(
            architectures=["LlamaForCausalLM"], model_type="llama", hidden_act="silu",
            rms_norm_eps=1e-6, rope_theta=500000.0 if size == "tiny" else 10000.0,
            rope_scaling=None, attention_bias=False, attention_dropout=0.0, mlp_bias=False,
            pretraining_tp=1, head_dim=s["hidden_size"] // H, initializer_range=0.02,
            use_cache=True, tie_word_embeddings=False, bos_token_id=1, eos_token_id=2,
            torch_dtype="float32", **s)
    elif model == "llama-tied":
        # As SmolLM-135M's published config (no head_dim, older writer).
        cfg = dict(
            architectures=["LlamaForCausalLM"], model_type="llama", hidden_act="silu",
            rms_norm_eps=1e-5, rope_theta=10000.0, rope_scaling=None, attention_bias=False,
            attention_dropout=0.0, mlp_bias=False, pretraining_tp=1, initializer_range=0.02,
            use_cache=True, tie_word_embeddings=True, bos_token_id=0, eos_token_id=0,
            torch_dtype="float32", **s)
    elif model == "llama-model":
        # The bare LlamaModel, with a config of the first LLaMA's era: no
        # num_key_value_heads (one per query head) and no rope_theta (10000).
        cfg = dict(
            architectures=["LlamaModel"], model_type="llama", hidden_act="silu",
            rms_norm_eps=1e-6, initializer_range=0.02, use_cache=True,
            tie_word_embeddings=False, bos_token_id=1, eos_token_id=2, pad_token_id=0,
            torch_dtype="float32", **s)
    else:
        raise ValueError(model)
    return cfg


# Fields the compiler reads; the self-test checks they are present.
REQUIRED_FIELDS = {
    "gpt2": ["vocab_size", "n_positions", "n_embd", "n_layer", "n_head",
             "layer_norm_epsilon", "activation_function", "model_type"],
    "bert": ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
             "intermediate_size", "hidden_act", "max_position_embeddings",
             "type_vocab_size", "layer_norm_eps", "model_type"],
    "openai-gpt": ["vocab_size", "n_positions", "n_embd", "n_layer", "n_head",
                   "layer_norm_epsilon", "afn", "model_type"],
    "distilbert": ["vocab_size", "dim", "n_layers", "n_heads", "hidden_dim",
                   "max_position_embeddings", "activation", "model_type"],
    "vit": ["image_size", "patch_size", "num_channels", "hidden_size",
            "num_hidden_layers", "num_attention_heads", "intermediate_size",
            "hidden_act", "layer_norm_eps", "num_labels", "model_type"],
}
REQUIRED_FIELDS["roberta"] = REQUIRED_FIELDS["bert"][:-1] + ["pad_token_id", "model_type"]
REQUIRED_FIELDS["distilbert-mlm"] = REQUIRED_FIELDS["distilbert"] + ["architectures"]
REQUIRED_FIELDS["clip-text"] = ["vocab_size", "hidden_size", "num_hidden_layers",
                                 "num_attention_heads", "intermediate_size", "hidden_act",
                                 "max_position_embeddings", "layer_norm_eps", "model_type"]
REQUIRED_FIELDS["clip-text-eos"] = REQUIRED_FIELDS["clip-text"] + ["eos_token_id"]
REQUIRED_FIELDS["t5"] = ["vocab_size", "d_model", "d_kv", "d_ff", "num_layers", "num_heads",
                         "layer_norm_epsilon", "model_type"]
REQUIRED_FIELDS["t5-gated"] = REQUIRED_FIELDS["t5"] + ["feed_forward_proj"]
REQUIRED_FIELDS["llama"] = ["vocab_size", "hidden_size", "num_hidden_layers",
                             "num_attention_heads", "num_key_value_heads", "intermediate_size",
                             "hidden_act", "max_position_embeddings", "rms_norm_eps",
                             "rope_theta", "tie_word_embeddings", "architectures", "model_type"]
REQUIRED_FIELDS["llama-tied"] = REQUIRED_FIELDS["llama"]
REQUIRED_FIELDS["llama-model"] = [f for f in REQUIRED_FIELDS["llama"]
                                  if f not in ("num_key_value_heads", "rope_theta")]
REQUIRED_FIELDS["deit-model"] = REQUIRED_FIELDS["vit"][:-2] + ["architectures", "model_type"]
REQUIRED_FIELDS["deit"] = REQUIRED_FIELDS["deit-model"] + ["id2label"]
REQUIRED_FIELDS["deit-classifier"] = REQUIRED_FIELDS["deit"]
REQUIRED_FIELDS["bert-mlm"] = REQUIRED_FIELDS["bert"] + ["architectures"]
REQUIRED_FIELDS["bert-classifier"] = REQUIRED_FIELDS["bert"] + ["architectures", "id2label"]

# --------------------------------------------------------------------------
# Weight specs: name, shape, and how to initialise, in file order
# --------------------------------------------------------------------------

# init: "emb" (0.5*randn), "gain" (1 + 0.2*randn), "bias" (0.1*randn),
# "weight" (randn / sqrt(fan_in)).  Every tensor is random so that a
# mis-mapped or ignored tensor changes the outputs.
TensorSpec = namedtuple("TensorSpec", "name shape init fan_in")


def _ln(prefix, d):
    return [TensorSpec(prefix + ".weight", (d,), "gain", 0),
            TensorSpec(prefix + ".bias", (d,), "bias", 0)]


def _linear(prefix, fin, fout):  # nn.Linear: weight [out, in]
    return [TensorSpec(prefix + ".weight", (fout, fin), "weight", fin),
            TensorSpec(prefix + ".bias", (fout,), "bias", 0)]


def _conv1d(prefix, fin, fout):  # HF GPT-2 Conv1D: weight [in, out]
    return [TensorSpec(prefix + ".weight", (fin, fout), "weight", fin),
            TensorSpec(prefix + ".bias", (fout,), "bias", 0)]


def gpt2_spec(c):
    V, P, D = c["vocab_size"], c["n_positions"], c["n_embd"]
    s = [TensorSpec("transformer.wte.weight", (V, D), "emb", 0),
         TensorSpec("transformer.wpe.weight", (P, D), "emb", 0)]
    for i in range(c["n_layer"]):
        p = f"transformer.h.{i}."
        s += _ln(p + "ln_1", D)
        s += _conv1d(p + "attn.c_attn", D, 3 * D)
        s += _conv1d(p + "attn.c_proj", D, D)
        s += _ln(p + "ln_2", D)
        s += _conv1d(p + "mlp.c_fc", D, 4 * D)
        s += _conv1d(p + "mlp.c_proj", 4 * D, D)
    s += _ln("transformer.ln_f", D)
    return s


def openai_gpt_spec(c):
    # OpenAIGPTLMHeadModel: the body under `transformer.`, no final layer
    # norm; the LM head is tied to tokens_embed (not stored).
    V, P, D = c["vocab_size"], c["n_positions"], c["n_embd"]
    s = [TensorSpec("transformer.tokens_embed.weight", (V, D), "emb", 0),
         TensorSpec("transformer.positions_embed.weight", (P, D), "emb", 0)]
    for i in range(c["n_layer"]):
        p = f"transformer.h.{i}."
        s += _conv1d(p + "attn.c_attn", D, 3 * D)
        s += _conv1d(p + "attn.c_proj", D, D)
        s += _ln(p + "ln_1", D)
        s += _conv1d(p + "mlp.c_fc", D, 4 * D)
        s += _conv1d(p + "mlp.c_proj", 4 * D, D)
        s += _ln(p + "ln_2", D)
    return s


def distilbert_spec(c, prefix=""):
    # DistilBertModel (no prefix, as saved from it) or the encoder of
    # DistilBertForMaskedLM (prefix "distilbert."): no token types, no pooler.
    D, I = c["dim"], c["hidden_dim"]
    s = [TensorSpec(prefix + "embeddings.word_embeddings.weight", (c["vocab_size"], D), "emb", 0),
         TensorSpec(prefix + "embeddings.position_embeddings.weight",
                    (c["max_position_embeddings"], D), "emb", 0)]
    s += _ln(prefix + "embeddings.LayerNorm", D)
    for i in range(c["n_layers"]):
        p = f"{prefix}transformer.layer.{i}."
        for n in ("q_lin", "k_lin", "v_lin", "out_lin"):
            s += _linear(p + "attention." + n, D, D)
        s += _ln(p + "sa_layer_norm", D)
        s += _linear(p + "ffn.lin1", D, I)
        s += _linear(p + "ffn.lin2", I, D)
        s += _ln(p + "output_layer_norm", D)
    return s


def distilbert_mlm_spec(c):
    # DistilBertForMaskedLM: the encoder under `distilbert.`, then the head;
    # vocab_projector's weight is tied to the word embeddings (not stored).
    D = c["dim"]
    return (distilbert_spec(c, "distilbert.") + _linear("vocab_transform", D, D)
            + _ln("vocab_layer_norm", D)
            + [TensorSpec("vocab_projector.bias", (c["vocab_size"],), "bias", 0)])


def bert_spec(c, prefix="", pooler=True):
    D, I = c["hidden_size"], c["intermediate_size"]
    s = [TensorSpec(prefix + "embeddings.word_embeddings.weight", (c["vocab_size"], D), "emb", 0),
         TensorSpec(prefix + "embeddings.position_embeddings.weight",
                    (c["max_position_embeddings"], D), "emb", 0),
         TensorSpec(prefix + "embeddings.token_type_embeddings.weight",
                    (c["type_vocab_size"], D), "emb", 0)]
    s += _ln(prefix + "embeddings.LayerNorm", D)
    for i in range(c["num_hidden_layers"]):
        p = f"{prefix}encoder.layer.{i}."
        for n in ("query", "key", "value"):
            s += _linear(p + "attention.self." + n, D, D)
        s += _linear(p + "attention.output.dense", D, D)
        s += _ln(p + "attention.output.LayerNorm", D)
        s += _linear(p + "intermediate.dense", D, I)
        s += _linear(p + "output.dense", I, D)
        s += _ln(p + "output.LayerNorm", D)
    if pooler:
        s += _linear(prefix + "pooler.dense", D, D)
    return s


def bert_mlm_spec(c):
    # BertForMaskedLM: the encoder under `bert.` without a pooler, and the
    # prediction head; its decoder weight is tied to the word embeddings and
    # its decoder bias to cls.predictions.bias, so neither is stored (as in
    # an HF safetensors checkpoint).
    D = c["hidden_size"]
    return (bert_spec(c, "bert.", pooler=False)
            + [TensorSpec("cls.predictions.bias", (c["vocab_size"],), "bias", 0)]
            + _linear("cls.predictions.transform.dense", D, D)
            + _ln("cls.predictions.transform.LayerNorm", D))


def bert_classifier_spec(c):
    # BertForSequenceClassification: the encoder and pooler under `bert.`,
    # then the classifier.
    return (bert_spec(c, "bert.")
            + _linear("classifier", c["hidden_size"], len(c["id2label"])))


def vit_spec(c, prefix="vit.", tokens=("cls_token",)):
    # ViTForImageClassification: the encoder under `vit.`, then the
    # classifier. DeiT's encoder (deit_spec) is the same with its tokens.
    D, I, C, P = c["hidden_size"], c["intermediate_size"], c["num_channels"], c["patch_size"]
    N = (c["image_size"] // P) ** 2
    s = [TensorSpec(f"{prefix}embeddings.{t}", (1, 1, D), "emb", 0) for t in tokens]
    s += [TensorSpec(prefix + "embeddings.position_embeddings", (1, N + len(tokens), D), "emb", 0),
          TensorSpec(prefix + "embeddings.patch_embeddings.projection.weight",
                     (D, C, P, P), "weight", C * P * P),
          TensorSpec(prefix + "embeddings.patch_embeddings.projection.bias", (D,), "bias", 0)]
    for i in range(c["num_hidden_layers"]):
        p = f"{prefix}encoder.layer.{i}."
        s += _ln(p + "layernorm_before", D)
        for n in ("query", "key", "value"):
            s += _linear(p + "attention.attention." + n, D, D)
        s += _linear(p + "attention.output.dense", D, D)
        s += _ln(p + "layernorm_after", D)
        s += _linear(p + "intermediate.dense", D, I)
        s += _linear(p + "output.dense", I, D)
    s += _ln(prefix + "layernorm", D)
    if prefix == "vit.":
        s += _linear("classifier", D, c["num_labels"])
    return s


DEIT_TOKENS = ("cls_token", "distillation_token")


def deit_spec(c):
    # DeiTModel saves its encoder and pooler without a prefix; the
    # classifiers keep it under `deit.` with their heads beside it.
    D = c["hidden_size"]
    arch = c["architectures"][0]
    if arch == "DeiTModel":
        return vit_spec(c, "", DEIT_TOKENS) + _linear("pooler.dense", D, c["pooler_output_size"])
    s = vit_spec(c, "deit.", DEIT_TOKENS)
    L = len(c["id2label"])
    if arch == "DeiTForImageClassification":
        return s + _linear("classifier", D, L)
    return s + _linear("cls_classifier", D, L) + _linear("distillation_classifier", D, L)


def clip_text_spec(c):
    # CLIPTextModel: everything under `text_model.`, nn.Linear layout.
    D, I = c["hidden_size"], c["intermediate_size"]
    e = "text_model.embeddings."
    s = [TensorSpec(e + "token_embedding.weight", (c["vocab_size"], D), "emb", 0),
         TensorSpec(e + "position_embedding.weight", (c["max_position_embeddings"], D), "emb", 0)]
    for i in range(c["num_hidden_layers"]):
        p = f"text_model.encoder.layers.{i}."
        s += _ln(p + "layer_norm1", D)
        for n in ("q_proj", "k_proj", "v_proj", "out_proj"):
            s += _linear(p + "self_attn." + n, D, D)
        s += _ln(p + "layer_norm2", D)
        s += _linear(p + "mlp.fc1", D, I)
        s += _linear(p + "mlp.fc2", I, D)
    s += _ln("text_model.final_layer_norm", D)
    return s


def t5_spec(c):
    # T5EncoderModel: no biases; q's initial scale as Hugging Face's
    # _init_weights (1/sqrt(d_model * d_kv)), which stands for the 1/sqrt(d)
    # the attention does not apply. t5-gated keeps the token embedding under
    # the encoder's tied name (the importer's alias of `shared.weight`).
    D, F_, H, K = c["d_model"], c["d_ff"], c["num_heads"], c["d_kv"]
    gated = c["feed_forward_proj"] == "gated-gelu"
    emb = "encoder.embed_tokens.weight" if gated else "shared.weight"
    s = [TensorSpec(emb, (c["vocab_size"], D), "emb", 0)]
    for i in range(c["num_layers"]):
        p = f"encoder.block.{i}.layer."
        a = p + "0.SelfAttention."
        s.append(TensorSpec(p + "0.layer_norm.weight", (D,), "gain", 0))
        s.append(TensorSpec(a + "q.weight", (H * K, D), "weight", D * K))
        s.append(TensorSpec(a + "k.weight", (H * K, D), "weight", D))
        s.append(TensorSpec(a + "v.weight", (H * K, D), "weight", D))
        s.append(TensorSpec(a + "o.weight", (D, H * K), "weight", H * K))
        if i == 0:
            s.append(TensorSpec(a + "relative_attention_bias.weight",
                                (c["relative_attention_num_buckets"], H), "emb", 0))
        s.append(TensorSpec(p + "1.layer_norm.weight", (D,), "gain", 0))
        f = p + "1.DenseReluDense."
        if gated:
            s.append(TensorSpec(f + "wi_0.weight", (F_, D), "weight", D))
            s.append(TensorSpec(f + "wi_1.weight", (F_, D), "weight", D))
        else:
            s.append(TensorSpec(f + "wi.weight", (F_, D), "weight", D))
        s.append(TensorSpec(f + "wo.weight", (D, F_), "weight", F_))
    s.append(TensorSpec("encoder.final_layer_norm.weight", (D,), "gain", 0))
    return s


def llama_spec(c):
    # LlamaForCausalLM under `model.` plus lm_head (absent when tied: the
    # head is embed_tokens), or a bare LlamaModel without prefix; nn.Linear
    # layout, no biases. k_proj and v_proj are num_key_value_heads * head_dim
    # rows.
    D, I = c["hidden_size"], c["intermediate_size"]
    H = c["num_attention_heads"]
    Dkv = c.get("num_key_value_heads", H) * (D // H)
    bare = c["architectures"] == ["LlamaModel"]
    prefix = "" if bare else "model."
    s = [TensorSpec(prefix + "embed_tokens.weight", (c["vocab_size"], D), "emb", 0)]
    for i in range(c["num_hidden_layers"]):
        p = f"{prefix}layers.{i}."
        s.append(TensorSpec(p + "input_layernorm.weight", (D,), "gain", 0))
        for n, rows in (("q_proj", D), ("k_proj", Dkv), ("v_proj", Dkv)):
            s.append(TensorSpec(p + "self_attn." + n + ".weight", (rows, D), "weight", D))
        s.append(TensorSpec(p + "self_attn.o_proj.weight", (D, D), "weight", D))
        s.append(TensorSpec(p + "post_attention_layernorm.weight", (D,), "gain", 0))
        s.append(TensorSpec(p + "mlp.gate_proj.weight", (I, D), "weight", D))
        s.append(TensorSpec(p + "mlp.up_proj.weight", (I, D), "weight", D))
        s.append(TensorSpec(p + "mlp.down_proj.weight", (D, I), "weight", I))
    s.append(TensorSpec(prefix + "norm.weight", (D,), "gain", 0))
    if not bare and not c.get("tie_word_embeddings", False):  # LlamaConfig's default
        s.append(TensorSpec("lm_head.weight", (c["vocab_size"], D), "weight", D))
    return s


SPECS = {"gpt2": gpt2_spec, "bert": bert_spec, "roberta": bert_spec, "bert-mlm": bert_mlm_spec,
         "bert-classifier": bert_classifier_spec, "vit": vit_spec,
         "openai-gpt": openai_gpt_spec, "distilbert": distilbert_spec,
         "distilbert-mlm": distilbert_mlm_spec, "clip-text": clip_text_spec,
         "clip-text-eos": clip_text_spec, "t5": t5_spec, "t5-gated": t5_spec,
         "llama": llama_spec, "llama-tied": llama_spec, "llama-model": llama_spec,
         "deit": deit_spec, "deit-classifier": deit_spec, "deit-model": deit_spec}


def init_tensor(ts, gen):
    x = torch.randn(ts.shape, generator=gen, dtype=torch.float32)
    if ts.init == "emb":
        return x.mul_(0.5)
    if ts.init == "gain":
        return x.mul_(0.2).add_(1.0)
    if ts.init == "bias":
        return x.mul_(0.1)
    if ts.init == "weight":
        return x.mul_(1.0 / math.sqrt(ts.fan_in))
    raise ValueError(ts.init)


def iter_weights(spec, seed):
    """Yield (name, tensor) in spec order; same seed -> same bits."""
    gen = torch.Generator().manual_seed(seed)
    for ts in spec:
        yield ts.name, init_tensor(ts, gen)


# --------------------------------------------------------------------------
# Minimal safetensors writer/reader (F32 only)
# --------------------------------------------------------------------------

class SafetensorsWriter:
    """Streams tensors into a .safetensors file.

    The header needs every offset up front; those follow from the shapes, so
    the header is written first and tensors are appended one at a time (no
    need to hold a 500 MB model in memory)."""

    def __init__(self, path, entries):  # entries: [(name, shape)] in data order
        self.path = Path(path)
        self.tmp = self.path.with_name(self.path.name + ".tmp")
        header, off = {"__metadata__": {"format": "pt"}}, 0
        self.expected = []
        for name, shape in entries:
            nbytes = 4 * math.prod(shape)
            header[name] = {"dtype": "F32", "shape": list(shape),
                            "data_offsets": [off, off + nbytes]}
            self.expected.append((name, tuple(shape)))
            off += nbytes
        hdr = json.dumps(header, separators=(",", ":")).encode("utf-8")
        hdr += b" " * (-(8 + len(hdr)) % 8)  # data starts 8-byte aligned
        self.f = open(self.tmp, "wb")
        self.f.write(struct.pack("<Q", len(hdr)))
        self.f.write(hdr)
        self.index = 0

    def write(self, name, tensor):
        want_name, want_shape = self.expected[self.index]
        if name != want_name or tuple(tensor.shape) != want_shape:
            raise ValueError(f"safetensors: got {name}{tuple(tensor.shape)}, "
                             f"expected {want_name}{want_shape}")
        arr = tensor.detach().to(torch.float32).contiguous().numpy()
        self.f.write(arr.astype("<f4", copy=False).tobytes())
        self.index += 1

    def close(self):
        self.f.close()
        if self.index != len(self.expected):
            os.unlink(self.tmp)
            raise ValueError("safetensors: not every tensor was written")
        os.replace(self.tmp, self.path)  # never leave a half-written file behind


def read_safetensors(path):
    """Return ({name: np.ndarray float32}, metadata); strict about the format."""
    data = Path(path).read_bytes()
    if len(data) < 8:
        raise ValueError("safetensors: file too short")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("safetensors: header length past end of file")
    if (8 + n) % 8:
        raise ValueError("safetensors: data section not 8-byte aligned")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", None)
    body = memoryview(data)[8 + n:]
    tensors, spans = {}, []
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"safetensors: {name}: dtype {info['dtype']} unsupported")
        b, e = info["data_offsets"]
        shape = tuple(info["shape"])
        if e - b != 4 * math.prod(shape):
            raise ValueError(f"safetensors: {name}: size does not match shape")
        tensors[name] = np.frombuffer(body[b:e], dtype="<f4").reshape(shape)
        spans.append((b, e))
    spans.sort()
    pos = 0
    for b, e in spans:  # the spec requires a dense, gap-free data section
        if b != pos:
            raise ValueError("safetensors: data offsets are not contiguous")
        pos = e
    if pos != len(body):
        raise ValueError("safetensors: trailing bytes after the last tensor")
    return tensors, meta


# --------------------------------------------------------------------------
# Forward passes (HF eager semantics).  W maps checkpoint name -> tensor; the
# computation dtype follows W's tensors, so the same code runs in float64.
# --------------------------------------------------------------------------

def _split_heads(x, n_head):  # [B,T,D] -> [B,H,T,hd]
    B, T, D = x.shape
    return x.view(B, T, n_head, D // n_head).permute(0, 2, 1, 3)


def _merge_heads(x):  # [B,H,T,hd] -> [B,T,D]
    B, H, T, hd = x.shape
    return x.permute(0, 2, 1, 3).reshape(B, T, H * hd)


def _hf_conv1d(x, w, b):
    # transformers.pytorch_utils.Conv1D: addmm(bias, x2d, weight[in,out]).
    out = torch.addmm(b, x.reshape(-1, x.shape[-1]), w)
    return out.view(*x.shape[:-1], w.shape[1])


def _gelu_new(x):
    # transformers.activations.NewGELUActivation (tanh approximation).
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) *
                                       (x + 0.044715 * torch.pow(x, 3.0))))


def gpt2_forward(W, cfg, input_ids, position=None, kv_cache=None):
    """GPT2LMHeadModel's logits for input_ids [B,T].

    With kv_cache (the layout of `tfm-import --kv-cache`): kv_cache is
    [L, 2, B, M, D] in the weights' dtype, kv_cache[l, 0, b, s] layer l's key
    of token s and kv_cache[l, 1, b, s] its value (heads interleaved in D, as
    the K and V slices of c_attn's output), and position (an int or a rank-0
    tensor) is how many tokens it already holds.  The tokens are at positions
    position .. position+T-1; their keys and values are written into rows
    [position, position+T) of every layer (in place; later rows untouched),
    and attention reads rows [0, position+T) with the causal mask aligned
    bottom-right (key j is kept for query i iff j <= i + position), as HF's
    past_key_values does.  Without a cache this is HF's plain forward pass."""
    B, T = input_ids.shape
    D, H, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    wte = W["transformer.wte.weight"]
    dtype = wte.dtype
    if kv_cache is None:
        if position is not None:
            raise ValueError("position without kv_cache")
        past = 0
        if T > cfg["n_positions"]:
            raise ValueError(f"sequence length {T} > n_positions {cfg['n_positions']}")
        # position_ids default to arange(T) when there is no past / attention mask.
        h = F.embedding(input_ids, wte) + W["transformer.wpe.weight"][:T]
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    else:
        past = int(0 if position is None else position)
        L, M = cfg["n_layer"], kv_cache.shape[3]
        if tuple(kv_cache.shape) != (L, 2, B, M, D) or kv_cache.dtype != dtype:
            raise ValueError(f"kv_cache is {kv_cache.dtype}{tuple(kv_cache.shape)}, expected "
                             f"{dtype}[{L}, 2, {B}, M, {D}]")
        if past < 0 or past + T > min(M, cfg["n_positions"]):
            raise ValueError(f"position {past} + {T} new tokens exceeds the cache's {M} rows "
                             f"or n_positions {cfg['n_positions']}")
        h = F.embedding(input_ids, wte) + W["transformer.wpe.weight"][past:past + T]
        causal = torch.ones(T, past + T, dtype=torch.bool).tril(diagonal=past)
    mask_value = torch.finfo(dtype).min
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        a = F.layer_norm(h, (D,), W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps)
        qkv = _hf_conv1d(a, W[p + "attn.c_attn.weight"], W[p + "attn.c_attn.bias"])
        q, k, v = qkv.split(D, dim=2)
        if kv_cache is not None:
            kv_cache[i, 0, :, past:past + T] = k
            kv_cache[i, 1, :, past:past + T] = v
            k, v = kv_cache[i, 0, :, :past + T], kv_cache[i, 1, :, :past + T]
        q, k, v = (_split_heads(t, H) for t in (q, k, v))
        scores = q @ k.transpose(-1, -2)
        scores = scores / torch.full([], v.size(-1) ** 0.5, dtype=dtype)
        scores = torch.where(causal, scores, torch.full([], mask_value, dtype=dtype))
        probs = F.softmax(scores, dim=-1)
        a = _merge_heads(probs @ v)
        h = h + _hf_conv1d(a, W[p + "attn.c_proj.weight"], W[p + "attn.c_proj.bias"])
        m = F.layer_norm(h, (D,), W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps)
        m = _gelu_new(_hf_conv1d(m, W[p + "mlp.c_fc.weight"], W[p + "mlp.c_fc.bias"]))
        h = h + _hf_conv1d(m, W[p + "mlp.c_proj.weight"], W[p + "mlp.c_proj.bias"])
    h = F.layer_norm(h, (D,), W["transformer.ln_f.weight"], W["transformer.ln_f.bias"], eps)
    return {"logits": F.linear(h, wte)}  # lm_head tied to wte, no bias


def openai_gpt_forward(W, cfg, input_ids):
    """OpenAIGPTLMHeadModel's logits for input_ids [B,T] (modeling_openai):
    tokens_embed + positions_embed (positions 0..T-1), then post-LN blocks
    n = ln_1(x + attn(x)); x = ln_2(n + mlp(n)), no final layer norm, and
    the LM head tied to tokens_embed.  The causal mask is HF's
    `w * b + -1e4 * (1 - b)` and afn "gelu" is modeling_openai's ACT_FNS
    entry, gelu_new (tanh approximation)."""
    B, T = input_ids.shape
    D, H, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    if cfg["afn"] != "gelu":
        raise ValueError(f"afn {cfg['afn']!r}")
    if T > cfg["n_positions"]:
        raise ValueError(f"sequence length {T} > n_positions {cfg['n_positions']}")
    wte = W["transformer.tokens_embed.weight"]
    dtype = wte.dtype
    h = F.embedding(input_ids, wte) + W["transformer.positions_embed.weight"][:T]
    b = torch.tril(torch.ones(T, T, dtype=dtype))
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        qkv = _hf_conv1d(h, W[p + "attn.c_attn.weight"], W[p + "attn.c_attn.bias"])
        q, k, v = (_split_heads(t, H) for t in qkv.split(D, dim=2))
        w = (q @ k.transpose(-1, -2)) / math.sqrt(v.size(-1))
        w = w * b + -1e4 * (1 - b)
        a = _merge_heads(F.softmax(w, dim=-1) @ v)
        a = _hf_conv1d(a, W[p + "attn.c_proj.weight"], W[p + "attn.c_proj.bias"])
        n = F.layer_norm(h + a, (D,), W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps)
        m = _gelu_new(_hf_conv1d(n, W[p + "mlp.c_fc.weight"], W[p + "mlp.c_fc.bias"]))
        m = _hf_conv1d(m, W[p + "mlp.c_proj.weight"], W[p + "mlp.c_proj.bias"])
        h = F.layer_norm(n + m, (D,), W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps)
    return {"logits": F.linear(h, wte)}  # lm_head tied to tokens_embed, no bias


def roberta_position_ids(input_ids, padding_idx):
    """transformers' create_position_ids_from_input_ids (past_key_values_length
    0): padding tokens get padding_idx, the others padding_idx + their count
    among the row's non-padding tokens so far."""
    mask = input_ids.ne(padding_idx).int()
    return (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + padding_idx


def bert_forward(W, cfg, input_ids, attention_mask, token_type_ids, prefix="", pooler=True,
                 position_ids=None):
    B, T = input_ids.shape
    D, H, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    if T > cfg["max_position_embeddings"]:
        raise ValueError(f"sequence length {T} > max_position_embeddings")
    dtype = W[prefix + "embeddings.word_embeddings.weight"].dtype
    hd = D // H
    # BertEmbeddings: absolute positions 0..T-1 even for padded rows (RoBERTa
    # passes its own).
    positions = (W[prefix + "embeddings.position_embeddings.weight"][:T] if position_ids is None
                 else F.embedding(position_ids,
                                  W[prefix + "embeddings.position_embeddings.weight"]))
    h = (F.embedding(input_ids, W[prefix + "embeddings.word_embeddings.weight"])
         + F.embedding(token_type_ids, W[prefix + "embeddings.token_type_embeddings.weight"])
         + positions)
    h = F.layer_norm(h, (D,), W[prefix + "embeddings.LayerNorm.weight"],
                     W[prefix + "embeddings.LayerNorm.bias"], eps)
    # ModuleUtilsMixin.get_extended_attention_mask: additive, finite (finfo.min),
    # so an all-zero row gives uniform attention rather than NaN.
    ext = (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min

    def lin(x, name):
        return F.linear(x, W[name + ".weight"], W[name + ".bias"])

    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}encoder.layer.{i}."
        q = _split_heads(lin(h, p + "attention.self.query"), H)
        k = _split_heads(lin(h, p + "attention.self.key"), H)
        v = _split_heads(lin(h, p + "attention.self.value"), H)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + ext
        ctx = _merge_heads(F.softmax(scores, dim=-1) @ v)
        h = F.layer_norm(lin(ctx, p + "attention.output.dense") + h, (D,),
                         W[p + "attention.output.LayerNorm.weight"],
                         W[p + "attention.output.LayerNorm.bias"], eps)
        m = F.gelu(lin(h, p + "intermediate.dense"))  # hidden_act "gelu" = exact erf
        h = F.layer_norm(lin(m, p + "output.dense") + h, (D,),
                         W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
    if not pooler:  # BertForMaskedLM has none
        return {"last_hidden_state": h}
    pooled = torch.tanh(lin(h[:, 0], prefix + "pooler.dense"))
    return {"last_hidden_state": h, "pooler_output": pooled}


_ACTIVATIONS = {"gelu": F.gelu, "gelu_new": _gelu_new, "gelu_pytorch_tanh": _gelu_new}


def distilbert_forward(W, cfg, input_ids, attention_mask, prefix=""):
    """DistilBertModel's last_hidden_state (modeling_distilbert): word +
    learned position embeddings (positions 0..T-1), LayerNorm; post-LN
    blocks sa_layer_norm(attn(x) + x), output_layer_norm(ffn(.) + .), every
    layer norm at eps 1e-12; q divided by sqrt(head dim) before q @ k^T and
    masked scores filled (masked_fill) with finfo.min."""
    B, T = input_ids.shape
    D, H, eps = cfg["dim"], cfg["n_heads"], 1e-12
    if cfg["activation"] != "gelu" or cfg.get("sinusoidal_pos_embds"):
        raise ValueError("only activation gelu, learned positions")
    if T > cfg["max_position_embeddings"]:
        raise ValueError(f"sequence length {T} > max_position_embeddings")
    e = prefix + "embeddings."
    dtype = W[e + "word_embeddings.weight"].dtype
    h = (F.embedding(input_ids, W[e + "word_embeddings.weight"])
         + W[e + "position_embeddings.weight"][:T])
    h = F.layer_norm(h, (D,), W[e + "LayerNorm.weight"], W[e + "LayerNorm.bias"], eps)
    masked = (attention_mask == 0)[:, None, None, :]

    def lin(x, name):
        return F.linear(x, W[name + ".weight"], W[name + ".bias"])

    for i in range(cfg["n_layers"]):
        p = f"{prefix}transformer.layer.{i}."
        q = _split_heads(lin(h, p + "attention.q_lin"), H) / math.sqrt(D // H)
        k = _split_heads(lin(h, p + "attention.k_lin"), H)
        v = _split_heads(lin(h, p + "attention.v_lin"), H)
        scores = (q @ k.transpose(-1, -2)).masked_fill(masked, torch.finfo(dtype).min)
        ctx = _merge_heads(F.softmax(scores, dim=-1) @ v)
        h = F.layer_norm(lin(ctx, p + "attention.out_lin") + h, (D,),
                         W[p + "sa_layer_norm.weight"], W[p + "sa_layer_norm.bias"], eps)
        f = lin(F.gelu(lin(h, p + "ffn.lin1")), p + "ffn.lin2")
        h = F.layer_norm(f + h, (D,), W[p + "output_layer_norm.weight"],
                         W[p + "output_layer_norm.bias"], eps)
    return {"last_hidden_state": h}


def distilbert_mlm_forward(W, cfg, input_ids, attention_mask):
    # DistilBertForMaskedLM: vocab_transform, the activation, vocab_layer_norm,
    # then vocab_projector (weight tied to the word embeddings, own bias).
    h = distilbert_forward(W, cfg, input_ids, attention_mask,
                           prefix="distilbert.")["last_hidden_state"]
    t = F.gelu(F.linear(h, W["vocab_transform.weight"], W["vocab_transform.bias"]))
    t = F.layer_norm(t, (cfg["dim"],), W["vocab_layer_norm.weight"], W["vocab_layer_norm.bias"],
                     1e-12)
    return {"logits": F.linear(t, W["distilbert.embeddings.word_embeddings.weight"],
                               W["vocab_projector.bias"])}


def roberta_forward(W, cfg, input_ids, attention_mask, token_type_ids):
    """RobertaModel: BertModel's computation (RobertaEmbeddings sums word,
    token type and position embeddings in the same order) with the positions
    of create_position_ids_from_input_ids."""
    position_ids = roberta_position_ids(input_ids, cfg["pad_token_id"])
    if int(position_ids.max()) >= cfg["max_position_embeddings"]:
        raise ValueError("positions past max_position_embeddings")
    return bert_forward(W, cfg, input_ids, attention_mask, token_type_ids,
                        position_ids=position_ids)


def bert_mlm_forward(W, cfg, input_ids, attention_mask, token_type_ids):
    # BertForMaskedLM: BertPredictionHeadTransform (dense, hidden_act,
    # LayerNorm), then the decoder tied to the word embeddings, with the
    # head's bias.
    h = bert_forward(W, cfg, input_ids, attention_mask, token_type_ids,
                     prefix="bert.", pooler=False)["last_hidden_state"]
    p = "cls.predictions."
    t = F.linear(h, W[p + "transform.dense.weight"], W[p + "transform.dense.bias"])
    t = _ACTIVATIONS[cfg["hidden_act"]](t)
    t = F.layer_norm(t, (cfg["hidden_size"],), W[p + "transform.LayerNorm.weight"],
                     W[p + "transform.LayerNorm.bias"], cfg["layer_norm_eps"])
    return {"logits": F.linear(t, W["bert.embeddings.word_embeddings.weight"], W[p + "bias"])}


def bert_classifier_forward(W, cfg, input_ids, attention_mask, token_type_ids):
    # BertForSequenceClassification: the pooler output (dropout is identity
    # in eval), then the classifier.
    pooled = bert_forward(W, cfg, input_ids, attention_mask, token_type_ids,
                          prefix="bert.")["pooler_output"]
    return {"logits": F.linear(pooled, W["classifier.weight"], W["classifier.bias"])}


def _vit_encoder(W, cfg, pixel_values, prefix, tokens):
    """ViT's and DeiT's encoder: the final layer norm's output [B, N+len(tokens), D]."""
    D, H, eps, P = (cfg["hidden_size"], cfg["num_attention_heads"],
                    cfg["layer_norm_eps"], cfg["patch_size"])
    # ViTEmbeddings casts pixels to the projection's dtype (matters for float64).
    weight = W[prefix + "embeddings.patch_embeddings.projection.weight"]
    pixel_values = pixel_values.to(weight.dtype)
    B, C, Hi, Wi = pixel_values.shape
    if C != cfg["num_channels"] or Hi != cfg["image_size"] or Wi != cfg["image_size"]:
        raise ValueError(f"pixel_values shape {tuple(pixel_values.shape)} does not match config")
    hd = D // H
    # ViTPatchEmbeddings: conv, flatten(2) (row-major over patches), transpose.
    x = F.conv2d(pixel_values, weight,
                 W[prefix + "embeddings.patch_embeddings.projection.bias"], stride=P)
    x = x.flatten(2).transpose(1, 2)
    # ViT: [CLS, patches]; DeiTEmbeddings: [CLS, distillation, patches].
    front = [W[f"{prefix}embeddings.{t}"].expand(B, -1, -1) for t in tokens]
    h = torch.cat(front + [x], dim=1) + W[prefix + "embeddings.position_embeddings"]

    def lin(x, name):
        return F.linear(x, W[name + ".weight"], W[name + ".bias"])

    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}encoder.layer.{i}."
        a = F.layer_norm(h, (D,), W[p + "layernorm_before.weight"],
                         W[p + "layernorm_before.bias"], eps)
        q = _split_heads(lin(a, p + "attention.attention.query"), H)
        k = _split_heads(lin(a, p + "attention.attention.key"), H)
        v = _split_heads(lin(a, p + "attention.attention.value"), H)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        ctx = _merge_heads(F.softmax(scores, dim=-1) @ v)
        h = lin(ctx, p + "attention.output.dense") + h
        m = F.layer_norm(h, (D,), W[p + "layernorm_after.weight"],
                         W[p + "layernorm_after.bias"], eps)
        m = F.gelu(lin(m, p + "intermediate.dense"))
        h = lin(m, p + "output.dense") + h
    return F.layer_norm(h, (D,), W[prefix + "layernorm.weight"], W[prefix + "layernorm.bias"], eps)


def vit_forward(W, cfg, pixel_values):
    h = _vit_encoder(W, cfg, pixel_values, "vit.", ("cls_token",))
    return {"last_hidden_state": h,
            "logits": F.linear(h[:, 0], W["classifier.weight"], W["classifier.bias"])}


def deit_forward(W, cfg, pixel_values):
    # DeiTForImageClassificationWithTeacher at inference: the mean of the
    # CLS token's and the distillation token's classifiers;
    # DeiTForImageClassification: one classifier on the CLS token; DeiTModel:
    # the pooler (DeiTPooler: dense, tanh) on the CLS token.
    arch = cfg["architectures"][0]
    if arch == "DeiTModel":
        h = _vit_encoder(W, cfg, pixel_values, "", DEIT_TOKENS)
        return {"last_hidden_state": h, "pooler_output": torch.tanh(
            F.linear(h[:, 0], W["pooler.dense.weight"], W["pooler.dense.bias"]))}
    h = _vit_encoder(W, cfg, pixel_values, "deit.", DEIT_TOKENS)
    if arch == "DeiTForImageClassification":
        return {"last_hidden_state": h,
                "logits": F.linear(h[:, 0], W["classifier.weight"], W["classifier.bias"])}
    cls = F.linear(h[:, 0], W["cls_classifier.weight"], W["cls_classifier.bias"])
    distillation = F.linear(h[:, 1], W["distillation_classifier.weight"],
                            W["distillation_classifier.bias"])
    return {"last_hidden_state": h, "logits": (cls + distillation) / 2}


def _quick_gelu(x):
    # transformers.activations.QuickGELUActivation.
    return x * torch.sigmoid(1.702 * x)


def clip_text_forward(W, cfg, input_ids, attention_mask):
    # CLIPTextTransformer (eager attention), CLIPTextModel's outputs.
    B, T = input_ids.shape
    D, H, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    if T > cfg["max_position_embeddings"]:
        raise ValueError(f"sequence length {T} > max_position_embeddings")
    e = "text_model.embeddings."
    dtype = W[e + "token_embedding.weight"].dtype
    act = {"quick_gelu": _quick_gelu, "gelu": F.gelu}[cfg["hidden_act"]]
    hd = D // H
    h = F.embedding(input_ids, W[e + "token_embedding.weight"]) + \
        W[e + "position_embedding.weight"][:T]
    # _create_4d_causal_attention_mask and _prepare_4d_attention_mask: both
    # additive with finfo.min, added one after the other to the scores.
    low = torch.finfo(dtype).min
    causal = torch.full((T, T), low, dtype=dtype).triu(1)[None, None]
    pad = (1.0 - attention_mask[:, None, None, :].to(dtype)) * low

    def lin(x, name):
        return F.linear(x, W[name + ".weight"], W[name + ".bias"])

    for i in range(cfg["num_hidden_layers"]):
        p = f"text_model.encoder.layers.{i}."
        a = F.layer_norm(h, (D,), W[p + "layer_norm1.weight"], W[p + "layer_norm1.bias"], eps)
        q = _split_heads(lin(a, p + "self_attn.q_proj") * hd ** -0.5, H)
        k = _split_heads(lin(a, p + "self_attn.k_proj"), H)
        v = _split_heads(lin(a, p + "self_attn.v_proj"), H)
        scores = q @ k.transpose(-1, -2)
        scores = scores + causal
        scores = scores + pad
        ctx = _merge_heads(F.softmax(scores, dim=-1) @ v)
        h = h + lin(ctx, p + "self_attn.out_proj")
        m = F.layer_norm(h, (D,), W[p + "layer_norm2.weight"], W[p + "layer_norm2.bias"], eps)
        h = h + lin(act(lin(m, p + "mlp.fc1")), p + "mlp.fc2")
    h = F.layer_norm(h, (D,), W["text_model.final_layer_norm.weight"],
                     W["text_model.final_layer_norm.bias"], eps)
    eos = cfg.get("eos_token_id", 2)
    if eos == 2:  # the original CLIP configs: <|endoftext|> is the largest id
        at = input_ids.to(torch.int64).argmax(dim=-1)
    else:  # the first eos_token_id (0 in a row without one)
        at = (input_ids.to(torch.int) == eos).int().argmax(dim=-1)
    pooled = h[torch.arange(B), at]
    return {"last_hidden_state": h, "pooler_output": pooled}


def _t5_layer_norm(x, weight, eps):
    # T5LayerNorm: the mean square in f32, no mean subtracted, no bias.
    variance = x.to(torch.float32).pow(2).mean(-1, keepdim=True)
    # Back to the weights' dtype (a no-op in f32) as Hugging Face's does:
    # the next bf16 linear needs bf16 input.
    return weight * (x * torch.rsqrt(variance + eps)).to(weight.dtype)


def _t5_relative_position_bucket(relative_position, bidirectional, num_buckets, max_distance):
    # T5Attention._relative_position_bucket.
    relative_buckets = 0
    if bidirectional:
        num_buckets //= 2
        relative_buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    if_large = max_exact + (torch.log(relative_position.float() / max_exact)
                            / math.log(max_distance / max_exact)
                            * (num_buckets - max_exact)).to(torch.long)
    if_large = torch.min(if_large, torch.full_like(if_large, num_buckets - 1))
    return relative_buckets + torch.where(is_small, relative_position, if_large)


def _t5_embedding(W):
    try:
        return W["shared.weight"]
    except KeyError:
        return W["encoder.embed_tokens.weight"]


def t5_forward(W, cfg, input_ids, attention_mask):
    # T5EncoderModel (T5Stack, eager attention): last_hidden_state.
    B, T = input_ids.shape
    H, K, eps = cfg["num_heads"], cfg["d_kv"], cfg["layer_norm_epsilon"]
    emb = _t5_embedding(W)
    dtype = emb.dtype
    h = F.embedding(input_ids, emb)
    # compute_bias in layer 0, then position_bias + the extended mask, shared.
    table = W["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"]
    rel = torch.arange(T)[None, :] - torch.arange(T)[:, None]
    buckets = _t5_relative_position_bucket(rel, True, cfg["relative_attention_num_buckets"],
                                           cfg["relative_attention_max_distance"])
    bias = F.embedding(buckets, table).permute([2, 0, 1]).unsqueeze(0)
    ext = (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min
    position_bias = bias + ext
    gated = cfg.get("feed_forward_proj", "relu") == "gated-gelu"

    def shape(x):
        return x.view(B, -1, H, K).transpose(1, 2)

    for i in range(cfg["num_layers"]):
        p = f"encoder.block.{i}.layer."
        a = p + "0.SelfAttention."
        n = _t5_layer_norm(h, W[p + "0.layer_norm.weight"], eps)
        q, k, v = (shape(F.linear(n, W[a + x + ".weight"])) for x in "qkv")
        scores = torch.matmul(q, k.transpose(3, 2))
        scores += position_bias
        weights = F.softmax(scores.float(), dim=-1).type_as(scores)
        ctx = torch.matmul(weights, v).transpose(1, 2).contiguous().view(B, -1, H * K)
        h = h + F.linear(ctx, W[a + "o.weight"])
        n = _t5_layer_norm(h, W[p + "1.layer_norm.weight"], eps)
        f = p + "1.DenseReluDense."
        if gated:
            y = _gelu_new(F.linear(n, W[f + "wi_0.weight"])) * F.linear(n, W[f + "wi_1.weight"])
        else:
            y = F.relu(F.linear(n, W[f + "wi.weight"]))
        h = h + F.linear(y, W[f + "wo.weight"])
    return {"last_hidden_state": _t5_layer_norm(h, W["encoder.final_layer_norm.weight"], eps)}


def _llama_rms_norm(x, weight, eps):
    # LlamaRMSNorm: in f32 (here: at least f32, so the float64 check stays
    # float64), the weight applied after casting back to the input's dtype.
    dtype = x.dtype
    h = x.to(torch.promote_types(dtype, torch.float32))
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return weight * h.to(dtype)


def _llama_rotary(cfg, positions, dtype):
    """LlamaRotaryEmbedding (default rope type): cos and sin [T, head_dim]
    for positions [T], computed in f32 as HF does -- inv_freq = 1 /
    theta^(arange(0, hd, 2) / hd), the angles position * inv_freq, each
    repeated for the two halves -- and cast to the activations' dtype."""
    H = cfg["num_attention_heads"]
    hd = cfg["hidden_size"] // H
    theta = cfg.get("rope_theta", 10000.0)
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
    freqs = positions.float()[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos().to(dtype), emb.sin().to(dtype)


def _rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def _repeat_kv(x, n_rep):
    # [B, KVH, S, hd] -> [B, KVH * n_rep, S, hd]: query head h reads key/value
    # head h // n_rep.
    B, KVH, S, hd = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None].expand(B, KVH, n_rep, S, hd).reshape(B, KVH * n_rep, S, hd)


def llama_forward(W, cfg, input_ids, position=None, kv_cache=None):
    """LlamaForCausalLM's logits (LlamaModel: last_hidden_state) for
    input_ids [B,T], HF's eager attention: pre-RMSNorm blocks, rotary
    (rotate-half) on q and k at positions 0..T-1, grouped-query attention
    (repeat_kv), scores / sqrt(head_dim) plus the additive causal mask
    (finfo.min), softmax in f32, o_proj; MLP down(silu(gate(x)) * up(x));
    the final norm; the LM head (lm_head, or embed_tokens when tied).

    With kv_cache (the layout of `tfm-import --kv-cache`): [L, 2, B, M, Dkv],
    Dkv = num_key_value_heads * head_dim, kv_cache[l, 0, b, s] layer l's key
    of token s AFTER the rotary embedding (as HF's cache holds it) and
    kv_cache[l, 1, b, s] its value as projected (heads interleaved in Dkv as
    k_proj's and v_proj's rows), and position is how many tokens it already
    holds: the tokens are at positions position .. position+T-1 (their
    rotary angles too), written into rows [position, position+T) in place,
    and attention reads rows [0, position+T) with the causal mask aligned
    bottom-right, as gpt2_forward's."""
    B, T = input_ids.shape
    D, H, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["rms_norm_eps"]
    KVH = cfg.get("num_key_value_heads", H)
    hd, P = D // H, cfg["max_position_embeddings"]
    if cfg.get("hidden_act", "silu") != "silu" or H % KVH or D % H:
        raise ValueError("llama: hidden_act silu, heads divisible by key/value heads")
    prefix = "" if cfg["architectures"] == ["LlamaModel"] else "model."
    emb = W[prefix + "embed_tokens.weight"]
    dtype = emb.dtype
    if kv_cache is None:
        if position is not None:
            raise ValueError("position without kv_cache")
        past = 0
        if T > P:
            raise ValueError(f"sequence length {T} > max_position_embeddings {P}")
    else:
        past = int(0 if position is None else position)
        L, M = cfg["num_hidden_layers"], kv_cache.shape[3]
        if tuple(kv_cache.shape) != (L, 2, B, M, KVH * hd) or kv_cache.dtype != dtype:
            raise ValueError(f"kv_cache is {kv_cache.dtype}{tuple(kv_cache.shape)}, expected "
                             f"{dtype}[{L}, 2, {B}, M, {KVH * hd}]")
        if past < 0 or past + T > min(M, P):
            raise ValueError(f"position {past} + {T} new tokens exceeds the cache's {M} rows "
                             f"or max_position_embeddings {P}")
    S = past + T
    cos, sin = _llama_rotary(cfg, torch.arange(past, S), dtype)
    # _update_causal_mask: finfo.min above the (bottom-right aligned) diagonal.
    low = torch.finfo(dtype).min
    mask = torch.full((T, S), low, dtype=dtype).triu(past + 1)
    h = F.embedding(input_ids, emb)
    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}layers.{i}."
        a = _llama_rms_norm(h, W[p + "input_layernorm.weight"], eps)
        q = F.linear(a, W[p + "self_attn.q_proj.weight"]).view(B, T, H, hd).transpose(1, 2)
        k = F.linear(a, W[p + "self_attn.k_proj.weight"]).view(B, T, KVH, hd).transpose(1, 2)
        v = F.linear(a, W[p + "self_attn.v_proj.weight"]).view(B, T, KVH, hd).transpose(1, 2)
        q = q * cos + _rotate_half(q) * sin
        k = k * cos + _rotate_half(k) * sin
        if kv_cache is not None:
            kv_cache[i, 0, :, past:S] = k.transpose(1, 2).reshape(B, T, KVH * hd)
            kv_cache[i, 1, :, past:S] = v.transpose(1, 2).reshape(B, T, KVH * hd)
            k = kv_cache[i, 0, :, :S].view(B, S, KVH, hd).transpose(1, 2)
            v = kv_cache[i, 1, :, :S].view(B, S, KVH, hd).transpose(1, 2)
        k, v = _repeat_kv(k, H // KVH), _repeat_kv(v, H // KVH)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(hd) + mask
        probs = F.softmax(scores, dim=-1, dtype=torch.promote_types(dtype, torch.float32))
        ctx = torch.matmul(probs.to(dtype), v).transpose(1, 2).reshape(B, T, D)
        h = h + F.linear(ctx, W[p + "self_attn.o_proj.weight"])
        m = _llama_rms_norm(h, W[p + "post_attention_layernorm.weight"], eps)
        m = F.silu(F.linear(m, W[p + "mlp.gate_proj.weight"])) * \
            F.linear(m, W[p + "mlp.up_proj.weight"])
        h = h + F.linear(m, W[p + "mlp.down_proj.weight"])
    h = _llama_rms_norm(h, W[prefix + "norm.weight"], eps)
    if not prefix:
        return {"last_hidden_state": h}
    head = emb if cfg.get("tie_word_embeddings", False) else W["lm_head.weight"]
    return {"logits": F.linear(h, head)}


FORWARD = {"gpt2": gpt2_forward, "bert": bert_forward, "roberta": roberta_forward, "bert-mlm": bert_mlm_forward,
           "bert-classifier": bert_classifier_forward, "vit": vit_forward,
           "openai-gpt": openai_gpt_forward, "distilbert": distilbert_forward,
           "distilbert-mlm": distilbert_mlm_forward, "clip-text": clip_text_forward,
           "clip-text-eos": clip_text_forward, "t5": t5_forward, "t5-gated": t5_forward,
           "llama": llama_forward, "llama-tied": llama_forward, "llama-model": llama_forward,
           "deit": deit_forward, "deit-classifier": deit_forward, "deit-model": deit_forward}

# --------------------------------------------------------------------------
# Greedy generation (the reference of issue 14's numerics): GPT-2 and the
# LLaMA-style LM (LlamaForCausalLM), through their forward passes' KV caches
# --------------------------------------------------------------------------

# The models --generation takes, and their token embeddings (--wte-scale).
TOKEN_EMBEDDING = {"gpt2": "transformer.wte.weight", "llama": "model.embed_tokens.weight",
                   "llama-tied": "model.embed_tokens.weight"}


def decoder_forward(cfg):
    """The forward pass (with a KV cache) of a checkpoint's config.json:
    gpt2_forward for GPT-2, llama_forward for a LlamaForCausalLM."""
    if cfg.get("model_type") == "gpt2":
        return gpt2_forward
    if cfg.get("model_type") == "llama" and cfg.get("architectures") == ["LlamaForCausalLM"]:
        return llama_forward
    raise ValueError(f"no generation for model_type {cfg.get('model_type')!r} / architectures "
                     f"{cfg.get('architectures')!r} (GPT-2 or LlamaForCausalLM)")


def decoder_positions(cfg):
    """How many positions a decoder's sequence (prompt + new tokens) may use."""
    decoder_forward(cfg)
    return cfg["n_positions"] if cfg["model_type"] == "gpt2" else cfg["max_position_embeddings"]


def token_embedding(cfg):
    decoder_forward(cfg)
    return TOKEN_EMBEDDING[cfg["model_type"]]


def kv_cache_shape(cfg, batch, rows):
    """[L, 2, B, rows, Dkv]: GPT-2's Dkv is n_embd, a LLaMA's
    num_key_value_heads * head_dim."""
    if cfg.get("model_type") == "gpt2":
        return (cfg["n_layer"], 2, batch, rows, cfg["n_embd"])
    H = cfg["num_attention_heads"]
    return (cfg["num_hidden_layers"], 2, batch, rows,
            cfg.get("num_key_value_heads", H) * (cfg["hidden_size"] // H))


def greedy_pick(logits):
    """The greedy token of each row of logits [..., V]: the highest logit,
    ties resolved to the lowest id (torch.argmax returns the first maximal
    index; the self-test checks it)."""
    return torch.argmax(logits, dim=-1)


def new_kv_cache(cfg, batch, rows, dtype=torch.float32):
    """A zeroed cache (kv_cache_shape) for gpt2_forward's or llama_forward's
    kv_cache."""
    return torch.zeros(kv_cache_shape(cfg, batch, rows), dtype=dtype)


def greedy_generate(W, cfg, prompt_ids, max_new_tokens, kv_cache=False, on_token=None):
    """Greedy generation of a GPT-2 or a LlamaForCausalLM (decoder_forward):
    (ids [B, N], logits [B, N, V]).

    logits[:, 0] is the prefill's last position (which picks ids[:, 0]) and
    logits[:, k] the logits of decode step k (the new position after feeding
    ids[:, k-1]); ids[:, k] = greedy_pick(logits[:, k]).  Without kv_cache
    every step recomputes the whole sequence (prompt + the ids so far) and
    takes its last position: the reference.  With kv_cache=True the prompt is
    run once into a cache of prompt + N rows and each decode step feeds only
    the new token (gpt2_forward's cache path): the same model, another
    evaluation order, so its logits differ from the reference's by rounding.
    Never stops early (no EOS).  on_token(k), if given, is called after token
    k is chosen (timing)."""
    B, P = prompt_ids.shape
    forward, positions = decoder_forward(cfg), decoder_positions(cfg)
    if P < 1 or max_new_tokens < 1:
        raise ValueError("need at least one prompt token and one new token")
    if P + max_new_tokens > positions:
        raise ValueError(f"prompt of {P} tokens + {max_new_tokens} new tokens exceeds "
                         f"the model's {positions} positions")
    dtype = W[token_embedding(cfg)].dtype
    cache = new_kv_cache(cfg, B, P + max_new_tokens, dtype) if kv_cache else None
    ids, rows = [], []
    seq, position, feed = prompt_ids, 0, prompt_ids
    for k in range(max_new_tokens):
        if cache is None:
            logits = forward(W, cfg, seq)["logits"][:, -1]
        else:
            logits = forward(W, cfg, feed, position, cache)["logits"][:, -1]
            position += feed.shape[1]
        nxt = greedy_pick(logits)
        ids.append(nxt)
        rows.append(logits)
        if on_token is not None:
            on_token(k)
        feed = nxt[:, None]
        seq = torch.cat([seq, feed], dim=1)
    return torch.stack(ids, 1), torch.stack(rows, 1)


gpt2_greedy = greedy_generate  # its first name (GPT-2 only then)


def top2_margin(logits):
    """logits [..., V] -> the gap between the largest and second largest
    logit of each row: a reimplementation may flip a greedy pick only where
    the gap is within its error."""
    top = torch.topk(logits, 2, dim=-1).values
    return top[..., 0] - top[..., 1]


# Default generation cases per size: (prompt length, new tokens).  prompt +
# new tokens <= n_positions (the contract's limit: the cache has that many
# rows); tiny's 32 positions cannot hold 50 new tokens, so its cases fill its
# context instead (its last decode step at position 30).
GENERATION_CASES = {
    "tiny": [(1, 31), (7, 25)],
    "wide": [(7, 50), (78, 50)],
    "real": [(7, 20)],
}


def prompt_for(cfg, length, seed):
    """Random prompt ids [1, length] from their own generator."""
    gen = torch.Generator().manual_seed(seed + 104729 + length)
    return torch.randint(0, cfg["vocab_size"], (1, length), generator=gen, dtype=torch.int64)


def write_generation(W, cfg, out, case, prompt_ids, max_new_tokens, log=print):
    """DIR/generation/CASE/{prompt_ids,generated_ids,logits}.npy and
    summary.json (see the module docstring); checks the KV-cache path's ids
    against the reference (raises if they differ) and reports its logits'
    difference.  Returns the summary."""
    with torch.no_grad():
        ids, logits = greedy_generate(W, cfg, prompt_ids, max_new_tokens)
        cached_ids, cached_logits = greedy_generate(W, cfg, prompt_ids, max_new_tokens,
                                                    kv_cache=True)
    if not torch.isfinite(logits).all():
        raise RuntimeError(f"generation/{case}: non-finite logits")
    if not torch.equal(ids, cached_ids):
        k = int((ids != cached_ids).any(0).nonzero()[0])
        raise RuntimeError(f"generation/{case}: the KV-cache path's greedy ids differ from the "
                           f"full recompute's at step {k}: {cached_ids[0].tolist()} vs "
                           f"{ids[0].tolist()}")
    cache_err = float((cached_logits.double() - logits.double()).abs().max()
                      / logits.double().abs().max())
    margins = top2_margin(logits[0])
    d = Path(out) / "generation" / case
    if d.is_dir():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    np.save(d / "prompt_ids.npy", np.ascontiguousarray(prompt_ids.numpy().astype(np.int64)))
    np.save(d / "generated_ids.npy", np.ascontiguousarray(ids.numpy().astype(np.int64)))
    np.save(d / "logits.npy", np.ascontiguousarray(logits[0].numpy().astype(np.float32)))
    scale = float(logits.abs().max())
    summary = {
        "prompt_ids": prompt_ids[0].tolist(), "generated_ids": ids[0].tolist(),
        "max_new_tokens": max_new_tokens, "max_abs_logit": scale,
        "margins": [round(float(m), 6) for m in margins],
        "min_margin": float(margins.min()), "min_margin_step": int(margins.argmin()),
        "kv_cache_ids_equal": True, "kv_cache_max_rel_logits_diff": cache_err,
    }
    summary["distinct_generated_ids"] = len(set(summary["generated_ids"]))
    (d / "summary.json").write_text(
        "{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in summary.items())
        + "\n}\n")
    close = float(margins.min()) <= 2e-4 * scale
    log(f"[{cfg['model_type']}]   generation {case}: {max_new_tokens} greedy tokens after {prompt_ids.shape[1]} "
        f"({summary['distinct_generated_ids']} distinct); "
        f"KV-cache path: same ids, logits max rel diff {cache_err:.1e}; smallest top-2 margin "
        f"{float(margins.min()):.3g} at step {int(margins.argmin())} (max|logit| {scale:.3g})"
        + (" -- WARNING: within 2e-4 * max|logit|, a correct implementation may pick the "
           "other token" if close else ""))
    return summary


def generation_cases(cfg, size, seed, prompt_ids=None, max_new_tokens=None):
    """[(case, prompt_ids [1, P], N)]: the size's defaults, or the one given."""
    if prompt_ids is not None or max_new_tokens is not None:
        if prompt_ids is None:
            ids = [prompt_for(cfg, P, seed) for P, _ in GENERATION_CASES[size]]
        else:
            ids = [torch.tensor([prompt_ids], dtype=torch.int64)]
        n = 50 if max_new_tokens is None else max_new_tokens
        return [(f"p{t.shape[1]}_n{n}", t, n) for t in ids]
    return [(f"p{P}_n{N}", prompt_for(cfg, P, seed), N) for P, N in GENERATION_CASES[size]]


# --------------------------------------------------------------------------
# Test cases
# --------------------------------------------------------------------------


def make_cases(model, cfg, size, seed):
    """[(case_name, {input_name: tensor})]; inputs use their own RNG so they
    do not depend on how the weights were generated."""
    gen = torch.Generator().manual_seed(seed + 7919)
    cases = []
    if model in ("gpt2", "openai-gpt"):
        V, P = cfg["vocab_size"], cfg["n_positions"]
        shapes = [(1, 1), (1, 7), (2, 16), (1, P if size != "real" else 128)]
        for B, T in shapes:
            ids = torch.randint(0, V, (B, T), generator=gen, dtype=torch.int64)
            cases.append((f"b{B}_t{T}", {"input_ids": ids}))
    elif model in LLAMA:
        # Equal-length batches (input_ids only); the last case is the longest:
        # every position tiny holds, at wide and real 150 tokens (no multiple
        # of a kernel's block).
        V, P = cfg["vocab_size"], cfg["max_position_embeddings"]
        for B, T in [(1, 1), (1, 7), (2, 16), (3, 5), (1, P if size == "tiny" else 150)]:
            ids = torch.randint(0, V, (B, T), generator=gen, dtype=torch.int64)
            cases.append((f"b{B}_t{T}", {"input_ids": ids}))
    elif model == "roberta":
        V, pad = cfg["vocab_size"], cfg["pad_token_id"]
        P = cfg["max_position_embeddings"] - pad - 1  # the longest sequence

        def rbatch(lengths, T, left=False):
            # Real tokens avoid the special ids 0..2 (bos, pad, eos); padding
            # is the pad id, on the right or (left=True) on the left; one
            # token type (type_vocab_size 1).
            B = len(lengths)
            ids = torch.randint(3, V, (B, T), generator=gen, dtype=torch.int64)
            mask = torch.zeros(B, T, dtype=torch.int64)
            for r, n in enumerate(lengths):
                real = slice(T - n, T) if left else slice(0, n)
                pads = slice(0, T - n) if left else slice(n, T)
                mask[r, real] = 1
                ids[r, pads] = pad
            return {"input_ids": ids, "attention_mask": mask,
                    "token_type_ids": torch.zeros(B, T, dtype=torch.int64)}

        cases.append(("b1_t8", rbatch([8], 8)))
        cases.append(("b3_t9_ragged", rbatch([9, 5, 1], 9)))
        cases.append(("b3_t9_left_padded", rbatch([9, 4, 2], 9, left=True)))
        # Pad ids inside a row the mask keeps: the positions still skip them.
        inner = rbatch([7, 7], 7)
        inner["input_ids"][0, [2, 4]] = pad
        inner["input_ids"][1, 0] = pad
        cases.append(("b2_t7_inner_pad", inner))
        zero = rbatch([6, 6], 6)
        zero["attention_mask"][1] = 0  # whole row masked: HF output stays finite
        cases.append(("b2_t6_zero_mask_row", zero))
        cases.append((f"b2_t{P}", rbatch([P, P - 7], P)))
    elif family(model) in ("bert", "distilbert"):
        V, P = cfg["vocab_size"], cfg["max_position_embeddings"]

        def batch(lengths, T, mixed_types):
            B = len(lengths)
            # Real tokens avoid id 0, which is the pad id.
            ids = torch.randint(1, V, (B, T), generator=gen, dtype=torch.int64)
            mask = torch.zeros(B, T, dtype=torch.int64)
            types = torch.zeros(B, T, dtype=torch.int64)
            for r, n in enumerate(lengths):
                mask[r, :n] = 1
                ids[r, n:] = 0
                if mixed_types:  # sentence A then sentence B, like a pair input
                    types[r, (n + 1) // 2:n] = 1
            return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}

        cases.append(("b1_t8", batch([8], 8, False)))
        cases.append(("b3_t9_ragged", batch([9, 5, 1], 9, True)))
        zero = batch([6, 6], 6, True)
        zero["attention_mask"][1] = 0  # whole row masked: HF output stays finite
        cases.append(("b2_t6_zero_mask_row", zero))
        cases.append((f"b2_t{P}", batch([P, P - 7], P, True)))
        if family(model) == "distilbert":  # no token types
            for _, inputs in cases:
                del inputs["token_type_ids"]
    elif model in CLIP_TEXT:
        V, P = cfg["vocab_size"], cfg["max_position_embeddings"]
        if cfg["eos_token_id"] == 2:
            bos, eot = V - 2, V - 1  # CLIP's <|startoftext|> and <|endoftext|>
            top = V - 2              # text below them
        else:
            bos, eot = cfg["bos_token_id"], cfg["eos_token_id"]
            top = V                  # text ids above <|endoftext|> too

        def batch(lengths, T, pad_id):
            # <|startoftext|> text <|endoftext|>, right-padded with pad_id:
            # CLIP's own tokenizer pads with <|endoftext|> (so the argmax
            # must take the first of equal ids), others with a small id.
            B = len(lengths)
            ids = torch.randint(0, top, (B, T), generator=gen, dtype=torch.int64)
            ids[ids == eot] = eot + 1
            mask = torch.zeros(B, T, dtype=torch.int64)
            for r, n in enumerate(lengths):
                ids[r, 0] = bos
                ids[r, n - 1] = eot
                ids[r, n:] = pad_id
                mask[r, :n] = 1
            return {"input_ids": ids, "attention_mask": mask}

        if size == "real":
            cases.append((f"b2_t{P}", batch([P, 12], P, eot)))
            cases.append(("b3_t20_ragged", batch([20, 9, 3], 20, 0)))
        else:
            cases.append(("b1_t7", batch([7], 7, eot)))
            cases.append(("b3_t9_ragged_eot_pad", batch([9, 5, 2], 9, eot)))
            cases.append(("b3_t11_ragged_zero_pad", batch([4, 11, 6], 11, 0)))
            zero = batch([6, 6], 6, eot)
            zero["attention_mask"][1] = 0  # whole row masked: HF output stays finite
            cases.append(("b2_t6_zero_mask_row", zero))
            # No end-of-text token at all: the pooled position is wherever
            # the largest id is.
            # (clip-text-eos: position 0.)
            no_eot = torch.randint(0, V, (2, 5), generator=gen, dtype=torch.int64)
            no_eot[no_eot == eot] = (eot + 1) % V
            cases.append(("b2_t5_no_eot", {
                "input_ids": no_eot, "attention_mask": torch.ones(2, 5, dtype=torch.int64)}))
            cases.append((f"b2_t{P}", batch([P, P - 7], P, eot)))
    elif model in T5:
        V, L = cfg["vocab_size"], cfg["relative_attention_max_distance"] + 12

        def tbatch(lengths, T, left=False):
            # Real tokens avoid the pad id 0; padding on the right or left.
            B = len(lengths)
            ids = torch.randint(1, V, (B, T), generator=gen, dtype=torch.int64)
            mask = torch.zeros(B, T, dtype=torch.int64)
            for r, n in enumerate(lengths):
                real = slice(T - n, T) if left else slice(0, n)
                pads = slice(0, T - n) if left else slice(n, T)
                mask[r, real] = 1
                ids[r, pads] = 0
            return {"input_ids": ids, "attention_mask": mask}

        if size in ("wide", "real"):
            cases.append(("b2_t150", tbatch([150, 41], 150)))
            cases.append(("b3_t20_ragged", tbatch([20, 9, 3], 20)))
        else:
            cases.append(("b1_t7", tbatch([7], 7)))
            cases.append(("b3_t9_ragged", tbatch([9, 5, 1], 9)))
            cases.append(("b3_t9_left_padded", tbatch([9, 4, 2], 9, left=True)))
            zero = tbatch([6, 6], 6)
            zero["attention_mask"][1] = 0  # whole row masked: HF output stays finite
            cases.append(("b2_t6_zero_mask_row", zero))
            cases.append((f"b2_t{L}", tbatch([L, L - 9], L)))
    elif model == "vit" or model in DEIT:
        S, C = cfg["image_size"], cfg["num_channels"]
        for B in (1, 2):
            px = torch.randn((B, C, S, S), generator=gen, dtype=torch.float32)
            cases.append((f"b{B}", {"pixel_values": px}))
    return cases


class _Float64View:
    """Read-only view of a weights dict that casts on access, so the float64
    cross-check costs one extra tensor of memory rather than a model copy."""

    def __init__(self, W):
        self.W = W

    def __getitem__(self, name):
        return self.W[name].double()


def _rel_err(a, b):
    return float((a.double() - b.double()).abs().max() / max(1.0, float(b.double().abs().max())))


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


def generate(model, out, size="tiny", seed=0, with_cases=None, log=print, wte_scale=1.0):
    """Write DIR/config.json, DIR/model.safetensors and (optionally) DIR/cases.
    Returns {case: {output: float64 rel. error}} for the cases written.
    wte_scale (gpt2, llama, llama-tied) multiplies the token embeddings
    (see --wte-scale)."""
    out = Path(out)
    if wte_scale != 1.0 and model not in TOKEN_EMBEDDING:
        raise ValueError(f"wte_scale is for {'/'.join(TOKEN_EMBEDDING)}")
    if with_cases is None:
        with_cases = size != "real"
    cfg = make_config(model, size)
    spec = SPECS[model](cfg)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n")

    # Keep the weights only if a forward pass needs them.
    weights = {} if with_cases else None
    writer = SafetensorsWriter(out / "model.safetensors", [(t.name, t.shape) for t in spec])
    try:
        for name, t in iter_weights(spec, seed):
            if wte_scale != 1.0 and name == TOKEN_EMBEDDING[model]:
                t = t * wte_scale
            writer.write(name, t)
            if weights is not None:
                weights[name] = t
    finally:
        writer.close()
    nparams = sum(math.prod(t.shape) for t in spec)
    log(f"[{model}/{size}] wrote {out/'model.safetensors'}: {len(spec)} tensors, "
        f"{nparams} params, {(out/'model.safetensors').stat().st_size} bytes")

    # Stale cases would not match the new weights (--generation writes its
    # cases again after this).
    for stale in (out / "cases", out / "generation"):
        if stale.is_dir():
            shutil.rmtree(stale)
    cases_dir = out / "cases"
    report = {}
    if not with_cases:
        return report
    fwd = FORWARD[model]
    with torch.no_grad():
        for case, inputs in make_cases(model, cfg, size, seed):
            expected = fwd(weights, cfg, **inputs)
            ref64 = fwd(_Float64View(weights), cfg, **inputs)
            report[case] = {}
            for k, v in expected.items():
                if not torch.isfinite(v).all():
                    raise RuntimeError(f"{model}/{case}: non-finite values in {k}")
                report[case][k] = _rel_err(v, ref64[k])
            for sub, arrays in (("inputs", inputs), ("expected", expected)):
                d = cases_dir / case / sub
                d.mkdir(parents=True, exist_ok=True)
                for k, v in arrays.items():
                    arr = v.numpy()
                    arr = arr.astype(np.int64 if arr.dtype.kind in "iu" else np.float32)
                    np.save(d / f"{k}.npy", np.ascontiguousarray(arr))
            shapes = ", ".join(f"{k}{list(v.shape)}" for k, v in expected.items())
            errs = ", ".join(f"{k} {e:.1e}" for k, e in report[case].items())
            log(f"[{model}/{size}]   case {case}: {shapes}; max rel diff vs float64: {errs}")
    return report


# --------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------

# Independent formulations: torch.nn.TransformerEncoderLayer (its own
# in-projection, scaling, masking and MLP code) fed with the same weights.
# Embeddings are rebuilt with indexing / explicit patch extraction and the
# final LayerNorm written out by hand.


def _encoder_layer(D, H, I, eps, act, norm_first, qkv_w, qkv_b, o_w, o_b,
                   f1_w, f1_b, f2_w, f2_b, n1_w, n1_b, n2_w, n2_b):
    layer = torch.nn.TransformerEncoderLayer(
        D, H, I, dropout=0.0, activation=act, layer_norm_eps=eps,
        batch_first=True, norm_first=norm_first)
    params = {
        "self_attn.in_proj_weight": qkv_w, "self_attn.in_proj_bias": qkv_b,
        "self_attn.out_proj.weight": o_w, "self_attn.out_proj.bias": o_b,
        "linear1.weight": f1_w, "linear1.bias": f1_b,
        "linear2.weight": f2_w, "linear2.bias": f2_b,
        "norm1.weight": n1_w, "norm1.bias": n1_b, "norm2.weight": n2_w, "norm2.bias": n2_b}
    layer.load_state_dict(params)
    # Training mode (dropout is 0) keeps torch off its fused inference fast path.
    return layer.train()


def _manual_ln(x, g, b, eps):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps) * g + b


def gpt2_independent(W, cfg, input_ids):
    D, H, I = cfg["n_embd"], cfg["n_head"], 4 * cfg["n_embd"]
    eps, T = cfg["layer_norm_epsilon"], input_ids.shape[1]
    h = W["transformer.wte.weight"][input_ids] + W["transformer.wpe.weight"][torch.arange(T)]
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True = blocked
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        layer = _encoder_layer(
            D, H, I, eps, lambda x: F.gelu(x, approximate="tanh"), True,
            W[p + "attn.c_attn.weight"].t(), W[p + "attn.c_attn.bias"],
            W[p + "attn.c_proj.weight"].t(), W[p + "attn.c_proj.bias"],
            W[p + "mlp.c_fc.weight"].t(), W[p + "mlp.c_fc.bias"],
            W[p + "mlp.c_proj.weight"].t(), W[p + "mlp.c_proj.bias"],
            W[p + "ln_1.weight"], W[p + "ln_1.bias"], W[p + "ln_2.weight"], W[p + "ln_2.bias"])
        h = layer(h, src_mask=mask)
    h = _manual_ln(h, W["transformer.ln_f.weight"], W["transformer.ln_f.bias"], eps)
    return {"logits": h @ W["transformer.wte.weight"].t()}


def openai_gpt_independent(W, cfg, input_ids):
    # Post-LN blocks are torch.nn.TransformerEncoderLayer with norm_first=False.
    D, H, I = cfg["n_embd"], cfg["n_head"], 4 * cfg["n_embd"]
    eps, T = cfg["layer_norm_epsilon"], input_ids.shape[1]
    h = (W["transformer.tokens_embed.weight"][input_ids]
         + W["transformer.positions_embed.weight"][torch.arange(T)])
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True = blocked
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        layer = _encoder_layer(
            D, H, I, eps, lambda x: F.gelu(x, approximate="tanh"), False,
            W[p + "attn.c_attn.weight"].t(), W[p + "attn.c_attn.bias"],
            W[p + "attn.c_proj.weight"].t(), W[p + "attn.c_proj.bias"],
            W[p + "mlp.c_fc.weight"].t(), W[p + "mlp.c_fc.bias"],
            W[p + "mlp.c_proj.weight"].t(), W[p + "mlp.c_proj.bias"],
            W[p + "ln_1.weight"], W[p + "ln_1.bias"], W[p + "ln_2.weight"], W[p + "ln_2.bias"])
        h = layer(h, src_mask=mask)
    return {"logits": h @ W["transformer.tokens_embed.weight"].t()}


def distilbert_independent(W, cfg, input_ids, attention_mask, prefix=""):
    # Post-LN blocks: torch.nn.TransformerEncoderLayer, norm_first=False.
    D, H, I, eps, T = cfg["dim"], cfg["n_heads"], cfg["hidden_dim"], 1e-12, input_ids.shape[1]
    e = prefix + "embeddings."
    h = W[e + "word_embeddings.weight"][input_ids] + W[e + "position_embeddings.weight"][
        torch.arange(T)]
    h = _manual_ln(h, W[e + "LayerNorm.weight"], W[e + "LayerNorm.bias"], eps)
    pad = attention_mask == 0
    for i in range(cfg["n_layers"]):
        p = f"{prefix}transformer.layer.{i}."
        a = p + "attention."
        layer = _encoder_layer(
            D, H, I, eps, "gelu", False,
            torch.cat([W[a + n + ".weight"] for n in ("q_lin", "k_lin", "v_lin")]),
            torch.cat([W[a + n + ".bias"] for n in ("q_lin", "k_lin", "v_lin")]),
            W[a + "out_lin.weight"], W[a + "out_lin.bias"],
            W[p + "ffn.lin1.weight"], W[p + "ffn.lin1.bias"],
            W[p + "ffn.lin2.weight"], W[p + "ffn.lin2.bias"],
            W[p + "sa_layer_norm.weight"], W[p + "sa_layer_norm.bias"],
            W[p + "output_layer_norm.weight"], W[p + "output_layer_norm.bias"])
        h = layer(h, src_key_padding_mask=pad)
    return {"last_hidden_state": h}


def distilbert_mlm_independent(W, cfg, input_ids, attention_mask):
    h = distilbert_independent(W, cfg, input_ids, attention_mask,
                               prefix="distilbert.")["last_hidden_state"]
    norm = torch.nn.LayerNorm(cfg["dim"], eps=1e-12)
    norm.load_state_dict({"weight": W["vocab_layer_norm.weight"],
                          "bias": W["vocab_layer_norm.bias"]})
    head = torch.nn.Sequential(
        _nn_linear(W["vocab_transform.weight"], W["vocab_transform.bias"]), torch.nn.GELU(),
        norm, _nn_linear(W["distilbert.embeddings.word_embeddings.weight"],
                         W["vocab_projector.bias"]))
    return {"logits": head(h)}


def bert_independent(W, cfg, input_ids, attention_mask, token_type_ids, prefix="",
                     pooler=True, position_ids=None):
    D, H, I = cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"]
    eps, T = cfg["layer_norm_eps"], input_ids.shape[1]
    e = prefix + "embeddings."
    if position_ids is None:
        position_ids = torch.arange(T)
    h = (W[e + "word_embeddings.weight"][input_ids]
         + W[e + "token_type_embeddings.weight"][token_type_ids]
         + W[e + "position_embeddings.weight"][position_ids])
    h = _manual_ln(h, W[e + "LayerNorm.weight"], W[e + "LayerNorm.bias"], eps)
    pad = attention_mask == 0  # True = ignore this key (-inf, not finfo.min)
    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}encoder.layer.{i}."
        a = p + "attention.self."
        layer = _encoder_layer(
            D, H, I, eps, "gelu", False,
            torch.cat([W[a + n + ".weight"] for n in ("query", "key", "value")]),
            torch.cat([W[a + n + ".bias"] for n in ("query", "key", "value")]),
            W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"],
            W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"],
            W[p + "output.dense.weight"], W[p + "output.dense.bias"],
            W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"],
            W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"])
        h = layer(h, src_key_padding_mask=pad)
    if not pooler:
        return {"last_hidden_state": h}
    pooled = torch.tanh(h[:, 0] @ W[prefix + "pooler.dense.weight"].t()
                        + W[prefix + "pooler.dense.bias"])
    return {"last_hidden_state": h, "pooler_output": pooled}


def _nn_linear(weight, bias):
    layer = torch.nn.Linear(weight.shape[1], weight.shape[0], dtype=weight.dtype)
    layer.load_state_dict({"weight": weight, "bias": bias})
    return layer


def roberta_independent(W, cfg, input_ids, attention_mask, token_type_ids):
    # The positions counted token by token (no cumsum), then BERT's layers.
    pad = cfg["pad_token_id"]
    position_ids = torch.full_like(input_ids, pad)
    for r in range(input_ids.shape[0]):
        seen = 0
        for t in range(input_ids.shape[1]):
            if int(input_ids[r, t]) != pad:
                seen += 1
                position_ids[r, t] = pad + seen
    return bert_independent(W, cfg, input_ids, attention_mask, token_type_ids,
                            position_ids=position_ids)


def bert_mlm_independent(W, cfg, input_ids, attention_mask, token_type_ids):
    # The head as torch.nn modules: Linear, GELU (erf), LayerNorm, and a
    # decoder Linear holding the word embeddings and the head's bias.
    h = bert_independent(W, cfg, input_ids, attention_mask, token_type_ids,
                         prefix="bert.", pooler=False)["last_hidden_state"]
    p, D = "cls.predictions.", cfg["hidden_size"]
    assert cfg["hidden_act"] == "gelu"
    norm = torch.nn.LayerNorm(D, eps=cfg["layer_norm_eps"])
    norm.load_state_dict({"weight": W[p + "transform.LayerNorm.weight"],
                          "bias": W[p + "transform.LayerNorm.bias"]})
    head = torch.nn.Sequential(
        _nn_linear(W[p + "transform.dense.weight"], W[p + "transform.dense.bias"]),
        torch.nn.GELU(), norm,
        _nn_linear(W["bert.embeddings.word_embeddings.weight"], W[p + "bias"]))
    return {"logits": head(h)}


def bert_classifier_independent(W, cfg, input_ids, attention_mask, token_type_ids):
    # Pooler and classifier as torch.nn modules on the [CLS] position.
    h = bert_independent(W, cfg, input_ids, attention_mask, token_type_ids,
                         prefix="bert.", pooler=False)["last_hidden_state"]
    head = torch.nn.Sequential(
        _nn_linear(W["bert.pooler.dense.weight"], W["bert.pooler.dense.bias"]),
        torch.nn.Tanh(), _nn_linear(W["classifier.weight"], W["classifier.bias"]))
    return {"logits": head(h[:, 0])}


def _vit_independent_encoder(W, cfg, pixel_values, prefix, tokens):
    D, H, I = cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"]
    eps, P = cfg["layer_norm_eps"], cfg["patch_size"]
    B, C, S, _ = pixel_values.shape
    g = S // P
    # Patches in row-major order, each flattened as (c, py, px) like the conv kernel.
    patches = (pixel_values.reshape(B, C, g, P, g, P).permute(0, 2, 4, 1, 3, 5)
               .reshape(B, g * g, C * P * P))
    x = (patches @ W[prefix + "embeddings.patch_embeddings.projection.weight"].reshape(D, -1).t()
         + W[prefix + "embeddings.patch_embeddings.projection.bias"])
    h = torch.cat([W[f"{prefix}embeddings.{t}"].repeat(B, 1, 1) for t in tokens] + [x], 1)
    h = h + W[prefix + "embeddings.position_embeddings"]
    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}encoder.layer.{i}."
        a = p + "attention.attention."
        layer = _encoder_layer(
            D, H, I, eps, "gelu", True,
            torch.cat([W[a + n + ".weight"] for n in ("query", "key", "value")]),
            torch.cat([W[a + n + ".bias"] for n in ("query", "key", "value")]),
            W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"],
            W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"],
            W[p + "output.dense.weight"], W[p + "output.dense.bias"],
            W[p + "layernorm_before.weight"], W[p + "layernorm_before.bias"],
            W[p + "layernorm_after.weight"], W[p + "layernorm_after.bias"])
        h = layer(h)
    return _manual_ln(h, W[prefix + "layernorm.weight"], W[prefix + "layernorm.bias"], eps)


def vit_independent(W, cfg, pixel_values):
    h = _vit_independent_encoder(W, cfg, pixel_values, "vit.", ("cls_token",))
    return {"last_hidden_state": h,
            "logits": h[:, 0] @ W["classifier.weight"].t() + W["classifier.bias"]}


def deit_independent(W, cfg, pixel_values):
    # The heads as torch.nn modules: Linear (and Tanh for the pooler); the
    # two distilled heads as one Linear over the concatenated tokens, with
    # halved weights and biases summed.
    arch = cfg["architectures"][0]
    prefix = "" if arch == "DeiTModel" else "deit."
    h = _vit_independent_encoder(W, cfg, pixel_values, prefix, DEIT_TOKENS)
    if arch == "DeiTModel":
        pooler = torch.nn.Sequential(_nn_linear(W["pooler.dense.weight"], W["pooler.dense.bias"]),
                                     torch.nn.Tanh())
        return {"last_hidden_state": h, "pooler_output": pooler(h[:, 0])}
    if arch == "DeiTForImageClassification":
        return {"last_hidden_state": h,
                "logits": _nn_linear(W["classifier.weight"], W["classifier.bias"])(h[:, 0])}
    both = _nn_linear(0.5 * torch.cat([W["cls_classifier.weight"],
                                       W["distillation_classifier.weight"]], 1),
                      0.5 * (W["cls_classifier.bias"] + W["distillation_classifier.bias"]))
    return {"last_hidden_state": h, "logits": both(h[:, :2].reshape(h.shape[0], -1))}


def clip_text_independent(W, cfg, input_ids, attention_mask):
    # torch.nn.TransformerEncoderLayer (pre-LN) with a boolean causal mask
    # and key padding mask; the pooled row found by a loop over the ids.
    D, H, I = cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"]
    eps, (B, T) = cfg["layer_norm_eps"], input_ids.shape
    e = "text_model.embeddings."
    h = W[e + "token_embedding.weight"][input_ids] + \
        W[e + "position_embedding.weight"][torch.arange(T)]
    causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True = blocked
    pad = attention_mask == 0
    act = {"quick_gelu": lambda x: x * torch.sigmoid(1.702 * x), "gelu": "gelu"}[cfg["hidden_act"]]
    for i in range(cfg["num_hidden_layers"]):
        p = f"text_model.encoder.layers.{i}."
        a = p + "self_attn."
        layer = _encoder_layer(
            D, H, I, eps, act, True,
            torch.cat([W[a + n + ".weight"] for n in ("q_proj", "k_proj", "v_proj")]),
            torch.cat([W[a + n + ".bias"] for n in ("q_proj", "k_proj", "v_proj")]),
            W[a + "out_proj.weight"], W[a + "out_proj.bias"],
            W[p + "mlp.fc1.weight"], W[p + "mlp.fc1.bias"],
            W[p + "mlp.fc2.weight"], W[p + "mlp.fc2.bias"],
            W[p + "layer_norm1.weight"], W[p + "layer_norm1.bias"],
            W[p + "layer_norm2.weight"], W[p + "layer_norm2.bias"])
        h = layer(h, src_mask=causal, src_key_padding_mask=pad)
    h = _manual_ln(h, W["text_model.final_layer_norm.weight"],
                   W["text_model.final_layer_norm.bias"], eps)
    rows, eos = [], cfg.get("eos_token_id", 2)
    for r in range(B):
        ids = input_ids[r].tolist()
        if eos == 2:
            rows.append(h[r, ids.index(max(ids))])
        else:
            rows.append(h[r, ids.index(eos) if eos in ids else 0])
    return {"last_hidden_state": h, "pooler_output": torch.stack(rows)}


def _t5_buckets_by_loop(T, n, max_distance):
    # The encoder's bucket of each (query, key), one pair at a time: half the
    # buckets for later keys; below n/4 one per distance, then log-spaced in
    # f32 arithmetic (as Hugging Face's tensors compute it) up to the last.
    half = n // 2
    exact = half // 2
    log_range = np.float32(math.log(max_distance / exact))
    out = torch.zeros(T, T, dtype=torch.long)
    for i in range(T):
        for j in range(T):
            d = abs(j - i)
            if d < exact:
                b = d
            else:
                r = np.float32(np.log(np.float32(d) / np.float32(exact)))
                b = min(exact + int(r / log_range * np.float32(half - exact)), half - 1)
            out[i, j] = b + (half if j > i else 0)
    return out


def t5_independent(W, cfg, input_ids, attention_mask):
    # torch.nn pieces: nn.Embedding for the tokens and the bias table,
    # nn.MultiheadAttention (its own split, softmax and merge; fed queries
    # scaled by sqrt(d_kv) to undo its 1/sqrt(d)) with the bias and padding
    # as a float attn_mask, nn.ReLU / nn.GELU('tanh'), and the RMS norm
    # written as x / sqrt(mean(x^2) + eps).
    D, H, K = cfg["d_model"], cfg["num_heads"], cfg["d_kv"]
    eps, (B, T) = cfg["layer_norm_epsilon"], input_ids.shape
    emb = _t5_embedding(W)
    embed = torch.nn.Embedding.from_pretrained(emb)
    h = embed(input_ids)
    table = torch.nn.Embedding.from_pretrained(
        W["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"])
    buckets = _t5_buckets_by_loop(T, cfg["relative_attention_num_buckets"],
                                  cfg["relative_attention_max_distance"])
    bias = table(buckets).permute(2, 0, 1)  # [H, T, T]
    pad = torch.where(attention_mask.bool(), 0.0, torch.finfo(emb.dtype).min).to(emb.dtype)
    mask = (bias[None] + pad[:, None, None, :]).reshape(B * H, T, T)
    gated = cfg["feed_forward_proj"] == "gated-gelu"
    act = torch.nn.GELU(approximate="tanh") if gated else torch.nn.ReLU()

    def rms(x, w):
        return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w

    for i in range(cfg["num_layers"]):
        p = f"encoder.block.{i}.layer."
        a = p + "0.SelfAttention."
        mha = torch.nn.MultiheadAttention(H * K, H, bias=False, kdim=D, vdim=D,
                                          batch_first=True)
        with torch.no_grad():
            mha.q_proj_weight.copy_(torch.eye(H * K))
            mha.k_proj_weight.copy_(W[a + "k.weight"])
            mha.v_proj_weight.copy_(W[a + "v.weight"])
            mha.out_proj.weight.copy_(torch.eye(H * K))
        mha = mha.to(emb.dtype).train()
        n = rms(h, W[p + "0.layer_norm.weight"])
        q = torch.nn.functional.linear(n, W[a + "q.weight"]) * math.sqrt(K)
        ctx, _ = mha(q, n, n, attn_mask=mask, need_weights=False)
        h = h + ctx @ W[a + "o.weight"].t()
        n = rms(h, W[p + "1.layer_norm.weight"])
        f = p + "1.DenseReluDense."
        if gated:
            y = act(n @ W[f + "wi_0.weight"].t()) * (n @ W[f + "wi_1.weight"].t())
        else:
            y = act(n @ W[f + "wi.weight"].t())
        h = h + y @ W[f + "wo.weight"].t()
    return {"last_hidden_state": rms(h, W["encoder.final_layer_norm.weight"])}


def _rotary_by_complex(x, positions, theta):
    # x [B, T, heads, hd]: the pairs (i, i + hd/2) as complex numbers, each
    # turned by position * theta^(-2i/hd) radians (angles in float64).
    half = x.shape[-1] // 2
    exponent = torch.arange(half, dtype=torch.float64) * 2 / x.shape[-1]
    angles = positions.double()[:, None] * torch.pow(torch.tensor(theta, dtype=torch.float64),
                                                     -exponent)[None, :]
    z = torch.complex(x[..., :half].double(), x[..., half:].double())
    z = z * torch.polar(torch.ones_like(angles), angles)[None, :, None, :]
    return torch.cat([z.real, z.imag], dim=-1).to(x.dtype)


def llama_independent(W, cfg, input_ids):
    # torch.nn pieces: nn.Embedding; the RMS norm written as
    # x / sqrt(mean(x^2) + eps) * w; rotary as a complex rotation
    # (_rotary_by_complex); nn.MultiheadAttention with identity in-projections
    # fed the rotated queries and each key/value head repeated for its group
    # by repeat_interleave, o_proj as its out_proj, a boolean causal mask; an
    # nn.SiLU for the gate.
    D, H, I = cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"]
    KVH, eps = cfg.get("num_key_value_heads", H), cfg["rms_norm_eps"]
    hd, (B, T) = D // H, input_ids.shape
    theta = cfg.get("rope_theta", 10000.0)
    prefix = "" if cfg["architectures"] == ["LlamaModel"] else "model."
    emb = W[prefix + "embed_tokens.weight"]
    h = torch.nn.Embedding.from_pretrained(emb)(input_ids)
    causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True = blocked
    positions = torch.arange(T)
    silu = torch.nn.SiLU()

    def rms(x, w):
        return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w

    for i in range(cfg["num_hidden_layers"]):
        p = f"{prefix}layers.{i}."
        a = p + "self_attn."
        n = rms(h, W[p + "input_layernorm.weight"])
        q = _rotary_by_complex((n @ W[a + "q_proj.weight"].t()).view(B, T, H, hd), positions,
                               theta)
        k = _rotary_by_complex((n @ W[a + "k_proj.weight"].t()).view(B, T, KVH, hd),
                               positions, theta)
        v = (n @ W[a + "v_proj.weight"].t()).view(B, T, KVH, hd)
        k = k.repeat_interleave(H // KVH, dim=2).reshape(B, T, D)
        v = v.repeat_interleave(H // KVH, dim=2).reshape(B, T, D)
        mha = torch.nn.MultiheadAttention(D, H, bias=False, batch_first=True)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.eye(D).repeat(3, 1))
            mha.out_proj.weight.copy_(W[a + "o_proj.weight"])
        mha = mha.to(emb.dtype).train()
        ctx, _ = mha(q.reshape(B, T, D), k, v, attn_mask=causal, need_weights=False)
        h = h + ctx
        n = rms(h, W[p + "post_attention_layernorm.weight"])
        f = p + "mlp."
        y = silu(n @ W[f + "gate_proj.weight"].t()) * (n @ W[f + "up_proj.weight"].t())
        h = h + y @ W[f + "down_proj.weight"].t()
    h = rms(h, W[prefix + "norm.weight"])
    if not prefix:
        return {"last_hidden_state": h}
    head = emb if cfg.get("tie_word_embeddings", False) else W["lm_head.weight"]
    return {"logits": h @ head.t()}


INDEPENDENT = {"gpt2": gpt2_independent, "bert": bert_independent,
               "roberta": roberta_independent,
               "bert-mlm": bert_mlm_independent, "bert-classifier": bert_classifier_independent,
               "vit": vit_independent, "openai-gpt": openai_gpt_independent,
               "distilbert": distilbert_independent,
               "distilbert-mlm": distilbert_mlm_independent, "clip-text": clip_text_independent,
               "clip-text-eos": clip_text_independent, "t5": t5_independent,
               "t5-gated": t5_independent, "llama": llama_independent,
               "llama-tied": llama_independent, "llama-model": llama_independent,
               "deit": deit_independent,
               "deit-classifier": deit_independent, "deit-model": deit_independent}

CASE_FILES = {
    "gpt2": (["input_ids"], ["logits"]),
    "bert": (["input_ids", "attention_mask", "token_type_ids"],
             ["last_hidden_state", "pooler_output"]),
    "bert-mlm": (["input_ids", "attention_mask", "token_type_ids"], ["logits"]),
    "bert-classifier": (["input_ids", "attention_mask", "token_type_ids"], ["logits"]),
    "vit": (["pixel_values"], ["last_hidden_state", "logits"]),
    "openai-gpt": (["input_ids"], ["logits"]),
    "roberta": (["input_ids", "attention_mask", "token_type_ids"],
                ["last_hidden_state", "pooler_output"]),
    "distilbert": (["input_ids", "attention_mask"], ["last_hidden_state"]),
    "distilbert-mlm": (["input_ids", "attention_mask"], ["logits"]),
    "clip-text": (["input_ids", "attention_mask"], ["last_hidden_state", "pooler_output"]),
    "clip-text-eos": (["input_ids", "attention_mask"], ["last_hidden_state", "pooler_output"]),
    "t5": (["input_ids", "attention_mask"], ["last_hidden_state"]),
    "t5-gated": (["input_ids", "attention_mask"], ["last_hidden_state"]),
    "llama": (["input_ids"], ["logits"]),
    "llama-tied": (["input_ids"], ["logits"]),
    "llama-model": (["input_ids"], ["last_hidden_state"]),
    "deit": (["pixel_values"], ["last_hidden_state", "logits"]),
    "deit-classifier": (["pixel_values"], ["last_hidden_state", "logits"]),
    "deit-model": (["pixel_values"], ["last_hidden_state", "pooler_output"]),
}


# Tensors a forward pass only adds together, so that swapping them changes
# nothing: the sensitivity check flips each instead.
SUMMED_BIASES = {"cls_classifier.bias", "distillation_classifier.bias"}


class _Checker:
    def __init__(self):
        self.failures = 0

    def check(self, ok, what):
        if not ok:
            self.failures += 1
            print(f"  FAIL: {what}")
        return ok


def _self_test_model(model, root, seed, ck):
    out = root / model
    generate(model, out, "tiny", seed, log=lambda s: None)
    cfg = make_config(model, "tiny")
    spec = SPECS[model](cfg)

    # config.json: round-trips and carries every field the compiler reads.
    disk_cfg = json.loads((out / "config.json").read_text())
    ck.check(disk_cfg == cfg, f"{model}: config.json round-trip")
    missing = [f for f in REQUIRED_FIELDS[model] if f not in disk_cfg]
    ck.check(not missing, f"{model}: config.json missing {missing}")
    ck.check(disk_cfg["model_type"] == family(model), f"{model}: model_type")

    # safetensors: names, shapes, file order and bits all as generated.
    st_path = out / "model.safetensors"
    size = st_path.stat().st_size
    ck.check(size < 200_000, f"{model}: model.safetensors is {size} bytes (>= 200 KB)")
    tensors, meta = read_safetensors(st_path)
    ck.check(meta == {"format": "pt"}, f"{model}: __metadata__ = {meta}")
    ck.check(list(tensors) == [t.name for t in spec], f"{model}: tensor names/order")
    for t in spec:
        if ck.check(t.name in tensors, f"{model}: missing tensor {t.name}"):
            ck.check(tensors[t.name].shape == tuple(t.shape),
                     f"{model}: {t.name} shape {tensors[t.name].shape} != {t.shape}")
    ref = dict(iter_weights(spec, seed))
    bad = [n for n, t in ref.items()
           if n in tensors and not np.array_equal(tensors[n].view(np.uint32),
                                                  t.numpy().view(np.uint32))]
    ck.check(not bad, f"{model}: tensors not bit-exact after round-trip: {bad[:5]}")
    W = {n: torch.from_numpy(a.copy()) for n, a in tensors.items()}

    # Cases: files present with the right dtypes/shapes, finite, reproducible
    # from the re-read weights, and matching the independent formulation.
    in_names, out_names = CASE_FILES[model]
    cases = make_cases(model, cfg, "tiny", seed)
    ck.check(sorted(p.name for p in (out / "cases").iterdir()) == sorted(c for c, _ in cases),
             f"{model}: case directories")
    worst_indep = 0.0
    with torch.no_grad():
        for case, _ in cases:
            d = out / "cases" / case
            ck.check(sorted(p.name for p in (d / "inputs").iterdir()) ==
                     sorted(n + ".npy" for n in in_names), f"{model}/{case}: input files")
            ck.check(sorted(p.name for p in (d / "expected").iterdir()) ==
                     sorted(n + ".npy" for n in out_names), f"{model}/{case}: expected files")
            inputs = {n: np.load(d / "inputs" / f"{n}.npy") for n in in_names}
            expected = {n: np.load(d / "expected" / f"{n}.npy") for n in out_names}
            for n, a in inputs.items():
                want = np.float32 if n == "pixel_values" else np.int64
                ck.check(a.dtype == want, f"{model}/{case}: {n} dtype {a.dtype}")
            for n, a in expected.items():
                ck.check(a.dtype == np.float32, f"{model}/{case}: {n} dtype {a.dtype}")
                ck.check(bool(np.isfinite(a).all()), f"{model}/{case}: {n} not finite")
            tin = {n: torch.from_numpy(a) for n, a in inputs.items()}
            again = FORWARD[model](W, cfg, **tin)
            for n in out_names:
                ck.check(np.array_equal(again[n].numpy(), expected[n]),
                         f"{model}/{case}: {n} not reproducible from re-read weights")
            indep = INDEPENDENT[model](W, cfg, **tin)
            rows = slice(None)
            if family(model) in ("bert", "distilbert", "roberta", "clip_text_model", "t5"):
                # nn.MultiheadAttention turns a fully masked row into NaN (HF: uniform).
                rows = torch.from_numpy(inputs["attention_mask"]).any(1)
            for n in out_names:
                err = _rel_err(torch.from_numpy(expected[n])[rows], indep[n][rows])
                worst_indep = max(worst_indep, err)
                ck.check(err < 1e-5, f"{model}/{case}: {n} differs from independent "
                                     f"formulation (rel {err:.2e})")
            if model == "clip-text-eos" and case == f"b2_t{cfg['max_position_embeddings']}":
                # The cases tell the pooling rules apart: the largest id is
                # elsewhere than the first eos_token_id.
                other = FORWARD[model](W, dict(cfg, eos_token_id=2), **tin)["pooler_output"]
                ck.check(_rel_err(other, torch.from_numpy(expected["pooler_output"])) > 1e-3,
                         "clip-text-eos: pooled at the largest id too")
            if model in CLIP_TEXT and case == "b2_t6_zero_mask_row":
                # HF adds the padding mask's finfo.min to the causal one: a
                # fully masked row attends uniformly over the causal keys,
                # which is what all-zero scores (zeroed query projections)
                # give with an all-ones mask.
                zq = {n: torch.zeros_like(t) for n, t in W.items() if ".self_attn.q_proj." in n}
                tin2 = dict(tin, attention_mask=torch.ones_like(tin["attention_mask"]))
                uniform = FORWARD[model](dict(W, **zq), cfg, **tin2)["last_hidden_state"][1]
                err = _rel_err(torch.from_numpy(expected["last_hidden_state"][1]), uniform)
                ck.check(err < 1e-5, f"{model}: all-masked row != causal uniform attention "
                                     f"({err:.1e})")
            if model in T5 and case == "b2_t6_zero_mask_row":
                # HF adds the padding mask's finfo.min to the bias, which it
                # absorbs: a fully masked row attends uniformly over all
                # keys, as zero scores (zeroed q) and a zero bias table give
                # with an all-ones mask.
                zq = {n: torch.zeros_like(t) for n, t in W.items()
                      if ".SelfAttention.q." in n or "relative_attention_bias" in n}
                tin2 = dict(tin, attention_mask=torch.ones_like(tin["attention_mask"]))
                uniform = FORWARD[model](dict(W, **zq), cfg, **tin2)["last_hidden_state"][1]
                err = _rel_err(torch.from_numpy(expected["last_hidden_state"][1]), uniform)
                ck.check(err < 1e-5, f"{model}: all-masked row != uniform attention ({err:.1e})")
            if model == "llama" and case == cases[-1][0]:
                # Tiny llama's rope_theta is Llama 3's, not the default: its
                # longest case tells them apart.
                other = FORWARD[model](W, dict(cfg, rope_theta=10000.0), **tin)["logits"]
                ck.check(_rel_err(other, torch.from_numpy(expected["logits"])) > 1e-3,
                         "llama: outputs insensitive to rope_theta")
            if model == "bert" and case == "b2_t6_zero_mask_row":
                # HF gives a fully masked row uniform attention over all keys.
                # Zeroing every query projection makes all scores 0, i.e. uniform
                # attention, with an all-ones mask; the row must match that.
                zq = {n: torch.zeros_like(t) for n, t in W.items()
                      if ".attention.self.query." in n}
                tin2 = dict(tin, attention_mask=torch.ones_like(tin["attention_mask"]))
                uniform = FORWARD[model](dict(W, **zq), cfg, **tin2)["last_hidden_state"][1]
                err = _rel_err(torch.from_numpy(expected["last_hidden_state"][1]), uniform)
                ck.check(err < 1e-5, f"bert: all-masked row != uniform attention ({err:.1e})")

        # Sensitivity: swapping each tensor with another of the same shape (or
        # flipping it when its shape is unique) and transposing square matrices
        # must change the outputs -- i.e. every tensor is used, and a mis-mapped
        # name or layout cannot pass.  The last case touches every weight row
        # (gpt2/bert: all positions; bert: both token types).
        _, tin = cases[-1]
        base = FORWARD[model](W, cfg, **tin)
        by_shape = {}
        for n, t in W.items():
            by_shape.setdefault(tuple(t.shape), []).append(n)
        insensitive = []
        for n, t in W.items():
            peers = by_shape[tuple(t.shape)]
            variants = []
            other = peers[(peers.index(n) + 1) % len(peers)]
            # Biases the model only sums (deit's two heads) swap without
            # effect: flip those instead.
            if len(peers) > 1 and not {n, other} <= SUMMED_BIASES:
                variants.append(("swap with " + other, {n: W[other], other: t}))
            else:
                variants.append(("flip", {n: torch.flip(t, [0]) if t.shape[0] > 1
                                          else torch.flip(t, [t.dim() - 1])}))
            if t.dim() == 2 and t.shape[0] == t.shape[1]:
                variants.append(("transpose", {n: t.t().contiguous()}))
            for what, repl in variants:
                got = FORWARD[model](dict(W, **repl), cfg, **tin)
                if max(_rel_err(got[k], base[k]) for k in base) < 1e-3:
                    insensitive.append(f"{n} ({what})")
        ck.check(not insensitive, f"{model}: outputs insensitive to {insensitive}")

    print(f"  {model}: {len(spec)} tensors, {size} bytes, cases "
          f"{' '.join(c for c, _ in cases)}; vs "
          f"{'nn.MultiheadAttention' if model in T5 + LLAMA else 'TransformerEncoderLayer'} "
          f"max rel diff {worst_indep:.1e}; outputs sensitive to all tensors: "
          f"{'yes' if not insensitive else 'NO'}")


def _check_generation_files(model, out, seed, ck, extra=()):
    """Runs --generation for the tiny MODEL into OUT and checks its files:
    as documented, and each logits row the full recompute's last position.
    Returns (the weights read back, the cases)."""
    with contextlib.redirect_stdout(io.StringIO()):
        main(["--model", model, "--out", str(out), "--seed", str(seed), "--generation"]
             + list(extra))
    cfg = make_config(model, "tiny")
    forward = decoder_forward(cfg)
    W = {n: torch.from_numpy(a.copy()) for n, a in read_safetensors(out / "model.safetensors")[0].items()}
    cases = generation_cases(cfg, "tiny", seed)
    ck.check(sorted(p.name for p in (out / "generation").iterdir()) == sorted(c for c, _, _ in cases),
             f"{model} generation case directories")
    for case, prompt, n in cases:
        d = out / "generation" / case
        what = f"{model} generation/{case}"
        p_ids, g_ids = np.load(d / "prompt_ids.npy"), np.load(d / "generated_ids.npy")
        logits = np.load(d / "logits.npy")
        summary = json.loads((d / "summary.json").read_text())
        ck.check(p_ids.dtype == np.int64 and p_ids.shape == (1, prompt.shape[1])
                 and np.array_equal(p_ids, prompt.numpy()), f"{what}: prompt_ids")
        ck.check(g_ids.dtype == np.int64 and g_ids.shape == (1, n), f"{what}: ids")
        ck.check(logits.dtype == np.float32 and logits.shape == (n, cfg["vocab_size"]),
                 f"{what}: logits {logits.dtype}{logits.shape}")
        ck.check(summary["generated_ids"] == g_ids[0].tolist()
                 and summary["prompt_ids"] == p_ids[0].tolist(), f"{what}: summary")
        seq = torch.from_numpy(p_ids)
        with torch.no_grad():
            for k in range(n):
                row = forward(W, cfg, seq)["logits"][0, -1]
                ck.check(np.array_equal(row.numpy(), logits[k]), f"{what}: logits[{k}]")
                ck.check(int(greedy_pick(row)) == g_ids[0, k], f"{what}: ids[{k}]")
                seq = torch.cat([seq, torch.from_numpy(g_ids[:, k:k + 1])], 1)
    return W, cases


def _self_test_generation(root, seed, ck):
    """greedy_pick's ties, gpt2_forward's KV-cache path against the plain
    forward pass, and --generation's files."""
    # Ties go to the lowest id, at any vector length (vectorized reductions).
    for n in (3, 97, 50257):
        for ties in ([0, n - 1], [1, 2], [n // 2, n - 2, n - 1]):
            x = torch.zeros(n)
            x[ties] = 1.0
            ck.check(int(greedy_pick(x)) == ties[0], f"greedy_pick ties {ties} of {n}")
    ck.check(greedy_pick(torch.zeros(2, 5)).tolist() == [0, 0], "greedy_pick all-equal rows")

    cfg = make_config("gpt2", "tiny")
    W = dict(iter_weights(gpt2_spec(cfg), seed))
    gen = torch.Generator().manual_seed(seed + 31)
    B, S, M = 2, 20, 24
    ids = torch.randint(0, cfg["vocab_size"], (B, S), generator=gen)
    with torch.no_grad():
        full = gpt2_forward(W, cfg, ids)["logits"]
        # Chunks of several tokens at a position > 0 test the bottom-right
        # aligned mask; NaN rows past position + T must be neither read (the
        # logits would be NaN) nor written.
        cache = torch.full((cfg["n_layer"], 2, B, M, cfg["n_embd"]), float("nan"))
        pos, worst = 0, 0.0
        for T in (5, 1, 3, 1, 1, 6, 2, 1):
            got = gpt2_forward(W, cfg, ids[:, pos:pos + T], pos, cache)["logits"]
            worst = max(worst, _rel_err(got, full[:, pos:pos + T]))
            pos += T
            ck.check(bool(torch.isnan(cache[:, :, :, pos:]).all())
                     and not torch.isnan(cache[:, :, :, :pos]).any(),
                     f"kv_cache: rows written after position {pos}")
        ck.check(pos == S, "kv_cache chunks")
        ck.check(worst < 1e-5, f"kv_cache path differs from the full forward pass ({worst:.1e})")
        # The keys and values written are c_attn's K and V slices.
        a = F.layer_norm(F.embedding(ids, W["transformer.wte.weight"])
                         + W["transformer.wpe.weight"][:S], (cfg["n_embd"],),
                         W["transformer.h.0.ln_1.weight"], W["transformer.h.0.ln_1.bias"],
                         cfg["layer_norm_epsilon"])
        qkv = _hf_conv1d(a, W["transformer.h.0.attn.c_attn.weight"],
                         W["transformer.h.0.attn.c_attn.bias"])
        D = cfg["n_embd"]
        ck.check(_rel_err(cache[0, 0, :, :S], qkv[..., D:2 * D]) < 1e-6
                 and _rel_err(cache[0, 1, :, :S], qkv[..., 2 * D:]) < 1e-6,
                 "kv_cache[0] holds c_attn's K and V")
        for what, call in (("past the cache", lambda: gpt2_forward(W, cfg, ids[:, :5], 20, cache)),
                           ("negative position", lambda: gpt2_forward(W, cfg, ids[:, :1], -1, cache)),
                           ("wrong cache shape",
                            lambda: gpt2_forward(W, cfg, ids[:1, :1], 0, cache))):
            try:
                call()
                ck.check(False, f"gpt2_forward accepted a cache use {what}")
            except ValueError:
                pass

    # --generation's files.
    W, cases = _check_generation_files("gpt2", root / "generation", seed, ck)
    # New weights drop the old generation cases, which other sizes or
    # defaults may have left (they would not match the weights).
    (root / "generation" / "generation" / "p2_n99").mkdir()
    with contextlib.redirect_stdout(io.StringIO()):
        main(["--model", "gpt2", "--out", str(root / "generation"), "--seed", str(seed),
              "--generation"])
    ck.check(sorted(p.name for p in (root / "generation" / "generation").iterdir())
             == sorted(c for c, _, _ in cases), "stale generation cases removed with new weights")
    try:
        gpt2_greedy(W, cfg, torch.zeros(1, 30, dtype=torch.int64), 3)
        ck.check(False, "gpt2_greedy accepted prompt + new tokens > n_positions")
    except ValueError:
        pass
    print(f"  gpt2 generation: KV-cache path vs full forward max rel diff {worst:.1e}; cases "
          f"{' '.join(c for c, _, _ in cases)}")


def _self_test_llama_generation(root, seed, ck):
    """llama_forward's KV-cache path against its plain forward pass (chunks,
    NaN rows neither read nor written), the cache's rows (keys after the
    rotary embedding, values as projected), and --generation's files for
    llama and llama-tied."""
    worst = 0.0
    for model in ("llama", "llama-tied"):
        cfg = make_config(model, "tiny")
        H, D = cfg["num_attention_heads"], cfg["hidden_size"]
        KVH, hd = cfg["num_key_value_heads"], D // H
        W = dict(iter_weights(llama_spec(cfg), seed))
        gen = torch.Generator().manual_seed(seed + 37)
        B, S, M = 2, 20, 24
        ids = torch.randint(0, cfg["vocab_size"], (B, S), generator=gen)
        with torch.no_grad():
            full = llama_forward(W, cfg, ids)["logits"]
            cache = torch.full(kv_cache_shape(cfg, B, M), float("nan"))
            pos = 0
            for T in (5, 1, 3, 1, 1, 6, 2, 1):
                got = llama_forward(W, cfg, ids[:, pos:pos + T], pos, cache)["logits"]
                worst = max(worst, _rel_err(got, full[:, pos:pos + T]))
                pos += T
                ck.check(bool(torch.isnan(cache[:, :, :, pos:]).all())
                         and not torch.isnan(cache[:, :, :, :pos]).any(),
                         f"{model} kv_cache: rows written after position {pos}")
            ck.check(worst < 1e-5, f"{model}: kv_cache path differs from the full forward pass "
                                   f"({worst:.1e})")
            # Layer 0's rows: k_proj's output turned by the rotary embedding at
            # each token's position (rotated independently), v_proj's as is.
            a = W["model.embed_tokens.weight"][ids]
            a = a / torch.sqrt((a * a).mean(-1, keepdim=True) + cfg["rms_norm_eps"]) \
                * W["model.layers.0.input_layernorm.weight"]
            k = _rotary_by_complex((a @ W["model.layers.0.self_attn.k_proj.weight"].t())
                                   .view(B, S, KVH, hd), torch.arange(S), cfg["rope_theta"])
            v = a @ W["model.layers.0.self_attn.v_proj.weight"].t()
            ck.check(_rel_err(cache[0, 0, :, :S], k.reshape(B, S, KVH * hd)) < 1e-5
                     and _rel_err(cache[0, 1, :, :S], v) < 1e-5,
                     f"{model}: kv_cache[0] holds the rotated keys and the values")
            for what, call in (
                    ("past the cache", lambda: llama_forward(W, cfg, ids[:, :5], 20, cache)),
                    ("negative position", lambda: llama_forward(W, cfg, ids[:, :1], -1, cache)),
                    ("wrong cache shape", lambda: llama_forward(W, cfg, ids[:1, :1], 0, cache)),
                    ("past max_position_embeddings",
                     lambda: llama_forward(W, cfg, ids[:, :1], cfg["max_position_embeddings"],
                                           torch.zeros(kv_cache_shape(cfg, B, 40))))):
                try:
                    call()
                    ck.check(False, f"llama_forward accepted a cache use {what}")
                except ValueError:
                    pass
    _, cases = _check_generation_files("llama", root / "generation-llama", seed, ck,
                                       ["--wte-scale", "0.3"])
    _check_generation_files("llama-tied", root / "generation-llama-tied", seed, ck)
    try:
        greedy_generate(W, cfg, torch.zeros(1, 30, dtype=torch.int64), 3)
        ck.check(False, "greedy_generate accepted prompt + new tokens > max_position_embeddings")
    except ValueError:
        pass
    print(f"  llama generation: KV-cache path vs full forward max rel diff {worst:.1e}; cases "
          f"{' '.join(c for c, _, _ in cases)} (llama-tied too)")


def self_test(seed):
    ck = _Checker()
    with tempfile.TemporaryDirectory(prefix="tfm-ref-") as tmp:
        root = Path(tmp)
        print(f"self-test: generating tiny {'/'.join(MODELS)} and checking them")
        for model in MODELS:
            try:
                _self_test_model(model, root, seed, ck)
            except Exception as e:  # report and keep testing the other models
                ck.check(False, f"{model}: exception {type(e).__name__}: {e}")
        try:
            _self_test_generation(root, seed, ck)
        except Exception as e:
            ck.check(False, f"generation: exception {type(e).__name__}: {e}")
        try:
            _self_test_llama_generation(root, seed, ck)
        except Exception as e:
            ck.check(False, f"llama generation: exception {type(e).__name__}: {e}")
        # Determinism: the same seed reproduces the same bytes, another differs.
        generate("gpt2", root / "again", "tiny", seed, with_cases=False, log=lambda s: None)
        generate("gpt2", root / "other", "tiny", seed + 1, with_cases=False, log=lambda s: None)
        first = (root / "gpt2" / "model.safetensors").read_bytes()
        ck.check((root / "again" / "model.safetensors").read_bytes() == first,
                 "same seed did not reproduce model.safetensors byte-for-byte")
        ck.check((root / "other" / "model.safetensors").read_bytes() != first,
                 "different seed gave identical weights")
        # --wte-scale changes the token embeddings only, by that factor.
        generate("gpt2", root / "scaled", "tiny", seed, with_cases=False, log=lambda s: None,
                 wte_scale=0.1)
        base, _ = read_safetensors(root / "again" / "model.safetensors")
        scaled, _ = read_safetensors(root / "scaled" / "model.safetensors")
        wte = "transformer.wte.weight"
        ck.check(all(np.array_equal(base[n], scaled[n]) for n in base if n != wte)
                 and np.array_equal(scaled[wte], (torch.from_numpy(base[wte].copy())
                                                  * 0.1).numpy()),
                 "--wte-scale 0.1 did not scale exactly the token embeddings")
        # The reader must reject a broken file (guards the format checks themselves).
        broken = root / "broken.safetensors"
        broken.write_bytes(first[:-4])
        try:
            read_safetensors(broken)
            ck.check(False, "reader accepted a truncated file")
        except ValueError:
            pass
    if ck.failures:
        print(f"self-test FAILED: {ck.failures} check(s)")
        return 1
    print("self-test passed")
    return 0


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Generate random-weight GPT-2/BERT/ViT checkpoints, BERT with its "
                    "masked-LM or classification head too (HF names, "
                    "safetensors) and PyTorch reference outputs for tfm's tests.",
        epilog="See the module docstring for the layout of DIR.")
    ap.add_argument("--model", choices=MODELS, help="which model to generate")
    ap.add_argument("--out", type=Path, metavar="DIR", help="output directory (created)")
    ap.add_argument("--size", choices=SIZES, default="tiny",
                    help="tiny test config (default) or the real model's shapes")
    ap.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--cases", dest="cases", action="store_true", default=None,
                   help="write test cases (default for --size tiny and wide)")
    g.add_argument("--no-cases", dest="cases", action="store_false",
                   help="write only config.json and model.safetensors "
                        "(default for --size real)")
    ap.add_argument("--self-test", action="store_true",
                    help="generate all tiny models in a temp dir and verify them")
    gen = ap.add_argument_group("generation (gpt2, llama, llama-tied)")
    gen.add_argument("--generation", action="store_true",
                     help="also write greedy generation references (DIR/generation)")
    gen.add_argument("--prompt-ids", metavar="IDS",
                     help="comma-separated prompt ids (default: random prompts)")
    gen.add_argument("--max-new-tokens", type=int, metavar="N",
                     help="greedy tokens to generate (default 50 with --prompt-ids)")
    gen.add_argument("--existing", action="store_true",
                     help="use the --model checkpoint already in DIR; write only "
                         "DIR/generation")
    ap.add_argument("--wte-scale", type=float, default=1.0, metavar="S",
                    help="gpt2, llama, llama-tied: multiply the token embeddings (and so a "
                         "tied LM head) by S (default 1: the usual weights); see the module "
                         "docstring")
    args = ap.parse_args(argv)

    if not 0 <= args.seed < 2**62:
        ap.error(f"--seed must be in [0, 2**62), got {args.seed}")
    generation_args = (args.prompt_ids is not None or args.max_new_tokens is not None
                       or args.existing)
    if args.self_test:
        if (args.model or args.out or args.cases is not None or args.size != "tiny"
                or args.generation or generation_args):
            ap.error("--self-test takes no --model/--out/--size/--cases/--no-cases "
                     "or generation options")
        return self_test(args.seed)
    if not args.model or not args.out:
        ap.error("--model and --out are required (or use --self-test)")
    if args.out.exists() and not args.out.is_dir():
        ap.error(f"--out {args.out} exists and is not a directory")
    if generation_args and not args.generation:
        ap.error("--prompt-ids, --max-new-tokens and --existing need --generation")
    if args.generation and args.model not in TOKEN_EMBEDDING:
        ap.error(f"--generation is for --model {'/'.join(TOKEN_EMBEDDING)}")
    prompt = None
    if args.prompt_ids is not None:
        try:
            prompt = [int(x) for x in args.prompt_ids.split(",")]
        except ValueError:
            ap.error(f"--prompt-ids expects comma-separated integers, got '{args.prompt_ids}'")
    if args.max_new_tokens is not None and args.max_new_tokens < 1:
        ap.error("--max-new-tokens must be at least 1")
    if args.existing and args.cases is not None:
        ap.error("--existing writes no cases (drop --cases/--no-cases)")
    if args.wte_scale != 1.0 and (args.model not in TOKEN_EMBEDDING or args.existing):
        ap.error(f"--wte-scale is for --model {'/'.join(TOKEN_EMBEDDING)}, without --existing")
    if not (0 < args.wte_scale < float("inf")):
        ap.error("--wte-scale must be positive and finite")
    torch.manual_seed(args.seed)  # nothing draws from it; set for good measure
    if args.existing:
        if not (args.out / "config.json").is_file() or \
                not (args.out / "model.safetensors").is_file():
            ap.error(f"--existing: {args.out} has no config.json and model.safetensors")
        cfg = json.loads((args.out / "config.json").read_text())
        if family(args.model) != cfg.get("model_type"):
            ap.error(f"--existing: {args.out} is not a {args.model} checkpoint")
        try:
            decoder_forward(cfg)
        except ValueError as e:
            ap.error(f"--existing: {args.out}: {e}")
    else:
        generate(args.model, args.out, args.size, args.seed, args.cases,
                 wte_scale=args.wte_scale)
        cfg = make_config(args.model, args.size)
    if args.generation:
        if prompt is not None and not all(0 <= i < cfg["vocab_size"] for i in prompt):
            ap.error(f"--prompt-ids must be in [0, {cfg['vocab_size']})")
        tensors, _ = read_safetensors(args.out / "model.safetensors")
        W = {n: torch.from_numpy(a.copy()) for n, a in tensors.items()}
        for case, ids, n in generation_cases(cfg, args.size, args.seed, prompt,
                                             args.max_new_tokens):
            if ids.shape[1] + n > decoder_positions(cfg):
                ap.error(f"a prompt of {ids.shape[1]} tokens + {n} new tokens exceeds "
                         f"the model's {decoder_positions(cfg)} positions")
            write_generation(W, cfg, args.out, case, ids, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
