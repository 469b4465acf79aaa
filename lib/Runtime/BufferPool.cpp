//===- BufferPool.cpp - the compiled models' heap -------------------------===//
//
// Compiled models allocate their intermediate and result buffers through
// MLIR's generic allocation functions (finalize-memref-to-llvm with
// use-generic-functions). The runtime serves them from a pool of released
// blocks keyed by size: a model allocates the same sizes on every call with
// the same shapes, so after the first (warm-up) call no run reaches the
// system allocator.
//
// Compiled models allocate through their run context (tfmrt_alloc, from
// tfmrt.alloc), which records the run's buffers: when memory is out it ends
// the run with an error instead of returning null to code that cannot check
// it, and the runtime returns the failed run's buffers to the pool.
//
//===----------------------------------------------------------------------===//

#include "tfm/Runtime/ModelAbi.h"

#include "RunContext.h"

#include <omp.h>
#include <sys/sysinfo.h>

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

// Every block starts with a header recording its size; the pointer handed out
// follows the header and is aligned to at least kHeaderBytes.
constexpr size_t kHeaderBytes = 64;

struct Header {
  size_t capacity; // usable bytes after the header
  size_t alignment;
  // While a run holds the block: the run's list of blocks (RunBuffers).
  tfm::rt::RunBuffers *run;
  void *previousOfRun, *nextOfRun;
};
static_assert(sizeof(Header) <= kHeaderBytes, "the header fits before the block");

struct Pool {
  std::mutex mutex;
  std::unordered_map<uint64_t, std::vector<void *>> released; // by (capacity, alignment)
  uint64_t systemAllocations = 0;
};

Pool &pool() {
  static Pool *instance = new Pool(); // never destroyed: blocks may outlive statics
  return *instance;
}

uint64_t key(size_t capacity, size_t alignment) {
  return (static_cast<uint64_t>(capacity) << 8) ^ alignment;
}

size_t roundUp(size_t value, size_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

Header *headerOf(void *block) {
  return reinterpret_cast<Header *>(static_cast<char *>(block) - sizeof(Header));
}

/// The bytes of memory and swap the machine has: no request above it can
/// ever be served, so it fails at once instead of reaching the system
/// allocator (which may promise the memory and let the process be killed
/// when it is used).
uint64_t machineMemoryBytes() {
  static const uint64_t bytes = [] {
    struct sysinfo info;
    if (::sysinfo(&info) != 0)
      return std::numeric_limits<uint64_t>::max();
    return (static_cast<uint64_t>(info.totalram) + info.totalswap) * info.mem_unit;
  }();
  return bytes;
}

/// `bytes` in GiB with one decimal, for messages.
std::string inGibibytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f GiB", static_cast<double>(bytes) / (1ull << 30));
  return text;
}

} // namespace

extern "C" TFM_API void *
_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  // Sizes the header and rounding below could not represent fail.
  if (alignment > (uint64_t(1) << 32) || size > machineMemoryBytes() ||
      size > std::numeric_limits<size_t>::max() / 2)
    return nullptr;
  size_t align = alignment < kHeaderBytes ? kHeaderBytes : roundUp(alignment, kHeaderBytes);
  size_t capacity = roundUp(size ? size : 1, 64);
  Pool &p = pool();
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    auto it = p.released.find(key(capacity, align));
    if (it != p.released.end() && !it->second.empty()) {
      void *block = it->second.back();
      it->second.pop_back();
      return block;
    }
    ++p.systemAllocations;
  }
  // The header sits in the `align` bytes before the block.
  char *base = static_cast<char *>(std::aligned_alloc(align, align + capacity));
  if (!base)
    return nullptr;
  void *block = base + align;
  *headerOf(block) = Header{capacity, align, nullptr, nullptr, nullptr};
  return block;
}

extern "C" TFM_API void *
_mlir_memref_to_llvm_alloc(uint64_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(kHeaderBytes, size);
}

extern "C" TFM_API void
_mlir_memref_to_llvm_free(void *block) {
  if (!block)
    return;
  Header header = *headerOf(block);
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.released[key(header.capacity, header.alignment)].push_back(block);
}

extern "C" TFM_API void tfmrt_release(void *block) {
  _mlir_memref_to_llvm_free(block);
}

extern "C" TFM_API uint64_t
tfmrt_system_allocations(void) {
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  return p.systemAllocations;
}

//===----------------------------------------------------------------------===//
// The run's buffers
//===----------------------------------------------------------------------===//

void tfm::rt::RunBuffers::add(void *block) {
  std::lock_guard<std::mutex> lock(mutex_);
  Header *header = headerOf(block);
  header->run = this;
  header->previousOfRun = nullptr;
  header->nextOfRun = first_;
  if (first_)
    headerOf(first_)->previousOfRun = block;
  first_ = block;
}

void tfm::rt::RunBuffers::remove(void *block) {
  std::lock_guard<std::mutex> lock(mutex_);
  Header *header = headerOf(block);
  if (header->run != this)
    return;
  if (header->previousOfRun)
    headerOf(header->previousOfRun)->nextOfRun = header->nextOfRun;
  else
    first_ = header->nextOfRun;
  if (header->nextOfRun)
    headerOf(header->nextOfRun)->previousOfRun = header->previousOfRun;
  header->run = nullptr;
}

void tfm::rt::RunBuffers::unlinkAll(bool returnToPool) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (first_) {
    void *block = first_;
    first_ = headerOf(block)->nextOfRun;
    headerOf(block)->run = nullptr;
    if (returnToPool)
      _mlir_memref_to_llvm_free(block);
  }
}

void tfm::rt::RunBuffers::releaseAll() { unlinkAll(/*returnToPool=*/true); }

void tfm::rt::RunBuffers::forgetAll() { unlinkAll(/*returnToPool=*/false); }

size_t tfm::rt::RunBuffers::count() {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t count = 0;
  for (void *block = first_; block; block = headerOf(block)->nextOfRun)
    ++count;
  return count;
}

bool tfm::rt::RunBuffers::ranOutOfMemory() {
  std::lock_guard<std::mutex> lock(mutex_);
  return ranOutOfMemory_;
}

void tfm::rt::RunBuffers::recordOutOfMemory(uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  ranOutOfMemory_ = true;
  if (!outOfMemory_.empty())
    return;
  try {
    outOfMemory_ = "out of memory: the model needs a buffer of " + std::to_string(bytes) +
                   " bytes (" + inGibibytes(bytes) + "), which the system cannot give";
  } catch (const std::bad_alloc &) {
    // The runtime reports a plain out-of-memory error.
  }
}

std::string tfm::rt::RunBuffers::outOfMemory() {
  std::lock_guard<std::mutex> lock(mutex_);
  return outOfMemory_;
}

extern "C" TFM_API void *tfmrt_alloc(tfmrt_run_context *context, uint64_t alignment,
                                     uint64_t bytes) {
  if (void *block = _mlir_memref_to_llvm_aligned_alloc(alignment, bytes)) {
    context->buffers.add(block);
    return block;
  }
  context->buffers.recordOutOfMemory(bytes);
  // Generated code cannot check for null: the run ends here, back in the
  // runtime's call of the entry, which frees the run's buffers. Only the
  // thread that called the entry, outside any parallel region it opened,
  // can go back there; tfmrt-allocate-in-run-context allocates nowhere
  // else.
  if (context->outOfMemoryExit && std::this_thread::get_id() == context->entryThread &&
      omp_get_level() == context->entryOpenMpLevel)
    std::longjmp(*context->outOfMemoryExit, 1);
  return nullptr;
}

extern "C" TFM_API void tfmrt_free(tfmrt_run_context *context, void *block) {
  if (!block)
    return;
  context->buffers.remove(block);
  _mlir_memref_to_llvm_free(block);
}
