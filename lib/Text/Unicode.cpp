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
