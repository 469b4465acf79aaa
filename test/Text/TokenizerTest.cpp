//===- TokenizerTest.cpp - GPT-2 BPE and BERT WordPiece -------------------===//
//
// Parity with Hugging Face's tokenizers on the corpus of make_text_data.mjs
// (expected ids from gpt-3-encoder and @xenova/transformers), the pieces each
// tokenizer is made of, and every error a user can meet.
//
//===----------------------------------------------------------------------===//

#include "Tokenizers.h"
#include "TestFiles.h"
#include "tfm/Support/Json.h"
#include "tfm/Text/Tokenizer.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace tfm::text;
using tfm::JsonValue;
using tfm::parseJson;
using tfm::readJsonFile;
using tfm::rt::test_files::TempDir;
using tfm::rt::test_files::writeFile;

namespace {

const std::string kData = TFM_TEXT_TEST_DATA;
const std::string kModels = TFM_MODELS_DIR;

std::unique_ptr<Tokenizer> loadOk(const std::string &dir, const TokenizerOptions &options = {}) {
  std::string error;
  auto tokenizer = Tokenizer::load(dir, error, options);
  EXPECT_TRUE(tokenizer) << error;
  return tokenizer;
}

std::string loadError(const std::string &dir, const TokenizerOptions &options = {}) {
  std::string error;
  auto tokenizer = Tokenizer::load(dir, error, options);
  EXPECT_FALSE(tokenizer) << dir;
  return error;
}

std::vector<int64_t> idsOf(const JsonValue &array) {
  std::vector<int64_t> ids;
  for (const JsonValue &v : array.array())
    ids.push_back(*v.integer());
  return ids;
}

JsonValue readExpected(const std::string &name) {
  JsonValue v;
  std::string error;
  EXPECT_TRUE(readJsonFile(kData + "/" + name, v, error)) << error;
  return v;
}

Encoding encodeOk(const Tokenizer &tokenizer, std::string_view text) {
  Encoding e;
  std::string error;
  EXPECT_TRUE(tokenizer.encode(text, e, error)) << error;
  return e;
}

std::string decodeOk(const Tokenizer &tokenizer, const std::vector<int64_t> &ids) {
  std::string text, error;
  EXPECT_TRUE(tokenizer.decode(ids, text, error)) << error;
  return text;
}

// --- GPT-2's pieces ----------------------------------------------------------

TEST(Gpt2ByteLevel, ByteToUnicodeMap) {
  auto map = detail::gpt2ByteToUnicode();
  std::set<char32_t> distinct(map.begin(), map.end());
  EXPECT_EQ(distinct.size(), 256u);
  EXPECT_EQ(map['a'], U'a');
  EXPECT_EQ(map['!'], U'!');
  EXPECT_EQ(map[0xE9], U'\u00e9'); // printable Latin-1 maps to itself
  EXPECT_EQ(map[0x00], U'\u0100');
  EXPECT_EQ(map[' '], U'\u0120'); // 'Ġ'
  EXPECT_EQ(map['\n'], U'\u010a'); // 'Ċ'
  EXPECT_EQ(map[0x7F], U'\u0121');
  EXPECT_EQ(map[0xAD], U'\u0143'); // soft hyphen, the last unprintable one
}

std::vector<std::string> pieces(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view p : detail::gpt2PreTokenize(text))
    out.emplace_back(p);
  return out;
}

using Pieces = std::vector<std::string>;

TEST(Gpt2ByteLevel, PreTokenizerRegex) {
  EXPECT_EQ(pieces(""), Pieces{});
  EXPECT_EQ(pieces("Hello world"), (Pieces{"Hello", " world"}));
  // Contractions are their own pieces, lower-case only, even inside words.
  EXPECT_EQ(pieces("I'm we'll they've you're he'd it's don't"),
            (Pieces{"I", "'m", " we", "'ll", " they", "'ve", " you", "'re", " he", "'d", " it", "'s",
                    " don", "'t"}));
  EXPECT_EQ(pieces("I'M 'sup"), (Pieces{"I", "'", "M", " '", "sup"}));
  // Letters, numbers and others are separate runs, each with one leading space.
  EXPECT_EQ(pieces("abc123def 45 !? x"), (Pieces{"abc", "123", "def", " 45", " !?", " x"}));
  EXPECT_EQ(pieces("café 中文 😀👍"), (Pieces{"café", " 中文", " 😀👍"}));
  // A whitespace run followed by text leaves its last space to the next word
  // (\s+(?!\S)); at the end of the text it stays whole.
  EXPECT_EQ(pieces("a  b"), (Pieces{"a", " ", " b"}));
  EXPECT_EQ(pieces("a    b"), (Pieces{"a", "   ", " b"}));
  EXPECT_EQ(pieces("end  "), (Pieces{"end", "  "}));
  EXPECT_EQ(pieces("x\n\ny"), (Pieces{"x", "\n", "\n", "y"}));
  EXPECT_EQ(pieces("x \n y"), (Pieces{"x", " \n", " y"}));
  EXPECT_EQ(pieces("   "), (Pieces{"   "}));
  EXPECT_EQ(pieces("\t!"), (Pieces{"\t", "!"}));
}

TEST(AddedTokens, SplitLeftmostLongest) {
  std::vector<detail::AddedToken> added{{"<a>", 1, true}, {"<a><b>", 2, true}};
  auto segments = detail::splitOnAddedTokens("x<a><b>y<a>", added);
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(segments[0].text, "x");
  EXPECT_EQ(segments[0].addedIndex, -1);
  EXPECT_EQ(segments[1].addedIndex, 1);
  EXPECT_EQ(segments[2].text, "y");
  EXPECT_EQ(segments[3].addedIndex, 0);
}

// --- GPT-2 with its real vocabulary ------------------------------------------

class Gpt2Test : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    std::string error;
    tokenizer_ = Tokenizer::load(kModels + "/gpt2", error).release();
    ASSERT_TRUE(tokenizer_) << error;
  }
  static void TearDownTestSuite() { delete tokenizer_; }
  static Tokenizer *tokenizer_;
};
Tokenizer *Gpt2Test::tokenizer_ = nullptr;

TEST_F(Gpt2Test, MatchesReferenceIdsAndRoundTrips) {
  ASSERT_TRUE(tokenizer_);
  EXPECT_STREQ(tokenizer_->kind(), "bpe");
  EXPECT_EQ(tokenizer_->vocabSize(), 50257);
  EXPECT_EQ(tokenizer_->maxLength(), 1024); // config.json's n_positions
  EXPECT_FALSE(tokenizer_->maskId());
  EXPECT_EQ(tokenizer_->specialIds(), (std::vector<int64_t>{50256})); // <|endoftext|>
  JsonValue expected = readExpected("gpt2-expected.json");
  size_t count = 0;
  for (const JsonValue &c : expected.find("cases")->array()) {
    const std::string &text = c.find("text")->string();
    Encoding e = encodeOk(*tokenizer_, text);
    EXPECT_EQ(e.ids, idsOf(*c.find("ids"))) << text;
    EXPECT_EQ(e.attentionMask, std::vector<int64_t>(e.ids.size(), 1));
    EXPECT_TRUE(e.typeIds.empty());
    EXPECT_EQ(decodeOk(*tokenizer_, e.ids), text);
    ++count;
  }
  EXPECT_GE(count, 30u);
}

TEST_F(Gpt2Test, KnownIds) {
  EXPECT_EQ(encodeOk(*tokenizer_, "Hello world").ids, (std::vector<int64_t>{15496, 995}));
  EXPECT_EQ(encodeOk(*tokenizer_, "<|endoftext|>").ids, (std::vector<int64_t>{50256}));
  EXPECT_EQ(tokenizer_->tokenText(995), "Ġworld");
  EXPECT_EQ(tokenizer_->tokenText(50257), "");
  EXPECT_EQ(tokenizer_->tokenText(-1), "");
}

TEST_F(Gpt2Test, RoundTripsArbitraryText) {
  // Every ASCII character, long words, mixed scripts (untruncated).
  auto unlimited = loadOk(kModels + "/gpt2", TokenizerOptions{-1});
  std::string all;
  for (int c = 1; c < 0x80; ++c)
    all += static_cast<char>(c);
  for (const std::string &text :
       {all, std::string("\xc2\xa0\xc2\xad\xe2\x80\x8b\xef\xbb\xbf"), std::string(5000, 'a'),
        std::string("Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich. Съешь же ещё "
                    "этих мягких французских булок. 我能吞下玻璃而不伤身体。 🏳️‍🌈\r\n\t\v\f")}) {
    Encoding e = encodeOk(*unlimited, text);
    EXPECT_EQ(decodeOk(*unlimited, e.ids), text);
  }
  // Long runs merge as GPT-2 does (ids from gpt-3-encoder): "aaaa" is 24794.
  EXPECT_EQ(encodeOk(*unlimited, std::string(17, 'a')).ids,
            (std::vector<int64_t>{24794, 24794, 24794, 24794, 64}));
  EXPECT_EQ(encodeOk(*unlimited, std::string(7, 'a')).ids, (std::vector<int64_t>{24794, 46071}));
  EXPECT_EQ(encodeOk(*unlimited, std::string(5000, 'a')).ids.size(), 1250u);
}

TEST_F(Gpt2Test, DecodeGivesExactBytesEvenMidCharacter) {
  // "😀" is several byte-level tokens; the first alone decodes to its bytes.
  Encoding e = encodeOk(*tokenizer_, "😀");
  ASSERT_GT(e.ids.size(), 1u);
  std::string head = decodeOk(*tokenizer_, {e.ids[0]});
  EXPECT_EQ(head, std::string("😀").substr(0, head.size()));
  EXPECT_LT(head.size(), 4u);
}

TEST_F(Gpt2Test, TruncatesPadsAndRefusesPairs) {
  std::string error;
  auto shortTokenizer = loadOk(kModels + "/gpt2", TokenizerOptions{3});
  Encoding full = encodeOk(*tokenizer_, "The quick brown fox jumps");
  Encoding cut = encodeOk(*shortTokenizer, "The quick brown fox jumps");
  ASSERT_EQ(full.ids.size(), 5u);
  EXPECT_EQ(cut.ids, std::vector<int64_t>(full.ids.begin(), full.ids.begin() + 3));
  EXPECT_EQ(cut.attentionMask, (std::vector<int64_t>{1, 1, 1}));
  auto unlimited = loadOk(kModels + "/gpt2", TokenizerOptions{-1});
  EXPECT_EQ(unlimited->maxLength(), 0);
  std::string longText;
  for (int i = 0; i < 1100; ++i)
    longText += " word";
  EXPECT_EQ(encodeOk(*unlimited, longText).ids.size(), 1100u);
  EXPECT_EQ(encodeOk(*tokenizer_, longText).ids.size(), 1024u);

  std::vector<Encoding> batch{encodeOk(*tokenizer_, "Hello world"), encodeOk(*tokenizer_, "Hi")};
  tokenizer_->padBatch(batch);
  EXPECT_EQ(batch[1].ids, (std::vector<int64_t>{17250, 50256})); // padded with <|endoftext|>
  EXPECT_EQ(batch[1].attentionMask, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(batch[0].attentionMask, (std::vector<int64_t>{1, 1}));
  EXPECT_TRUE(batch[1].typeIds.empty());

  Encoding pair;
  EXPECT_FALSE(tokenizer_->encodePair("a", "b", pair, error));
  EXPECT_EQ(error, "the bpe tokenizer has no sentence pairs (GPT-2 takes one text)");
}

TEST_F(Gpt2Test, InvalidUtf8NamesTheByte) {
  Encoding e;
  std::string error;
  struct Case {
    std::string text;
    const char *message;
  } cases[] = {{"ab\xff" "cd", "invalid UTF-8 at byte 2"},
               {"\xe4\xb8", "invalid UTF-8 at byte 0"},        // truncated
               {"ok \xc0\xaf", "invalid UTF-8 at byte 3"},     // overlong
               {"x\xed\xa0\x80", "invalid UTF-8 at byte 1"},   // UTF-16 surrogate
               {"\xf4\x90\x80\x80", "invalid UTF-8 at byte 0"}, // past U+10FFFF
               {"é\x80", "invalid UTF-8 at byte 2"}};          // stray continuation
  for (const Case &c : cases) {
    EXPECT_FALSE(tokenizer_->encode(c.text, e, error));
    EXPECT_EQ(error, c.message);
  }
}

TEST_F(Gpt2Test, DecodeRefusesUnknownIds) {
  std::string text, error;
  EXPECT_FALSE(tokenizer_->decode({15496, 50257}, text, error));
  EXPECT_EQ(error, "id 50257 is not in the vocabulary (size 50257)");
  EXPECT_FALSE(tokenizer_->decode({-1}, text, error));
  EXPECT_EQ(error, "id -1 is not in the vocabulary (size 50257)");
}

// A byte-level BPE read from a tokenizer.json (GPT-2's first 3000 merges).
TEST(BpeTokenizerJson, MatchesReference) {
  auto tokenizer = loadOk(kData + "/bpe-small");
  ASSERT_TRUE(tokenizer);
  EXPECT_EQ(tokenizer->maxLength(), 64); // tokenizer_config.json
  JsonValue expected = readExpected("bpe-small-expected.json");
  for (const JsonValue &c : expected.find("cases")->array()) {
    const std::string &text = c.find("text")->string();
    std::vector<int64_t> ids = idsOf(*c.find("ids"));
    if (ids.size() > 64)
      ids.resize(64);
    Encoding e = encodeOk(*tokenizer, text);
    EXPECT_EQ(e.ids, ids) << text;
    if (e.ids.size() < 64)
      EXPECT_EQ(decodeOk(*tokenizer, e.ids), text);
  }
}

// --- WordPiece ------------------------------------------------------------------

void checkWordPieceParity(const std::string &dir, const std::string &expectedFile) {
  auto tokenizer = loadOk(dir);
  ASSERT_TRUE(tokenizer);
  EXPECT_STREQ(tokenizer->kind(), "wordpiece");
  EXPECT_EQ(tokenizer->maxLength(), 32);
  JsonValue expected = readExpected(expectedFile);
  // The reference ran without truncation; past 32 ids ours keeps the first 30
  // of the text and the final [SEP], as Hugging Face's does.
  for (const JsonValue &c : expected.find("cases")->array()) {
    const std::string &text = c.find("text")->string();
    std::vector<int64_t> ids = idsOf(*c.find("ids"));
    bool truncated = ids.size() > 32;
    if (truncated) {
      int64_t sep = ids.back();
      ids.resize(31);
      ids.push_back(sep);
    }
    Encoding e = encodeOk(*tokenizer, text);
    EXPECT_EQ(e.ids, ids) << text;
    EXPECT_EQ(e.typeIds, std::vector<int64_t>(ids.size(), 0)) << text;
    EXPECT_EQ(e.attentionMask, std::vector<int64_t>(ids.size(), 1)) << text;
    if (!truncated)
      EXPECT_EQ(decodeOk(*tokenizer, e.ids), c.find("decoded")->string()) << text;
  }
  for (const JsonValue &p : expected.find("pairs")->array()) {
    const std::string &a = p.find("a")->string(), &b = p.find("b")->string();
    Encoding e;
    std::string error;
    ASSERT_TRUE(tokenizer->encodePair(a, b, e, error)) << error;
    EXPECT_EQ(e.ids, idsOf(*p.find("ids"))) << a << " | " << b;
    EXPECT_EQ(e.typeIds, idsOf(*p.find("typeIds"))) << a << " | " << b;
  }
}

TEST(WordPiece, UncasedMatchesReference) {
  checkWordPieceParity(kData + "/bert-uncased", "bert-uncased-expected.json");
}
TEST(WordPiece, CasedMatchesReference) {
  checkWordPieceParity(kData + "/bert-cased", "bert-cased-expected.json");
}
TEST(WordPiece, VocabTxtMatchesTokenizerJson) {
  checkWordPieceParity(kData + "/bert-vocab-txt", "bert-uncased-expected.json");
}

class BertTest : public ::testing::Test {
protected:
  void SetUp() override { tokenizer = loadOk(kData + "/bert-uncased"); ASSERT_TRUE(tokenizer); }
  std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    for (int64_t id : encodeOk(*tokenizer, text).ids)
      out.push_back(tokenizer->tokenText(id));
    return out;
  }
  std::unique_ptr<Tokenizer> tokenizer;
};
using Tokens = std::vector<std::string>;

TEST_F(BertTest, Normalizer) {
  // Lower-case and accents stripped (do_lower_case), control characters
  // removed, CJK ideographs spaced, whitespace of any kind separating.
  EXPECT_EQ(tokens("ÉCOLE Ça"), (Tokens{"[CLS]", "ecole", "ca", "[SEP]"}));
  EXPECT_EQ(tokens("con\x01trol\u200b"), (Tokens{"[CLS]", "control", "[SEP]"}));
  EXPECT_EQ(tokens("mixed中文text"), (Tokens{"[CLS]", "mixed", "中", "文", "text", "[SEP]"}));
  EXPECT_EQ(tokens("one\ttwo\u3000four\u00a0\r\n"), (Tokens{"[CLS]", "one", "two", "four", "[SEP]"}));
  auto cased = loadOk(kData + "/bert-cased");
  EXPECT_EQ(encodeOk(*cased, "Él").ids[1], encodeOk(*cased, "Él").ids[1]);
  EXPECT_EQ(cased->tokenText(encodeOk(*cased, "Él").ids[1]), "Él");
}

TEST_F(BertTest, PunctuationContinuationAndUnknown) {
  // "aff" alone is not in the vocabulary, only "##aff": the word starts "a".
  EXPECT_EQ(tokens("un$affable!"),
            (Tokens{"[CLS]", "un", "$", "a", "##f", "##f", "##able", "!", "[SEP]"}));
  EXPECT_EQ(tokens("unaffable"), (Tokens{"[CLS]", "un", "##aff", "##able", "[SEP]"}));
  EXPECT_EQ(tokens("😀"), (Tokens{"[CLS]", "[UNK]", "[SEP]"}));
  // A word with a piece the vocabulary lacks is one [UNK] as a whole.
  EXPECT_EQ(tokens("fox😀fox"), (Tokens{"[CLS]", "[UNK]", "[SEP]"}));
  // Up to 100 characters a word is split, past that it is [UNK].
  auto unlimited = loadOk(kData + "/bert-uncased", TokenizerOptions{-1});
  EXPECT_EQ(encodeOk(*unlimited, std::string(100, 'x')).ids.size(), 102u);
  EXPECT_EQ(encodeOk(*unlimited, std::string(101, 'x')).ids,
            (std::vector<int64_t>{2, 1, 3}));
}

TEST_F(BertTest, SpecialTokensInText) {
  EXPECT_EQ(tokens("is [MASK]."), (Tokens{"[CLS]", "is", "[MASK]", ".", "[SEP]"}));
  EXPECT_EQ(tokenizer->maskId(), 4);
  // What a masked-LM loss never masks: [PAD] [UNK] [CLS] [SEP] [MASK], once each.
  EXPECT_EQ(tokenizer->specialIds(), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  // decode skips the special tokens and gives the normalised text back.
  EXPECT_EQ(decodeOk(*tokenizer, encodeOk(*tokenizer, "Hello, World! [MASK] unaffable").ids),
            "hello, world! unaffable");
  // Special tokens are matched before lower-casing: "[mask]" is text.
  EXPECT_EQ(tokens("[mask]"), (Tokens{"[CLS]", "[", "m", "##a", "##s", "##k", "]", "[SEP]"}));
}

TEST_F(BertTest, TruncatesPairsLongestFirst) {
  auto cut = loadOk(kData + "/bert-uncased", TokenizerOptions{10}); // 7 tokens of text
  auto run = [&](const std::string &a, const std::string &b) {
    Encoding e;
    std::string error;
    EXPECT_TRUE(cut->encodePair(a, b, e, error)) << error;
    return e;
  };
  // 10 and 3 tokens: only the longer is cut, to 4.
  Encoding e = run("a b c d e f g h i j", "x y z");
  EXPECT_EQ(e.ids.size(), 10u);
  std::vector<std::string> text;
  for (int64_t id : e.ids)
    text.push_back(cut->tokenText(id));
  EXPECT_EQ(text, (Tokens{"[CLS]", "a", "b", "c", "d", "[SEP]", "x", "y", "z", "[SEP]"}));
  EXPECT_EQ(e.typeIds, (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 1, 1, 1, 1}));
  // Both long: 3 and 4 (the second gets the odd one).
  e = run("a b c d e f g h i j", "q r s t u v w x y z");
  text.clear();
  for (int64_t id : e.ids)
    text.push_back(cut->tokenText(id));
  EXPECT_EQ(text, (Tokens{"[CLS]", "a", "b", "c", "[SEP]", "q", "r", "s", "t", "[SEP]"}));
  // Short enough: untouched.
  EXPECT_EQ(run("a b", "c").ids.size(), 6u);
  // A single text keeps [SEP] at the end.
  Encoding single = encodeOk(*cut, "a b c d e f g h i j");
  EXPECT_EQ(single.ids.size(), 10u);
  EXPECT_EQ(cut->tokenText(single.ids[8]), "h");
  EXPECT_EQ(cut->tokenText(single.ids[9]), "[SEP]");
}

TEST_F(BertTest, PadsBatchWithAttentionMask) {
  std::vector<Encoding> batch{encodeOk(*tokenizer, "hello world how are you"),
                              encodeOk(*tokenizer, "hello")};
  Encoding pair;
  std::string error;
  ASSERT_TRUE(tokenizer->encodePair("hello", "world", pair, error));
  batch.push_back(pair);
  tokenizer->padBatch(batch);
  for (const Encoding &e : batch) {
    EXPECT_EQ(e.ids.size(), 7u);
    EXPECT_EQ(e.attentionMask.size(), 7u);
    EXPECT_EQ(e.typeIds.size(), 7u);
  }
  EXPECT_EQ(batch[1].ids, (std::vector<int64_t>{2, 227, 3, 0, 0, 0, 0}));
  EXPECT_EQ(batch[1].attentionMask, (std::vector<int64_t>{1, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(batch[2].typeIds, (std::vector<int64_t>{0, 0, 0, 1, 1, 0, 0}));
  EXPECT_EQ(batch[2].attentionMask, (std::vector<int64_t>{1, 1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(batch[0].attentionMask, std::vector<int64_t>(7, 1));
}

TEST_F(BertTest, InvalidUtf8NamesTheByteAndText) {
  Encoding e;
  std::string error;
  EXPECT_FALSE(tokenizer->encode("hello \xfe", e, error));
  EXPECT_EQ(error, "invalid UTF-8 at byte 6");
  EXPECT_FALSE(tokenizer->encodePair("fine", "b\xc3", e, error));
  EXPECT_EQ(error, "second text: invalid UTF-8 at byte 1");
  std::string text;
  EXPECT_FALSE(tokenizer->decode({2, 100000}, text, error));
  EXPECT_EQ(error, "id 100000 is not in the vocabulary (size 328)");
}

// --- Shared use and settings ---------------------------------------------------

TEST(Tokenizer, OneInstanceEncodesFromSeveralThreads) {
  auto gpt2 = loadOk(kModels + "/gpt2");
  auto bert = loadOk(kData + "/bert-uncased");
  ASSERT_TRUE(gpt2 && bert);
  JsonValue expected = readExpected("gpt2-expected.json");
  const auto &cases = expected.find("cases")->array();
  std::vector<std::vector<int64_t>> bertIds;
  for (const JsonValue &c : cases)
    bertIds.push_back(encodeOk(*bert, c.find("text")->string()).ids);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round)
        for (size_t i = 0; i < cases.size(); ++i) {
          Encoding a, b;
          std::string error;
          const std::string &text = cases[i].find("text")->string();
          if (!gpt2->encode(text, a, error) || a.ids != idsOf(*cases[i].find("ids")) ||
              !bert->encode(text, b, error) || b.ids != bertIds[i])
            ++mismatches[t];
        }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(Tokenizer, MaximumLengthSettings) {
  TempDir dir;
  writeFile(dir.file("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
  std::string error;
  EXPECT_EQ(loadOk(dir.file(""))->maxLength(), 0); // nothing says: no limit
  writeFile(dir.file("config.json"), "{\"max_position_embeddings\": 512, \"vocab_size\": 5}");
  EXPECT_EQ(loadOk(dir.file(""))->maxLength(), 512);
  // Hugging Face's placeholder for "no limit" defers to config.json.
  writeFile(dir.file("tokenizer_config.json"),
            "{\"model_max_length\": 1000000000000000019884624838656}");
  EXPECT_EQ(loadOk(dir.file(""))->maxLength(), 512);
  writeFile(dir.file("tokenizer_config.json"), "{\"model_max_length\": 128}");
  EXPECT_EQ(loadOk(dir.file(""))->maxLength(), 128);
  EXPECT_EQ(loadOk(dir.file(""), TokenizerOptions{64})->maxLength(), 64);
  EXPECT_EQ(loadOk(dir.file(""), TokenizerOptions{-1})->maxLength(), 0);
}

TEST(Tokenizer, DecodeSpaceCleanUpFollowsTheSettings) {
  TempDir dir;
  writeFile(dir.file("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n,\n!\n'\ns\n");
  std::vector<int64_t> ids{2, 4, 5, 4, 6, 7, 8, 3}; // hello , hello ! ' s
  EXPECT_EQ(decodeOk(*loadOk(dir.file("")), ids), "hello, hello!'s");
  // Without clean_up_tokenization_spaces only the per-token clean-up of the
  // WordPiece decoder (" ," and " !") is left.
  writeFile(dir.file("tokenizer_config.json"), "{\"clean_up_tokenization_spaces\": false}");
  EXPECT_EQ(decodeOk(*loadOk(dir.file("")), ids), "hello, hello! ' s");
  // And a tokenizer.json whose decoder says "cleanup": false has none.
  std::string json = tfm::rt::test_files::readFile(kData + "/bert-uncased/tokenizer.json");
  size_t at = json.find("\"cleanup\": true");
  ASSERT_NE(at, std::string::npos);
  writeFile(dir.file("tokenizer.json"), json.replace(at, 15, "\"cleanup\": false"));
  auto tokenizer = loadOk(dir.file(""));
  EXPECT_EQ(decodeOk(*tokenizer, encodeOk(*tokenizer, "Hello, hello!'s").ids), "hello , hello ! ' s");
}

// --- Bad tokenizer files ---------------------------------------------------------

class BadFiles : public ::testing::Test {
protected:
  std::string write(const std::string &name, const std::string &bytes) {
    writeFile(dir.file(name), bytes);
    return dir.file(name);
  }
  std::string error() { return loadError(dir.file("")); }
  TempDir dir;
  // The 256 byte-level symbols, ids 0-255, as a vocab.json body.
  static std::string byteVocab(const std::string &extra) {
    std::string json = "{";
    auto map = detail::gpt2ByteToUnicode();
    for (int b = 0; b < 256; ++b) {
      std::string symbol;
      char32_t c = map[b];
      if (c < 0x80)
        symbol = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : std::string(1, char(c));
      else
        symbol = std::string(1, char(0xC0 | (c >> 6))) + char(0x80 | (c & 0x3F));
      json += "\"" + symbol + "\": " + std::to_string(b) + ", ";
    }
    if (extra.empty())
      json.resize(json.size() - 2); // the last ", "
    return json + extra + "}";
  }
};

TEST_F(BadFiles, MissingFiles) {
  EXPECT_EQ(loadError("/nonexistent-model"), "/nonexistent-model: not a directory");
  EXPECT_EQ(error(), dir.file("") + ": no tokenizer files (tokenizer.json, vocab.json + merges.txt, or vocab.txt)");
  write("vocab.json", byteVocab("\"<|endoftext|>\": 256"));
  EXPECT_EQ(error(), dir.file("merges.txt") +
                         ": missing (GPT-2's tokenizer needs vocab.json and merges.txt)");
}

TEST_F(BadFiles, MergesInconsistentWithVocab) {
  write("vocab.json", byteVocab("\"he\": 256, \"<|endoftext|>\": 257"));
  write("merges.txt", "#version: 0.2\nh e\n");
  EXPECT_TRUE(Tokenizer::load(dir.file(""), *std::make_unique<std::string>()));
  write("merges.txt", "#version: 0.2\nh e\nhe llo\n");
  EXPECT_EQ(error(), dir.file("merges.txt") + " line 3: \"he llo\": its part \"llo\" is not in " +
                         dir.file("vocab.json"));
  write("merges.txt", "#version: 0.2\nh e\nhe l\n");
  EXPECT_EQ(error(), dir.file("merges.txt") + " line 3: \"he l\": its result \"hel\" is not in " +
                         dir.file("vocab.json"));
  write("merges.txt", "#version: 0.2\nh e x\n");
  EXPECT_EQ(error(), dir.file("merges.txt") +
                         " line 2: \"h e x\" is not two tokens separated by one space");
  write("merges.txt", "h e\n\xff\xfe\n");
  EXPECT_EQ(error(), dir.file("merges.txt") + " line 2: invalid UTF-8 at byte 4");
}

TEST_F(BadFiles, VocabJsonProblems) {
  write("merges.txt", "#version: 0.2\n");
  write("vocab.json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
  EXPECT_EQ(error(), dir.file("vocab.json") + ": line 3, column 7: expected ':' after an object key");
  write("vocab.json", byteVocab("\"xyz\": \"one\""));
  EXPECT_EQ(error(), dir.file("vocab.json") + ": the id of \"xyz\" is not an integer");
  write("vocab.json", byteVocab("\"xyz\": 5"));
  EXPECT_EQ(error(), dir.file("vocab.json") + ": id 5 is given to both \"" +
                         std::string("\xc4\x85") + "\" and \"xyz\"");
  write("vocab.json", "{\"a\": 0}");
  EXPECT_EQ(error(), dir.file("vocab.json") +
                         ": the byte-level symbol \"\xc4\x80\" (byte 0) is not in the vocabulary");
}

TEST_F(BadFiles, VocabSizeDisagreesWithConfig) {
  write("vocab.json", byteVocab("\"<|endoftext|>\": 256"));
  write("merges.txt", "");
  write("config.json", "{\"vocab_size\": 50257}");
  EXPECT_EQ(error(), dir.file("vocab.json") + " has 257 tokens but " + dir.file("config.json") +
                         " says vocab_size 50257");
  write("config.json", "{\"vocab_size\": 257,}");
  EXPECT_EQ(error(), dir.file("config.json") + ": line 1, column 20: expected a string key in an object");
  write("config.json", "{\"vocab_size\": 257}");
  EXPECT_TRUE(Tokenizer::load(dir.file(""), *std::make_unique<std::string>()));
}

TEST_F(BadFiles, VocabTxtProblems) {
  write("vocab.txt", "[PAD]\n[CLS]\n[SEP]\nhello\n");
  EXPECT_EQ(error(), dir.file("vocab.txt") + ": the unknown token \"[UNK]\" is not in the vocabulary");
  write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nhello\n");
  EXPECT_EQ(error(), dir.file("vocab.txt") + ": \"hello\" appears twice");
  write("vocab.txt", "[PAD]\n[UNK]\n\n[CLS]\n");
  EXPECT_EQ(error(), dir.file("vocab.txt") + " line 3: empty token");
  write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
  write("tokenizer_config.json", "{\"do_lower_case\": tru}");
  EXPECT_EQ(error(), dir.file("tokenizer_config.json") +
                         ": line 1, column 19: invalid literal (expected 'true')");
  write("tokenizer_config.json", "{\"do_lower_case\": false}");
  EXPECT_EQ(loadError(dir.file(""), TokenizerOptions{2}),
            "maximum length 2 leaves no room for text next to [CLS] and [SEP]");
  auto cased = loadOk(dir.file(""));
  ASSERT_TRUE(cased);
  EXPECT_EQ(encodeOk(*cased, "Hello hello").ids, (std::vector<int64_t>{2, 1, 4, 3}));
}

TEST_F(BadFiles, TokenizerJsonProblems) {
  write("tokenizer.json", "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") + ": model type Unigram is not supported (BPE or WordPiece)");
  write("tokenizer.json", "[]");
  EXPECT_EQ(error(), dir.file("tokenizer.json") + ": no \"model\" object");
  write("tokenizer.json", "{\"model\": {\"type\": \"BPE\"},\n \"pre_tokenizer\": {\"type\": \"Metaspace\"}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") +
                         ": pre_tokenizer Metaspace is not supported (BPE needs GPT-2's ByteLevel)");
  write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": " + byteVocab("") +
                              ", \"merges\": [\"a b\", [\"a\"]]}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") +
                         ": model.merges[1]: expected \"left right\" or [\"left\", \"right\"]");
  write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": " + byteVocab("") +
                              ", \"merges\": [[\"a\", \"b\"]]}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") + ": model.merges[0]: \"a b\": its result \"ab\" is not in " +
                         dir.file("tokenizer.json"));
  write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},"
                          " \"pre_tokenizer\": {\"type\": \"ByteLevel\"},"
                          " \"post_processor\": {\"type\": \"RobertaProcessing\"}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") +
                         ": post_processor RobertaProcessing is not supported for BPE (only ByteLevel)");
  write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"ignore_merges\": true},"
                          " \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") +
                         ": model.ignore_merges is not supported for byte-level BPE");
  write("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}},\n"
                          " \"pre_tokenizer\": {\"type\": \"Whitespace\"}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") +
                         ": pre_tokenizer Whitespace is not supported (WordPiece needs BertPreTokenizer)");
  write("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\",\n \"vocab\": {\"a\": 0 \"b\": 1}}}");
  EXPECT_EQ(error(), dir.file("tokenizer.json") + ": line 2, column 19: expected ',' or '}' in an object");
}

} // namespace
