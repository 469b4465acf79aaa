//===- WordPiece.cpp - BERT's WordPiece tokenizer ------------------------===//

#include "Tokenizers.h"
#include "Unicode.h"

#include <algorithm>
#include <unordered_map>

namespace tfm::text::detail {
namespace {

// BERT counts all ASCII non-alphanumeric printables as punctuation (e.g. '$',
// '^', '`'), plus the Unicode P* categories.
bool isBertPunctuation(char32_t c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
         (c >= 123 && c <= 126) || unicode::isPunctuationCategory(c);
}

bool isBertWhitespace(char32_t c) { return unicode::isWhiteSpace(c); }

// Tab, newline and carriage return count as whitespace, not control.
bool isBertControl(char32_t c) {
  return c != '\t' && c != '\n' && c != '\r' && unicode::isOtherCategory(c);
}

// Hugging Face's clean_up_tokenization: spaces before punctuation and inside
// English contractions, in its order.
std::string cleanUpSpaces(std::string text) {
  static constexpr std::pair<std::string_view, std::string_view> kRules[] = {
      {" .", "."},     {" ?", "?"},     {" !", "!"},     {" ,", ","},      {" ' ", "'"},
      {" n't", "n't"}, {" 'm", "'m"},   {" 's", "'s"},   {" 've", "'ve"},  {" 're", "'re"}};
  for (const auto &[from, to] : kRules) {
    std::string result;
    size_t pos = 0;
    for (size_t hit; (hit = text.find(from, pos)) != std::string::npos; pos = hit + from.size())
      result.append(text, pos, hit - pos).append(to);
    result.append(text, pos, std::string::npos);
    text = std::move(result);
  }
  return text;
}

class WordPieceTokenizer final : public Tokenizer {
public:
  bool init(WordPieceSpec spec, std::string &error) {
    spec_ = std::move(spec);
    if (!vocabulary_.build(spec_.vocab, spec_.added, spec_.vocabFile, error))
      return false;
    auto require = [&](const std::string &token, const char *role, int64_t &id) {
      auto it = vocabulary_.tokenToId.find(token);
      if (it == vocabulary_.tokenToId.end()) {
        error = spec_.vocabFile + ": the " + std::string(role) + " token \"" + token +
                "\" is not in the vocabulary";
        return false;
      }
      id = it->second;
      return true;
    };
    if (!require(spec_.unkToken, "unknown", unkId_) || !require(spec_.clsToken, "classifier", clsId_) ||
        !require(spec_.sepToken, "separator", sepId_) || !require(spec_.padToken, "padding", padId_))
      return false;
    auto mask = vocabulary_.tokenToId.find(spec_.maskToken);
    if (mask != vocabulary_.tokenToId.end())
      maskId_ = mask->second;
    if (spec_.maxLength > 0 && spec_.maxLength < 3) {
      error = "maximum length " + std::to_string(spec_.maxLength) +
              " leaves no room for text next to [CLS] and [SEP]";
      return false;
    }
    // Special tokens are skipped by decode: the added ones marked special, and
    // the roles above (a vocab.txt has no added_tokens list).
    for (const AddedToken &t : spec_.added)
      if (t.special)
        specialIds_.push_back(t.id);
    for (int64_t id : {unkId_, clsId_, sepId_, padId_})
      specialIds_.push_back(id);
    if (maskId_)
      specialIds_.push_back(*maskId_);
    std::sort(specialIds_.begin(), specialIds_.end());
    specialIds_.erase(std::unique(specialIds_.begin(), specialIds_.end()), specialIds_.end());
    return true;
  }

  const char *kind() const override { return "wordpiece"; }
  std::vector<int64_t> specialIds() const override { return specialIds_; }

  bool encode(std::string_view text, Encoding &out, std::string &error) const override {
    std::vector<int64_t> ids;
    if (!tokenize(text, ids, error))
      return false;
    if (spec_.maxLength > 0 && static_cast<int64_t>(ids.size()) > spec_.maxLength - 2)
      ids.resize(spec_.maxLength - 2);
    out = Encoding();
    out.ids.push_back(clsId_);
    out.ids.insert(out.ids.end(), ids.begin(), ids.end());
    out.ids.push_back(sepId_);
    out.typeIds.assign(out.ids.size(), 0);
    out.attentionMask.assign(out.ids.size(), 1);
    return true;
  }

  bool encodePair(std::string_view a, std::string_view b, Encoding &out,
                  std::string &error) const override {
    std::vector<int64_t> first, second;
    if (!tokenize(a, first, error)) {
      error = "first text: " + error;
      return false;
    }
    if (!tokenize(b, second, error)) {
      error = "second text: " + error;
      return false;
    }
    if (spec_.maxLength > 0)
      truncateLongestFirst(first, second, static_cast<size_t>(spec_.maxLength - 3));
    out = Encoding();
    out.ids.push_back(clsId_);
    out.ids.insert(out.ids.end(), first.begin(), first.end());
    out.ids.push_back(sepId_);
    out.typeIds.assign(out.ids.size(), 0);
    out.ids.insert(out.ids.end(), second.begin(), second.end());
    out.ids.push_back(sepId_);
    out.typeIds.resize(out.ids.size(), 1);
    out.attentionMask.assign(out.ids.size(), 1);
    return true;
  }

  void padBatch(std::vector<Encoding> &batch) const override {
    size_t longest = 0;
    for (const Encoding &e : batch)
      longest = std::max(longest, e.ids.size());
    for (Encoding &e : batch) {
      e.attentionMask.resize(longest, 0);
      e.typeIds.resize(longest, 0);
      e.ids.resize(longest, padId_);
    }
  }

  bool decode(const std::vector<int64_t> &ids, std::string &text, std::string &error) const override {
    text.clear();
    bool first = true;
    for (int64_t id : ids) {
      if (!vocabulary_.contains(id)) {
        error = "id " + std::to_string(id) + " is not in the vocabulary (size " +
                std::to_string(vocabSize()) + ")";
        return false;
      }
      if (std::find(specialIds_.begin(), specialIds_.end(), id) != specialIds_.end())
        continue;
      std::string token = vocabulary_.idToToken[id];
      if (!first) {
        if (token.compare(0, spec_.prefix.size(), spec_.prefix) == 0)
          token.erase(0, spec_.prefix.size());
        else
          token.insert(0, " ");
      }
      first = false;
      text += spec_.cleanUpTokens ? cleanUpSpaces(std::move(token)) : token;
    }
    if (spec_.cleanUpText)
      text = cleanUpSpaces(std::move(text));
    return true;
  }

  std::string tokenText(int64_t id) const override {
    return id >= 0 && id < vocabSize() ? vocabulary_.idToToken[id] : std::string();
  }
  int64_t vocabSize() const override { return vocabulary_.size(); }
  std::optional<int64_t> maskId() const override { return maskId_; }
  int64_t maxLength() const override { return spec_.maxLength > 0 ? spec_.maxLength : 0; }

private:
  // Hugging Face's LongestFirst truncation of a pair to `budget` tokens.
  static void truncateLongestFirst(std::vector<int64_t> &a, std::vector<int64_t> &b, size_t budget) {
    if (a.size() + b.size() <= budget)
      return;
    size_t shorter = std::min(a.size(), b.size());
    size_t keepShorter = shorter, keepLonger;
    if (shorter > budget)
      keepLonger = shorter;
    else
      keepLonger = std::max(shorter, budget - shorter);
    if (keepShorter + keepLonger > budget) {
      keepShorter = budget / 2;
      keepLonger = keepShorter + budget % 2;
    }
    if (a.size() > b.size())
      std::swap(keepShorter, keepLonger);
    a.resize(std::min(a.size(), keepShorter));
    b.resize(std::min(b.size(), keepLonger));
  }

  bool tokenize(std::string_view text, std::vector<int64_t> &ids, std::string &error) const {
    size_t bad = unicode::findInvalid(text);
    if (bad != std::string_view::npos) {
      error = "invalid UTF-8 at byte " + std::to_string(bad);
      return false;
    }
    for (const Segment &segment : splitOnAddedTokens(text, spec_.added)) {
      if (segment.addedIndex >= 0) {
        ids.push_back(spec_.added[segment.addedIndex].id);
        continue;
      }
      std::vector<char32_t> normalized = normalize(segment.text);
      // Words: split on whitespace, each punctuation character on its own.
      size_t i = 0, n = normalized.size();
      while (i < n) {
        if (isBertWhitespace(normalized[i])) {
          ++i;
          continue;
        }
        size_t end = i + 1;
        if (!isBertPunctuation(normalized[i]))
          while (end < n && !isBertWhitespace(normalized[end]) && !isBertPunctuation(normalized[end]))
            ++end;
        wordPieces(normalized, i, end, ids);
        i = end;
      }
    }
    return true;
  }

  std::vector<char32_t> normalize(std::string_view text) const {
    std::vector<char32_t> cps, out;
    size_t ignored;
    unicode::decode(text, cps, ignored); // validated by the caller
    for (char32_t c : cps) {
      if (spec_.cleanText) {
        if (c == 0 || c == 0xFFFD || isBertControl(c))
          continue;
        if (isBertWhitespace(c))
          c = ' ';
      }
      if (spec_.handleChineseChars && unicode::isCjkIdeograph(c)) {
        out.insert(out.end(), {U' ', c, U' '});
        continue;
      }
      out.push_back(c);
    }
    if (spec_.stripAccents) {
      std::vector<char32_t> decomposed;
      for (char32_t c : out)
        unicode::appendDecomposition(c, decomposed);
      out.clear();
      for (char32_t c : decomposed)
        if (!unicode::isNonspacingMark(c))
          out.push_back(c);
    }
    if (spec_.lowercase) {
      std::vector<char32_t> lowered;
      for (char32_t c : out)
        unicode::appendLowerCase(c, lowered);
      out = std::move(lowered);
    }
    return out;
  }

  // Greedy longest-match-first; a word with a part not in the vocabulary, or
  // longer than maxInputCharsPerWord, is one [UNK].
  void wordPieces(const std::vector<char32_t> &cps, size_t begin, size_t end,
                  std::vector<int64_t> &ids) const {
    if (static_cast<int64_t>(end - begin) > spec_.maxInputCharsPerWord) {
      ids.push_back(unkId_);
      return;
    }
    std::vector<int64_t> pieces;
    for (size_t start = begin; start < end;) {
      size_t stop = end;
      int64_t found = -1;
      for (; stop > start; --stop) {
        std::string candidate = start > begin ? spec_.prefix : std::string();
        candidate += unicode::encode(cps, start, stop);
        auto it = vocabulary_.tokenToId.find(candidate);
        if (it != vocabulary_.tokenToId.end()) {
          found = it->second;
          break;
        }
      }
      if (found < 0) {
        ids.push_back(unkId_);
        return;
      }
      pieces.push_back(found);
      start = stop;
    }
    ids.insert(ids.end(), pieces.begin(), pieces.end());
  }

  WordPieceSpec spec_;
  Vocabulary vocabulary_;
  std::vector<int64_t> specialIds_;
  int64_t unkId_ = 0, clsId_ = 0, sepId_ = 0, padId_ = 0;
  std::optional<int64_t> maskId_;
};

} // namespace

std::unique_ptr<Tokenizer> makeWordPiece(WordPieceSpec spec, std::string &error) {
  auto tokenizer = std::make_unique<WordPieceTokenizer>();
  if (!tokenizer->init(std::move(spec), error))
    return nullptr;
  return tokenizer;
}

} // namespace tfm::text::detail
