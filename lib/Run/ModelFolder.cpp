//===- ModelFolder.cpp - A Hugging Face model folder ----------------------===//

#include "tfm/Run/ModelFolder.h"

#include "tfm/Import/HuggingFace.h"
#include "tfm/Support/InputFile.h"
#include "tfm/Support/Limits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

namespace tfm::run {
namespace {

std::string joinPath(const std::string &dir, const char *name) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  return std::string(path);
}

/// Reads `id2label` ({"0": "NEGATIVE", "1": "POSITIVE"}) into a table
/// indexed by id.
bool readLabels(const llvm::json::Object &config, const std::string &configPath,
                std::vector<std::string> &labels, std::string &error) {
  const llvm::json::Value *field = config.get("id2label");
  if (!field || field->kind() == llvm::json::Value::Null)
    return true;
  const llvm::json::Object *table = field->getAsObject();
  if (!table) {
    error = configPath + ": id2label must be an object mapping class ids to labels";
    return false;
  }
  // Keys are distinct canonical ids below the table's size: each id once.
  labels.assign(table->size(), std::string());
  for (const auto &[key, value] : *table) {
    unsigned long long id = 0;
    // Keys are decimal ids; "01" or "+1" would be a second spelling of one.
    bool canonical = !key.str().empty() && !llvm::getAsUnsignedInteger(key.str(), 10, id) &&
                     std::to_string(id) == key.str();
    if (!canonical || id >= table->size()) {
      error = configPath + ": id2label key '" + key.str() + "' is not a class id in 0.." +
              std::to_string(table->size() - 1);
      return false;
    }
    std::optional<llvm::StringRef> label = value.getAsString();
    if (!label) {
      error = configPath + ": id2label[\"" + key.str() + "\"] must be a string";
      return false;
    }
    labels[id] = label->str();
  }
  return true;
}

} // namespace

bool openModelFolder(const std::string &dir, ModelFolder &folder, std::string &error) {
  folder = ModelFolder();
  folder.dir = dir;
  if (!llvm::sys::fs::is_directory(dir)) {
    error = llvm::sys::fs::exists(dir) ? "'" + dir + "' is not a directory (MODEL_DIR is a "
                                                     "folder with config.json and "
                                                     "model.safetensors)"
                                       : "model directory '" + dir + "' does not exist";
    return false;
  }
  folder.configPath = joinPath(dir, "config.json");
  folder.weightsPath = joinPath(dir, "model.safetensors");
  for (const std::string *path : {&folder.configPath, &folder.weightsPath}) {
    if (!llvm::sys::fs::exists(*path)) {
      error = *path + ": missing (a model folder holds config.json and model.safetensors)";
      return false;
    }
  }
  auto text = mlir::tfm::readInputFile(folder.configPath, tfm::limits::kMaxConfigFileBytes);
  if (!text) {
    error = folder.configPath + ": " + llvm::toString(text.takeError());
    return false;
  }
  folder.configText = (*text)->getBuffer().str();
  if (!llvm::sys::fs::is_regular_file(folder.weightsPath)) {
    error = folder.weightsPath + ": not a regular file";
    return false;
  }

  llvm::Expected<llvm::json::Value> parsed =
      mlir::tfm::parseHuggingFaceConfigText(folder.configText);
  if (!parsed) {
    error = folder.configPath + ": invalid JSON: " + llvm::toString(parsed.takeError());
    return false;
  }
  llvm::json::Object *object = parsed->getAsObject();
  if (!object) {
    error = folder.configPath + ": expected a JSON object";
    return false;
  }
  folder.config = std::move(*object);
  const llvm::json::Object *config = &folder.config;
  if (const llvm::json::Value *type = config->get("model_type")) {
    if (!type->getAsString()) {
      error = folder.configPath + ": model_type must be a string";
      return false;
    }
    folder.modelType = type->getAsString()->str();
  }
  if (const llvm::json::Value *architectures = config->get("architectures")) {
    const llvm::json::Array *list = architectures->getAsArray();
    if (!list || (!list->empty() && !(*list)[0].getAsString())) {
      error = folder.configPath + ": architectures must be a list of class names";
      return false;
    }
    if (!list->empty())
      folder.architecture = (*list)[0].getAsString()->str();
  }
  return readLabels(*config, folder.configPath, folder.labels, error);
}

} // namespace tfm::run
