//===- DnnlKernels.cpp - linear, matmul, layer norm, softmax on oneDNN ----===//
//
// The dnnl backend's kernels (see tfm/Runtime/Kernels.h). oneDNN primitives
// are expensive to create and cheap to run, so the run context's DnnlState
// (RunContext.h), which its binding keeps from run to run, holds the
// primitives the kernels created, keyed by everything that shapes them (dims,
// strides, flags); a call then only points the cached memory objects at this
// call's buffers and executes. A linear runs as a 1x1 convolution whose
// weights oneDNN wants in a blocked layout of its choosing: the run's
// PackedWeights (PackedWeights.h) holds each weight's copy in that layout,
// made when the weight was bound (PackedWeights::prepackLinear, below) or
// else on first use.
//
// A linear may ask for lower precision. bf16 runs as bf16 only on AMX
// (amxBf16Runs; elsewhere oneDNN's bf16 is slower than f32, or missing), on
// tfm's own kernel (AmxLinear.h), its input converted per call and its
// weight at bind; otherwise it runs as the f32 linear. int8 quantizes its
// weight per output channel at bind and its input per row (or tensor) per
// call, and dequantizes in f32: on AMX with tfm's kernel too, elsewhere
// with oneDNN's (runInt8Linear). The state records which kernel each
// precision ran with (DnnlState::kernelsJson).
//
//===----------------------------------------------------------------------===//

#include "AmxLinear.h"
#include "DnnlWeights.h"
#include "KernelSupport.h"
#include "Quantize.h"
#include "RunContext.h"
#include "tfm/Runtime/ModelAbi.h"

#include <dnnl.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

using namespace tfm::rt;

namespace {

/// Everything that shapes a primitive, without heap allocation per lookup.
struct PrimitiveKey {
  std::array<int64_t, 64> values{};
  int count = 0;
  PrimitiveKey &add(int64_t value) {
    values[count++] = value;
    return *this;
  }
  PrimitiveKey &add(const MemRefView &view) {
    add(view.rank);
    for (int i = 0; i < view.rank; ++i)
      add(view.sizes[i]).add(view.strides[i]);
    return *this;
  }
  bool operator==(const PrimitiveKey &other) const {
    return count == other.count &&
           std::memcmp(values.data(), other.values.data(), count * sizeof(int64_t)) == 0;
  }
};

struct PrimitiveKeyHash {
  size_t operator()(const PrimitiveKey &key) const {
    uint64_t hash = 1469598103934665603ull;
    for (int i = 0; i < key.count; ++i)
      hash = (hash ^ static_cast<uint64_t>(key.values[i])) * 1099511628211ull;
    return hash;
  }
};

/// A primitive with one memory object per argument; `execute` points them at
/// a call's buffers. Primitives depend on shapes only, not on which weight
/// they multiply by, so every layer of a model shares them.
struct CachedPrimitive {
  dnnl::primitive primitive;
  std::vector<dnnl::memory> memories;
  std::vector<dnnl_exec_arg_t> arguments;
  /// The weight argument whose bound buffer (laid out as `plainWeights`) is
  /// replaced by its copy in `packedWeights`; `weightOutputDim` is the
  /// weight's output-channel dimension.
  int packedArgument = -1;
  int weightOutputDim = 0;
  dnnl::memory::desc plainWeights, packedWeights;
  /// The scratchpad argument: one buffer of the DnnlState serves every
  /// primitive.
  int scratchpadArgument = -1;
  size_t scratchpadBytes = 0;
  /// A bf16 or int8 linear run by tfm's AMX kernel (runAmxLinearEntry),
  /// not by `primitive`.
  std::optional<AmxType> amx;
  /// An int8 linear (runInt8Linear): its input is quantized per row, or per
  /// tensor, before the s8 product runs; if `dequantizes`, the product's f32
  /// result is then scaled and given its bias and residual by
  /// dequantizeRows (Quantize.h), with `activation`, if any, the eltwise
  /// primitive applied in place before the residual.
  bool int8 = false;
  bool perTensor = false;
  int weightLevels = 127;
  bool unsignedInput = true;
  bool dequantizes = false;
  std::unique_ptr<CachedPrimitive> activation;

  void addArgument(int id, const dnnl::memory &memory) {
    memories.push_back(memory);
    arguments.push_back({id, memories.back().get()});
  }
  /// Adds the scratchpad argument if the primitive `description` needs one.
  void addScratchpad(const dnnl::engine &engine, const dnnl::memory::desc &description) {
    scratchpadBytes = description.get_size();
    if (scratchpadBytes == 0)
      return;
    scratchpadArgument = static_cast<int>(memories.size());
    addArgument(DNNL_ARG_SCRATCHPAD, dnnl::memory(description, engine, DNNL_MEMORY_NONE));
  }
};

/// Attributes asking for a caller-provided scratchpad.
dnnl::primitive_attr userScratchpad(dnnl::primitive_attr attributes = {}) {
  attributes.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attributes;
}

struct AlignedFree {
  void operator()(void *pointer) const { std::free(pointer); }
};

} // namespace

struct tfm::rt::DnnlState::Impl {
  /// Held by a kernel while it uses the state.
  std::mutex mutex;
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::unordered_map<PrimitiveKey, std::unique_ptr<CachedPrimitive>, PrimitiveKeyHash> cache;
  std::unique_ptr<void, AlignedFree> scratchpad;
  size_t scratchpadBytes = 0;
  /// Strided input rows gathered into dense ones (runLinear).
  std::vector<float> gatheredRows;
  /// An int8 linear's input quantized (or, on AMX, a bf16 linear's input
  /// converted: AmxLinear.h), its row (or tensor) scales and, per tensor,
  /// the channel scales times the tensor's.
  std::vector<uint8_t> quantizedRows;
  /// The zero point of quantizedRows, as oneDNN reads it.
  int32_t inputZeroPoint = kInputZeroPoint;
  std::vector<float> rowScales, combinedScales;
  /// Per precision requested of tfmrt_linear ("f32", "bf16", "int8"), the
  /// implementations of the linear primitives created for it, in order; and
  /// the other kernels' entries (DnnlState::recordKernel).
  std::map<std::string, std::vector<std::string>> kernels;

  void recordKernel(const std::string &entry, const std::string &implementation) {
    std::vector<std::string> &seen = kernels[entry];
    if (std::find(seen.begin(), seen.end(), implementation) == seen.end())
      seen.push_back(implementation);
  }

  void *reserveScratchpad(size_t bytes) {
    if (bytes > scratchpadBytes) {
      size_t rounded = (bytes + 4095) & ~size_t(4095);
      scratchpad.reset(std::aligned_alloc(4096, rounded));
      scratchpadBytes = scratchpad ? rounded : 0;
    }
    return scratchpad.get();
  }
};

tfm::rt::DnnlState::DnnlState() : impl_(std::make_unique<Impl>()) {}
tfm::rt::DnnlState::~DnnlState() = default;

void tfm::rt::DnnlState::recordKernel(const std::string &entry,
                                      const std::string &implementation) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->recordKernel(entry, implementation);
}

std::string tfm::rt::DnnlState::kernelsJson() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::string json = "{";
  for (const auto &[entry, implementations] : impl_->kernels) {
    std::string joined;
    for (const std::string &implementation : implementations)
      joined += (joined.empty() ? "" : ", ") + implementation;
    if (json.size() > 1)
      json += ",";
    json += "\"" + entry + "\":\"";
    for (char c : joined) {
      if (c == '"' || c == '\\')
        json += '\\';
      if (static_cast<unsigned char>(c) >= 0x20)
        json += c;
    }
    json += "\"";
  }
  return json + "}";
}

namespace {

/// The state a dnnl kernel works with, locked for the duration of the call.
struct LockedDnnl {
  explicit LockedDnnl(tfmrt_run_context &context)
      : context(context), state(context.dnnl.impl()), lock(state.mutex) {}
  tfmrt_run_context &context;
  DnnlState::Impl &state;
  std::lock_guard<std::mutex> lock;

  void fail(const std::string &message) { context.errors.record(message); }

  /// Finds or creates the primitive for `key`; `create` fills a new entry and
  /// may throw (oneDNN's C++ API reports errors by exception).
  /// The run's thread count is part of the key: oneDNN sizes a primitive's
  /// scratchpad and splits its work for the threads it is created with.
  template <typename Create>
  CachedPrimitive *lookup(PrimitiveKey key, const char *kernel, Create &&create) {
    key.add(context.threads);
    auto found = state.cache.find(key);
    if (found != state.cache.end())
      return found->second.get();
    try {
      auto entry = std::make_unique<CachedPrimitive>();
      create(state.engine, *entry);
      return state.cache.emplace(key, std::move(entry)).first->second.get();
    } catch (const dnnl::error &error) {
      fail(std::string(kernel) + ": oneDNN cannot create the primitive: " +
           (error.status == dnnl_out_of_memory ? "out of memory" : error.what()));
    } catch (const std::bad_alloc &) {
      fail(std::string(kernel) + ": out of memory creating the primitive");
    } catch (const std::exception &error) {
      fail(std::string(kernel) + ": " + error.what());
    }
    return nullptr;
  }
};

/// The copy of the weight at `data` that `cached` runs with: the run's
/// PackedWeights holds it (making it on first use); a kernel called with no
/// packed weights (as in unit tests) reorders into a copy for the call.
/// Null, with an error recorded, if the copy cannot be made.
dnnl::memory packedWeight(LockedDnnl &locked, const CachedPrimitive &cached, void *data,
                          const char *kernel) {
  try {
    if (PackedWeights *weights = locked.context.packedWeights)
      return weights->store().get(data, cached.plainWeights, cached.packedWeights,
                                  cached.weightOutputDim, /*whileRunning=*/true);
    return reorderWeight(locked.state.engine, cached.plainWeights, cached.packedWeights, data,
                         cached.weightOutputDim);
  } catch (const std::bad_alloc &) {
    locked.fail(std::string(kernel) + ": out of memory for the reordered copy of a weight");
  } catch (const std::exception &error) {
    locked.fail(std::string(kernel) + ": cannot reorder a weight: " + error.what());
  }
  return dnnl::memory();
}

/// Executes `cached` with `handles` for its arguments, in order.
template <size_t N>
bool execute(LockedDnnl &locked, CachedPrimitive &cached, const std::array<void *, N> &handles,
             const char *kernel) {
  DnnlState::Impl &state = locked.state;
  // Holds the packed weight for the whole call.
  dnnl::memory packed;
  for (size_t i = 0; i < cached.memories.size() && i < N; ++i) {
    if (static_cast<int>(i) == cached.scratchpadArgument)
      break; // the last argument, bound below
    void *handle = handles[i];
    if (static_cast<int>(i) == cached.packedArgument) {
      packed = packedWeight(locked, cached, handle, kernel);
      if (!packed)
        return false;
      handle = packed.get_data_handle();
    }
    if (dnnl_memory_set_data_handle(cached.memories[i].get(), handle) != dnnl_success) {
      locked.fail(std::string(kernel) + ": cannot bind a buffer");
      return false;
    }
  }
  if (cached.scratchpadArgument >= 0) {
    void *scratchpad = state.reserveScratchpad(cached.scratchpadBytes);
    if (!scratchpad) {
      locked.fail(std::string(kernel) + ": out of memory for the scratchpad");
      return false;
    }
    dnnl_memory_set_data_handle(cached.memories[cached.scratchpadArgument].get(), scratchpad);
  }
  dnnl_status_t status =
      dnnl_primitive_execute(cached.primitive.get(), state.stream.get(),
                             static_cast<int>(cached.arguments.size()), cached.arguments.data());
  if (status == dnnl_success)
    status = dnnl_stream_wait(state.stream.get());
  if (status == dnnl_out_of_memory) {
    locked.fail(std::string(kernel) + ": out of memory in oneDNN");
    return false;
  }
  if (status != dnnl_success) {
    locked.fail(std::string(kernel) + ": oneDNN failed to execute (status " +
                std::to_string(static_cast<int>(status)) + ")");
    return false;
  }
  return true;
}

using dims = dnnl::memory::dims;
using dt = dnnl::memory::data_type;

dnnl::memory::desc describe(const dims &sizes, const dims &strides) {
  return dnnl::memory::desc(sizes, dt::f32, strides);
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Linear and matmul
//===----------------------------------------------------------------------===//

dnnl::algorithm activationAlgorithm(int64_t activation) {
  switch (activation) {
  case TFMRT_ACTIVATION_GELU_TANH:
    return dnnl::algorithm::eltwise_gelu_tanh;
  case TFMRT_ACTIVATION_GELU_ERF:
    return dnnl::algorithm::eltwise_gelu_erf;
  case TFMRT_ACTIVATION_TANH:
    return dnnl::algorithm::eltwise_tanh;
  case TFMRT_ACTIVATION_RELU:
    return dnnl::algorithm::eltwise_relu;
  case TFMRT_ACTIVATION_SILU:
  case TFMRT_ACTIVATION_GELU_SIGMOID:
    return dnnl::algorithm::eltwise_swish;
  default:
    return dnnl::algorithm::undef;
  }
}

/// Appends `activation` (not none) to `postOps`: swish (x * sigmoid(alpha
/// x)) with alpha 1 is SiLU, with 1.702 GELU's sigmoid form; relu's alpha,
/// its negative slope, is 0.
/// The alpha of activationAlgorithm(activation).
float activationAlpha(int64_t activation) {
  return activation == TFMRT_ACTIVATION_SILU           ? 1.0f
         : activation == TFMRT_ACTIVATION_GELU_SIGMOID ? 1.702f
                                                       : 0.0f;
}

void appendActivation(dnnl::post_ops &postOps, int64_t activation) {
  postOps.append_eltwise(1.0f, activationAlgorithm(activation), activationAlpha(activation),
                         0.0f);
}

/// A [rows, columns] matrix over the last dimension of `view`, whose leading
/// dimensions have been checked to collapse.
struct Matrix {
  int64_t rows, columns, rowStride, columnStride;
  char *data;
  bool isDense() const { return columnStride == 1 && (rowStride == columns || rows == 1); }
};

Matrix asMatrix(const MemRefView &view) {
  int64_t rows = 1;
  for (int i = 0; i + 1 < view.rank; ++i)
    rows *= view.sizes[i];
  int64_t rowStride = view.rank >= 2 ? view.stride(-2) : view.size(-1);
  return {rows, view.size(-1), rowStride, view.stride(-1), view.data};
}

/// `matrix` restricted to the rows of leading index `index` of a rank-3 view
/// whose leading dimensions do not collapse.
Matrix slice(const MemRefView &view, int64_t index) {
  return {view.sizes[1], view.sizes[2], view.strides[1], view.strides[2],
          view.data + index * view.strides[0] * 4};
}

/// The bias, activation and residual of a linear as oneDNN attributes; the
/// residual is a binary post-op whose argument follows the eltwise one.
dnnl::primitive_attr epilogue(int64_t activation, const dnnl::memory::desc *residual,
                              int &residualArgument) {
  dnnl::post_ops postOps;
  if (activation != TFMRT_ACTIVATION_NONE)
    appendActivation(postOps, activation);
  if (residual) {
    residualArgument = DNNL_ARG_ATTR_MULTIPLE_POST_OP(postOps.len()) | DNNL_ARG_SRC_1;
    postOps.append_binary(dnnl::algorithm::binary_add, *residual);
  }
  dnnl::primitive_attr attributes;
  attributes.set_post_ops(postOps);
  return attributes;
}

/// The arguments after a linear's input and weight, in the order runLinear
/// passes their buffers: result, then bias and residual when present, then
/// the scratchpad.
void addLinearOutputs(const dnnl::engine &engine, CachedPrimitive &entry,
                      const dnnl::memory::desc &result, const dnnl::memory::desc *bias,
                      const dnnl::memory::desc *residual, int residualArgument,
                      const dnnl::memory::desc &scratchpad) {
  entry.addArgument(DNNL_ARG_DST, dnnl::memory(result, engine, DNNL_MEMORY_NONE));
  if (bias)
    entry.addArgument(DNNL_ARG_BIAS, dnnl::memory(*bias, engine, DNNL_MEMORY_NONE));
  if (residual)
    entry.addArgument(residualArgument, dnnl::memory(*residual, engine, DNNL_MEMORY_NONE));
  entry.addScratchpad(engine, scratchpad);
}

/// A linear over dense rows, result and residual, as its primitives see it.
struct DenseLinear {
  int64_t m, k, n;
  bool outIn;
  int64_t weightRowStride, weightColumnStride; // of the weight as stored
  int64_t biasStride;                          // 0: no bias
  int64_t activation;
  bool residual;
};

/// The primitive a dense linear runs as, with its weight packed: its
/// descriptor, the weight as bound and in the layout the primitive reads.
struct PackedLinearDesc {
  dnnl::primitive_desc primitiveDesc;
  dnnl::memory::desc plainWeights;
  int weightOutputDim = 0;
  int residualArgument = 0;
};

bool implementationHas(const dnnl::primitive_desc &primitiveDesc, const char *part) {
  return std::string(primitiveDesc.impl_info_str()).find(part) != std::string::npos;
}

bool isBrgemm(const dnnl::primitive_desc &primitiveDesc) {
  return implementationHas(primitiveDesc, "brg");
}

bool isReference(const dnnl::primitive_desc &primitiveDesc) {
  return implementationHas(primitiveDesc, "ref");
}

/// The linear as a 1x1 convolution over M "pixels" with K channels, reading
/// activations in place (nwc is row-major [M, K]) and the weight [O = N,
/// I = K, W = 1] in `layout` (null: the layout the kernel prefers). None if
/// oneDNN has no direct (jit or brgemm) kernel for it.
std::optional<PackedLinearDesc> describeConvolution(const dnnl::engine &engine,
                                                    const DenseLinear &linear,
                                                    const dnnl::memory::desc *layout) {
  int64_t m = linear.m, k = linear.k, n = linear.n;
  int64_t outStride = linear.outIn ? linear.weightRowStride : linear.weightColumnStride;
  int64_t inStride = linear.outIn ? linear.weightColumnStride : linear.weightRowStride;
  PackedLinearDesc result;
  result.plainWeights = describe({n, k, 1}, {outStride, inStride, n * k});
  auto xDesc = describe({1, k, m}, {m * k, 1, k});
  auto yDesc = describe({1, n, m}, {m * n, 1, n});
  auto weights = layout ? *layout
                        : dnnl::memory::desc({n, k, 1}, dt::f32,
                                             dnnl::memory::format_tag::any);
  auto attributes = userScratchpad(
      epilogue(linear.activation, linear.residual ? &yDesc : nullptr, result.residualArgument));
  dnnl::memory::dims unit = {1}, zero = {0};
  try {
    result.primitiveDesc = dnnl::convolution_forward::primitive_desc(
        linear.biasStride
            ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference,
                                              dnnl::algorithm::convolution_direct, xDesc, weights,
                                              describe({n}, {linear.biasStride}), yDesc, unit,
                                              zero, zero)
            : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference,
                                              dnnl::algorithm::convolution_direct, xDesc, weights,
                                              yDesc, unit, zero, zero),
        attributes, engine);
  } catch (const dnnl::error &) {
    return std::nullopt;
  }
  if (isReference(result.primitiveDesc) || implementationHas(result.primitiveDesc, "gemm"))
    return std::nullopt;
  return result;
}

/// The weight of `linear` as stored, described as the logical [K, N] matrix.
dnnl::memory::desc logicalWeight(const DenseLinear &linear) {
  return linear.outIn
             ? describe({linear.k, linear.n}, {linear.weightColumnStride, linear.weightRowStride})
             : describe({linear.k, linear.n}, {linear.weightRowStride, linear.weightColumnStride});
}

/// The linear as a matmul over row-major [M, K] rows reading the weight, the
/// logical [K, N] matrix, in `layout` (null: the layout the kernel prefers).
/// None unless oneDNN runs it with a brgemm kernel.
std::optional<PackedLinearDesc> describePackedMatmul(const dnnl::engine &engine,
                                                     const DenseLinear &linear,
                                                     const dnnl::memory::desc *layout) {
  int64_t m = linear.m, k = linear.k, n = linear.n;
  PackedLinearDesc result;
  result.weightOutputDim = 1;
  result.plainWeights = logicalWeight(linear);
  auto xDesc = describe({m, k}, {k, 1});
  auto yDesc = describe({m, n}, {n, 1});
  auto weights = layout ? *layout
                        : dnnl::memory::desc({k, n}, dt::f32,
                                             dnnl::memory::format_tag::any);
  auto attributes = userScratchpad(
      epilogue(linear.activation, linear.residual ? &yDesc : nullptr, result.residualArgument));
  try {
    result.primitiveDesc = dnnl::matmul::primitive_desc(
        linear.biasStride ? dnnl::matmul::desc(xDesc, weights,
                                               describe({1, n}, {n * linear.biasStride,
                                                                 linear.biasStride}),
                                               yDesc)
                          : dnnl::matmul::desc(xDesc, weights, yDesc),
        attributes, engine);
  } catch (const dnnl::error &) {
    return std::nullopt;
  }
  if (!isBrgemm(result.primitiveDesc))
    return std::nullopt;
  return result;
}

/// How a dense linear runs with a packed weight, chosen by what oneDNN
/// reports rather than by the CPU: brgemm kernels (AVX-512 and later) first,
/// the convolution before the matmul; then a direct convolution (jit_1x1,
/// AVX2's fastest). On AVX-512 a convolution with a residual post-op gets
/// jit_1x1, about 30 % slower there than the brgemm matmul. A layout the
/// weight already has in `packed` comes first if a kernel takes it: every
/// weight of a shape was packed alike, so no run needs a second copy. None:
/// no kernel reads a packed weight (the caller's matmul reads it in place),
/// or, for a bf16 linear, no AMX kernel runs it (the caller runs it in f32).
std::optional<PackedLinearDesc> choosePackedLinear(const dnnl::engine &engine,
                                                   const DenseLinear &linear,
                                                   const PackedWeights::Store *packed,
                                                   const void *data) {
  std::optional<PackedLinearDesc> convolution = describeConvolution(engine, linear, nullptr);
  std::optional<PackedLinearDesc> matmul = describePackedMatmul(engine, linear, nullptr);
  if (packed) {
    for (auto [candidate, describeAs] : {std::pair(&convolution, &describeConvolution),
                                         std::pair(&matmul, &describePackedMatmul)}) {
      if (!*candidate)
        continue;
      std::optional<dnnl::memory::desc> layout =
          packed->layoutOf(data, (*candidate)->plainWeights, dt::f32);
      if (!layout)
        continue;
      if ((*candidate)->primitiveDesc.weights_desc() == *layout)
        return *candidate;
      if (std::optional<PackedLinearDesc> withLayout = describeAs(engine, linear, &*layout))
        return withLayout;
    }
  }
  if (convolution && isBrgemm(convolution->primitiveDesc))
    return convolution;
  if (matmul)
    return matmul;
  return convolution;
}

/// Fills `entry` with the primitive `chosen` describes.
void createPackedLinear(dnnl::engine &engine, CachedPrimitive &entry,
                        const PackedLinearDesc &chosen, bool bias, bool residual) {
  const dnnl::primitive_desc &primitiveDesc = chosen.primitiveDesc;
  entry.primitive = dnnl::primitive(primitiveDesc);
  entry.addArgument(DNNL_ARG_SRC, dnnl::memory(primitiveDesc.src_desc(), engine, DNNL_MEMORY_NONE));
  entry.packedArgument = 1;
  entry.weightOutputDim = chosen.weightOutputDim;
  entry.plainWeights = chosen.plainWeights;
  entry.packedWeights = primitiveDesc.weights_desc();
  entry.addArgument(DNNL_ARG_WEIGHTS,
                    dnnl::memory(entry.packedWeights, engine, DNNL_MEMORY_NONE));
  auto yDesc = primitiveDesc.dst_desc();
  auto bDesc = bias ? primitiveDesc.weights_desc(1) : dnnl::memory::desc();
  addLinearOutputs(engine, entry, yDesc, bias ? &bDesc : nullptr, residual ? &yDesc : nullptr,
                   chosen.residualArgument, primitiveDesc.scratchpad_desc());
}

/// The linear as a matmul with the weight read in place, in either order:
/// for a strided result or residual, which the convolution cannot take.
/// Returns the implementation oneDNN chose.
std::string createMatmul(dnnl::engine &engine, CachedPrimitive &entry, const Matrix &x,
                  const MemRefView &weight, bool outIn, const MemRefView *bias,
                  const Matrix *residual, const Matrix &y, int64_t activation) {
  int64_t m = x.rows, k = x.columns, n = y.columns;
  auto xDesc = describe({m, k}, {x.rowStride, x.columnStride});
  // The weight as the logical [K, N] matrix.
  auto wDesc = outIn ? describe({k, n}, {weight.strides[1], weight.strides[0]})
                     : describe({k, n}, {weight.strides[0], weight.strides[1]});
  auto bDesc = bias ? describe({1, n}, {n * bias->strides[0], bias->strides[0]})
                    : dnnl::memory::desc();
  auto yDesc = describe({m, n}, {y.rowStride, y.columnStride});
  dnnl::memory::desc rDesc =
      residual ? describe({m, n}, {residual->rowStride, residual->columnStride})
               : dnnl::memory::desc();
  int residualArgument = 0;
  auto attributes =
      userScratchpad(epilogue(activation, residual ? &rDesc : nullptr, residualArgument));
  auto primitiveDesc = dnnl::matmul::primitive_desc(
      bias ? dnnl::matmul::desc(xDesc, wDesc, bDesc, yDesc)
           : dnnl::matmul::desc(xDesc, wDesc, yDesc),
      attributes, engine);
  entry.primitive = dnnl::matmul(primitiveDesc);
  entry.addArgument(DNNL_ARG_SRC, dnnl::memory(xDesc, engine, DNNL_MEMORY_NONE));
  entry.addArgument(DNNL_ARG_WEIGHTS, dnnl::memory(wDesc, engine, DNNL_MEMORY_NONE));
  addLinearOutputs(engine, entry, yDesc, bias ? &bDesc : nullptr,
                   residual ? &rDesc : nullptr, residualArgument,
                   primitiveDesc.scratchpad_desc());
  return primitiveDesc.impl_info_str();
}

/// The eltwise primitive that applies `activation` (not none) in place to
/// a linear's f32 `result`.
dnnl::primitive_desc describeActivation(const dnnl::engine &engine,
                                        const dnnl::memory::desc &result, int64_t activation) {
  return dnnl::eltwise_forward::primitive_desc(
      dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference,
                                  activationAlgorithm(activation), result,
                                  activationAlpha(activation), 0.0f),
      userScratchpad(), engine);
}

/// The entry of the eltwise primitive `eltwise`: its source and result.
std::unique_ptr<CachedPrimitive> createActivation(const dnnl::engine &engine,
                                                  const dnnl::primitive_desc &eltwise) {
  auto activation = std::make_unique<CachedPrimitive>();
  activation->primitive = dnnl::primitive(eltwise);
  activation->addArgument(DNNL_ARG_SRC, dnnl::memory(eltwise.src_desc(), engine, DNNL_MEMORY_NONE));
  activation->addArgument(DNNL_ARG_DST, dnnl::memory(eltwise.dst_desc(), engine, DNNL_MEMORY_NONE));
  activation->addScratchpad(engine, eltwise.scratchpad_desc());
  return activation;
}

/// AMX accumulates s8 products in s32 without saturating: weights use the
/// full range.
constexpr int kAmxWeightLevels = 127;

/// Fills `entry` for the linear on tfm's AMX kernel (AmxLinear.h) in
/// `type`: the layout it reads the weight in.
void createAmxLinear(CachedPrimitive &entry, const DenseLinear &linear, AmxType type) {
  entry.amx = type;
  entry.weightLevels = kAmxWeightLevels;
  entry.weightOutputDim = 1;
  entry.plainWeights = logicalWeight(linear);
  entry.packedWeights = amxLinearWeightLayout(type, linear.k, linear.n);
}

//===----------------------------------------------------------------------===//
// The int8 linear
//===----------------------------------------------------------------------===//

/// An int8 linear as its primitives see it: the quantized input is dense
/// [M, K]; the result and residual may be strided.
struct Int8Linear {
  DenseLinear shape;
  int64_t resultRowStride, resultColumnStride;
  int64_t residualRowStride, residualColumnStride;
  bool perTensor;
};

/// The primitives of an int8 linear: the s8 x s8 product into the f32
/// result and, unless the product fused the whole epilogue (`dequantizes`
/// false), the eltwise primitive of the activation, if any, that runs in
/// place after dequantizeRows has scaled the result and added the bias.
struct Int8LinearDesc {
  dnnl::primitive_desc product;
  bool dequantizes = false;
  std::optional<dnnl::primitive_desc> activation;
  dnnl::memory::desc plainWeights;
  /// The weight is quantized to [-weightLevels, weightLevels]; the input is
  /// u8 with zero point 128 if `unsignedInput`, else s8.
  int weightLevels = 127;
  bool unsignedInput = true;
  /// The post-op arguments of the fused product, in the order runInt8Linear
  /// passes their buffers.
  std::vector<std::pair<int, dnnl::memory::desc>> productArguments;
};

/// Whether the int8 product `product` is a 1x1 convolution (its weight
/// [N, K, 1]) rather than a matmul (its weight [K, N]).
bool isConvolution(const dnnl::primitive_desc &product) {
  return product.weights_desc().dims().size() == 3;
}

/// The fused dequantization of a per-tensor product, as post-ops: a
/// multiplication by the [1, N] channel scales times the input's scale,
/// then bias, activation, residual. Appends each binary post-op's argument.
dnnl::post_ops int8Epilogue(const Int8Linear &linear,
                            std::vector<std::pair<int, dnnl::memory::desc>> &arguments) {
  const DenseLinear &shape = linear.shape;
  int64_t m = shape.m, n = shape.n;
  dnnl::post_ops postOps;
  auto addBinary = [&](dnnl::algorithm algorithm, const dnnl::memory::desc &operand) {
    arguments.push_back({DNNL_ARG_ATTR_MULTIPLE_POST_OP(postOps.len()) | DNNL_ARG_SRC_1, operand});
    postOps.append_binary(algorithm, operand);
  };
  addBinary(dnnl::algorithm::binary_mul, describe({1, n}, {n, 1}));
  if (shape.biasStride)
    addBinary(dnnl::algorithm::binary_add,
              describe({1, n}, {n * shape.biasStride, shape.biasStride}));
  if (shape.activation != TFMRT_ACTIVATION_NONE)
    appendActivation(postOps, shape.activation);
  if (shape.residual)
    addBinary(dnnl::algorithm::binary_add,
              describe({m, n}, {linear.residualRowStride, linear.residualColumnStride}));
  return postOps;
}

/// Whether the plain int8 product `product` (no post-ops; a matmul or a 1x1
/// convolution over the M x K input) overflows at the
/// ends of the range: run on an input of 127s (stored as u8 255, zero point
/// 128) and weight columns of +127s and -127s, every result must be
/// +-127 * 127 * K. oneDNN 2.6's int8 kernels on CPUs without VNNI (AVX2,
/// AVX512_CORE) add pairs of u8 x s8 products in saturating 16-bit lanes,
/// which 255 x 127 x 2 overflows (measured: errors of 3-9 % of max|y| at
/// BERT's widths); 7-bit weights (255 x 63 x 2 < 2^15) cannot overflow
/// there. Asked of the kernel by running it, since its name (gemm:jit,
/// jit_uni_int8_1x1) does not say. Throws dnnl::error or std::bad_alloc.
bool overflowsAtFullRange(const dnnl::engine &engine, const dnnl::primitive_desc &product,
                          const DenseLinear &shape, bool unsignedInput) {
  const int64_t m = shape.m, k = shape.k, n = shape.n;
  const bool convolution = isConvolution(product);
  std::vector<uint8_t> input(static_cast<size_t>(m * k), unsignedInput ? 127 + kInputZeroPoint : 127);
  std::vector<int8_t> plain(static_cast<size_t>(k * n));
  int32_t zeroPoint = kInputZeroPoint;
  for (int64_t c = 0; c < k; ++c)
    for (int64_t j = 0; j < n; ++j)
      plain[c * n + j] = j % 2 ? -127 : 127;
  dnnl::stream stream(engine);
  // The same row-major [K, N] values, as the matmul's [K, N] or the
  // convolution's [O = N, I = K, W = 1].
  dnnl::memory plainWeights(convolution
                                ? dnnl::memory::desc({n, k, 1}, dt::s8, {1, n, n * k})
                                : dnnl::memory::desc({k, n}, dt::s8, {n, 1}),
                            engine, plain.data());
  const dnnl::memory::desc weights = product.weights_desc(), result = product.dst_desc();
  dnnl::memory packedWeights(weights, engine);
  std::memset(packedWeights.get_data_handle(), 0, weights.get_size());
  dnnl::reorder(plainWeights, packedWeights).execute(stream, plainWeights, packedWeights);
  dnnl::memory inputMemory(product.src_desc(), engine, input.data());
  dnnl::memory resultMemory(result, engine);
  dnnl::memory scratchpad(product.scratchpad_desc(), engine);
  dnnl::memory zeroPointMemory(dnnl::memory::desc({1}, dt::s32, {1}), engine, &zeroPoint);
  std::unordered_map<int, dnnl::memory> arguments = {{DNNL_ARG_SRC, inputMemory},
                                                     {DNNL_ARG_WEIGHTS, packedWeights},
                                                     {DNNL_ARG_DST, resultMemory},
                                                     {DNNL_ARG_SCRATCHPAD, scratchpad}};
  if (unsignedInput)
    arguments[DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC] = zeroPointMemory;
  dnnl::primitive(product).execute(stream, arguments);
  stream.wait();
  const float *values = static_cast<const float *>(resultMemory.get_data_handle());
  // Row i, column j of the result: [M, N] for the matmul, [1, N, M] for the
  // convolution.
  const dnnl_dims_t &strides = result.data.format_desc.blocking.strides;
  const int64_t rowStride = convolution ? strides[2] : strides[0];
  const int64_t columnStride = strides[1];
  const double expected = 127.0 * 127.0 * static_cast<double>(k);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      if (std::abs(values[i * rowStride + j * columnStride] - (j % 2 ? -expected : expected)) >
          1e-6 * expected)
        return true;
  return false;
}

/// How an int8 linear runs, chosen by asking oneDNN (oneDNN 2.6 answers
/// differently per ISA, see docs/user-guide.md): the s8 product with the
/// weight in `layout` (null: the layout it prefers) and, per tensor, the
/// whole dequantization fused as post-ops (one multiplication by the
/// channel scales times the input's scale, then the epilogue); per row,
/// whose [M, 1] scales no fast kernel takes as a product's post-op, or per
/// tensor where the fused form only has a reference kernel, the plain
/// product followed by tfm's dequantization pass (dequantizeRows: oneDNN
/// 2.6's binary primitive with [M, 1] scales took 5-10x as long as that
/// loop) and the activation's eltwise primitive. The
/// plain per-row product is a matmul where oneDNN runs it with a brgemm
/// kernel (VNNI, AMX), else a 1x1 convolution where a direct kernel runs it
/// (jit_uni_int8_1x1 on AVX2 and AVX512_CORE reads a weight packed once,
/// where the matmul's gemm:jit packs it again on every call: measured 25 %
/// faster at GPT-2's widths, 1.7x on its LM head, under DNNL_MAX_CPU_ISA=
/// AVX2), else the matmul. A 3-dimensional `layout` is a convolution's.
/// None if oneDNN has no kernel but a reference one for the product itself:
/// the linear then runs in f32. The weight's range is that which the plain
/// product computes exactly (overflowsAtFullRange); the fused product runs
/// the same integer kernel with post-ops.
std::optional<Int8LinearDesc> describeInt8Linear(const dnnl::engine &engine,
                                                 const Int8Linear &linear,
                                                 const dnnl::memory::desc *layout) {
  const DenseLinear &shape = linear.shape;
  int64_t m = shape.m, k = shape.k, n = shape.n;
  Int8LinearDesc result;
  result.plainWeights =
      shape.outIn ? describe({k, n}, {shape.weightColumnStride, shape.weightRowStride})
                  : describe({k, n}, {shape.weightRowStride, shape.weightColumnStride});
  const bool convolutionLayout = layout && layout->dims().size() == 3;
  // The input as s8 where oneDNN multiplies s8 by s8 on AMX (natively, no
  // zero point to apply); elsewhere as u8 with zero point 128 (Quantize.h):
  // oneDNN's int8 gemm converts an s8 input first (a plain s8 x s8 matmul
  // at M=128 K=768 N=3072 was about 3x slower than u8 x s8 under
  // DNNL_MAX_CPU_ISA=AVX2).
  bool unsignedInput = true;
  dt inputType = dt::u8;
  auto yDesc = describe({m, n}, {linear.resultRowStride, linear.resultColumnStride});
  auto productAttributes = [&](const dnnl::post_ops &postOps) {
    dnnl::primitive_attr attributes;
    attributes.set_post_ops(postOps);
    if (unsignedInput)
      attributes.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
    return userScratchpad(attributes);
  };
  auto matmul = [&](const dnnl::post_ops &postOps) -> std::optional<dnnl::primitive_desc> {
    if (convolutionLayout)
      return std::nullopt;
    auto weights = layout ? *layout : dnnl::memory::desc({k, n}, dt::s8, dnnl::memory::format_tag::any);
    try {
      dnnl::primitive_desc described = dnnl::matmul::primitive_desc(
          dnnl::matmul::desc(dnnl::memory::desc({m, k}, inputType, {k, 1}), weights, yDesc),
          productAttributes(postOps), engine);
      if (!isReference(described))
        return described;
    } catch (const dnnl::error &) {
    }
    return std::nullopt;
  };
  // The plain product as a 1x1 convolution over M "pixels" (nwc is
  // row-major [M, K] and [M, N]): for a dense result only, the weight
  // [O = N, I = K, W = 1].
  auto convolution = [&]() -> std::optional<dnnl::primitive_desc> {
    if ((layout && !convolutionLayout) || linear.resultRowStride != n ||
        linear.resultColumnStride != 1)
      return std::nullopt;
    auto weights = layout ? *layout : dnnl::memory::desc({n, k, 1}, dt::s8, dnnl::memory::format_tag::any);
    dnnl::memory::dims unit = {1}, zero = {0};
    try {
      dnnl::primitive_desc described = dnnl::convolution_forward::primitive_desc(
          dnnl::convolution_forward::desc(
              dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
              dnnl::memory::desc({1, k, m}, inputType, {m * k, 1, k}), weights,
              describe({1, n, m}, {m * n, 1, n}), unit, zero, zero),
          productAttributes(dnnl::post_ops()), engine);
      if (!isReference(described) && !implementationHas(described, "gemm"))
        return described;
    } catch (const dnnl::error &) {
    }
    return std::nullopt;
  };
  {
    unsignedInput = false;
    inputType = dt::s8;
    std::optional<dnnl::primitive_desc> signedProduct = matmul(dnnl::post_ops());
    if (!signedProduct || !implementationHas(*signedProduct, "amx")) {
      unsignedInput = true;
      inputType = dt::u8;
    }
  }
  result.unsignedInput = unsignedInput;
  std::optional<dnnl::primitive_desc> plain = matmul(dnnl::post_ops());
  if (!linear.perTensor && (!plain || !isBrgemm(*plain)))
    if (std::optional<dnnl::primitive_desc> direct = convolution())
      plain = direct;
  if (!plain)
    return std::nullopt;
  if (overflowsAtFullRange(engine, *plain, shape, unsignedInput))
    result.weightLevels = 63;
  if (linear.perTensor) {
    std::vector<std::pair<int, dnnl::memory::desc>> arguments;
    dnnl::post_ops fused = int8Epilogue(linear, arguments);
    if (std::optional<dnnl::primitive_desc> described = matmul(fused)) {
      result.product = *described;
      result.productArguments = std::move(arguments);
      return result;
    }
  }
  result.product = *plain;
  result.dequantizes = true;
  if (shape.activation != TFMRT_ACTIVATION_NONE) {
    try {
      result.activation = describeActivation(engine, yDesc, shape.activation);
    } catch (const dnnl::error &) {
      return std::nullopt;
    }
  }
  return result;
}

/// The int8 description for `linear`, with the layout its weight already
/// has in `packed` if a kernel other than the reference one takes it (so no
/// run needs a second copy).
std::optional<Int8LinearDesc> chooseInt8Linear(const dnnl::engine &engine, const Int8Linear &linear,
                                               const PackedWeights::Store *packed,
                                               const void *data) {
  std::optional<Int8LinearDesc> preferred = describeInt8Linear(engine, linear, nullptr);
  if (!preferred || !packed)
    return preferred;
  std::optional<dnnl::memory::desc> layout =
      packed->layoutOf(data, preferred->plainWeights, dt::s8);
  if (!layout || *layout == preferred->product.weights_desc())
    return preferred;
  if (std::optional<Int8LinearDesc> withLayout = describeInt8Linear(engine, linear, &*layout))
    return withLayout;
  return preferred;
}

void addArguments(const dnnl::engine &engine, CachedPrimitive &entry,
                  const std::vector<std::pair<int, dnnl::memory::desc>> &arguments) {
  for (const auto &[id, description] : arguments)
    entry.addArgument(id, dnnl::memory(description, engine, DNNL_MEMORY_NONE));
}

/// Fills `entry` with the int8 primitives `chosen` describes; their
/// arguments in the order runInt8Linear passes buffers.
void createInt8Linear(const dnnl::engine &engine, CachedPrimitive &entry,
                      const Int8LinearDesc &chosen, bool perTensor) {
  entry.int8 = true;
  entry.perTensor = perTensor;
  entry.weightLevels = chosen.weightLevels;
  entry.unsignedInput = chosen.unsignedInput;
  const dnnl::primitive_desc &product = chosen.product;
  entry.primitive = dnnl::primitive(product);
  entry.plainWeights = chosen.plainWeights;
  entry.packedWeights = product.weights_desc();
  entry.weightOutputDim = isConvolution(product) ? 0 : 1;
  entry.addArgument(DNNL_ARG_SRC, dnnl::memory(product.src_desc(), engine, DNNL_MEMORY_NONE));
  entry.addArgument(DNNL_ARG_WEIGHTS, dnnl::memory(entry.packedWeights, engine, DNNL_MEMORY_NONE));
  entry.addArgument(DNNL_ARG_DST, dnnl::memory(product.dst_desc(), engine, DNNL_MEMORY_NONE));
  if (chosen.unsignedInput)
    entry.addArgument(
        DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC,
        dnnl::memory(dnnl::memory::desc({1}, dt::s32, {1}), engine, DNNL_MEMORY_NONE));
  addArguments(engine, entry, chosen.productArguments);
  entry.addScratchpad(engine, product.scratchpad_desc());
  entry.dequantizes = chosen.dequantizes;
  if (!chosen.activation)
    return;
  entry.activation = createActivation(engine, *chosen.activation);
}

/// The implementation an int8 entry runs with, for the kernel record.
std::string int8Implementation(const Int8LinearDesc &chosen) {
  std::string text = chosen.product.impl_info_str();
  if (chosen.weightLevels != 127)
    text += " (7-bit weights)";
  if (chosen.dequantizes)
    text += ", dequantized by tfm";
  return text;
}

template <typename T>
bool reserve(LockedDnnl &locked, std::vector<T> &buffer, int64_t count, const char *what) {
  try {
    if (buffer.size() < static_cast<size_t>(count))
      buffer.resize(static_cast<size_t>(count));
    return true;
  } catch (const std::exception &) {
    locked.fail(std::string("tfmrt_linear: out of memory for ") + what);
    return false;
  }
}

/// The quantized copy (cached.weightLevels levels) of the weight at `data`
/// that the int8 `cached` runs with: the run's PackedWeights holds it
/// (making it on first use); a kernel called with no packed weights (as in
/// unit tests) quantizes a copy for the call. No memory, with an error
/// recorded, if the copy cannot be made.
PackedWeights::Store::Quantized quantizedWeight(LockedDnnl &locked, const CachedPrimitive &cached,
                                                void *data) {
  const char *kernel = "tfmrt_linear";
  try {
    if (PackedWeights *weights = locked.context.packedWeights)
      return weights->store().getQuantized(data, cached.plainWeights, cached.packedWeights,
                                           cached.weightLevels, /*whileRunning=*/true);
    PackedWeights::Store::Quantized quantized;
    auto scales = std::make_shared<std::vector<float>>();
    quantized.memory = quantizeWeight(locked.state.engine, cached.plainWeights,
                                      cached.packedWeights, data, cached.weightLevels, *scales);
    quantized.scales = scales;
    return quantized;
  } catch (const std::bad_alloc &) {
    locked.fail(std::string(kernel) + ": out of memory for the quantized copy of a weight");
  } catch (const std::exception &error) {
    locked.fail(std::string(kernel) + ": cannot quantize a weight: " + error.what());
  }
  return {};
}

/// Runs the int8 linear `cached` (createInt8Linear): quantizes the input,
/// finds the weight's quantized copy, runs the product and the
/// dequantization.
void runInt8Linear(LockedDnnl &locked, CachedPrimitive &cached, const Matrix &x,
                   const MemRefView &weight, const MemRefView *bias, const Matrix *residual,
                   const Matrix &y) {
  const char *kernel = "tfmrt_linear";
  DnnlState::Impl &state = locked.state;
  int64_t m = x.rows, k = x.columns, n = y.columns;
  if (!reserve(locked, state.quantizedRows, m * k, "the quantized input") ||
      !reserve(locked, state.rowScales, m, "the input's scales") ||
      !reserve(locked, state.combinedScales, n, "the combined scales"))
    return;
  quantizeRows(reinterpret_cast<const float *>(x.data), m, k, x.rowStride, x.columnStride,
               cached.perTensor, cached.unsignedInput, state.quantizedRows.data(),
               state.rowScales.data(), locked.context.threads);
  PackedWeights::Store::Quantized quantized = quantizedWeight(locked, cached, weight.data);
  if (!quantized.memory)
    return;
  const float *channelScales = quantized.scales->data();
  void *biasData = bias ? bias->data : nullptr;
  void *residualData = residual ? residual->data : nullptr;
  std::array<void *, 7> handles{};
  size_t count = 0;
  auto push = [&](void *handle) { handles[count++] = handle; };
  push(state.quantizedRows.data());
  push(quantized.memory.get_data_handle());
  push(y.data);
  if (cached.unsignedInput)
    push(&state.inputZeroPoint);
  if (!cached.dequantizes) {
    // The post-op buffers in the order int8Epilogue appended their
    // arguments: the channel scales times the input's one scale first.
    for (int64_t c = 0; c < n; ++c)
      state.combinedScales[c] = channelScales[c] * state.rowScales[0];
    push(state.combinedScales.data());
    if (biasData)
      push(biasData);
    if (residualData)
      push(residualData);
    execute(locked, cached, handles, kernel);
    return;
  }
  if (!execute(locked, cached, handles, kernel))
    return;
  Dequantization steps;
  steps.rowScales = state.rowScales.data();
  steps.oneRowScale = cached.perTensor;
  steps.channelScales = channelScales;
  if (bias) {
    steps.bias = static_cast<const float *>(biasData);
    steps.biasStride = bias->strides[0];
  }
  Dequantization residualStep;
  if (residual) {
    // After the activation, if there is one.
    Dequantization &addsResidual = cached.activation ? residualStep : steps;
    addsResidual.residual = static_cast<const float *>(residualData);
    addsResidual.residualRowStride = residual->rowStride;
    addsResidual.residualColumnStride = residual->columnStride;
  }
  float *result = reinterpret_cast<float *>(y.data);
  const int threads = locked.context.threads;
  dequantizeRows(result, m, n, y.rowStride, y.columnStride, steps, threads);
  if (!cached.activation)
    return;
  if (!execute(locked, *cached.activation, std::array<void *, 2>{y.data, y.data}, kernel))
    return;
  if (residual)
    dequantizeRows(result, m, n, y.rowStride, y.columnStride, residualStep, threads);
}

/// Runs the linear `cached` (createAmxLinear) with `activation` over `x`
/// into `y` (contiguous columns): for int8, quantizes the input and finds
/// the weight's quantized copy; then the kernel.
void runAmxLinearEntry(LockedDnnl &locked, CachedPrimitive &cached, const Matrix &x,
                       const MemRefView &weight, const MemRefView *bias, const Matrix *residual,
                       const Matrix &y, int64_t activation) {
  const char *kernel = "tfmrt_linear";
  DnnlState::Impl &state = locked.state;
  const AmxType type = *cached.amx;
  AmxLinear linear;
  linear.type = type;
  linear.rows = x.rows;
  linear.k = x.columns;
  linear.n = y.columns;
  std::vector<uint8_t> &scratch = state.quantizedRows;
  if (!reserve(locked, scratch, amxLinearScratchBytes(type, x.rows, x.columns),
               type == AmxType::Bf16 ? "the input converted to bf16" : "the quantized input"))
    return;
  dnnl::memory weightCopy;
  std::shared_ptr<const std::vector<float>> channelScales;
  if (type == AmxType::Bf16) {
    weightCopy = packedWeight(locked, cached, weight.data, kernel);
    if (!weightCopy)
      return;
    linear.input = reinterpret_cast<const float *>(x.data);
    linear.inputRowStride = x.rowStride;
  } else {
    if (!reserve(locked, state.rowScales, x.rows, "the input's scales"))
      return;
    quantizeRows(reinterpret_cast<const float *>(x.data), x.rows, x.columns, x.rowStride,
                 x.columnStride, cached.perTensor, /*offset=*/false, scratch.data(),
                 state.rowScales.data(), locked.context.threads);
    PackedWeights::Store::Quantized quantized = quantizedWeight(locked, cached, weight.data);
    if (!quantized.memory)
      return;
    weightCopy = quantized.memory;
    channelScales = quantized.scales;
    linear.quantizedInput = reinterpret_cast<const int8_t *>(scratch.data());
    linear.rowScales = state.rowScales.data();
    linear.oneRowScale = cached.perTensor;
    linear.channelScales = channelScales->data();
  }
  linear.weight = weightCopy.get_data_handle();
  if (bias) {
    linear.bias = bias->as<float>();
    linear.biasStride = bias->strides[0];
  }
  linear.activation = activation;
  if (residual) {
    linear.residual = reinterpret_cast<const float *>(residual->data);
    linear.residualRowStride = residual->rowStride;
  }
  linear.result = reinterpret_cast<float *>(y.data);
  linear.resultRowStride = y.rowStride;
  runAmxLinear(linear, scratch.data(), locked.context.threads);
}

void runLinear(LockedDnnl &locked, const Matrix &strided, const MemRefView &weight,
               const MemRefView *bias, const Matrix *residual, const Matrix &y, int64_t flags) {
  const char *kernel = "tfmrt_linear";
  int64_t m = strided.rows, k = strided.columns, n = y.columns;
  if (m == 0 || n == 0)
    return;
  bool outIn = flags & TFMRT_LINEAR_WEIGHT_OUT_IN;
  int64_t activation = flags & TFMRT_ACTIVATION_MASK;
  bool convolution = y.isDense() && (!residual || residual->isDense());
  // Strided input rows (a [CLS] slice) are gathered into a dense buffer, a
  // copy of M x K against the product's M x K x N, so that the convolution
  // and its blocked weight serve them too.
  Matrix x = strided;
  if (convolution && !strided.isDense()) {
    std::vector<float> &rows = locked.state.gatheredRows;
    // A kernel's exception would end the process: C callers cannot catch it.
    try {
      rows.resize(static_cast<size_t>(m * k));
    } catch (const std::exception &) {
      locked.fail(std::string(kernel) + ": out of memory gathering " + std::to_string(m) +
                  " strided rows of " + std::to_string(k));
      return;
    }
    for (int64_t i = 0; i < m; ++i)
      for (int64_t c = 0; c < k; ++c)
        rows[i * k + c] = reinterpret_cast<const float *>(
            strided.data)[i * strided.rowStride + c * strided.columnStride];
    x = {m, k, k, 1, reinterpret_cast<char *>(rows.data())};
  }

  PrimitiveKey key;
  key.add(1).add(m).add(k).add(n).add(flags);
  key.add(x.rowStride).add(x.columnStride).add(y.rowStride).add(y.columnStride);
  key.add(weight.strides[0]).add(weight.strides[1]);
  if (bias)
    key.add(bias->strides[0]);
  if (residual)
    key.add(residual->rowStride).add(residual->columnStride);

  const bool int8 = flags & TFMRT_LINEAR_INT8, bf16 = !int8 && (flags & TFMRT_LINEAR_BF16);
  const char *precision = int8 ? "int8" : bf16 ? "bf16" : "f32";
  auto *cached = locked.lookup(key, kernel, [&](dnnl::engine &engine, CachedPrimitive &entry) {
    DenseLinear linear{m,         k, n, outIn, weight.strides[0], weight.strides[1],
                       bias ? bias->strides[0] : 0, activation, residual != nullptr};
    PackedWeights *packed = locked.context.packedWeights;
    PackedWeights::Store *store = packed ? &packed->store() : nullptr;
    // tfm's AMX kernel reads rows with contiguous columns; a bf16 input is
    // dense (gathered above), an int8 one is quantized into dense rows.
    const bool amxShapes = k > 0 && y.columnStride == 1 &&
                           (!residual || residual->columnStride == 1) &&
                           (int8 || convolution);
    if (amxShapes && ((bf16 && amxBf16Runs()) || (int8 && amxInt8Runs()))) {
      createAmxLinear(entry, linear, bf16 ? AmxType::Bf16 : AmxType::Int8);
      entry.perTensor = (flags & TFMRT_LINEAR_INT8_PER_TENSOR) != 0;
      locked.state.recordKernel(precision, bf16 ? "tfm amx bf16" : "tfm amx int8");
      return;
    }
    if (int8) {
      Int8Linear quantized{linear,
                           y.rowStride,
                           y.columnStride,
                           residual ? residual->rowStride : 0,
                           residual ? residual->columnStride : 0,
                           (flags & TFMRT_LINEAR_INT8_PER_TENSOR) != 0};
      if (std::optional<Int8LinearDesc> chosen =
              chooseInt8Linear(engine, quantized, store, weight.data)) {
        createInt8Linear(engine, entry, *chosen, quantized.perTensor);
        locked.state.recordKernel(precision, int8Implementation(*chosen));
        return;
      }
    }
    // Where the requested precision has no fast kernel, the linear runs in f32.
    std::string fallback = int8 || bf16 ? "f32 fallback: " : "";
    if (convolution) {
      if (std::optional<PackedLinearDesc> chosen =
              choosePackedLinear(engine, linear, store, weight.data)) {
        createPackedLinear(engine, entry, *chosen, bias != nullptr, residual != nullptr);
        locked.state.recordKernel(precision, fallback + chosen->primitiveDesc.impl_info_str());
        return;
      }
    }
    std::string implementation =
        createMatmul(engine, entry, x, weight, outIn, bias, residual, y, activation);
    locked.state.recordKernel(precision, fallback + implementation);
  });
  if (!cached)
    return;
  if (cached->int8) {
    runInt8Linear(locked, *cached, x, weight, bias, residual, y);
    return;
  }
  if (cached->amx) {
    runAmxLinearEntry(locked, *cached, x, weight, bias, residual, y, activation);
    return;
  }
  std::array<void *, 5> handles = {x.data, weight.data, y.data, bias ? bias->data : nullptr,
                                   residual ? residual->data : nullptr};
  if (!bias)
    handles[3] = handles[4];
  execute(locked, *cached, handles, kernel);
}

} // namespace

const char *tfm::rt::dnnlIsaName() {
  switch (dnnl_get_effective_cpu_isa()) {
  case dnnl_cpu_isa_sse41:
    return "SSE41";
  case dnnl_cpu_isa_avx:
    return "AVX";
  case dnnl_cpu_isa_avx2:
    return "AVX2";
  case dnnl_cpu_isa_avx2_vnni:
    return "AVX2_VNNI";
  case dnnl_cpu_isa_avx512_core:
    return "AVX512_CORE";
  case dnnl_cpu_isa_avx512_core_vnni:
    return "AVX512_CORE_VNNI";
  case dnnl_cpu_isa_avx512_core_bf16:
    return "AVX512_CORE_BF16";
  case dnnl_cpu_isa_avx512_core_amx:
    return "AVX512_CORE_AMX";
  default:
    return "OTHER";
  }
}

void tfm::rt::PackedWeights::prepackLinear(const float *data, int64_t rows, int64_t columns,
                                           int32_t prepack) {
  if (!(prepack & TFM_PREPACK_LINEAR))
    return;
  int64_t flags = prepack & ~TFM_PREPACK_LINEAR;
  bool outIn = flags & TFMRT_LINEAR_WEIGHT_OUT_IN;
  // The primitive runLinear chooses for this linear over kPrepackRows rows of
  // dense activations. Other row counts may select a kernel that wants
  // another layout: the first such run adds a copy.
  constexpr int64_t kPrepackRows = 128;
  DenseLinear linear{kPrepackRows,
                     outIn ? columns : rows,
                     outIn ? rows : columns,
                     outIn,
                     columns,
                     1,
                     (flags & TFMRT_LINEAR_BIAS) ? 1 : 0,
                     flags & TFMRT_ACTIVATION_MASK,
                     (flags & TFMRT_LINEAR_RESIDUAL) != 0};
  try {
    // As runLinear chooses, for dense rows.
    if (linear.k > 0 && (flags & TFMRT_LINEAR_INT8) && amxInt8Runs()) {
      store().getQuantized(data, logicalWeight(linear),
                           amxLinearWeightLayout(AmxType::Int8, linear.k, linear.n),
                           kAmxWeightLevels, /*whileRunning=*/false);
      return;
    }
    if (flags & TFMRT_LINEAR_INT8) {
      Int8Linear quantized{linear, linear.n, 1, linear.n, 1,
                           (flags & TFMRT_LINEAR_INT8_PER_TENSOR) != 0};
      if (std::optional<Int8LinearDesc> chosen =
              describeInt8Linear(store().engine, quantized, nullptr)) {
        store().getQuantized(data, chosen->plainWeights, chosen->product.weights_desc(),
                             chosen->weightLevels, /*whileRunning=*/false);
        return;
      }
    } else if ((flags & TFMRT_LINEAR_BF16) && linear.k > 0 && amxBf16Runs()) {
      store().get(data, logicalWeight(linear),
                  amxLinearWeightLayout(AmxType::Bf16, linear.k, linear.n),
                  /*outputDim=*/1, /*whileRunning=*/false);
      return;
    }
    if (std::optional<PackedLinearDesc> chosen =
            choosePackedLinear(store().engine, linear, nullptr, nullptr))
      store().get(data, chosen->plainWeights, chosen->primitiveDesc.weights_desc(),
                  chosen->weightOutputDim, /*whileRunning=*/false);
  } catch (const std::exception &) {
    // No memory for the copy: the first run makes it, or reports that.
  }
}

extern "C" void _mlir_ciface_tfmrt_linear(tfmrt_run_context *context, tfmrt_unranked_memref *input,
                                          tfmrt_unranked_memref *weight,
                                          tfmrt_unranked_memref *bias,
                                          tfmrt_unranked_memref *residual,
                                          tfmrt_unranked_memref *result, int64_t flags) {
  const char *kernel = "tfmrt_linear";
  MemRefView x, w, b, r, y;
  bool hasBias = flags & TFMRT_LINEAR_BIAS, hasResidual = flags & TFMRT_LINEAR_RESIDUAL;
  if (!viewOf(*context, input, 4, x, kernel) || !viewOf(*context, weight, 4, w, kernel) ||
      !viewOf(*context, result, 4, y, kernel) ||
      (hasBias && !viewOf(*context, bias, 4, b, kernel)) ||
      (hasResidual && !viewOf(*context, residual, 4, r, kernel)))
    return;
  if (x.rank < 1 || w.rank != 2 || y.rank != x.rank || (hasBias && b.rank != 1) ||
      (hasResidual && r.rank != y.rank)) {
    context->errors.record("tfmrt_linear: operands of unexpected ranks");
    return;
  }
  LockedDnnl locked(*context);
  if (x.leadingDimsCollapse() && y.leadingDimsCollapse() &&
      (!hasResidual || r.leadingDimsCollapse())) {
    Matrix residualMatrix = hasResidual ? asMatrix(r) : Matrix{};
    runLinear(locked, asMatrix(x), w, hasBias ? &b : nullptr,
              hasResidual ? &residualMatrix : nullptr, asMatrix(y), flags);
    return;
  }
  if (x.rank != 3) {
    context->errors.record("tfmrt_linear: a strided rank-" + std::to_string(x.rank) +
                           " input is not supported");
    return;
  }
  for (int64_t index = 0; index < x.sizes[0]; ++index) {
    Matrix residualMatrix = hasResidual ? slice(r, index) : Matrix{};
    runLinear(locked, slice(x, index), w, hasBias ? &b : nullptr,
              hasResidual ? &residualMatrix : nullptr, slice(y, index), flags);
  }
}

extern "C" void _mlir_ciface_tfmrt_matmul(tfmrt_run_context *context, tfmrt_unranked_memref *lhs,
                                          tfmrt_unranked_memref *rhs, tfmrt_unranked_memref *result,
                                          int64_t transposeRhs) {
  const char *kernel = "tfmrt_matmul";
  MemRefView a, b, c;
  if (!viewOf(*context, lhs, 4, a, kernel) || !viewOf(*context, rhs, 4, b, kernel) ||
      !viewOf(*context, result, 4, c, kernel))
    return;
  if (a.rank < 2 || b.rank != a.rank || c.rank != a.rank) {
    context->errors.record("tfmrt_matmul: operands of unexpected ranks");
    return;
  }
  if (c.numElements() == 0)
    return;
  int rank = a.rank;
  dims aDims(a.sizes, a.sizes + rank), aStrides(a.strides, a.strides + rank);
  dims bDims(b.sizes, b.sizes + rank), bStrides(b.strides, b.strides + rank);
  dims cDims(c.sizes, c.sizes + rank), cStrides(c.strides, c.strides + rank);
  if (transposeRhs) {
    std::swap(bDims[rank - 1], bDims[rank - 2]);
    std::swap(bStrides[rank - 1], bStrides[rank - 2]);
  }
  PrimitiveKey key;
  key.add(2).add(transposeRhs).add(a).add(b).add(c);
  LockedDnnl locked(*context);
  auto *cached = locked.lookup(key, kernel, [&](dnnl::engine &engine, CachedPrimitive &entry) {
    auto aDesc = describe(aDims, aStrides), bDesc = describe(bDims, bStrides),
         cDesc = describe(cDims, cStrides);
    auto primitiveDesc = dnnl::matmul::primitive_desc(dnnl::matmul::desc(aDesc, bDesc, cDesc),
                                                      userScratchpad(), engine);
    entry.primitive = dnnl::matmul(primitiveDesc);
    entry.addArgument(DNNL_ARG_SRC, dnnl::memory(aDesc, engine, DNNL_MEMORY_NONE));
    entry.addArgument(DNNL_ARG_WEIGHTS, dnnl::memory(bDesc, engine, DNNL_MEMORY_NONE));
    entry.addArgument(DNNL_ARG_DST, dnnl::memory(cDesc, engine, DNNL_MEMORY_NONE));
    entry.addScratchpad(engine, primitiveDesc.scratchpad_desc());
  });
  if (cached)
    execute(locked, *cached, std::array<void *, 3>{a.data, b.data, c.data}, kernel);
}

//===----------------------------------------------------------------------===//
// Layer norm and softmax
//===----------------------------------------------------------------------===//

namespace {

/// oneDNN's layer norm and softmax take one layout for source and result: a
/// dense result is used as is, a strided input is copied into it first and
/// normalised in place.
bool prepareRowwise(tfmrt_run_context &context, tfmrt_unranked_memref *input, const MemRefView &x,
                    tfmrt_unranked_memref *result, const MemRefView &y, const char *kernel,
                    bool &inPlace) {
  if (x.rank < 1 || y.rank != x.rank) {
    context.errors.record(std::string(kernel) + ": operands of unexpected ranks");
    return false;
  }
  if (!y.isDense()) {
    context.errors.record(std::string(kernel) + ": the result must be dense");
    return false;
  }
  inPlace = !x.isDense();
  if (inPlace)
    memrefCopy(sizeof(float), input, result);
  return true;
}

} // namespace

extern "C" void _mlir_ciface_tfmrt_layer_norm(tfmrt_run_context *context,
                                              tfmrt_unranked_memref *input,
                                              tfmrt_unranked_memref *gamma,
                                              tfmrt_unranked_memref *beta,
                                              tfmrt_unranked_memref *result, double epsilon) {
  const char *kernel = "tfmrt_layer_norm";
  MemRefView x, g, b, y;
  bool inPlace = false;
  if (!viewOf(*context, input, 4, x, kernel) || !viewOf(*context, gamma, 4, g, kernel) ||
      !viewOf(*context, beta, 4, b, kernel) || !viewOf(*context, result, 4, y, kernel) ||
      !prepareRowwise(*context, input, x, result, y, kernel, inPlace))
    return;
  if (g.rank != 1 || b.rank != 1 || g.strides[0] != 1 || b.strides[0] != 1) {
    context->errors.record("tfmrt_layer_norm: gamma and beta must be dense vectors");
    return;
  }
  int64_t rows = y.numElements() / (y.size(-1) ? y.size(-1) : 1), columns = y.size(-1);
  if (rows == 0 || columns == 0)
    return;
  PrimitiveKey key;
  key.add(3).add(rows).add(columns);
  int64_t epsilonBits;
  std::memcpy(&epsilonBits, &epsilon, sizeof(epsilonBits));
  key.add(epsilonBits);
  LockedDnnl locked(*context);
  auto *cached = locked.lookup(key, kernel, [&](dnnl::engine &engine, CachedPrimitive &entry) {
    auto desc = describe({rows, columns}, {columns, 1});
    auto vector = describe({columns}, {1});
    auto primitiveDesc = dnnl::layer_normalization_forward::primitive_desc(
        dnnl::layer_normalization_forward::desc(
            dnnl::prop_kind::forward_inference, desc, static_cast<float>(epsilon),
            dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift),
        userScratchpad(), engine);
    entry.primitive = dnnl::layer_normalization_forward(primitiveDesc);
    entry.addArgument(DNNL_ARG_SRC, dnnl::memory(desc, engine, DNNL_MEMORY_NONE));
    entry.addArgument(DNNL_ARG_DST, dnnl::memory(desc, engine, DNNL_MEMORY_NONE));
    entry.addArgument(DNNL_ARG_SCALE, dnnl::memory(vector, engine, DNNL_MEMORY_NONE));
    entry.addArgument(DNNL_ARG_SHIFT, dnnl::memory(vector, engine, DNNL_MEMORY_NONE));
    entry.addScratchpad(engine, primitiveDesc.scratchpad_desc());
  });
  if (cached)
    execute(locked, *cached,
            std::array<void *, 4>{inPlace ? y.data : x.data, y.data, g.data, b.data}, kernel);
}

extern "C" void _mlir_ciface_tfmrt_softmax(tfmrt_run_context *context, tfmrt_unranked_memref *input,
                                           tfmrt_unranked_memref *result) {
  const char *kernel = "tfmrt_softmax";
  MemRefView x, y;
  bool inPlace = false;
  if (!viewOf(*context, input, 4, x, kernel) || !viewOf(*context, result, 4, y, kernel) ||
      !prepareRowwise(*context, input, x, result, y, kernel, inPlace))
    return;
  int64_t columns = y.size(-1);
  int64_t rows = columns ? y.numElements() / columns : 0;
  if (rows == 0 || columns == 0)
    return;
  PrimitiveKey key;
  key.add(4).add(rows).add(columns);
  LockedDnnl locked(*context);
  auto *cached = locked.lookup(key, kernel, [&](dnnl::engine &engine, CachedPrimitive &entry) {
    auto desc = describe({rows, columns}, {columns, 1});
    auto primitiveDesc = dnnl::softmax_forward::primitive_desc(
        dnnl::softmax_forward::desc(dnnl::prop_kind::forward_inference, desc, 1),
        userScratchpad(), engine);
    entry.primitive = dnnl::softmax_forward(primitiveDesc);
    entry.addArgument(DNNL_ARG_SRC, dnnl::memory(desc, engine, DNNL_MEMORY_NONE));
    entry.addArgument(DNNL_ARG_DST, dnnl::memory(desc, engine, DNNL_MEMORY_NONE));
    entry.addScratchpad(engine, primitiveDesc.scratchpad_desc());
  });
  if (cached)
    execute(locked, *cached, std::array<void *, 2>{inPlace ? y.data : x.data, y.data}, kernel);
}
