//===- MappedFiles.h - read-only file mappings whose pages can be dropped -===//
//
// Weights are used in place from the mmapped checkpoint. When the runtime
// copies a weight into another layout once (a transposed or blocked copy),
// the original pages are never read again, yet stay resident: dropping them
// keeps peak memory near the checkpoint's size. Only pages of read-only
// private file mappings registered here are dropped (the kernel re-reads them
// from the file if they are ever touched again), never a caller's memory.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_MAPPEDFILES_H
#define TFM_LIB_RUNTIME_MAPPEDFILES_H

#include <cstddef>

namespace tfm::rt {

void registerReadOnlyMapping(const void *start, size_t bytes);
void unregisterReadOnlyMapping(const void *start);

/// Drops the resident pages of [data, data + bytes) if the range lies in a
/// registered mapping; otherwise does nothing.
void releaseMappedPages(const void *data, size_t bytes);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_MAPPEDFILES_H
