//===- Unicode.cpp - UTF-8 and the character classes tokenizers use ------===//

#include "Unicode.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace tfm::text::unicode {
namespace {

struct CodePointRange {
  char32_t first, last;
};
struct CodePointMapping {
  char32_t from;
  int length;
  char32_t to[4];
};

#include "UnicodeTables.inc"

static_assert(kMaxMappingLength <= 4, "CodePointMapping::to is too small");

template <size_t N> bool inRanges(const CodePointRange (&ranges)[N], char32_t c) {
  auto it = std::upper_bound(std::begin(ranges), std::end(ranges), c,
                             [](char32_t value, const CodePointRange &r) { return value < r.first; });
  return it != std::begin(ranges) && c <= std::prev(it)->last;
}

template <size_t N>
const CodePointMapping *findMapping(const CodePointMapping (&table)[N], char32_t c) {
  auto it = std::lower_bound(std::begin(table), std::end(table), c,
                             [](const CodePointMapping &m, char32_t value) { return m.from < value; });
  return it != std::end(table) && it->from == c ? &*it : nullptr;
}

} // namespace

size_t decodeAt(std::string_view text, size_t pos, char32_t &codePoint) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(pos);
  size_t length;
  char32_t value;
  if (lead < 0x80) {
    codePoint = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() - pos < length)
    return 0;
  for (size_t i = 1; i < length; ++i) {
    uint8_t next = byte(pos + i);
    if ((next & 0xC0) != 0x80)
      return 0;
    value = (value << 6) | (next & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
  if ((length == 3 && value < 0x800) || (length == 4 && value < 0x10000) ||
      (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
    return 0;
  codePoint = value;
  return length;
}

bool decode(std::string_view text, std::vector<char32_t> &out, size_t &badOffset) {
  out.clear();
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    size_t length = decodeAt(text, pos, c);
    if (length == 0) {
      badOffset = pos;
      return false;
    }
    out.push_back(c);
    pos += length;
  }
  return true;
}

size_t findInvalid(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    size_t length = decodeAt(text, pos, c);
    if (length == 0)
      return pos;
    pos += length;
  }
  return std::string_view::npos;
}

void appendUtf8(std::string &out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string encode(const std::vector<char32_t> &codePoints, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i)
    appendUtf8(out, codePoints[i]);
  return out;
}

bool isLetter(char32_t c) { return inRanges(kLetterRanges, c); }
bool isNumber(char32_t c) { return inRanges(kNumberRanges, c); }
bool isPunctuationCategory(char32_t c) { return inRanges(kPunctuationRanges, c); }
bool isNonspacingMark(char32_t c) { return inRanges(kNonspacingMarkRanges, c); }
bool isOtherCategory(char32_t c) { return c > 0x10FFFF || inRanges(kOtherRanges, c); }

bool isWhiteSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

bool isCjkIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

void appendLowerCase(char32_t c, std::vector<char32_t> &out) {
  if (const CodePointMapping *m = findMapping(kLowerCase, c))
    out.insert(out.end(), m->to, m->to + m->length);
  else
    out.push_back(c);
}

void appendDecomposition(char32_t c, std::vector<char32_t> &out) {
  // Hangul syllables: the algorithm of Unicode's section 3.12.
  constexpr char32_t kSyllableBase = 0xAC00, kLeadBase = 0x1100, kVowelBase = 0x1161,
                     kTrailBase = 0x11A7;
  constexpr char32_t kVowels = 21, kTrails = 28, kSyllables = 11172;
  if (c >= kSyllableBase && c < kSyllableBase + kSyllables) {
    char32_t index = c - kSyllableBase;
    out.push_back(kLeadBase + index / (kVowels * kTrails));
    out.push_back(kVowelBase + (index % (kVowels * kTrails)) / kTrails);
    if (index % kTrails != 0)
      out.push_back(kTrailBase + index % kTrails);
    return;
  }
  if (const CodePointMapping *m = findMapping(kDecomposition, c))
    out.insert(out.end(), m->to, m->to + m->length);
  else
    out.push_back(c);
}

} // namespace tfm::text::unicode
