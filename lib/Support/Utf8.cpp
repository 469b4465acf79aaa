//===- Utf8.cpp - UTF-8 decoding and encoding -----------------------------===//

#include "tfm/Support/Utf8.h"

namespace tfm::utf8 {

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

} // namespace tfm::utf8
