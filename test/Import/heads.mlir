// The task head comes from config.json's `architectures` (one entry): each
// head's IR, and beside it the configs of that head the importer refuses.
// The encoder is the tiny BERT of bert.mlir (V=101, D=30, 5 heads of 6).

//===----------------------------------------------------------------------===//
// BertForMaskedLM: no pooler; the prediction head's transform (linear,
// GELU, layer norm) and a decoder whose weight is the word embedding matrix
// (the same tfm.param) with a bias of its own.
//===----------------------------------------------------------------------===//

// RUN: tfm-import %S/Inputs/tiny-bert-mlm.json | FileCheck %s --check-prefix=MLM
// MLM-LABEL: func.func @forward(
// MLM-SAME: tensor<?x?xi64> {tfm.name = "input_ids"}
// MLM-SAME: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"}
// MLM-SAME: tensor<?x?xi64> {tfm.default = "zeros", tfm.name = "token_type_ids"})
// MLM-SAME: -> (tensor<?x?x101xf32> {tfm.name = "logits"})
// MLM-NEXT: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<101x30xf32> aliases ["bert.embeddings.word_embeddings.weight"]{{$}}
// MLM-NOT: pooler
// The head's weights sit beside the `bert.` prefix: no prefixed alias, only
// the transform's legacy LayerNorm names.
// MLM:      %[[TW:[^ ]+]] = tfm.param "cls.predictions.transform.dense.weight" : tensor<30x30xf32>{{$}}
// MLM-NEXT: %[[TB:[^ ]+]] = tfm.param "cls.predictions.transform.dense.bias" : tensor<30xf32>{{$}}
// MLM-NEXT: %[[LW:[^ ]+]] = tfm.param "cls.predictions.transform.LayerNorm.weight" : tensor<30xf32> aliases ["cls.predictions.transform.LayerNorm.gamma"]{{$}}
// MLM-NEXT: %[[LB:[^ ]+]] = tfm.param "cls.predictions.transform.LayerNorm.bias" : tensor<30xf32> aliases ["cls.predictions.transform.LayerNorm.beta"]{{$}}
// MLM-NEXT: %[[DB:[^ ]+]] = tfm.param "cls.predictions.bias" : tensor<101xf32>{{$}}
// MLM-NEXT: tfm.padding_mask
// MLM-NEXT: tfm.embedding %[[WORD]][
// MLM:      %[[L1:[^ ]+]] = tfm.layer "encoder.layer.1"
// MLM:      tfm.yield
// MLM-NEXT: }
// MLM-NEXT: %[[T:[^ ]+]] = tfm.linear %[[L1]], %[[TW]], %[[TB]] layout <out_in> : (tensor<?x?x30xf32>, tensor<30x30xf32>, tensor<30xf32>) -> tensor<?x?x30xf32>
// MLM-NEXT: %[[G:[^ ]+]] = tfm.gelu %[[T]] approximate <erf> : tensor<?x?x30xf32>
// MLM-NEXT: %[[N:[^ ]+]] = tfm.layer_norm %[[G]], %[[LW]], %[[LB]] eps 9.9999999999999998E-13
// MLM-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[N]], %[[WORD]], %[[DB]] layout <out_in> : (tensor<?x?x30xf32>, tensor<101x30xf32>, tensor<101xf32>) -> tensor<?x?x101xf32>
// MLM-NEXT: return %[[LOGITS]] : tensor<?x?x101xf32>

// tfm-fuse-linear folds the transform's GELU into its linear.
// RUN: tfm-import %S/Inputs/tiny-bert-mlm.json | tfm-opt --tfm-fuse-linear | FileCheck %s --check-prefix=MLM-FUSED
// MLM-FUSED-LABEL: func.func @forward
// MLM-FUSED: tfm.linear {{.*}} layout <out_in> activation <gelu_erf> : (tensor<?x?x30xf32>, tensor<30x30xf32>, tensor<30xf32>) -> tensor<?x?x30xf32>
// MLM-FUSED-NOT: tfm.gelu

// The decoder is the word embeddings: an untied one is refused.
// RUN: not tfm-import %S/Inputs/bad-bert-mlm-untied.json 2>&1 | FileCheck %s --check-prefix=MLM-UNTIED
// MLM-UNTIED: bad-bert-mlm-untied.json: error: unsupported tie_word_embeddings = false (only true is supported)

//===----------------------------------------------------------------------===//
// BertForSequenceClassification: the pooler, then a linear classifier with
// one output per label, the labels counted from id2label or num_labels.
//===----------------------------------------------------------------------===//

// RUN: tfm-import %S/Inputs/tiny-bert-classifier.json | FileCheck %s --check-prefix=CLS
// CLS-LABEL: func.func @forward(
// CLS-SAME: tensor<?x?xi64> {tfm.default = "zeros", tfm.name = "token_type_ids"})
// CLS-SAME: -> (tensor<?x3xf32> {tfm.name = "logits"})
// CLS-NOT: cls.predictions
// CLS:      %[[PW:[^ ]+]] = tfm.param "pooler.dense.weight" : tensor<30x30xf32> aliases ["bert.pooler.dense.weight"]{{$}}
// CLS-NEXT: %[[PB:[^ ]+]] = tfm.param "pooler.dense.bias" : tensor<30xf32> aliases ["bert.pooler.dense.bias"]{{$}}
// CLS-NEXT: %[[CW:[^ ]+]] = tfm.param "classifier.weight" : tensor<3x30xf32>{{$}}
// CLS-NEXT: %[[CB:[^ ]+]] = tfm.param "classifier.bias" : tensor<3xf32>{{$}}
// CLS:      %[[L1:[^ ]+]] = tfm.layer "encoder.layer.1"
// CLS:      tfm.yield
// CLS-NEXT: }
// CLS-NEXT: %[[FIRST:[^ ]+]] = tfm.cls_token %[[L1]] : tensor<?x?x30xf32> -> tensor<?x30xf32>
// CLS-NEXT: %[[POOLED:[^ ]+]] = tfm.linear %[[FIRST]], %[[PW]], %[[PB]] layout <out_in> activation <tanh> : (tensor<?x30xf32>, tensor<30x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
// CLS-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[POOLED]], %[[CW]], %[[CB]] layout <out_in> : (tensor<?x30xf32>, tensor<3x30xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// CLS-NEXT: return %[[LOGITS]] : tensor<?x3xf32>

// num_labels alone sizes the classifier too.
// RUN: tfm-import %S/Inputs/tiny-bert-classifier-num-labels.json | FileCheck %s --check-prefix=CLS-NUM
// CLS-NUM-LABEL: func.func @forward(
// CLS-NUM-SAME: -> (tensor<?x4xf32> {tfm.name = "logits"})
// CLS-NUM: tfm.param "classifier.weight" : tensor<4x30xf32>{{$}}

// RUN: not tfm-import %S/Inputs/bad-bert-classifier-no-labels.json 2>&1 | FileCheck %s --check-prefix=CLS-NO-LABELS
// CLS-NO-LABELS: bad-bert-classifier-no-labels.json: error: missing required field "num_labels" (needed for architecture "BertForSequenceClassification"; "id2label" is absent too, so the number of labels is unknown)
// RUN: not tfm-import %S/Inputs/bad-bert-classifier-label-mismatch.json 2>&1 | FileCheck %s --check-prefix=CLS-MISMATCH
// CLS-MISMATCH: bad-bert-classifier-label-mismatch.json: error: num_labels (3) does not match the 2 entries of id2label
// id2label's keys are the label indices 0..N-1 and its values strings.
// RUN: not tfm-import %S/Inputs/bad-bert-classifier-id2label-keys.json 2>&1 | FileCheck %s --check-prefix=CLS-KEYS
// CLS-KEYS: bad-bert-classifier-id2label-keys.json: error: field "id2label" has no entry "1": its keys must be the label indices 0 to 1
// RUN: not tfm-import %S/Inputs/bad-bert-classifier-id2label-value.json 2>&1 | FileCheck %s --check-prefix=CLS-VALUE
// CLS-VALUE: bad-bert-classifier-id2label-value.json: error: field "id2label": the label of "1" must be a string, but is the number 7

//===----------------------------------------------------------------------===//
// BertModel, named or by default (no `architectures`): the encoder's outputs,
// no head (bert.mlir checks it op by op).
//===----------------------------------------------------------------------===//

// RUN: tfm-import %S/Inputs/tiny-bert.json | FileCheck %s --check-prefix=ENCODER
// RUN: tfm-import %S/Inputs/tiny-bert-gelu-new.json | FileCheck %s --check-prefix=ENCODER
// ENCODER-LABEL: func.func @forward(
// ENCODER-SAME: -> (tensor<?x?x{{[0-9]+}}xf32> {tfm.name = "last_hidden_state"}, tensor<?x{{[0-9]+}}xf32> {tfm.name = "pooler_output"})
// ENCODER-NOT: cls.predictions
// ENCODER-NOT: classifier

//===----------------------------------------------------------------------===//
// GPT2LMHeadModel and ViTForImageClassification, named or by default.
//===----------------------------------------------------------------------===//

// RUN: tfm-import %S/Inputs/tiny-gpt2.json | FileCheck %s --check-prefix=GPT2
// RUN: tfm-import %S/Inputs/tiny-gpt2-inner.json | FileCheck %s --check-prefix=GPT2
// GPT2-LABEL: func.func @forward(
// GPT2-SAME: -> (tensor<?x?x{{[0-9]+}}xf32> {tfm.name = "logits"})
// RUN: tfm-import %S/Inputs/tiny-vit.json | FileCheck %s --check-prefix=VIT
// RUN: tfm-import %S/Inputs/tiny-vit-id2label.json | FileCheck %s --check-prefix=VIT
// VIT-LABEL: func.func @forward(
// VIT-SAME: {tfm.name = "last_hidden_state"}, tensor<?x{{[0-9]+}}xf32> {tfm.name = "logits"})

//===----------------------------------------------------------------------===//
// `architectures` the importer refuses, naming the field and the value.
//===----------------------------------------------------------------------===//

// RUN: not tfm-import %S/Inputs/bad-architecture-unknown.json 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: bad-architecture-unknown.json: error: unsupported architectures entry "BertForQuestionAnswering" for model_type "bert" (supported: BertModel, BertForMaskedLM, BertForSequenceClassification)
// Another model type's architecture.
// RUN: not tfm-import %S/Inputs/bad-architecture-model-type.json 2>&1 | FileCheck %s --check-prefix=OTHER-TYPE
// OTHER-TYPE: bad-architecture-model-type.json: error: unsupported architectures entry "GPT2LMHeadModel" for model_type "bert" (supported: BertModel, BertForMaskedLM, BertForSequenceClassification)
// RUN: not tfm-import %S/Inputs/bad-vit-architecture.json 2>&1 | FileCheck %s --check-prefix=VIT-ARCH
// VIT-ARCH: bad-vit-architecture.json: error: unsupported architectures entry "ViTModel" for model_type "vit" (supported: ViTForImageClassification)
// RUN: not tfm-import %S/Inputs/bad-gpt2-architecture.json 2>&1 | FileCheck %s --check-prefix=GPT2-ARCH
// GPT2-ARCH: bad-gpt2-architecture.json: error: unsupported architectures entry "GPT2ForSequenceClassification" for model_type "gpt2" (supported: GPT2LMHeadModel)
// RUN: not tfm-import %S/Inputs/bad-architectures-two.json 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: bad-architectures-two.json: error: field "architectures" names 2 architectures ("BertForMaskedLM", "BertForSequenceClassification"); the importer builds one model, so it must name exactly one
// RUN: not tfm-import %S/Inputs/bad-architectures-empty.json 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: bad-architectures-empty.json: error: field "architectures" is empty: it must name the one architecture to build
// RUN: not tfm-import %S/Inputs/bad-architectures-kind.json 2>&1 | FileCheck %s --check-prefix=KIND
// KIND: bad-architectures-kind.json: error: field "architectures" must be an array of one string, but is the string "BertForMaskedLM"
// RUN: not tfm-import %S/Inputs/bad-architectures-entry-kind.json 2>&1 | FileCheck %s --check-prefix=ENTRY-KIND
// ENTRY-KIND: bad-architectures-entry-kind.json: error: field "architectures" must hold strings, but an entry is the number 3

//===----------------------------------------------------------------------===//
// --architecture overrides the field: the encoder alone from a masked-LM
// config, another head from a classifier's; a malformed field is not read.
//===----------------------------------------------------------------------===//

// RUN: tfm-import %S/Inputs/tiny-bert-mlm.json --architecture=BertModel | FileCheck %s --check-prefix=ENCODER
// RUN: tfm-import %S/Inputs/bad-architectures-two.json --architecture=BertModel | FileCheck %s --check-prefix=ENCODER
// RUN: tfm-import %S/Inputs/tiny-bert-classifier.json --architecture=BertForMaskedLM | FileCheck %s --check-prefix=MLM
// RUN: tfm-import %S/Inputs/tiny-bert-mlm.json --architecture=BertModel -o %t.encoder.mlir
// RUN: tfm-import %S/Inputs/tiny-bert.json | diff - %t.encoder.mlir
// RUN: not tfm-import %S/Inputs/tiny-bert-mlm.json --architecture=BertForNextSentencePrediction 2>&1 | FileCheck %s --check-prefix=OVERRIDE-UNKNOWN
// OVERRIDE-UNKNOWN: tiny-bert-mlm.json: error: unsupported architecture "BertForNextSentencePrediction" requested for model_type "bert" (supported: BertModel, BertForMaskedLM, BertForSequenceClassification)
// RUN: not tfm-import %S/Inputs/tiny-gpt2.json --architecture=BertModel 2>&1 | FileCheck %s --check-prefix=OVERRIDE-TYPE
// OVERRIDE-TYPE: tiny-gpt2.json: error: unsupported architecture "BertModel" requested for model_type "gpt2" (supported: GPT2LMHeadModel)
// The classifier's labels are still required.
// RUN: not tfm-import %S/Inputs/tiny-bert-mlm.json --architecture=BertForSequenceClassification 2>&1 | FileCheck %s --check-prefix=OVERRIDE-LABELS
// OVERRIDE-LABELS: tiny-bert-mlm.json: error: missing required field "num_labels" (needed for architecture "BertForSequenceClassification";
