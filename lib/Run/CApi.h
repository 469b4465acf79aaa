//===- CApi.h - libtfmrt's C API in C++ for TfmRun --------------*- C++ -*-===//
//
// Private to lib/Run: owning handles and status messages of tfm/tfm.h.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUN_CAPI_H
#define TFM_LIB_RUN_CAPI_H

#include "tfm/tfm.h"

#include <memory>
#include <string>

namespace tfm::run {

/// Takes the message of a C API error (and frees it); "" for success.
inline std::string takeMessage(tfm_status status) {
  if (!status)
    return "";
  std::string message = tfm_status_message(status);
  tfm_status_free(status);
  return message;
}

struct ModelCloser {
  void operator()(tfm_model_handle *model) const { tfm_model_close(model); }
};
struct ContextDestroyer {
  void operator()(tfm_context *ctx) const { tfm_context_destroy(ctx); }
};
using ModelHandle = std::unique_ptr<tfm_model_handle, ModelCloser>;
using ContextHandle = std::unique_ptr<tfm_context, ContextDestroyer>;

} // namespace tfm::run

#endif // TFM_LIB_RUN_CAPI_H
