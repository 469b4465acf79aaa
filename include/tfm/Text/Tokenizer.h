//===- Tokenizer.h - GPT-2 byte-level BPE and BERT WordPiece ----*- C++ -*-===//
//
// Text to token ids and back, as Hugging Face's tokenizers do it, from the
// files of a Hugging Face model folder. Runtime side: plain C++17, no
// MLIR/LLVM, no global state; a loaded Tokenizer is immutable, so one
// instance may encode from several threads at once. docs/tokenizers.md.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TEXT_TOKENIZER_H
#define TFM_TEXT_TOKENIZER_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tfm::text {

struct Encoding { // one text (or pair), special tokens added
  std::vector<int64_t> ids, attentionMask, typeIds; // typeIds empty if the model has none
};

struct TokenizerOptions {
  /// 0: the tokenizer's own (tokenizer_config.json's model_max_length, else
  /// config.json's max_position_embeddings or n_positions); < 0: no limit.
  int64_t maxLength = 0;
};

class Tokenizer {
public:
  /// Reads tokenizer.json, or vocab.json + merges.txt (GPT-2), or vocab.txt
  /// (+ tokenizer_config.json for do_lower_case) from a Hugging Face model
  /// folder. nullptr + `error` naming the file and problem.
  static std::unique_ptr<Tokenizer> load(const std::string &modelDir, std::string &error,
                                         const TokenizerOptions &options = {});
  virtual ~Tokenizer();
  virtual const char *kind() const = 0; // "bpe" | "wordpiece"
  /// false + error (e.g. invalid UTF-8 at byte N) on bad input; truncates to maxLength.
  virtual bool encode(std::string_view text, Encoding &out, std::string &error) const = 0;
  /// wordpiece: [CLS] a [SEP] b [SEP] with typeIds 0…0 1…1; bpe: error.
  virtual bool encodePair(std::string_view a, std::string_view b, Encoding &out,
                          std::string &error) const = 0;
  /// Pads a batch to its longest row with the pad id (attention_mask 0);
  /// bpe pads with eos (as HF GPT-2 usage).
  virtual void padBatch(std::vector<Encoding> &batch) const = 0;
  /// wordpiece: skips special tokens, joins "##" pieces and cleans up spaces
  /// as Hugging Face's decode does; bpe: the exact bytes the ids stand for.
  virtual bool decode(const std::vector<int64_t> &ids, std::string &text,
                      std::string &error) const = 0;
  /// The vocabulary entry (for bpe in its byte-level spelling, e.g. "Ġthe");
  /// empty for an id outside the vocabulary.
  virtual std::string tokenText(int64_t id) const = 0;
  virtual int64_t vocabSize() const = 0;
  virtual std::optional<int64_t> maskId() const = 0; // [MASK] if any
  /// The ids of the special tokens ([CLS], [SEP], [PAD], [UNK], [MASK] and
  /// added tokens marked special; bpe: e.g. <|endoftext|>), sorted, each
  /// once: the positions a masked-LM loss never masks.
  virtual std::vector<int64_t> specialIds() const = 0;
  /// The length encode truncates to; 0 when there is no limit.
  virtual int64_t maxLength() const = 0;
};

} // namespace tfm::text

#endif // TFM_TEXT_TOKENIZER_H
