//===- VectorCode.h - which hand-vectorised loops a kernel runs -*- C++ -*-===//
//
// Internal to libtfmrt (and its unit tests). The kernels tfm writes itself
// (quantization, dequantization, attention) compile their loops for AVX-512,
// for AVX2 and portably, and pick by what the CPU has, within the ISA oneDNN
// runs at: a DNNL_MAX_CPU_ISA cap makes the whole runtime compute as the
// smaller CPU would, so that tests under the cap run these loops too. Unit
// tests ask for each one the CPU has, so that one machine checks every path.
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
/// AVX512F, AVX2 needs FMA too) that oneDNN's effective ISA includes; Avx2
/// falls back to portable loops where the CPU has no AVX2.
VectorUnit vectorUnitFor(VectorCode code);

/// "avx512", "avx2" or "portable": how the kernels name `unit` in the
/// kernel families a run reports (tfm_context_kernels).
const char *vectorUnitName(VectorUnit unit);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_VECTORCODE_H
