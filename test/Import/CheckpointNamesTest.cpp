//===- CheckpointNamesTest.cpp - the importer's checkpoint naming policy --===//
//
// The other names a Hugging Face checkpoint may give each weight the importer
// creates, per model family, in the order the runtime tries them.
//
//===----------------------------------------------------------------------===//

#include "tfm/Import/CheckpointNames.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using mlir::tfm::getBertCheckpointAliases;
using mlir::tfm::getDeitCheckpointAliases;
using mlir::tfm::getDistilBertCheckpointAliases;
using mlir::tfm::getGpt2CheckpointAliases;
using mlir::tfm::getOpenAIGptCheckpointAliases;
using mlir::tfm::getRobertaCheckpointAliases;
using mlir::tfm::getT5CheckpointAliases;
using mlir::tfm::getLlamaCheckpointAliases;
using mlir::tfm::getVitCheckpointAliases;

using Names = std::vector<std::string>;

template <typename Aliases> Names aliasesOf(Aliases aliases) {
  return Names(aliases.begin(), aliases.end());
}

TEST(CheckpointNames, Gpt2TaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getGpt2CheckpointAliases("wte.weight")),
            Names({"transformer.wte.weight"}));
  EXPECT_EQ(aliasesOf(getGpt2CheckpointAliases("h.11.attn.c_attn.bias")),
            Names({"transformer.h.11.attn.c_attn.bias"}));
  // GPT-2's layer norms are ln_1, ln_2, ln_f: no legacy gamma/beta names.
  EXPECT_EQ(aliasesOf(getGpt2CheckpointAliases("h.0.ln_1.weight")),
            Names({"transformer.h.0.ln_1.weight"}));
}

TEST(CheckpointNames, OpenAIGptTaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getOpenAIGptCheckpointAliases("tokens_embed.weight")),
            Names({"transformer.tokens_embed.weight"}));
  EXPECT_EQ(aliasesOf(getOpenAIGptCheckpointAliases("h.3.ln_2.bias")),
            Names({"transformer.h.3.ln_2.bias"}));
}

TEST(CheckpointNames, DistilBertTaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getDistilBertCheckpointAliases("embeddings.LayerNorm.weight")),
            Names({"distilbert.embeddings.LayerNorm.weight"}));
  EXPECT_EQ(aliasesOf(getDistilBertCheckpointAliases("transformer.layer.5.attention.q_lin.bias")),
            Names({"distilbert.transformer.layer.5.attention.q_lin.bias"}));
  // DistilBertForMaskedLM's head sits beside the prefix.
  EXPECT_EQ(aliasesOf(getDistilBertCheckpointAliases("vocab_projector.bias")), Names());
  EXPECT_EQ(aliasesOf(getDistilBertCheckpointAliases("vocab_layer_norm.weight")), Names());
}

TEST(CheckpointNames, RobertaTaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getRobertaCheckpointAliases("embeddings.position_embeddings.weight")),
            Names({"roberta.embeddings.position_embeddings.weight"}));
  EXPECT_EQ(aliasesOf(getRobertaCheckpointAliases("pooler.dense.bias")),
            Names({"roberta.pooler.dense.bias"}));
}

TEST(CheckpointNames, T5EmbeddingTiedCopy) {
  EXPECT_EQ(aliasesOf(getT5CheckpointAliases("shared.weight")),
            Names({"encoder.embed_tokens.weight"}));
  EXPECT_TRUE(getT5CheckpointAliases("encoder.final_layer_norm.weight").empty());
  EXPECT_TRUE(
      getT5CheckpointAliases("encoder.block.0.layer.1.DenseReluDense.wi.weight").empty());
}

TEST(CheckpointNames, LlamaCausalLMPrefix) {
  EXPECT_EQ(aliasesOf(getLlamaCheckpointAliases("embed_tokens.weight")),
            Names({"model.embed_tokens.weight"}));
  EXPECT_EQ(aliasesOf(getLlamaCheckpointAliases("layers.3.self_attn.k_proj.weight")),
            Names({"model.layers.3.self_attn.k_proj.weight"}));
  // The head sits beside the prefix.
  EXPECT_TRUE(getLlamaCheckpointAliases("lm_head.weight").empty());
}

TEST(CheckpointNames, BertTaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("embeddings.word_embeddings.weight")),
            Names({"bert.embeddings.word_embeddings.weight"}));
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("pooler.dense.bias")),
            Names({"bert.pooler.dense.bias"}));
}

TEST(CheckpointNames, BertLegacyLayerNormNames) {
  // gamma for weight, beta for bias; the unprefixed legacy name first, as
  // the runtime always tried it.
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("embeddings.LayerNorm.weight")),
            Names({"embeddings.LayerNorm.gamma", "bert.embeddings.LayerNorm.weight",
                   "bert.embeddings.LayerNorm.gamma"}));
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("encoder.layer.3.output.LayerNorm.bias")),
            Names({"encoder.layer.3.output.LayerNorm.beta",
                   "bert.encoder.layer.3.output.LayerNorm.bias",
                   "bert.encoder.layer.3.output.LayerNorm.beta"}));
  // Only a LayerNorm module's weight and bias have legacy names.
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("encoder.layer.0.output.dense.weight")),
            Names({"bert.encoder.layer.0.output.dense.weight"}));
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("encoder.LayerNormish.weight")),
            Names({"bert.encoder.LayerNormish.weight"}));
}

TEST(CheckpointNames, BertHeadsHaveNoPrefix) {
  // BertForMaskedLM's and BertForSequenceClassification's own weights sit
  // beside `bert.`, not under it.
  EXPECT_TRUE(getBertCheckpointAliases("cls.predictions.bias").empty());
  EXPECT_TRUE(getBertCheckpointAliases("cls.predictions.transform.dense.weight").empty());
  EXPECT_TRUE(getBertCheckpointAliases("classifier.weight").empty());
  EXPECT_TRUE(getBertCheckpointAliases("classifier.bias").empty());
  // The transform's LayerNorm still has its TensorFlow-era names.
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("cls.predictions.transform.LayerNorm.weight")),
            Names({"cls.predictions.transform.LayerNorm.gamma"}));
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("cls.predictions.transform.LayerNorm.bias")),
            Names({"cls.predictions.transform.LayerNorm.beta"}));
  // Only the whole first component counts: a base-model name that merely
  // starts with the same letters keeps the prefix.
  EXPECT_EQ(aliasesOf(getBertCheckpointAliases("classifiers.weight")),
            Names({"bert.classifiers.weight"}));
}

TEST(CheckpointNames, VitTaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getVitCheckpointAliases("embeddings.cls_token")),
            Names({"vit.embeddings.cls_token"}));
  // ViT's layer norms are layernorm_before/after: no legacy names.
  EXPECT_EQ(aliasesOf(getVitCheckpointAliases("encoder.layer.0.layernorm_before.weight")),
            Names({"vit.encoder.layer.0.layernorm_before.weight"}));
  EXPECT_EQ(aliasesOf(getVitCheckpointAliases("layernorm.bias")),
            Names({"vit.layernorm.bias"}));
}

TEST(CheckpointNames, VitClassifierHasNoAliases) {
  // ViTForImageClassification keeps its head outside the `vit.` prefix.
  EXPECT_TRUE(getVitCheckpointAliases("classifier.weight").empty());
  EXPECT_TRUE(getVitCheckpointAliases("classifier.bias").empty());
}

TEST(CheckpointNames, DeitTaskModelPrefix) {
  EXPECT_EQ(aliasesOf(getDeitCheckpointAliases("embeddings.distillation_token")),
            Names({"deit.embeddings.distillation_token"}));
  EXPECT_EQ(aliasesOf(getDeitCheckpointAliases("layernorm.weight")),
            Names({"deit.layernorm.weight"}));
  // DeiTModel's pooler: a task checkpoint has none, but the name is the same.
  EXPECT_EQ(aliasesOf(getDeitCheckpointAliases("pooler.dense.bias")),
            Names({"deit.pooler.dense.bias"}));
}

TEST(CheckpointNames, DeitHeadsHaveNoAliases) {
  // Both classifiers of the distilled model, and the single one, sit outside
  // the `deit.` prefix.
  EXPECT_TRUE(getDeitCheckpointAliases("cls_classifier.weight").empty());
  EXPECT_TRUE(getDeitCheckpointAliases("distillation_classifier.bias").empty());
  EXPECT_TRUE(getDeitCheckpointAliases("classifier.weight").empty());
}

} // namespace
