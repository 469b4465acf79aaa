//===- Tokenizer.cpp - reading a Hugging Face model folder's tokenizer ---===//

#include "tfm/Text/Tokenizer.h"

#include "Tokenizers.h"
#include "Unicode.h"
#include "tfm/Support/Json.h"
#include "Runtime/Support.h"

#include <filesystem>

namespace tfm::text {

Tokenizer::~Tokenizer() = default;

namespace {

using detail::AddedToken;
namespace fs = std::filesystem;

constexpr uint64_t kMaxTextFileBytes = uint64_t(256) << 20;

bool exists(const std::string &path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool readTextFile(const std::string &path, std::string &text, std::string &error) {
  std::string problem = rt::readRegularFile(path, kMaxTextFileBytes, "a tokenizer file", text);
  if (!problem.empty()) {
    error = path + ": " + problem;
    return false;
  }
  return true;
}

/// Splits into lines (without "\n" or "\r\n"); a final newline ends the last line.
std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

bool checkUtf8Lines(const std::string &path, std::string_view text, std::string &error) {
  size_t bad = unicode::findInvalid(text);
  if (bad == std::string_view::npos)
    return true;
  size_t line = 1;
  for (size_t i = 0; i < bad; ++i)
    line += text[i] == '\n';
  error = path + " line " + std::to_string(line) + ": invalid UTF-8 at byte " + std::to_string(bad);
  return false;
}

// The optional settings files: a missing one is no error, a broken one is.
bool readOptionalJson(const std::string &path, JsonValue &out, std::string &error) {
  if (!exists(path)) {
    out = JsonValue::makeObject({});
    return true;
  }
  if (!readJsonFile(path, out, error))
    return false;
  if (!out.isObject()) {
    error = path + ": expected a JSON object";
    return false;
  }
  return true;
}

/// A setting that may be a string or {"content": "..."} (AddedToken form).
std::optional<std::string> tokenSetting(const JsonValue &config, std::string_view key) {
  const JsonValue *v = config.find(key);
  if (!v)
    return std::nullopt;
  if (v->isString())
    return v->string();
  if (const JsonValue *content = v->isObject() ? v->find("content") : nullptr)
    if (content->isString())
      return content->string();
  return std::nullopt;
}

struct ModelSettings {
  JsonValue tokenizerConfig, config;
  std::string tokenizerConfigPath, configPath;
};

/// The maximum length: the caller's, else tokenizer_config.json's
/// model_max_length (Hugging Face writes 1e30 for "none"), else config.json's
/// positions.
int64_t resolveMaxLength(const TokenizerOptions &options, const ModelSettings &settings,
                         int64_t fromTokenizerJson) {
  if (options.maxLength != 0)
    return options.maxLength > 0 ? options.maxLength : 0;
  if (const JsonValue *v = settings.tokenizerConfig.find("model_max_length"))
    if (auto n = v->integer(); n && *n > 0 && *n < (int64_t(1) << 40))
      return *n;
  if (fromTokenizerJson > 0)
    return fromTokenizerJson;
  for (const char *key : {"max_position_embeddings", "n_positions"})
    if (const JsonValue *v = settings.config.find(key))
      if (auto n = v->integer(); n && *n > 0)
        return *n;
  return 0;
}

bool checkVocabSize(const Tokenizer &tokenizer, const ModelSettings &settings,
                    const std::string &vocabFile, std::string &error) {
  const JsonValue *v = settings.config.find("vocab_size");
  if (!v)
    return true;
  auto expected = v->integer();
  if (!expected) {
    error = settings.configPath + ": vocab_size is not an integer";
    return false;
  }
  if (*expected != tokenizer.vocabSize()) {
    error = vocabFile + " has " + std::to_string(tokenizer.vocabSize()) + " tokens but " +
            settings.configPath + " says vocab_size " + std::to_string(*expected);
    return false;
  }
  return true;
}

bool readVocabObject(const JsonValue &vocab, const std::string &where,
                     std::vector<std::pair<std::string, int64_t>> &out, std::string &error) {
  if (!vocab.isObject()) {
    error = where + ": the vocabulary is not a JSON object of token: id";
    return false;
  }
  out.reserve(vocab.object().size());
  for (const auto &[token, id] : vocab.object()) {
    auto n = id.integer();
    if (!n) {
      error = where + ": the id of \"" + token + "\" is not an integer";
      return false;
    }
    out.emplace_back(token, *n);
  }
  return true;
}

bool readAddedTokens(const JsonValue &root, const std::string &path, std::vector<AddedToken> &out,
                     std::string &error) {
  const JsonValue *added = root.find("added_tokens");
  if (!added || added->isNull())
    return true;
  if (!added->isArray()) {
    error = path + ": added_tokens is not an array";
    return false;
  }
  for (size_t i = 0; i < added->array().size(); ++i) {
    const JsonValue &entry = added->array()[i];
    const JsonValue *id = entry.find("id"), *content = entry.find("content"),
                    *special = entry.find("special");
    if (!id || !id->integer() || !content || !content->isString() || content->string().empty()) {
      error = path + ": added_tokens[" + std::to_string(i) + "] needs an integer id and a content";
      return false;
    }
    out.push_back({content->string(), *id->integer(), special && special->isBool() && special->boolean()});
  }
  return true;
}

std::string typeOf(const JsonValue *section) {
  if (!section || section->isNull())
    return "null";
  const JsonValue *type = section->find("type");
  return type && type->isString() ? type->string() : "?";
}

bool flag(const JsonValue *section, std::string_view key, bool fallback) {
  const JsonValue *v = section ? section->find(key) : nullptr;
  return v && v->isBool() ? v->boolean() : fallback;
}

std::unique_ptr<Tokenizer> loadBpeJson(const JsonValue &root, const JsonValue &model,
                                       const std::string &path, const ModelSettings &settings,
                                       const TokenizerOptions &options, std::string &error) {
  detail::BpeSpec spec;
  spec.vocabFile = path;
  std::string pre = typeOf(root.find("pre_tokenizer"));
  if (pre != "ByteLevel") {
    error = path + ": pre_tokenizer " + pre + " is not supported (BPE needs GPT-2's ByteLevel)";
    return nullptr;
  }
  if (!flag(root.find("pre_tokenizer"), "use_regex", true)) {
    error = path + ": a ByteLevel pre_tokenizer without use_regex is not supported";
    return nullptr;
  }
  std::string normalizer = typeOf(root.find("normalizer"));
  if (normalizer != "null") {
    error = path + ": normalizer " + normalizer + " is not supported for BPE";
    return nullptr;
  }
  for (const char *key : {"continuing_subword_prefix", "end_of_word_suffix"})
    if (const JsonValue *v = model.find(key); v && !v->isNull() && !(v->isString() && v->string().empty())) {
      error = path + ": model." + key + " is not supported for byte-level BPE";
      return nullptr;
    }
  for (const char *key : {"byte_fallback", "ignore_merges"})
    if (flag(&model, key, false)) {
      error = path + ": model." + key + " is not supported for byte-level BPE";
      return nullptr;
    }
  // Special tokens a post-processor would add (RoBERTa's <s> … </s>) are not
  // implemented: refuse rather than give ids without them.
  std::string post = typeOf(root.find("post_processor"));
  if (post != "null" && post != "ByteLevel") {
    error = path + ": post_processor " + post + " is not supported for BPE (only ByteLevel)";
    return nullptr;
  }
  spec.addPrefixSpace = flag(root.find("pre_tokenizer"), "add_prefix_space", false);
  const JsonValue *vocab = model.find("vocab");
  if (!vocab || !readVocabObject(*vocab, path + ": model.vocab", spec.vocab, error)) {
    if (!vocab)
      error = path + ": model.vocab is missing";
    return nullptr;
  }
  const JsonValue *merges = model.find("merges");
  if (!merges || !merges->isArray()) {
    error = path + ": model.merges is missing or not an array";
    return nullptr;
  }
  for (size_t i = 0; i < merges->array().size(); ++i) {
    const JsonValue &m = merges->array()[i];
    std::string origin = path + ": model.merges[" + std::to_string(i) + "]";
    if (m.isString()) { // "left right"
      size_t space = m.string().find(' ');
      if (space == std::string::npos || space == 0 || space + 1 == m.string().size() ||
          m.string().find(' ', space + 1) != std::string::npos) {
        error = origin + ": \"" + m.string() + "\" is not two tokens separated by one space";
        return nullptr;
      }
      spec.merges.emplace_back(m.string().substr(0, space), m.string().substr(space + 1));
    } else if (m.isArray() && m.array().size() == 2 && m.array()[0].isString() &&
               m.array()[1].isString()) { // ["left", "right"]
      spec.merges.emplace_back(m.array()[0].string(), m.array()[1].string());
    } else {
      error = origin + ": expected \"left right\" or [\"left\", \"right\"]";
      return nullptr;
    }
    spec.mergeOrigins.push_back(origin);
  }
  if (!readAddedTokens(root, path, spec.added, error))
    return nullptr;
  if (auto eos = tokenSetting(settings.tokenizerConfig, "eos_token"))
    spec.eosToken = *eos;
  int64_t fromJson = 0;
  if (const JsonValue *t = root.find("truncation"); t && t->isObject())
    if (const JsonValue *m = t->find("max_length"); m && m->integer())
      fromJson = *m->integer();
  spec.maxLength = resolveMaxLength(options, settings, fromJson);
  return detail::makeBpe(std::move(spec), error);
}

bool applyBertSettings(const JsonValue &tokenizerConfig, detail::WordPieceSpec &spec) {
  spec.lowercase = flag(&tokenizerConfig, "do_lower_case", true);
  const JsonValue *strip = tokenizerConfig.find("strip_accents");
  spec.stripAccents = strip && strip->isBool() ? strip->boolean() : spec.lowercase;
  spec.handleChineseChars = flag(&tokenizerConfig, "tokenize_chinese_chars", true);
  spec.cleanUpText = flag(&tokenizerConfig, "clean_up_tokenization_spaces", true);
  for (auto [key, field] : {std::pair{"unk_token", &spec.unkToken}, {"cls_token", &spec.clsToken},
                            {"sep_token", &spec.sepToken}, {"pad_token", &spec.padToken},
                            {"mask_token", &spec.maskToken}})
    if (auto value = tokenSetting(tokenizerConfig, key))
      *field = *value;
  return true;
}

std::unique_ptr<Tokenizer> loadWordPieceJson(const JsonValue &root, const JsonValue &model,
                                             const std::string &path, const ModelSettings &settings,
                                             const TokenizerOptions &options, std::string &error) {
  detail::WordPieceSpec spec;
  spec.vocabFile = path;
  applyBertSettings(settings.tokenizerConfig, spec);
  const JsonValue *normalizer = root.find("normalizer");
  std::string normalizerType = typeOf(normalizer);
  if (normalizerType == "BertNormalizer") {
    spec.cleanText = flag(normalizer, "clean_text", true);
    spec.handleChineseChars = flag(normalizer, "handle_chinese_chars", true);
    spec.lowercase = flag(normalizer, "lowercase", true);
    const JsonValue *strip = normalizer->find("strip_accents");
    spec.stripAccents = strip && strip->isBool() ? strip->boolean() : spec.lowercase;
  } else if (normalizerType == "null") {
    spec.cleanText = spec.handleChineseChars = spec.lowercase = spec.stripAccents = false;
  } else {
    error = path + ": normalizer " + normalizerType + " is not supported for WordPiece";
    return nullptr;
  }
  std::string pre = typeOf(root.find("pre_tokenizer"));
  if (pre != "BertPreTokenizer") {
    error = path + ": pre_tokenizer " + pre + " is not supported (WordPiece needs BertPreTokenizer)";
    return nullptr;
  }
  // [CLS] and [SEP] from the post-processor: BertProcessing {"cls": [token, id]},
  // or TemplateProcessing's single template (first and last special token).
  const JsonValue *post = root.find("post_processor");
  std::string postType = typeOf(post);
  if (postType == "BertProcessing") {
    const JsonValue *cls = post->find("cls"), *sep = post->find("sep");
    if (!cls || !sep || !cls->isArray() || !sep->isArray() || cls->array().empty() ||
        sep->array().empty() || !cls->array()[0].isString() || !sep->array()[0].isString()) {
      error = path + ": post_processor BertProcessing needs cls and sep";
      return nullptr;
    }
    spec.clsToken = cls->array()[0].string();
    spec.sepToken = sep->array()[0].string();
  } else if (postType == "TemplateProcessing") {
    const JsonValue *single = post->find("single");
    std::vector<std::string> specials;
    if (single && single->isArray())
      for (const JsonValue &piece : single->array())
        if (const JsonValue *s = piece.find("SpecialToken"))
          if (const JsonValue *id = s->find("id"); id && id->isString())
            specials.push_back(id->string());
    if (specials.size() != 2) {
      error = path + ": post_processor TemplateProcessing is not BERT's [CLS] $A [SEP]";
      return nullptr;
    }
    spec.clsToken = specials[0];
    spec.sepToken = specials[1];
  } else {
    error = path + ": post_processor " + postType + " is not supported for WordPiece";
    return nullptr;
  }
  if (const JsonValue *decoder = root.find("decoder"); typeOf(decoder) == "WordPiece")
    spec.cleanUpTokens = flag(decoder, "cleanup", true);
  if (const JsonValue *unk = model.find("unk_token"); unk && unk->isString())
    spec.unkToken = unk->string();
  if (const JsonValue *prefix = model.find("continuing_subword_prefix"); prefix && prefix->isString())
    spec.prefix = prefix->string();
  if (const JsonValue *m = model.find("max_input_chars_per_word"); m && m->integer())
    spec.maxInputCharsPerWord = *m->integer();
  const JsonValue *vocab = model.find("vocab");
  if (!vocab) {
    error = path + ": model.vocab is missing";
    return nullptr;
  }
  if (!readVocabObject(*vocab, path + ": model.vocab", spec.vocab, error) ||
      !readAddedTokens(root, path, spec.added, error))
    return nullptr;
  int64_t fromJson = 0;
  if (const JsonValue *t = root.find("truncation"); t && t->isObject())
    if (const JsonValue *m = t->find("max_length"); m && m->integer())
      fromJson = *m->integer();
  spec.maxLength = resolveMaxLength(options, settings, fromJson);
  return detail::makeWordPiece(std::move(spec), error);
}

std::unique_ptr<Tokenizer> loadTokenizerJson(const std::string &path, const ModelSettings &settings,
                                             const TokenizerOptions &options, std::string &error) {
  JsonValue root;
  if (!readJsonFile(path, root, error))
    return nullptr;
  const JsonValue *model = root.isObject() ? root.find("model") : nullptr;
  if (!model || !model->isObject()) {
    error = path + ": no \"model\" object";
    return nullptr;
  }
  std::string type = typeOf(model);
  if (type == "?" && model->find("merges")) // older files leave the type out
    type = "BPE";
  if (type == "BPE")
    return loadBpeJson(root, *model, path, settings, options, error);
  if (type == "WordPiece")
    return loadWordPieceJson(root, *model, path, settings, options, error);
  error = path + ": model type " + type + " is not supported (BPE or WordPiece)";
  return nullptr;
}

std::unique_ptr<Tokenizer> loadGpt2Files(const std::string &vocabPath, const std::string &mergesPath,
                                         const ModelSettings &settings,
                                         const TokenizerOptions &options, std::string &error) {
  detail::BpeSpec spec;
  spec.vocabFile = vocabPath;
  JsonValue vocab;
  if (!readJsonFile(vocabPath, vocab, error) || !readVocabObject(vocab, vocabPath, spec.vocab, error))
    return nullptr;
  std::string text;
  if (!readTextFile(mergesPath, text, error) || !checkUtf8Lines(mergesPath, text, error))
    return nullptr;
  std::vector<std::string_view> lines = splitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    // "#version: 0.2" heads the file; blank lines carry nothing.
    if ((i == 0 && line.substr(0, 9) == "#version:") || line.empty())
      continue;
    std::string origin = mergesPath + " line " + std::to_string(i + 1);
    size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0 || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string_view::npos) {
      error = origin + ": \"" + std::string(line) + "\" is not two tokens separated by one space";
      return nullptr;
    }
    spec.merges.emplace_back(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
    spec.mergeOrigins.push_back(origin);
  }
  if (auto eos = tokenSetting(settings.tokenizerConfig, "eos_token"))
    spec.eosToken = *eos;
  // GPT-2's <|endoftext|> is in vocab.json; it is also split out of text.
  for (const auto &[token, id] : spec.vocab)
    if (token == spec.eosToken)
      spec.added.push_back({token, id, true});
  spec.maxLength = resolveMaxLength(options, settings, 0);
  return detail::makeBpe(std::move(spec), error);
}

std::unique_ptr<Tokenizer> loadVocabTxt(const std::string &path, const ModelSettings &settings,
                                        const TokenizerOptions &options, std::string &error) {
  detail::WordPieceSpec spec;
  spec.vocabFile = path;
  applyBertSettings(settings.tokenizerConfig, spec);
  std::string text;
  if (!readTextFile(path, text, error) || !checkUtf8Lines(path, text, error))
    return nullptr;
  std::vector<std::string_view> lines = splitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      error = path + " line " + std::to_string(i + 1) + ": empty token";
      return nullptr;
    }
    spec.vocab.emplace_back(std::string(lines[i]), static_cast<int64_t>(i));
  }
  // The special tokens are split out of text before normalisation, as
  // BertTokenizer's added tokens are.
  for (const std::string *token : {&spec.unkToken, &spec.clsToken, &spec.sepToken, &spec.padToken,
                                   &spec.maskToken})
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i] == *token)
        spec.added.push_back({*token, static_cast<int64_t>(i), true});
  spec.maxLength = resolveMaxLength(options, settings, 0);
  return detail::makeWordPiece(std::move(spec), error);
}

} // namespace

std::unique_ptr<Tokenizer> Tokenizer::load(const std::string &modelDir, std::string &error,
                                           const TokenizerOptions &options) {
  std::error_code ec;
  if (!fs::is_directory(modelDir, ec)) {
    error = modelDir + ": not a directory";
    return nullptr;
  }
  auto file = [&](const char *name) { return (fs::path(modelDir) / name).string(); };
  ModelSettings settings;
  settings.tokenizerConfigPath = file("tokenizer_config.json");
  settings.configPath = file("config.json");
  if (!readOptionalJson(settings.tokenizerConfigPath, settings.tokenizerConfig, error) ||
      !readOptionalJson(settings.configPath, settings.config, error))
    return nullptr;
  std::unique_ptr<Tokenizer> tokenizer;
  std::string vocabFile;
  if (exists(file("tokenizer.json"))) {
    vocabFile = file("tokenizer.json");
    tokenizer = loadTokenizerJson(vocabFile, settings, options, error);
  } else if (exists(file("vocab.json")) || exists(file("merges.txt"))) {
    for (const char *name : {"vocab.json", "merges.txt"})
      if (!exists(file(name))) {
        error = file(name) + ": missing (GPT-2's tokenizer needs vocab.json and merges.txt)";
        return nullptr;
      }
    vocabFile = file("vocab.json");
    tokenizer = loadGpt2Files(vocabFile, file("merges.txt"), settings, options, error);
  } else if (exists(file("vocab.txt"))) {
    vocabFile = file("vocab.txt");
    tokenizer = loadVocabTxt(vocabFile, settings, options, error);
  } else {
    error = modelDir + ": no tokenizer files (tokenizer.json, vocab.json + merges.txt, or vocab.txt)";
    return nullptr;
  }
  if (!tokenizer || !checkVocabSize(*tokenizer, settings, vocabFile, error))
    return nullptr;
  return tokenizer;
}

} // namespace tfm::text
