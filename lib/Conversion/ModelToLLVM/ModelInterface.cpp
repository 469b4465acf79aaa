//===- ModelInterface.cpp - read @forward's inputs, outputs, weights ------===//

#include "tfm/Conversion/ModelToLLVM/ModelInterface.h"

#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// The attributes the interface is read from.
constexpr llvm::StringLiteral kNameAttr = "tfm.name", kParamAttr = "tfm.param",
                              kDefaultAttr = "tfm.default", kTransposedAttr = "tfm.transposed",
                              kPrepackAttr = "tfm.prepack", kAliasesAttr = "tfm.aliases";

FailureOr<tfm_dtype> dtypeOf(Type element) {
  if (element.isF32())
    return TFM_F32;
  if (element.isInteger(64))
    return TFM_I64;
  if (element.isInteger(32))
    return TFM_I32;
  return failure();
}

/// Smallest row count of the embedding tables `value` indexes (directly or
/// through tfm.position_ids when `throughPositions`), or 0.
int64_t tableRowsIndexedBy(Value value, bool throughPositions) {
  int64_t limit = 0;
  auto note = [&](int64_t rows) { limit = limit == 0 ? rows : std::min(limit, rows); };
  for (Operation *user : value.getUsers()) {
    if (!throughPositions)
      if (auto embedding = dyn_cast<tfm::EmbeddingOp>(user))
        if (embedding.getIds() == value)
          note(embedding.getTable().getType().getDimSize(0));
    if (throughPositions)
      if (auto positions = dyn_cast<tfm::PositionIdsOp>(user))
        if (int64_t rows = tableRowsIndexedBy(positions.getResult(), false))
          note(rows);
  }
  return limit;
}

/// Checks the name of an input or output: the executable looks inputs up by
/// name (`--input NAME=FILE`) and writes each output to `DIR/NAME.npy`, so a
/// name must be unique among its kind and a plain file name.
/// `position` is "argument #i" or "result #i"; `kind` is "input" or "output".
LogicalResult checkInterfaceName(func::FuncOp forward, const Twine &position,
                                 StringRef kind, StringRef name,
                                 llvm::StringMap<std::string> &seen) {
  auto error = [&]() {
    return forward.emitError() << position << " has the " << kind << " name '" << name
                               << "'";
  };
  if (name.empty())
    return forward.emitError() << position << " has an empty " << kind << " name";
  auto isAllowed = [](char c) { return llvm::isAlnum(c) || c == '_' || c == '.' || c == '-'; };
  size_t bad = llvm::find_if_not(name, isAllowed) - name.begin();
  if (bad != name.size())
    return error() << ", which contains '" << name.substr(bad, 1) << "'; " << kind
                   << " names may only contain letters, digits, '_', '.' and '-'";
  if (name == "." || name == "..")
    return error() << ", which is not a file name";
  auto [previous, inserted] = seen.try_emplace(name, position.str());
  if (!inserted)
    return error() << ", as does " << previous->second << "; " << kind
                   << " names must be unique";
  return success();
}

/// Reads argument attributes of `forward`'s argument `index`, with an error
/// naming the argument as `position` when one has the wrong type.
class ArgumentAttrs {
public:
  ArgumentAttrs(func::FuncOp forward, unsigned index, const Twine &position)
      : forward(forward), index(index), position(position.str()) {}

  /// The attribute `name` if it is an `AttrTy`; failure (with an error) if it
  /// is something else; null if it is absent.
  template <typename AttrTy>
  FailureOr<AttrTy> get(StringRef name, StringRef expected) const {
    Attribute attr = forward.getArgAttr(index, name);
    if (!attr)
      return AttrTy();
    if (auto typed = dyn_cast<AttrTy>(attr))
      return typed;
    return forward.emitError() << position << " has " << name << " = " << attr << "; expected "
                               << expected;
  }

  /// Fails (with an error) if the attribute `name`, which only `kind`
  /// arguments may have, is present.
  LogicalResult refuse(StringRef name, StringRef kind) const {
    if (!forward.getArgAttr(index, name))
      return success();
    return forward.emitError() << position << " has " << name << ", which only " << kind
                               << " may have";
  }

  mutable func::FuncOp forward; // Op accessors are not const.
  unsigned index;
  std::string position;
};

/// A weight: its name, layout marks and the other names it may have.
FailureOr<TensorSpec> readParam(const ArgumentAttrs &attrs, StringAttr name) {
  TensorSpec spec;
  spec.name = name.str();
  FailureOr<UnitAttr> transposed = attrs.get<UnitAttr>(kTransposedAttr, "a unit attribute");
  FailureOr<IntegerAttr> prepack = attrs.get<IntegerAttr>(kPrepackAttr, "tfmrt_linear flags");
  FailureOr<ArrayAttr> aliases = attrs.get<ArrayAttr>(kAliasesAttr, "an array of names");
  if (failed(transposed) || failed(prepack) || failed(aliases) ||
      failed(attrs.refuse(kNameAttr, "inputs")) || failed(attrs.refuse(kDefaultAttr, "inputs")))
    return failure();
  spec.transposed = bool(*transposed);
  if (*prepack)
    spec.prepack = TFM_PREPACK_LINEAR | static_cast<int32_t>(prepack->getInt());
  if (*aliases) {
    for (Attribute alias : *aliases) {
      auto text = dyn_cast<StringAttr>(alias);
      if (!text || text.getValue().empty())
        return attrs.forward.emitError()
               << attrs.position << " has " << kAliasesAttr << " = " << *aliases
               << "; expected an array of names";
      spec.aliases.push_back(text.str());
    }
  }
  return spec;
}

/// An input: its name, default fill and, for ids, the limits the embedding
/// tables it indexes set. `number` counts the model's arguments.
FailureOr<TensorSpec> readInput(const ArgumentAttrs &attrs, unsigned number,
                                llvm::StringMap<std::string> &seen) {
  TensorSpec spec;
  FailureOr<StringAttr> name = attrs.get<StringAttr>(kNameAttr, "a name");
  FailureOr<StringAttr> fill = attrs.get<StringAttr>(kDefaultAttr, "\"ones\" or \"zeros\"");
  if (failed(name) || failed(fill) || failed(attrs.refuse(kTransposedAttr, "weights")) ||
      failed(attrs.refuse(kPrepackAttr, "weights")) ||
      failed(attrs.refuse(kAliasesAttr, "weights")))
    return failure();
  spec.name = *name ? name->str() : ("input" + std::to_string(number));
  if (failed(checkInterfaceName(attrs.forward, attrs.position, "input", spec.name, seen)))
    return failure();
  if (*fill) {
    if (fill->getValue() != "ones" && fill->getValue() != "zeros")
      return attrs.forward.emitError() << attrs.position << " has " << kDefaultAttr << " = "
                                       << *fill << "; expected \"ones\" or \"zeros\"";
    spec.defaultFill = fill->str();
  }
  BlockArgument arg = attrs.forward.getArgument(attrs.index);
  if (cast<RankedTensorType>(arg.getType()).getElementType().isIntOrIndex()) {
    spec.idLimit = tableRowsIndexedBy(arg, false);
    spec.maxSequence = tableRowsIndexedBy(arg, true);
  }
  return spec;
}

/// Whether `forward` takes the run context first; fails (with an error) if
/// another argument is marked as the context or the mark is on something
/// other than a pointer.
FailureOr<bool> takesRunContext(func::FuncOp forward) {
  for (unsigned index = 0, e = forward.getNumArguments(); index < e; ++index) {
    if (!forward.getArgAttr(index, kRunContextAttrName))
      continue;
    if (index != 0)
      return forward.emitError("argument #")
             << index << " is marked " << kRunContextAttrName
             << "; only the first argument may be the run context";
    if (!isa<LLVM::LLVMPointerType>(forward.getArgument(0).getType()))
      return forward.emitError("the run context argument has type ")
             << forward.getArgument(0).getType() << "; expected !llvm.ptr";
  }
  return forward.getNumArguments() > 0 && forward.getArgAttr(0, kRunContextAttrName);
}

LogicalResult readArguments(func::FuncOp forward, ModelInterface &model) {
  FailureOr<bool> context = takesRunContext(forward);
  if (failed(context))
    return failure();
  model.takesRunContext = *context;
  unsigned first = *context ? 1 : 0;
  llvm::StringMap<std::string> inputNames;
  for (unsigned index = first, e = forward.getNumArguments(); index < e; ++index) {
    BlockArgument arg = forward.getArgument(index);
    unsigned number = index - first;
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    FailureOr<tfm_dtype> dtype =
        type ? dtypeOf(type.getElementType()) : FailureOr<tfm_dtype>(failure());
    if (failed(dtype))
      return forward.emitError("argument #") << number << " has unsupported type " << arg.getType()
                                             << "; expected a tensor of f32, i64 or i32";
    ArgumentAttrs attrs(forward, index, "argument #" + Twine(number));
    FailureOr<StringAttr> param = attrs.get<StringAttr>(kParamAttr, "a weight name");
    if (failed(param))
      return failure();
    FailureOr<TensorSpec> spec =
        *param ? readParam(attrs, *param) : readInput(attrs, number, inputNames);
    if (failed(spec))
      return failure();
    spec->dtype = *dtype;
    spec->shape.assign(type.getShape().begin(), type.getShape().end());
    (*param ? model.params : model.inputs).push_back(*spec);
  }
  return success();
}

LogicalResult readResults(func::FuncOp forward, ModelInterface &model) {
  llvm::StringMap<std::string> outputNames;
  for (auto [index, type] : llvm::enumerate(forward.getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    FailureOr<tfm_dtype> dtype =
        tensor ? dtypeOf(tensor.getElementType()) : FailureOr<tfm_dtype>(failure());
    if (failed(dtype) || *dtype != TFM_F32)
      return forward.emitError("result #") << index << " has unsupported type " << type
                                           << "; expected a tensor of f32";
    TensorSpec spec;
    Attribute nameAttr = forward.getResultAttr(index, kNameAttr);
    auto name = dyn_cast_or_null<StringAttr>(nameAttr);
    if (nameAttr && !name)
      return forward.emitError("result #")
             << index << " has " << kNameAttr << " = " << nameAttr << "; expected a name";
    spec.name = name ? name.str() : ("output" + std::to_string(index));
    if (failed(checkInterfaceName(forward, "result #" + Twine(index), "output", spec.name,
                                  outputNames)))
      return failure();
    spec.dtype = *dtype;
    spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
    model.outputs.push_back(spec);
  }
  return success();
}

} // namespace

FailureOr<ModelInterface> mlir::tfm::readModelInterface(func::FuncOp forward) {
  ModelInterface model;
  if (failed(readArguments(forward, model)) || failed(readResults(forward, model)))
    return failure();
  return model;
}

void mlir::tfm::prepareForwardForLowering(func::FuncOp forward) {
  for (unsigned i = 0, e = forward.getNumArguments(); i < e; ++i)
    for (StringRef name :
         {kNameAttr, kDefaultAttr, kParamAttr, kTransposedAttr, kPrepackAttr, kAliasesAttr})
      forward.removeArgAttr(i, name);
  MLIRContext *context = forward.getContext();
  for (unsigned i = 0, e = forward.getNumResults(); i < e; ++i)
    forward.removeResultAttr(i, StringAttr::get(context, kNameAttr));
  forward->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
}
