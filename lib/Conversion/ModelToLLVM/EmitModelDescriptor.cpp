//===- EmitModelDescriptor.cpp - the model's description as LLVM globals --===//
//
// The description libtfmrt reads (tfm/Runtime/ModelAbi.h) as private
// constant globals: one string per name, the io and param info tables, the
// CPU features and the tfm_model struct, returned by tfm_compiled_model().
//
//===----------------------------------------------------------------------===//

#include "tfm/Conversion/ModelToLLVM/ModelDescriptor.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmDialect.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMEMITMODELDESCRIPTOR
#include "tfm/Conversion/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;
using namespace mlir::tfm;

namespace {

/// The identified struct `name` with `fields` (set on first use).
LLVM::LLVMStructType identifiedStruct(MLIRContext *context, StringRef name,
                                      ArrayRef<Type> fields) {
  auto type = LLVM::LLVMStructType::getIdentified(context, name);
  if (!type.isInitialized()) {
    LogicalResult set = type.setBody(fields, /*isPacked=*/false);
    assert(succeeded(set) && "tfm's descriptor struct names are its own");
    (void)set;
  }
  return type;
}

Type shapeType(MLIRContext *context) {
  return LLVM::LLVMArrayType::get(IntegerType::get(context, 64), TFM_MAX_RANK);
}

/// main() and tfm_compiled_model() run before libtfmrt has checked that the
/// CPU has the model's features: they are compiled for baseline x86-64.
void compileForBaseline(LLVM::LLVMFuncOp function) {
  MLIRContext *context = function.getContext();
  function.setTargetCpuAttr(StringAttr::get(context, "x86-64"));
  function.setTargetFeaturesAttr(LLVM::TargetFeaturesAttr::get(context, ArrayRef<StringAttr>{}));
}

/// Builds the globals of one description at the end of a module.
class DescriptorBuilder {
public:
  explicit DescriptorBuilder(ModuleOp module)
      : module(module), symbols(module), builder(module.getBodyRegion()),
        loc(module.getLoc()), context(module.getContext()) {
    builder.setInsertionPointToEnd(module.getBody());
  }

  LogicalResult emit(const ModelInterface &model, const ModelDescriptorOptions &options);

private:
  Type ptrType() { return LLVM::LLVMPointerType::get(context); }

  /// A private constant global of `type` whose value `build` returns; its
  /// name is `name`, made unique.
  FlatSymbolRefAttr addGlobal(StringRef name, Type type,
                              function_ref<Value(OpBuilder &)> build) {
    OpBuilder::InsertionGuard guard(builder);
    auto global = builder.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                                 LLVM::Linkage::Private, name, Attribute());
    symbols.insert(global);
    Block *block = builder.createBlock(&global.getInitializerRegion());
    builder.setInsertionPointToStart(block);
    builder.create<LLVM::ReturnOp>(loc, build(builder));
    return FlatSymbolRefAttr::get(global.getSymNameAttr());
  }

  /// A NUL-terminated string.
  FlatSymbolRefAttr addString(StringRef name, StringRef text) {
    OpBuilder::InsertionGuard guard(builder);
    std::string value = text.str();
    value.push_back('\0');
    auto type = LLVM::LLVMArrayType::get(builder.getI8Type(), value.size());
    auto global = builder.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                                 LLVM::Linkage::Private, name,
                                                 builder.getStringAttr(value));
    symbols.insert(global);
    return FlatSymbolRefAttr::get(global.getSymNameAttr());
  }

  /// A NULL-terminated array of new strings holding `items`.
  FlatSymbolRefAttr addStringArray(StringRef name, ArrayRef<std::string> items) {
    SmallVector<FlatSymbolRefAttr> strings;
    for (auto [i, item] : llvm::enumerate(items))
      strings.push_back(addString((name + "_" + Twine(i)).str(), item));
    auto type = LLVM::LLVMArrayType::get(ptrType(), items.size() + 1);
    return addGlobal(name, type, [&](OpBuilder &b) {
      Value array = b.create<LLVM::UndefOp>(loc, type);
      for (auto [i, string] : llvm::enumerate(strings))
        array = b.create<LLVM::InsertValueOp>(loc, array, addressOf(b, string), i);
      return b.create<LLVM::InsertValueOp>(loc, array, null(b), strings.size());
    });
  }

  Value addressOf(OpBuilder &b, FlatSymbolRefAttr symbol) {
    return b.create<LLVM::AddressOfOp>(loc, ptrType(), symbol);
  }
  Value null(OpBuilder &b) { return b.create<LLVM::ZeroOp>(loc, ptrType()); }
  Value addressOrNull(OpBuilder &b, FlatSymbolRefAttr symbol) {
    return symbol ? addressOf(b, symbol) : null(b);
  }
  Value i32(OpBuilder &b, int64_t value) {
    return b.create<LLVM::ConstantOp>(loc, b.getI32Type(), b.getI32IntegerAttr(value));
  }
  Value i64(OpBuilder &b, int64_t value) {
    return b.create<LLVM::ConstantOp>(loc, b.getI64Type(), b.getI64IntegerAttr(value));
  }
  /// The shape as ModelAbi.h records it: -1 for a dynamic dimension, the
  /// unused entries 0.
  Value shape(OpBuilder &b, ArrayRef<int64_t> dims) {
    SmallVector<int64_t> padded(TFM_MAX_RANK, 0);
    for (auto [i, dim] : llvm::enumerate(dims))
      padded[i] = ShapedType::isDynamic(dim) ? -1 : dim;
    auto tensor = RankedTensorType::get({TFM_MAX_RANK}, b.getI64Type());
    return b.create<LLVM::ConstantOp>(loc, shapeType(context),
                                      DenseElementsAttr::get(tensor, ArrayRef(padded)));
  }

  /// `fields` inserted in order into an undefined value of `type`.
  Value aggregate(OpBuilder &b, Type type, ArrayRef<Value> fields) {
    Value value = b.create<LLVM::UndefOp>(loc, type);
    for (auto [i, field] : llvm::enumerate(fields))
      value = b.create<LLVM::InsertValueOp>(loc, value, field, i);
    return value;
  }

  /// The tfm_io_info table `name` of `specs`; null when there are none.
  FlatSymbolRefAttr addIoTable(StringRef name, ArrayRef<TensorSpec> specs);
  /// The tfm_param_info table of `specs`; null when there are none.
  FlatSymbolRefAttr addParamTable(ArrayRef<TensorSpec> specs);
  /// The tfm_dim_equality table of `equalities`; null when there are none.
  FlatSymbolRefAttr addDimEqualityTable(ArrayRef<InputDimEquality> equalities);

  ModuleOp module;
  SymbolTable symbols;
  OpBuilder builder;
  Location loc;
  MLIRContext *context;
};

FlatSymbolRefAttr DescriptorBuilder::addIoTable(StringRef name, ArrayRef<TensorSpec> specs) {
  if (specs.empty())
    return {};
  SmallVector<FlatSymbolRefAttr> names, fills;
  for (auto [i, spec] : llvm::enumerate(specs)) {
    std::string prefix = (name + "_" + Twine(i)).str();
    names.push_back(addString(prefix + "_name", spec.name));
    fills.push_back(spec.defaultFill.empty() ? FlatSymbolRefAttr()
                                             : addString(prefix + "_default", spec.defaultFill));
  }
  Type infoType = getIoInfoType(context);
  auto type = LLVM::LLVMArrayType::get(infoType, specs.size());
  return addGlobal(name, type, [&](OpBuilder &b) {
    Value table = b.create<LLVM::UndefOp>(loc, type);
    for (auto [i, spec] : llvm::enumerate(specs)) {
      Value info = aggregate(b, infoType,
                             {addressOf(b, names[i]), i32(b, spec.dtype),
                              i32(b, spec.shape.size()), shape(b, spec.shape),
                              addressOrNull(b, fills[i]), i64(b, spec.idLimit),
                              i64(b, spec.maxSequence), i32(b, spec.updatedInPlace),
                              i32(b, spec.offsetsInput)});
      table = b.create<LLVM::InsertValueOp>(loc, table, info, i);
    }
    return table;
  });
}

FlatSymbolRefAttr DescriptorBuilder::addParamTable(ArrayRef<TensorSpec> specs) {
  if (specs.empty())
    return {};
  SmallVector<FlatSymbolRefAttr> names, aliases;
  for (auto [i, spec] : llvm::enumerate(specs)) {
    std::string prefix = ("tfm_param_" + Twine(i)).str();
    names.push_back(addString(prefix + "_name", spec.name));
    aliases.push_back(spec.aliases.empty()
                          ? FlatSymbolRefAttr()
                          : addStringArray(prefix + "_aliases", spec.aliases));
  }
  Type infoType = getParamInfoType(context);
  auto type = LLVM::LLVMArrayType::get(infoType, specs.size());
  return addGlobal("tfm_params", type, [&](OpBuilder &b) {
    Value table = b.create<LLVM::UndefOp>(loc, type);
    for (auto [i, spec] : llvm::enumerate(specs)) {
      Value info = aggregate(b, infoType,
                             {addressOf(b, names[i]), i32(b, spec.shape.size()),
                              shape(b, spec.shape), i32(b, spec.transposed ? 1 : 0),
                              i32(b, spec.prepack), addressOrNull(b, aliases[i])});
      table = b.create<LLVM::InsertValueOp>(loc, table, info, i);
    }
    return table;
  });
}

FlatSymbolRefAttr
DescriptorBuilder::addDimEqualityTable(ArrayRef<InputDimEquality> equalities) {
  if (equalities.empty())
    return {};
  // One row of five int64 per entry, in the fields' order: readable in the
  // IR as one dense constant.
  SmallVector<int64_t> rows;
  for (const InputDimEquality &equality : equalities)
    rows.append({equality.input, equality.dim, equality.otherInput, equality.otherDim,
                 equality.size});
  int64_t count = equalities.size();
  auto type = LLVM::LLVMArrayType::get(getDimEqualityType(context), count);
  auto value = DenseElementsAttr::get(
      RankedTensorType::get({count, kDimEqualityFields}, builder.getI64Type()),
      ArrayRef(rows));
  OpBuilder::InsertionGuard guard(builder);
  auto global = builder.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                               LLVM::Linkage::Private, "tfm_dim_equalities",
                                               value);
  symbols.insert(global);
  return FlatSymbolRefAttr::get(global.getSymNameAttr());
}

LogicalResult DescriptorBuilder::emit(const ModelInterface &model,
                                      const ModelDescriptorOptions &options) {
  // The name is a C string in the description and appears in messages.
  if (options.modelName.empty())
    return module.emitError("the model name is empty");
  if (std::optional<char> bad = findControlCharacter(options.modelName))
    return module.emitError("the model name ")
           << StringAttr::get(context, options.modelName) << " contains the control character "
           << describeControlCharacter(*bad) << "; names may not contain control characters";
  SmallVector<StringRef> publicNames = {kCompiledModelFunctionName, kModelEntryFunctionName};
  if (options.emitMain)
    publicNames.push_back("main");
  for (StringRef name : publicNames)
    if (symbols.lookup(name))
      return module.emitError("the module already has a symbol @")
             << name << ", which the model's description defines";
  auto tfmrtMainType = LLVM::LLVMFunctionType::get(builder.getI32Type(),
                                                    {builder.getI32Type(), ptrType(), ptrType()});
  auto tfmrtMain = symbols.lookup<LLVM::LLVMFuncOp>("tfmrt_main");
  if (options.emitMain && symbols.lookup("tfmrt_main") &&
      (!tfmrtMain || tfmrtMain.getFunctionType() != tfmrtMainType))
    return module.emitError("the module already has a symbol @tfmrt_main, which is not "
                            "libtfmrt's int tfmrt_main(int, char **, const tfm_model *)");

  // The entry point, declared: tfm-define-model-entry gives it its body once
  // @forward's C interface exists.
  Type ptr = ptrType();
  auto entry = builder.create<LLVM::LLVMFuncOp>(
      loc, kModelEntryFunctionName,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr, ptr, ptr}));
  entry->setAttr(kModelEntryAttrName,
                 builder.getDictionaryAttr({
                     builder.getNamedAttr("results", builder.getBoolAttr(!model.outputs.empty())),
                     builder.getNamedAttr("context", builder.getBoolAttr(model.takesRunContext)),
                     builder.getNamedAttr("descriptors",
                                          builder.getI64IntegerAttr(model.inputs.size())),
                     builder.getNamedAttr("weights",
                                          builder.getI64IntegerAttr(model.params.size())),
                 }));

  FlatSymbolRefAttr name = addString("tfm_model_name", options.modelName);
  FlatSymbolRefAttr targetCpu =
      options.targetCpu.empty() ? FlatSymbolRefAttr() : addString("tfm_target_cpu", options.targetCpu);
  FlatSymbolRefAttr cpuFeatures = addStringArray("tfm_cpu_features", options.cpuFeatures);
  FlatSymbolRefAttr inputs = addIoTable("tfm_inputs", model.inputs);
  FlatSymbolRefAttr outputs = addIoTable("tfm_outputs", model.outputs);
  FlatSymbolRefAttr params = addParamTable(model.params);
  FlatSymbolRefAttr dimEqualities = addDimEqualityTable(model.equalInputDims);
  Type modelType = getModelType(context);
  FlatSymbolRefAttr description = addGlobal("tfm_model", modelType, [&](OpBuilder &b) {
    return aggregate(b, modelType,
                     {i32(b, TFM_ABI_VERSION), addressOf(b, name), i32(b, model.inputs.size()),
                      addressOrNull(b, inputs), i32(b, model.outputs.size()),
                      addressOrNull(b, outputs), i32(b, model.params.size()),
                      addressOrNull(b, params),
                      addressOf(b, FlatSymbolRefAttr::get(entry.getSymNameAttr())),
                      addressOrNull(b, targetCpu), addressOf(b, cpuFeatures),
                      i32(b, model.equalInputDims.size()), addressOrNull(b, dimEqualities),
                      i32(b, model.precision)});
  });

  // const tfm_model *tfm_compiled_model(void), the one symbol a model
  // library exports.
  auto compiledModel = builder.create<LLVM::LLVMFuncOp>(
      loc, kCompiledModelFunctionName, LLVM::LLVMFunctionType::get(ptr, {}));
  compileForBaseline(compiledModel);
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(compiledModel.addEntryBlock(builder));
    builder.create<LLVM::ReturnOp>(loc, addressOf(builder, description));
  }
  if (!options.emitMain)
    return success();

  // int main(int argc, char **argv) { return tfmrt_main(argc, argv, tfm_compiled_model()); }
  if (!tfmrtMain)
    tfmrtMain = builder.create<LLVM::LLVMFuncOp>(loc, "tfmrt_main", tfmrtMainType);
  auto main = builder.create<LLVM::LLVMFuncOp>(
      loc, "main", LLVM::LLVMFunctionType::get(builder.getI32Type(), {builder.getI32Type(), ptr}));
  compileForBaseline(main);
  OpBuilder::InsertionGuard guard(builder);
  Block *body = main.addEntryBlock(builder);
  builder.setInsertionPointToStart(body);
  Value compiled = builder.create<LLVM::CallOp>(loc, compiledModel, ValueRange{}).getResult();
  Value code = builder
                   .create<LLVM::CallOp>(loc, tfmrtMain,
                                         ValueRange{body->getArgument(0), body->getArgument(1),
                                                    compiled})
                   .getResult();
  builder.create<LLVM::ReturnOp>(loc, code);
  return success();
}

struct TfmEmitModelDescriptorPass
    : tfm::impl::TfmEmitModelDescriptorBase<TfmEmitModelDescriptorPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto forward = module.lookupSymbol<func::FuncOp>("forward");
    if (!forward || forward.isExternal()) {
      module.emitError("the module has no function @forward to describe");
      return signalPassFailure();
    }
    FailureOr<ModelInterface> model = readModelInterface(forward);
    if (failed(model))
      return signalPassFailure();
    ModelDescriptorOptions options;
    options.modelName = modelName;
    options.targetCpu = targetCpu;
    options.cpuFeatures.assign(cpuFeatures.begin(), cpuFeatures.end());
    options.emitMain = emitMain;
    if (failed(emitModelDescriptor(module, *model, options)))
      return signalPassFailure();
    prepareForwardForLowering(forward);
  }
};

} // namespace

LLVM::LLVMStructType mlir::tfm::getIoInfoType(MLIRContext *context) {
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i32 = IntegerType::get(context, 32), i64 = IntegerType::get(context, 64);
  // name, dtype, rank, shape, default_fill, id_limit, max_sequence,
  // updated_in_place, offsets_input
  return identifiedStruct(context, "tfm_io_info",
                          {ptr, i32, i32, shapeType(context), ptr, i64, i64, i32, i32});
}

LLVM::LLVMStructType mlir::tfm::getParamInfoType(MLIRContext *context) {
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i32 = IntegerType::get(context, 32);
  // name, rank, shape, transposed, prepack, aliases
  return identifiedStruct(context, "tfm_param_info",
                          {ptr, i32, shapeType(context), i32, i32, ptr});
}

LLVM::LLVMStructType mlir::tfm::getModelType(MLIRContext *context) {
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i32 = IntegerType::get(context, 32);
  // abi_version, name, num_inputs, inputs, num_outputs, outputs, num_params,
  // params, entry, target_cpu, cpu_features, num_dim_equalities,
  // dim_equalities, precision
  return identifiedStruct(context, "tfm_model",
                          {i32, ptr, i32, ptr, i32, ptr, i32, ptr, ptr, ptr, ptr, i32, ptr, i32});
}

LLVM::LLVMArrayType mlir::tfm::getDimEqualityType(MLIRContext *context) {
  // input, dim, other_input, other_dim, size
  return LLVM::LLVMArrayType::get(IntegerType::get(context, 64), kDimEqualityFields);
}

LogicalResult mlir::tfm::emitModelDescriptor(ModuleOp module, const ModelInterface &model,
                                             const ModelDescriptorOptions &options) {
  return DescriptorBuilder(module).emit(model, options);
}
