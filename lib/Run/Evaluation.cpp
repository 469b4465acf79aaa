//===- Evaluation.cpp - perplexity and masked-LM loss over a text ---------===//

#include "tfm/Run/Evaluation.h"

#include "CApi.h"
#include "tfm/Tools/ModelFiles.h"

#include <algorithm>
#include <cmath>

namespace tfm::run {
namespace {

/// Runs `model` on `named` inputs (every input of the model must be among
/// them) and returns the scalar output `loss` and, if asked, the output
/// `positionsName` summed.
bool runLoss(tfm_model_handle *model, tfm_context *context,
             const std::vector<std::pair<std::string, tfm_tensor>> &named, double &loss,
             const char *positionsName, double *positions, std::string &error) {
  const int count = tfm_model_num_inputs(model);
  std::vector<tfm_tensor> inputs(static_cast<size_t>(count), tfm_tensor());
  for (int i = 0; i < count; ++i) {
    const std::string name = tfm_model_input(model, i)->name;
    auto found = std::find_if(named.begin(), named.end(),
                              [&](const auto &entry) { return entry.first == name; });
    if (found == named.end()) {
      error = "the loss model's input '" + name + "' is not one an evaluation gives";
      return false;
    }
    inputs[static_cast<size_t>(i)] = found->second;
  }
  int lossIndex = -1, positionsIndex = -1;
  error = takeMessage(tfm_model_find_output(model, "loss", &lossIndex));
  if (error.empty() && positionsName)
    error = takeMessage(tfm_model_find_output(model, positionsName, &positionsIndex));
  if (!error.empty())
    return false;
  tools::OutputBuffers outputs(static_cast<size_t>(tfm_model_num_outputs(model)));
  error = takeMessage(tfm_context_run_alloc(context, inputs.data(), count, outputs.data(),
                                            outputs.size()));
  if (!error.empty())
    return false;
  const tfm_tensor &lossTensor = outputs[static_cast<size_t>(lossIndex)];
  if (lossTensor.rank != 0 || lossTensor.dtype != TFM_F32) {
    error = "the loss model's 'loss' is not a float32 scalar";
    return false;
  }
  loss = *static_cast<const float *>(lossTensor.data);
  if (positions) {
    const tfm_tensor &tensor = outputs[static_cast<size_t>(positionsIndex)];
    int64_t elements = 1;
    for (int32_t d = 0; d < tensor.rank; ++d)
      elements *= tensor.shape[d];
    const float *values = static_cast<const float *>(tensor.data);
    *positions = 0;
    for (int64_t e = 0; e < elements; ++e)
      *positions += values[e];
  }
  return true;
}

} // namespace

bool evaluatePerplexity(tfm_model_handle *model, tfm_context *context,
                        const std::vector<int64_t> &ids, int64_t window,
                        PerplexityResult &result, std::string &error) {
  result = PerplexityResult();
  result.tokens = static_cast<int64_t>(ids.size());
  if (result.tokens < 2) {
    error = "the text has " + std::to_string(result.tokens) +
            " token(s); a perplexity needs at least 2";
    return false;
  }
  if (window < 2) {
    error = "a context of " + std::to_string(window) + " token(s) predicts nothing";
    return false;
  }
  double total = 0;
  for (int64_t start = 0; start < result.tokens; start += window) {
    int64_t length = std::min(window, result.tokens - start);
    if (length < 2)
      break; // a last lone token has nothing before it in its window
    std::vector<int64_t> slice(ids.begin() + start, ids.begin() + start + length);
    double loss = 0;
    if (!runLoss(model, context, {{"input_ids", tensorOf(slice.data(), TFM_I64, {1, length})}},
                 loss, nullptr, nullptr, error))
      return false;
    total += loss * static_cast<double>(length - 1);
    result.scored += length - 1;
    ++result.windows;
  }
  result.meanLoss = total / static_cast<double>(result.scored);
  result.perplexity = std::exp(result.meanLoss);
  return true;
}

bool evaluateMaskedLm(tfm_model_handle *model, tfm_context *context,
                      const text::Tokenizer &tokenizer, const std::vector<SourcedText> &texts,
                      int64_t batchSize, MaskedLmResult &result, std::string &error) {
  result = MaskedLmResult();
  result.texts = static_cast<int64_t>(texts.size());
  double total = 0, masked = 0;
  for (size_t first = 0; first < texts.size(); first += static_cast<size_t>(batchSize)) {
    size_t last = std::min(texts.size(), first + static_cast<size_t>(batchSize));
    std::vector<text::Encoding> batch(last - first);
    for (size_t i = first; i < last; ++i)
      if (!tokenizer.encode(texts[i].text, batch[i - first], error)) {
        error = texts[i].origin + ": " + error;
        return false;
      }
    tokenizer.padBatch(batch);
    const int64_t rows = static_cast<int64_t>(batch.size());
    const int64_t tokens = static_cast<int64_t>(batch[0].ids.size());
    std::vector<int64_t> ids, mask, types;
    for (const text::Encoding &encoding : batch) {
      ids.insert(ids.end(), encoding.ids.begin(), encoding.ids.end());
      mask.insert(mask.end(), encoding.attentionMask.begin(), encoding.attentionMask.end());
      if (encoding.typeIds.empty())
        types.insert(types.end(), encoding.ids.size(), 0);
      else
        types.insert(types.end(), encoding.typeIds.begin(), encoding.typeIds.end());
    }
    int64_t step = result.batches;
    double loss = 0, positions = 0;
    if (!runLoss(model, context,
                 {{"input_ids", tensorOf(ids.data(), TFM_I64, {rows, tokens})},
                  {"attention_mask", tensorOf(mask.data(), TFM_I64, {rows, tokens})},
                  {"token_type_ids", tensorOf(types.data(), TFM_I64, {rows, tokens})},
                  {"mlm_step", tensorOf(&step, TFM_I64, {})}},
                 loss, "masked_positions", &positions, error))
      return false;
    if (positions > 0)
      total += loss * positions;
    masked += positions;
    ++result.batches;
  }
  result.masked = static_cast<int64_t>(masked);
  if (result.masked == 0) {
    error = "no position of the " + std::to_string(result.texts) +
            " text(s) was masked: give more text";
    return false;
  }
  result.meanLoss = total / masked;
  return true;
}

} // namespace tfm::run
