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

#include "tfm/Support/Utf8.h"

namespace tfm::text::unicode {

// The UTF-8 codec is the project's (tfm/Support/Utf8.h).
using utf8::appendUtf8;
using utf8::decode;
using utf8::decodeAt;
using utf8::encode;
using utf8::findInvalid;

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
