// Invalid configs: each error names the file and the field, and tfm-import
// exits non-zero (check-exit-codes.py checks it is exactly 1, with no crash,
// for every Inputs/bad-*.json).

// RUN: not tfm-import %S/Inputs/does-not-exist.json 2>&1 | FileCheck %s --check-prefix=UNREADABLE
// UNREADABLE: does-not-exist.json: error: cannot read the config file: No such file or directory
// RUN: not tfm-import %S/Inputs 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// DIRECTORY: Inputs: error: cannot read the config file: Is a directory

// llvm::json's parse error, with line, column and byte offset.
// RUN: not tfm-import %S/Inputs/bad-json.json 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: bad-json.json: error: invalid JSON: [5:3, byte=60]: Expected , or } after object property
// RUN: not tfm-import %S/Inputs/bad-empty.json 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: bad-empty.json: error: invalid JSON: [1:0, byte=0]: Unexpected EOF
// Nesting deep enough to overflow the parser's recursion is refused first.
// RUN: not tfm-import %S/Inputs/bad-deep-nesting.json 2>&1 | FileCheck %s --check-prefix=NESTING
// NESTING: bad-deep-nesting.json: error: invalid JSON: [2:518, byte=540]: nested deeper than 512 levels
// RUN: not tfm-import %S/Inputs/bad-not-object.json 2>&1 | FileCheck %s --check-prefix=NOT-OBJECT
// NOT-OBJECT: bad-not-object.json: error: the config must be a JSON object, but is an array

// model_type.
// RUN: not tfm-import %S/Inputs/bad-no-model-type.json 2>&1 | FileCheck %s --check-prefix=NO-TYPE
// NO-TYPE: bad-no-model-type.json: error: missing required field "model_type"
// RUN: not tfm-import %S/Inputs/bad-model-type.json 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TYPE
// UNKNOWN-TYPE: bad-model-type.json: error: unknown model_type "falcon" (supported: bert, clip_text_model, deit, distilbert, gpt2, llama, openai-gpt, roberta, t5, vit)
// RUN: not tfm-import %S/Inputs/bad-model-type-kind.json 2>&1 | FileCheck %s --check-prefix=TYPE-KIND
// TYPE-KIND: bad-model-type-kind.json: error: field "model_type" must be a string, but is the number 2

// Missing fields and fields of the wrong JSON type.
// RUN: not tfm-import %S/Inputs/bad-missing-field.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: bad-missing-field.json: error: missing required field "n_head" (needed for model_type "gpt2")
// RUN: not tfm-import %S/Inputs/bad-vit-no-labels.json 2>&1 | FileCheck %s --check-prefix=NO-LABELS
// NO-LABELS: bad-vit-no-labels.json: error: missing required field "num_labels" (needed for model_type "vit"; "id2label" is absent too, so the number of labels is unknown)
// RUN: not tfm-import %S/Inputs/bad-type-string.json 2>&1 | FileCheck %s --check-prefix=STRING
// STRING: bad-type-string.json: error: field "n_embd" must be an integer, but is the string "36"
// RUN: not tfm-import %S/Inputs/bad-type-fraction.json 2>&1 | FileCheck %s --check-prefix=FRACTION
// FRACTION: bad-type-fraction.json: error: field "n_layer" must be an integer, but is the number 2.5
// RUN: not tfm-import %S/Inputs/bad-bert-eps-kind.json 2>&1 | FileCheck %s --check-prefix=EPS-KIND
// EPS-KIND: bad-bert-eps-kind.json: error: field "layer_norm_eps" must be a number, but is the string "1e-12"
// RUN: not tfm-import %S/Inputs/bad-vit-id2label-kind.json 2>&1 | FileCheck %s --check-prefix=ID2LABEL-KIND
// ID2LABEL-KIND: bad-vit-id2label-kind.json: error: field "id2label" must be an object, but is an array

// Sizes.
// RUN: not tfm-import %S/Inputs/bad-zero-layers.json 2>&1 | FileCheck %s --check-prefix=ZERO-LAYERS
// ZERO-LAYERS: bad-zero-layers.json: error: field "n_layer" must be positive, but is 0
// RUN: not tfm-import %S/Inputs/bad-negative-size.json 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: bad-negative-size.json: error: field "n_embd" must be positive, but is -36
// RUN: not tfm-import %S/Inputs/bad-n-inner.json 2>&1 | FileCheck %s --check-prefix=N-INNER
// N-INNER: bad-n-inner.json: error: field "n_inner" must be positive, but is 0
// RUN: not tfm-import %S/Inputs/bad-vit-patch-zero.json 2>&1 | FileCheck %s --check-prefix=PATCH-ZERO
// PATCH-ZERO: bad-vit-patch-zero.json: error: field "patch_size" must be positive, but is 0
// RUN: not tfm-import %S/Inputs/bad-too-large.json 2>&1 | FileCheck %s --check-prefix=TOO-LARGE
// TOO-LARGE: bad-too-large.json: error: field "n_embd" is too large: 3000000000 (at most 2147483647)

// Shape consistency.
// RUN: not tfm-import %S/Inputs/bad-heads.json 2>&1 | FileCheck %s --check-prefix=HEADS
// HEADS: bad-heads.json: error: n_head (5) does not divide n_embd (768)
// RUN: not tfm-import %S/Inputs/bad-bert-heads.json 2>&1 | FileCheck %s --check-prefix=BERT-HEADS
// BERT-HEADS: bad-bert-heads.json: error: num_attention_heads (4) does not divide hidden_size (30)
// RUN: not tfm-import %S/Inputs/bad-vit-image-size.json 2>&1 | FileCheck %s --check-prefix=IMAGE
// IMAGE: bad-vit-image-size.json: error: image_size (30) is not a multiple of patch_size (8)
// RUN: not tfm-import %S/Inputs/bad-vit-label-mismatch.json 2>&1 | FileCheck %s --check-prefix=LABELS
// LABELS: bad-vit-label-mismatch.json: error: num_labels (5) does not match the 2 entries of id2label

// Layer norm epsilon.
// RUN: not tfm-import %S/Inputs/bad-eps.json 2>&1 | FileCheck %s --check-prefix=EPS-ZERO
// EPS-ZERO: bad-eps.json: error: field "layer_norm_epsilon" must be positive, but is 0
// RUN: not tfm-import %S/Inputs/bad-bert-eps.json 2>&1 | FileCheck %s --check-prefix=EPS-NEGATIVE
// EPS-NEGATIVE: bad-bert-eps.json: error: field "layer_norm_eps" must be positive, but is -1e-12

// Activations and model variants the importer does not build.
// RUN: not tfm-import %S/Inputs/bad-activation.json 2>&1 | FileCheck %s --check-prefix=ACTIVATION
// ACTIVATION: bad-activation.json: error: unsupported activation_function "relu" (supported: "gelu" (erf), "gelu_new" and "gelu_pytorch_tanh" (tanh approximation))
// RUN: not tfm-import %S/Inputs/bad-bert-activation.json 2>&1 | FileCheck %s --check-prefix=HIDDEN-ACT
// HIDDEN-ACT: bad-bert-activation.json: error: unsupported hidden_act "swish"
// RUN: not tfm-import %S/Inputs/bad-unsupported-option.json 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: bad-unsupported-option.json: error: unsupported scale_attn_weights = false (only true is supported)
// RUN: not tfm-import %S/Inputs/bad-bert-position-type.json 2>&1 | FileCheck %s --check-prefix=POSITION-TYPE
// POSITION-TYPE: bad-bert-position-type.json: error: unsupported position_embedding_type "relative_key" (only "absolute" is supported)

// CLIP's text encoder: the variants it does not build, each naming its field.
// RUN: not tfm-import %S/Inputs/bad-clip-text-activation.json 2>&1 | FileCheck %s --check-prefix=CLIP-ACT
// CLIP-ACT: bad-clip-text-activation.json: error: unsupported hidden_act "gelu_new" (supported: "quick_gelu" (x * sigmoid(1.702 x)) and "gelu" (erf))
// RUN: not tfm-import %S/Inputs/bad-clip-text-eos-kind.json 2>&1 | FileCheck %s --check-prefix=CLIP-EOS-KIND
// CLIP-EOS-KIND: bad-clip-text-eos-kind.json: error: field "eos_token_id" must be an integer, but is the string "2"
// RUN: not tfm-import %S/Inputs/bad-clip-text-heads.json 2>&1 | FileCheck %s --check-prefix=CLIP-HEADS
// CLIP-HEADS: bad-clip-text-heads.json: error: num_attention_heads (4) does not divide hidden_size (30)
// RUN: not tfm-import %S/Inputs/bad-clip-text-missing-eps.json 2>&1 | FileCheck %s --check-prefix=CLIP-EPS
// CLIP-EPS: bad-clip-text-missing-eps.json: error: missing required field "layer_norm_eps" (needed for model_type "clip_text_model")
// RUN: not tfm-import %S/Inputs/bad-clip-text-architecture.json 2>&1 | FileCheck %s --check-prefix=CLIP-ARCH
// CLIP-ARCH: bad-clip-text-architecture.json: error: unsupported architectures entry "CLIPTextModelWithProjection" for model_type "clip_text_model" (supported: CLIPTextModel)
// The whole text-and-image CLIP config is refused, pointing at its text encoder.
// RUN: not tfm-import %S/Inputs/bad-clip-full.json 2>&1 | FileCheck %s --check-prefix=CLIP-FULL
// CLIP-FULL: bad-clip-full.json: error: unsupported model_type "clip": the text-and-image CLIPModel is not supported; its text encoder is, as model_type "clip_text_model" (CLIPTextModel): a config of this config's "text_config" fields, whose weights have the same names (text_model.*)

// T5's encoder: the feed-forwards it does not build, fields contradicting
// feed_forward_proj (a saved config's own values win over the derived ones
// in Hugging Face), bias tables the encoder's bucketing cannot use, the
// decoder, and the sequence-to-sequence classes unless asked for.
// RUN: not tfm-import %S/Inputs/bad-t5-gated-silu.json 2>&1 | FileCheck %s --check-prefix=T5-SILU
// T5-SILU: bad-t5-gated-silu.json: error: unsupported feed_forward_proj "gated-silu" (supported: "relu" (T5) and "gated-gelu" (T5 v1.1, Flan-T5: gelu_new gating))
// RUN: not tfm-import %S/Inputs/bad-t5-ffn-kind.json 2>&1 | FileCheck %s --check-prefix=T5-FFN-KIND
// T5-FFN-KIND: bad-t5-ffn-kind.json: error: field "feed_forward_proj" must be a string, but is the number 3
// RUN: not tfm-import %S/Inputs/bad-t5-is-gated-act.json 2>&1 | FileCheck %s --check-prefix=T5-GATED
// T5-GATED: bad-t5-is-gated-act.json: error: is_gated_act = true contradicts feed_forward_proj "relu" (which makes it false)
// RUN: not tfm-import %S/Inputs/bad-t5-dense-act-fn.json 2>&1 | FileCheck %s --check-prefix=T5-ACT
// T5-ACT: bad-t5-dense-act-fn.json: error: dense_act_fn "gelu" contradicts feed_forward_proj "relu" (which makes it "relu")
// RUN: not tfm-import %S/Inputs/bad-t5-missing-d-kv.json 2>&1 | FileCheck %s --check-prefix=T5-DKV
// T5-DKV: bad-t5-missing-d-kv.json: error: missing required field "d_kv" (needed for model_type "t5")
// RUN: not tfm-import %S/Inputs/bad-t5-buckets-odd.json 2>&1 | FileCheck %s --check-prefix=T5-BUCKETS
// T5-BUCKETS: bad-t5-buckets-odd.json: error: relative_attention_num_buckets (15) must be even and at least 4: T5's encoder splits them between keys before and after the query
// RUN: not tfm-import %S/Inputs/bad-t5-max-distance.json 2>&1 | FileCheck %s --check-prefix=T5-DISTANCE
// T5-DISTANCE: bad-t5-max-distance.json: error: relative_attention_max_distance (4) must exceed relative_attention_num_buckets / 4 (4), the distances with a bucket each
// RUN: not tfm-import %S/Inputs/bad-t5-decoder.json 2>&1 | FileCheck %s --check-prefix=T5-DECODER
// T5-DECODER: bad-t5-decoder.json: error: unsupported is_decoder = true (only false is supported)
// RUN: not tfm-import %S/Inputs/bad-t5-conditional-generation.json 2>&1 | FileCheck %s --check-prefix=T5-SEQ2SEQ
// T5-SEQ2SEQ: bad-t5-conditional-generation.json: error: unsupported architectures entry "T5ForConditionalGeneration" for model_type "t5": only the encoder (T5EncoderModel) is supported; its weights have the same names in this checkpoint, so request it with --architecture T5EncoderModel
// RUN: tfm-import --architecture T5EncoderModel %S/Inputs/bad-t5-conditional-generation.json | FileCheck %s --check-prefix=T5-ENCODER-OF
// T5-ENCODER-OF: tfm.name = "last_hidden_state"

// LLaMA: the variants it does not build, each naming its field and value.
// RUN: not tfm-import %S/Inputs/bad-llama-rope-scaling.json 2>&1 | FileCheck %s --check-prefix=LLAMA-ROPE
// LLAMA-ROPE: bad-llama-rope-scaling.json: error: unsupported rope_scaling of rope_type "llama3" (only null is supported: the rotary frequencies are not scaled)
// RUN: not tfm-import %S/Inputs/bad-llama-rope-scaling-kind.json 2>&1 | FileCheck %s --check-prefix=LLAMA-ROPE-KIND
// LLAMA-ROPE-KIND: bad-llama-rope-scaling-kind.json: error: field "rope_scaling" must be null (no scaling), but is the string "linear"
// RUN: not tfm-import %S/Inputs/bad-llama-attention-bias.json 2>&1 | FileCheck %s --check-prefix=LLAMA-ATTN-BIAS
// LLAMA-ATTN-BIAS: bad-llama-attention-bias.json: error: unsupported attention_bias = true (only false is supported)
// RUN: not tfm-import %S/Inputs/bad-llama-mlp-bias.json 2>&1 | FileCheck %s --check-prefix=LLAMA-MLP-BIAS
// LLAMA-MLP-BIAS: bad-llama-mlp-bias.json: error: unsupported mlp_bias = true (only false is supported)
// RUN: not tfm-import %S/Inputs/bad-llama-hidden-act.json 2>&1 | FileCheck %s --check-prefix=LLAMA-ACT
// LLAMA-ACT: bad-llama-hidden-act.json: error: unsupported hidden_act "gelu" (only "silu" is supported)
// RUN: not tfm-import %S/Inputs/bad-llama-head-dim.json 2>&1 | FileCheck %s --check-prefix=LLAMA-HEAD-DIM
// LLAMA-HEAD-DIM: bad-llama-head-dim.json: error: unsupported head_dim 16 (only hidden_size / num_attention_heads = 10 is supported)
// RUN: not tfm-import %S/Inputs/bad-llama-pretraining-tp.json 2>&1 | FileCheck %s --check-prefix=LLAMA-TP
// LLAMA-TP: bad-llama-pretraining-tp.json: error: unsupported pretraining_tp 2 (only 1 is supported)
// RUN: not tfm-import %S/Inputs/bad-llama-sliding-window.json 2>&1 | FileCheck %s --check-prefix=LLAMA-WINDOW
// LLAMA-WINDOW: bad-llama-sliding-window.json: error: unsupported sliding_window 4096 (only null is supported: every token attends to all earlier ones)
// RUN: not tfm-import %S/Inputs/bad-llama-kv-heads.json 2>&1 | FileCheck %s --check-prefix=LLAMA-KV-HEADS
// LLAMA-KV-HEADS: bad-llama-kv-heads.json: error: num_key_value_heads (4) does not divide num_attention_heads (6): each key/value head serves a group of query heads
// RUN: not tfm-import %S/Inputs/bad-llama-odd-head-dim.json 2>&1 | FileCheck %s --check-prefix=LLAMA-ODD
// LLAMA-ODD: bad-llama-odd-head-dim.json: error: hidden_size / num_attention_heads (42 / 6 = 7) is odd: the rotary embedding rotates pairs of a head's features
// RUN: not tfm-import %S/Inputs/bad-llama-missing-eps.json 2>&1 | FileCheck %s --check-prefix=LLAMA-EPS
// LLAMA-EPS: bad-llama-missing-eps.json: error: missing required field "rms_norm_eps" (needed for model_type "llama")
// RUN: not tfm-import %S/Inputs/bad-llama-architecture.json 2>&1 | FileCheck %s --check-prefix=LLAMA-ARCH
// LLAMA-ARCH: bad-llama-architecture.json: error: unsupported architectures entry "LlamaForSequenceClassification" for model_type "llama" (supported: LlamaForCausalLM, LlamaModel)

// A KV cache is for the decoders with an LM head: a valid BERT or ViT
// config, or a LLaMA config asking for LlamaModel, with --kv-cache is an
// error, before any model is built.
// RUN: not tfm-import --kv-cache %S/Inputs/tiny-bert.json 2>&1 | FileCheck %s --check-prefix=KV-BERT
// KV-BERT: tiny-bert.json: error: a KV cache is for GPT-2 (GPT2LMHeadModel) and LLaMA (LlamaForCausalLM), not model_type "bert"
// RUN: not tfm-import --kv-cache %S/Inputs/tiny-vit.json 2>&1 | FileCheck %s --check-prefix=KV-VIT
// KV-VIT: tiny-vit.json: error: a KV cache is for GPT-2 (GPT2LMHeadModel) and LLaMA (LlamaForCausalLM), not model_type "vit"
// RUN: not tfm-import --kv-cache %S/Inputs/tiny-llama-model.json 2>&1 | FileCheck %s --check-prefix=KV-LLAMA-MODEL
// KV-LLAMA-MODEL: tiny-llama-model.json: error: a KV cache is for GPT-2 (GPT2LMHeadModel) and LLaMA (LlamaForCausalLM), not architecture "LlamaModel"
// RUN: rm -f %t-kv.mlir
// RUN: not tfm-import --kv-cache %S/Inputs/tiny-bert.json -o %t-kv.mlir
// RUN: not test -e %t-kv.mlir

// A failed import writes no output file.
// RUN: rm -f %t.mlir
// RUN: not tfm-import %S/Inputs/bad-heads.json -o %t.mlir
// RUN: not test -e %t.mlir
// An unwritable output is an error too.
// RUN: not tfm-import %S/Inputs/tiny-gpt2.json -o %S/Inputs/no-such-dir/out.mlir 2>&1 | FileCheck %s --check-prefix=OUTPUT
// OUTPUT: tfm-import: error: cannot open output file '{{.*}}no-such-dir/out.mlir': No such file or directory

// Exit code exactly 1, one diagnostic line naming the file, nothing on
// stdout, for every bad input; exit code 0 for every good one.
// RUN: %python %S/check-exit-codes.py tfm-import %S/Inputs | FileCheck %s --check-prefix=EXIT
// EXIT: ok: {{[0-9]+}} invalid configs exit 1 with one diagnostic, {{[0-9]+}} valid ones exit 0
