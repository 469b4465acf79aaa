//===- PackedWeights.h - weights in the layouts their kernels run with ----===//
//
// oneDNN's fastest linear kernels read weights in blocked layouts, and which
// layout depends on the ISA, the post-ops and the number of rows, so it is
// asked of the primitive that will run the weight, never guessed. Whatever
// binds weights (a C API context, the executable's checkpoint) owns a
// PackedWeights: when a weight is bound it is reordered into the layout of
// the primitive the dnnl backend will run it with; a run that needs another
// layout reorders once more and keeps that copy for the life of the binding.
// The binding lends its PackedWeights to each of its runs through the run
// context (RunContext.h), so a binding's copies are never seen by another
// binding.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_PACKEDWEIGHTS_H
#define TFM_LIB_RUNTIME_PACKEDWEIGHTS_H

#include <cstddef>
#include <cstdint>
#include <memory>

namespace tfm::rt {

class PackedWeights {
public:
  PackedWeights();
  ~PackedWeights();
  PackedWeights(const PackedWeights &) = delete;
  PackedWeights &operator=(const PackedWeights &) = delete;

  /// Reorders the weight `data` (`rows` x `columns` as stored) of the linear
  /// that a tfm_param_info.prepack mark describes into the layout of the
  /// primitive the dnnl backend's linear kernel creates for it. A weight no
  /// blocked kernel takes stays as it is (the kernel then reads it in place).
  void prepackLinear(const float *data, int64_t rows, int64_t columns, int32_t prepack);

  /// The copies held, and how many of them were made while running rather
  /// than when the weights were bound.
  size_t count() const;
  size_t madeWhileRunning() const;

  /// Drops the copies of weights stored in [begin, begin + bytes): that
  /// memory is being unbound, and may next hold other weights.
  void forget(const void *begin, size_t bytes);

  /// The kernels' view (DnnlKernels.cpp).
  struct Store;
  Store &store() { return *store_; }

private:
  std::unique_ptr<Store> store_;
};

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_PACKEDWEIGHTS_H
