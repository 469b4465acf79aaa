//===- Utf8.h - UTF-8 decoding and encoding ---------------------*- C++ -*-===//
//
// Runtime side (plain C++17): strict UTF-8 as RFC 3629 defines it, shared by
// the JSON reader and the tokenizers.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_SUPPORT_UTF8_H
#define TFM_SUPPORT_UTF8_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tfm::utf8 {

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

} // namespace tfm::utf8

#endif // TFM_SUPPORT_UTF8_H
