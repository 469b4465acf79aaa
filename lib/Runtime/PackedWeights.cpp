//===- PackedWeights.cpp - weights in the layouts their kernels run with --===//
//
// The store of packed copies and the chunked reorder that fills it.
// PackedWeights::prepackLinear is in DnnlKernels.cpp, beside the linear
// kernel whose primitive it describes.
//
//===----------------------------------------------------------------------===//

#include "DnnlWeights.h"
#include "MappedFiles.h"
#include "Quantize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace tfm::rt {

int64_t blockSize(const dnnl::memory::desc &layout, int dim) {
  if (layout.data.format_kind != dnnl_blocked)
    return 1;
  const dnnl_blocking_desc_t &blocking = layout.data.format_desc.blocking;
  int64_t block = 1;
  for (int i = 0; i < blocking.inner_nblks; ++i)
    if (blocking.inner_idxs[i] == dim)
      block *= blocking.inner_blks[i];
  return block;
}

dnnl::memory reorderWeight(const dnnl::engine &engine, const dnnl::memory::desc &plain,
                           const dnnl::memory::desc &packed, const void *data, int outputDim) {
  dnnl::stream stream(engine);
  dnnl::memory copy(packed, engine);
  // Blocked layouts pad the channel counts; the padding must read as zeros.
  std::memset(copy.get_data_handle(), 0, packed.get_size());
  const dnnl::memory::dims dims = plain.dims();
  const dnnl_dims_t &strides = plain.data.format_desc.blocking.strides;
  int64_t elements = 1;
  for (int64_t dim : dims)
    elements *= dim;
  const int64_t outputs = dims[outputDim];
  // A chunk of output channels is one contiguous range of the source when
  // the output dimension is the outermost, dense one (an [out, in] weight).
  bool contiguous = outputs > 0 && strides[outputDim] * outputs == elements;
  for (size_t d = 0; d < dims.size(); ++d)
    if (static_cast<int>(d) != outputDim && dims[d] > 1 && strides[d] >= strides[outputDim])
      contiguous = false;
  const size_t elementBytes = dnnl::memory::data_type_size(plain.data_type());
  const int64_t block = blockSize(packed, outputDim);
  const int64_t chunk = (1024 + block - 1) / block * block;
  for (int64_t first = 0; first < outputs; first += chunk) {
    int64_t count = std::min(chunk, outputs - first);
    dnnl::memory::dims chunkDims = dims, offsets(dims.size(), 0);
    chunkDims[outputDim] = count;
    offsets[outputDim] = first;
    dnnl::memory source(plain.submemory_desc(chunkDims, offsets), engine,
                        const_cast<void *>(data));
    dnnl::memory target(packed.submemory_desc(chunkDims, offsets), engine,
                        copy.get_data_handle());
    dnnl::reorder(source, target).execute(stream, source, target);
    stream.wait();
    if (contiguous)
      releaseMappedPages(static_cast<const char *>(data) + first * strides[outputDim] * elementBytes,
                         static_cast<size_t>(count * strides[outputDim]) * elementBytes);
  }
  if (!contiguous)
    releaseMappedPages(data, static_cast<size_t>(elements) * elementBytes);
  return copy;
}

dnnl::memory quantizeWeight(const dnnl::engine &engine, const dnnl::memory::desc &plain,
                            const dnnl::memory::desc &packed, const void *data, int levels,
                            std::vector<float> &scales) {
  const dnnl::memory::dims dims = plain.dims();
  const dnnl_dims_t &strides = plain.data.format_desc.blocking.strides;
  if (dims.size() != 2 || plain.data_type() != dnnl::memory::data_type::f32)
    throw std::invalid_argument("quantizeWeight: expects an f32 [K, N] weight");
  const float *weight = static_cast<const float *>(data);
  const int64_t k = dims[0], n = dims[1];
  // Walk the weight in memory order: `outer` is its slower dimension.
  const bool outerIsInput = strides[0] >= strides[1];
  const int64_t outerCount = outerIsInput ? k : n, innerCount = outerIsInput ? n : k;
  const int64_t outerStride = strides[outerIsInput ? 0 : 1];
  const int64_t innerStride = strides[outerIsInput ? 1 : 0];
  auto at = [&](int64_t outer, int64_t inner) {
    return weight[outer * outerStride + inner * innerStride];
  };

  std::vector<float> largest(static_cast<size_t>(n), 0.0f);
  for (int64_t outer = 0; outer < outerCount; ++outer)
    for (int64_t inner = 0; inner < innerCount; ++inner) {
      float &channelMax = largest[outerIsInput ? inner : outer];
      channelMax = std::max(channelMax, std::fabs(at(outer, inner)));
    }
  scales.resize(static_cast<size_t>(n));
  std::vector<float> multipliers(static_cast<size_t>(n));
  for (int64_t c = 0; c < n; ++c) {
    scales[c] = quantizationScale(largest[c], levels);
    multipliers[c] = quantizationMultiplier(largest[c], levels);
  }

  // The quantized weight, dense in the same memory order, then reordered
  // into the layout the primitive reads.
  std::vector<int8_t> quantized(static_cast<size_t>(k * n));
  const bool contiguous = innerStride == 1 && outerStride == innerCount;
  const float limit = static_cast<float>(levels);
  constexpr int64_t kReleaseRows = 64;
  for (int64_t first = 0; first < outerCount; first += kReleaseRows) {
    int64_t last = std::min(outerCount, first + kReleaseRows);
    for (int64_t outer = first; outer < last; ++outer)
      for (int64_t inner = 0; inner < innerCount; ++inner) {
        float multiplier = multipliers[outerIsInput ? inner : outer];
        float value = std::nearbyint(at(outer, inner) * multiplier);
        quantized[outer * innerCount + inner] =
            static_cast<int8_t>(std::clamp(value, -limit, limit));
      }
    if (contiguous)
      releaseMappedPages(weight + first * outerStride,
                         static_cast<size_t>((last - first) * outerStride) * sizeof(float));
  }
  if (!contiguous)
    releaseMappedPages(weight, static_cast<size_t>(k * n) * sizeof(float));

  // `packed` is a matmul's [K, N] or a 1x1 convolution's [O = N, I = K, W = 1].
  const bool convolution = packed.dims().size() == 3;
  dnnl::memory::dims denseStrides =
      outerIsInput ? dnnl::memory::dims{n, 1} : dnnl::memory::dims{1, k};
  dnnl::memory::desc quantizedDesc =
      convolution ? dnnl::memory::desc({n, k, 1}, dnnl::memory::data_type::s8,
                                       {denseStrides[1], denseStrides[0], n * k})
                  : dnnl::memory::desc(dims, dnnl::memory::data_type::s8, denseStrides);
  dnnl::memory source(quantizedDesc, engine, quantized.data());
  dnnl::memory copy(packed, engine);
  std::memset(copy.get_data_handle(), 0, packed.get_size());
  dnnl::stream stream(engine);
  dnnl::reorder(source, copy).execute(stream, source, copy);
  stream.wait();
  return copy;
}

PackedWeights::Store::Quantized
PackedWeights::Store::getQuantized(const void *data, const dnnl::memory::desc &plain,
                                   const dnnl::memory::desc &packed, int levels,
                                   bool whileRunning) {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<Copy> &held = copies[data];
  for (const Copy &copy : held)
    if (copy.plain == plain && copy.packed == packed && copy.scales && copy.levels == levels)
      return {copy.memory, copy.scales};
  auto scales = std::make_shared<std::vector<float>>();
  dnnl::memory memory = quantizeWeight(engine, plain, packed, data, levels, *scales);
  held.push_back({plain, packed, memory, whileRunning, scales, levels});
  return {memory, scales};
}

dnnl::memory PackedWeights::Store::get(const void *data, const dnnl::memory::desc &plain,
                                       const dnnl::memory::desc &packed, int outputDim,
                                       bool whileRunning) {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<Copy> &held = copies[data];
  for (const Copy &copy : held)
    if (copy.plain == plain && copy.packed == packed && !copy.scales)
      return copy.memory;
  dnnl::memory memory = reorderWeight(engine, plain, packed, data, outputDim);
  held.push_back({plain, packed, memory, whileRunning, nullptr, 0});
  return memory;
}

std::optional<dnnl::memory::desc>
PackedWeights::Store::layoutOf(const void *data, const dnnl::memory::desc &plain,
                               dnnl::memory::data_type type) const {
  std::lock_guard<std::mutex> lock(mutex);
  auto found = copies.find(data);
  if (found != copies.end())
    for (const Copy &copy : found->second)
      if (copy.plain == plain && copy.packed.data_type() == type)
        return copy.packed;
  return std::nullopt;
}

PackedWeights::PackedWeights() : store_(std::make_unique<Store>()) {}
PackedWeights::~PackedWeights() = default;

size_t PackedWeights::count() const {
  std::lock_guard<std::mutex> lock(store_->mutex);
  size_t count = 0;
  for (const auto &entry : store_->copies)
    count += entry.second.size();
  return count;
}

size_t PackedWeights::madeWhileRunning() const {
  std::lock_guard<std::mutex> lock(store_->mutex);
  size_t count = 0;
  for (const auto &entry : store_->copies)
    for (const Store::Copy &copy : entry.second)
      count += copy.madeWhileRunning;
  return count;
}

void PackedWeights::forget(const void *begin, size_t bytes) {
  std::lock_guard<std::mutex> lock(store_->mutex);
  auto first = static_cast<const char *>(begin), last = first + bytes;
  for (auto it = store_->copies.begin(); it != store_->copies.end();) {
    auto address = static_cast<const char *>(it->first);
    if (address >= first && address < last)
      it = store_->copies.erase(it);
    else
      ++it;
  }
}

} // namespace tfm::rt
