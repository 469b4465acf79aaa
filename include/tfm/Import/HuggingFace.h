//===- HuggingFace.h - import a Hugging Face config.json --------*- C++ -*-===//
//
// Builds the tfm-dialect model described by a Hugging Face `config.json`
// (GPT-2, BERT, ViT, openai-gpt, DistilBERT, RoBERTa, CLIP's text encoder
// and T5's encoder, with the task head
// its `architectures` names): one public `func.func @forward` whose weights
// are `tfm.param`s named as in Hugging Face's base model, or as in the task
// model for the head's own weights, each with the other names a checkpoint
// may give it (CheckpointNames.h).
//
//===----------------------------------------------------------------------===//

#ifndef TFM_IMPORT_HUGGINGFACE_H
#define TFM_IMPORT_HUGGINGFACE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace mlir {
class MLIRContext;

namespace tfm {

/// Receives one complete diagnostic, e.g.
/// `config.json: error: n_head (5) does not divide n_embd (768)`, without a
/// trailing newline. The importer stops at the first error.
using ImportErrorHandler = llvm::function_ref<void(llvm::StringRef message)>;

/// The `model_type`s the importer understands, sorted.
llvm::ArrayRef<llvm::StringRef> getSupportedModelTypes();

/// The Hugging Face classes (config.json's `architectures`) the importer
/// builds for `modelType`, the default (for a config without the field)
/// first; empty for an unknown model type.
/// - gpt2: GPT2LMHeadModel (outputs `logits` [B, T, vocab]);
/// - bert: BertModel (`last_hidden_state`, `pooler_output`), BertForMaskedLM
///   (`logits` [B, T, vocab]), BertForSequenceClassification (`logits`
///   [B, labels]);
/// - vit: ViTForImageClassification (`last_hidden_state`, `logits` [B, labels]);
/// - openai-gpt: OpenAIGPTLMHeadModel (`logits` [B, T, vocab]),
///   OpenAIGPTModel (`last_hidden_state`);
/// - distilbert: DistilBertModel (`last_hidden_state`), DistilBertForMaskedLM
///   (`logits` [B, T, vocab]);
/// - roberta: RobertaModel (`last_hidden_state`, `pooler_output`);
/// - t5: T5EncoderModel (`last_hidden_state`); a config naming
///   T5ForConditionalGeneration, T5Model or T5WithLMHeadModel is refused
///   unless `options.architecture` asks for T5EncoderModel;
/// - llama: LlamaForCausalLM (`logits` [B, T, vocab]), LlamaModel
///   (`last_hidden_state`).
llvm::ArrayRef<llvm::StringRef> getSupportedArchitectures(llvm::StringRef modelType);

/// What to build from a config beside what it says.
struct HuggingFaceImportOptions {
  /// Non-empty: the architecture to build, overriding `architectures`.
  std::string architecture;
  /// GPT2LMHeadModel and LlamaForCausalLM only: @forward takes and updates a
  /// KV cache, for generation (inputs `input_ids` [B, T], `position` (rank
  /// 0: the tokens the cache holds), `kv_cache` [layers, 2, B, M, D_kv],
  /// updated in place; D_kv is the hidden size, LLaMA's
  /// num_key_value_heads * head_dim).
  bool kvCache = false;
};

/// Builds the model described by the parsed config `config`: the model_type's
/// architecture named by `architectures` (which must have exactly one entry),
/// or its default when the field is absent. A non-empty `options.architecture`
/// overrides the field (e.g. BertModel, the encoder alone, from a
/// BertForMaskedLM checkpoint's config); it too must be one the model_type
/// supports. `sourceName` (usually the file name) prefixes every diagnostic
/// and becomes the location of the generated ops. Loads the dialects it needs
/// into `context`. The module is verified before it is returned; on any
/// error, `onError` is called once and failure is returned.
FailureOr<OwningOpRef<ModuleOp>>
importHuggingFaceConfig(MLIRContext &context, const llvm::json::Value &config,
                        llvm::StringRef sourceName, ImportErrorHandler onError,
                        const HuggingFaceImportOptions &options = {});

/// As above, from the text of a config.json (parse errors are reported with
/// their line, column and byte offset).
FailureOr<OwningOpRef<ModuleOp>>
importHuggingFaceConfigText(MLIRContext &context, llvm::StringRef text,
                            llvm::StringRef sourceName, ImportErrorHandler onError,
                            const HuggingFaceImportOptions &options = {});

/// As above, reading the config from the file at `path` (`-` is stdin).
FailureOr<OwningOpRef<ModuleOp>>
importHuggingFaceConfigFile(MLIRContext &context, llvm::StringRef path,
                            ImportErrorHandler onError,
                            const HuggingFaceImportOptions &options = {});

/// Parses the text of a config.json as the importer does: JSON nested no
/// deeper than kMaxConfigJsonDepth (llvm::json's parser recurses, so deeper
/// nesting could exhaust the stack); errors read `[line:column, byte=N]:
/// problem`.
llvm::Expected<llvm::json::Value> parseHuggingFaceConfigText(llvm::StringRef text);

} // namespace tfm
} // namespace mlir

#endif // TFM_IMPORT_HUGGINGFACE_H
