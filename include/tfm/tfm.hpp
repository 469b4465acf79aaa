//===- tfm.hpp - Header-only C++ wrapper of the tfm C API -------*- C++ -*-===//
//
// RAII over tfm.h: tfm::Model owns a tfm_model_handle, tfm::Context a
// tfm_context. Errors are thrown as tfm::Error (a std::runtime_error holding
// the C API's message): C++ embedders usually let a failed load or run unwind
// to a handler, and a constructor cannot return a status. Code built without
// exceptions should use tfm.h directly. Needs C++17; links with libtfmrt
// (CMake: tfm::tfmrt).
//
//   tfm::Model model = tfm::Model::open("./libbert.so");
//   tfm::Context ctx(model);
//   ctx.bindWeightsFile("model.safetensors");
//   ctx.run({ids, mask, types}, outputs);   // tfm_tensor arrays
//   std::vector<int64_t> ids = ctx.generate(prompt, 20);   // a KV-cache model
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TFM_HPP
#define TFM_TFM_HPP

#include "tfm/tfm.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tfm {

/// A failed tfm call; what() is the C API's message.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Throws tfm::Error for a non-NULL status (and frees it).
inline void check(tfm_status status) {
  if (!status)
    return;
  std::string message = tfm_status_message(status);
  tfm_status_free(status);
  throw Error(message);
}

/// A loaded model (movable, not copyable). Queries never throw.
class Model {
public:
  /// Loads a library made by `tfm-compile --emit=shared`.
  static Model open(const std::string &path) {
    tfm_model_handle *handle = nullptr;
    check(tfm_model_open(path.c_str(), &handle));
    return Model(handle);
  }
  /// Wraps a model linked into the program.
  static Model fromLinked(const tfm_model *model) {
    tfm_model_handle *handle = nullptr;
    check(tfm_model_from_linked(model, &handle));
    return Model(handle);
  }

  Model(Model &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Model &operator=(Model &&other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  ~Model() { tfm_model_close(handle_); }

  tfm_model_handle *get() const { return handle_; }
  std::string name() const { return tfm_model_name(handle_); }
  int numInputs() const { return tfm_model_num_inputs(handle_); }
  int numOutputs() const { return tfm_model_num_outputs(handle_); }
  /// nullptr if out of range.
  const tfm_io_info *input(int index) const { return tfm_model_input(handle_, index); }
  const tfm_io_info *output(int index) const { return tfm_model_output(handle_, index); }
  /// Throws if there is no such input/output.
  int inputIndex(const std::string &name) const {
    int index = -1;
    check(tfm_model_find_input(handle_, name.c_str(), &index));
    return index;
  }
  int outputIndex(const std::string &name) const {
    int index = -1;
    check(tfm_model_find_output(handle_, name.c_str(), &index));
    return index;
  }

private:
  explicit Model(tfm_model_handle *handle) : handle_(handle) {}
  tfm_model_handle *handle_ = nullptr;
};

/// A runner of a model: its weights and thread count. One per thread.
class Context {
public:
  explicit Context(const Model &model) { check(tfm_context_create(model.get(), &ctx_)); }
  Context(Context &&other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)) {}
  Context &operator=(Context &&other) noexcept {
    std::swap(ctx_, other.ctx_);
    return *this;
  }
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;
  ~Context() { tfm_context_destroy(ctx_); }

  tfm_context *get() const { return ctx_; }
  void bindWeightsFile(const std::string &path) {
    check(tfm_context_bind_weights_file(ctx_, path.c_str()));
  }
  /// `data` must outlive the context (see tfm_context_bind_weight).
  void bindWeight(const std::string &name, const float *data,
                  const std::vector<int64_t> &shape) {
    check(tfm_context_bind_weight(ctx_, name.c_str(), data, shape.data(),
                                  static_cast<int>(shape.size())));
  }
  void setThreads(int threads) { check(tfm_context_set_threads(ctx_, threads)); }
  /// Inputs in model order; outputs are caller buffers (see tfm_context_run).
  void run(const std::vector<tfm_tensor> &inputs, std::vector<tfm_tensor> &outputs) {
    check(tfm_context_run(ctx_, inputs.data(), static_cast<int>(inputs.size()),
                          outputs.data(), static_cast<int>(outputs.size())));
  }

  /// Generates up to `maxNewTokens` tokens after `prompt` (see
  /// tfm_context_generate; `options` NULL: greedy) and returns them.
  /// `onToken` (may be empty) receives each token as it is chosen and
  /// returns true to stop; an exception it throws stops generation and is
  /// rethrown here. `stats` (may be NULL) receives the statistics.
  std::vector<int64_t> generate(const std::vector<int64_t> &prompt, int64_t maxNewTokens,
                                const tfm_generate_options *options = nullptr,
                                const std::function<bool(int64_t)> &onToken = {},
                                tfm_generate_stats *stats = nullptr) {
    struct Receiver {
      const std::function<bool(int64_t)> &onToken;
      std::vector<int64_t> tokens;
      std::exception_ptr thrown;
    } receiver{onToken, {}, nullptr};
    auto callback = [](int64_t token, void *user) -> int {
      auto &self = *static_cast<Receiver *>(user);
      try {
        self.tokens.push_back(token);
        return self.onToken && self.onToken(token) ? 1 : 0;
      } catch (...) {
        self.thrown = std::current_exception();
        return 1;
      }
    };
    tfm_status status =
        tfm_context_generate(ctx_, prompt.data(), static_cast<int64_t>(prompt.size()),
                             maxNewTokens, options, callback, &receiver, nullptr, stats);
    if (receiver.thrown) {
      tfm_status_free(status);
      std::rethrow_exception(receiver.thrown);
    }
    check(status);
    return std::move(receiver.tokens);
  }

private:
  tfm_context *ctx_ = nullptr;
};

/// A tfm_tensor viewing `data` with `shape` (row-major).
inline tfm_tensor tensor(const void *data, tfm_dtype dtype, const std::vector<int64_t> &shape) {
  tfm_tensor t{};
  t.data = const_cast<void *>(data);
  t.dtype = dtype;
  t.rank = static_cast<int32_t>(shape.size());
  for (size_t i = 0; i < shape.size() && i < TFM_MAX_RANK; ++i)
    t.shape[i] = shape[i];
  return t;
}

} // namespace tfm

#endif // TFM_TFM_HPP
