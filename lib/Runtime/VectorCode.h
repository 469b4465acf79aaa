//===- VectorCode.h - which hand-vectorised loops a kernel runs -*- C++ -*-===//
//
// Internal to libtfmrt (and its unit tests). The kernels tfm writes itself
// (quantization, dequantization, attention) compile their loops for AVX-512,
// for AVX2 and portably, and pick by what the CPU has. Tests ask for each
// one the CPU has, so that one machine checks every path.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_VECTORCODE_H
#define TFM_LIB_RUNTIME_VECTORCODE_H

namespace tfm::rt {

/// The loops a caller asks for: the best the CPU has, or the AVX2 or the
/// portable ones.
enum class VectorCode { Best, Avx2, Portable };

/// The instructions the loops of a VectorCode use on this CPU.
enum class VectorUnit { Avx512, Avx2, None };

/// `code` on this CPU: Best is the widest unit it has (AVX-512 needs
/// AVX512F, AVX2 needs FMA too); Avx2 falls back to portable loops where the
/// CPU has no AVX2.
VectorUnit vectorUnitFor(VectorCode code);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_VECTORCODE_H
