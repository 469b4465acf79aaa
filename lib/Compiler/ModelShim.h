//===- ModelShim.h - the model's description, in C --------------*- C++ -*-===//

#ifndef TFM_LIB_COMPILER_MODELSHIM_H
#define TFM_LIB_COMPILER_MODELSHIM_H

#include "tfm/Compiler/ModelInterface.h"
#include "tfm/Pipelines/Target.h"

#include <string>

namespace mlir::tfm {

/// The C source of the model's description (`tfm_compiled_model()`), its
/// memref adapter and, unless compiled with TFM_NO_MAIN, the executable's
/// main, for the model `modelName` compiled for `target`.
std::string generateModelShim(const ModelInterface &model, StringRef modelName,
                              const TargetCpu &target);

} // namespace mlir::tfm

#endif // TFM_LIB_COMPILER_MODELSHIM_H
