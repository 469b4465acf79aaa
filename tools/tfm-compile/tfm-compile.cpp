//===- tfm-compile.cpp - model file to object, executable, library --------===//
//
// Runs the tfm-to-llvm pipeline in-process, emits an object for the target
// CPU (--target-cpu, default native) through LLVM's TargetMachine, and links
// it with libtfmrt and a generated C shim (the model's description, see
// tfm/Runtime/ModelAbi.h, including the x86 features the code may use) into
// an executable, a shared library (--emit=shared, for tfm_model_open) or a
// static archive (--emit=static, to link into a program). The shim is
// compiled for baseline x86-64, like libtfmrt, so that the runtime's CPU
// check runs on any CPU before any of the model's code does.
//
//===----------------------------------------------------------------------===//

#include "tfm/Codegen/Passes.h"
#include "tfm/Conversion/Passes.h"
#include "tfm/Dialect/Tfm/IR/TfmOps.h"
#include "tfm/Dialect/Tfm/Transforms/Passes.h"
#include "tfm/Pipelines/Pipelines.h"
#include "tfm/Pipelines/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class EmitKind { Mlir, Llvm, Obj, Exe, Shared, Static };

cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<model.mlir>"), cl::Required);
cl::opt<std::string> outputFilename("o", cl::desc("Output file"), cl::value_desc("file"),
                                    cl::Required);
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::Exe),
    cl::values(clEnumValN(EmitKind::Mlir, "mlir", "the model lowered to the LLVM dialect"),
               clEnumValN(EmitKind::Llvm, "llvm", "LLVM IR"),
               clEnumValN(EmitKind::Obj, "obj", "an object file"),
               clEnumValN(EmitKind::Exe, "exe", "an executable linked with libtfmrt"),
               clEnumValN(EmitKind::Shared, "shared",
                          "a shared library linked with libtfmrt that exports only "
                          "tfm_compiled_model() (for tfm_model_open / dlopen)"),
               clEnumValN(EmitKind::Static, "static",
                          "a static archive of the model and its description "
                          "(tfm_compiled_model(), no main) to link into a program "
                          "with libtfmrt and libomp")));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimisation level (0-3)"), cl::Prefix,
                           cl::init(3));
cl::opt<std::string> backend("backend",
                             cl::desc("Where matrix products, layer norms and softmaxes run: "
                                      "dnnl (oneDNN kernels in libtfmrt, the default) or llvm "
                                      "(generated code)"),
                             cl::init("dnnl"));
/// `--target-cpu=help` lists the names and exits, before the required
/// options are checked (as --help does).
void listTargetCpus(const std::string &value) {
  if (value != "help")
    return;
  llvm::outs() << "CPUs tfm-compile --target-cpu accepts:\n"
               << "  native (the default: this machine's CPU and features)\n"
               << "  x86-64, x86-64-v2, x86-64-v3 (AVX2, FMA), x86-64-v4 (AVX-512): "
                  "portable levels\n"
               << "and LLVM's CPU names:\n";
  for (const std::string &name : tfm::knownTargetCpus())
    llvm::outs() << "  " << name << "\n";
  llvm::outs().flush();
  std::exit(0);
}
cl::opt<std::string> targetCpu(
    "target-cpu",
    cl::desc("The CPU to generate code for: native (this machine, the default), "
             "x86-64-v3, x86-64-v4 or an LLVM CPU name (--target-cpu=help lists them). "
             "The model refuses to run on a CPU without the features it was compiled for"),
    cl::value_desc("cpu"), cl::init("native"),
    cl::callback([](const std::string &value) { listTargetCpus(value); }));

/// Prints `message` as tfm-compile's error and returns the exit code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "tfm-compile: error: " << message << "\n";
  return 1;
}

//===----------------------------------------------------------------------===//
// The model's interface, read from @forward after weights became arguments
//===----------------------------------------------------------------------===//

struct TensorSpec {
  std::string name;
  std::string dtype; // C enumerator: TFM_F32, TFM_I64, ...
  SmallVector<int64_t> shape;
  std::string defaultFill;
  int64_t idLimit = 0;
  int64_t maxSequence = 0;
  bool transposed = false;
  std::string prepack = "0";
};

struct ModelInterface {
  SmallVector<TensorSpec> inputs, outputs, params;
};

FailureOr<std::string> dtypeOf(Type element) {
  if (element.isF32())
    return std::string("TFM_F32");
  if (element.isInteger(64))
    return std::string("TFM_I64");
  if (element.isInteger(32))
    return std::string("TFM_I32");
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

FailureOr<ModelInterface> readInterface(func::FuncOp forward) {
  ModelInterface model;
  llvm::StringMap<std::string> inputNames, outputNames;
  for (auto [index, arg] : llvm::enumerate(forward.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    TensorSpec spec;
    FailureOr<std::string> dtype = type ? dtypeOf(type.getElementType()) : FailureOr<std::string>(failure());
    if (failed(dtype))
      return forward.emitError("argument #") << index << " has unsupported type " << arg.getType()
                                             << "; expected a tensor of f32, i64 or i32";
    spec.dtype = *dtype;
    spec.shape.assign(type.getShape().begin(), type.getShape().end());
    if (auto param = forward.getArgAttrOfType<StringAttr>(index, "tfm.param")) {
      spec.name = param.str();
      spec.transposed = forward.getArgAttr(index, "tfm.transposed") != nullptr;
      if (auto prepack = forward.getArgAttrOfType<IntegerAttr>(index, "tfm.prepack"))
        spec.prepack = "TFM_PREPACK_LINEAR | " + std::to_string(prepack.getInt());
      model.params.push_back(spec);
      continue;
    }
    auto name = forward.getArgAttrOfType<StringAttr>(index, "tfm.name");
    spec.name = name ? name.str() : ("input" + std::to_string(index));
    if (failed(checkInterfaceName(forward, "argument #" + Twine(index), "input", spec.name,
                                  inputNames)))
      return failure();
    if (auto fill = forward.getArgAttrOfType<StringAttr>(index, "tfm.default"))
      spec.defaultFill = fill.str();
    if (type.getElementType().isIntOrIndex()) {
      spec.idLimit = tableRowsIndexedBy(arg, false);
      spec.maxSequence = tableRowsIndexedBy(arg, true);
    }
    model.inputs.push_back(spec);
  }
  for (auto [index, type] : llvm::enumerate(forward.getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    FailureOr<std::string> dtype = tensor ? dtypeOf(tensor.getElementType()) : FailureOr<std::string>(failure());
    if (failed(dtype) || *dtype != "TFM_F32")
      return forward.emitError("result #") << index << " has unsupported type " << type
                                           << "; expected a tensor of f32";
    TensorSpec spec;
    auto name = forward.getResultAttrOfType<StringAttr>(index, "tfm.name");
    spec.name = name ? name.str() : ("output" + std::to_string(index));
    if (failed(checkInterfaceName(forward, "result #" + Twine(index), "output", spec.name,
                                  outputNames)))
      return failure();
    spec.dtype = *dtype;
    spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
    model.outputs.push_back(spec);
  }
  return model;
}

//===----------------------------------------------------------------------===//
// The C shim
//===----------------------------------------------------------------------===//

std::string cString(StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string shapeInitializer(ArrayRef<int64_t> shape) {
  std::string out = "{";
  for (int64_t dim : shape)
    out += std::to_string(ShapedType::isDynamic(dim) ? -1 : dim) + ", ";
  return out + "}";
}

std::string generateShim(const ModelInterface &model, StringRef modelName,
                         const tfm::TargetCpu &target) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* Generated by tfm-compile: the description of " << modelName
     << " and its memref adapter. */\n"
     << "#include \"tfm/Runtime/ModelAbi.h\"\n#include <stdlib.h>\n#include <string.h>\n\n";
  std::set<size_t> ranks;
  for (const auto *group : {&model.inputs, &model.outputs, &model.params})
    for (const TensorSpec &spec : *group)
      ranks.insert(spec.shape.size());
  // The memref descriptor of each rank: {allocated, aligned, offset,
  // sizes[rank], strides[rank]}; rank 0 has no arrays.
  for (size_t rank : ranks) {
    os << "typedef struct { void *allocated, *aligned; int64_t offset";
    if (rank > 0)
      os << ", sizes[" << rank << "], strides[" << rank << "]";
    os << "; } memref_r" << rank << ";\n";
  }
  os << "typedef struct {";
  for (auto [i, out] : llvm::enumerate(model.outputs))
    os << " memref_r" << out.shape.size() << " r" << i << ";";
  os << " } forward_results;\n\n";
  os << "void _mlir_ciface_forward(forward_results *";
  for (const auto *group : {&model.inputs, &model.params})
    for (const TensorSpec &spec : *group)
      os << ", memref_r" << spec.shape.size() << " *";
  os << ");\n\n";

  auto emitInfo = [&](StringRef array, ArrayRef<TensorSpec> specs) {
    os << "static const tfm_io_info " << array << "[] = {\n";
    for (const TensorSpec &spec : specs)
      os << "  {" << cString(spec.name) << ", " << spec.dtype << ", " << spec.shape.size()
         << ", " << shapeInitializer(spec.shape) << ", "
         << (spec.defaultFill.empty() ? "NULL" : cString(spec.defaultFill)) << ", "
         << spec.idLimit << ", " << spec.maxSequence << "},\n";
    os << "};\n";
  };
  emitInfo("inputs", model.inputs);
  emitInfo("outputs", model.outputs);
  os << "static const tfm_param_info params[] = {\n";
  for (const TensorSpec &spec : model.params)
    os << "  {" << cString(spec.name) << ", " << spec.shape.size() << ", "
       << shapeInitializer(spec.shape) << ", " << (spec.transposed ? 1 : 0) << ", "
       << spec.prepack << "},\n";
  os << "  {NULL, 0, {0}, 0, 0},\n};\n\n";

  // Descriptors are filled through their common prefix so one helper serves
  // every rank: {allocated, aligned, offset, sizes[rank], strides[rank]}.
  os << R"C(static void describe(void *descriptor, void *data, int32_t rank, const int64_t *shape) {
  void **pointers = (void **)descriptor;
  int64_t *tail = (int64_t *)(pointers + 2);
  int64_t stride = 1;
  pointers[0] = pointers[1] = data;
  tail[0] = 0;
  for (int32_t i = rank - 1; i >= 0; --i) {
    tail[1 + i] = shape[i];
    tail[1 + rank + i] = stride;
    stride *= shape[i];
  }
}

/* Takes a returned buffer: keeps it when dense, else copies it densely. A
   result that is not the buffer's owner (another result shares it) is always
   copied, and the buffer is left to its owner. */
static int adopt(void *descriptor, int32_t rank, int owner, tfm_tensor *out) {
  void **pointers = (void **)descriptor;
  int64_t *tail = (int64_t *)(pointers + 2);
  int64_t count = 1, expected = 1;
  int dense = tail[0] == 0 && pointers[0] == pointers[1];
  out->dtype = TFM_F32;
  out->rank = rank;
  for (int32_t i = rank - 1; i >= 0; --i) {
    out->shape[i] = tail[1 + i];
    count *= tail[1 + i];
    if (tail[1 + i] != 1 && tail[1 + rank + i] != expected) dense = 0;
    expected *= tail[1 + i];
  }
  if (dense && owner) { out->data = pointers[0]; return 0; }
  float *copy = (float *)_mlir_memref_to_llvm_aligned_alloc(64, (uint64_t)(count > 0 ? count : 1) * sizeof(float));
  if (!copy) return 1;
  const float *source = (const float *)pointers[1] + tail[0];
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t rest = linear, offset = 0;
    for (int32_t i = rank - 1; i >= 0; --i) {
      offset += (rest % tail[1 + i]) * tail[1 + rank + i];
      rest /= tail[1 + i];
    }
    copy[linear] = source[offset];
  }
  if (owner) _mlir_memref_to_llvm_free(pointers[0]);
  out->data = copy;
  return 0;
}

/* Results can share a buffer (a value returned twice): the last of them owns
   it, so that the others copy it before it is taken or freed. */
static int ownsBuffer(void *const *allocated, int32_t index, int32_t count) {
  for (int32_t later = index + 1; later < count; ++later)
    if (allocated[later] == allocated[index]) return 0;
  return 1;
}

)C";
  // The generated loops run in OpenMP parallel regions (LLVM's libomp).
  os << "void omp_set_num_threads(int);\n\n";
  os << "static int run(const tfm_tensor *in, const float *const *weights, tfm_tensor *out) {\n";
  os << "  omp_set_num_threads(tfmrt_num_threads());\n";
  for (auto [i, spec] : llvm::enumerate(model.inputs))
    os << "  memref_r" << spec.shape.size() << " a" << i << ";\n  describe(&a" << i
       << ", in[" << i << "].data, " << spec.shape.size() << ", in[" << i << "].shape);\n";
  for (auto [i, spec] : llvm::enumerate(model.params))
    os << "  memref_r" << spec.shape.size() << " p" << i << ";\n  describe(&p" << i
       << ", (void *)weights[" << i << "], " << spec.shape.size() << ", params[" << i
       << "].shape);\n";
  os << "  forward_results results;\n  _mlir_ciface_forward(&results";
  for (size_t i = 0; i < model.inputs.size(); ++i)
    os << ", &a" << i;
  for (size_t i = 0; i < model.params.size(); ++i)
    os << ", &p" << i;
  os << ");\n";
  if (!model.outputs.empty()) {
    os << "  void *allocated[] = {";
    for (size_t i = 0; i < model.outputs.size(); ++i)
      os << "results.r" << i << ".allocated, ";
    os << "};\n";
  }
  for (auto [i, spec] : llvm::enumerate(model.outputs))
    os << "  if (adopt(&results.r" << i << ", " << spec.shape.size()
       << ", ownsBuffer(allocated, " << i << ", " << model.outputs.size() << "), &out[" << i
       << "])) return 1;\n";
  os << "  return 0;\n}\n\n";
  // What the runtime checks before running any of the model's code.
  os << "static const char *const cpu_features[] = {";
  for (const std::string &feature : target.recordedFeatures)
    os << cString(feature) << ", ";
  os << "NULL};\n\n";
  os << "static const tfm_model model = {TFM_ABI_VERSION, " << cString(modelName) << ", "
     << model.inputs.size() << ", inputs, " << model.outputs.size() << ", outputs, "
     << model.params.size() << ", params, run, " << cString(target.cpuName)
     << ", cpu_features};\n\n"
     << "__attribute__((visibility(\"default\"))) const tfm_model *tfm_compiled_model(void) {\n"
     << "  return &model;\n}\n\n"
     << "#ifndef TFM_NO_MAIN\nint main(int argc, char **argv) { return tfmrt_main(argc, argv, &model); }\n#endif\n";
  return s;
}

//===----------------------------------------------------------------------===//
// Object emission and linking
//===----------------------------------------------------------------------===//

LogicalResult emitObject(llvm::Module &module, llvm::TargetMachine &machine, StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    fail("cannot write '" + path + "': " + ec.message());
    return failure();
  }
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, out.os(), nullptr, llvm::CodeGenFileType::ObjectFile)) {
    fail("the target cannot emit object files");
    return failure();
  }
  pm.run(module);
  out.keep();
  return success();
}

/// The shim holds main() and the model's description, which run before the
/// runtime has checked the CPU: compile it for baseline x86-64 whatever the
/// C compiler's defaults, as libtfmrt is.
#if defined(__x86_64__)
constexpr const char *kShimArch = "-march=x86-64";
#else
constexpr const char *kShimArch = "-O2";
#endif

/// The directory holding libtfmrt and the runtime headers, relative to this
/// executable (build tree or install prefix).
std::string toolDirectory(const char *argv0) {
  std::string self = llvm::sys::fs::getMainExecutable(argv0, (void *)&toolDirectory);
  return llvm::sys::path::parent_path(self).str();
}

/// Links the shim and the model's object into an executable or, when
/// `shared`, into a shared library whose only exported symbol is
/// tfm_compiled_model(): the model's own functions are hidden (see main) and
/// bound locally, so several models can be loaded into one process.
int linkExecutable(StringRef shimSource, StringRef objectPath, StringRef output,
                   StringRef binDir, bool shared) {
  SmallString<128> shimPath;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("tfm-shim", "c", fd, shimPath))
    return fail("cannot create a temporary file for the model shim");
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << shimSource;
  }
  SmallString<128> libDir(binDir);
  llvm::sys::path::append(libDir, "..", "lib");
  SmallString<128> includeDir(binDir);
  llvm::sys::path::append(includeDir, "..", "include");
  std::string compiler = TFM_C_COMPILER;
  if (const char *override = getenv("TFM_CC"))
    compiler = override;
  auto program = llvm::sys::findProgramByName(compiler);
  if (!program)
    return fail("cannot find the C compiler '" + compiler + "' to link with (set TFM_CC)");
  SmallVector<std::string> args = {*program,
                                   "-O2",
                                   kShimArch,
                                   "-I" + includeDir.str().str(),
                                   "-I" TFM_SOURCE_INCLUDE_DIR,
                                   shimPath.str().str(),
                                   objectPath.str(),
                                   "-o",
                                   output.str(),
                                   "-L" + libDir.str().str(),
                                   "-Wl,-rpath," + libDir.str().str(),
                                   "-ltfmrt",
                                   "-fopenmp=libomp",
                                   "-lm"};
  if (shared)
    args.append({"-DTFM_NO_MAIN", "-fPIC", "-shared", "-fvisibility=hidden",
                 "-Wl,-Bsymbolic",
                 "-Wl,-soname," + llvm::sys::path::filename(output).str()});
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(*program, argRefs, std::nullopt, {}, 0, 0, &error);
  llvm::sys::fs::remove(shimPath);
  if (rc != 0)
    return fail("linking '" + output + "' failed (" + compiler + " exited with " +
                std::to_string(rc) + (error.empty() ? "" : ": " + error) + ")");
  return 0;
}

/// Compiles the shim (without main) and archives it with the model's object
/// into `output`, a static library defining tfm_compiled_model().
int archiveStatic(StringRef shimSource, StringRef objectPath, StringRef output,
                  StringRef binDir) {
  SmallString<128> shimPath, shimObject;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("tfm-shim", "c", fd, shimPath) ||
      llvm::sys::fs::createTemporaryFile("tfm-shim", "o", shimObject))
    return fail("cannot create a temporary file for the model shim");
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << shimSource;
  }
  auto cleanup = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(shimPath);
    llvm::sys::fs::remove(shimObject);
  });
  SmallString<128> includeDir(binDir);
  llvm::sys::path::append(includeDir, "..", "include");
  std::string compiler = TFM_C_COMPILER, archiver = TFM_AR;
  if (const char *override = getenv("TFM_CC"))
    compiler = override;
  if (const char *override = getenv("TFM_AR"))
    archiver = override;
  auto cc = llvm::sys::findProgramByName(compiler);
  if (!cc)
    return fail("cannot find the C compiler '" + compiler + "' (set TFM_CC)");
  auto ar = llvm::sys::findProgramByName(archiver);
  if (!ar)
    return fail("cannot find the archiver '" + archiver + "' (set TFM_AR)");
  SmallVector<std::string> compile = {*cc,
                                      "-O2",
                                      kShimArch,
                                      "-fPIC",
                                      "-DTFM_NO_MAIN",
                                      "-I" + includeDir.str().str(),
                                      "-I" TFM_SOURCE_INCLUDE_DIR,
                                      "-c",
                                      shimPath.str().str(),
                                      "-o",
                                      shimObject.str().str()};
  SmallVector<StringRef> compileRefs(compile.begin(), compile.end());
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(*cc, compileRefs, std::nullopt, {}, 0, 0, &error);
  if (rc != 0)
    return fail("compiling the model shim failed (" + compiler + " exited with " +
                std::to_string(rc) + (error.empty() ? "" : ": " + error) + ")");
  // ar adds to an existing archive: start from scratch.
  llvm::sys::fs::remove(output);
  SmallVector<StringRef> archive = {*ar, "rcs", output, objectPath, shimObject};
  rc = llvm::sys::ExecuteAndWait(*ar, archive, std::nullopt, {}, 0, 0, &error);
  if (rc != 0)
    return fail("archiving '" + output + "' failed (" + archiver + " exited with " +
                std::to_string(rc) + (error.empty() ? "" : ": " + error) + ")");
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "tfm model compiler\n");
  if (optLevel > 3)
    return fail("-O" + std::to_string(optLevel) + " is not an optimisation level; use -O0 to -O3");
  std::optional<tfm::Backend> chosenBackend = tfm::parseBackend(backend);
  if (!chosenBackend)
    return fail("unknown backend '" + backend + "'; available: dnnl, llvm");
  // The target decides the register tiles, so it comes before the pipeline.
  llvm::Expected<tfm::TargetCpu> target = tfm::createTargetCpu(targetCpu);
  if (!target)
    return fail(llvm::toString(target.takeError()));

  registerAllPasses();
  tfm::registerTfmPasses();
  tfm::registerTfmConversionPasses();
  tfm::registerTfmCodegenPasses();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  registry.insert<tfm::TfmDialect>();
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  std::string error;
  auto file = openInputFile(inputFilename, &error);
  if (!file)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  auto forward = module->lookupSymbol<func::FuncOp>("forward");
  if (!forward || forward.isExternal())
    return fail("'" + inputFilename + "' has no function @forward to compile");

  // Weights become arguments first, so the interface lists them in the
  // order the compiled function expects them.
  PassManager bind(&context);
  if (failed(parsePassPipeline(tfm::getTfmBindWeightsPipeline(*chosenBackend), bind)))
    return fail("cannot build the weight-binding pipeline");
  if (failed(bind.run(*module)))
    return 1;
  FailureOr<ModelInterface> interface = readInterface(forward);
  if (failed(interface))
    return 1;
  // The interface is recorded in the shim; LLVM has no use for these.
  for (unsigned i = 0, e = forward.getNumArguments(); i < e; ++i)
    for (StringRef name :
         {"tfm.name", "tfm.default", "tfm.param", "tfm.transposed", "tfm.prepack"})
      forward.removeArgAttr(i, name);
  for (unsigned i = 0, e = forward.getNumResults(); i < e; ++i)
    forward.removeResultAttr(i, StringAttr::get(&context, "tfm.name"));
  forward->setAttr("llvm.emit_c_interface", UnitAttr::get(&context));

  tfm::TfmToLlvmOptions codegen;
  codegen.backend = *chosenBackend;
  codegen.vectorBits = target->vectorBits;
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)) ||
      failed(parsePassPipeline(tfm::getTfmLowerToLlvmPipeline(codegen), pm)))
    return fail("cannot build the tfm-to-llvm pipeline");
  if (failed(pm.run(*module)))
    return 1;

  if (emitKind == EmitKind::Mlir) {
    std::error_code ec;
    llvm::ToolOutputFile out(outputFilename, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + outputFilename + "': " + ec.message());
    module->print(out.os());
    out.keep();
    return 0;
  }

  llvm::TargetMachine *machine = target->machine.get();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(*module, llvmContext);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  // LLVM prefers 256-bit vectors on many AVX-512 CPUs by default (to avoid
  // frequency drops on old Intel parts); the register tiles are sized for
  // 512-bit registers, and 32 of them avoid spilling the accumulators.
  // The CPU is also written on each function, so that --emit=llvm output
  // compiled elsewhere (llc, clang) targets the same CPU.
  for (llvm::Function &function : *llvmModule) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", target->cpuName);
    if (!machine->getTargetFeatureString().empty())
      function.addFnAttr("target-features", machine->getTargetFeatureString());
    if (target->vectorBits == 512)
      function.addFnAttr("prefer-vector-width", "512");
  }
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(machine->getTargetTriple().getTriple());
  if (llvm::Error err = makeOptimizingTransformer(optLevel, 0, machine)(llvmModule.get()))
    return fail("LLVM optimisation failed: " + llvm::toString(std::move(err)));

  if (emitKind == EmitKind::Llvm) {
    std::error_code ec;
    llvm::ToolOutputFile out(outputFilename, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + outputFilename + "': " + ec.message());
    llvmModule->print(out.os(), nullptr);
    out.keep();
    return 0;
  }
  if (emitKind == EmitKind::Obj)
    return failed(emitObject(*llvmModule, *machine, outputFilename)) ? 1 : 0;

  bool shared = emitKind == EmitKind::Shared;
  // In a shared library only the shim's tfm_compiled_model() is exported:
  // forward and _mlir_ciface_forward of two loaded models must not clash.
  if (shared)
    for (llvm::GlobalValue &value : llvmModule->global_values())
      if (!value.isDeclaration() && !value.hasLocalLinkage())
        value.setVisibility(llvm::GlobalValue::HiddenVisibility);

  SmallString<128> objectPath;
  if (llvm::sys::fs::createTemporaryFile("tfm-model", "o", objectPath))
    return fail("cannot create a temporary object file");
  if (failed(emitObject(*llvmModule, *machine, objectPath)))
    return 1;
  std::string modelName = llvm::sys::path::stem(inputFilename).str();
  std::string shim = generateShim(*interface, modelName, *target);
  int rc = emitKind == EmitKind::Static
               ? archiveStatic(shim, objectPath, outputFilename, toolDirectory(argv[0]))
               : linkExecutable(shim, objectPath, outputFilename, toolDirectory(argv[0]),
                                shared);
  llvm::sys::fs::remove(objectPath);
  return rc;
}
