//===- TfmDialect.cpp - the tfm dialect -----------------------------------===//

#include "tfm/Dialect/Tfm/IR/TfmDialect.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tfm;

#include "tfm/Dialect/Tfm/IR/TfmDialect.cpp.inc"
#include "tfm/Dialect/Tfm/IR/TfmEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tfm/Dialect/Tfm/IR/TfmAttrs.cpp.inc"

void TfmDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tfm/Dialect/Tfm/IR/TfmAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "tfm/Dialect/Tfm/IR/TfmOps.cpp.inc"
      >();
}

std::optional<char> mlir::tfm::findControlCharacter(StringRef name) {
  const char *found = llvm::find_if(name, [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
  if (found == name.end())
    return std::nullopt;
  return *found;
}

std::string mlir::tfm::describeControlCharacter(char c) {
  return llvm::formatv("{0:x2}", static_cast<unsigned>(static_cast<unsigned char>(c))).str();
}

//===----------------------------------------------------------------------===//
// Argument and result attributes
//===----------------------------------------------------------------------===//

namespace {

using NameAttr = TfmDialect::NameAttrHelper;
using DefaultAttr = TfmDialect::DefaultAttrHelper;
using ParamAttr = TfmDialect::ParamAttrHelper;
using AliasesAttr = TfmDialect::AliasesAttrHelper;
using TransposedAttr = TfmDialect::TransposedAttrHelper;
using PrepackAttr = TfmDialect::PrepackAttrHelper;
using WeightIndexAttr = TfmDialect::WeightIndexAttrHelper;
using UpdatesAttr = TfmDialect::UpdatesAttrHelper;

/// `tfm.transposed`, `tfm.prepack` and `tfm.aliases` describe a weight: the
/// argument must be one.
LogicalResult verifyOnParam(FunctionOpInterface function, unsigned index, StringRef name) {
  if (function.getArgAttr(index, ParamAttr::getNameStr()))
    return success();
  return function->emitOpError("argument #")
         << index << " has '" << name << "' but no '" << ParamAttr::getNameStr()
         << "'; only a weight's argument may carry it";
}

/// `tfm.name` and `tfm.default` describe a model input: a weight has neither.
LogicalResult verifyNotOnParam(FunctionOpInterface function, unsigned index, StringRef name) {
  if (!function.getArgAttr(index, ParamAttr::getNameStr()))
    return success();
  return function->emitOpError("argument #")
         << index << " has '" << name << "' and '" << ParamAttr::getNameStr()
         << "'; only an input's argument may carry it";
}

/// A name without control characters (see findControlCharacter); `fail`
/// starts the error.
template <typename Fail>
LogicalResult verifyNameCharacters(StringRef text, Fail fail) {
  if (std::optional<char> bad = findControlCharacter(text))
    return fail() << "which contains the control character " << describeControlCharacter(*bad)
                  << "; names may not contain control characters";
  return success();
}

LogicalResult verifyRank2(FunctionOpInterface function, unsigned index, StringRef name,
                          Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (shaped && shaped.hasRank() && shaped.getRank() == 2)
    return success();
  return function->emitOpError("argument #")
         << index << " has '" << name << "', which requires a matrix, but has type " << type;
}

} // namespace

LogicalResult TfmDialect::verifyRegionArgAttribute(Operation *op, unsigned regionIndex,
                                                   unsigned argIndex,
                                                   NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  // FunctionOpInterface's verifier is the only caller.
  auto function = cast<FunctionOpInterface>(op);
  // Through the interface: an external function's arguments have no block.
  Type type = function.getArgumentTypes()[argIndex];
  auto fail = [&]() {
    return function->emitOpError("argument #") << argIndex << " has '" << name << "' = "
                                               << value << ", ";
  };

  if (name == NameAttr::getNameStr()) {
    auto text = dyn_cast<StringAttr>(value);
    if (!text)
      return fail() << "expected a string";
    if (failed(verifyNameCharacters(text.getValue(), fail)))
      return failure();
    return verifyNotOnParam(function, argIndex, name);
  }
  if (name == DefaultAttr::getNameStr()) {
    auto fill = dyn_cast<StringAttr>(value);
    if (!fill || (fill.getValue() != "ones" && fill.getValue() != "zeros"))
      return fail() << "expected \"ones\" or \"zeros\"";
    return verifyNotOnParam(function, argIndex, name);
  }
  if (name == ParamAttr::getNameStr()) {
    auto weight = dyn_cast<StringAttr>(value);
    if (!weight || weight.getValue().empty())
      return fail() << "expected a non-empty string";
    if (failed(verifyNameCharacters(weight.getValue(), fail)))
      return failure();
    // A memref once bufferized.
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped || !shaped.hasStaticShape())
      return fail() << "but a weight must be a tensor or memref of static shape, not "
                    << type;
    return success();
  }
  if (name == AliasesAttr::getNameStr()) {
    auto aliases = dyn_cast<ArrayAttr>(value);
    if (!aliases || aliases.empty() || !llvm::all_of(aliases, [](Attribute alias) {
          auto text = dyn_cast<StringAttr>(alias);
          return text && !text.getValue().empty();
        }))
      return fail() << "expected a non-empty array of non-empty strings";
    for (StringAttr alias : aliases.getAsRange<StringAttr>())
      if (failed(verifyNameCharacters(alias.getValue(), fail)))
        return failure();
    return verifyOnParam(function, argIndex, name);
  }
  if (name == TransposedAttr::getNameStr()) {
    if (!isa<UnitAttr>(value))
      return fail() << "expected a unit attribute";
    if (failed(verifyOnParam(function, argIndex, name)))
      return failure();
    return verifyRank2(function, argIndex, name, type);
  }
  if (name == PrepackAttr::getNameStr()) {
    auto flags = dyn_cast<IntegerAttr>(value);
    if (!flags || !flags.getType().isInteger(64) || flags.getInt() < 0)
      return fail() << "expected a non-negative i64 (tfmrt_linear flags)";
    if (failed(verifyOnParam(function, argIndex, name)))
      return failure();
    return verifyRank2(function, argIndex, name, type);
  }
  if (name == WeightIndexAttr::getNameStr()) {
    auto index = dyn_cast<IntegerAttr>(value);
    if (!index || !index.getType().isInteger(64) || index.getInt() < 0)
      return fail() << "expected a non-negative i64";
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped || !shaped.hasStaticShape())
      return fail() << "but a weight must be a tensor or memref of static shape, not "
                    << type;
    return success();
  }
  return function->emitOpError("argument #")
         << argIndex << " has unknown attribute '" << name << "'";
}

LogicalResult TfmDialect::verifyRegionResultAttribute(Operation *op, unsigned regionIndex,
                                                      unsigned resultIndex,
                                                      NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  if (name != NameAttr::getNameStr() && name != UpdatesAttr::getNameStr())
    return op->emitOpError("result #")
           << resultIndex << " has '" << name << "'; a result may only carry '"
           << NameAttr::getNameStr() << "' and '" << UpdatesAttr::getNameStr() << "'";
  auto fail = [&]() {
    return op->emitOpError("result #")
           << resultIndex << " has '" << name << "' = " << attribute.getValue() << ", ";
  };
  auto text = dyn_cast<StringAttr>(attribute.getValue());
  if (!text)
    return fail() << "expected a string";
  return verifyNameCharacters(text.getValue(), fail);
}
