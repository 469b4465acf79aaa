//===- Target.cpp - the CPU tfm-compile generates code for ----------------===//

#include "tfm/Pipelines/Target.h"

#include "tfm/Runtime/X86Features.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;

namespace {

const llvm::Target *nativeTarget(std::string &triple, std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  triple = llvm::sys::getProcessTriple();
  return llvm::TargetRegistry::lookupTarget(triple, error);
}

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

} // namespace

std::vector<std::string> mlir::tfm::knownTargetCpus() {
  std::string triple, error;
  const llvm::Target *target = nativeTarget(triple, error);
  if (!target)
    return {};
  std::unique_ptr<llvm::MCSubtargetInfo> info(target->createMCSubtargetInfo(triple, "", ""));
  std::vector<std::string> names;
  for (const llvm::SubtargetSubTypeKV &cpu : info->getAllProcessorDescriptions())
    names.push_back(cpu.Key);
  return names;
}

llvm::Expected<mlir::tfm::TargetCpu> mlir::tfm::createTargetCpu(llvm::StringRef cpu) {
  std::string triple, error;
  const llvm::Target *target = nativeTarget(triple, error);
  if (!target)
    return makeError("no LLVM target for this host (" + triple + "): " + error);

  TargetCpu result;
  std::string features;
  if (cpu == "native") {
    result.cpuName = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures hostFeatures;
    for (auto &feature : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(feature.first(), feature.second);
    features = hostFeatures.getString();
  } else {
    // LLVM warns about an unknown CPU and carries on with a generic one;
    // check the name first.
    std::unique_ptr<llvm::MCSubtargetInfo> generic(
        target->createMCSubtargetInfo(triple, "", ""));
    if (cpu.empty() || !generic->isCPUStringValid(cpu))
      return makeError("unknown target CPU '" + cpu +
                       "'; use native, x86-64-v2, x86-64-v3, x86-64-v4 or an LLVM CPU "
                       "name (tfm-compile --target-cpu=help lists them)");
    result.cpuName = cpu.str();
  }

  llvm::TargetOptions options;
  result.machine.reset(target->createTargetMachine(triple, result.cpuName, features, options,
                                                   llvm::Reloc::PIC_, std::nullopt,
                                                   llvm::CodeGenOptLevel::Aggressive));
  if (!result.machine)
    return makeError("LLVM cannot generate code for CPU '" + result.cpuName + "' on " + triple);

  // The features as the code generator sees them: the CPU's, plus the
  // explicit ones, plus everything those imply (AVX-512 implies AVX2, ...).
  const llvm::MCSubtargetInfo &info = *result.machine->getMCSubtargetInfo();
  llvm::StringSet<> known, enabled;
  for (const llvm::SubtargetFeatureKV &feature : info.getAllProcessorFeatures()) {
    known.insert(feature.Key);
    if (info.getFeatureBits().test(feature.Value))
      enabled.insert(feature.Key);
  }
  if (result.machine->getTargetTriple().isX86()) {
    for (const ::tfm::x86::Feature &feature : ::tfm::x86::kFeatures) {
      // Keeps the runtime's table in LLVM's spelling.
      if (!known.contains(feature.name))
        return makeError(llvm::Twine("internal error: X86Features.h lists '") + feature.name +
                         "', which is not an LLVM feature name");
      if (enabled.contains(feature.name))
        result.recordedFeatures.push_back(feature.name);
    }
  }
  result.vectorBits = enabled.contains("avx512f") ? 512 : 256;
  return result;
}
