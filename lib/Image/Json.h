//===- Json.h - the small JSON reader of preprocessor_config.json --*- C++ -*-===//
//
// Internal to TfmImage: a strict RFC 8259 reader into a value tree, with a
// nesting limit, errors as "LINE:COLUMN: PROBLEM". Strings are kept as their
// UTF-8 bytes (escapes decoded); numbers as double.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_IMAGE_JSON_H
#define TFM_LIB_IMAGE_JSON_H

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tfm::image::json {

struct Value {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool boolean = false;
  double number = 0.0;
  std::string text;
  std::vector<Value> items;                           // Array
  std::vector<std::pair<std::string, Value>> members; // Object, in file order

  /// The last member named `key` (as Python's json keeps), or null.
  const Value *find(const std::string &key) const;
  /// "a boolean", "a number", ... for messages.
  const char *kindName() const;
};

/// Parses `text` as one JSON value nested at most `maxDepth` deep.
bool parse(const std::string &text, int maxDepth, Value &out, std::string &error);

} // namespace tfm::image::json

#endif // TFM_LIB_IMAGE_JSON_H
