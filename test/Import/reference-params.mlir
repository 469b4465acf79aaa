// The weights the importer asks for are exactly the tensors of the
// checkpoints scripts/make_reference.py writes (HF names, with gpt2's
// `transformer.`, vit's `vit.`, deit's `deit.`, llama's `model.`, clip-text's `text_model.`, t5's `encoder.` and the BERT task
// models' `bert.` prefixes, and the heads' own `cls.predictions.` and
// `classifier.` beside them), with the same shapes: every tensor is used,
// every param resolves. The configs are make_reference.py's own config.json
// files, HF-style with fields the importer ignores.

// One Python process writes them all (importing torch dominates the time);
// it is what `make_reference.py --model M --out %t/M --no-cases` does.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -B -c "import sys; sys.path.insert(0, sys.argv[1]); import make_reference as m; [m.generate(x, sys.argv[2] + '/' + x, 'tiny', 0, with_cases=False) for x in ('gpt2', 'bert', 'bert-mlm', 'bert-classifier', 'vit', 'openai-gpt', 'distilbert', 'distilbert-mlm', 'roberta', 'clip-text', 't5', 't5-gated', 'deit', 'deit-classifier', 'deit-model', 'llama', 'llama-tied', 'llama-model')]" %tfm_src_root/scripts %t
// RUN: tfm-import %t/gpt2/config.json -o %t/gpt2.mlir
// RUN: %python %S/check-params.py %t/gpt2/model.safetensors %t/gpt2.mlir | FileCheck %s --check-prefix=GPT2
// GPT2: ok: 28 params match 28 tensors

// RUN: tfm-import %t/bert/config.json -o %t/bert.mlir
// RUN: %python %S/check-params.py %t/bert/model.safetensors %t/bert.mlir | FileCheck %s --check-prefix=BERT
// BERT: ok: 39 params match 39 tensors

// BertForMaskedLM: the encoder under `bert.` (no pooler), the head's
// transform and bias; the decoder is the word embeddings (one tensor, one
// param).
// RUN: tfm-import %t/bert-mlm/config.json -o %t/bert-mlm.mlir
// RUN: %python %S/check-params.py %t/bert-mlm/model.safetensors %t/bert-mlm.mlir | FileCheck %s --check-prefix=BERT-MLM
// BERT-MLM: ok: 42 params match 42 tensors

// BertForSequenceClassification: encoder and pooler under `bert.`, then the
// classifier.
// RUN: tfm-import %t/bert-classifier/config.json -o %t/bert-classifier.mlir
// RUN: %python %S/check-params.py %t/bert-classifier/model.safetensors %t/bert-classifier.mlir | FileCheck %s --check-prefix=BERT-CLASSIFIER
// BERT-CLASSIFIER: ok: 41 params match 41 tensors

// The same checkpoints against the base model's IR: BertModel asks for a
// pooler a masked-LM checkpoint does not have, and leaves its head unused.
// RUN: not %python %S/check-params.py %t/bert-mlm/model.safetensors %t/bert.mlir | FileCheck %s --check-prefix=MLM-AS-ENCODER
// MLM-AS-ENCODER-DAG: error: param pooler.dense.weight [30, 30]: no such tensor in the file
// MLM-AS-ENCODER-DAG: error: tensor cls.predictions.bias [101] is not used by any param

// DeiT's three classes: the classifiers' encoder under `deit.` with their
// heads beside it, DeiTModel's encoder and pooler without a prefix.
// RUN: tfm-import %t/deit/config.json -o %t/deit.mlir
// RUN: %python %S/check-params.py %t/deit/model.safetensors %t/deit.mlir | FileCheck %s --check-prefix=DEIT
// DEIT: ok: 43 params match 43 tensors
// RUN: tfm-import %t/deit-classifier/config.json -o %t/deit-classifier.mlir
// RUN: %python %S/check-params.py %t/deit-classifier/model.safetensors %t/deit-classifier.mlir | FileCheck %s --check-prefix=DEIT-CLASSIFIER
// DEIT-CLASSIFIER: ok: 41 params match 41 tensors
// RUN: tfm-import %t/deit-model/config.json -o %t/deit-model.mlir
// RUN: %python %S/check-params.py %t/deit-model/model.safetensors %t/deit-model.mlir | FileCheck %s --check-prefix=DEIT-MODEL
// DEIT-MODEL: ok: 41 params match 41 tensors
// The distilled checkpoint has no single `classifier`, nor a pooler.
// RUN: not %python %S/check-params.py %t/deit/model.safetensors %t/deit-classifier.mlir | FileCheck %s --check-prefix=DISTILLED-AS-SINGLE
// DISTILLED-AS-SINGLE-DAG: error: param classifier.weight [3, 33]: no such tensor in the file
// DISTILLED-AS-SINGLE-DAG: error: tensor distillation_classifier.bias [3] is not used by any param

// LLaMA: LlamaForCausalLM's decoder under `model.` with `lm_head` beside
// it; the tied head reads `model.embed_tokens` (no `lm_head` tensor);
// LlamaModel's checkpoint has no prefix.
// RUN: tfm-import %t/llama/config.json -o %t/llama.mlir
// RUN: %python %S/check-params.py %t/llama/model.safetensors %t/llama.mlir | FileCheck %s --check-prefix=LLAMA
// LLAMA: ok: 21 params match 21 tensors
// RUN: tfm-import %t/llama-tied/config.json -o %t/llama-tied.mlir
// RUN: %python %S/check-params.py %t/llama-tied/model.safetensors %t/llama-tied.mlir | FileCheck %s --check-prefix=LLAMA-TIED
// LLAMA-TIED: ok: 20 params match 20 tensors
// RUN: tfm-import %t/llama-model/config.json -o %t/llama-model.mlir
// RUN: %python %S/check-params.py %t/llama-model/model.safetensors %t/llama-model.mlir | FileCheck %s --check-prefix=LLAMA-MODEL
// LLAMA-MODEL: ok: 20 params match 20 tensors
// The untied checkpoint against the tied model's IR: its head is unused.
// RUN: not %python %S/check-params.py %t/llama/model.safetensors %t/llama-tied.mlir | FileCheck %s --check-prefix=UNTIED-AS-TIED
// UNTIED-AS-TIED: error: tensor lm_head.weight {{.*}} is not used by any param

// RUN: tfm-import %t/vit/config.json -o %t/vit.mlir
// RUN: %python %S/check-params.py %t/vit/model.safetensors %t/vit.mlir | FileCheck %s --check-prefix=VIT
// VIT: ok: 40 params match 40 tensors

// RUN: tfm-import %t/clip-text/config.json -o %t/clip-text.mlir
// RUN: %python %S/check-params.py %t/clip-text/model.safetensors %t/clip-text.mlir | FileCheck %s --check-prefix=CLIP-TEXT
// CLIP-TEXT: ok: 36 params match 36 tensors

// T5's encoder: `shared.weight` and `encoder.*`, the bias table once (layer
// 0's); t5-gated's checkpoint holds the token embedding only as
// `encoder.embed_tokens.weight`, the alias of `shared.weight`.
// RUN: tfm-import %t/t5/config.json -o %t/t5.mlir
// RUN: %python %S/check-params.py %t/t5/model.safetensors %t/t5.mlir | FileCheck %s --check-prefix=T5
// T5: ok: 19 params match 19 tensors
// RUN: tfm-import %t/t5-gated/config.json -o %t/t5-gated.mlir
// RUN: %python %S/check-params.py %t/t5-gated/model.safetensors %t/t5-gated.mlir | FileCheck %s --check-prefix=T5-GATED
// T5-GATED: ok: 21 params match 21 tensors

// The checker itself catches a wrong shape, a missing and an unused tensor.
// RUN: sed -e 's/"ln_f.bias" : tensor<36xf32>/"ln_f.bias" : tensor<37xf32>/' -e 's/h\.1\.ln_2\.weight/h.1.ln_3.weight/g' -e '/"wpe.weight"/d' %t/gpt2.mlir > %t/gpt2-broken.mlir
// RUN: not %python %S/check-params.py %t/gpt2/model.safetensors %t/gpt2-broken.mlir | FileCheck %s --check-prefix=BROKEN
// BROKEN-DAG: error: param h.1.ln_3.weight [36]: no such tensor in the file
// BROKEN-DAG: error: param ln_f.bias: shape [37] but transformer.ln_f.bias has [36]
// BROKEN-DAG: error: tensor transformer.wpe.weight [32, 36] is not used by any param
// BROKEN-DAG: error: tensor transformer.h.1.ln_2.weight [36] is not used by any param

// openai-gpt (OpenAIGPTLMHeadModel): the body under `transformer.`, the LM
// head tied to tokens_embed (one tensor, one param).
// RUN: tfm-import %t/openai-gpt/config.json -o %t/openai-gpt.mlir
// RUN: %python %S/check-params.py %t/openai-gpt/model.safetensors %t/openai-gpt.mlir | FileCheck %s --check-prefix=OPENAI-GPT
// OPENAI-GPT: ok: 26 params match 26 tensors

// DistilBertModel (saved without a prefix) and DistilBertForMaskedLM (the
// encoder under `distilbert.`, its vocab_* head beside it, the projector's
// weight the word embeddings).
// RUN: tfm-import %t/distilbert/config.json -o %t/distilbert.mlir
// RUN: %python %S/check-params.py %t/distilbert/model.safetensors %t/distilbert.mlir | FileCheck %s --check-prefix=DISTILBERT
// DISTILBERT: ok: 36 params match 36 tensors
// RUN: tfm-import %t/distilbert-mlm/config.json -o %t/distilbert-mlm.mlir
// RUN: %python %S/check-params.py %t/distilbert-mlm/model.safetensors %t/distilbert-mlm.mlir | FileCheck %s --check-prefix=DISTILBERT-MLM
// DISTILBERT-MLM: ok: 41 params match 41 tensors

// RobertaModel (saved without a prefix): BERT's tensors under RoBERTa's
// config, one token type.
// RUN: tfm-import %t/roberta/config.json -o %t/roberta.mlir
// RUN: %python %S/check-params.py %t/roberta/model.safetensors %t/roberta.mlir | FileCheck %s --check-prefix=ROBERTA
// ROBERTA: ok: 39 params match 39 tensors
