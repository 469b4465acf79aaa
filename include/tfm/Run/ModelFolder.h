//===- ModelFolder.h - A Hugging Face model folder --------------*- C++ -*-===//
//
// What `tfm run` reads from MODEL_DIR before it compiles anything:
// config.json (its bytes key the compile cache; its `architectures[0]` picks
// the job; `id2label` names the classes) and where model.safetensors is.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUN_MODELFOLDER_H
#define TFM_RUN_MODELFOLDER_H

#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace tfm::run {

struct ModelFolder {
  std::string dir;
  std::string configPath;
  std::string weightsPath;
  /// config.json's bytes, exactly as read.
  std::string configText;
  /// config.json parsed (a JSON object), for the fields a job reads.
  llvm::json::Object config;
  /// `model_type` ("gpt2", "bert", "vit").
  std::string modelType;
  /// `architectures[0]`, or "" when the config has none.
  std::string architecture;
  /// `id2label` as a table indexed by class id; empty when the config has
  /// none.
  std::vector<std::string> labels;
};

/// Reads `dir`'s config.json and checks that model.safetensors is a regular
/// file. Returns false with `error` naming the file and the problem: a
/// missing directory or file, a config that is not JSON or not an object, a
/// `model_type`, `architectures` or `id2label` of the wrong kind, or
/// `id2label` ids that are not 0..N-1 each once.
bool openModelFolder(const std::string &dir, ModelFolder &folder, std::string &error);

} // namespace tfm::run

#endif // TFM_RUN_MODELFOLDER_H
