//===- Json.cpp - the small JSON reader of preprocessor_config.json -------===//

#include "Json.h"

#include <charconv>
#include <system_error>

namespace tfm::image::json {

const Value *Value::find(const std::string &key) const {
  const Value *found = nullptr;
  for (const auto &member : members)
    if (member.first == key)
      found = &member.second;
  return found;
}

const char *Value::kindName() const {
  switch (kind) {
  case Null:
    return "null";
  case Bool:
    return "a boolean";
  case Number:
    return "a number";
  case String:
    return "a string";
  case Array:
    return "an array";
  case Object:
    return "an object";
  }
  return "?";
}

namespace {

class Parser {
public:
  Parser(const std::string &text, int maxDepth) : text_(text), maxDepth_(maxDepth) {}

  bool parseDocument(Value &out) {
    skipSpace();
    if (!parseValue(out, 1))
      return false;
    skipSpace();
    if (pos_ != text_.size())
      return fail("unexpected text after the JSON value");
    return true;
  }

  std::string error;

private:
  bool fail(const std::string &problem) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    error = std::to_string(line) + ":" + std::to_string(column) + ": " + problem;
    return false;
  }

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool literal(const char *word) {
    size_t length = std::char_traits<char>::length(word);
    if (text_.compare(pos_, length, word) != 0)
      return fail("invalid JSON value");
    pos_ += length;
    return true;
  }

  bool parseValue(Value &out, int depth) {
    if (pos_ >= text_.size())
      return fail("unexpected end of the JSON text");
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (depth > maxDepth_)
        return fail("JSON nested deeper than " + std::to_string(maxDepth_) + " levels");
      return c == '{' ? parseObject(out, depth) : parseArray(out, depth);
    }
    if (c == '"') {
      out.kind = Value::String;
      return parseString(out.text);
    }
    if (c == 't' || c == 'f') {
      out.kind = Value::Bool;
      out.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      out.kind = Value::Null;
      return literal("null");
    }
    if (c == '-' || (c >= '0' && c <= '9'))
      return parseNumber(out);
    return fail("invalid JSON value");
  }

  bool parseObject(Value &out, int depth) {
    out.kind = Value::Object;
    ++pos_;
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"')
        return fail("expected a string key");
      std::string key;
      if (!parseString(key))
        return false;
      skipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':')
        return fail("expected ':'");
      ++pos_;
      skipSpace();
      Value value;
      if (!parseValue(value, depth + 1))
        return false;
      out.members.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  bool parseArray(Value &out, int depth) {
    out.kind = Value::Array;
    ++pos_;
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      skipSpace();
      Value value;
      if (!parseValue(value, depth + 1))
        return false;
      out.items.push_back(std::move(value));
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  }

  bool parseHex4(unsigned &code) {
    code = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = pos_ < text_.size() ? hexDigit(text_[pos_]) : -1;
      if (digit < 0)
        return fail("invalid \\u escape");
      code = code * 16 + static_cast<unsigned>(digit);
      ++pos_;
    }
    return true;
  }

  static void appendUtf8(std::string &out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool parseString(std::string &out) {
    ++pos_; // the opening quote
    while (true) {
      if (pos_ >= text_.size())
        return fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20)
        return fail("control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size())
        return fail("unterminated string");
      char escape = text_[pos_++];
      switch (escape) {
      case '"':
      case '\\':
      case '/':
        out += escape;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned code;
        if (!parseHex4(code))
          return false;
        if (code >= 0xD800 && code < 0xDC00) {
          unsigned low;
          if (text_.compare(pos_, 2, "\\u") != 0)
            return fail("unpaired surrogate in \\u escape");
          pos_ += 2;
          if (!parseHex4(low))
            return false;
          if (low < 0xDC00 || low >= 0xE000)
            return fail("unpaired surrogate in \\u escape");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code < 0xE000) {
          return fail("unpaired surrogate in \\u escape");
        }
        appendUtf8(out, code);
        break;
      }
      default:
        --pos_;
        return fail("invalid escape in a string");
      }
    }
  }

  bool parseNumber(Value &out) {
    size_t start = pos_;
    auto digits = [&] {
      size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
        ++pos_;
      return pos_ - from;
    };
    if (text_[pos_] == '-')
      ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return fail("invalid number");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0)
        return fail("invalid number");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
        ++pos_;
      if (digits() == 0)
        return fail("invalid number");
    }
    // from_chars: independent of the locale, unlike strtod.
    const char *begin = text_.data() + start, *end = text_.data() + pos_;
    auto [stop, status] = std::from_chars(begin, end, out.number);
    if (status != std::errc() || stop != end) {
      pos_ = start;
      return fail("number out of range");
    }
    out.kind = Value::Number;
    return true;
  }

  const std::string &text_;
  int maxDepth_;
  size_t pos_ = 0;
};

} // namespace

bool parse(const std::string &text, int maxDepth, Value &out, std::string &error) {
  Parser parser(text, maxDepth);
  Value value;
  if (!parser.parseDocument(value)) {
    error = parser.error;
    return false;
  }
  out = std::move(value);
  return true;
}

} // namespace tfm::image::json
