//===- ModelInputs.h - A run's input tensors, from files, text or images -*- C++ -*-===//
//
// `tfm run` feeds the model tensors made one of three ways: read from .npy
// files (--input NAME=FILE.npy), encoded from text by the model folder's
// tokenizer (TfmText), or decoded and preprocessed from PNG/JPEG files as
// ViTImageProcessor does (TfmImage). Each way ends in the C API's own check
// of the tensors (tfm_model_check_inputs), so a mistake is reported before
// the weights are bound.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_MODELINPUTS_H
#define TFM_RUN_MODELINPUTS_H

#include "tfm/Image/Image.h"
#include "tfm/Text/Tokenizer.h"
#include "tfm/Tools/ModelFiles.h"
#include "tfm/tfm.h"

#include <string>
#include <vector>

namespace tfm::run {

/// One --input NAME=FILE.npy.
struct InputFileArg {
  std::string name;
  std::string path;
};

/// One text and where it came from ("--text 2", "texts.txt:3"), for errors.
struct SourcedText {
  std::string text;
  std::string origin;
};

struct ModelInputs {
  /// One per model input, in the model's order; data NULL for an optional
  /// input left to its default.
  std::vector<tfm_tensor> tensors;
  /// Each batch row's text or image file; empty for .npy inputs.
  std::vector<std::string> rows;
  /// The tokens of each row (its attention mask's ones) when made from
  /// text; empty otherwise (every row is all tokens).
  std::vector<int64_t> lengths;
  /// input_ids, row-major, when the model has that input (fill-mask reads
  /// the [MASK] positions from it).
  std::vector<int64_t> ids;
  /// What the .npy files were ("input_ids=ids.npy"); empty otherwise.
  std::string files;

  // The tensors' storage.
  tools::InputFiles fileArrays;
  std::vector<std::vector<int64_t>> integerColumns;
  std::vector<float> pixels;
};

/// A tensor over `data` (not owned) of `dtype` and `shape`.
tfm_tensor tensorOf(void *data, tfm_dtype dtype, const std::vector<int64_t> &shape);

/// Reads the --input files. A name the model has no input for, or a
/// required input not given, is a usage error (`usageError` set); a bad
/// file is a data error naming it.
bool inputsFromFiles(tfm_model_handle *model, const std::vector<InputFileArg> &args,
                     ModelInputs &inputs, bool &usageError, std::string &error);

/// Encodes `texts` with `tokenizer` into a batch padded to its longest row
/// (input_ids, attention_mask, and token_type_ids when the tokenizer makes
/// them); a model input text cannot make, an encoding error (naming the
/// text's origin) or an empty row is an error.
bool inputsFromTexts(tfm_model_handle *model, const text::Tokenizer &tokenizer,
                     const std::vector<SourcedText> &texts, ModelInputs &inputs,
                     std::string &error);

/// Decodes each image and preprocesses it with `preprocessing` (read from
/// `preprocessorPath`, which errors name) into pixel_values [B, 3, H, W];
/// a size other than the model's H x W is an error.
bool inputsFromImages(tfm_model_handle *model, const image::Preprocessing &preprocessing,
                      const std::string &preprocessorPath, const std::vector<std::string> &paths,
                      ModelInputs &inputs, std::string &error);

/// The lines of `path` as texts (a final newline ends the last line, it does
/// not start an empty one; a "\r" before a newline is dropped). An empty
/// file is an error.
bool readTextFile(const std::string &path, std::vector<SourcedText> &texts, std::string &error);

} // namespace tfm::run

#endif // TFM_RUN_MODELINPUTS_H
