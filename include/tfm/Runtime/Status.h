//===- Status.h - Success-or-error result of runtime calls ------*- C++ -*-===//
//
// libtfmrt reports failures by value instead of throwing, so that compiled
// model executables (and callers built without exceptions) can use it.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUNTIME_STATUS_H
#define TFM_RUNTIME_STATUS_H

#include <string>
#include <utility>

namespace tfm::rt {

/// Either success or an error carrying a human-readable message.
class [[nodiscard]] Status {
public:
  /// A default-constructed status is a success.
  Status() = default;

  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status status;
    status.failed_ = true;
    status.message_ = std::move(message);
    return status;
  }

  bool ok() const { return !failed_; }
  /// Empty on success.
  const std::string &message() const { return message_; }

private:
  bool failed_ = false;
  std::string message_;
};

} // namespace tfm::rt

/// Evaluates `expr` (a Status) and returns it from the enclosing function if it
/// is an error.
#define TFM_RT_RETURN_IF_ERROR(expr)                                           \
  do {                                                                         \
    ::tfm::rt::Status tfmRtStatus_ = (expr);                                   \
    if (!tfmRtStatus_.ok())                                                    \
      return tfmRtStatus_;                                                     \
  } while (false)

#endif // TFM_RUNTIME_STATUS_H
