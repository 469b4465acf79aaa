//===- PredictionsTest.cpp - The jobs' reading of logits ------------------===//

#include "tfm/Run/Predictions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace tfm::run;

namespace {

tfm_tensor tensorOf(std::vector<float> &data, std::vector<int64_t> shape) {
  tfm_tensor tensor{};
  tensor.data = data.data();
  tensor.dtype = TFM_F32;
  tensor.rank = static_cast<int32_t>(shape.size());
  for (size_t i = 0; i < shape.size(); ++i)
    tensor.shape[i] = shape[i];
  return tensor;
}

TEST(TopKSoftmax, ProbabilitiesAndOrder) {
  const float logits[] = {1.0f, 3.0f, 2.0f, 0.0f};
  std::vector<Prediction> top;
  std::string error;
  ASSERT_TRUE(topKSoftmax(logits, 4, 2, top, error)) << error;
  ASSERT_EQ(top.size(), 2u);
  double sum = std::exp(1.0) + std::exp(3.0) + std::exp(2.0) + std::exp(0.0);
  EXPECT_EQ(top[0].id, 1);
  EXPECT_NEAR(top[0].probability, std::exp(3.0) / sum, 1e-12);
  EXPECT_EQ(top[1].id, 2);
  EXPECT_NEAR(top[1].probability, std::exp(2.0) / sum, 1e-12);
}

TEST(TopKSoftmax, LargeLogitsDoNotOverflow) {
  const float logits[] = {1000.0f, 1000.0f, -1000.0f};
  std::vector<Prediction> top;
  std::string error;
  ASSERT_TRUE(topKSoftmax(logits, 3, 10, top, error)) << error;
  ASSERT_EQ(top.size(), 3u); // k is capped at the class count
  // Ties go to the lower id.
  EXPECT_EQ(top[0].id, 0);
  EXPECT_EQ(top[1].id, 1);
  EXPECT_DOUBLE_EQ(top[0].probability, 0.5);
  EXPECT_EQ(top[2].probability, 0.0);
}

TEST(TopKSoftmax, RefusesNonFiniteLogits) {
  const float logits[] = {0.0f, std::numeric_limits<float>::quiet_NaN()};
  std::vector<Prediction> top;
  std::string error;
  EXPECT_FALSE(topKSoftmax(logits, 2, 1, top, error));
  EXPECT_NE(error.find("logit 1 is not finite"), std::string::npos) << error;
}

TEST(Predictions, ClassifyRows) {
  std::vector<float> data = {0, 1, 5, 4, 0, 0};
  std::vector<Answer> answers;
  std::string error;
  ASSERT_TRUE(classifyRows(tensorOf(data, {2, 3}), 1, answers, error)) << error;
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].predictions[0].id, 2);
  EXPECT_EQ(answers[1].row, 1);
  EXPECT_EQ(answers[1].predictions[0].id, 0);
  EXPECT_EQ(answers[1].position, -1);
  EXPECT_FALSE(classifyRows(tensorOf(data, {1, 2, 3}), 1, answers, error));
  EXPECT_NE(error.find("rank 2"), std::string::npos) << error;
}

TEST(Predictions, NextTokenAtEachRowsLastToken) {
  // [B=2, T=2, V=3]: row 0's answer is at token 1, row 1's (length 1) at 0.
  std::vector<float> data = {9, 0, 0, /**/ 0, 9, 0, /**/ 0, 0, 9, /**/ 9, 0, 0};
  std::vector<Answer> answers;
  std::string error;
  ASSERT_TRUE(predictNextTokens(tensorOf(data, {2, 2, 3}), {2, 1}, 1, answers, error)) << error;
  EXPECT_EQ(answers[0].position, 1);
  EXPECT_EQ(answers[0].predictions[0].id, 1);
  EXPECT_EQ(answers[1].position, 0);
  EXPECT_EQ(answers[1].predictions[0].id, 2);
  // Without lengths, every row's last token.
  ASSERT_TRUE(predictNextTokens(tensorOf(data, {2, 2, 3}), {}, 1, answers, error)) << error;
  EXPECT_EQ(answers[1].predictions[0].id, 0);
  EXPECT_FALSE(predictNextTokens(tensorOf(data, {2, 2, 3}), {3, 1}, 1, answers, error));
  EXPECT_NE(error.find("row 0 has 3 tokens, outside 1..2"), std::string::npos) << error;
}

TEST(Predictions, FillMasksAtEachMask) {
  // [B=1, T=3, V=2], [MASK] = 7 at tokens 0 and 2.
  std::vector<float> data = {0, 3, /**/ 3, 0, /**/ 5, 0};
  std::vector<Answer> answers;
  std::string error;
  ASSERT_TRUE(fillMasks(tensorOf(data, {1, 3, 2}), {7, 4, 7}, 7, 1, answers, error)) << error;
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].position, 0);
  EXPECT_EQ(answers[0].predictions[0].id, 1);
  EXPECT_EQ(answers[1].position, 2);
  EXPECT_EQ(answers[1].predictions[0].id, 0);
  EXPECT_FALSE(fillMasks(tensorOf(data, {1, 3, 2}), {1, 2, 3}, 7, 1, answers, error));
  EXPECT_NE(error.find("no [MASK] token (id 7)"), std::string::npos) << error;
  EXPECT_FALSE(fillMasks(tensorOf(data, {1, 3, 2}), {7, 7}, 7, 1, answers, error));
}

TEST(Predictions, TaskOfArchitecture) {
  Task task;
  std::string error;
  ASSERT_TRUE(taskOfArchitecture("BertForMaskedLM", "bert", task, error));
  EXPECT_EQ(task, Task::FillMask);
  ASSERT_TRUE(taskOfArchitecture("BertForSequenceClassification", "bert", task, error));
  EXPECT_EQ(task, Task::SequenceClassification);
  // No architectures: the importer's model for the model_type.
  ASSERT_TRUE(taskOfArchitecture("", "gpt2", task, error));
  EXPECT_EQ(task, Task::NextToken);
  ASSERT_TRUE(taskOfArchitecture("", "vit", task, error));
  EXPECT_EQ(task, Task::ImageClassification);
  ASSERT_TRUE(taskOfArchitecture("", "bert", task, error));
  EXPECT_EQ(task, Task::Features);
  // DeiT's classifiers, and its distilled one without architectures.
  task = Task::Features;
  ASSERT_TRUE(taskOfArchitecture("", "deit", task, error));
  EXPECT_EQ(task, Task::ImageClassification);
  task = Task::Features;
  ASSERT_TRUE(taskOfArchitecture("DeiTForImageClassification", "deit", task, error));
  EXPECT_EQ(task, Task::ImageClassification);
  EXPECT_FALSE(taskOfArchitecture("DeiTForMaskedImageModeling", "deit", task, error));
  EXPECT_NE(error.find("DeiTForImageClassificationWithTeacher"), std::string::npos) << error;
  EXPECT_FALSE(taskOfArchitecture("BertForQuestionAnswering", "bert", task, error));
  EXPECT_NE(error.find("architecture 'BertForQuestionAnswering'"), std::string::npos) << error;
  EXPECT_FALSE(taskOfArchitecture("", "llama", task, error));
  EXPECT_NE(error.find("model_type 'llama'"), std::string::npos) << error;
}

} // namespace
