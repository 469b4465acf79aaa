//===- CpuCheck.h - Does this CPU run the model's code? ---------*- C++ -*-===//
//
// Internal to libtfmrt. A compiled model records the CPU it was compiled for
// and the x86 features its code may use (tfm_model.target_cpu and
// .cpu_features, names from tfm/Runtime/X86Features.h). Before any of the
// model's code runs, the C API (validateModel, which the executables' driver
// calls through it) compares them with the running CPU, so that a model
// compiled for a newer CPU is refused with a message instead of dying of
// SIGILL.
//
// libtfmrt is compiled for baseline x86-64, so this check itself runs on
// any x86-64 CPU.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_CPUCHECK_H
#define TFM_LIB_RUNTIME_CPUCHECK_H

#include "tfm/Runtime/ModelAbi.h"
#include "tfm/Runtime/Status.h"

#include <string>
#include <vector>

namespace tfm::rt {

/// The features of tfm/Runtime/X86Features.h that the running CPU has and
/// the OS enables (for vector registers, XCR0), in the table's order.
/// Computed once.
const std::vector<std::string> &hostCpuFeatures();

/// The features of `required` that are not in `available`, in `required`'s
/// order, without duplicates.
std::vector<std::string> missingCpuFeatures(const std::vector<std::string> &required,
                                            const std::vector<std::string> &available);

/// The newest x86-64 micro-architecture level all of whose features are in
/// `available`: "x86-64-v4", "x86-64-v3", "x86-64-v2" or "x86-64".
std::string newestX86Level(const std::vector<std::string> &available);

/// The model's cpu_features (empty when it records none).
std::vector<std::string> requiredCpuFeatures(const tfm_model &model);

/// An error naming the features the model needs and `available` lacks, and
/// how to recompile; success when nothing is missing. A feature this
/// libtfmrt does not know counts as missing. Pure: the unit-testable core of
/// checkCpuFeatures(model).
Status checkCpuFeatures(const tfm_model &model,
                        const std::vector<std::string> &available);

/// checkCpuFeatures against this CPU.
Status checkCpuFeatures(const tfm_model &model);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_CPUCHECK_H
