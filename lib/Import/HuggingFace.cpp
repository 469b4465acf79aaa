//===- HuggingFace.cpp - import a Hugging Face config.json ----------------===//
//
// Reads a Hugging Face config.json and builds the model in the tfm dialect.
// The IR is a contract with the compiler and the runtime:
//
// - one public `func.func @forward`, batch and sequence dimensions dynamic;
//   arguments and results carry `tfm.name` (the runtime's input/output
//   names), optional inputs also `tfm.default` ("ones" or "zeros");
// - every weight is a `tfm.param` named as in Hugging Face's base model
//   (without a task model's prefix such as `transformer.`), with the other
//   names a checkpoint may give it as `aliases` (CheckpointNames.h), created
//   once, at the top of the function, and reused (GPT-2's tied LM head);
// - each transformer layer is a `tfm.layer` yielding the new hidden state,
//   so that tfm-outline-layers compiles identical layers once;
// - attention is written out, unfused (split_heads, matmul, scale, mask,
//   softmax, matmul, merge_heads), in the form tfm-fuse-masked-softmax and
//   the later fusions match; LLaMA's grouped-query attention, which that
//   chain cannot express, is tfm.attention itself.
//
//===----------------------------------------------------------------------===//

#include "tfm/Import/HuggingFace.h"
#include "tfm/Import/CheckpointNames.h"

#include "tfm/Dialect/Tfm/IR/TfmBuilders.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Support/InputFile.h"
#include "tfm/Support/Limits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::tfm;
namespace json = llvm::json;

namespace {

constexpr int64_t kDynamic = ShapedType::kDynamic;

using ::tfm::limits::kMaxConfigFileBytes;
using ::tfm::limits::kMaxConfigJsonDepth;
using ::tfm::limits::kMaxConfigSize;
using ::tfm::limits::kMaxLayers;

//===----------------------------------------------------------------------===//
// Reading the config
//===----------------------------------------------------------------------===//

/// The shortest decimal form of `value` that reads back as the same double
/// (`1e-12`, not `9.9999999999999998e-13`), for diagnostics.
std::string formatNumber(double value) {
  for (int precision = 1; precision < 17; ++precision) {
    std::string text = llvm::formatv("{0}", llvm::format("%.*g", precision, value)).str();
    if (std::strtod(text.c_str(), nullptr) == value)
      return text;
  }
  return llvm::formatv("{0}", llvm::format("%.17g", value)).str();
}

/// "a string", "an object", ...: what a JSON value is, for diagnostics.
std::string describeKind(const json::Value &value) {
  switch (value.kind()) {
  case json::Value::Null:
    return "null";
  case json::Value::Boolean:
    return value.getAsBoolean().value_or(false) ? "true" : "false";
  case json::Value::Number:
    if (std::optional<int64_t> integer = value.getAsInteger())
      return "the number " + std::to_string(*integer);
    return "the number " + formatNumber(*value.getAsNumber());
  case json::Value::String:
    return llvm::formatv("the string {0}", value).str();
  case json::Value::Array:
    return "an array";
  case json::Value::Object:
    return "an object";
  }
  llvm_unreachable("unknown JSON kind");
}

/// Typed access to the fields of the config object. Every failure has been
/// reported (once, through the error handler) when a method returns failure.
class ConfigReader {
public:
  ConfigReader(const json::Object &object, StringRef sourceName,
               ImportErrorHandler onError)
      : object(object), sourceName(sourceName), onError(onError) {}

  /// Reports `message` against the config file and returns failure.
  LogicalResult error(const Twine &message) const {
    std::string text = (sourceName + ": error: " + message).str();
    onError(text);
    return failure();
  }

  /// The model type, for "needed for" notes in diagnostics; set once known.
  void setModelType(StringRef type) { modelType = type.str(); }

  const json::Value *lookup(StringRef field) const { return object.get(field); }

  /// A field that must be present (and not null).
  FailureOr<const json::Value *> required(StringRef field) const {
    const json::Value *value = object.get(field);
    if (!value || value->kind() == json::Value::Null) {
      if (modelType.empty())
        return error("missing required field \"" + field + "\"");
      return error("missing required field \"" + field + "\" (needed for model_type \"" +
                   modelType + "\")");
    }
    return value;
  }

  /// Checks that `value` (the field `field`) is an integer in [1, max].
  FailureOr<int64_t> checkPositiveInt(StringRef field, const json::Value &value,
                                      int64_t max = kMaxConfigSize) const {
    std::optional<int64_t> integer = value.getAsInteger();
    if (!integer)
      return error("field \"" + field + "\" must be an integer, but is " +
                   describeKind(value));
    if (*integer <= 0)
      return error("field \"" + field + "\" must be positive, but is " +
                   Twine(*integer));
    if (*integer > max)
      return error("field \"" + field + "\" is too large: " + Twine(*integer) +
                   " (at most " + Twine(max) + ")");
    return *integer;
  }

  /// A required integer in [1, max].
  FailureOr<int64_t> positiveInt(StringRef field, int64_t max = kMaxConfigSize) const {
    FailureOr<const json::Value *> value = required(field);
    if (failed(value))
      return failure();
    return checkPositiveInt(field, **value, max);
  }

  /// An integer in [1, kMaxConfigSize] that may be absent or null (std::nullopt).
  FailureOr<std::optional<int64_t>> optionalPositiveInt(StringRef field) const {
    const json::Value *value = object.get(field);
    if (!value || value->kind() == json::Value::Null)
      return std::optional<int64_t>();
    FailureOr<int64_t> integer = checkPositiveInt(field, *value);
    if (failed(integer))
      return failure();
    return std::optional<int64_t>(*integer);
  }

  /// A required number > 0 (integers are accepted).
  FailureOr<double> positiveNumber(StringRef field) const {
    FailureOr<const json::Value *> value = required(field);
    if (failed(value))
      return failure();
    std::optional<double> number = (*value)->getAsNumber();
    if (!number)
      return error("field \"" + field + "\" must be a number, but is " +
                   describeKind(**value));
    if (!(*number > 0.0) || !std::isfinite(*number))
      return error("field \"" + field + "\" must be positive, but is " +
                   formatNumber(*number));
    return *number;
  }

  /// A required string.
  FailureOr<StringRef> string(StringRef field) const {
    FailureOr<const json::Value *> value = required(field);
    if (failed(value))
      return failure();
    std::optional<StringRef> text = (*value)->getAsString();
    if (!text)
      return error("field \"" + field + "\" must be a string, but is " +
                   describeKind(**value));
    return *text;
  }

  /// An optional boolean the importer only supports with one value: absent
  /// or null means Hugging Face's default, which is the supported value.
  LogicalResult requireFlag(StringRef field, bool supported) const {
    const json::Value *value = object.get(field);
    if (!value || value->kind() == json::Value::Null)
      return success();
    std::optional<bool> flag = value->getAsBoolean();
    if (!flag)
      return error("field \"" + field + "\" must be a boolean, but is " +
                   describeKind(*value));
    if (*flag != supported)
      return error("unsupported " + field + " = " + (*flag ? "true" : "false") +
                   " (only " + (supported ? "true" : "false") + " is supported)");
    return success();
  }

  /// An optional string the importer only supports with one value.
  LogicalResult requireString(StringRef field, StringRef supported) const {
    const json::Value *value = object.get(field);
    if (!value || value->kind() == json::Value::Null)
      return success();
    std::optional<StringRef> text = value->getAsString();
    if (!text)
      return error("field \"" + field + "\" must be a string, but is " +
                   describeKind(*value));
    if (*text != supported)
      return error("unsupported " + field + " \"" + *text + "\" (only \"" + supported +
                   "\" is supported)");
    return success();
  }

  /// The GELU variant of an activation name (Hugging Face's ACT2FN keys).
  FailureOr<GeluApproximation> gelu(StringRef field) const {
    FailureOr<StringRef> name = string(field);
    if (failed(name))
      return failure();
    if (*name == "gelu")
      return GeluApproximation::erf;
    if (*name == "gelu_new" || *name == "gelu_pytorch_tanh")
      return GeluApproximation::tanh;
    return error("unsupported " + field + " \"" + *name +
                 "\" (supported: \"gelu\" (erf), \"gelu_new\" and "
                 "\"gelu_pytorch_tanh\" (tanh approximation))");
  }

  /// The activation of CLIP's MLP: "quick_gelu" (x·σ(1.702x)) or "gelu".
  FailureOr<GeluApproximation> clipActivation(StringRef field) const {
    FailureOr<StringRef> name = string(field);
    if (failed(name))
      return failure();
    if (*name == "quick_gelu")
      return GeluApproximation::sigmoid;
    if (*name == "gelu")
      return GeluApproximation::erf;
    return error("unsupported " + field + " \"" + *name +
                 "\" (supported: \"quick_gelu\" (x * sigmoid(1.702 x)) and \"gelu\" (erf))");
  }

  /// The one entry of `architectures` (the Hugging Face class the checkpoint
  /// was saved from), or std::nullopt when the field is absent or null.
  FailureOr<std::optional<StringRef>> architecture() const {
    const json::Value *value = object.get("architectures");
    if (!value || value->kind() == json::Value::Null)
      return std::optional<StringRef>();
    const json::Array *entries = value->getAsArray();
    if (!entries)
      return error("field \"architectures\" must be an array of one string, but is " +
                   describeKind(*value));
    if (entries->empty())
      return error("field \"architectures\" is empty: it must name the one architecture "
                   "to build");
    for (const json::Value &entry : *entries)
      if (!entry.getAsString())
        return error("field \"architectures\" must hold strings, but an entry is " +
                     describeKind(entry));
    if (entries->size() > 1) {
      std::string names;
      for (const json::Value &entry : *entries)
        names += (names.empty() ? "" : ", ") + llvm::formatv("{0}", entry).str();
      return error("field \"architectures\" names " + Twine(entries->size()) +
                   " architectures (" + names + "); the importer builds one model, so it "
                   "must name exactly one");
    }
    return std::optional<StringRef>(*entries->front().getAsString());
  }

  /// The number of a classifier's labels: `num_labels`, or failing that the
  /// size of `id2label`; when both are present they must agree. id2label's
  /// keys must be the label indices 0 to N-1 (what Hugging Face's
  /// pipelines look up) and its values strings. `neededFor` says which
  /// model needs a classifier, for the diagnostic when both are absent.
  FailureOr<int64_t> labelCount(StringRef neededFor) const {
    const json::Value *id2labelValue = object.get("id2label");
    const json::Object *id2label = nullptr;
    if (id2labelValue && id2labelValue->kind() != json::Value::Null) {
      id2label = id2labelValue->getAsObject();
      if (!id2label)
        return error("field \"id2label\" must be an object, but is " +
                     describeKind(*id2labelValue));
    }
    FailureOr<std::optional<int64_t>> numLabels = optionalPositiveInt("num_labels");
    if (failed(numLabels))
      return failure();
    int64_t labels;
    if (*numLabels) {
      labels = **numLabels;
      if (id2label && static_cast<int64_t>(id2label->size()) != labels)
        return error("num_labels (" + Twine(labels) + ") does not match the " +
                     Twine(id2label->size()) + " entries of id2label");
    } else if (id2label) {
      if (id2label->empty())
        return error("field \"id2label\" is empty and there is no \"num_labels\": "
                     "the classifier needs at least one label");
      labels = static_cast<int64_t>(id2label->size());
    } else {
      return error("missing required field \"num_labels\" (needed for " + neededFor +
                   "; \"id2label\" is absent too, so the number of labels is unknown)");
    }
    if (id2label) {
      // Sizes agree, so every index 0..N-1 present means no other key is.
      for (int64_t index = 0; index < labels; ++index) {
        const json::Value *label = id2label->get(std::to_string(index));
        if (!label)
          return error("field \"id2label\" has no entry \"" + Twine(index) +
                       "\": its keys must be the label indices 0 to " + Twine(labels - 1));
        if (!label->getAsString())
          return error("field \"id2label\": the label of \"" + Twine(index) +
                       "\" must be a string, but is " + describeKind(*label));
      }
    }
    return labels;
  }

  /// Checks that `heads` divides `hidden`.
  LogicalResult checkDivides(StringRef headsField, int64_t heads, StringRef hiddenField,
                             int64_t hidden) const {
    if (hidden % heads != 0)
      return error(headsField + " (" + Twine(heads) + ") does not divide " + hiddenField +
                   " (" + Twine(hidden) + ")");
    return success();
  }

private:
  const json::Object &object;
  StringRef sourceName;
  ImportErrorHandler onError;
  std::string modelType;
};

struct Gpt2Config {
  int64_t vocab, positions, hidden, layers, heads, inner;
  double eps;
  GeluApproximation gelu;
};

/// openai-gpt (OpenAIGPTModel, OpenAIGPTLMHeadModel): the original GPT.
struct OpenAIGptConfig {
  int64_t vocab, positions, hidden, layers, heads;
  double eps;
  bool lmHead = false; // OpenAIGPTLMHeadModel: logits; OpenAIGPTModel: last_hidden_state
};

/// DistilBERT (DistilBertModel, DistilBertForMaskedLM). Its layer norms'
/// epsilon is not in the config: Hugging Face fixes it at 1e-12.
struct DistilBertConfig {
  int64_t vocab, hidden, layers, heads, intermediate, positions;
  bool maskedLM = false;
  static constexpr double eps = 1e-12;
};

/// What a BERT model computes after the encoder, by its Hugging Face class.
enum class BertHead {
  encoder,                // BertModel: last_hidden_state, pooler_output
  maskedLM,               // BertForMaskedLM: logits over the vocabulary per token
  sequenceClassification, // BertForSequenceClassification: logits per label
};

struct BertConfig {
  int64_t vocab, hidden, layers, heads, intermediate, positions, typeVocab;
  double eps;
  GeluApproximation gelu;
  BertHead head = BertHead::encoder;
  int64_t labels = 0; // sequenceClassification only
  /// RoBERTa: positions past this padding id (pad_token_id), from it + 1.
  std::optional<int64_t> positionPadding;
};

/// What a ViT-style model computes after its final layer norm, besides
/// last_hidden_state.
enum class VitHead {
  classifier,          // ViT/DeiTForImageClassification: `classifier` on token 0
  distilledClassifier, // DeiTForImageClassificationWithTeacher: the mean of
                       // cls_classifier (token 0) and distillation_classifier (token 1)
  pooler,              // DeiTModel: pooler_output, tanh(pooler.dense(token 0))
};

/// ViT and DeiT: one pre-LN encoder over patches. DeiT's embeddings (all of
/// its classes, as Hugging Face's DeiTEmbeddings) put a distillation token
/// after the CLS token: [CLS, distillation, patches].
struct VitConfig {
  int64_t imageSize, patchSize, channels, hidden, layers, heads, intermediate;
  double eps;
  GeluApproximation gelu;
  bool distillationToken = false;
  VitHead head = VitHead::classifier;
  int64_t labels = 0;     // the classifiers
  int64_t poolerSize = 0; // the pooler
};

struct ClipTextConfig {
  int64_t vocab, hidden, layers, heads, intermediate, positions;
  double eps;
  GeluApproximation activation;
  /// Where the pooled output is taken: the largest id (std::nullopt), or
  /// the first position of this id.
  std::optional<int64_t> poolAtFirst;
};

/// T5's encoder (T5EncoderModel): pre-norm blocks with T5's RMS layer norm,
/// linears without bias, a bucketed relative position bias shared by all
/// layers, and a ReLU or gated-GELU feed-forward.
struct T5Config {
  int64_t vocab, dModel, dKv, dFf, layers, heads, buckets, maxDistance;
  double eps;
  bool gated = false; // feed_forward_proj "gated-gelu": wi_0 (gelu_new) gates wi_1
};

/// LLaMA-style decoder (LlamaForCausalLM, LlamaModel): pre-norm blocks with
/// RMSNorm, rotary positions on the queries and keys, grouped-query
/// attention, a SwiGLU MLP, linears without bias, and a final RMSNorm.
struct LlamaConfig {
  int64_t vocab, hidden, intermediate, layers, heads, kvHeads, positions;
  double eps, theta;
  bool lmHead = false; // LlamaForCausalLM: logits; LlamaModel: last_hidden_state
  bool tied = false;   // the LM head is embed_tokens (tie_word_embeddings)
  int64_t headDim() const { return hidden / heads; }
};

/// Stores a successfully read field in `out`. Chained with `||`, reads stop
/// at the first bad field, so only that one is reported.
template <typename T, typename U>
LogicalResult readInto(FailureOr<T> value, U &out) {
  if (failed(value))
    return failure();
  out = *value;
  return success();
}

FailureOr<Gpt2Config> readGpt2(const ConfigReader &cfg) {
  Gpt2Config c;
  std::optional<int64_t> inner;
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("n_positions"), c.positions)) ||
      failed(readInto(cfg.positiveInt("n_embd"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("n_layer", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("n_head"), c.heads)) ||
      failed(readInto(cfg.optionalPositiveInt("n_inner"), inner)) ||
      failed(readInto(cfg.positiveNumber("layer_norm_epsilon"), c.eps)) ||
      failed(readInto(cfg.gelu("activation_function"), c.gelu)) ||
      failed(cfg.checkDivides("n_head", c.heads, "n_embd", c.hidden)))
    return failure();
  // Variants Hugging Face's GPT2Model supports that this importer does not
  // build; refusing them beats silently computing something else.
  if (failed(cfg.requireFlag("scale_attn_weights", true)) ||
      failed(cfg.requireFlag("scale_attn_by_inverse_layer_idx", false)) ||
      failed(cfg.requireFlag("add_cross_attention", false)) ||
      failed(cfg.requireFlag("tie_word_embeddings", true)))
    return failure();
  c.inner = inner.value_or(4 * c.hidden);
  return c;
}

FailureOr<OpenAIGptConfig> readOpenAIGpt(const ConfigReader &cfg, StringRef architecture) {
  OpenAIGptConfig c;
  c.lmHead = architecture == "OpenAIGPTLMHeadModel";
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("n_positions"), c.positions)) ||
      failed(readInto(cfg.positiveInt("n_embd"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("n_layer", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("n_head"), c.heads)) ||
      failed(readInto(cfg.positiveNumber("layer_norm_epsilon"), c.eps)))
    return failure();
  // openai-gpt's MLP looks `afn` up in its own table (modeling_openai's
  // ACT_FNS), not in ACT2FN: there "gelu" is the tanh approximation
  // (gelu_new), the GELU the original GPT was trained with.
  FailureOr<StringRef> afn = cfg.string("afn");
  if (failed(afn))
    return failure();
  if (*afn != "gelu")
    return cfg.error("unsupported afn \"" + *afn +
                     "\" (only \"gelu\" is supported, which openai-gpt computes with the "
                     "tanh approximation)");
  if (failed(cfg.checkDivides("n_head", c.heads, "n_embd", c.hidden)))
    return failure();
  if (c.lmHead && failed(cfg.requireFlag("tie_word_embeddings", true)))
    return failure();
  return c;
}

FailureOr<DistilBertConfig> readDistilBert(const ConfigReader &cfg, StringRef architecture) {
  DistilBertConfig c;
  c.maskedLM = architecture == "DistilBertForMaskedLM";
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("dim"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("n_layers", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("n_heads"), c.heads)) ||
      failed(readInto(cfg.positiveInt("hidden_dim"), c.intermediate)) ||
      failed(readInto(cfg.positiveInt("max_position_embeddings"), c.positions)))
    return failure();
  // Hugging Face's DistilBERT takes "gelu" (erf, ACT2FN's) or "relu"; only
  // the GELU is built here.
  if (failed(cfg.requireString("activation", "gelu")) ||
      failed(cfg.checkDivides("n_heads", c.heads, "dim", c.hidden)))
    return failure();
  // Sinusoidal positions would be a fixed table computed in the model, not
  // the learned `position_embeddings` weight the importer binds.
  if (failed(cfg.requireFlag("sinusoidal_pos_embds", false)))
    return failure();
  if (c.maskedLM && failed(cfg.requireFlag("tie_word_embeddings", true)))
    return failure();
  return c;
}

FailureOr<BertConfig> readBert(const ConfigReader &cfg, StringRef architecture) {
  BertConfig c;
  if (architecture == "BertForMaskedLM")
    c.head = BertHead::maskedLM;
  else if (architecture == "BertForSequenceClassification")
    c.head = BertHead::sequenceClassification;
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("hidden_size"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("num_hidden_layers", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("num_attention_heads"), c.heads)) ||
      failed(readInto(cfg.positiveInt("intermediate_size"), c.intermediate)) ||
      failed(readInto(cfg.gelu("hidden_act"), c.gelu)) ||
      failed(readInto(cfg.positiveInt("max_position_embeddings"), c.positions)) ||
      failed(readInto(cfg.positiveInt("type_vocab_size"), c.typeVocab)) ||
      failed(readInto(cfg.positiveNumber("layer_norm_eps"), c.eps)) ||
      failed(cfg.checkDivides("num_attention_heads", c.heads, "hidden_size", c.hidden)))
    return failure();
  if (failed(cfg.requireString("position_embedding_type", "absolute")) ||
      failed(cfg.requireFlag("is_decoder", false)) ||
      failed(cfg.requireFlag("add_cross_attention", false)))
    return failure();
  // The masked-LM decoder is the word embedding matrix (Hugging Face's
  // default); an untied decoder would be another weight.
  if (c.head == BertHead::maskedLM && failed(cfg.requireFlag("tie_word_embeddings", true)))
    return failure();
  if (c.head == BertHead::sequenceClassification &&
      failed(readInto(cfg.labelCount("architecture \"BertForSequenceClassification\""),
                      c.labels)))
    return failure();
  return c;
}

/// RoBERTa (RobertaModel): BERT's encoder and pooler, its positions counted
/// past the padding id `pad_token_id` (RobertaConfig's default 1 when the
/// field is absent), so that position P + 1 is the first real token's.
FailureOr<BertConfig> readRoberta(const ConfigReader &cfg, StringRef architecture) {
  FailureOr<BertConfig> c = readBert(cfg, architecture);
  if (failed(c))
    return failure();
  int64_t padding = 1;
  if (const json::Value *value = cfg.lookup("pad_token_id");
      value && value->kind() != json::Value::Null) {
    std::optional<int64_t> id = value->getAsInteger();
    if (!id)
      return cfg.error("field \"pad_token_id\" must be an integer, but is " +
                       describeKind(*value));
    if (*id < 0)
      return cfg.error("field \"pad_token_id\" must not be negative, but is " + Twine(*id));
    padding = *id;
  }
  // The first real token is at padding + 1: the table needs more rows.
  if (c->positions <= padding + 1)
    return cfg.error("max_position_embeddings (" + Twine(c->positions) +
                     ") must exceed pad_token_id (" + Twine(padding) +
                     ") + 1: RoBERTa's first token is at position pad_token_id + 1");
  c->positionPadding = padding;
  return c;
}

/// ViT (`vit`) and DeiT (`deit`), whose configs share these fields.
FailureOr<VitConfig> readVit(const ConfigReader &cfg, StringRef modelType,
                             StringRef architecture) {
  VitConfig c;
  if (failed(readInto(cfg.positiveInt("image_size"), c.imageSize)) ||
      failed(readInto(cfg.positiveInt("patch_size"), c.patchSize)) ||
      failed(readInto(cfg.positiveInt("num_channels"), c.channels)) ||
      failed(readInto(cfg.positiveInt("hidden_size"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("num_hidden_layers", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("num_attention_heads"), c.heads)) ||
      failed(readInto(cfg.positiveInt("intermediate_size"), c.intermediate)) ||
      failed(readInto(cfg.gelu("hidden_act"), c.gelu)) ||
      failed(readInto(cfg.positiveNumber("layer_norm_eps"), c.eps)))
    return failure();

  c.distillationToken = modelType == "deit";
  if (architecture == "DeiTForImageClassificationWithTeacher")
    c.head = VitHead::distilledClassifier;
  else if (architecture == "DeiTModel")
    c.head = VitHead::pooler;

  if (c.head != VitHead::pooler) {
    std::string neededFor = modelType == "vit" ? std::string("model_type \"vit\"")
                                               : "architecture \"" + architecture.str() + "\"";
    if (failed(readInto(cfg.labelCount(neededFor), c.labels)))
      return failure();
  }

  if (c.imageSize % c.patchSize != 0)
    return cfg.error("image_size (" + Twine(c.imageSize) +
                     ") is not a multiple of patch_size (" + Twine(c.patchSize) + ")");
  if (failed(cfg.checkDivides("num_attention_heads", c.heads, "hidden_size", c.hidden)))
    return failure();
  if (failed(cfg.requireFlag("qkv_bias", true)))
    return failure();
  if (c.head == VitHead::pooler) {
    // DeiTPooler: Linear(hidden_size, pooler_output_size) and pooler_act,
    // which default to hidden_size and "tanh" (absent in older configs).
    std::optional<int64_t> size;
    if (failed(readInto(cfg.optionalPositiveInt("pooler_output_size"), size)) ||
        failed(cfg.requireString("pooler_act", "tanh")))
      return failure();
    c.poolerSize = size.value_or(c.hidden);
  }
  return c;
}

FailureOr<ClipTextConfig> readClipText(const ConfigReader &cfg) {
  ClipTextConfig c;
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("hidden_size"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("intermediate_size"), c.intermediate)) ||
      failed(readInto(cfg.positiveInt("num_hidden_layers", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("num_attention_heads"), c.heads)) ||
      failed(readInto(cfg.positiveInt("max_position_embeddings"), c.positions)) ||
      failed(readInto(cfg.positiveNumber("layer_norm_eps"), c.eps)) ||
      failed(readInto(cfg.clipActivation("hidden_act"), c.activation)) ||
      failed(cfg.checkDivides("num_attention_heads", c.heads, "hidden_size", c.hidden)))
    return failure();
  // Hugging Face pools at the argmax of the ids when eos_token_id is 2 (the
  // original CLIP configs, whose eos_token_id is wrong: their end-of-text
  // token is the largest id, 49407), and at the first eos_token_id
  // otherwise. Absent, it is CLIPTextConfig's default: 2 in the versions
  // that wrote such configs.
  if (const json::Value *eos = cfg.lookup("eos_token_id");
      eos && eos->kind() != json::Value::Null) {
    std::optional<int64_t> id = eos->getAsInteger();
    if (!id)
      return cfg.error("field \"eos_token_id\" must be an integer, but is " +
                       describeKind(*eos));
    if (*id != 2)
      c.poolAtFirst = *id;
  }
  return c;
}

/// T5's encoder. T5Config derives is_gated_act and dense_act_fn from
/// feed_forward_proj, but a saved config's own values of those fields win
/// over the derived ones (PretrainedConfig sets its remaining keywords
/// last), so they must agree with what is built.
FailureOr<T5Config> readT5(const ConfigReader &cfg) {
  T5Config c;
  std::optional<int64_t> buckets, maxDistance;
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("d_model"), c.dModel)) ||
      failed(readInto(cfg.positiveInt("d_kv"), c.dKv)) ||
      failed(readInto(cfg.positiveInt("d_ff"), c.dFf)) ||
      failed(readInto(cfg.positiveInt("num_layers", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("num_heads"), c.heads)) ||
      failed(readInto(cfg.optionalPositiveInt("relative_attention_num_buckets"), buckets)) ||
      failed(readInto(cfg.optionalPositiveInt("relative_attention_max_distance"),
                      maxDistance)) ||
      failed(readInto(cfg.positiveNumber("layer_norm_epsilon"), c.eps)))
    return failure();
  // T5Config's defaults.
  c.buckets = buckets.value_or(32);
  c.maxDistance = maxDistance.value_or(128);
  if (c.heads * c.dKv > kMaxConfigSize)
    return cfg.error("num_heads (" + Twine(c.heads) + ") * d_kv (" + Twine(c.dKv) +
                     ") is too large (at most " + Twine(kMaxConfigSize) + ")");
  // The encoder's table splits its buckets between the two directions
  // (an odd count leaves one row no distance reaches), and each direction's
  // first half holds one distance each: the logarithmic buckets need
  // max_distance past them (Hugging Face's log of max_distance / that
  // half would be 0 or negative).
  if (c.buckets < 4 || c.buckets % 2 != 0)
    return cfg.error("relative_attention_num_buckets (" + Twine(c.buckets) +
                     ") must be even and at least 4: T5's encoder splits them between "
                     "keys before and after the query");
  if (c.maxDistance <= c.buckets / 4)
    return cfg.error("relative_attention_max_distance (" + Twine(c.maxDistance) +
                     ") must exceed relative_attention_num_buckets / 4 (" +
                     Twine(c.buckets / 4) + "), the distances with a bucket each");
  // The bucket of each distance up to it is tabulated at compile time.
  constexpr int64_t kMaxRelativeDistance = int64_t(1) << 20;
  if (c.maxDistance > kMaxRelativeDistance)
    return cfg.error("field \"relative_attention_max_distance\" is too large: " +
                     Twine(c.maxDistance) + " (at most " + Twine(kMaxRelativeDistance) + ")");
  // feed_forward_proj: absent is T5Config's default, "relu".
  StringRef proj = "relu";
  if (const json::Value *value = cfg.lookup("feed_forward_proj");
      value && value->kind() != json::Value::Null) {
    std::optional<StringRef> text = value->getAsString();
    if (!text)
      return cfg.error("field \"feed_forward_proj\" must be a string, but is " +
                       describeKind(*value));
    proj = *text;
  }
  if (proj == "gated-gelu")
    c.gated = true;
  else if (proj != "relu")
    return cfg.error("unsupported feed_forward_proj \"" + proj +
                     "\" (supported: \"relu\" (T5) and \"gated-gelu\" (T5 v1.1, Flan-T5: "
                     "gelu_new gating))");
  if (const json::Value *value = cfg.lookup("is_gated_act");
      value && value->kind() != json::Value::Null) {
    std::optional<bool> flag = value->getAsBoolean();
    if (!flag)
      return cfg.error("field \"is_gated_act\" must be a boolean, but is " +
                       describeKind(*value));
    if (*flag != c.gated)
      return cfg.error("is_gated_act = " + Twine(*flag ? "true" : "false") +
                       " contradicts feed_forward_proj \"" + proj + "\" (which makes it " +
                       (c.gated ? "true" : "false") + ")");
  }
  StringRef activation = c.gated ? "gelu_new" : "relu";
  if (const json::Value *value = cfg.lookup("dense_act_fn");
      value && value->kind() != json::Value::Null) {
    std::optional<StringRef> text = value->getAsString();
    if (!text)
      return cfg.error("field \"dense_act_fn\" must be a string, but is " +
                       describeKind(*value));
    if (*text != activation)
      return cfg.error("dense_act_fn \"" + *text + "\" contradicts feed_forward_proj \"" +
                       proj + "\" (which makes it \"" + activation + "\")");
  }
  if (failed(cfg.requireFlag("is_decoder", false)))
    return failure();
  return c;
}

/// LLaMA. Variants LlamaConfig describes that this importer does not build
/// (scaled rotary frequencies, biases, other activations, a head size other
/// than hidden / heads, tensor-parallel pretraining's split linears, a
/// sliding window) are refused, naming the field.
FailureOr<LlamaConfig> readLlama(const ConfigReader &cfg, StringRef architecture) {
  LlamaConfig c;
  c.lmHead = architecture == "LlamaForCausalLM";
  std::optional<int64_t> kvHeads;
  if (failed(readInto(cfg.positiveInt("vocab_size"), c.vocab)) ||
      failed(readInto(cfg.positiveInt("hidden_size"), c.hidden)) ||
      failed(readInto(cfg.positiveInt("intermediate_size"), c.intermediate)) ||
      failed(readInto(cfg.positiveInt("num_hidden_layers", kMaxLayers), c.layers)) ||
      failed(readInto(cfg.positiveInt("num_attention_heads"), c.heads)) ||
      failed(readInto(cfg.optionalPositiveInt("num_key_value_heads"), kvHeads)) ||
      failed(readInto(cfg.positiveInt("max_position_embeddings"), c.positions)) ||
      failed(readInto(cfg.positiveNumber("rms_norm_eps"), c.eps)) ||
      failed(cfg.checkDivides("num_attention_heads", c.heads, "hidden_size", c.hidden)))
    return failure();
  // LlamaConfig's defaults: as many key/value heads as query heads, and
  // rope_theta 10000.
  c.kvHeads = kvHeads.value_or(c.heads);
  c.theta = 10000.0;
  if (const json::Value *value = cfg.lookup("rope_theta");
      value && value->kind() != json::Value::Null &&
      failed(readInto(cfg.positiveNumber("rope_theta"), c.theta)))
    return failure();
  if (c.heads % c.kvHeads != 0)
    return cfg.error("num_key_value_heads (" + Twine(c.kvHeads) +
                     ") does not divide num_attention_heads (" + Twine(c.heads) +
                     "): each key/value head serves a group of query heads");
  // Rotate-half pairs feature i of a head with feature i + head_dim / 2.
  if (c.headDim() % 2 != 0)
    return cfg.error("hidden_size / num_attention_heads (" + Twine(c.hidden) + " / " +
                     Twine(c.heads) + " = " + Twine(c.headDim()) +
                     ") is odd: the rotary embedding rotates pairs of a head's features");
  if (const json::Value *value = cfg.lookup("head_dim");
      value && value->kind() != json::Value::Null) {
    FailureOr<int64_t> headDim = cfg.checkPositiveInt("head_dim", *value);
    if (failed(headDim))
      return failure();
    if (*headDim != c.headDim())
      return cfg.error("unsupported head_dim " + Twine(*headDim) +
                       " (only hidden_size / num_attention_heads = " + Twine(c.headDim()) +
                       " is supported)");
  }
  // rope_scaling: null, or the plain frequencies spelled out (rope_type
  // "default"); any scaling (linear, dynamic, yarn, llama3, ...) changes
  // them.
  if (const json::Value *value = cfg.lookup("rope_scaling");
      value && value->kind() != json::Value::Null) {
    const json::Object *scaling = value->getAsObject();
    if (!scaling)
      return cfg.error("field \"rope_scaling\" must be null (no scaling), but is " +
                       describeKind(*value));
    std::optional<StringRef> type;
    for (StringRef key : {"rope_type", "type"})
      if (const json::Value *entry = scaling->get(key); entry && !type)
        type = entry->getAsString();
    if (!type || *type != "default" || scaling->size() != 1) {
      std::string named = type ? (" of rope_type \"" + *type + "\"").str() : "";
      return cfg.error("unsupported rope_scaling" + named +
                       " (only null is supported: the rotary frequencies are not scaled)");
    }
  }
  if (failed(cfg.requireString("hidden_act", "silu")) ||
      failed(cfg.requireFlag("attention_bias", false)) ||
      failed(cfg.requireFlag("mlp_bias", false)))
    return failure();
  if (const json::Value *value = cfg.lookup("pretraining_tp");
      value && value->kind() != json::Value::Null) {
    std::optional<int64_t> tp = value->getAsInteger();
    if (!tp)
      return cfg.error("field \"pretraining_tp\" must be an integer, but is " +
                       describeKind(*value));
    if (*tp != 1)
      return cfg.error("unsupported pretraining_tp " + Twine(*tp) + " (only 1 is supported)");
  }
  if (const json::Value *value = cfg.lookup("sliding_window");
      value && value->kind() != json::Value::Null) {
    std::optional<int64_t> window = value->getAsInteger();
    if (!window)
      return cfg.error("field \"sliding_window\" must be null (no window), but is " +
                       describeKind(*value));
    return cfg.error("unsupported sliding_window " + Twine(*window) +
                     " (only null is supported: every token attends to all earlier ones)");
  }
  // LlamaConfig's default is an untied head (lm_head.weight).
  if (const json::Value *value = cfg.lookup("tie_word_embeddings");
      value && value->kind() != json::Value::Null) {
    std::optional<bool> tied = value->getAsBoolean();
    if (!tied)
      return cfg.error("field \"tie_word_embeddings\" must be a boolean, but is " +
                       describeKind(*value));
    c.tied = *tied;
  }
  return c;
}

//===----------------------------------------------------------------------===//
// Building the IR
//===----------------------------------------------------------------------===//

/// An argument or result of @forward.
struct Port {
  StringRef name;
  Type type;
  StringRef defaultFill = {}; // tfm.default, for optional inputs
};

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// The other names a checkpoint may give a weight (CheckpointNames.h).
using CheckpointAliases = SmallVector<std::string> (*)(StringRef name);

/// Builds @forward op by op. Parameters are created on first use at the top
/// of the function, in first-use order, and reused afterwards.
class ModelBuilder {
public:
  ModelBuilder(MLIRContext &context, Location fileLoc, CheckpointAliases aliasesOf)
      : b(fileLoc, &context), fileLoc(fileLoc), aliasesOf(aliasesOf) {}

  /// Creates the module and `@forward(inputs) -> outputs`, and starts
  /// building its body. After the outputs come the inputs `updatedInputs`
  /// (indices into `inputs`) updated in place (tfm.updates).
  OwningOpRef<ModuleOp> begin(ArrayRef<Port> inputs, ArrayRef<Port> outputs,
                              ArrayRef<unsigned> updatedInputs = {}) {
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
    SmallVector<Type> inputTypes, outputTypes;
    for (const Port &port : inputs)
      inputTypes.push_back(port.type);
    for (const Port &port : outputs)
      outputTypes.push_back(port.type);
    for (unsigned input : updatedInputs)
      outputTypes.push_back(inputs[input].type);
    b.setInsertionPointToEnd(module->getBody());
    forward =
        b.create<func::FuncOp>("forward", b.getFunctionType(inputTypes, outputTypes));
    for (auto [i, port] : llvm::enumerate(inputs)) {
      forward.setArgAttr(i, TfmDialect::NameAttrHelper::getNameStr(),
                         b.getStringAttr(port.name));
      if (!port.defaultFill.empty())
        forward.setArgAttr(i, TfmDialect::DefaultAttrHelper::getNameStr(),
                           b.getStringAttr(port.defaultFill));
    }
    for (auto [i, port] : llvm::enumerate(outputs))
      forward.setResultAttr(i, TfmDialect::NameAttrHelper::getNameStr(),
                            b.getStringAttr(port.name));
    for (auto [i, input] : llvm::enumerate(updatedInputs))
      forward.setResultAttr(outputs.size() + i, TfmDialect::UpdatesAttrHelper::getNameStr(),
                            b.getStringAttr(inputs[input].name));
    entry = forward.addEntryBlock();
    b.setInsertionPointToEnd(entry);
    return module;
  }

  Value argument(unsigned i) { return entry->getArgument(i); }

  /// One repeated block: `tfm.layer name` over what `build` creates, whose
  /// result (the new hidden state, of `input`'s type) the layer yields.
  /// Marking the blocks lets tfm-outline-layers compile identical ones once.
  Value layer(const Twine &name, Value input, llvm::function_ref<Value()> build) {
    return layer(name, ValueRange{input}, [&]() -> SmallVector<Value> { return {build()}; })
        .front();
  }

  /// As above, for a layer that carries several values (the hidden state and
  /// a KV cache), of `inputs`' types.
  SmallVector<Value> layer(const Twine &name, ValueRange inputs,
                           llvm::function_ref<SmallVector<Value>()> build) {
    auto op = b.create<LayerOp>(inputs.getTypes(), b.getStringAttr(name));
    Block *body = new Block();
    op.getBody().push_back(body);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(body);
    SmallVector<Value> outputs = build();
    b.create<YieldOp>(ValueRange(outputs));
    return SmallVector<Value>(op.getResults());
  }

  void finish(ValueRange results) { b.create<func::ReturnOp>(results); }

  /// Ops created from now on are located at `scope` (a Hugging Face module
  /// path such as `h.0.attn`) within the config file.
  void setScope(const Twine &scope) {
    b.setLoc(NameLoc::get(b.getStringAttr(scope), fileLoc));
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  }

  /// The weight `name` of static shape `shape`, with its checkpoint aliases.
  Value param(const Twine &name, ArrayRef<int64_t> shape) {
    std::string key = name.str();
    RankedTensorType type = f32(shape);
    auto it = params.find(key);
    if (it != params.end()) {
      assert(it->second.getType() == type && "parameter reused with another shape");
      return it->second;
    }
    OpBuilder::InsertionGuard guard(b);
    if (lastParam)
      b.setInsertionPointAfter(lastParam);
    else
      b.setInsertionPointToStart(entry);
    SmallVector<Attribute> aliases;
    for (const std::string &alias : aliasesOf(key))
      aliases.push_back(b.getStringAttr(alias));
    ArrayAttr aliasesAttr = aliases.empty() ? ArrayAttr() : b.getArrayAttr(aliases);
    auto op = b.create<ParamOp>(type, key, /*transposed=*/false, aliasesAttr);
    lastParam = op;
    params[key] = op.getResult();
    return op.getResult();
  }

  Value indexConstant(int64_t value) {
    return b.create<arith::ConstantIndexOp>(value);
  }

  Value dim(Value tensor, int64_t index) {
    return b.create<tensor::DimOp>(tensor, indexConstant(index));
  }

  /// A rank-0 f32 constant.
  Value scalarConstant(const llvm::APFloat &value) {
    RankedTensorType type = f32({});
    return b.create<arith::ConstantOp>(
        cast<TypedAttr>(DenseElementsAttr::get(type, llvm::ArrayRef(value))));
  }

  Value embedding(Value table, Value ids) {
    SmallVector<int64_t> shape(shapeOf(ids));
    shape.push_back(shapeOf(table)[1]);
    return b.create<EmbeddingOp>(f32(shape), table, ids);
  }

  /// `limit`: the model's positions, when they index no table (0: none).
  Value positionIds(Value ids, Value offset = {}, int64_t limit = 0) {
    return b.create<PositionIdsOp>(ids.getType(), ids, offset, /*padding=*/IntegerAttr(),
                                   limit ? b.getI64IntegerAttr(limit) : IntegerAttr());
  }

  /// RoBERTa's positions: past the padding id `padding`, from padding + 1.
  Value positionIdsPastPadding(Value ids, int64_t padding) {
    return b.create<PositionIdsOp>(ids.getType(), ids, /*offset=*/Value(),
                                   b.getI64IntegerAttr(padding), /*limit=*/IntegerAttr());
  }

  Value add(Value lhs, Value rhs) {
    FailureOr<SmallVector<int64_t>> shape = broadcastShapes(shapeOf(lhs), shapeOf(rhs));
    assert(succeeded(shape) && "operands of tfm.add do not broadcast");
    return b.create<AddOp>(f32(*shape), lhs, rhs);
  }

  Value layerNorm(Value input, Value gamma, Value beta, double eps) {
    return b.create<LayerNormOp>(input.getType(), input, gamma, beta,
                                 b.getF64FloatAttr(eps));
  }

  /// An affine layer; `bias` may be null.
  Value linear(Value input, Value weight, Value bias, WeightLayout layout,
               Activation activation = Activation::none) {
    ArrayRef<int64_t> weightShape = shapeOf(weight);
    SmallVector<int64_t> shape(shapeOf(input));
    shape.back() = layout == WeightLayout::in_out ? weightShape[1] : weightShape[0];
    return b.create<LinearOp>(f32(shape), input, weight, bias, /*residual=*/Value(),
                              layout, activation);
  }

  Value rmsNorm(Value input, Value gamma, double eps) {
    return b.create<RmsNormOp>(input.getType(), input, gamma, b.getF64FloatAttr(eps));
  }

  Value gelu(Value input, GeluApproximation approximation) {
    return b.create<GeluOp>(input.getType(), input, approximation);
  }

  Value mlp(Value input, Value fcWeight, Value fcBias, Value projWeight, Value projBias,
            WeightLayout layout, GeluApproximation gelu) {
    return b.create<MlpOp>(input.getType(), input, fcWeight, fcBias, projWeight, projBias,
                           layout, gelu);
  }

  /// `input[0:batch, 0:seq, offset:offset+size]` of a [B, T, N] tensor.
  Value sliceLastDim(Value input, Value batch, Value seq, int64_t offset, int64_t size) {
    SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0),
                                         b.getIndexAttr(offset)};
    SmallVector<OpFoldResult> sizes = {batch, seq, b.getIndexAttr(size)};
    SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
    return b.create<tensor::ExtractSliceOp>(f32({kDynamic, kDynamic, size}), input,
                                            offsets, sizes, strides);
  }

  /// Multi-head scaled dot-product attention written out op by op, from the
  /// projected `q`, `k`, `v` [B, T, D] to the merged context [B, T, D].
  /// `applyMask` maps the scaled scores [B, H, T, T] to the masked ones (or
  /// is null for unmasked attention).
  /// `scaled` false: the scores are not scaled (T5, whose initialisation
  /// folds 1/√d into the query projection).
  Value attention(Value q, Value k, Value v, int64_t heads,
                  llvm::function_ref<Value(Value)> applyMask, bool scaled = true) {
    int64_t headDim = shapeOf(q)[2] / heads; // q is [B, T, D]
    return buildAttentionChain(b, b.getLoc(), q, k, v, heads, q.getType(), [&](Value scores) {
      Type scoresType = scores.getType();
      if (!scaled) {
        Value masked = applyMask ? applyMask(scores) : scores;
        return b.create<SoftmaxOp>(scoresType, masked).getResult();
      }
      Value scaled = b.create<ScaleOp>(
          scoresType, scores, b.getF64FloatAttr(1.0 / std::sqrt(double(headDim))));
      Value masked = applyMask ? applyMask(scaled) : scaled;
      return b.create<SoftmaxOp>(scoresType, masked).getResult();
    });
  }

  ImplicitLocOpBuilder b;

private:
  Location fileLoc;
  CheckpointAliases aliasesOf;
  func::FuncOp forward;
  Block *entry = nullptr;
  Operation *lastParam = nullptr;
  llvm::StringMap<Value> params;
};

/// GPT2LMHeadModel: pre-LN decoder with a causal mask and an LM head tied to
/// the token embedding.
///
/// With a KV cache (`kvCache`), @forward serves both prefill and decode: it
/// takes the new tokens `input_ids` [B, T], `position` (rank 0: how many
/// tokens the cache holds) and `kv_cache` [layers, 2, B, M, hidden], which
/// it updates in place (rows [position, position + T) of each layer), and
/// attends over the cache's first position + T rows. One function, not a
/// prefill and a decode entry: T is dynamic, so the same code and the same
/// bound weights serve both.
OwningOpRef<ModuleOp> buildGpt2(ModelBuilder &m, const Gpt2Config &c, bool kvCache) {
  const int64_t D = c.hidden;
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  RankedTensorType cacheType = m.f32({c.layers, 2, kDynamic, kDynamic, D});
  Port logitsPort = {"logits", m.f32({kDynamic, kDynamic, c.vocab})};
  OwningOpRef<ModuleOp> module =
      kvCache ? m.begin({{"input_ids", ids},
                         {"position", RankedTensorType::get({}, m.b.getI64Type())},
                         {"kv_cache", cacheType}},
                        {logitsPort}, /*updatedInputs=*/{2})
              : m.begin({{"input_ids", ids}}, {logitsPort});
  Value inputIds = m.argument(0);
  Value position = kvCache ? m.argument(1) : Value();
  Value cache = kvCache ? m.argument(2) : Value();

  m.setScope("embeddings");
  Value wte = m.param("wte.weight", {c.vocab, D});
  Value wpe = m.param("wpe.weight", {c.positions, D});
  Value batch = m.dim(inputIds, 0);
  Value seq = m.dim(inputIds, 1);
  // Shared by every layer: the causal keep-mask (without a cache; with one,
  // each layer's is [T, position + T], read off its cached keys) and the
  // fill of masked scores, the lowest finite float as in Hugging Face.
  auto causalMask = [&](Value keys) -> Value {
    return m.b.create<CausalMaskOp>(RankedTensorType::get({kDynamic, kDynamic}, m.b.getI1Type()),
                                    seq, keys ? m.dim(keys, 1) : Value());
  };
  Value keep = kvCache ? Value() : causalMask(Value());
  Value fill = m.scalarConstant(
      llvm::APFloat::getLargest(llvm::APFloat::IEEEsingle(), /*Negative=*/true));
  Value h = m.add(m.embedding(wte, inputIds),
                  m.embedding(wpe, m.positionIds(inputIds, position)));

  for (int64_t i = 0; i < c.layers; ++i) {
    std::string p = "h." + std::to_string(i) + ".";
    m.setScope(p + "attn");
    // The layer number is made outside the layer, so that the layers'
    // bodies stay identical.
    Value layerIndex = kvCache ? m.indexConstant(i) : Value();
    SmallVector<Value> carried = {h};
    if (kvCache)
      carried.push_back(cache);
    SmallVector<Value> results =
        m.layer("h." + std::to_string(i), carried, [&]() -> SmallVector<Value> {
          Value x = h;
          Value a = m.layerNorm(x, m.param(p + "ln_1.weight", {D}),
                                m.param(p + "ln_1.bias", {D}), c.eps);
          Value qkv = m.linear(a, m.param(p + "attn.c_attn.weight", {D, 3 * D}),
                               m.param(p + "attn.c_attn.bias", {3 * D}), WeightLayout::in_out);
          Value q = m.sliceLastDim(qkv, batch, seq, 0, D);
          Value k = m.sliceLastDim(qkv, batch, seq, D, D);
          Value v = m.sliceLastDim(qkv, batch, seq, 2 * D, D);
          Value layerKeep = keep, updated;
          if (kvCache) {
            auto append = m.b.create<KvCacheAppendOp>(
                TypeRange{cache.getType(), k.getType(), v.getType()}, cache, layerIndex, k, v,
                position);
            updated = append.getUpdated();
            k = append.getKeys();
            v = append.getValues();
            layerKeep = causalMask(k);
          }
          Value context = m.attention(q, k, v, c.heads, [&](Value scaled) -> Value {
            return m.b.create<SelectOp>(scaled.getType(), layerKeep, scaled, fill);
          });
          Value o = m.linear(context, m.param(p + "attn.c_proj.weight", {D, D}),
                             m.param(p + "attn.c_proj.bias", {D}), WeightLayout::in_out);
          x = m.add(x, o);

          m.setScope(p + "mlp");
          Value n = m.layerNorm(x, m.param(p + "ln_2.weight", {D}),
                                m.param(p + "ln_2.bias", {D}), c.eps);
          Value f = m.mlp(n, m.param(p + "mlp.c_fc.weight", {D, c.inner}),
                          m.param(p + "mlp.c_fc.bias", {c.inner}),
                          m.param(p + "mlp.c_proj.weight", {c.inner, D}),
                          m.param(p + "mlp.c_proj.bias", {D}), WeightLayout::in_out, c.gelu);
          SmallVector<Value> outputs = {m.add(x, f)};
          if (kvCache)
            outputs.push_back(updated);
          return outputs;
        });
    h = results[0];
    if (kvCache)
      cache = results[1];
  }

  m.setScope("ln_f");
  h = m.layerNorm(h, m.param("ln_f.weight", {D}), m.param("ln_f.bias", {D}), c.eps);
  m.setScope("lm_head");
  Value logits = m.linear(h, wte, /*bias=*/nullptr, WeightLayout::out_in);
  SmallVector<Value> outputs = {logits};
  if (kvCache)
    outputs.push_back(cache);
  m.finish(outputs);
  return module;
}

/// openai-gpt: the original GPT, a post-LN decoder (layer norm after each
/// residual add), learned positions, no final layer norm; GPT-2's Conv1D
/// weight layout. OpenAIGPTModel returns the last hidden state,
/// OpenAIGPTLMHeadModel the logits of an LM head tied to the token
/// embedding. Hugging Face masks the causal scores as `w * b - 1e4 * (1 - b)`;
/// the select with the lowest float here gives the same probabilities in f32
/// (exp(-1e4 - max) is 0), and the form the attention fusions match.
OwningOpRef<ModuleOp> buildOpenAIGpt(ModelBuilder &m, const OpenAIGptConfig &c) {
  const int64_t D = c.hidden, inner = 4 * c.hidden;
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  Port output = c.lmHead ? Port{"logits", m.f32({kDynamic, kDynamic, c.vocab})}
                         : Port{"last_hidden_state", m.f32({kDynamic, kDynamic, D})};
  OwningOpRef<ModuleOp> module = m.begin({{"input_ids", ids}}, {output});
  Value inputIds = m.argument(0);

  m.setScope("embeddings");
  Value tokens = m.param("tokens_embed.weight", {c.vocab, D});
  Value positions = m.param("positions_embed.weight", {c.positions, D});
  Value batch = m.dim(inputIds, 0);
  Value seq = m.dim(inputIds, 1);
  Value keep = m.b.create<CausalMaskOp>(
      RankedTensorType::get({kDynamic, kDynamic}, m.b.getI1Type()), seq, Value());
  Value fill = m.scalarConstant(
      llvm::APFloat::getLargest(llvm::APFloat::IEEEsingle(), /*Negative=*/true));
  Value h = m.add(m.embedding(tokens, inputIds),
                  m.embedding(positions, m.positionIds(inputIds)));

  for (int64_t i = 0; i < c.layers; ++i) {
    std::string p = "h." + std::to_string(i) + ".";
    m.setScope(p + "attn");
    h = m.layer("h." + std::to_string(i), h, [&, h]() mutable {
      Value qkv = m.linear(h, m.param(p + "attn.c_attn.weight", {D, 3 * D}),
                           m.param(p + "attn.c_attn.bias", {3 * D}), WeightLayout::in_out);
      Value q = m.sliceLastDim(qkv, batch, seq, 0, D);
      Value k = m.sliceLastDim(qkv, batch, seq, D, D);
      Value v = m.sliceLastDim(qkv, batch, seq, 2 * D, D);
      Value context = m.attention(q, k, v, c.heads, [&](Value scaled) -> Value {
        return m.b.create<SelectOp>(scaled.getType(), keep, scaled, fill);
      });
      Value a = m.linear(context, m.param(p + "attn.c_proj.weight", {D, D}),
                         m.param(p + "attn.c_proj.bias", {D}), WeightLayout::in_out);
      Value n = m.layerNorm(m.add(h, a), m.param(p + "ln_1.weight", {D}),
                            m.param(p + "ln_1.bias", {D}), c.eps);

      m.setScope(p + "mlp");
      Value f = m.mlp(n, m.param(p + "mlp.c_fc.weight", {D, inner}),
                      m.param(p + "mlp.c_fc.bias", {inner}),
                      m.param(p + "mlp.c_proj.weight", {inner, D}),
                      m.param(p + "mlp.c_proj.bias", {D}), WeightLayout::in_out,
                      GeluApproximation::tanh);
      return m.layerNorm(m.add(n, f), m.param(p + "ln_2.weight", {D}),
                         m.param(p + "ln_2.bias", {D}), c.eps);
    });
  }

  if (!c.lmHead) {
    m.finish(h);
    return module;
  }
  m.setScope("lm_head");
  m.finish(m.linear(h, tokens, /*bias=*/nullptr, WeightLayout::out_in));
  return module;
}

/// BERT: post-LN encoder with an additive padding mask (RoBERTa's too, whose
/// positions are counted past padding), then by head
/// - BertModel: the last hidden state and the pooler (tanh linear on [CLS]);
/// - BertForMaskedLM: the prediction head's transform (linear, activation,
///   layer norm) and the decoder tied to the word embeddings, with its own
///   bias; no pooler (Hugging Face builds this one without it);
/// - BertForSequenceClassification: the pooler, then a linear classifier.
OwningOpRef<ModuleOp> buildBert(ModelBuilder &m, const BertConfig &c) {
  const int64_t D = c.hidden;
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  SmallVector<Port, 2> outputs;
  switch (c.head) {
  case BertHead::encoder:
    outputs = {{"last_hidden_state", m.f32({kDynamic, kDynamic, D})},
               {"pooler_output", m.f32({kDynamic, D})}};
    break;
  case BertHead::maskedLM:
    outputs = {{"logits", m.f32({kDynamic, kDynamic, c.vocab})}};
    break;
  case BertHead::sequenceClassification:
    outputs = {{"logits", m.f32({kDynamic, c.labels})}};
    break;
  }
  OwningOpRef<ModuleOp> module =
      m.begin({{"input_ids", ids},
               {"attention_mask", ids, "ones"},
               {"token_type_ids", ids, "zeros"}},
              outputs);
  Value inputIds = m.argument(0), attentionMask = m.argument(1),
        tokenTypeIds = m.argument(2);

  m.setScope("embeddings");
  Value word = m.param("embeddings.word_embeddings.weight", {c.vocab, D});
  Value position = m.param("embeddings.position_embeddings.weight", {c.positions, D});
  Value tokenType = m.param("embeddings.token_type_embeddings.weight", {c.typeVocab, D});
  // Shared by every layer: [B, 1, 1, T], 0 or the lowest float.
  Value padding = m.b.create<PaddingMaskOp>(m.f32({kDynamic, 1, 1, kDynamic}),
                                            attentionMask);
  // Hugging Face's order of the sums: (word + token_type) + position.
  auto positionIds = [&]() {
    return c.positionPadding ? m.positionIdsPastPadding(inputIds, *c.positionPadding)
                             : m.positionIds(inputIds);
  };
  Value e = m.add(m.add(m.embedding(word, inputIds), m.embedding(tokenType, tokenTypeIds)),
                  m.embedding(position, positionIds()));
  Value x = m.layerNorm(e, m.param("embeddings.LayerNorm.weight", {D}),
                        m.param("embeddings.LayerNorm.bias", {D}), c.eps);

  for (int64_t i = 0; i < c.layers; ++i) {
    std::string p = "encoder.layer." + std::to_string(i) + ".";
    m.setScope(p + "attention");
    x = m.layer("encoder.layer." + std::to_string(i), x, [&, x]() mutable {
      auto projection = [&](StringRef name) {
        std::string prefix = p + "attention.self." + name.str();
        return m.linear(x, m.param(prefix + ".weight", {D, D}), m.param(prefix + ".bias", {D}),
                        WeightLayout::out_in);
      };
      Value q = projection("query"), k = projection("key"), v = projection("value");
      Value context = m.attention(q, k, v, c.heads,
                                  [&](Value scaled) { return m.add(scaled, padding); });
      Value a = m.linear(context, m.param(p + "attention.output.dense.weight", {D, D}),
                         m.param(p + "attention.output.dense.bias", {D}), WeightLayout::out_in);
      x = m.layerNorm(m.add(a, x), m.param(p + "attention.output.LayerNorm.weight", {D}),
                      m.param(p + "attention.output.LayerNorm.bias", {D}), c.eps);

      m.setScope(p + "mlp");
      Value f = m.mlp(x, m.param(p + "intermediate.dense.weight", {c.intermediate, D}),
                      m.param(p + "intermediate.dense.bias", {c.intermediate}),
                      m.param(p + "output.dense.weight", {D, c.intermediate}),
                      m.param(p + "output.dense.bias", {D}), WeightLayout::out_in, c.gelu);
      return m.layerNorm(m.add(f, x), m.param(p + "output.LayerNorm.weight", {D}),
                         m.param(p + "output.LayerNorm.bias", {D}), c.eps);
    });
  }

  if (c.head == BertHead::maskedLM) {
    m.setScope("cls.predictions.transform");
    const std::string p = "cls.predictions.transform.";
    Value t = m.linear(x, m.param(p + "dense.weight", {D, D}), m.param(p + "dense.bias", {D}),
                       WeightLayout::out_in);
    t = m.layerNorm(m.gelu(t, c.gelu), m.param(p + "LayerNorm.weight", {D}),
                    m.param(p + "LayerNorm.bias", {D}), c.eps);
    m.setScope("cls.predictions.decoder");
    m.finish(m.linear(t, word, m.param("cls.predictions.bias", {c.vocab}),
                      WeightLayout::out_in));
    return module;
  }

  m.setScope("pooler");
  Value cls = m.b.create<ClsTokenOp>(m.f32({kDynamic, D}), x);
  Value pooled = m.linear(cls, m.param("pooler.dense.weight", {D, D}),
                          m.param("pooler.dense.bias", {D}), WeightLayout::out_in,
                          Activation::tanh);
  if (c.head == BertHead::encoder) {
    m.finish({x, pooled});
    return module;
  }
  m.setScope("classifier");
  m.finish(m.linear(pooled, m.param("classifier.weight", {c.labels, D}),
                    m.param("classifier.bias", {c.labels}), WeightLayout::out_in));
  return module;
}

/// DistilBERT: BERT's post-LN encoder without token types or pooler, under
/// its own weight names (q_lin/k_lin/v_lin/out_lin, sa_layer_norm, ffn.lin1
/// and lin2, output_layer_norm), with an additive padding mask from
/// attention_mask. Hugging Face fills masked scores with the lowest float
/// (masked_fill); adding it gives the same scores in f32, as in BERT.
/// DistilBertForMaskedLM adds vocab_transform, the activation,
/// vocab_layer_norm and vocab_projector, whose weight is the word
/// embeddings.
OwningOpRef<ModuleOp> buildDistilBert(ModelBuilder &m, const DistilBertConfig &c) {
  const int64_t D = c.hidden, I = c.intermediate;
  const double eps = DistilBertConfig::eps;
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  Port output = c.maskedLM ? Port{"logits", m.f32({kDynamic, kDynamic, c.vocab})}
                           : Port{"last_hidden_state", m.f32({kDynamic, kDynamic, D})};
  OwningOpRef<ModuleOp> module =
      m.begin({{"input_ids", ids}, {"attention_mask", ids, "ones"}}, {output});
  Value inputIds = m.argument(0), attentionMask = m.argument(1);

  m.setScope("embeddings");
  Value word = m.param("embeddings.word_embeddings.weight", {c.vocab, D});
  Value position = m.param("embeddings.position_embeddings.weight", {c.positions, D});
  Value padding = m.b.create<PaddingMaskOp>(m.f32({kDynamic, 1, 1, kDynamic}),
                                            attentionMask);
  Value x = m.layerNorm(m.add(m.embedding(word, inputIds),
                              m.embedding(position, m.positionIds(inputIds))),
                        m.param("embeddings.LayerNorm.weight", {D}),
                        m.param("embeddings.LayerNorm.bias", {D}), eps);

  for (int64_t i = 0; i < c.layers; ++i) {
    std::string p = "transformer.layer." + std::to_string(i) + ".";
    m.setScope(p + "attention");
    x = m.layer("transformer.layer." + std::to_string(i), x, [&, x]() mutable {
      auto linear = [&](Value input, StringRef name, int64_t out, int64_t in) {
        return m.linear(input, m.param(p + name + ".weight", {out, in}),
                        m.param(p + name + ".bias", {out}), WeightLayout::out_in);
      };
      Value q = linear(x, "attention.q_lin", D, D), k = linear(x, "attention.k_lin", D, D),
            v = linear(x, "attention.v_lin", D, D);
      Value context = m.attention(q, k, v, c.heads,
                                  [&](Value scaled) { return m.add(scaled, padding); });
      Value a = linear(context, "attention.out_lin", D, D);
      x = m.layerNorm(m.add(a, x), m.param(p + "sa_layer_norm.weight", {D}),
                      m.param(p + "sa_layer_norm.bias", {D}), eps);

      m.setScope(p + "ffn");
      Value f = m.mlp(x, m.param(p + "ffn.lin1.weight", {I, D}),
                      m.param(p + "ffn.lin1.bias", {I}), m.param(p + "ffn.lin2.weight", {D, I}),
                      m.param(p + "ffn.lin2.bias", {D}), WeightLayout::out_in,
                      GeluApproximation::erf);
      return m.layerNorm(m.add(f, x), m.param(p + "output_layer_norm.weight", {D}),
                         m.param(p + "output_layer_norm.bias", {D}), eps);
    });
  }

  if (!c.maskedLM) {
    m.finish(x);
    return module;
  }
  m.setScope("vocab_transform");
  Value t = m.linear(x, m.param("vocab_transform.weight", {D, D}),
                     m.param("vocab_transform.bias", {D}), WeightLayout::out_in);
  m.setScope("vocab_layer_norm");
  t = m.layerNorm(m.gelu(t, GeluApproximation::erf), m.param("vocab_layer_norm.weight", {D}),
                  m.param("vocab_layer_norm.bias", {D}), eps);
  m.setScope("vocab_projector");
  m.finish(m.linear(t, word, m.param("vocab_projector.bias", {c.vocab}),
                    WeightLayout::out_in));
  return module;
}

/// ViT and DeiT: a pre-LN encoder without a mask over the patches after a
/// CLS token (DeiT: a CLS and a distillation token), learned positions, and
/// a final layer norm (last_hidden_state); then the head of `c.head`:
/// ViTForImageClassification's and DeiTForImageClassification's linear
/// classifier on the CLS position; DeiTForImageClassificationWithTeacher's
/// two, on the CLS and the distillation positions, averaged as Hugging Face
/// averages them at inference; or DeiTModel's pooler.
OwningOpRef<ModuleOp> buildVit(ModelBuilder &m, const VitConfig &c) {
  const int64_t D = c.hidden, P = c.patchSize;
  const int64_t grid = c.imageSize / P;
  const int64_t patches = grid * grid;
  const int64_t tokens = patches + (c.distillationToken ? 2 : 1);
  Port second = c.head == VitHead::pooler
                    ? Port{"pooler_output", m.f32({kDynamic, c.poolerSize})}
                    : Port{"logits", m.f32({kDynamic, c.labels})};
  OwningOpRef<ModuleOp> module = m.begin(
      {{"pixel_values", m.f32({kDynamic, c.channels, c.imageSize, c.imageSize})}},
      {{"last_hidden_state", m.f32({kDynamic, tokens, D})}, second});
  Value pixels = m.argument(0);

  m.setScope("embeddings");
  Value clsToken = m.param("embeddings.cls_token", {1, 1, D});
  Value distillationToken =
      c.distillationToken ? m.param("embeddings.distillation_token", {1, 1, D}) : Value();
  Value positions = m.param("embeddings.position_embeddings", {1, tokens, D});
  Value h = m.b.create<PatchEmbedOp>(
      m.f32({kDynamic, patches, D}), pixels,
      m.param("embeddings.patch_embeddings.projection.weight", {D, c.channels, P, P}),
      m.param("embeddings.patch_embeddings.projection.bias", {D}));
  // DeiT's [CLS, distillation, patches]: the distillation token first
  // prepended, then the CLS token before it.
  if (distillationToken)
    h = m.b.create<PrependClsOp>(m.f32({kDynamic, patches + 1, D}), h, distillationToken);
  h = m.b.create<PrependClsOp>(m.f32({kDynamic, tokens, D}), h, clsToken);
  h = m.add(h, positions);

  for (int64_t i = 0; i < c.layers; ++i) {
    std::string p = "encoder.layer." + std::to_string(i) + ".";
    m.setScope(p + "attention");
    h = m.layer("encoder.layer." + std::to_string(i), h, [&, h]() mutable {
      Value a = m.layerNorm(h, m.param(p + "layernorm_before.weight", {D}),
                            m.param(p + "layernorm_before.bias", {D}), c.eps);
      auto projection = [&](StringRef name) {
        std::string prefix = p + "attention.attention." + name.str();
        return m.linear(a, m.param(prefix + ".weight", {D, D}), m.param(prefix + ".bias", {D}),
                        WeightLayout::out_in);
      };
      Value q = projection("query"), k = projection("key"), v = projection("value");
      Value context = m.attention(q, k, v, c.heads, /*applyMask=*/nullptr);
      h = m.add(h, m.linear(context, m.param(p + "attention.output.dense.weight", {D, D}),
                            m.param(p + "attention.output.dense.bias", {D}),
                            WeightLayout::out_in));

      m.setScope(p + "mlp");
      Value n = m.layerNorm(h, m.param(p + "layernorm_after.weight", {D}),
                            m.param(p + "layernorm_after.bias", {D}), c.eps);
      return m.add(h, m.mlp(n, m.param(p + "intermediate.dense.weight", {c.intermediate, D}),
                            m.param(p + "intermediate.dense.bias", {c.intermediate}),
                            m.param(p + "output.dense.weight", {D, c.intermediate}),
                            m.param(p + "output.dense.bias", {D}), WeightLayout::out_in,
                            c.gelu));
    });
  }

  m.setScope("layernorm");
  Value last = m.layerNorm(h, m.param("layernorm.weight", {D}),
                           m.param("layernorm.bias", {D}), c.eps);
  Value cls = m.b.create<ClsTokenOp>(m.f32({kDynamic, D}), last);
  auto classifier = [&](const std::string &name, Value token) {
    m.setScope(name);
    return m.linear(token, m.param(name + ".weight", {c.labels, D}),
                    m.param(name + ".bias", {c.labels}), WeightLayout::out_in);
  };
  Value head;
  switch (c.head) {
  case VitHead::classifier:
    head = classifier("classifier", cls);
    break;
  case VitHead::distilledClassifier: {
    // last[:, 1]: the distillation token's row.
    SmallVector<OpFoldResult> offsets = {m.b.getIndexAttr(0), m.b.getIndexAttr(1),
                                         m.b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {m.dim(last, 0), m.b.getIndexAttr(1),
                                       m.b.getIndexAttr(D)};
    SmallVector<OpFoldResult> strides(3, m.b.getIndexAttr(1));
    Value distillation = m.b.create<tensor::ExtractSliceOp>(m.f32({kDynamic, D}), last,
                                                            offsets, sizes, strides);
    Value clsLogits = classifier("cls_classifier", cls);
    Value distillationLogits = classifier("distillation_classifier", distillation);
    // (cls_logits + distillation_logits) / 2, as Hugging Face's: halving is
    // exact, so the product by 0.5 is the same number.
    Value sum = m.add(clsLogits, distillationLogits);
    head = m.b.create<ScaleOp>(sum.getType(), sum, m.b.getF64FloatAttr(0.5));
    break;
  }
  case VitHead::pooler:
    m.setScope("pooler");
    head = m.linear(cls, m.param("pooler.dense.weight", {c.poolerSize, D}),
                    m.param("pooler.dense.bias", {c.poolerSize}), WeightLayout::out_in,
                    Activation::tanh);
    break;
  }
  m.finish({last, head});
  return module;
}

/// CLIPTextModel: pre-LN encoder with learned positions, a causal mask
/// (and the padding mask), and a final layer norm; the pooled output is each
/// row's hidden state at its largest id (the end-of-text token of CLIP's
/// vocabulary) or, for configs with an eos_token_id other than 2, at its
/// first eos_token_id.
OwningOpRef<ModuleOp> buildClipText(ModelBuilder &m, const ClipTextConfig &c) {
  const int64_t D = c.hidden;
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  OwningOpRef<ModuleOp> module =
      m.begin({{"input_ids", ids}, {"attention_mask", ids, "ones"}},
              {{"last_hidden_state", m.f32({kDynamic, kDynamic, D})},
               {"pooler_output", m.f32({kDynamic, D})}});
  Value inputIds = m.argument(0), attentionMask = m.argument(1);

  m.setScope("text_model.embeddings");
  const std::string e = "text_model.embeddings.";
  Value token = m.param(e + "token_embedding.weight", {c.vocab, D});
  Value position = m.param(e + "position_embedding.weight", {c.positions, D});
  // Shared by every layer: one additive mask [B, 1, T, T], the padding
  // mask (0, or the lowest float at padding) where the causal mask keeps a
  // key, -inf where it does not. Hugging Face adds a causal and a padding
  // mask of the lowest float each: a later key gets -inf (lowest + lowest),
  // a padded earlier one the lowest, so a row whose keys are all padding
  // attends uniformly to the earlier ones, as here.
  Value seq = m.dim(inputIds, 1);
  Value keep = m.b.create<CausalMaskOp>(
      RankedTensorType::get({kDynamic, kDynamic}, m.b.getI1Type()), seq, Value());
  Value padding = m.b.create<PaddingMaskOp>(m.f32({kDynamic, 1, 1, kDynamic}), attentionMask);
  Value fill = m.scalarConstant(
      llvm::APFloat::getInf(llvm::APFloat::IEEEsingle(), /*Negative=*/true));
  Value mask =
      m.b.create<SelectOp>(m.f32({kDynamic, 1, kDynamic, kDynamic}), keep, padding, fill);
  Value h = m.add(m.embedding(token, inputIds), m.embedding(position, m.positionIds(inputIds)));

  for (int64_t i = 0; i < c.layers; ++i) {
    std::string p = "text_model.encoder.layers." + std::to_string(i) + ".";
    m.setScope(p + "self_attn");
    h = m.layer("text_model.encoder.layers." + std::to_string(i), h, [&, h]() mutable {
      Value a = m.layerNorm(h, m.param(p + "layer_norm1.weight", {D}),
                            m.param(p + "layer_norm1.bias", {D}), c.eps);
      auto projection = [&](StringRef name) {
        std::string prefix = p + "self_attn." + name.str();
        return m.linear(a, m.param(prefix + ".weight", {D, D}), m.param(prefix + ".bias", {D}),
                        WeightLayout::out_in);
      };
      Value q = projection("q_proj"), k = projection("k_proj"), v = projection("v_proj");
      Value context =
          m.attention(q, k, v, c.heads, [&](Value scaled) { return m.add(scaled, mask); });
      h = m.add(h, m.linear(context, m.param(p + "self_attn.out_proj.weight", {D, D}),
                            m.param(p + "self_attn.out_proj.bias", {D}), WeightLayout::out_in));

      m.setScope(p + "mlp");
      Value n = m.layerNorm(h, m.param(p + "layer_norm2.weight", {D}),
                            m.param(p + "layer_norm2.bias", {D}), c.eps);
      return m.add(h, m.mlp(n, m.param(p + "mlp.fc1.weight", {c.intermediate, D}),
                            m.param(p + "mlp.fc1.bias", {c.intermediate}),
                            m.param(p + "mlp.fc2.weight", {D, c.intermediate}),
                            m.param(p + "mlp.fc2.bias", {D}), WeightLayout::out_in,
                            c.activation));
    });
  }

  m.setScope("text_model.final_layer_norm");
  Value last = m.layerNorm(h, m.param("text_model.final_layer_norm.weight", {D}),
                           m.param("text_model.final_layer_norm.bias", {D}), c.eps);
  Value eot = m.b.create<ArgmaxOp>(
      RankedTensorType::get({kDynamic}, m.b.getI64Type()), inputIds,
      c.poolAtFirst ? m.b.getI64IntegerAttr(*c.poolAtFirst) : IntegerAttr());
  Value pooled = m.b.create<TokenAtOp>(m.f32({kDynamic, D}), last, eot);
  m.finish({last, pooled});
  return module;
}

/// T5EncoderModel: the token embedding `shared` (no positions), pre-norm
/// blocks (T5's layer norm: RMS, no mean, no bias), attention without
/// scaling whose scores get one additive mask shared by every layer (the
/// relative position bias of layer 0's table plus the padding mask, summed
/// as Hugging Face sums them), a ReLU or gated-GELU feed-forward, and the
/// final layer norm. Linears have no bias; the attention's inner width is
/// num_heads * d_kv, which need not be d_model.
OwningOpRef<ModuleOp> buildT5Encoder(ModelBuilder &m, const T5Config &c) {
  const int64_t D = c.dModel, inner = c.heads * c.dKv, F = c.dFf;
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  OwningOpRef<ModuleOp> module =
      m.begin({{"input_ids", ids}, {"attention_mask", ids, "ones"}},
              {{"last_hidden_state", m.f32({kDynamic, kDynamic, D})}});
  Value inputIds = m.argument(0), attentionMask = m.argument(1);

  m.setScope("shared");
  Value shared = m.param("shared.weight", {c.vocab, D});
  m.setScope("encoder.block.0.layer.0.SelfAttention");
  Value table = m.param("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                        {c.buckets, c.heads});
  Value seq = m.dim(inputIds, 1);
  Value bias = m.b.create<RelativePositionBiasOp>(
      m.f32({1, c.heads, kDynamic, kDynamic}), table, seq, seq,
      m.b.getI64IntegerAttr(c.maxDistance), m.b.getUnitAttr());
  Value padding = m.b.create<PaddingMaskOp>(m.f32({kDynamic, 1, 1, kDynamic}), attentionMask);
  Value mask = m.add(bias, padding); // [B, H, T, T]
  m.setScope("encoder.embed_tokens");
  Value h = m.embedding(shared, inputIds);

  auto linear = [&](Value input, const std::string &name, int64_t out, int64_t in,
                    Activation activation = Activation::none) {
    return m.linear(input, m.param(name + ".weight", {out, in}), /*bias=*/nullptr,
                    WeightLayout::out_in, activation);
  };
  for (int64_t i = 0; i < c.layers; ++i) {
    std::string block = "encoder.block." + std::to_string(i);
    std::string p = block + ".";
    m.setScope(p + "layer.0");
    h = m.layer(block, h, [&, h]() mutable {
      std::string a = p + "layer.0.SelfAttention.";
      Value n = m.rmsNorm(h, m.param(p + "layer.0.layer_norm.weight", {D}), c.eps);
      Value q = linear(n, a + "q", inner, D), k = linear(n, a + "k", inner, D),
            v = linear(n, a + "v", inner, D);
      Value context = m.attention(
          q, k, v, c.heads, [&](Value scores) { return m.add(scores, mask); },
          /*scaled=*/false);
      h = m.add(h, linear(context, a + "o", D, inner));

      m.setScope(p + "layer.1");
      std::string f = p + "layer.1.DenseReluDense.";
      Value x = m.rmsNorm(h, m.param(p + "layer.1.layer_norm.weight", {D}), c.eps);
      Value y;
      if (c.gated) {
        Value gate = linear(x, f + "wi_0", F, D), up = linear(x, f + "wi_1", F, D);
        y = m.b.create<GatedActivationOp>(gate.getType(), gate, up, Activation::gelu_tanh);
      } else {
        y = linear(x, f + "wi", F, D, Activation::relu);
      }
      return m.add(h, linear(y, f + "wo", D, F));
    });
  }

  m.setScope("encoder.final_layer_norm");
  m.finish(m.rmsNorm(h, m.param("encoder.final_layer_norm.weight", {D}), c.eps));
  return module;
}

/// LLaMA (LlamaForCausalLM, LlamaModel): the token embedding (no learned
/// positions), pre-norm blocks with RMSNorm, the rotary embedding of the
/// projected queries and keys by each token's position, causal grouped-query
/// attention over num_key_value_heads * head_dim wide keys and values, a
/// SwiGLU MLP (down(silu(gate(x)) * up(x))), linears without bias, the
/// final RMSNorm and, for LlamaForCausalLM, the LM head (embed_tokens when
/// tied). The attention is tfm.attention itself, not the split_heads /
/// matmul chain the other families write out: that chain has no form for
/// keys with fewer heads than the queries.
///
/// With a KV cache (`kvCache`, LlamaForCausalLM), @forward takes GPT-2's
/// inputs (input_ids, position, kv_cache [layers, 2, B, M, kv width]) and
/// updates the cache in place; it holds the keys after the rotary
/// embedding, as Hugging Face's cache does, and the tokens' positions start
/// at `position`.
OwningOpRef<ModuleOp> buildLlama(ModelBuilder &m, const LlamaConfig &c, bool kvCache) {
  const int64_t D = c.hidden, F = c.intermediate, KV = c.kvHeads * c.headDim();
  RankedTensorType ids = RankedTensorType::get({kDynamic, kDynamic}, m.b.getI64Type());
  RankedTensorType cacheType = m.f32({c.layers, 2, kDynamic, kDynamic, KV});
  Port output = c.lmHead ? Port{"logits", m.f32({kDynamic, kDynamic, c.vocab})}
                         : Port{"last_hidden_state", m.f32({kDynamic, kDynamic, D})};
  OwningOpRef<ModuleOp> module =
      kvCache ? m.begin({{"input_ids", ids},
                         {"position", RankedTensorType::get({}, m.b.getI64Type())},
                         {"kv_cache", cacheType}},
                        {output}, /*updatedInputs=*/{2})
              : m.begin({{"input_ids", ids}}, {output});
  Value inputIds = m.argument(0);
  Value position = kvCache ? m.argument(1) : Value();
  Value cache = kvCache ? m.argument(2) : Value();

  m.setScope("embed_tokens");
  Value embed = m.param("embed_tokens.weight", {c.vocab, D});
  // Shared by every layer: the tokens' positions (from the cache's), the
  // sequence length and, without a cache, the causal keep-mask (with one,
  // each layer's is [T, position + T], read off its cached keys).
  Value seq = m.dim(inputIds, 1);
  auto causalMask = [&](Value keys) -> Value {
    return m.b.create<CausalMaskOp>(RankedTensorType::get({kDynamic, kDynamic}, m.b.getI1Type()),
                                    seq, keys ? m.dim(keys, 1) : Value());
  };
  Value keep = kvCache ? Value() : causalMask(Value());
  // The rotary positions index no table: `limit` makes the runtime refuse
  // sequences (and cache positions) past max_position_embeddings, as
  // GPT-2's position table does.
  Value positions = m.positionIds(inputIds, position, c.positions);
  Value h = m.embedding(embed, inputIds);

  auto linear = [&](Value input, const std::string &name, int64_t out, int64_t in) {
    return m.linear(input, m.param(name + ".weight", {out, in}), /*bias=*/nullptr,
                    WeightLayout::out_in);
  };
  auto rotary = [&](Value input, int64_t heads) -> Value {
    return m.b.create<RotaryEmbeddingOp>(input.getType(), input, positions,
                                         m.b.getI64IntegerAttr(heads),
                                         m.b.getF64FloatAttr(c.theta));
  };
  for (int64_t i = 0; i < c.layers; ++i) {
    std::string layer = "layers." + std::to_string(i);
    std::string p = layer + ".";
    m.setScope(p + "self_attn");
    // The layer number is made outside the layer, so that the layers'
    // bodies stay identical.
    Value layerIndex = kvCache ? m.indexConstant(i) : Value();
    SmallVector<Value> carried = {h};
    if (kvCache)
      carried.push_back(cache);
    SmallVector<Value> results = m.layer(layer, carried, [&]() -> SmallVector<Value> {
      Value x = h;
      std::string a = p + "self_attn.";
      Value n = m.rmsNorm(x, m.param(p + "input_layernorm.weight", {D}), c.eps);
      Value q = rotary(linear(n, a + "q_proj", D, D), c.heads);
      Value k = rotary(linear(n, a + "k_proj", KV, D), c.kvHeads);
      Value v = linear(n, a + "v_proj", KV, D);
      Value layerKeep = keep, updated;
      if (kvCache) {
        auto append = m.b.create<KvCacheAppendOp>(
            TypeRange{cache.getType(), k.getType(), v.getType()}, cache, layerIndex, k, v,
            position);
        updated = append.getUpdated();
        k = append.getKeys();
        v = append.getValues();
        layerKeep = causalMask(k);
      }
      Value context = m.b.create<AttentionOp>(
          q.getType(), q, k, v, layerKeep, m.b.getI64IntegerAttr(c.heads),
          m.b.getF64FloatAttr(1.0 / std::sqrt(double(c.headDim()))),
          PrecisionAttr::get(m.b.getContext(), Precision::f32));
      x = m.add(x, linear(context, a + "o_proj", D, D));

      m.setScope(p + "mlp");
      std::string f = p + "mlp.";
      Value n2 = m.rmsNorm(x, m.param(p + "post_attention_layernorm.weight", {D}), c.eps);
      Value gate = linear(n2, f + "gate_proj", F, D), up = linear(n2, f + "up_proj", F, D);
      Value y = m.b.create<GatedActivationOp>(gate.getType(), gate, up, Activation::silu);
      SmallVector<Value> outputs = {m.add(x, linear(y, f + "down_proj", D, F))};
      if (kvCache)
        outputs.push_back(updated);
      return outputs;
    });
    h = results[0];
    if (kvCache)
      cache = results[1];
  }

  m.setScope("norm");
  h = m.rmsNorm(h, m.param("norm.weight", {D}), c.eps);
  SmallVector<Value> outputs = {h};
  if (c.lmHead) {
    m.setScope("lm_head");
    Value head = c.tied ? embed : m.param("lm_head.weight", {c.vocab, D});
    outputs = {m.linear(h, head, /*bias=*/nullptr, WeightLayout::out_in)};
  }
  if (kvCache)
    outputs.push_back(cache);
  m.finish(outputs);
  return module;
}

/// Finds the first `[` or `{` nested deeper than kMaxConfigJsonDepth (outside
/// strings) and describes it the way llvm::json's ParseError does.
std::optional<std::string> findExcessiveNesting(StringRef text) {
  int depth = 0, line = 1;
  size_t lineStart = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      lineStart = i + 1;
    }
    if (inString) {
      if (c == '\\')
        ++i; // Skip the escaped character (an escaped quote in particular).
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxConfigJsonDepth)
        return llvm::formatv("[{0}:{1}, byte={2}]: nested deeper than {3} levels", line,
                             i - lineStart + 1, i, kMaxConfigJsonDepth)
            .str();
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

ArrayRef<StringRef> mlir::tfm::getSupportedModelTypes() {
  static const StringRef types[] = {"bert",  "clip_text_model", "deit", "distilbert", "gpt2",
                                    "llama", "openai-gpt",      "roberta", "t5",
                                    "vit"};
  return types;
}

ArrayRef<StringRef> mlir::tfm::getSupportedArchitectures(StringRef modelType) {
  // The first of each list is what a config without `architectures` gets.
  static const StringRef bert[] = {"BertModel", "BertForMaskedLM",
                                   "BertForSequenceClassification"};
  static const StringRef gpt2[] = {"GPT2LMHeadModel"};
  static const StringRef vit[] = {"ViTForImageClassification"};
  static const StringRef deit[] = {"DeiTForImageClassificationWithTeacher",
                                   "DeiTForImageClassification", "DeiTModel"};
  static const StringRef openaiGpt[] = {"OpenAIGPTLMHeadModel", "OpenAIGPTModel"};
  static const StringRef distilBert[] = {"DistilBertModel", "DistilBertForMaskedLM"};
  static const StringRef roberta[] = {"RobertaModel"};
  static const StringRef clipText[] = {"CLIPTextModel"};
  static const StringRef t5[] = {"T5EncoderModel"};
  static const StringRef llama[] = {"LlamaForCausalLM", "LlamaModel"};
  if (modelType == "openai-gpt")
    return openaiGpt;
  if (modelType == "distilbert")
    return distilBert;
  if (modelType == "roberta")
    return roberta;
  if (modelType == "bert")
    return bert;
  if (modelType == "clip_text_model")
    return clipText;
  if (modelType == "gpt2")
    return gpt2;
  if (modelType == "t5")
    return t5;
  if (modelType == "llama")
    return llama;
  if (modelType == "vit")
    return vit;
  if (modelType == "deit")
    return deit;
  return {};
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::tfm::importHuggingFaceConfig(MLIRContext &context, const json::Value &config,
                                   StringRef sourceName, ImportErrorHandler onError,
                                   const HuggingFaceImportOptions &options) {
  StringRef architectureOverride = options.architecture;
  const json::Object *object = config.getAsObject();
  if (!object) {
    onError((sourceName + ": error: the config must be a JSON object, but is " +
             describeKind(config))
                .str());
    return failure();
  }
  ConfigReader cfg(*object, sourceName, onError);

  FailureOr<StringRef> modelType = cfg.string("model_type");
  if (failed(modelType))
    return failure();
  if (*modelType == "clip")
    return cfg.error("unsupported model_type \"clip\": the text-and-image CLIPModel is not "
                     "supported; its text encoder is, as model_type \"clip_text_model\" "
                     "(CLIPTextModel): a config of this config's \"text_config\" fields, "
                     "whose weights have the same names (text_model.*)");
  if (!llvm::is_contained(getSupportedModelTypes(), *modelType))
    return cfg.error("unknown model_type \"" + *modelType + "\" (supported: " +
                     llvm::join(getSupportedModelTypes(), ", ") + ")");
  cfg.setModelType(*modelType);

  ArrayRef<StringRef> architectures = getSupportedArchitectures(*modelType);
  StringRef architecture = architectureOverride;
  if (architecture.empty()) {
    FailureOr<std::optional<StringRef>> requested = cfg.architecture();
    if (failed(requested))
      return failure();
    architecture = requested->value_or(architectures.front());
  }
  // T5's sequence-to-sequence classes hold the encoder under the same
  // names; building it from their config must be asked for.
  if (*modelType == "t5" && architectureOverride.empty() &&
      (architecture == "T5ForConditionalGeneration" || architecture == "T5Model" ||
       architecture == "T5WithLMHeadModel"))
    return cfg.error("unsupported architectures entry \"" + architecture +
                     "\" for model_type \"t5\": only the encoder (T5EncoderModel) is "
                     "supported; its weights have the same names in this checkpoint, so "
                     "request it with --architecture T5EncoderModel");
  if (!llvm::is_contained(architectures, architecture))
    return cfg.error("unsupported " +
                     Twine(architectureOverride.empty() ? "architectures entry" : "architecture") +
                     " \"" + architecture + "\"" +
                     (architectureOverride.empty() ? "" : " requested") + " for model_type \"" +
                     *modelType + "\" (supported: " + llvm::join(architectures, ", ") + ")");

  // A KV cache serves generation: decoders with an LM head.
  if (options.kvCache && *modelType != "gpt2" &&
      !(*modelType == "llama" && architecture == "LlamaForCausalLM")) {
    std::string what = *modelType == "llama" ? ("architecture \"" + architecture + "\"").str()
                                             : ("model_type \"" + *modelType + "\"").str();
    return cfg.error("a KV cache is for GPT-2 (GPT2LMHeadModel) and LLaMA (LlamaForCausalLM), "
                     "not " + what);
  }

  context.loadDialect<TfmDialect, func::FuncDialect, arith::ArithDialect,
                      tensor::TensorDialect>();
  Location fileLoc = FileLineColLoc::get(&context, sourceName, 1, 1);
  OwningOpRef<ModuleOp> module;
  if (*modelType == "gpt2") {
    FailureOr<Gpt2Config> c = readGpt2(cfg);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getGpt2CheckpointAliases);
    module = buildGpt2(builder, *c, options.kvCache);
  } else if (*modelType == "bert") {
    FailureOr<BertConfig> c = readBert(cfg, architecture);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getBertCheckpointAliases);
    module = buildBert(builder, *c);
  } else if (*modelType == "openai-gpt") {
    FailureOr<OpenAIGptConfig> c = readOpenAIGpt(cfg, architecture);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getOpenAIGptCheckpointAliases);
    module = buildOpenAIGpt(builder, *c);
  } else if (*modelType == "distilbert") {
    FailureOr<DistilBertConfig> c = readDistilBert(cfg, architecture);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getDistilBertCheckpointAliases);
    module = buildDistilBert(builder, *c);
  } else if (*modelType == "roberta") {
    FailureOr<BertConfig> c = readRoberta(cfg, architecture);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getRobertaCheckpointAliases);
    module = buildBert(builder, *c);
  } else if (*modelType == "clip_text_model") {
    FailureOr<ClipTextConfig> c = readClipText(cfg);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getClipTextCheckpointAliases);
    module = buildClipText(builder, *c);
  } else if (*modelType == "t5") {
    FailureOr<T5Config> c = readT5(cfg);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getT5CheckpointAliases);
    module = buildT5Encoder(builder, *c);
  } else if (*modelType == "llama") {
    FailureOr<LlamaConfig> c = readLlama(cfg, architecture);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc, getLlamaCheckpointAliases);
    module = buildLlama(builder, *c, options.kvCache);
  } else {
    FailureOr<VitConfig> c = readVit(cfg, *modelType, architecture);
    if (failed(c))
      return failure();
    ModelBuilder builder(context, fileLoc,
                         *modelType == "deit" ? getDeitCheckpointAliases
                                              : getVitCheckpointAliases);
    module = buildVit(builder, *c);
  }

  // The config was valid, so a verifier failure is a bug in this file; say so
  // rather than print IR nothing downstream accepts.
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  LogicalResult verified = success();
  {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      os << "\n  " << diag.getLocation() << ": " << diag;
      for (const Diagnostic &note : diag.getNotes())
        os << "\n    note: " << note;
      return success();
    });
    verified = verify(*module);
  }
  if (failed(verified))
    return cfg.error("internal error: the generated " + *modelType +
                     " IR does not verify:" + os.str());
  return std::move(module);
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::tfm::importHuggingFaceConfigText(MLIRContext &context, StringRef text,
                                       StringRef sourceName, ImportErrorHandler onError,
                                       const HuggingFaceImportOptions &options) {
  if (std::optional<std::string> nesting = findExcessiveNesting(text)) {
    onError((sourceName + ": error: invalid JSON: " + *nesting).str());
    return failure();
  }
  llvm::Expected<json::Value> config = json::parse(text);
  if (!config) {
    onError((sourceName + ": error: invalid JSON: " + llvm::toString(config.takeError()))
                .str());
    return failure();
  }
  return importHuggingFaceConfig(context, *config, sourceName, onError, options);
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::tfm::importHuggingFaceConfigFile(MLIRContext &context, StringRef path,
                                       ImportErrorHandler onError,
                                       const HuggingFaceImportOptions &options) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readInputFile(path, kMaxConfigFileBytes);
  if (!buffer) {
    onError((path + ": error: cannot read the config file: " + llvm::toString(buffer.takeError()))
                .str());
    return failure();
  }
  StringRef sourceName = path == "-" ? StringRef("<stdin>") : path;
  return importHuggingFaceConfigText(context, (*buffer)->getBuffer(), sourceName, onError,
                                     options);
}

llvm::Expected<json::Value> mlir::tfm::parseHuggingFaceConfigText(StringRef text) {
  if (std::optional<std::string> nesting = findExcessiveNesting(text))
    return llvm::createStringError(*nesting);
  return json::parse(text);
}
