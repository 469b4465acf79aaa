//===- Amx.h - what tfm's AMX kernels share -------------------*- C++ -*-===//
//
// Internal to libtfmrt. The bf16 attention (FlashAttention.cpp) and the bf16
// linear (AmxLinear.cpp) run their products on AMX tiles: functions that
// use tiles are compiled for AMX with TFM_AMX_TARGET and called only where
// amxBf16Runs() (KernelSupport.h) says the process may.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_AMX_H
#define TFM_LIB_RUNTIME_AMX_H

#include <immintrin.h>

#include <cstdint>

#define TFM_AMX_TARGET                                                                             \
  __attribute__((target(                                                                           \
      "amx-tile,amx-bf16,amx-int8,avx512bf16,avx512f,avx512bw,avx512vl,avx512dq,avx2,fma")))

namespace tfm::rt {

/// The tile configuration every AMX product here runs with: all eight tiles
/// 16 rows of 64 bytes (16 f32, or 32 bf16, or 16 bf16 pairs).
struct alignas(64) TileConfig {
  uint8_t palette = 1;
  uint8_t startRow = 0;
  uint8_t reserved[14] = {};
  uint16_t bytesPerRow[16] = {64, 64, 64, 64, 64, 64, 64, 64};
  uint8_t rows[16] = {16, 16, 16, 16, 16, 16, 16, 16};
};
static_assert(sizeof(TileConfig) == 64, "ldtilecfg reads 64 bytes");

/// A mask of the first `count` of 16 lanes (none if count <= 0).
inline __mmask16 leadingLanes(int64_t count) {
  return count >= 16 ? 0xffff : count > 0 ? static_cast<__mmask16>((1u << count) - 1) : 0;
}

/// `count` floats from `source` as bf16 (rounded to nearest even) into
/// `target`, then zeros up to `paddedCount`, a multiple of 32.
TFM_AMX_TARGET inline void convertToBf16(const float *source, int64_t count, uint16_t *target,
                                         int64_t paddedCount) {
  for (int64_t c = 0; c < paddedCount; c += 32) {
    __m512 lowValues = _mm512_maskz_loadu_ps(leadingLanes(count - c), source + c);
    __m512 highValues = _mm512_maskz_loadu_ps(leadingLanes(count - c - 16), source + c + 16);
    _mm512_storeu_si512(target + c, (__m512i)_mm512_cvtne2ps_pbh(highValues, lowValues));
  }
}

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_AMX_H
