//===- CheckpointNames.cpp - the names checkpoints give a weight ----------===//

#include "tfm/Import/CheckpointNames.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/Twine.h"

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// `name` with the prefix of the task models that wrap the base model.
std::string withTaskPrefix(StringRef prefix, StringRef name) {
  return (prefix + name).str();
}

/// The TensorFlow-era name of a LayerNorm's `weight` (`gamma`) or `bias`
/// (`beta`), or an empty string for any other weight.
std::string legacyLayerNormName(StringRef name) {
  if (!name.contains(".LayerNorm."))
    return "";
  if (name.consume_back(".weight"))
    return (name + ".gamma").str();
  if (name.consume_back(".bias"))
    return (name + ".beta").str();
  return "";
}

} // namespace

SmallVector<std::string> mlir::tfm::getGpt2CheckpointAliases(StringRef name) {
  return {withTaskPrefix("transformer.", name)};
}

SmallVector<std::string> mlir::tfm::getOpenAIGptCheckpointAliases(StringRef name) {
  return {withTaskPrefix("transformer.", name)};
}

SmallVector<std::string> mlir::tfm::getDistilBertCheckpointAliases(StringRef name) {
  if (name.starts_with("vocab_"))
    return {};
  return {withTaskPrefix("distilbert.", name)};
}

SmallVector<std::string> mlir::tfm::getRobertaCheckpointAliases(StringRef name) {
  return {withTaskPrefix("roberta.", name)};
}

SmallVector<std::string> mlir::tfm::getBertCheckpointAliases(StringRef name) {
  std::string legacy = legacyLayerNormName(name);
  // The task heads' own weights sit beside the `bert.` prefix, not under it.
  if (name.starts_with("cls.") || name.starts_with("classifier.")) {
    if (legacy.empty())
      return {};
    return {legacy};
  }
  if (legacy.empty())
    return {withTaskPrefix("bert.", name)};
  return {legacy, withTaskPrefix("bert.", name), withTaskPrefix("bert.", legacy)};
}

SmallVector<std::string> mlir::tfm::getVitCheckpointAliases(StringRef name) {
  if (name.starts_with("classifier."))
    return {};
  return {withTaskPrefix("vit.", name)};
}

SmallVector<std::string> mlir::tfm::getDeitCheckpointAliases(StringRef name) {
  // The classifiers of DeiTForImageClassification(WithTeacher) sit beside
  // the `deit.` prefix.
  if (name.starts_with("classifier.") || name.starts_with("cls_classifier.") ||
      name.starts_with("distillation_classifier."))
    return {};
  return {withTaskPrefix("deit.", name)};
}

SmallVector<std::string> mlir::tfm::getClipTextCheckpointAliases(StringRef) { return {}; }

SmallVector<std::string> mlir::tfm::getT5CheckpointAliases(StringRef name) {
  if (name == "shared.weight")
    return {"encoder.embed_tokens.weight"};
  return {};
}

SmallVector<std::string> mlir::tfm::getLlamaCheckpointAliases(StringRef name) {
  // LlamaForCausalLM's head sits beside the `model.` prefix.
  if (name.starts_with("lm_head."))
    return {};
  return {withTaskPrefix("model.", name)};
}
