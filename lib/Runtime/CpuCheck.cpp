//===- CpuCheck.cpp - Does this CPU run the model's code? -----------------===//
//
// See CpuCheck.h. Detection reads cpuid directly rather than through
// __builtin_cpu_supports, whose list of names lags LLVM's (avxifma,
// avxneconvert...), and checks XCR0 as the compilers' own dispatchers do: a
// CPU with AVX-512 under an OS that does not save ZMM registers cannot run
// AVX-512 code.
//
//===----------------------------------------------------------------------===//

#include "CpuCheck.h"

#include "tfm/Runtime/X86Features.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace tfm::rt {
namespace {

/// A model lists a handful of features; far more means a missing NULL.
constexpr int kMaxCpuFeatures = 256;

#if defined(__x86_64__) || defined(__i386__)
std::vector<std::string> detectHostFeatures() {
  std::vector<std::string> found;
  unsigned maxLeaf = __get_cpuid_max(0, nullptr);
  unsigned maxExtendedLeaf = __get_cpuid_max(0x80000000, nullptr);
  unsigned eax, ebx, ecx, edx;
  unsigned maxLeaf7Subleaf = 0;
  if (maxLeaf >= 7 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
    maxLeaf7Subleaf = eax;

  // The register state the OS saves on context switches (XCR0), readable
  // only when the OS enabled XSAVE (CPUID.1:ECX.OSXSAVE[bit 27]).
  uint64_t xcr0 = 0;
  if (maxLeaf >= 1 && __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 27))) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    xcr0 = (static_cast<uint64_t>(high) << 32) | low;
  }
  const bool avxState = (xcr0 & 0x6) == 0x6;          // XMM, YMM
  const bool avx512State = (xcr0 & 0xe6) == 0xe6;     // + opmask, ZMM

  for (const x86::Feature &feature : x86::kFeatures) {
    bool extended = feature.leaf >= 0x80000000;
    if (extended ? feature.leaf > maxExtendedLeaf : feature.leaf > maxLeaf)
      continue;
    if (feature.leaf == 7 && feature.subleaf > maxLeaf7Subleaf)
      continue;
    if (!__get_cpuid_count(feature.leaf, feature.subleaf, &eax, &ebx, &ecx, &edx))
      continue;
    unsigned value = feature.reg == x86::CpuidRegister::Eax   ? eax
                     : feature.reg == x86::CpuidRegister::Ebx ? ebx
                     : feature.reg == x86::CpuidRegister::Ecx ? ecx
                                                              : edx;
    if (!(value & (1u << feature.bit)))
      continue;
    if ((feature.state == x86::OsState::Avx && !avxState) ||
        (feature.state == x86::OsState::Avx512 && !avx512State))
      continue;
    found.push_back(feature.name);
  }
  return found;
}
#else
std::vector<std::string> detectHostFeatures() { return {}; }
#endif

bool contains(const std::vector<std::string> &names, const std::string &name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joinNames(const std::vector<std::string> &names) {
  std::string text;
  for (const std::string &name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

} // namespace

const std::vector<std::string> &hostCpuFeatures() {
  static const std::vector<std::string> features = detectHostFeatures();
  return features;
}

std::vector<std::string> missingCpuFeatures(const std::vector<std::string> &required,
                                            const std::vector<std::string> &available) {
  std::vector<std::string> missing;
  for (const std::string &name : required)
    if (!contains(available, name) && !contains(missing, name))
      missing.push_back(name);
  return missing;
}

std::string newestX86Level(const std::vector<std::string> &available) {
  int newest = 1;
  for (int level = 2; level <= 4; ++level) {
    for (const x86::Feature &feature : x86::kFeatures)
      if (feature.level != 0 && feature.level <= level && !contains(available, feature.name))
        return newest == 1 ? "x86-64" : "x86-64-v" + std::to_string(newest);
    newest = level;
  }
  return "x86-64-v4";
}

std::vector<std::string> requiredCpuFeatures(const tfm_model &model) {
  std::vector<std::string> names;
  if (!model.cpu_features)
    return names;
  for (int i = 0; i < kMaxCpuFeatures && model.cpu_features[i]; ++i)
    names.push_back(model.cpu_features[i]);
  return names;
}

Status checkCpuFeatures(const tfm_model &model, const std::vector<std::string> &available) {
  if (!model.cpu_features)
    return Status::success();
  // The description first: a list the runtime can read.
  for (int i = 0;; ++i) {
    if (i == kMaxCpuFeatures)
      return Status::error("invalid model description: cpu_features has no NULL "
                           "terminator in its first " +
                           std::to_string(kMaxCpuFeatures) + " entries");
    if (!model.cpu_features[i])
      break;
    if (!model.cpu_features[i][0])
      return Status::error("invalid model description: cpu_features has an empty name");
  }
  std::vector<std::string> required = requiredCpuFeatures(model);
  std::vector<std::string> missing = missingCpuFeatures(required, available);
  if (missing.empty())
    return Status::success();

  std::string lacking;
  for (const std::string &name : missing)
    lacking += (lacking.empty() ? "" : ", ") + name +
               (x86::findFeature(name.c_str()) ? "" : " (unknown to this libtfmrt)");
  std::string compiledFor = model.target_cpu && model.target_cpu[0]
                                ? std::string(model.target_cpu) + " (" + joinNames(required) + ")"
                                : "a CPU with " + joinNames(required);
  return Status::error("this model was compiled for " + compiledFor +
                       ", but this CPU lacks " + lacking +
                       "; recompile it with tfm-compile --target-cpu=" +
                       newestX86Level(available) +
                       " (the newest x86-64 level this CPU has) or --target-cpu=native on "
                       "this machine");
}

Status checkCpuFeatures(const tfm_model &model) {
  return checkCpuFeatures(model, hostCpuFeatures());
}

} // namespace tfm::rt
