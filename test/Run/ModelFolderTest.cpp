//===- ModelFolderTest.cpp - Reading a Hugging Face model folder ----------===//

#include "tfm/Run/ModelFolder.h"
#include "tfm/Run/ModelInputs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace tfm::run;

namespace {

/// A fresh folder with config.json (`config`) and an empty model.safetensors.
class ModelFolderTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> path;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tfm-run-folder", path));
    dir = std::string(path);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  void write(const char *name, const std::string &text) {
    std::error_code ec;
    llvm::raw_fd_ostream os(dir + "/" + name, ec);
    ASSERT_FALSE(ec) << ec.message();
    os << text;
  }
  void writeFolder(const std::string &config) {
    write("config.json", config);
    write("model.safetensors", "");
  }

  std::string dir;
};

TEST_F(ModelFolderTest, ReadsArchitectureAndLabels) {
  writeFolder(R"({"model_type": "bert", "architectures": ["BertForSequenceClassification"],
                 "id2label": {"1": "POSITIVE", "0": "NEGATIVE"}})");
  ModelFolder folder;
  std::string error;
  ASSERT_TRUE(openModelFolder(dir, folder, error)) << error;
  EXPECT_EQ(folder.modelType, "bert");
  EXPECT_EQ(folder.architecture, "BertForSequenceClassification");
  EXPECT_EQ(folder.labels, (std::vector<std::string>{"NEGATIVE", "POSITIVE"}));
  EXPECT_EQ(folder.configPath, dir + "/config.json");
  EXPECT_EQ(folder.weightsPath, dir + "/model.safetensors");
  EXPECT_NE(folder.configText.find("POSITIVE"), std::string::npos);
}

TEST_F(ModelFolderTest, NoArchitecturesNoLabels) {
  writeFolder(R"({"model_type": "gpt2", "architectures": [], "id2label": null})");
  ModelFolder folder;
  std::string error;
  ASSERT_TRUE(openModelFolder(dir, folder, error)) << error;
  EXPECT_EQ(folder.architecture, "");
  EXPECT_TRUE(folder.labels.empty());
}

TEST_F(ModelFolderTest, Errors) {
  struct Case {
    const char *config;
    const char *error;
  };
  const Case cases[] = {
      {"{", "config.json: invalid JSON: [1:1, byte=1]"},
      {"null", "config.json: expected a JSON object"},
      {R"({"architectures": [3]})", "architectures must be a list of class names"},
      {R"({"id2label": {"0": "a", "1": "b", "3": "c"}})", "id2label key '3' is not a class id in 0..2"},
      {R"({"id2label": {"x": "a"}})", "id2label key 'x' is not a class id in 0..0"},
      {R"({"id2label": {"-0": "a"}})", "id2label key '-0'"},
      {R"({"id2label": {"0": "a", "1": ["b"]}})", "id2label[\"1\"] must be a string"},
  };
  for (const Case &c : cases) {
    writeFolder(c.config);
    ModelFolder folder;
    std::string error;
    EXPECT_FALSE(openModelFolder(dir, folder, error)) << c.config;
    EXPECT_NE(error.find(c.error), std::string::npos) << c.config << ": " << error;
    EXPECT_NE(error.find(dir), std::string::npos) << error;
  }
}

TEST_F(ModelFolderTest, MissingFiles) {
  ModelFolder folder;
  std::string error;
  EXPECT_FALSE(openModelFolder(dir, folder, error));
  EXPECT_EQ(error, dir + "/config.json: missing (a model folder holds config.json and "
                         "model.safetensors)");
  write("config.json", "{}");
  EXPECT_FALSE(openModelFolder(dir, folder, error));
  EXPECT_EQ(error.rfind(dir + "/model.safetensors: missing", 0), 0u) << error;
  EXPECT_FALSE(openModelFolder(dir + "/nowhere", folder, error));
  EXPECT_EQ(error, "model directory '" + dir + "/nowhere' does not exist");
}

} // namespace

namespace {

TEST_F(ModelFolderTest, TextFileLines) {
  write("texts.txt", "first\r\n\nthird\n");
  std::vector<SourcedText> texts;
  std::string error;
  ASSERT_TRUE(readTextFile(dir + "/texts.txt", texts, error)) << error;
  ASSERT_EQ(texts.size(), 3u); // the final newline ends "third"
  EXPECT_EQ(texts[0].text, "first");
  EXPECT_EQ(texts[1].text, "");
  EXPECT_EQ(texts[2].text, "third");
  EXPECT_EQ(texts[2].origin, dir + "/texts.txt:3");
  texts.clear();
  write("texts.txt", "no newline");
  ASSERT_TRUE(readTextFile(dir + "/texts.txt", texts, error)) << error;
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0].text, "no newline");
  write("texts.txt", "");
  EXPECT_FALSE(readTextFile(dir + "/texts.txt", texts, error));
  EXPECT_EQ(error, dir + "/texts.txt: empty (a text file holds one text per line)");
}

} // namespace
