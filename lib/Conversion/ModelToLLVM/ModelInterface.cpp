//===- ModelInterface.cpp - read @forward's inputs, outputs, weights ------===//

#include "tfm/Conversion/ModelToLLVM/ModelInterface.h"

#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfmrt/IR/TfmrtOps.h"
#include "tfm/Runtime/Kernels.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// The Tfm dialect's attributes the interface is read from.
constexpr llvm::StringLiteral kNameAttr = TfmDialect::NameAttrHelper::getNameStr(),
                              kParamAttr = TfmDialect::ParamAttrHelper::getNameStr(),
                              kDefaultAttr = TfmDialect::DefaultAttrHelper::getNameStr(),
                              kTransposedAttr = TfmDialect::TransposedAttrHelper::getNameStr(),
                              kPrepackAttr = TfmDialect::PrepackAttrHelper::getNameStr(),
                              kAliasesAttr = TfmDialect::AliasesAttrHelper::getNameStr(),
                              kUpdatesAttr = TfmDialect::UpdatesAttrHelper::getNameStr();

FailureOr<tfm_dtype> dtypeOf(Type element) {
  if (element.isF32())
    return TFM_F32;
  if (element.isInteger(64))
    return TFM_I64;
  if (element.isInteger(32))
    return TFM_I32;
  return failure();
}

int64_t tableRowsIndexedBy(Value value, bool throughPositions);

/// The positions `positions` may reach: the smallest of the tables they
/// index and their own `limit` (rotary positions index none), or 0 for no
/// limit.
int64_t positionLimit(tfm::PositionIdsOp positions) {
  int64_t rows = tableRowsIndexedBy(positions.getResult(), false);
  if (std::optional<uint64_t> limit = positions.getLimit())
    rows = rows ? std::min<int64_t>(rows, *limit) : static_cast<int64_t>(*limit);
  return rows;
}

/// Smallest row count of the embedding tables `value` indexes (directly,
/// through tfm.mlm_corrupt, which passes its ids on, or through
/// tfm.position_ids when `throughPositions`, or its `limit`: there, for
/// positions past a padding id P, the longest sequence those rows hold,
/// rows - P - 1), or 0.
int64_t tableRowsIndexedBy(Value value, bool throughPositions) {
  int64_t limit = 0;
  auto note = [&](int64_t rows) {
    if (rows)
      limit = limit == 0 ? rows : std::min(limit, rows);
  };
  for (Operation *user : value.getUsers()) {
    if (!throughPositions) {
      if (auto embedding = dyn_cast<tfm::EmbeddingOp>(user))
        if (embedding.getIds() == value)
          note(embedding.getTable().getType().getDimSize(0));
      if (auto corrupt = dyn_cast<tfm::MlmCorruptOp>(user))
        if (corrupt.getIds() == value)
          note(tableRowsIndexedBy(corrupt.getResult(), false));
    }
    if (throughPositions)
      if (auto positions = dyn_cast<tfm::PositionIdsOp>(user))
        if (positions.getLike() == value) {
          int64_t rows = positionLimit(positions);
          // Positions past padding P reach P + T: T <= rows - P - 1. A
          // table too small for even one token still allows one (0 would
          // mean no limit); the id check then refuses the run.
          if (std::optional<int64_t> padding = positions.getPadding(); padding && rows)
            rows = std::max<int64_t>(rows - *padding - 1, 1);
          note(rows);
        }
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

/// The description records at most TFM_MAX_RANK dimensions of each tensor
/// (ModelAbi.h), and the runtime accepts no more.
LogicalResult checkRank(func::FuncOp forward, const Twine &position, RankedTensorType type) {
  if (type.getRank() <= TFM_MAX_RANK)
    return success();
  return forward.emitError() << position << " has type " << type << " of rank "
                             << type.getRank() << "; a model's tensors may have at most "
                             << TFM_MAX_RANK << " dimensions";
}

/// The runtime checks ids before the run where it can: a model input
/// against the rows of the tables it indexes (id_limit), tfm.position_ids
/// through the sequence length (max_sequence). tfm.mlm_corrupt keeps its
/// input's ids or replaces them by ids below its vocab, so it is followed to
/// its input once its vocab is checked against the table. Other ids the
/// model computes (e.g. arith on an input) could index past the table: they
/// are refused.
LogicalResult checkEmbeddingIds(func::FuncOp forward) {
  Operation *scope = forward->getParentOp() ? forward->getParentOp() : forward.getOperation();
  WalkResult walk = scope->walk([&](tfm::EmbeddingOp embedding) {
    int64_t rows = embedding.getTable().getType().getDimSize(0);
    Value ids = embedding.getIds();
    while (auto corrupt = ids.getDefiningOp<tfm::MlmCorruptOp>()) {
      const int64_t vocab = corrupt.getVocabAttr().getInt();
      if (!ShapedType::isDynamic(rows) && vocab > rows) {
        embedding.emitOpError("indexes a table of ")
            << rows << " rows with ids from tfm.mlm_corrupt, whose random ids go up to vocab "
            << vocab << " - 1";
        return WalkResult::interrupt();
      }
      ids = corrupt.getIds();
    }
    auto argument = dyn_cast<BlockArgument>(ids);
    bool isInput = argument && argument.getOwner() == &forward.front() &&
                   !forward.getArgAttr(argument.getArgNumber(), kParamAttr);
    if (isInput || ids.getDefiningOp<tfm::PositionIdsOp>())
      return WalkResult::advance();
    embedding.emitOpError("indexes a table of ")
        << rows
        << " rows with ids computed in the model, which cannot be checked against it "
           "before the run; index it with an input of @forward or tfm.position_ids";
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

/// A weight: its name, layout marks and the other names it may have. The
/// Tfm dialect has verified the attributes' types and values.
TensorSpec readParam(func::FuncOp forward, unsigned index, StringAttr name) {
  TensorSpec spec;
  spec.name = name.str();
  spec.transposed = forward.getArgAttr(index, kTransposedAttr) != nullptr;
  if (auto prepack = forward.getArgAttrOfType<IntegerAttr>(index, kPrepackAttr))
    spec.prepack = TFM_PREPACK_LINEAR | static_cast<int32_t>(prepack.getInt());
  if (auto aliases = forward.getArgAttrOfType<ArrayAttr>(index, kAliasesAttr))
    for (StringAttr alias : aliases.getAsRange<StringAttr>())
      spec.aliases.push_back(alias.str());
  return spec;
}

/// The position among the model's inputs of argument `index` of @forward,
/// which is no weight: the weights (tfm.param) and the run context are not
/// inputs, and may come before it.
int32_t inputIndexOf(func::FuncOp forward, unsigned index) {
  int32_t inputs = 0;
  for (unsigned i = tfmrt::getRunContextArgument(forward) ? 1 : 0; i < index; ++i)
    if (!forward.getArgAttr(i, kParamAttr))
      ++inputs;
  return inputs;
}

/// The argument of @forward that is its input number `input`.
unsigned argumentOfInput(func::FuncOp forward, unsigned input) {
  for (unsigned i = tfmrt::getRunContextArgument(forward) ? 1 : 0,
                e = forward.getNumArguments();
       i < e; ++i)
    if (!forward.getArgAttr(i, kParamAttr) && input-- == 0)
      return i;
  llvm_unreachable("no such input");
}

/// An input that offsets tfm.position_ids (a KV cache's position): the
/// runtime checks that it plus the new tokens' count stays within the
/// position tables, so it must offset the positions of an input's ids.
LogicalResult readPositionOffset(func::FuncOp forward, BlockArgument arg, unsigned number,
                                 TensorSpec &spec) {
  for (Operation *user : arg.getUsers()) {
    auto positions = dyn_cast<tfm::PositionIdsOp>(user);
    if (!positions || positions.getOffset() != arg)
      continue;
    auto ids = dyn_cast<BlockArgument>(positions.getLike());
    bool input = ids && ids.getOwner() == &forward.front() &&
                 !forward.getArgAttr(ids.getArgNumber(), kParamAttr);
    // Several tfm.position_ids may offset the same input's ids (the one
    // check covers them all), not two inputs' ids.
    if (!input || (spec.offsetsInput >= 0 &&
                   spec.offsetsInput != inputIndexOf(forward, ids.getArgNumber()))) {
      return positions.emitOpError("is offset by argument #")
             << number
             << ", which must offset the positions of one input's ids, so that the runtime "
                "can check the positions against the tables before the run";
    }
    int64_t rows = positionLimit(positions);
    if (rows == 0)
      continue;
    spec.maxSequence = spec.maxSequence == 0 ? rows : std::min(spec.maxSequence, rows);
    // The index among the inputs, which the runtime reads: weights may come
    // before the ids.
    spec.offsetsInput = inputIndexOf(forward, ids.getArgNumber());
  }
  return success();
}

/// An input: its name, default fill and, for ids, the limits the embedding
/// tables it indexes set. `number` counts the model's arguments.
FailureOr<TensorSpec> readInput(func::FuncOp forward, unsigned index, unsigned number,
                                llvm::StringMap<std::string> &seen) {
  TensorSpec spec;
  auto name = forward.getArgAttrOfType<StringAttr>(index, kNameAttr);
  spec.name = name ? name.str() : ("input" + std::to_string(number));
  if (failed(checkInterfaceName(forward, "argument #" + Twine(number), "input", spec.name, seen)))
    return failure();
  if (auto fill = forward.getArgAttrOfType<StringAttr>(index, kDefaultAttr))
    spec.defaultFill = fill.str();
  BlockArgument arg = forward.getArgument(index);
  if (cast<RankedTensorType>(arg.getType()).getElementType().isIntOrIndex()) {
    spec.idLimit = tableRowsIndexedBy(arg, false);
    spec.maxSequence = tableRowsIndexedBy(arg, true);
  }
  if (failed(readPositionOffset(forward, arg, number, spec)))
    return failure();
  return spec;
}

/// Whether `forward` takes the run context (which the tfmrt dialect has
/// verified) first, where the model's entry passes it; fails (with an error)
/// if another argument is the context.
FailureOr<bool> takesRunContext(func::FuncOp forward) {
  BlockArgument context = tfmrt::getRunContextArgument(forward);
  if (context && context.getArgNumber() != 0)
    return forward.emitError("argument #")
           << context.getArgNumber() << " is marked "
           << tfmrt::TfmrtDialect::getRunContextAttrName()
           << "; only the first argument may be the run context";
  return bool(context);
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
    if (failed(checkRank(forward, "argument #" + Twine(number), type)))
      return failure();
    auto param = forward.getArgAttrOfType<StringAttr>(index, kParamAttr);
    FailureOr<TensorSpec> spec =
        param ? readParam(forward, index, param) : readInput(forward, index, number, inputNames);
    if (failed(spec))
      return failure();
    spec->dtype = *dtype;
    spec->shape.assign(type.getShape().begin(), type.getShape().end());
    (param ? model.params : model.inputs).push_back(*spec);
  }
  return success();
}

/// A result that is an input updated in place (`tfm.updates`): it is not
/// an output, and the input becomes the model's to write.
LogicalResult readUpdatedInput(func::FuncOp forward, unsigned index, StringAttr input,
                               ModelInterface &model) {
  auto fail = [&]() {
    return forward.emitError("result #") << index << " updates input '" << input.getValue()
                                         << "' in place, ";
  };
  auto found = llvm::find_if(model.inputs, [&](const TensorSpec &spec) {
    return spec.name == input.getValue();
  });
  if (found == model.inputs.end())
    return fail() << "but no input has that name";
  if (found->updatedInPlace)
    return fail() << "as does another result; an input is updated by one result";
  // Weights may come before the input.
  unsigned argument = argumentOfInput(forward, found - model.inputs.begin());
  Type inputType = forward.getArgumentTypes()[argument];
  Type resultType = forward.getResultTypes()[index];
  if (inputType != resultType)
    return fail() << "but the input has type " << inputType << " and the result " << resultType;
  if (found->dtype != TFM_F32 || !found->defaultFill.empty())
    return fail() << "but only a required f32 input can be updated in place";
  found->updatedInPlace = true;
  return success();
}

LogicalResult readResults(func::FuncOp forward, ModelInterface &model) {
  llvm::StringMap<std::string> outputNames;
  for (auto [index, type] : llvm::enumerate(forward.getResultTypes())) {
    if (auto input = forward.getResultAttrOfType<StringAttr>(index, kUpdatesAttr)) {
      if (failed(readUpdatedInput(forward, index, input, model)))
        return failure();
      continue;
    }
    auto tensor = dyn_cast<RankedTensorType>(type);
    FailureOr<tfm_dtype> dtype =
        tensor ? dtypeOf(tensor.getElementType()) : FailureOr<tfm_dtype>(failure());
    if (failed(dtype) || *dtype != TFM_F32)
      return forward.emitError("result #") << index << " has unsupported type " << type
                                           << "; expected a tensor of f32";
    if (failed(checkRank(forward, "result #" + Twine(index), tensor)))
      return failure();
    TensorSpec spec;
    auto name = forward.getResultAttrOfType<StringAttr>(index, kNameAttr);
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

/// TFM_PRECISION_* of a tfm precision.
int32_t abiPrecision(Precision precision) {
  switch (precision) {
  case Precision::f32:
    return TFM_PRECISION_F32;
  case Precision::bf16:
    return TFM_PRECISION_BF16;
  case Precision::int8:
    return TFM_PRECISION_INT8;
  }
  llvm_unreachable("unknown precision");
}

/// The lowest precision of the products in `forward` and the functions it
/// calls (the outlined layers), as tfm ops or, lowered, as kernel flags.
int32_t readPrecision(func::FuncOp forward) {
  int32_t lowest = TFM_PRECISION_F32;
  auto module = forward->getParentOfType<ModuleOp>();
  (module ? module.getOperation() : forward.getOperation())->walk([&](Operation *op) {
    int32_t precision = TFM_PRECISION_F32;
    if (auto linear = dyn_cast<LinearOp>(op))
      precision = abiPrecision(linear.getPrecision());
    else if (auto attention = dyn_cast<AttentionOp>(op))
      precision = abiPrecision(attention.getPrecision());
    else if (auto kernel = dyn_cast<tfmrt::LinearOp>(op))
      precision = (kernel.getFlags() & TFMRT_LINEAR_INT8)   ? TFM_PRECISION_INT8
                  : (kernel.getFlags() & TFMRT_LINEAR_BF16) ? TFM_PRECISION_BF16
                                                            : TFM_PRECISION_F32;
    lowest = std::max(lowest, precision);
  });
  return lowest;
}

} // namespace

FailureOr<ModelInterface> mlir::tfm::readModelInterface(func::FuncOp forward) {
  ModelInterface model;
  if (failed(readArguments(forward, model)) || failed(readResults(forward, model)) ||
      failed(checkEmbeddingIds(forward)) || failed(readEqualInputDims(forward, model)))
    return failure();
  model.precision = readPrecision(forward);
  return model;
}

void mlir::tfm::prepareForwardForLowering(func::FuncOp forward) {
  MLIRContext *context = forward.getContext();
  Builder builder(context);
  // Every argument's attributes rebuilt, then set at once: one update at a
  // time rebuilds all of them, quadratic in the thousands of weights.
  // tfm-drop-in-place-results reads the results' tfm.updates and the names
  // of the inputs they update, after bufferization.
  llvm::StringSet<> updated;
  for (unsigned i = 0, e = forward.getNumResults(); i < e; ++i)
    if (auto input = forward.getResultAttrOfType<StringAttr>(i, kUpdatesAttr))
      updated.insert(input.getValue());
  SmallVector<DictionaryAttr> argAttrs;
  forward.getAllArgAttrs(argAttrs);
  int64_t weights = 0;
  for (DictionaryAttr &attrs : argAttrs) {
    NamedAttrList list(attrs);
    auto name = dyn_cast_or_null<StringAttr>(list.get(kNameAttr));
    bool keepName = name && updated.contains(name.getValue());
    // In the order of the description's weights, which the runtime's
    // descriptors follow.
    if (list.get(kParamAttr))
      list.set(TfmDialect::WeightIndexAttrHelper::getNameStr(),
               builder.getI64IntegerAttr(weights++));
    for (StringRef attr :
         {kNameAttr, kDefaultAttr, kParamAttr, kTransposedAttr, kPrepackAttr, kAliasesAttr})
      if (!keepName || attr != kNameAttr)
        list.erase(attr);
    attrs = list.getDictionary(context);
  }
  forward.setAllArgAttrs(argAttrs);
  for (unsigned i = 0, e = forward.getNumResults(); i < e; ++i)
    forward.removeResultAttr(i, StringAttr::get(context, kNameAttr));
  forward->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
}
