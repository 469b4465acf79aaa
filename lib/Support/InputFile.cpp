//===- InputFile.cpp - read a tool's input file, bounded ------------------===//

#include "tfm/Support/InputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"

using namespace llvm;

namespace {

Error errorOf(const Twine &message) {
  return createStringError(std::make_error_code(std::errc::invalid_argument), message);
}

Error tooLarge(uint64_t size, uint64_t maxBytes) {
  std::string limit = "more than the limit of " + std::to_string(maxBytes) + " bytes (" +
                      std::to_string(maxBytes >> 20) + " MiB)";
  return errorOf(size > maxBytes ? std::to_string(size) + " bytes, " + limit : limit);
}

/// Devices, FIFOs and sockets; a directory is the usual "Is a directory".
Error checkRegular(const sys::fs::file_status &status) {
  if (status.type() == sys::fs::file_type::directory_file)
    return errorCodeToError(std::make_error_code(std::errc::is_a_directory));
  if (status.type() != sys::fs::file_type::regular_file)
    return errorOf("not a regular file");
  return Error::success();
}

/// A regular file's contents; checks the type and size on the open file, so
/// that the file checked is the file read.
Expected<std::unique_ptr<MemoryBuffer>> readRegular(sys::fs::file_t file, StringRef path,
                                                    uint64_t maxBytes) {
  sys::fs::file_status status;
  if (std::error_code error = sys::fs::status(file, status))
    return errorCodeToError(error);
  if (Error notRegular = checkRegular(status))
    return std::move(notRegular);
  if (status.getSize() > maxBytes)
    return tooLarge(status.getSize(), maxBytes);
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getOpenFile(file, path, status.getSize());
  if (!buffer)
    return errorCodeToError(buffer.getError());
  return std::move(*buffer);
}

/// Standard input, a pipe or a terminal as often as a file: read in chunks
/// until its end or past `maxBytes`.
Expected<std::unique_ptr<MemoryBuffer>> readStandardInput(uint64_t maxBytes) {
  sys::fs::file_t input = sys::fs::getStdinHandle();
  sys::fs::file_status status;
  if (!sys::fs::status(input, status) &&
      status.type() == sys::fs::file_type::regular_file)
    return readRegular(input, "<stdin>", maxBytes);
  SmallString<0> text;
  constexpr size_t kChunk = size_t(1) << 16;
  while (true) {
    size_t used = text.size();
    text.resize_for_overwrite(used + kChunk);
    Expected<size_t> read =
        sys::fs::readNativeFile(input, MutableArrayRef(text.data() + used, kChunk));
    if (!read)
      return read.takeError();
    text.truncate(used + *read);
    if (*read == 0)
      break;
    if (text.size() > maxBytes)
      return tooLarge(0, maxBytes);
  }
  return MemoryBuffer::getMemBufferCopy(text, "<stdin>");
}

} // namespace

Expected<std::unique_ptr<MemoryBuffer>> mlir::tfm::readInputFile(StringRef path,
                                                                 uint64_t maxBytes) {
  if (path == "-")
    return readStandardInput(maxBytes);
  // Checked before opening too: opening a FIFO waits for a writer.
  sys::fs::file_status status;
  if (std::error_code error = sys::fs::status(path, status))
    return errorCodeToError(error);
  if (Error notRegular = checkRegular(status))
    return std::move(notRegular);
  Expected<sys::fs::file_t> file = sys::fs::openNativeFileForRead(path);
  if (!file)
    return file.takeError();
  Expected<std::unique_ptr<MemoryBuffer>> buffer = readRegular(*file, path, maxBytes);
  sys::fs::closeFile(*file);
  return buffer;
}
