//===- LoadWeightsFromTable.cpp - @forward's weights as one table ---------===//
//
// A model has thousands of weights; as memref arguments each becomes its
// descriptor's scalars in @forward's signature and loads in its C interface,
// whose code generation grew faster than the layer count. One pointer to the
// runtime's table of weight descriptors replaces them.
//
//===----------------------------------------------------------------------===//

#include "tfm/Conversion/ModelToLLVM/ModelDescriptor.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Dominance.h"
#include "llvm/ADT/BitVector.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMLOADWEIGHTSFROMTABLE
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

constexpr llvm::StringLiteral kWeightIndexAttr = TfmDialect::WeightIndexAttrHelper::getNameStr();

/// A marked argument: where it is and its position in the table.
struct WeightArgument {
  unsigned argNumber;
  int64_t tableIndex;
  MemRefType type;
};

/// The marked arguments of `function`, if they can be loaded from a table:
/// numbered 0, 1, ... and of static shape and strides.
FailureOr<SmallVector<WeightArgument>> readWeightArguments(func::FuncOp function) {
  SmallVector<WeightArgument> weights;
  for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i) {
    auto index = function.getArgAttrOfType<IntegerAttr>(i, kWeightIndexAttr);
    if (!index)
      continue;
    auto type = dyn_cast<MemRefType>(function.getArgumentTypes()[i]);
    int64_t offset;
    SmallVector<int64_t> strides;
    if (!type || !type.hasStaticShape() || failed(getStridesAndOffset(type, strides, offset)) ||
        ShapedType::isDynamic(offset) || llvm::any_of(strides, ShapedType::isDynamic))
      return function.emitError("argument #")
             << i << " is a weight of type " << function.getArgumentTypes()[i]
             << "; a weight loaded from the table must be a memref of static shape, offset "
                "and strides";
    weights.push_back({i, index.getInt(), type});
  }
  llvm::BitVector seen(weights.size());
  for (const WeightArgument &weight : weights) {
    if (weight.tableIndex >= static_cast<int64_t>(weights.size()) || seen[weight.tableIndex])
      return function.emitError("argument #")
             << weight.argNumber << " has " << kWeightIndexAttr << " = " << weight.tableIndex
             << "; the function's " << weights.size()
             << " weights must be numbered 0 to " << weights.size() - 1 << ", each once";
    seen.set(weight.tableIndex);
  }
  return weights;
}

/// Sets `builder` before the first of `value`'s uses in the block of
/// `body` that dominates them all, or at that block's start.
void setInsertionPointBeforeUses(OpBuilder &builder, DominanceInfo &dominance, Region &body,
                                 Value value) {
  Block *common = nullptr;
  SmallVector<Operation *> users;
  for (Operation *user : value.getUsers()) {
    Operation *top = body.findAncestorOpInRegion(*user);
    users.push_back(top);
    // A use in an unreachable block has no common dominator with the rest:
    // the entry block will do.
    Block *block = top->getBlock();
    if (!dominance.isReachableFromEntry(block))
      block = &body.front();
    common = common ? dominance.findNearestCommonDominator(common, block) : block;
  }
  Operation *first = nullptr;
  for (Operation *user : users)
    if (user->getBlock() == common && (!first || user->isBeforeInBlock(first)))
      first = user;
  if (first)
    builder.setInsertionPoint(first);
  else
    builder.setInsertionPointToStart(common);
}

struct TfmLoadWeightsFromTablePass
    : tfm::impl::TfmLoadWeightsFromTableBase<TfmLoadWeightsFromTablePass> {
  void runOnOperation() override {
    for (auto function : llvm::make_early_inc_range(getOperation().getOps<func::FuncOp>()))
      if (failed(loadWeightsFromTable(function)))
        return signalPassFailure();
  }
};

} // namespace

LogicalResult mlir::tfm::loadWeightsFromTable(func::FuncOp function) {
  FailureOr<SmallVector<WeightArgument>> weights = readWeightArguments(function);
  if (failed(weights))
    return failure();
  if (weights->empty())
    return success();
  if (function.isExternal())
    return function.emitError("@") << function.getSymName()
                                   << " has weights to load from a table but no body";
  // Its callers would still pass the weights one by one.
  Operation *scope = function->getParentOp();
  if (scope) {
    std::optional<SymbolTable::UseRange> uses = function.getSymbolUses(scope);
    if (!uses || !uses->empty())
      return function.emitError("@")
             << function.getSymName()
             << " is referred to in the module; a function whose weights are loaded from a "
                "table may only be called by the model's entry";
  }

  MLIRContext *context = function.getContext();
  LLVMTypeConverter converter(context);
  auto ptr = LLVM::LLVMPointerType::get(context);
  Block &entry = function.front();
  unsigned tableNumber = function.getNumArguments();
  function.insertArgument(tableNumber, ptr, DictionaryAttr::get(context), function.getLoc());
  BlockArgument table = entry.getArgument(tableNumber);
  OpBuilder builder(context);
  Location loc = function.getLoc();
  DominanceInfo dominance(function);
  for (const WeightArgument &weight : *weights) {
    BlockArgument argument = entry.getArgument(weight.argNumber);
    if (argument.use_empty())
      continue;
    // Loaded where first needed: all the loads at the start would be live
    // through the whole function, in one block whose instruction selection
    // grows faster than its size.
    setInsertionPointBeforeUses(builder, dominance, function.getBody(), argument);
    Type descriptorType = converter.convertType(weight.type);
    Value slot = builder.create<LLVM::GEPOp>(
        loc, ptr, ptr, table, ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(weight.tableIndex)},
        /*inbounds=*/true);
    Value descriptor = builder.create<LLVM::LoadOp>(loc, ptr, slot);
    // The allocated pointer is the descriptor's first field.
    Value allocated = builder.create<LLVM::LoadOp>(loc, ptr, descriptor);
    Value alignedField = builder.create<LLVM::GEPOp>(
        loc, ptr, descriptorType, descriptor, ArrayRef<LLVM::GEPArg>{0, 1}, /*inbounds=*/true);
    Value aligned = builder.create<LLVM::LoadOp>(loc, ptr, alignedField);
    Value built = MemRefDescriptor::fromStaticShape(builder, loc, converter, weight.type,
                                                    allocated, aligned);
    // Folded by reconcile-unrealized-casts with the casts back to the
    // descriptor that the lowering left at the argument's uses.
    Value memref =
        builder.create<UnrealizedConversionCastOp>(loc, weight.type, built).getResult(0);
    argument.replaceAllUsesWith(memref);
  }

  llvm::BitVector erased(function.getNumArguments());
  for (const WeightArgument &weight : *weights)
    erased.set(weight.argNumber);
  function.eraseArguments(erased);
  return success();
}
