//===- ModelFiles.h - A model's inputs from and outputs to .npy -*- C++ -*-===//
//
// Part of libtfmtools, on the public C API only: reads a model's inputs from
// .npy files, checked as tfm_context_run will check them, and writes its
// outputs to DIR/NAME.npy all or nothing. Model executables (tfmrt_main) and
// `tfm run` share it.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TOOLS_MODELFILES_H
#define TFM_TOOLS_MODELFILES_H

#include "tfm/Runtime/Status.h"
#include "tfm/Tools/Npy.h"
#include "tfm/tfm.h"

#include <string>
#include <vector>

namespace tfm::tools {

/// The model inputs read from .npy files, as the C API takes them: a tensor
/// per model input (data NULL for one not given), viewing the arrays read,
/// and each given input's file, which messages name.
struct InputFiles {
  std::vector<NpyArray> arrays;
  std::vector<tfm_tensor> tensors;
  std::vector<std::string> paths;
  std::vector<const char *> sources;
};

/// Reads `pathOfInput[i]` (one per model input, "" for one not given) in the
/// model's order and checks the arrays with tfm_model_check_inputs: dtypes
/// (ids as int64 or int32, floats as float32 only), shapes, ids, masks, the
/// defaults of the inputs not given. Errors name the input and its file.
rt::Status readInputFiles(tfm_model_handle *model, const std::vector<std::string> &pathOfInput,
                          InputFiles &inputs) noexcept;

/// The outputs of a run in the model's own buffers (tfm_context_run_alloc),
/// given back to the runtime by release() and the destructor.
class OutputBuffers {
public:
  explicit OutputBuffers(size_t count) : tensors_(count, tfm_tensor()) {}
  ~OutputBuffers() { release(); }
  OutputBuffers(const OutputBuffers &) = delete;
  OutputBuffers &operator=(const OutputBuffers &) = delete;

  void release() noexcept;
  tfm_tensor *data() { return tensors_.data(); }
  int size() const { return static_cast<int>(tensors_.size()); }
  const tfm_tensor &operator[](size_t i) const { return tensors_[i]; }

private:
  std::vector<tfm_tensor> tensors_;
};

/// Checks that `dir` is a writable directory, or that it could be created
/// (its deepest existing ancestor is one), so that a typo is reported before
/// a long run rather than after it. Nothing is created.
rt::Status checkOutputDir(const std::string &dir) noexcept;

/// DIR/NAME.npy.
std::string outputFilePath(const std::string &dir, const char *name);

/// Writes output i of `model` (`outputs[i]`) to DIR/NAME.npy, creating DIR,
/// only once all of them are written: each goes to a new temporary file in
/// DIR first, and the files are renamed into place at the end. A failure
/// leaves no new file, and an existing file or symbolic link at DIR/NAME.npy
/// is replaced, never written through. `inputs`, when not NULL, are the
/// model's inputs as the run was given them (one per model input): those the
/// model updates in place (tfm_io_info.updated_in_place, a KV cache) hold
/// their updated state, written to DIR/NAME.npy with the outputs, all or
/// nothing with them.
rt::Status writeOutputFiles(const tfm_model_handle *model, const OutputBuffers &outputs,
                            const std::string &dir, const tfm_tensor *inputs = nullptr) noexcept;

} // namespace tfm::tools

#endif // TFM_TOOLS_MODELFILES_H
