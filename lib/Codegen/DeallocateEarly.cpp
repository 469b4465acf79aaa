//===- DeallocateEarly.cpp - free buffers after their last use ------------===//

#include "tfm/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMDEALLOCATEEARLY
#include "tfm/Codegen/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

/// The last operation of `dealloc`'s block that uses the freed buffer or an
/// alias of it, or null if an alias is used outside that block (then the
/// dealloc stays where it is).
Operation *lastUseInBlock(memref::DeallocOp dealloc, const BufferViewFlowAnalysis &aliases) {
  Block *block = dealloc->getBlock();
  Operation *last = nullptr;
  for (Value alias : aliases.resolve(dealloc.getMemref())) {
    if (Operation *definition = alias.getDefiningOp()) {
      Operation *inBlock = block->findAncestorOpInBlock(*definition);
      if (!inBlock)
        return nullptr;
      if (!last || last->isBeforeInBlock(inBlock))
        last = inBlock;
    }
    for (Operation *user : alias.getUsers()) {
      if (user == dealloc)
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (!inBlock || dealloc->isBeforeInBlock(inBlock))
        return nullptr;
      if (!last || last->isBeforeInBlock(inBlock))
        last = inBlock;
    }
  }
  return last;
}

struct TfmDeallocateEarlyPass : tfm::impl::TfmDeallocateEarlyBase<TfmDeallocateEarlyPass> {
  void runOnOperation() override {
    BufferViewFlowAnalysis aliases(getOperation());
    SmallVector<memref::DeallocOp> deallocs;
    getOperation().walk([&](memref::DeallocOp dealloc) { deallocs.push_back(dealloc); });
    for (memref::DeallocOp dealloc : deallocs)
      if (!dealloc.getMemref().getDefiningOp<memref::AllocOp>())
        continue; // only buffers this function allocated
      else if (Operation *last = lastUseInBlock(dealloc, aliases))
        if (last->getNextNode() != dealloc.getOperation())
          dealloc->moveAfter(last);
  }
};

} // namespace
