//===- GenerationTest.cpp - Streaming generated text ----------------------===//
//
// TextStream never returns part of a UTF-8 character or any byte of a stop
// string, and what it returns in pieces is what the whole text gives.
//
//===----------------------------------------------------------------------===//

#include "tfm/Run/Generation.h"

#include <gtest/gtest.h>

using namespace tfm::run;

namespace {

/// Feeds `text` one more byte at a time; returns the pieces.
std::vector<std::string> byteByByte(TextStream &stream, const std::string &text) {
  std::vector<std::string> pieces;
  for (size_t size = 1; size <= text.size() && !stream.stopped(); ++size)
    pieces.push_back(stream.update(text.substr(0, size)));
  pieces.push_back(stream.finish());
  return pieces;
}

TEST(CompleteUtf8Length, LeavesOutAnIncompleteLastCharacter) {
  EXPECT_EQ(completeUtf8Length(""), 0u);
  EXPECT_EQ(completeUtf8Length("abc"), 3u);
  const std::string euro = "\xE2\x82\xAC"; // U+20AC, 3 bytes
  EXPECT_EQ(completeUtf8Length("a" + euro), 4u);
  EXPECT_EQ(completeUtf8Length("a" + euro.substr(0, 2)), 1u);
  EXPECT_EQ(completeUtf8Length("a" + euro.substr(0, 1)), 1u);
  const std::string smile = "\xF0\x9F\x98\x80"; // U+1F600, 4 bytes
  EXPECT_EQ(completeUtf8Length(smile), 4u);
  EXPECT_EQ(completeUtf8Length(smile.substr(0, 3)), 0u);
  EXPECT_EQ(completeUtf8Length("\xC3"), 0u);
  EXPECT_EQ(completeUtf8Length("\xC3\xA9"), 2u);
  // Invalid bytes are complete: they never become a character.
  EXPECT_EQ(completeUtf8Length("a\x80\x80\x80"), 4u);
  EXPECT_EQ(completeUtf8Length("\xE2" "A"), 2u);
  EXPECT_EQ(completeUtf8Length("\xFF"), 1u);
}

TEST(TextStream, PrintsWholeCharactersOnly) {
  TextStream stream({});
  const std::string text = "h\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x80!";
  std::vector<std::string> pieces = byteByByte(stream, text);
  std::string joined;
  for (const std::string &piece : pieces) {
    // Each piece is valid UTF-8 on its own.
    EXPECT_EQ(completeUtf8Length(piece), piece.size()) << piece;
    joined += piece;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(stream.shown(), text);
  EXPECT_FALSE(stream.stopped());
  // "h", then nothing until é is whole.
  EXPECT_EQ(pieces[0], "h");
  EXPECT_EQ(pieces[1], "");
  EXPECT_EQ(pieces[2], "\xC3\xA9");
}

TEST(TextStream, AnIncompleteCharacterAtTheEndIsReplaced) {
  TextStream stream({});
  EXPECT_EQ(stream.update("ok\xE2\x82"), "ok");
  EXPECT_EQ(stream.finish(), "\xEF\xBF\xBD");
  EXPECT_EQ(stream.update("ok\xE2\x82\xAC"), "");
}

TEST(TextStream, InvalidBytesAreReplacedAsTheyCome) {
  TextStream stream({});
  EXPECT_EQ(stream.update("a\x80"), "a\xEF\xBF\xBD");
}

TEST(TextStream, StopsBeforeAStopStringSpreadOverTokens) {
  TextStream stream({"\n\n", "END"});
  EXPECT_EQ(stream.update("Hello E"), "Hello ");
  EXPECT_EQ(stream.update("Hello EN"), "");
  // Not the stop string after all: the held-back bytes come out.
  EXPECT_EQ(stream.update("Hello ENd"), "ENd");
  EXPECT_EQ(stream.update("Hello ENd\n"), "");
  EXPECT_EQ(stream.update("Hello ENd\nThe END and more"), "\nThe ");
  EXPECT_TRUE(stream.stopped());
  EXPECT_EQ(stream.stopString(), "END");
  EXPECT_EQ(stream.update("Hello ENd\nThe END and more, more"), "");
  EXPECT_EQ(stream.finish(), "");
  EXPECT_EQ(stream.shown(), "Hello ENd\nThe ");
}

TEST(TextStream, TheFirstOccurrenceOfAnyStopStringWins) {
  TextStream stream({"b c", "x"});
  EXPECT_EQ(stream.update("a b cx"), "a ");
  EXPECT_EQ(stream.stopString(), "b c");
  TextStream byBytes({"b c", "x"});
  std::string joined;
  for (const std::string &piece : byteByByte(byBytes, "a b cx"))
    joined += piece;
  EXPECT_EQ(joined, "a ");
}

TEST(TextStream, AStopStringAtTheStartShowsNothing) {
  TextStream stream({"\n"});
  EXPECT_EQ(stream.update("\nabc"), "");
  EXPECT_TRUE(stream.stopped());
  EXPECT_EQ(stream.shown(), "");
}

TEST(TextStream, AStopStringNeverCompletedIsShownAtTheEnd) {
  TextStream stream({"STOP"});
  EXPECT_EQ(stream.update("go ST"), "go ");
  EXPECT_EQ(stream.update("go STO"), "");
  EXPECT_EQ(stream.finish(), "STO");
  EXPECT_FALSE(stream.stopped());
}

} // namespace
