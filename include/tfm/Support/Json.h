//===- Json.h - a small JSON reader for the runtime side --------*- C++ -*-===//
//
// Reads the JSON files of a Hugging Face model folder (tokenizer.json,
// vocab.json, tokenizer_config.json, config.json, preprocessor_config.json).
// Plain C++17, no MLIR/LLVM. Errors say where: "line L, column C: problem"
// (columns count bytes from 1). Nesting depth and input size are capped so a
// hostile file fails cleanly instead of exhausting the stack or memory.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_SUPPORT_JSON_H
#define TFM_SUPPORT_JSON_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tfm {

class JsonValue {
public:
  enum class Kind { Null, Bool, Number, String, Array, Object };
  using Member = std::pair<std::string, JsonValue>;

  JsonValue() = default;
  Kind kind() const { return kind_; }
  bool isNull() const { return kind_ == Kind::Null; }
  bool isBool() const { return kind_ == Kind::Bool; }
  bool isNumber() const { return kind_ == Kind::Number; }
  bool isString() const { return kind_ == Kind::String; }
  bool isArray() const { return kind_ == Kind::Array; }
  bool isObject() const { return kind_ == Kind::Object; }

  bool boolean() const { return bool_; }
  double number() const { return number_; }
  /// The number as an integer, if it is one exactly (written without a
  /// fraction or exponent and within int64_t).
  std::optional<int64_t> integer() const;
  const std::string &string() const { return string_; }
  const std::vector<JsonValue> &array() const { return array_; }
  /// Members in file order (keys are unique: the parser refuses duplicates).
  const std::vector<Member> &object() const { return members_; }
  /// The member named `key`, or nullptr (also when this is not an object).
  const JsonValue *find(std::string_view key) const;
  /// "null", "a boolean", "a number", "a string", "an array" or "an object",
  /// for messages.
  const char *kindName() const;

  static JsonValue makeNull() { return JsonValue(); }
  static JsonValue makeBool(bool value);
  static JsonValue makeNumber(double value, std::optional<int64_t> integer);
  static JsonValue makeString(std::string value);
  static JsonValue makeArray(std::vector<JsonValue> elements);
  static JsonValue makeObject(std::vector<Member> members);

private:
  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::optional<int64_t> integer_;
  std::string string_;
  std::vector<JsonValue> array_;
  std::vector<Member> members_;
};

struct JsonLimits {
  size_t maxBytes = size_t(512) << 20; // tokenizer.json of large vocabularies is ~20 MB
  int maxDepth = 64;                   // Hugging Face files nest ~6 deep
};

/// Parses `text` (one JSON document, UTF-8). On failure returns false and sets
/// `error` to "line L, column C: problem".
bool parseJson(std::string_view text, JsonValue &out, std::string &error,
               const JsonLimits &limits = {});

/// Reads and parses a file; errors start with the path.
bool readJsonFile(const std::string &path, JsonValue &out, std::string &error,
                  const JsonLimits &limits = {});

} // namespace tfm

#endif // TFM_SUPPORT_JSON_H
