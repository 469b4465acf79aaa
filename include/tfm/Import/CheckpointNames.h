//===- CheckpointNames.h - the names checkpoints give a weight --*- C++ -*-===//
//
// The importer names each weight as Hugging Face's base model does
// (GPT2Model, BertModel, ViTModel). A checkpoint may name it otherwise: the
// task models that wrap the base model (GPT2LMHeadModel, BertForMaskedLM,
// ViTForImageClassification, ...) keep its weights under a prefix, and BERT
// checkpoints converted from TensorFlow call LayerNorm's scale and shift
// `gamma` and `beta`. This naming policy lists, per model family, the other
// names of one weight in the order the runtime tries them. The importer
// records them on the weight (`tfm.param ... aliases [...]`); the safetensors
// reader knows no naming conventions and matches names exactly.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_IMPORT_CHECKPOINTNAMES_H
#define TFM_IMPORT_CHECKPOINTNAMES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::tfm {

/// GPT-2: the task models' `transformer.` prefix, e.g. `h.0.ln_1.weight` ->
/// [`transformer.h.0.ln_1.weight`].
llvm::SmallVector<std::string> getGpt2CheckpointAliases(llvm::StringRef name);

/// openai-gpt: OpenAIGPTLMHeadModel's `transformer.` prefix, e.g.
/// `h.0.ln_1.weight` -> [`transformer.h.0.ln_1.weight`].
llvm::SmallVector<std::string> getOpenAIGptCheckpointAliases(llvm::StringRef name);

/// DistilBERT: the task models' `distilbert.` prefix, e.g.
/// `transformer.layer.0.ffn.lin1.weight` ->
/// [`distilbert.transformer.layer.0.ffn.lin1.weight`]; DistilBertForMaskedLM's
/// own weights (`vocab_transform.`, `vocab_layer_norm.`, `vocab_projector.`)
/// sit outside that prefix and have no other name.
llvm::SmallVector<std::string> getDistilBertCheckpointAliases(llvm::StringRef name);

/// RoBERTa: the task models' `roberta.` prefix, e.g.
/// `encoder.layer.0.output.dense.bias` -> [`roberta.encoder.layer.0.output.dense.bias`].
llvm::SmallVector<std::string> getRobertaCheckpointAliases(llvm::StringRef name);

/// BERT: the legacy `gamma`/`beta` of a LayerNorm's `weight`/`bias`, then the
/// task models' `bert.` prefix with each, e.g. `embeddings.LayerNorm.weight`
/// -> [`embeddings.LayerNorm.gamma`, `bert.embeddings.LayerNorm.weight`,
/// `bert.embeddings.LayerNorm.gamma`]. The heads' own weights (BertForMaskedLM's
/// `cls.predictions.`, BertForSequenceClassification's `classifier.`) sit
/// outside that prefix: only their legacy LayerNorm names, e.g.
/// `cls.predictions.transform.LayerNorm.bias` ->
/// [`cls.predictions.transform.LayerNorm.beta`].
llvm::SmallVector<std::string> getBertCheckpointAliases(llvm::StringRef name);

/// ViT: ViTForImageClassification's `vit.` prefix on the encoder's weights;
/// its `classifier.` sits outside that prefix and has no other name.
llvm::SmallVector<std::string> getVitCheckpointAliases(llvm::StringRef name);

/// DeiT: the task models' `deit.` prefix on the encoder's weights (the
/// same names as ViT's, e.g. `embeddings.distillation_token` ->
/// [`deit.embeddings.distillation_token`]); their heads (`classifier.`,
/// `cls_classifier.`, `distillation_classifier.`) sit outside that prefix
/// and have no other name.
llvm::SmallVector<std::string> getDeitCheckpointAliases(llvm::StringRef name);

/// CLIP's text encoder: CLIPTextModel and CLIPModel checkpoints both name its
/// weights `text_model.*`, which is the importer's name; there is no other.
llvm::SmallVector<std::string> getClipTextCheckpointAliases(llvm::StringRef name);

/// T5's encoder: the token embedding `shared.weight`, which a checkpoint
/// may hold (only) as the encoder's tied copy, `encoder.embed_tokens.weight`;
/// the other weights (`encoder.*`) have one name in T5EncoderModel,
/// T5Model and T5ForConditionalGeneration checkpoints alike.
llvm::SmallVector<std::string> getT5CheckpointAliases(llvm::StringRef name);

/// LLaMA: LlamaForCausalLM's `model.` prefix, e.g. `layers.0.mlp.up_proj.weight`
/// -> [`model.layers.0.mlp.up_proj.weight`]; its `lm_head.weight` sits
/// outside that prefix and has no other name. (A saved LlamaModel has no
/// prefix.)
llvm::SmallVector<std::string> getLlamaCheckpointAliases(llvm::StringRef name);

} // namespace mlir::tfm

#endif // TFM_IMPORT_CHECKPOINTNAMES_H
