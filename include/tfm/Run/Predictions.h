//===- Predictions.h - A model's logits as answers to a job -----*- C++ -*-===//
//
// The jobs `tfm run` does, by architecture (config.json's architectures[0]),
// and how each reads the model's `logits` output: softmax probabilities and
// the top-k classes of a row (sequence and image classification), of a
// row's last token (next-token prediction) or of each [MASK] (fill-mask).
// Answers carry class or token ids; naming them (id2label, the tokenizer's
// vocabulary) is the caller's.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_PREDICTIONS_H
#define TFM_RUN_PREDICTIONS_H

#include "tfm/tfm.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tfm::run {

enum class Task {
  /// GPT2LMHeadModel: the most likely next tokens.
  NextToken,
  /// BertForSequenceClassification: labels with scores.
  SequenceClassification,
  /// BertForMaskedLM: the most likely tokens at each [MASK].
  FillMask,
  /// ViTForImageClassification, DeiTForImageClassification(WithTeacher):
  /// the most likely labels.
  ImageClassification,
  /// BertModel: no head; its outputs go to --output-dir.
  Features,
};

/// The task of `architecture` (config.json's architectures[0]); for a config
/// without one, `modelType`'s base model as the importer builds it (gpt2:
/// GPT2LMHeadModel, bert: BertModel, vit: ViTForImageClassification, deit:
/// DeiTForImageClassificationWithTeacher).
/// Returns false with `error` naming an architecture tfm run has no job for.
bool taskOfArchitecture(const std::string &architecture, const std::string &modelType,
                        Task &task, std::string &error);

/// "next-token", "text-classification", "fill-mask", "image-classification"
/// or "features".
const char *taskName(Task task);

struct Prediction {
  int64_t id = 0;
  /// The softmax probability over all classes (or the vocabulary).
  double probability = 0;
};

/// The softmax of `logits[0, count)` (in double, after subtracting the
/// maximum) and the `k` most probable ids, most probable first; ties go
/// to the lower id. Returns false with `error` if a logit is not finite.
bool topKSoftmax(const float *logits, int64_t count, int64_t k, std::vector<Prediction> &top,
                 std::string &error);

/// The predictions for one row of the batch, and for the token `position`
/// in it (-1 for a whole-row answer: classification).
struct Answer {
  int64_t row = 0;
  int64_t position = -1;
  std::vector<Prediction> predictions;
};

/// Classification logits [B, C] (text or image): the top `k` per row.
bool classifyRows(const tfm_tensor &logits, int64_t k, std::vector<Answer> &answers,
                  std::string &error);

/// Language-model logits [B, T, V]: the top `k` next tokens after each
/// row's last token, at position `lengths[b] - 1` (all T when `lengths` is
/// empty: rows without padding).
bool predictNextTokens(const tfm_tensor &logits, const std::vector<int64_t> &lengths, int64_t k,
                       std::vector<Answer> &answers, std::string &error);

/// Masked-LM logits [B, T, V] and the input ids [B, T] (row-major): the top
/// `k` tokens at each position whose id is `maskId`, in row then position
/// order. No mask at all is an error (there is nothing to fill).
bool fillMasks(const tfm_tensor &logits, const std::vector<int64_t> &ids, int64_t maskId,
               int64_t k, std::vector<Answer> &answers, std::string &error);

} // namespace tfm::run

#endif // TFM_RUN_PREDICTIONS_H
