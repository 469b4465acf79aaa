//===- Predictions.cpp - A model's logits as answers to a job -------------===//

#include "tfm/Run/Predictions.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tfm::run {
namespace {

std::string formatShape(const tfm_tensor &tensor) {
  std::string text = "[";
  for (int32_t i = 0; i < tensor.rank; ++i)
    text += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  return text + "]";
}

bool checkLogits(const tfm_tensor &logits, int32_t rank, std::string &error) {
  if (logits.dtype != TFM_F32 || logits.rank != rank || !logits.data) {
    error = "expected the model's logits as float32 of rank " + std::to_string(rank) +
            ", got shape " + formatShape(logits);
    return false;
  }
  return true;
}

} // namespace

bool taskOfArchitecture(const std::string &architecture, const std::string &modelType,
                        Task &task, std::string &error) {
  std::string name = architecture;
  if (name.empty()) {
    if (modelType == "gpt2")
      name = "GPT2LMHeadModel";
    else if (modelType == "bert")
      name = "BertModel";
    else if (modelType == "vit")
      name = "ViTForImageClassification";
    else if (modelType == "deit")
      name = "DeiTForImageClassificationWithTeacher";
  }
  if (name == "GPT2LMHeadModel")
    task = Task::NextToken;
  else if (name == "BertForSequenceClassification")
    task = Task::SequenceClassification;
  else if (name == "BertForMaskedLM")
    task = Task::FillMask;
  else if (name == "ViTForImageClassification" || name == "DeiTForImageClassification" ||
           name == "DeiTForImageClassificationWithTeacher")
    task = Task::ImageClassification;
  else if (name == "BertModel")
    task = Task::Features;
  else {
    error = (architecture.empty() ? "model_type '" + modelType + "'"
                                  : "architecture '" + architecture + "'") +
            " has no job in tfm run; it runs GPT2LMHeadModel, BertForSequenceClassification, "
            "BertForMaskedLM, BertModel, ViTForImageClassification, "
            "DeiTForImageClassification and DeiTForImageClassificationWithTeacher";
    return false;
  }
  return true;
}

const char *taskName(Task task) {
  switch (task) {
  case Task::NextToken:
    return "next-token";
  case Task::SequenceClassification:
    return "text-classification";
  case Task::FillMask:
    return "fill-mask";
  case Task::ImageClassification:
    return "image-classification";
  case Task::Features:
    return "features";
  }
  return "?";
}

bool topKSoftmax(const float *logits, int64_t count, int64_t k, std::vector<Prediction> &top,
                 std::string &error) {
  top.clear();
  if (count <= 0) {
    error = "no classes to choose from";
    return false;
  }
  double maximum = -INFINITY;
  for (int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(logits[i])) {
      error = "logit " + std::to_string(i) + " is not finite (" + std::to_string(logits[i]) + ")";
      return false;
    }
    maximum = std::max(maximum, static_cast<double>(logits[i]));
  }
  double sum = 0;
  for (int64_t i = 0; i < count; ++i)
    sum += std::exp(static_cast<double>(logits[i]) - maximum);
  std::vector<int64_t> order(static_cast<size_t>(count));
  std::iota(order.begin(), order.end(), 0);
  const size_t kept = static_cast<size_t>(std::min(std::max<int64_t>(k, 1), count));
  std::partial_sort(order.begin(), order.begin() + kept, order.end(),
                    [&](int64_t a, int64_t b) {
                      return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
                    });
  for (size_t i = 0; i < kept; ++i)
    top.push_back({order[i], std::exp(static_cast<double>(logits[order[i]]) - maximum) / sum});
  return true;
}

bool classifyRows(const tfm_tensor &logits, int64_t k, std::vector<Answer> &answers,
                  std::string &error) {
  answers.clear();
  if (!checkLogits(logits, 2, error))
    return false;
  const int64_t rows = logits.shape[0], classes = logits.shape[1];
  const float *data = static_cast<const float *>(logits.data);
  for (int64_t row = 0; row < rows; ++row) {
    Answer answer;
    answer.row = row;
    if (!topKSoftmax(data + row * classes, classes, k, answer.predictions, error)) {
      error = "row " + std::to_string(row) + ": " + error;
      return false;
    }
    answers.push_back(std::move(answer));
  }
  return true;
}

bool predictNextTokens(const tfm_tensor &logits, const std::vector<int64_t> &lengths, int64_t k,
                       std::vector<Answer> &answers, std::string &error) {
  answers.clear();
  if (!checkLogits(logits, 3, error))
    return false;
  const int64_t rows = logits.shape[0], tokens = logits.shape[1], vocab = logits.shape[2];
  if (!lengths.empty() && static_cast<int64_t>(lengths.size()) != rows) {
    error = "expected " + std::to_string(rows) + " row lengths, got " +
            std::to_string(lengths.size());
    return false;
  }
  const float *data = static_cast<const float *>(logits.data);
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t length = lengths.empty() ? tokens : lengths[static_cast<size_t>(row)];
    if (length < 1 || length > tokens) {
      error = "row " + std::to_string(row) + " has " + std::to_string(length) +
              " tokens, outside 1.." + std::to_string(tokens);
      return false;
    }
    Answer answer;
    answer.row = row;
    answer.position = length - 1;
    if (!topKSoftmax(data + (row * tokens + answer.position) * vocab, vocab, k,
                     answer.predictions, error)) {
      error = "row " + std::to_string(row) + ": " + error;
      return false;
    }
    answers.push_back(std::move(answer));
  }
  return true;
}

bool fillMasks(const tfm_tensor &logits, const std::vector<int64_t> &ids, int64_t maskId,
               int64_t k, std::vector<Answer> &answers, std::string &error) {
  answers.clear();
  if (!checkLogits(logits, 3, error))
    return false;
  const int64_t rows = logits.shape[0], tokens = logits.shape[1], vocab = logits.shape[2];
  if (static_cast<int64_t>(ids.size()) != rows * tokens) {
    error = "expected " + std::to_string(rows * tokens) + " input ids for logits of shape " +
            formatShape(logits) + ", got " + std::to_string(ids.size());
    return false;
  }
  const float *data = static_cast<const float *>(logits.data);
  for (int64_t row = 0; row < rows; ++row) {
    for (int64_t position = 0; position < tokens; ++position) {
      if (ids[static_cast<size_t>(row * tokens + position)] != maskId)
        continue;
      Answer answer;
      answer.row = row;
      answer.position = position;
      if (!topKSoftmax(data + (row * tokens + position) * vocab, vocab, k, answer.predictions,
                       error)) {
        error = "row " + std::to_string(row) + ", token " + std::to_string(position) + ": " +
                error;
        return false;
      }
      answers.push_back(std::move(answer));
    }
  }
  if (answers.empty()) {
    error = "no [MASK] token (id " + std::to_string(maskId) + ") in the input: nothing to fill";
    return false;
  }
  return true;
}

} // namespace tfm::run
