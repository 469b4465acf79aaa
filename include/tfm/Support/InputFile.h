//===- InputFile.h - read a tool's input file, bounded ----------*- C++ -*-===//

#ifndef TFM_SUPPORT_INPUTFILE_H
#define TFM_SUPPORT_INPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>

namespace mlir::tfm {

/// The contents of `path` ("-": standard input), NUL-terminated. A tool's
/// input is a regular file of at most `maxBytes`: a device such as
/// /dev/zero, a FIFO or a directory is refused before anything is read (it
/// may never end), and standard input is read up to `maxBytes` only (the
/// tools' limits are in tfm/Support/Limits.h). The
/// error is a message without the path, e.g. "not a regular file".
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readInputFile(llvm::StringRef path,
                                                                  uint64_t maxBytes);

} // namespace mlir::tfm

#endif // TFM_SUPPORT_INPUTFILE_H
