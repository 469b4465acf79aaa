//===- OutlineLayers.cpp - compile identical layers once -------------------===//
//
// A model's layers are the same code on other weights. Inlined into one
// @forward, LLVM (and bufferization) take time quadratic in the layer count;
// one private function per distinct layer body, called once per layer with
// that layer's weights, keeps compile time and code size flat.
//
//===----------------------------------------------------------------------===//

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMOUTLINELAYERS
#include "tfm/Dialect/Tfm/Transforms/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// Whether `value` is defined inside `layer`.
bool isInside(Value value, LayerOp layer) {
  Region *region = value.getParentRegion();
  return region && layer.getBody().isAncestor(region);
}

/// `layer` as a new private function `name` inserted before `caller`: the
/// values its body uses from outside become arguments (in first-use order,
/// after the caller's run context if it has one), constants from outside
/// are cloned in, but a KV cache's layer number, which is what differs
/// between otherwise identical layers. `captured` receives what the call
/// must pass.
func::FuncOp outline(LayerOp layer, func::FuncOp caller, StringRef name,
                     SmallVectorImpl<Value> &captured) {
  OpBuilder builder(caller);
  llvm::SetVector<Value> inputs;
  BlockArgument runContext = tfmrt::getRunContextArgument(caller);
  if (runContext)
    inputs.insert(runContext);
  SmallVector<Operation *> constants;
  llvm::SmallPtrSet<Operation *, 8> seenConstants;
  layer.getBody().walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands()) {
      Value operand = use.get();
      if (isInside(operand, layer))
        continue;
      Operation *definer = operand.getDefiningOp();
      auto append = dyn_cast<KvCacheAppendOp>(op);
      bool layerNumber = append && &use == &append.getLayerMutable();
      if (definer && matchPattern(definer, m_Constant()) && !layerNumber) {
        if (seenConstants.insert(definer).second)
          constants.push_back(definer);
        continue;
      }
      inputs.insert(operand);
    }
  });

  SmallVector<Type> inputTypes;
  for (Value input : inputs)
    inputTypes.push_back(input.getType());
  auto function = builder.create<func::FuncOp>(
      layer.getLoc(), name, builder.getFunctionType(inputTypes, layer.getResultTypes()));
  function.setPrivate();
  // Private in LLVM IR too: two models linked into one program must not
  // clash on their layers' symbols.
  function->setAttr("llvm.linkage",
                    LLVM::LinkageAttr::get(builder.getContext(), LLVM::Linkage::Internal));
  if (runContext)
    function.setArgAttr(0, tfmrt::TfmrtDialect::getRunContextAttrName(),
                        builder.getUnitAttr());
  Block *entry = function.addEntryBlock();
  IRMapping mapping;
  for (auto [input, argument] : llvm::zip(inputs, entry->getArguments()))
    mapping.map(input, argument);
  builder.setInsertionPointToStart(entry);
  for (Operation *constant : constants)
    builder.clone(*constant, mapping);
  for (Operation &op : layer.getBody().front().without_terminator())
    builder.clone(op, mapping);
  // A layer number may be the same constant as other operands (CSE merges
  // them): only its use as the layer number reads the argument.
  layer.getBody().walk([&](KvCacheAppendOp append) {
    if (Value number = append.getLayer(); !isInside(number, layer))
      cast<KvCacheAppendOp>(mapping.lookup(append.getOperation()))
          .getLayerMutable()
          .assign(entry->getArgument(llvm::find(inputs.getArrayRef(), number) -
                                     inputs.getArrayRef().begin()));
  });
  auto yield = cast<YieldOp>(layer.getBody().front().getTerminator());
  SmallVector<Value> results;
  for (Value value : yield.getValues())
    results.push_back(mapping.lookupOrDefault(value));
  builder.create<func::ReturnOp>(yield.getLoc(), results);
  captured.assign(inputs.begin(), inputs.end());
  return function;
}

/// Whether `a` and `b` compute the same thing from their arguments.
bool sameBody(func::FuncOp a, func::FuncOp b) {
  return a.getFunctionType() == b.getFunctionType() &&
         OperationEquivalence::isRegionEquivalentTo(&a.getBody(), &b.getBody(),
                                                    OperationEquivalence::IgnoreLocations);
}

struct TfmOutlineLayersPass : tfm::impl::TfmOutlineLayersBase<TfmOutlineLayersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // The distinct bodies so far; a model has one or two kinds of layer, so
    // comparing with each is cheap.
    SmallVector<func::FuncOp> bodies;
    SmallVector<LayerOp> layers;
    module.walk([&](LayerOp layer) { layers.push_back(layer); });
    for (LayerOp layer : layers) {
      auto caller = layer->getParentOfType<func::FuncOp>();
      if (!caller) {
        layer.emitError("tfm-outline-layers: a tfm.layer must be inside a func.func");
        return signalPassFailure();
      }
      SmallVector<Value> captured;
      func::FuncOp candidate = outline(layer, caller, "layer", captured);
      func::FuncOp callee;
      for (func::FuncOp body : bodies)
        if (sameBody(body, candidate)) {
          callee = body;
          break;
        }
      if (callee) {
        candidate.erase();
      } else {
        // Renamed to a name unused in the module (layer, layer_0, ...).
        symbols.insert(candidate);
        bodies.push_back(candidate);
        callee = candidate;
      }
      OpBuilder builder(layer);
      auto call = builder.create<func::CallOp>(layer.getLoc(), callee, captured);
      layer.replaceAllUsesWith(call.getResults());
      layer.erase();
    }
  }
};

} // namespace
