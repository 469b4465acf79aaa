//===- Evaluation.h - perplexity and masked-LM loss over a text -*- C++ -*-===//
//
// `tfm run --perplexity` and `--mlm-loss`: a model compiled with
// tfm-append-loss (CompileSettings::loss) run over a text file, its
// per-call mean losses combined into one, as a PyTorch evaluation loop
// would.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_EVALUATION_H
#define TFM_RUN_EVALUATION_H

#include "tfm/Run/ModelInputs.h"
#include "tfm/Text/Tokenizer.h"
#include "tfm/tfm.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tfm::run {

struct PerplexityResult {
  int64_t tokens = 0;  // the text's tokens
  int64_t windows = 0; // model calls
  int64_t scored = 0;  // predicted tokens: each window's length - 1
  double meanLoss = 0; // mean next-token cross-entropy (nats)
  double perplexity = 0;
};

/// GPT's perplexity of `ids`: consecutive windows of at most `window`
/// tokens (the context length), each scored on its own (every token but its
/// first is predicted from the ones before it in the window); the losses are
/// weighted by the tokens each window predicts. The model is a next-token
/// loss model (input input_ids, output loss). Fewer than 2 tokens is an error.
bool evaluatePerplexity(tfm_model_handle *model, tfm_context *context,
                        const std::vector<int64_t> &ids, int64_t window,
                        PerplexityResult &result, std::string &error);

struct MaskedLmResult {
  int64_t texts = 0;
  int64_t batches = 0;
  int64_t masked = 0;  // positions scored over all batches
  double meanLoss = 0; // mean cross-entropy over them (nats)
};

/// BERT's masked-LM loss over `texts`: batches of `batchSize` texts
/// (tokenized, truncated to the model's length, padded), batch b drawing its
/// masks with mlm_step = b; each batch's mean loss is weighted by the
/// positions it masked (masked_positions). The model is a masked-LM loss
/// model (inputs input_ids, attention_mask, token_type_ids, mlm_step;
/// outputs loss, masked_positions). No masked position at all is an error.
bool evaluateMaskedLm(tfm_model_handle *model, tfm_context *context,
                      const text::Tokenizer &tokenizer, const std::vector<SourcedText> &texts,
                      int64_t batchSize, MaskedLmResult &result, std::string &error);

} // namespace tfm::run

#endif // TFM_RUN_EVALUATION_H
