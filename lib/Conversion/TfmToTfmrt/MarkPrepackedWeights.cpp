//===- MarkPrepackedWeights.cpp - linear weights' kernels for the runtime -===//

#include "KernelOps.h"

#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMMARKPREPACKEDWEIGHTS
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

struct TfmMarkPrepackedWeightsPass
    : tfm::impl::TfmMarkPrepackedWeightsBase<TfmMarkPrepackedWeightsPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    Builder builder(&getContext());
    function.walk([&](LinearOp linear) {
      auto argument = dyn_cast<BlockArgument>(linear.getWeight());
      if (!argument || argument.getOwner()->getParentOp() != function || !allF32(linear) ||
          !function.getArgAttr(argument.getArgNumber(), TfmDialect::ParamAttrHelper::getNameStr()))
        return;
      // A weight two linears read keeps its first mark; the kernel makes the
      // other's copy on first use.
      StringRef prepack = TfmDialect::PrepackAttrHelper::getNameStr();
      if (function.getArgAttr(argument.getArgNumber(), prepack))
        return;
      function.setArgAttr(argument.getArgNumber(), prepack,
                          builder.getI64IntegerAttr(linearKernelFlags(linear)));
    });
  }
};

} // namespace
