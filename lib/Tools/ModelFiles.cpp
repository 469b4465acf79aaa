//===- ModelFiles.cpp - A model's inputs from and outputs to .npy ---------===//
//
// Users feed these files from other tools, so every input is checked before
// compiled code sees it (the code trusts shapes and ids: an out-of-vocabulary
// id would read out of bounds). Outputs appear all at once or not at all.
//
//===----------------------------------------------------------------------===//

#include "tfm/Tools/ModelFiles.h"

#include "Runtime/Support.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

namespace tfm::tools {
namespace {

using rt::Status;

/// Takes the message of a C API error (and frees it).
Status toStatus(tfm_status status) {
  if (!status)
    return Status::success();
  std::string message = tfm_status_message(status);
  tfm_status_free(status);
  return Status::error(std::move(message));
}

/// Runs `body`, turning an escaping exception (in practice std::bad_alloc)
/// into an error about `what`.
template <typename Body> Status guardedCall(const std::string &what, Body &&body) noexcept {
  return rt::catchEscapes(body, [&](const rt::Escaped &escaped) {
    return Status::error(what + ": " +
                         (escaped.outOfMemory ? "out of memory"
                                              : escaped.what ? escaped.what : "internal error"));
  });
}

const char *dtypeName(tfm_dtype dtype) { return npyDTypeName(npyDTypeOf(dtype)); }

/// What the C API cannot see in a tfm_tensor: a .npy file's dtype must be one
/// the model's input takes, and its rank must fit a tfm_tensor. Integer ids
/// may come as int32 or int64 (numpy's default integer differs between
/// platforms; the C API converts them losslessly), but floats must already be
/// float32 so that precision is never changed behind the user's back.
Status checkFileFitsInput(const tfm_io_info &info, const NpyArray &array,
                          const std::string &origin) {
  bool integerIds = (info.dtype == TFM_I64 || info.dtype == TFM_I32) &&
                    (array.dtype == NpyDType::I64 || array.dtype == NpyDType::I32);
  if (array.dtype != npyDTypeOf(info.dtype) && !integerIds) {
    std::string expected = dtypeName(info.dtype);
    if (info.dtype == TFM_I64)
      expected += " or int32";
    if (info.dtype == TFM_I32)
      expected += " or int64";
    return Status::error(
        origin + ": expected " + expected + " data, got " + array.dtypeName() +
        (info.dtype == TFM_F32 ? " (convert it with arr.astype(np.float32) before saving)" : ""));
  }
  // A rank the model cannot have; model ranks fit a tfm_tensor.
  if (array.shape.size() > TFM_MAX_RANK)
    return Status::error(origin + ": expected rank " + std::to_string(info.rank) + " (shape " +
                         rt::formatShape(info.shape, static_cast<size_t>(info.rank)) +
                         "), got shape " + rt::formatShape(array.shape));
  return Status::success();
}

tfm_dtype toTfmDType(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::I64:
    return TFM_I64;
  case NpyDType::I32:
    return TFM_I32;
  case NpyDType::Bool:
    return TFM_BOOL;
  case NpyDType::F32:
  case NpyDType::F64: // refused by checkFileFitsInput
    break;
  }
  return TFM_F32;
}

/// Output files written under temporary names, removed unless committed.
class TemporaryOutputs {
public:
  ~TemporaryOutputs() {
    for (const std::string &path : paths_)
      if (!path.empty())
        ::unlink(path.c_str());
  }
  /// Writes `tensor` to a new file beside `finalPath`, named so that no
  /// existing file (or symbolic link) is touched.
  Status write(const std::string &finalPath, const tfm_tensor &tensor) {
    std::string slash = finalPath.substr(0, finalPath.find_last_of('/') + 1);
    std::string base = finalPath.substr(slash.size());
    std::vector<int64_t> shape(tensor.shape, tensor.shape + tensor.rank);
    for (int attempt = 0;; ++attempt) {
      std::string path = slash + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
                         std::to_string(attempt);
      struct stat existing;
      if (::lstat(path.c_str(), &existing) == 0)
        continue; // Another run's: leave it alone.
      // On failure writeNpyToNewFile removes what it wrote, and only that.
      TFM_RT_RETURN_IF_ERROR(
          writeNpyToNewFile(path, npyDTypeOf(tensor.dtype), shape, tensor.data));
      paths_.push_back(path);
      return Status::success();
    }
  }
  /// Renames the files written into place, in order of `finalPaths`.
  Status commit(const std::vector<std::string> &finalPaths) {
    for (size_t i = 0; i < paths_.size(); ++i) {
      if (::rename(paths_[i].c_str(), finalPaths[i].c_str()) != 0)
        return Status::error("cannot write '" + finalPaths[i] + "': " + std::strerror(errno));
      paths_[i].clear();
    }
    paths_.clear();
    return Status::success();
  }

private:
  std::vector<std::string> paths_;
};

} // namespace

Status readInputFiles(tfm_model_handle *model, const std::vector<std::string> &pathOfInput,
                      InputFiles &inputs) noexcept {
  return guardedCall("reading the inputs", [&]() -> Status {
    const size_t count = static_cast<size_t>(tfm_model_num_inputs(model));
    if (pathOfInput.size() != count)
      return Status::error("expected " + std::to_string(count) + " input paths, got " +
                           std::to_string(pathOfInput.size()));
    inputs.arrays.assign(count, NpyArray());
    inputs.tensors.assign(count, tfm_tensor());
    inputs.paths = pathOfInput;
    inputs.sources.assign(count, nullptr);
    // A given input's data must not be NULL, which means "not given", even
    // when it has no elements (the C API then reports the empty shape).
    static const uint8_t noElements = 0;
    for (size_t i = 0; i < count; ++i) {
      const std::string &path = inputs.paths[i];
      if (path.empty())
        continue;
      const tfm_io_info &info = *tfm_model_input(model, static_cast<int>(i));
      NpyArray &array = inputs.arrays[i];
      Status readable = rt::checkRegularFile(path);
      if (readable.ok())
        readable = readNpy(path, array);
      if (!readable.ok())
        return Status::error("input '" + std::string(info.name) + "': " + readable.message());
      TFM_RT_RETURN_IF_ERROR(
          checkFileFitsInput(info, array, "input '" + std::string(info.name) + "' (" + path + ")"));
      tfm_tensor &tensor = inputs.tensors[i];
      tensor.data = array.data.empty() ? const_cast<uint8_t *>(&noElements) : array.data.data();
      tensor.dtype = toTfmDType(array.dtype);
      tensor.rank = static_cast<int32_t>(array.shape.size());
      std::copy(array.shape.begin(), array.shape.end(), tensor.shape);
      inputs.sources[i] = path.c_str();
    }
    return toStatus(tfm_model_check_inputs(model, inputs.tensors.data(),
                                           static_cast<int>(count), inputs.sources.data()));
  });
}

void OutputBuffers::release() noexcept {
  for (tfm_tensor &tensor : tensors_) {
    tfm_buffer_free(tensor.data);
    tensor = tfm_tensor();
  }
}

Status checkOutputDir(const std::string &dir) noexcept {
  return guardedCall("output directory '" + dir + "'", [&]() -> Status {
    namespace fs = std::filesystem;
    std::error_code error;
    fs::path existing = dir;
    for (;;) {
      fs::file_status status = fs::status(existing, error);
      if (fs::exists(status))
        break;
      if (error && error != std::errc::no_such_file_or_directory)
        return Status::error("cannot create output directory '" + dir + "': " + error.message());
      fs::path parent = existing.parent_path();
      existing = parent.empty() || parent == existing ? fs::path(".") : parent;
      if (existing == ".")
        break;
    }
    const bool isDir = existing.string() == dir;
    if (!fs::is_directory(existing, error))
      return Status::error("cannot create output directory '" + dir + "': " +
                           (isDir ? std::string("not a directory")
                                  : "'" + existing.string() + "' is not a directory"));
    if (::access(existing.c_str(), W_OK | X_OK) != 0) {
      std::string reason = std::strerror(errno);
      return Status::error(isDir ? "output directory '" + dir + "' is not writable: " + reason
                                 : "cannot create output directory '" + dir + "': '" +
                                       existing.string() + "' is not writable: " + reason);
    }
    return Status::success();
  });
}

std::string outputFilePath(const std::string &dir, const char *name) {
  std::string path = dir;
  if (path.back() != '/')
    path += '/';
  return path + name + ".npy";
}

Status writeOutputFiles(const tfm_model_handle *model, const OutputBuffers &outputs,
                        const std::string &dir, const tfm_tensor *inputs) noexcept {
  return guardedCall("writing outputs to '" + dir + "'", [&]() -> Status {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (!std::filesystem::is_directory(dir, error))
      return Status::error("cannot create output directory '" + dir + "': " +
                           (error ? error.message() : std::string("not a directory")));
    // The outputs, then the inputs the run updated in place.
    std::vector<const char *> names;
    std::vector<const tfm_tensor *> tensors;
    for (int i = 0; i < tfm_model_num_outputs(model); ++i) {
      names.push_back(tfm_model_output(model, i)->name);
      tensors.push_back(&outputs[static_cast<size_t>(i)]);
    }
    for (int i = 0; inputs && i < tfm_model_num_inputs(model); ++i) {
      const tfm_io_info &info = *tfm_model_input(model, i);
      if (!info.updated_in_place)
        continue;
      names.push_back(info.name);
      tensors.push_back(&inputs[i]);
    }
    std::vector<std::string> finalPaths;
    for (const char *name : names) {
      finalPaths.push_back(outputFilePath(dir, name));
      struct stat existing;
      // rename() cannot replace a directory: refuse before writing anything.
      if (::lstat(finalPaths.back().c_str(), &existing) == 0 && S_ISDIR(existing.st_mode))
        return Status::error("cannot write output '" + std::string(name) + "': '" +
                             finalPaths.back() + "' is a directory");
    }
    TemporaryOutputs written;
    for (size_t i = 0; i < tensors.size(); ++i)
      TFM_RT_RETURN_IF_ERROR(written.write(finalPaths[i], *tensors[i]));
    return written.commit(finalPaths);
  });
}

} // namespace tfm::tools
