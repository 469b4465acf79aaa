//===- RuntimeCalls.h - tfm ops as calls of libtfmrt kernels ----*- C++ -*-===//
//
// The boundary both runtime lowerings share: tensors become unranked memrefs
// for the call, the result is a fresh buffer handed back to tensors with
// `bufferization.to_tensor restrict writable`.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_CONVERSION_TFMTODNNL_RUNTIMECALLS_H
#define TFM_LIB_CONVERSION_TFMTODNNL_RUNTIMECALLS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::tfm {

/// Whether `value` is a ranked f32 tensor: the kernels' only element type.
inline bool isF32Tensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getElementType().isF32();
}

class RuntimeCallBuilder {
public:
  RuntimeCallBuilder(ModuleOp module, OpBuilder &builder, Location loc)
      : module(module), builder(builder), loc(loc) {}

  /// `tensor` as `memref<*xT>` for a call operand.
  Value operand(Value tensor);
  /// A new buffer for a result of type `type`, whose dynamic dimensions are
  /// those of `shapeSource` (same rank) except the ones listed in
  /// `overrides` (dimension, value).
  Value allocate(RankedTensorType type, Value shapeSource,
                 ArrayRef<std::pair<int64_t, Value>> overrides = {});
  /// Calls the runtime kernel `name` (declared on first use, with MLIR's C
  /// interface) and returns `result` (from `allocate`) as a tensor.
  Value call(StringRef name, ValueRange operands, Value result);

  Value i64(int64_t value);
  Value f64(double value);

private:
  ModuleOp module;
  OpBuilder &builder;
  Location loc;
};

} // namespace mlir::tfm

#endif // TFM_LIB_CONVERSION_TFMTODNNL_RUNTIMECALLS_H
