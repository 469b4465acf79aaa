//===- FuzzTokenizer.cpp - fuzz the tokenizers and their JSON reader ------===//
//
// The first byte picks what the rest is:
//   0  text for a byte-level BPE (test/Text/data/bpe-small): it encodes, or
//      fails naming a byte; encoded, it decodes back to the same bytes;
//   1  text for BERT WordPiece (test/Text/data/bert-uncased): [CLS] … [SEP]
//      with ids in the vocabulary, decodable, and a pair of its halves within
//      the maximum length;
//   2  a tokenizer.json: it loads or fails with a message, and what loads
//      encodes and decodes a sample text;
//   3  a JSON document: it parses or fails with "line L, column C: …".
//
//===----------------------------------------------------------------------===//

#include "tfm/Support/Json.h"
#include "tfm/Text/Tokenizer.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

using namespace tfm::text;
using tfm::JsonValue;
using tfm::parseJson;
using tfm::readJsonFile;

namespace {

std::unique_ptr<Tokenizer> loadOrDie(const std::string &dir, int64_t maxLength) {
  std::string error;
  auto tokenizer = Tokenizer::load(dir, error, TokenizerOptions{maxLength});
  if (!tokenizer) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::abort(); // The harness's own data must load.
  }
  return tokenizer;
}

bool idsInVocabulary(const Tokenizer &tokenizer, const std::vector<int64_t> &ids) {
  for (int64_t id : ids)
    if (id < 0 || id >= tokenizer.vocabSize())
      return false;
  return true;
}

void checkEncodeError(bool ok, const std::string &error) {
  if (!ok && error.rfind("invalid UTF-8 at byte ", 0) != 0 &&
      error.find(": invalid UTF-8 at byte ") == std::string::npos)
    std::abort(); // Text can only be refused for its encoding.
}

void fuzzBpe(const std::string &text) {
  static const auto tokenizer = loadOrDie(TFM_TEXT_TEST_DATA "/bpe-small", -1);
  Encoding e;
  std::string error, decoded;
  bool ok = tokenizer->encode(text, e, error);
  checkEncodeError(ok, error);
  if (!ok)
    return;
  if (!idsInVocabulary(*tokenizer, e.ids) || e.attentionMask.size() != e.ids.size() ||
      !tokenizer->decode(e.ids, decoded, error) || decoded != text)
    std::abort(); // Byte-level BPE must round-trip exactly.
}

void fuzzWordPiece(const std::string &text) {
  static const auto tokenizer = loadOrDie(TFM_TEXT_TEST_DATA "/bert-uncased", -1);
  static const auto shortTokenizer = loadOrDie(TFM_TEXT_TEST_DATA "/bert-uncased", 16);
  Encoding e;
  std::string error, decoded;
  bool ok = tokenizer->encode(text, e, error);
  checkEncodeError(ok, error);
  if (!ok)
    return;
  if (e.ids.size() < 2 || e.ids.front() != 2 || e.ids.back() != 3 ||
      !idsInVocabulary(*tokenizer, e.ids) || e.typeIds.size() != e.ids.size() ||
      !tokenizer->decode(e.ids, decoded, error))
    std::abort();
  // Split at a character boundary so both halves stay valid UTF-8.
  size_t half = text.size() / 2;
  while (half < text.size() && (static_cast<unsigned char>(text[half]) & 0xC0) == 0x80)
    ++half;
  Encoding pair;
  if (!shortTokenizer->encodePair(text.substr(0, half), text.substr(half), pair, error) ||
      pair.ids.size() > 16 || pair.ids.size() < 3 || pair.typeIds.size() != pair.ids.size())
    std::abort();
  std::vector<Encoding> batch{e, pair};
  tokenizer->padBatch(batch);
  if (batch[0].ids.size() != batch[1].ids.size() ||
      batch[0].attentionMask.size() != batch[0].ids.size())
    std::abort();
}

/// A directory of this process's own for tokenizer.json inputs.
struct ScratchDir {
  std::string path;
  ScratchDir() {
    const char *tmp = std::getenv("TMPDIR");
    path = std::string(tmp && *tmp ? tmp : "/tmp") + "/tfm-fuzz-tokenizer-" +
           std::to_string(static_cast<long>(getpid()));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

void fuzzTokenizerJson(const uint8_t *data, size_t size) {
  static ScratchDir dir;
  {
    std::ofstream file(dir.path + "/tokenizer.json", std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
    if (!file)
      std::abort(); // The harness, not the code under test, failed.
  }
  std::string error;
  auto tokenizer = Tokenizer::load(dir.path, error, TokenizerOptions{-1});
  if (!tokenizer) {
    if (error.empty())
      std::abort(); // An error must say what is wrong.
    return;
  }
  Encoding e;
  std::string decoded;
  if (!tokenizer->encode("Hello world, it's 2 o'clock: café 中文 😀!", e, error)) {
    if (error.empty())
      std::abort();
    return;
  }
  if (!idsInVocabulary(*tokenizer, e.ids) || !tokenizer->decode(e.ids, decoded, error))
    std::abort();
}

void fuzzJson(const std::string &text) {
  JsonValue value;
  std::string error;
  if (!parseJson(text, value, error) && error.rfind("line ", 0) != 0)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  std::string rest(reinterpret_cast<const char *>(data) + 1, size - 1);
  switch (data[0] % 4) {
  case 0:
    fuzzBpe(rest);
    break;
  case 1:
    fuzzWordPiece(rest);
    break;
  case 2:
    fuzzTokenizerJson(data + 1, size - 1);
    break;
  default:
    fuzzJson(rest);
    break;
  }
  return 0;
}
