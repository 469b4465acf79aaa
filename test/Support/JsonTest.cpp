//===- JsonTest.cpp - the runtime side's JSON reader ---------------------===//

#include "tfm/Support/Json.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using tfm::JsonLimits;
using tfm::JsonValue;
using tfm::parseJson;

namespace {

std::string errorOf(std::string_view text, const JsonLimits &limits = {}) {
  JsonValue value;
  std::string error;
  EXPECT_FALSE(parseJson(text, value, error, limits)) << text;
  return error;
}

TEST(Json, ReadsEveryKindOfValue) {
  JsonValue v;
  std::string error;
  ASSERT_TRUE(parseJson(R"( {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}, "n": 12345678901} )",
                        v, error))
      << error;
  ASSERT_TRUE(v.isObject());
  ASSERT_EQ(v.object().size(), 3u);
  EXPECT_EQ(v.object()[0].first, "a"); // file order kept
  const JsonValue &a = *v.find("a");
  ASSERT_EQ(a.array().size(), 6u);
  EXPECT_EQ(a.array()[0].integer(), 1);
  EXPECT_EQ(a.array()[1].number(), -2.5);
  EXPECT_FALSE(a.array()[1].integer().has_value());
  EXPECT_EQ(a.array()[2].number(), 300.0);
  EXPECT_FALSE(a.array()[2].integer().has_value()); // written with an exponent
  EXPECT_TRUE(a.array()[3].boolean());
  EXPECT_FALSE(a.array()[4].boolean());
  EXPECT_TRUE(a.array()[5].isNull());
  EXPECT_EQ(v.find("b")->find("c")->string(), "d");
  EXPECT_EQ(v.find("n")->integer(), 12345678901);
  EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(Json, DecodesEscapesAndSurrogatePairs) {
  JsonValue v;
  std::string error;
  ASSERT_TRUE(parseJson(R"(["\"\\\/\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "é中😀"])", v, error)) << error;
  EXPECT_EQ(v.array()[0].string(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(v.array()[1].string(), "é中");
  EXPECT_EQ(v.array()[2].string(), "😀");
  EXPECT_EQ(v.array()[3].string(), "é中😀");
}

TEST(Json, ErrorsNameLineAndColumn) {
  EXPECT_EQ(errorOf("{\n  \"a\": 1\n  \"b\": 2\n}"), "line 3, column 3: expected ',' or '}' in an object");
  EXPECT_EQ(errorOf("[1, 2,\n ]"), "line 2, column 2: unexpected character ']'");
  EXPECT_EQ(errorOf("{\"a\": \"abc"), "line 1, column 11: unterminated string");
  EXPECT_EQ(errorOf(""), "line 1, column 1: unexpected end of input (expected a value)");
  EXPECT_EQ(errorOf("[1] x"), "line 1, column 5: unexpected data after the JSON value");
  EXPECT_EQ(errorOf("{\"a\": 1, \"a\": 2}"), "line 1, column 10: duplicate key \"a\"");
  EXPECT_EQ(errorOf("[01]"), "line 1, column 2: invalid number (leading zero)");
  EXPECT_EQ(errorOf("[1.]"), "line 1, column 4: invalid number (expected a digit after '.')");
  EXPECT_EQ(errorOf("[1e999]"), "line 1, column 2: number out of range");
  EXPECT_EQ(errorOf("[tru]"), "line 1, column 2: invalid literal (expected 'true')");
  EXPECT_EQ(errorOf("[\"a\x01\"]"), "line 1, column 4: control character in a string (must be escaped)");
  EXPECT_EQ(errorOf("[\"\\x\"]"), "line 1, column 3: invalid escape '\\x'");
  EXPECT_EQ(errorOf("[\"\\ud83d\"]"), "line 1, column 3: unpaired UTF-16 high surrogate in a \\u escape");
  EXPECT_EQ(errorOf("[\"\\ude00\"]"), "line 1, column 3: unpaired UTF-16 low surrogate in a \\u escape");
  EXPECT_EQ(errorOf("[\"\\u12g4\"]"), "line 1, column 5: invalid hex digit in a \\u escape");
  EXPECT_EQ(errorOf("[\"ab\xff\"]"), "line 1, column 5: invalid UTF-8 in a string");
  EXPECT_EQ(errorOf("[\"\xc0\xaf\"]"), "line 1, column 3: invalid UTF-8 in a string"); // overlong '/'
  EXPECT_EQ(errorOf("{1: 2}"), "line 1, column 2: expected a string key in an object");
}

TEST(Json, LimitsDepthAndSize) {
  JsonLimits limits;
  limits.maxDepth = 3;
  JsonValue v;
  std::string error;
  EXPECT_TRUE(parseJson("[[[1]]]", v, error, limits)) << error;
  EXPECT_EQ(errorOf("[[[[1]]]]", limits), "line 1, column 4: nesting deeper than 3 levels");
  // The default depth holds against deep nesting without exhausting the stack.
  EXPECT_EQ(errorOf(std::string(100000, '[')), "line 1, column 65: nesting deeper than 64 levels");
  limits.maxBytes = 4;
  EXPECT_EQ(errorOf("[1,2]", limits),
            "line 1, column 1: document of 5 bytes is larger than the limit of 4");
}

TEST(Json, ReadFileNamesThePath) {
  JsonValue v;
  std::string error;
  EXPECT_FALSE(tfm::readJsonFile("/nonexistent/x.json", v, error));
  EXPECT_EQ(error, "/nonexistent/x.json: cannot open: No such file or directory");
}

// A FIFO with no writer is refused at once (an std::ifstream open of it
// blocked forever); so is a file over the size limit, before it is read.
TEST(Json, ReadFileRefusesFifosAndLargeFiles) {
  char dir[] = "/tmp/tfm-json-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string fifo = std::string(dir) + "/fifo.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  JsonValue v;
  std::string error;
  EXPECT_FALSE(tfm::readJsonFile(fifo, v, error));
  EXPECT_EQ(error, fifo + ": not a regular file");
  const std::string large = std::string(dir) + "/large.json";
  FILE *file = std::fopen(large.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs("[1, 2, 3]", file);
  std::fclose(file);
  JsonLimits limits;
  limits.maxBytes = 8;
  EXPECT_FALSE(tfm::readJsonFile(large, v, error, limits));
  EXPECT_EQ(error, large + ": file of 9 bytes exceeds the limit of 8 bytes for a JSON file");
  limits.maxBytes = 9;
  EXPECT_TRUE(tfm::readJsonFile(large, v, error, limits)) << error;
  std::remove(fifo.c_str());
  std::remove(large.c_str());
  rmdir(dir);
}

} // namespace
