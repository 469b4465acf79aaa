//===- Generation.cpp - Streaming the text a model generates --------------===//

#include "tfm/Run/Generation.h"

#include "llvm/Support/JSON.h"

#include <algorithm>

namespace tfm::run {

size_t completeUtf8Length(const std::string &bytes) {
  const size_t size = bytes.size();
  for (size_t back = 1; back <= std::min<size_t>(3, size); ++back) {
    const auto byte = static_cast<unsigned char>(bytes[size - back]);
    if ((byte & 0xC0) == 0x80)
      continue; // a continuation byte: look further back for its lead
    const size_t length = (byte & 0xE0) == 0xC0   ? 2
                          : (byte & 0xF0) == 0xE0 ? 3
                          : (byte & 0xF8) == 0xF0 ? 4
                                                  : 1;
    return back < length ? size - back : size;
  }
  return size;
}

TextStream::TextStream(std::vector<std::string> stops) : stops_(std::move(stops)) {}

std::string TextStream::emit(const std::string &text, size_t end) {
  if (end <= printed_)
    return "";
  std::string chunk = llvm::json::fixUTF8(text.substr(printed_, end - printed_));
  printed_ = end;
  shown_ += chunk;
  return chunk;
}

std::string TextStream::update(const std::string &text) {
  if (stopped_ || finished_)
    return "";
  text_ = text;
  // The first occurrence of any stop string. Nothing of it was printed: a
  // part of it at the end of an earlier text was held back.
  size_t first = std::string::npos;
  for (const std::string &stop : stops_) {
    size_t at = text.find(stop, printed_ > stop.size() ? printed_ - stop.size() : 0);
    if (at != std::string::npos && at < first) {
      first = at;
      stopString_ = stop;
    }
  }
  if (first != std::string::npos) {
    stopped_ = true;
    return emit(text, std::max(first, printed_));
  }
  // Hold back the longest end of the text that begins a stop string.
  size_t end = completeUtf8Length(text);
  for (const std::string &stop : stops_)
    for (size_t length = std::min(stop.size() - 1, text.size()); length > 0; --length)
      if (text.compare(text.size() - length, length, stop, 0, length) == 0) {
        end = std::min(end, text.size() - length);
        break;
      }
  return emit(text, end);
}

std::string TextStream::finish() {
  if (stopped_ || finished_)
    return "";
  finished_ = true;
  return emit(text_, text_.size());
}

} // namespace tfm::run
