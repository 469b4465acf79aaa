//===- BytePairEncoding.cpp - GPT-2's byte-level BPE ---------------------===//

#include "Tokenizers.h"
#include "Unicode.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

namespace tfm::text::detail {

std::array<char32_t, 256> gpt2ByteToUnicode() {
  std::array<char32_t, 256> map{};
  auto printable = [](int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  };
  char32_t next = 0x100;
  for (int b = 0; b < 256; ++b)
    map[b] = printable(b) ? char32_t(b) : next++;
  return map;
}

std::vector<std::string_view> gpt2PreTokenize(std::string_view text) {
  std::vector<char32_t> cps;
  std::vector<size_t> offsets; // byte offset of each code point, and the end
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    size_t length = unicode::decodeAt(text, pos, c);
    if (length == 0) // callers validate first; treat a stray byte as a character
      length = 1, c = 0xFFFD;
    cps.push_back(c);
    offsets.push_back(pos);
    pos += length;
  }
  offsets.push_back(text.size());
  const size_t n = cps.size();
  auto isSpace = [&](size_t i) { return unicode::isWhiteSpace(cps[i]); };
  auto isLetter = [&](size_t i) { return unicode::isLetter(cps[i]); };
  auto isNumber = [&](size_t i) { return unicode::isNumber(cps[i]); };
  auto isOther = [&](size_t i) { return !isSpace(i) && !isLetter(i) && !isNumber(i); };

  std::vector<std::string_view> pieces;
  size_t i = 0;
  while (i < n) {
    size_t end = i;
    // 's|'t|'re|'ve|'m|'ll|'d
    if (cps[i] == '\'' && i + 1 < n) {
      char32_t a = cps[i + 1], b = i + 2 < n ? cps[i + 2] : 0;
      if (a == 's' || a == 't' || a == 'm' || a == 'd')
        end = i + 2;
      else if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
        end = i + 3;
    }
    // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+', in that order.
    if (end == i) {
      size_t start = cps[i] == ' ' && i + 1 < n ? i + 1 : i;
      for (auto klass : {+[](char32_t c) { return unicode::isLetter(c); },
                         +[](char32_t c) { return unicode::isNumber(c); }}) {
        if (klass(cps[start])) {
          end = start;
          while (end < n && klass(cps[end]))
            ++end;
          break;
        }
      }
      if (end == i && isOther(start)) {
        end = start;
        while (end < n && isOther(end))
          ++end;
      }
    }
    // '\s+(?!\S)' then '\s+': a whitespace run gives up its last character
    // to the next piece when a non-space follows it.
    if (end == i && isSpace(i)) {
      size_t run = i;
      while (run < n && isSpace(run))
        ++run;
      end = run == n || run - i == 1 ? run : run - 1;
    }
    pieces.push_back(text.substr(offsets[i], offsets[end] - offsets[i]));
    i = end;
  }
  return pieces;
}

std::vector<Segment> splitOnAddedTokens(std::string_view text,
                                        const std::vector<AddedToken> &added) {
  std::vector<Segment> segments;
  size_t plainStart = 0, pos = 0;
  while (pos < text.size()) {
    int best = -1;
    for (size_t k = 0; k < added.size(); ++k) {
      const std::string &content = added[k].content;
      if (!content.empty() && text.compare(pos, content.size(), content) == 0 &&
          (best < 0 || content.size() > added[best].content.size()))
        best = static_cast<int>(k);
    }
    if (best < 0) {
      ++pos;
      continue;
    }
    if (pos > plainStart)
      segments.push_back({text.substr(plainStart, pos - plainStart), -1});
    segments.push_back({text.substr(pos, added[best].content.size()), best});
    pos += added[best].content.size();
    plainStart = pos;
  }
  if (pos > plainStart)
    segments.push_back({text.substr(plainStart, pos - plainStart), -1});
  return segments;
}

namespace {

class BpeTokenizer final : public Tokenizer {
public:
  bool init(BpeSpec spec, std::string &error) {
    spec_ = std::move(spec);
    if (!vocabulary_.build(spec_.vocab, spec_.added, spec_.vocabFile, error))
      return false;
    byteToUnicode_ = gpt2ByteToUnicode();
    for (int b = 0; b < 256; ++b) {
      unicodeToByte_[byteToUnicode_[b]] = static_cast<uint8_t>(b);
      std::string symbol;
      unicode::appendUtf8(symbol, byteToUnicode_[b]);
      if (!vocabulary_.tokenToId.count(symbol)) {
        error = spec_.vocabFile + ": the byte-level symbol \"" + symbol + "\" (byte " +
                std::to_string(b) + ") is not in the vocabulary";
        return false;
      }
    }
    for (size_t rank = 0; rank < spec_.merges.size(); ++rank) {
      const auto &[left, right] = spec_.merges[rank];
      for (const std::string *part : {&left, &right, static_cast<const std::string *>(nullptr)}) {
        std::string token = part ? *part : left + right;
        if (!vocabulary_.tokenToId.count(token)) {
          error = spec_.mergeOrigins[rank] + ": \"" + left + " " + right + "\": " +
                  (part ? "its part" : "its result") + " \"" + token + "\" is not in " +
                  spec_.vocabFile;
          return false;
        }
      }
      // The first of duplicate merges keeps its rank, as in Hugging Face's.
      mergeRanks_.emplace(pairKey(left, right), static_cast<int64_t>(rank));
    }
    for (const AddedToken &t : spec_.added)
      if (t.content == spec_.eosToken)
        padId_ = t.id;
    if (!padId_) {
      auto it = vocabulary_.tokenToId.find(spec_.eosToken);
      if (it != vocabulary_.tokenToId.end())
        padId_ = it->second;
    }
    return true;
  }

  const char *kind() const override { return "bpe"; }
  std::vector<int64_t> specialIds() const override {
    std::vector<int64_t> ids;
    for (const AddedToken &t : spec_.added)
      if (t.special)
        ids.push_back(t.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }

  bool encode(std::string_view text, Encoding &out, std::string &error) const override {
    size_t bad = unicode::findInvalid(text);
    if (bad != std::string_view::npos) {
      error = "invalid UTF-8 at byte " + std::to_string(bad);
      return false;
    }
    out = Encoding();
    std::string prefixed;
    if (spec_.addPrefixSpace && !text.empty() && text[0] != ' ') {
      prefixed = " " + std::string(text);
      text = prefixed;
    }
    for (const Segment &segment : splitOnAddedTokens(text, spec_.added)) {
      if (segment.addedIndex >= 0) {
        out.ids.push_back(spec_.added[segment.addedIndex].id);
        continue;
      }
      for (std::string_view piece : gpt2PreTokenize(segment.text))
        if (!encodePiece(piece, out.ids, error))
          return false;
    }
    if (spec_.maxLength > 0 && static_cast<int64_t>(out.ids.size()) > spec_.maxLength)
      out.ids.resize(spec_.maxLength);
    out.attentionMask.assign(out.ids.size(), 1);
    return true;
  }

  bool encodePair(std::string_view, std::string_view, Encoding &, std::string &error) const override {
    error = "the bpe tokenizer has no sentence pairs (GPT-2 takes one text)";
    return false;
  }

  void padBatch(std::vector<Encoding> &batch) const override {
    padRows(batch, padId_.value_or(0));
  }

  static void padRows(std::vector<Encoding> &batch, int64_t padId) {
    size_t longest = 0;
    for (const Encoding &e : batch)
      longest = std::max(longest, e.ids.size());
    for (Encoding &e : batch) {
      e.attentionMask.resize(longest, 0);
      if (!e.typeIds.empty())
        e.typeIds.resize(longest, 0);
      e.ids.resize(longest, padId);
    }
  }

  bool decode(const std::vector<int64_t> &ids, std::string &text, std::string &error) const override {
    text.clear();
    for (int64_t id : ids) {
      if (!vocabulary_.contains(id)) {
        error = "id " + std::to_string(id) + " is not in the vocabulary (size " +
                std::to_string(vocabSize()) + ")";
        return false;
      }
      const std::string &token = vocabulary_.idToToken[id];
      if (isAddedId(id)) {
        text += token;
        continue;
      }
      for (size_t pos = 0; pos < token.size();) {
        char32_t c;
        size_t length = unicode::decodeAt(token, pos, c);
        auto it = length ? unicodeToByte_.find(c) : unicodeToByte_.end();
        if (it == unicodeToByte_.end()) {
          error = "token " + std::to_string(id) + " (\"" + token +
                  "\") is not spelled in GPT-2's byte-level alphabet";
          return false;
        }
        text += static_cast<char>(it->second);
        pos += length;
      }
    }
    return true;
  }

  std::string tokenText(int64_t id) const override {
    return id >= 0 && id < vocabSize() ? vocabulary_.idToToken[id] : std::string();
  }
  int64_t vocabSize() const override { return vocabulary_.size(); }
  std::optional<int64_t> maskId() const override { return std::nullopt; }
  int64_t maxLength() const override { return spec_.maxLength > 0 ? spec_.maxLength : 0; }

private:
  static std::string pairKey(const std::string &left, const std::string &right) {
    // Length-prefixed, so that no two different pairs share a key.
    return std::to_string(left.size()) + ":" + left + right;
  }

  bool isAddedId(int64_t id) const {
    for (const AddedToken &t : spec_.added)
      if (t.id == id)
        return true;
    return false;
  }

  // Merges by rank with a priority queue (lowest rank, then leftmost), which
  // gives GPT-2's result (each rank merged left to right) in O(n log n).
  bool encodePiece(std::string_view piece, std::vector<int64_t> &ids, std::string &error) const {
    struct Symbol {
      std::string text;
      int prev, next;
    };
    std::vector<Symbol> symbols;
    for (unsigned char byte : piece) {
      std::string s;
      unicode::appendUtf8(s, byteToUnicode_[byte]);
      int index = static_cast<int>(symbols.size());
      symbols.push_back({std::move(s), index - 1, index + 1});
    }
    if (symbols.empty())
      return true;
    symbols.back().next = -1;
    struct Candidate {
      int64_t rank;
      int left;
      size_t leftSize, rightSize; // the symbols' sizes when queued, to spot stale entries
      bool operator>(const Candidate &o) const {
        return rank != o.rank ? rank > o.rank : left > o.left;
      }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
    auto consider = [&](int left) {
      if (left < 0 || symbols[left].next < 0)
        return;
      const Symbol &a = symbols[left], &b = symbols[a.next];
      auto it = mergeRanks_.find(pairKey(a.text, b.text));
      if (it != mergeRanks_.end())
        queue.push({it->second, left, a.text.size(), b.text.size()});
    };
    for (int i = 0; i < static_cast<int>(symbols.size()); ++i)
      consider(i);
    while (!queue.empty()) {
      Candidate top = queue.top();
      queue.pop();
      Symbol &a = symbols[top.left];
      if (a.text.empty() || a.next < 0 || a.text.size() != top.leftSize ||
          symbols[a.next].text.size() != top.rightSize)
        continue;
      Symbol &b = symbols[a.next];
      a.text += b.text;
      b.text.clear(); // merged away
      a.next = b.next;
      if (a.next >= 0)
        symbols[a.next].prev = top.left;
      consider(a.prev);
      consider(top.left);
    }
    for (int i = 0; i >= 0; i = symbols[i].next) {
      auto it = vocabulary_.tokenToId.find(symbols[i].text);
      if (it == vocabulary_.tokenToId.end()) { // cannot happen: init checked bytes and merges
        error = "internal error: symbol \"" + symbols[i].text + "\" is not in the vocabulary";
        return false;
      }
      ids.push_back(it->second);
    }
    return true;
  }

  BpeSpec spec_;
  Vocabulary vocabulary_;
  std::unordered_map<std::string, int64_t> mergeRanks_;
  std::array<char32_t, 256> byteToUnicode_{};
  std::unordered_map<char32_t, uint8_t> unicodeToByte_;
  std::optional<int64_t> padId_;
};

} // namespace

std::unique_ptr<Tokenizer> makeBpe(BpeSpec spec, std::string &error) {
  auto tokenizer = std::make_unique<BpeTokenizer>();
  if (!tokenizer->init(std::move(spec), error))
    return nullptr;
  return tokenizer;
}

} // namespace tfm::text::detail
