//===- TfmDialect.h - the tfm dialect ---------------------------*- C++ -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMDIALECT_H
#define TFM_DIALECT_TFM_IR_TFMDIALECT_H

#include "mlir/IR/Dialect.h"
#include "mlir/IR/Operation.h"

#include "tfm/Dialect/Tfm/IR/TfmDialect.h.inc"

#include <optional>

namespace mlir::tfm {

/// The first control character (NUL, newline, any byte below 0x20, or DEL)
/// of `name`, if any. Names of weights, inputs, outputs and the model end up
/// as C strings in the model's description and in messages: such a
/// character would cut a name short (NUL) or break the message, so no tfm
/// name may contain one.
std::optional<char> findControlCharacter(llvm::StringRef name);

/// `c` as a message shows it: e.g. "0x0a".
std::string describeControlCharacter(char c);

} // namespace mlir::tfm

#endif // TFM_DIALECT_TFM_IR_TFMDIALECT_H
