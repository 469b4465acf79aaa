//===- ModelInputs.cpp - A run's input tensors, from files, text or images ===//

#include "tfm/Run/ModelInputs.h"

#include "CApi.h"

#include "tfm/Support/InputFile.h"
#include "tfm/Support/Limits.h"

#include "llvm/Support/FileSystem.h"

#include <algorithm>

namespace tfm::run {
namespace {

/// A --text-file's size: far more text than a run's batch holds.

bool checkTensors(tfm_model_handle *model, ModelInputs &inputs,
                  const std::vector<const char *> &sources, std::string &error) {
  error = takeMessage(tfm_model_check_inputs(model, inputs.tensors.data(),
                                             static_cast<int>(inputs.tensors.size()),
                                             sources.data()));
  return error.empty();
}

} // namespace

tfm_tensor tensorOf(void *data, tfm_dtype dtype, const std::vector<int64_t> &shape) {
  tfm_tensor tensor{};
  tensor.data = data;
  tensor.dtype = dtype;
  tensor.rank = static_cast<int32_t>(shape.size());
  std::copy(shape.begin(), shape.end(), tensor.shape);
  return tensor;
}

bool inputsFromFiles(tfm_model_handle *model, const std::vector<InputFileArg> &args,
                     ModelInputs &inputs, bool &usageError, std::string &error) {
  inputs = ModelInputs();
  usageError = true;
  const int count = tfm_model_num_inputs(model);
  std::vector<std::string> pathOfInput(static_cast<size_t>(count));
  for (const InputFileArg &arg : args) {
    int index = -1;
    std::string message = takeMessage(tfm_model_find_input(model, arg.name.c_str(), &index));
    if (!message.empty()) {
      error = "--input " + arg.name + "=" + arg.path + ": " + message;
      return false;
    }
    pathOfInput[static_cast<size_t>(index)] = arg.path;
    inputs.files += (inputs.files.empty() ? "" : ", ") + arg.name + "=" + arg.path;
  }
  for (int i = 0; i < count; ++i) {
    const tfm_io_info *info = tfm_model_input(model, i);
    if (pathOfInput[static_cast<size_t>(i)].empty() && !info->default_fill) {
      error = "missing required input '" + std::string(info->name) + "' (pass --input " +
              info->name + "=FILE.npy)";
      return false;
    }
  }
  usageError = false;
  rt::Status status = tools::readInputFiles(model, pathOfInput, inputs.fileArrays);
  if (!status.ok()) {
    error = status.message();
    return false;
  }
  inputs.tensors = inputs.fileArrays.tensors;
  for (int i = 0; i < count; ++i) {
    if (std::string(tfm_model_input(model, i)->name) != "input_ids")
      continue;
    const tools::NpyArray &array = inputs.fileArrays.arrays[static_cast<size_t>(i)];
    if (const int64_t *ids = array.dataAs<int64_t>())
      inputs.ids.assign(ids, ids + array.numElements());
    else if (const int32_t *ids32 = array.dataAs<int32_t>())
      inputs.ids.assign(ids32, ids32 + array.numElements());
  }
  return true;
}

bool inputsFromTexts(tfm_model_handle *model, const text::Tokenizer &tokenizer,
                     const std::vector<SourcedText> &texts, ModelInputs &inputs,
                     std::string &error) {
  inputs = ModelInputs();
  std::vector<text::Encoding> batch(texts.size());
  for (size_t row = 0; row < texts.size(); ++row) {
    if (!tokenizer.encode(texts[row].text, batch[row], error)) {
      error = texts[row].origin + ": " + error;
      return false;
    }
    if (batch[row].ids.empty()) {
      error = texts[row].origin + ": no tokens (the text is empty)";
      return false;
    }
    inputs.rows.push_back(texts[row].text);
    inputs.lengths.push_back(static_cast<int64_t>(batch[row].ids.size()));
  }
  tokenizer.padBatch(batch);
  const int64_t rows = static_cast<int64_t>(batch.size());
  const int64_t tokens = rows ? static_cast<int64_t>(batch[0].ids.size()) : 0;
  const int count = tfm_model_num_inputs(model);
  inputs.integerColumns.assign(static_cast<size_t>(count), {});
  inputs.tensors.assign(static_cast<size_t>(count), tfm_tensor());
  std::vector<const char *> sources(static_cast<size_t>(count), "the tokenizer");
  for (int i = 0; i < count; ++i) {
    const std::string name = tfm_model_input(model, i)->name;
    std::vector<int64_t> text::Encoding::*field = nullptr;
    if (name == "input_ids")
      field = &text::Encoding::ids;
    else if (name == "attention_mask")
      field = &text::Encoding::attentionMask;
    else if (name == "token_type_ids")
      field = &text::Encoding::typeIds;
    else {
      error = "the model's input '" + name + "' cannot be made from text; pass it with --input";
      return false;
    }
    std::vector<int64_t> &column = inputs.integerColumns[static_cast<size_t>(i)];
    for (const text::Encoding &encoding : batch)
      column.insert(column.end(), (encoding.*field).begin(), (encoding.*field).end());
    if (column.empty() && field == &text::Encoding::typeIds)
      continue; // The tokenizer has no types: the model's default (zeros).
    if (static_cast<int64_t>(column.size()) != rows * tokens) {
      error = "the tokenizer made " + std::to_string(column.size()) + " values of '" + name +
              "' for " + std::to_string(rows) + " rows of " + std::to_string(tokens) +
              " tokens";
      return false;
    }
    inputs.tensors[static_cast<size_t>(i)] = tensorOf(column.data(), TFM_I64, {rows, tokens});
    if (field == &text::Encoding::ids)
      inputs.ids = column;
  }
  return checkTensors(model, inputs, sources, error);
}

bool inputsFromImages(tfm_model_handle *model, const image::Preprocessing &preprocessing,
                      const std::string &preprocessorPath, const std::vector<std::string> &paths,
                      ModelInputs &inputs, std::string &error) {
  inputs = ModelInputs();
  int index = -1;
  error = takeMessage(tfm_model_find_input(model, "pixel_values", &index));
  if (!error.empty())
    return false;
  const tfm_io_info &info = *tfm_model_input(model, index);
  if (info.rank != 4 || info.shape[1] != 3 || info.shape[2] < 1 || info.shape[3] < 1) {
    error = "the model's pixel_values is not [B, 3, H, W] with a fixed H and W";
    return false;
  }
  const int64_t height = info.shape[2], width = info.shape[3];
  if (preprocessing.doResize && (preprocessing.height != height || preprocessing.width != width)) {
    error = preprocessorPath + ": resizes images to " + std::to_string(preprocessing.height) +
            "x" + std::to_string(preprocessing.width) + " (height x width), but the model takes " +
            std::to_string(height) + "x" + std::to_string(width);
    return false;
  }
  const size_t imageSize = static_cast<size_t>(3 * height * width);
  for (const std::string &path : paths) {
    image::Image decoded;
    if (!image::decodeFile(path, decoded, error))
      return false;
    if (!preprocessing.doResize && (decoded.height != height || decoded.width != width)) {
      error = path + ": " + std::to_string(decoded.height) + "x" + std::to_string(decoded.width) +
              " pixels, but the model takes " + std::to_string(height) + "x" +
              std::to_string(width) + " and " + preprocessorPath + " does not resize";
      return false;
    }
    std::vector<float> pixels = image::preprocess(decoded, preprocessing);
    if (pixels.size() != imageSize) {
      error = path + ": preprocessing made " + std::to_string(pixels.size()) +
              " values, the model takes " + std::to_string(imageSize);
      return false;
    }
    inputs.pixels.insert(inputs.pixels.end(), pixels.begin(), pixels.end());
    inputs.rows.push_back(path);
  }
  const int count = tfm_model_num_inputs(model);
  inputs.tensors.assign(static_cast<size_t>(count), tfm_tensor());
  inputs.tensors[static_cast<size_t>(index)] =
      tensorOf(inputs.pixels.data(), TFM_F32,
               {static_cast<int64_t>(paths.size()), 3, height, width});
  std::vector<const char *> sources(static_cast<size_t>(count), "the images");
  return checkTensors(model, inputs, sources, error);
}

bool readTextFile(const std::string &path, std::vector<SourcedText> &texts, std::string &error) {
  auto contents = mlir::tfm::readInputFile(path, limits::kMaxTextFileBytes);
  if (!contents) {
    error = path + ": " + llvm::toString(contents.takeError());
    return false;
  }
  llvm::StringRef rest = (*contents)->getBuffer();
  if (rest.empty()) {
    error = path + ": empty (a text file holds one text per line)";
    return false;
  }
  for (int line = 1; !rest.empty(); ++line) {
    auto [text, after] = rest.split('\n');
    if (text.ends_with("\r"))
      text = text.drop_back();
    texts.push_back({text.str(), path + ":" + std::to_string(line)});
    rest = after;
  }
  return true;
}

} // namespace tfm::run
