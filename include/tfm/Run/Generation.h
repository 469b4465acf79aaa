//===- Generation.h - Streaming the text a model generates ------*- C++ -*-===//
//
// `tfm run --max-new-tokens` prints the generated text as the tokens come.
// GPT-2's byte-level tokens may end inside a UTF-8 character, and a stop
// string (--stop) may be spread over several tokens: TextStream says which
// part of the text decoded so far can be printed without ever printing a
// partial character or any byte of a stop string.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_GENERATION_H
#define TFM_RUN_GENERATION_H

#include <cstddef>
#include <string>
#include <vector>

namespace tfm::run {

/// The length of the longest prefix of `bytes` that does not end inside a
/// UTF-8 character: a trailing lead byte with fewer continuation bytes than
/// it announces is left out (at most 3 bytes). Invalid bytes elsewhere count
/// as complete (they are printed as U+FFFD).
size_t completeUtf8Length(const std::string &bytes);

class TextStream {
public:
  /// `stops`: the stop strings (non-empty); generation ends before the first
  /// occurrence of any of them, which is not printed.
  explicit TextStream(std::vector<std::string> stops);

  /// `text` is the whole generated text decoded so far, as bytes (it only
  /// grows). Returns what can be printed now beyond what was returned
  /// before, as valid UTF-8 (invalid bytes as U+FFFD): up to the last
  /// complete character, holding back a suffix that may begin a stop
  /// string. When `text` holds a stop string, returns the text up to its
  /// first occurrence, and stopped() becomes true; later calls return "".
  std::string update(const std::string &text);
  /// At the end of generation: the bytes held back (an incomplete character
  /// as U+FFFD, the beginning of a stop string that never completed);
  /// "" after a stop.
  std::string finish();

  bool stopped() const { return stopped_; }
  /// The stop string that ended generation ("" if none).
  const std::string &stopString() const { return stopString_; }
  /// Everything returned so far.
  const std::string &shown() const { return shown_; }

private:
  std::string emit(const std::string &text, size_t end);

  std::vector<std::string> stops_;
  std::string text_;
  /// The bytes of the text already returned.
  size_t printed_ = 0;
  bool stopped_ = false;
  bool finished_ = false;
  std::string stopString_;
  std::string shown_;
};

} // namespace tfm::run

#endif // TFM_RUN_GENERATION_H
