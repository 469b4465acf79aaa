//===- Limits.h - the largest inputs tfm accepts ----------------*- C++ -*-===//
//
// Every size limit the tools and libtfmrt enforce on what users give them, in
// one place. docs/user-guide.md ("Limits") lists them for users, and each has
// a test at the limit and one past it. Header-only and free of LLVM, so that
// libtfmrt includes it too. Thread counts are limited at run time by
// tfm_max_threads() (tfm.h), since the limit depends on the machine, and a
// model tensor's rank by TFM_MAX_RANK (ModelAbi.h), since the model ABI
// stores shapes in arrays of that size.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_SUPPORT_LIMITS_H
#define TFM_SUPPORT_LIMITS_H

#include <cstddef>
#include <cstdint>

namespace tfm::limits {

//===----------------------------------------------------------------------===//
// tfm-import: config.json
//===----------------------------------------------------------------------===//

/// Real configs are a few KB.
inline constexpr uint64_t kMaxConfigFileBytes = uint64_t(16) << 20;
/// llvm::json's parser recurses once per level: deeper nesting could
/// overflow the stack, so it is refused before parsing.
inline constexpr int kMaxConfigJsonDepth = 512;
/// Every size in a config (hidden size, vocabulary, heads, positions, image
/// and patch sizes, ...). No real model comes close, and the bound keeps the
/// importer's shape arithmetic (4 * n_embd, the number of patches) from
/// overflowing.
inline constexpr int64_t kMaxConfigSize = (int64_t(1) << 31) - 1;
/// Eight times the deepest real models (about 128 layers). Compiling takes
/// time and memory that grow faster than the layer count (tfm-compile needs
/// 30 s and 2 GB for 1024 tiny layers, and more than 24 GB for 4096), so a
/// deeper config, such as a typo of 1200000, is refused here rather than
/// left to exhaust the compiler's memory.
inline constexpr int64_t kMaxLayers = 1024;

//===----------------------------------------------------------------------===//
// tfm-compile: model IR
//===----------------------------------------------------------------------===//

/// The importer writes a 1024-layer model in about 4 MB; weights are never
/// in the IR.
inline constexpr uint64_t kMaxModelFileBytes = uint64_t(256) << 20;

//===----------------------------------------------------------------------===//
// libtfmrt: model.safetensors
//===----------------------------------------------------------------------===//

/// The header (JSON) length; the same limit as the format's reference
/// implementation.
inline constexpr uint64_t kMaxSafeTensorsHeaderBytes = 100'000'000;
/// Only unknown fields can nest; real headers are 3 levels deep.
inline constexpr int kMaxSafeTensorsJsonDepth = 64;
/// Real models use rank <= 5; the limit bounds memory on hostile headers.
inline constexpr size_t kMaxSafeTensorsRank = 64;
/// Tensors in one file. The largest checkpoints hold about 10^5 tensors,
/// spread over several files.
inline constexpr size_t kMaxSafeTensorsTensors = size_t(1) << 18;

//===----------------------------------------------------------------------===//
// libtfmrt: a run's inputs
//===----------------------------------------------------------------------===//

/// An input's size in bytes, in the caller's dtype and in the model's:
/// compiled code computes byte offsets in signed 64-bit integers.
inline constexpr uint64_t kMaxInputBytes = uint64_t(INT64_MAX);

//===----------------------------------------------------------------------===//
// Model executables: .npy inputs
//===----------------------------------------------------------------------===//

/// numpy itself refuses headers over 10000 bytes by default; allow more, but
/// bound what a corrupt length field can make the reader allocate.
inline constexpr uint64_t kMaxNpyHeaderBytes = uint64_t(1) << 20;
/// numpy's own limit is 64 dimensions.
inline constexpr size_t kMaxNpyRank = 64;

//===----------------------------------------------------------------------===//
// TfmImage: images and preprocessor_config.json
//===----------------------------------------------------------------------===//

/// An image file's size. The pixel count is capped separately (decodeFile's
/// maxPixels, PIL's MAX_IMAGE_PIXELS by default); this bounds what is read
/// into memory before the header is even looked at.
inline constexpr uint64_t kMaxImageFileBytes = uint64_t(1) << 30;
/// Real preprocessor configs are under 1 KB.
inline constexpr uint64_t kMaxPreprocessorConfigBytes = uint64_t(1) << 20;
/// Real preprocessor configs are 2 levels deep.
inline constexpr int kMaxPreprocessorJsonDepth = 64;
/// Progressive JPEG scans. Each is a pass over the whole image, so a small
/// file with thousands could keep the decoder busy for minutes; the
/// TurboJPEG API's scan limit is the same.
inline constexpr int kMaxJpegScans = 500;
/// Each side of the resize target (JPEG's own largest side is 65535).
inline constexpr int64_t kMaxPreprocessedSide = 65535;
/// The resize target's pixel count (height * width): PIL's MAX_IMAGE_PIXELS,
/// the default cap on decoded images too.
inline constexpr int64_t kMaxPreprocessedPixels = 89478485;

/// A text file of `tfm run` (--text-file, --perplexity, --mlm-loss).
inline constexpr uint64_t kMaxTextFileBytes = uint64_t(64) << 20;

} // namespace tfm::limits

#endif // TFM_SUPPORT_LIMITS_H
