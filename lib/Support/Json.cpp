//===- Json.cpp - a small JSON reader for the runtime side ---------------===//

#include "tfm/Support/Json.h"

#include "tfm/Support/Utf8.h"

#include "Runtime/Support.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <unordered_set>

namespace tfm {

std::optional<int64_t> JsonValue::integer() const { return kind_ == Kind::Number ? integer_ : std::nullopt; }

const JsonValue *JsonValue::find(std::string_view key) const {
  for (const Member &member : members_)
    if (member.first == key)
      return &member.second;
  return nullptr;
}

const char *JsonValue::kindName() const {
  switch (kind_) {
  case Kind::Null:
    return "null";
  case Kind::Bool:
    return "a boolean";
  case Kind::Number:
    return "a number";
  case Kind::String:
    return "a string";
  case Kind::Array:
    return "an array";
  case Kind::Object:
    return "an object";
  }
  return "a value";
}

JsonValue JsonValue::makeBool(bool value) {
  JsonValue v;
  v.kind_ = Kind::Bool;
  v.bool_ = value;
  return v;
}
JsonValue JsonValue::makeNumber(double value, std::optional<int64_t> integer) {
  JsonValue v;
  v.kind_ = Kind::Number;
  v.number_ = value;
  v.integer_ = integer;
  return v;
}
JsonValue JsonValue::makeString(std::string value) {
  JsonValue v;
  v.kind_ = Kind::String;
  v.string_ = std::move(value);
  return v;
}
JsonValue JsonValue::makeArray(std::vector<JsonValue> elements) {
  JsonValue v;
  v.kind_ = Kind::Array;
  v.array_ = std::move(elements);
  return v;
}
JsonValue JsonValue::makeObject(std::vector<Member> members) {
  JsonValue v;
  v.kind_ = Kind::Object;
  v.members_ = std::move(members);
  return v;
}

namespace {

class Parser {
public:
  Parser(std::string_view text, const JsonLimits &limits) : text_(text), limits_(limits) {}

  bool parseDocument(JsonValue &out, std::string &error) {
    if (text_.size() > limits_.maxBytes) {
      error = "line 1, column 1: document of " + std::to_string(text_.size()) +
              " bytes is larger than the limit of " + std::to_string(limits_.maxBytes);
      return false;
    }
    skipSpace();
    bool ok = parseValue(out, 0);
    if (ok) {
      skipSpace();
      if (pos_ != text_.size())
        ok = fail("unexpected data after the JSON value");
    }
    if (!ok)
      error = where(errorPos_) + ": " + problem_;
    return ok;
  }

private:
  std::string where(size_t offset) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
  }

  bool fail(std::string problem) { return failAt(pos_, std::move(problem)); }
  bool failAt(size_t offset, std::string problem) {
    errorPos_ = offset;
    problem_ = std::move(problem);
    return false;
  }

  bool atEnd() const { return pos_ >= text_.size(); }

  void skipSpace() {
    while (!atEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                        text_[pos_] == '\r'))
      ++pos_;
  }

  bool expectLiteral(std::string_view literal) {
    if (text_.substr(pos_, literal.size()) != literal)
      return fail("invalid literal (expected '" + std::string(literal) + "')");
    pos_ += literal.size();
    return true;
  }

  bool parseValue(JsonValue &out, int depth) {
    if (atEnd())
      return fail("unexpected end of input (expected a value)");
    switch (text_[pos_]) {
    case '{':
      return parseObject(out, depth + 1);
    case '[':
      return parseArray(out, depth + 1);
    case '"': {
      std::string s;
      if (!parseString(s))
        return false;
      out = JsonValue::makeString(std::move(s));
      return true;
    }
    case 't':
      out = JsonValue::makeBool(true);
      return expectLiteral("true");
    case 'f':
      out = JsonValue::makeBool(false);
      return expectLiteral("false");
    case 'n':
      out = JsonValue::makeNull();
      return expectLiteral("null");
    default:
      if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9'))
        return parseNumber(out);
      return fail(std::string("unexpected character '") + printable(text_[pos_]) + "'");
    }
  }

  static std::string printable(char c) {
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F)
      return std::string(1, c);
    std::ostringstream s;
    s << "\\x" << std::hex << (static_cast<unsigned>(static_cast<unsigned char>(c)));
    return s.str();
  }

  bool checkDepth(int depth) {
    if (depth > limits_.maxDepth)
      return fail("nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
    return true;
  }

  bool parseArray(JsonValue &out, int depth) {
    if (!checkDepth(depth))
      return false;
    ++pos_; // '['
    std::vector<JsonValue> elements;
    skipSpace();
    if (!atEnd() && text_[pos_] == ']') {
      ++pos_;
      out = JsonValue::makeArray(std::move(elements));
      return true;
    }
    while (true) {
      skipSpace();
      JsonValue element;
      if (!parseValue(element, depth))
        return false;
      elements.push_back(std::move(element));
      skipSpace();
      if (atEnd())
        return fail("unexpected end of input in an array (expected ',' or ']')");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        out = JsonValue::makeArray(std::move(elements));
        return true;
      }
      return fail("expected ',' or ']' in an array");
    }
  }

  bool parseObject(JsonValue &out, int depth) {
    if (!checkDepth(depth))
      return false;
    ++pos_; // '{'
    std::vector<JsonValue::Member> members;
    std::unordered_set<std::string> keys;
    skipSpace();
    if (!atEnd() && text_[pos_] == '}') {
      ++pos_;
      out = JsonValue::makeObject(std::move(members));
      return true;
    }
    while (true) {
      skipSpace();
      if (atEnd())
        return fail("unexpected end of input in an object (expected a key)");
      if (text_[pos_] != '"')
        return fail("expected a string key in an object");
      size_t keyPos = pos_;
      std::string key;
      if (!parseString(key))
        return false;
      if (!keys.insert(key).second)
        return failAt(keyPos, "duplicate key \"" + key + "\"");
      skipSpace();
      if (atEnd() || text_[pos_] != ':')
        return fail("expected ':' after an object key");
      ++pos_;
      skipSpace();
      JsonValue value;
      if (!parseValue(value, depth))
        return false;
      members.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (atEnd())
        return fail("unexpected end of input in an object (expected ',' or '}')");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        out = JsonValue::makeObject(std::move(members));
        return true;
      }
      return fail("expected ',' or '}' in an object");
    }
  }

  bool parseHex4(char32_t &value) {
    if (text_.size() - pos_ < 4)
      return fail("truncated \\u escape");
    value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_ + i];
      int digit = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
      if (digit < 0)
        return fail("invalid hex digit in a \\u escape");
      value = value * 16 + digit;
    }
    pos_ += 4;
    return true;
  }

  bool parseString(std::string &out) {
    ++pos_; // '"'
    while (true) {
      if (atEnd())
        return fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20)
        return fail("control character in a string (must be escaped)");
      if (c == '\\') {
        ++pos_;
        if (atEnd())
          return fail("unterminated string");
        char escape = text_[pos_++];
        switch (escape) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          size_t escapePos = pos_ - 2;
          char32_t unit;
          if (!parseHex4(unit))
            return false;
          if (unit >= 0xDC00 && unit <= 0xDFFF)
            return failAt(escapePos, "unpaired UTF-16 low surrogate in a \\u escape");
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            char32_t low;
            if (text_.substr(pos_, 2) != "\\u")
              return failAt(escapePos, "unpaired UTF-16 high surrogate in a \\u escape");
            pos_ += 2;
            if (!parseHex4(low))
              return false;
            if (low < 0xDC00 || low > 0xDFFF)
              return failAt(escapePos, "unpaired UTF-16 high surrogate in a \\u escape");
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          }
          utf8::appendUtf8(out, unit);
          break;
        }
        default:
          return failAt(pos_ - 2, std::string("invalid escape '\\") + printable(escape) + "'");
        }
        continue;
      }
      char32_t codePoint;
      size_t length = utf8::decodeAt(text_, pos_, codePoint);
      if (length == 0)
        return fail("invalid UTF-8 in a string");
      out.append(text_.substr(pos_, length));
      pos_ += length;
    }
  }

  bool parseNumber(JsonValue &out) {
    size_t start = pos_;
    bool integral = true;
    if (text_[pos_] == '-')
      ++pos_;
    auto digits = [&] {
      size_t first = pos_;
      while (!atEnd() && text_[pos_] >= '0' && text_[pos_] <= '9')
        ++pos_;
      return pos_ - first;
    };
    if (atEnd() || !(text_[pos_] >= '0' && text_[pos_] <= '9'))
      return fail("invalid number (expected a digit)");
    if (text_[pos_] == '0') {
      ++pos_;
      if (!atEnd() && text_[pos_] >= '0' && text_[pos_] <= '9')
        return failAt(start, "invalid number (leading zero)");
    } else {
      digits();
    }
    if (!atEnd() && text_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (digits() == 0)
        return fail("invalid number (expected a digit after '.')");
    }
    if (!atEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (!atEnd() && (text_[pos_] == '+' || text_[pos_] == '-'))
        ++pos_;
      if (digits() == 0)
        return fail("invalid number (expected a digit in the exponent)");
    }
    // from_chars: locale-independent, unlike strtod.
    const char *first = text_.data() + start, *last = text_.data() + pos_;
    double value = 0;
    auto [end, status] = std::from_chars(first, last, value);
    if (status != std::errc() || end != last || !std::isfinite(value))
      return failAt(start, "number out of range");
    std::optional<int64_t> integer;
    int64_t parsed = 0;
    if (integral && std::from_chars(first, last, parsed).ec == std::errc())
      integer = parsed;
    out = JsonValue::makeNumber(value, integer);
    return true;
  }

  std::string_view text_;
  const JsonLimits &limits_;
  size_t pos_ = 0;
  size_t errorPos_ = 0;
  std::string problem_;
};

} // namespace

bool parseJson(std::string_view text, JsonValue &out, std::string &error, const JsonLimits &limits) {
  return Parser(text, limits).parseDocument(out, error);
}

bool readJsonFile(const std::string &path, JsonValue &out, std::string &error,
                  const JsonLimits &limits) {
  std::string text;
  std::string problem = rt::readRegularFile(path, limits.maxBytes, "a JSON file", text);
  if (!problem.empty()) {
    error = path + ": " + problem;
    return false;
  }
  if (!parseJson(text, out, problem, limits)) {
    error = path + ": " + problem;
    return false;
  }
  return true;
}

} // namespace tfm
