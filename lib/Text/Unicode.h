//===- Unicode.h - UTF-8 and the character classes tokenizers use -*- C++ -*-===//
//
// Internal to TfmText. The classes follow Hugging Face's tokenizers (Rust):
// letters/numbers/punctuation/other are general categories L*, N*, P*, C*;
// whitespace is the White_Space property. Tables: UnicodeTables.inc.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_TEXT_UNICODE_H
#define TFM_LIB_TEXT_UNICODE_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tfm::text::unicode {

/// Decodes the code point at `pos`; returns its length in bytes, or 0 if the
/// bytes there are not valid UTF-8 (truncated, overlong, surrogate, > U+10FFFF).
size_t decodeAt(std::string_view text, size_t pos, char32_t &codePoint);
/// Decodes all of `text`. On invalid UTF-8 returns false with the offset of
/// the first bad byte.
bool decode(std::string_view text, std::vector<char32_t> &out, size_t &badOffset);
/// Offset of the first invalid byte, or npos.
size_t findInvalid(std::string_view text);
void appendUtf8(std::string &out, char32_t codePoint);
std::string encode(const std::vector<char32_t> &codePoints, size_t begin, size_t end);

bool isLetter(char32_t c);
bool isNumber(char32_t c);
bool isPunctuationCategory(char32_t c);
bool isNonspacingMark(char32_t c);
bool isOtherCategory(char32_t c); // Cc, Cf, Cs, Co, Cn
bool isWhiteSpace(char32_t c);    // the White_Space property
/// The CJK Unified Ideograph blocks BERT puts spaces around.
bool isCjkIdeograph(char32_t c);
/// Full lower-case mapping (may be longer than one code point).
void appendLowerCase(char32_t c, std::vector<char32_t> &out);
/// Full canonical decomposition (NFD of the single character, Hangul included).
void appendDecomposition(char32_t c, std::vector<char32_t> &out);

} // namespace tfm::text::unicode

#endif // TFM_LIB_TEXT_UNICODE_H
