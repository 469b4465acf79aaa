//===- X86Features.h - the CPU features a compiled model may need -*- C++ -*-===//
//
// The x86 instruction-set extensions that tfm-compile records in a model's
// description (tfm_model.cpu_features) and that libtfmrt checks against the
// running CPU before any of the model's code runs, so that a model compiled
// for a newer CPU ends in a message naming what is missing, not in SIGILL.
//
// One table serves both sides: tfm-compile records the entries its target
// CPU has (by LLVM's feature name), the runtime detects each entry with
// cpuid and, for vector registers, the OS's XCR0 state.
//
// Listed are the extensions LLVM's code generator may select for ordinary IR
// (vector and scalar arithmetic, conversions, shuffles, bit manipulation).
// Left out: the x86-64 baseline (SSE2 and older, always present), and
// extensions used only through intrinsics, which generated code never calls
// (AMX, AES, SHA, VP2INTERSECT, and system instructions such as XSAVE).
//
// Header-only and free of LLVM, so that libtfmrt can use it.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUNTIME_X86FEATURES_H
#define TFM_RUNTIME_X86FEATURES_H

#include <cstdint>

namespace tfm::x86 {

enum class CpuidRegister : uint8_t { Eax, Ebx, Ecx, Edx };

/// The register state the OS must save for a feature's instructions to be
/// usable (XCR0, read with xgetbv).
enum class OsState : uint8_t {
  None,   ///< general-purpose or SSE registers only
  Avx,    ///< YMM (XCR0 bits 1-2)
  Avx512, ///< YMM, opmask and ZMM (XCR0 bits 1-2 and 5-7)
};

struct Feature {
  /// LLVM's name (`llc -mattr`), as recorded in the model description.
  const char *name;
  /// Where cpuid reports it: leaf, subleaf, register, bit.
  uint32_t leaf;
  uint32_t subleaf;
  CpuidRegister reg;
  uint8_t bit;
  OsState state;
  /// The x86-64 micro-architecture level (2, 3 or 4) that includes it, as
  /// LLVM defines x86-64-v2/v3/v4; 0 if no level does.
  uint8_t level;
};

using R = CpuidRegister;
using S = OsState;

/// In the order messages list them: by level, then by age.
inline constexpr Feature kFeatures[] = {
    // x86-64-v2
    {"sse3", 1, 0, R::Ecx, 0, S::None, 2},
    {"ssse3", 1, 0, R::Ecx, 9, S::None, 2},
    {"sse4.1", 1, 0, R::Ecx, 19, S::None, 2},
    {"sse4.2", 1, 0, R::Ecx, 20, S::None, 2},
    {"popcnt", 1, 0, R::Ecx, 23, S::None, 2},
    {"cx16", 1, 0, R::Ecx, 13, S::None, 2},
    {"sahf", 0x80000001, 0, R::Ecx, 0, S::None, 2},
    // x86-64-v3
    {"avx", 1, 0, R::Ecx, 28, S::Avx, 3},
    {"avx2", 7, 0, R::Ebx, 5, S::Avx, 3},
    {"fma", 1, 0, R::Ecx, 12, S::Avx, 3},
    {"f16c", 1, 0, R::Ecx, 29, S::Avx, 3},
    {"bmi", 7, 0, R::Ebx, 3, S::None, 3},
    {"bmi2", 7, 0, R::Ebx, 8, S::None, 3},
    {"lzcnt", 0x80000001, 0, R::Ecx, 5, S::None, 3},
    {"movbe", 1, 0, R::Ecx, 22, S::None, 3},
    // x86-64-v4
    {"avx512f", 7, 0, R::Ebx, 16, S::Avx512, 4},
    {"avx512cd", 7, 0, R::Ebx, 28, S::Avx512, 4},
    {"avx512bw", 7, 0, R::Ebx, 30, S::Avx512, 4},
    {"avx512dq", 7, 0, R::Ebx, 17, S::Avx512, 4},
    {"avx512vl", 7, 0, R::Ebx, 31, S::Avx512, 4},
    // Beyond the levels: AVX-512 extensions (Ice Lake, Zen 4 and later).
    {"avx512ifma", 7, 0, R::Ebx, 21, S::Avx512, 0},
    {"avx512vbmi", 7, 0, R::Ecx, 1, S::Avx512, 0},
    {"avx512vbmi2", 7, 0, R::Ecx, 6, S::Avx512, 0},
    {"avx512vnni", 7, 0, R::Ecx, 11, S::Avx512, 0},
    {"avx512bitalg", 7, 0, R::Ecx, 12, S::Avx512, 0},
    {"avx512vpopcntdq", 7, 0, R::Ecx, 14, S::Avx512, 0},
    {"avx512bf16", 7, 1, R::Eax, 5, S::Avx512, 0},
    {"avx512fp16", 7, 0, R::Edx, 23, S::Avx512, 0},
    // VEX-encoded dot products and conversions (Alder Lake, Sierra Forest).
    {"avxvnni", 7, 1, R::Eax, 4, S::Avx, 0},
    {"avxifma", 7, 1, R::Eax, 23, S::Avx, 0},
    {"avxvnniint8", 7, 1, R::Edx, 4, S::Avx, 0},
    {"avxneconvert", 7, 1, R::Edx, 5, S::Avx, 0},
    {"avxvnniint16", 7, 1, R::Edx, 10, S::Avx, 0},
    {"gfni", 7, 0, R::Ecx, 8, S::None, 0},
    // AMD-only extensions of older cores.
    {"sse4a", 0x80000001, 0, R::Ecx, 6, S::None, 0},
    {"fma4", 0x80000001, 0, R::Ecx, 16, S::Avx, 0},
    {"xop", 0x80000001, 0, R::Ecx, 11, S::Avx, 0},
    {"tbm", 0x80000001, 0, R::Ecx, 21, S::None, 0},
};

/// The entry named `name` (LLVM's spelling), or null.
inline const Feature *findFeature(const char *name) {
  for (const Feature &feature : kFeatures) {
    const char *a = feature.name, *b = name;
    while (*a && *a == *b)
      ++a, ++b;
    if (*a == *b)
      return &feature;
  }
  return nullptr;
}

} // namespace tfm::x86

#endif // TFM_RUNTIME_X86FEATURES_H
