//===- EqualInputDims.cpp - the input dimensions a model requires equal ---===//
//
// Generated code reads one size for dimensions its ops require equal (the
// last dimension of a layer_norm's input and its gamma's length, a matmul's
// two K): an input whose dynamic size disagrees would be read out of
// bounds. Classes of equal dimensions (union-find over (value, dimension)
// pairs) carry them to @forward's inputs, which libtfmrt checks before
// every run.
//
//===----------------------------------------------------------------------===//

#include "tfm/Conversion/ModelToLLVM/ModelInterface.h"

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::tfm;

namespace {

constexpr llvm::StringLiteral kNameAttr = TfmDialect::NameAttrHelper::getNameStr(),
                              kParamAttr = TfmDialect::ParamAttrHelper::getNameStr();

/// Classes of dimensions known equal, each with the static size one of them
/// has, if any, and which one.
class DimClasses {
public:
  struct Size {
    int64_t size;
    TensorDim origin;
  };

  /// The class of `dim`, a new one the first time.
  unsigned classOf(TensorDim dim) {
    auto [it, inserted] = ids.try_emplace({dim.value, dim.dim}, parents.size());
    if (inserted) {
      parents.push_back(it->second);
      int64_t size = cast<RankedTensorType>(dim.value.getType()).getDimSize(dim.dim);
      sizes.push_back(ShapedType::isDynamic(size) ? std::nullopt
                                                  : std::optional<Size>(Size{size, dim}));
    }
    return find(it->second);
  }

  const std::optional<Size> &sizeOf(unsigned root) const { return sizes[root]; }

  /// Merges the classes of `equality`; on two different static sizes, leaves
  /// them apart and returns those sizes.
  std::optional<std::pair<Size, Size>> merge(const DimEquality &equality) {
    unsigned lhs = classOf(equality.lhs), rhs = classOf(equality.rhs);
    if (lhs == rhs)
      return std::nullopt;
    if (sizes[lhs] && sizes[rhs] && sizes[lhs]->size != sizes[rhs]->size)
      return std::pair{*sizes[lhs], *sizes[rhs]};
    parents[rhs] = lhs;
    if (!sizes[lhs])
      sizes[lhs] = sizes[rhs];
    return std::nullopt;
  }

private:
  unsigned find(unsigned id) {
    while (parents[id] != id)
      id = parents[id] = parents[parents[id]];
    return id;
  }

  llvm::DenseMap<std::pair<Value, int64_t>, unsigned> ids;
  SmallVector<unsigned> parents;
  SmallVector<std::optional<Size>> sizes;
};

/// What the op requires equal: its interface's rules, or every dimension of
/// its tensors for ops whose operands and results have one shape, or that
/// only assert it (tensor.cast, whose code reads the static size).
void getEqualDims(Operation *op, SmallVectorImpl<DimEquality> &equalities) {
  if (auto equalDims = dyn_cast<EqualDimsOpInterface>(op))
    return equalDims.getEqualDims(equalities);
  if (auto cast = dyn_cast<tensor::CastOp>(op)) {
    if (isa<RankedTensorType>(cast.getSource().getType()) &&
        isa<RankedTensorType>(cast.getType()))
      equateShapes(cast.getSource(), cast.getResult(), equalities);
    return;
  }
  if (!op->hasTrait<OpTrait::SameOperandsAndResultShape>() &&
      !op->hasTrait<OpTrait::SameOperandsAndResultType>())
    return;
  SmallVector<Value> tensors;
  llvm::append_range(tensors, op->getOperands());
  llvm::append_range(tensors, op->getResults());
  llvm::erase_if(tensors, [](Value value) { return !isa<RankedTensorType>(value.getType()); });
  for (Value value : llvm::drop_begin(tensors))
    equateShapes(tensors.front(), value, equalities);
}

/// How messages name `value`: an input or weight of @forward by its name,
/// else the op that makes it.
std::string describe(func::FuncOp forward, Value value) {
  auto argument = dyn_cast<BlockArgument>(value);
  if (argument && argument.getOwner() == &forward.front()) {
    unsigned index = argument.getArgNumber();
    if (auto param = forward.getArgAttrOfType<StringAttr>(index, kParamAttr))
      return "weight '" + param.str() + "'";
    if (auto name = forward.getArgAttrOfType<StringAttr>(index, kNameAttr))
      return "input '" + name.str() + "'";
    // The default name readModelInterface gives it.
    unsigned number = tfmrt::getRunContextArgument(forward) ? index - 1 : index;
    return "input 'input" + std::to_string(number) + "'";
  }
  if (Operation *op = value.getDefiningOp())
    return "the result of '" + op->getName().getStringRef().str() + "'";
  return "a block argument";
}

} // namespace

LogicalResult mlir::tfm::readEqualInputDims(func::FuncOp forward, ModelInterface &model) {
  DimClasses classes;
  SmallVector<DimEquality> equalities;
  WalkResult walk = forward.walk([&](Operation *op) {
    equalities.clear();
    getEqualDims(op, equalities);
    for (const DimEquality &equality : equalities) {
      std::optional<std::pair<DimClasses::Size, DimClasses::Size>> conflict =
          classes.merge(equality);
      if (!conflict)
        continue;
      auto [lhs, rhs] = *conflict;
      InFlightDiagnostic diag =
          op->emitOpError("requires dimension ")
          << equality.lhs.dim << " of " << describe(forward, equality.lhs.value)
          << " to equal dimension " << equality.rhs.dim << " of "
          << describe(forward, equality.rhs.value) << ", but they are "
          << lhs.size << " and " << rhs.size;
      for (const DimClasses::Size &size : {lhs, rhs}) {
        Value origin = size.origin.value;
        diag.attachNote(origin.getLoc()) << "dimension " << size.origin.dim << " of "
                             << describe(forward, origin) << " is " << size.size;
      }
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  // Each class's first dynamic input dimension, which the others must equal.
  llvm::DenseMap<unsigned, std::pair<int64_t, int64_t>> firstOfClass;
  int64_t input = 0;
  BlockArgument runContext = tfmrt::getRunContextArgument(forward);
  for (BlockArgument argument : forward.getArguments()) {
    unsigned index = argument.getArgNumber();
    if (argument == runContext ||
        forward.getArgAttr(index, kParamAttr))
      continue;
    ArrayRef<int64_t> shape = cast<RankedTensorType>(argument.getType()).getShape();
    for (auto [dim, size] : llvm::enumerate(shape)) {
      if (!ShapedType::isDynamic(size))
        continue;
      unsigned root = classes.classOf({argument, static_cast<int64_t>(dim)});
      InputDimEquality equality;
      equality.input = input;
      equality.dim = dim;
      if (const std::optional<DimClasses::Size> &known = classes.sizeOf(root)) {
        equality.size = known->size;
      } else {
        auto [first, inserted] =
            firstOfClass.try_emplace(root, input, static_cast<int64_t>(dim));
        if (inserted)
          continue;
        std::tie(equality.otherInput, equality.otherDim) = first->second;
      }
      model.equalInputDims.push_back(equality);
    }
    ++input;
  }
  assert(input == static_cast<int64_t>(model.inputs.size()) &&
         "the inputs are @forward's arguments that are neither the context nor weights");
  return success();
}
