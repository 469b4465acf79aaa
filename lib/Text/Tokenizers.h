//===- Tokenizers.h - TfmText's internals, shared with its tests -*- C++ -*-===//

#ifndef TFM_LIB_TEXT_TOKENIZERS_H
#define TFM_LIB_TEXT_TOKENIZERS_H

#include "tfm/Text/Tokenizer.h"

#include <array>
#include <string>
#include <unordered_map>
#include <string_view>
#include <utility>
#include <vector>

namespace tfm::text::detail {

/// A token the text is split on before anything else (Hugging Face's
/// added_tokens), matched leftmost-longest on the raw text.
struct AddedToken {
  std::string content;
  int64_t id = 0;
  bool special = true;
};

/// Token <-> id, built from a vocabulary file and the added tokens; errors
/// name `file` (a token or id given twice, ids out of range).
struct Vocabulary {
  std::unordered_map<std::string, int64_t> tokenToId;
  std::vector<std::string> idToToken; // indexed by id; hasId says which are used
  std::vector<bool> hasId;
  bool build(const std::vector<std::pair<std::string, int64_t>> &entries,
             const std::vector<AddedToken> &added, const std::string &file, std::string &error);
  int64_t size() const { return static_cast<int64_t>(idToToken.size()); }
  bool contains(int64_t id) const { return id >= 0 && id < size() && hasId[id]; }
};

/// Pieces of a text: runs of ordinary text, and added tokens (addedIndex >= 0).
struct Segment {
  std::string_view text;
  int addedIndex = -1;
};
std::vector<Segment> splitOnAddedTokens(std::string_view text,
                                        const std::vector<AddedToken> &added);

/// GPT-2's byte-to-unicode map: printable Latin-1 bytes map to themselves,
/// the others to U+0100 upwards in byte order.
std::array<char32_t, 256> gpt2ByteToUnicode();

/// GPT-2's pre-tokenisation regex
///   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
/// over valid UTF-8: returns the pieces as views into `text`.
std::vector<std::string_view> gpt2PreTokenize(std::string_view text);

/// What a byte-level BPE tokenizer is made of (files already read).
struct BpeSpec {
  std::vector<std::pair<std::string, int64_t>> vocab;
  std::vector<std::pair<std::string, std::string>> merges; // by rank
  std::vector<std::string> mergeOrigins; // per merge, "FILE line N" or "FILE: merges[N]"
  std::vector<AddedToken> added;
  std::string vocabFile;          // for errors
  bool addPrefixSpace = false;
  std::string eosToken = "<|endoftext|>";
  int64_t maxLength = 0;
};
std::unique_ptr<Tokenizer> makeBpe(BpeSpec spec, std::string &error);

struct WordPieceSpec {
  std::vector<std::pair<std::string, int64_t>> vocab;
  std::vector<AddedToken> added;
  std::string vocabFile;
  bool cleanText = true, handleChineseChars = true, lowercase = true, stripAccents = true;
  std::string unkToken = "[UNK]", clsToken = "[CLS]", sepToken = "[SEP]", padToken = "[PAD]",
              maskToken = "[MASK]", prefix = "##";
  int64_t maxInputCharsPerWord = 100;
  int64_t maxLength = 0;
  // decode's space clean-up: per token (tokenizer.json's WordPiece decoder
  // "cleanup") and on the whole text (clean_up_tokenization_spaces).
  bool cleanUpTokens = true, cleanUpText = true;
};
std::unique_ptr<Tokenizer> makeWordPiece(WordPieceSpec spec, std::string &error);

} // namespace tfm::text::detail

#endif // TFM_LIB_TEXT_TOKENIZERS_H
