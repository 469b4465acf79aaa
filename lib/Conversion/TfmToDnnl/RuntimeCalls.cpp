//===- RuntimeCalls.cpp - tfm ops as calls of libtfmrt kernels ------------===//

#include "RuntimeCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tfm;

Value RuntimeCallBuilder::operand(Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  // Any strided layout: the kernels read the strides, so slices need no copy.
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(builder.getContext(), ShapedType::kDynamic, strides);
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType(), layout);
  // read_only: kernels never write their operands, so bufferization needs no
  // copy of weights and other non-writable buffers.
  Value memref =
      builder.create<bufferization::ToMemrefOp>(loc, memrefType, tensor, /*read_only=*/true);
  return builder.create<memref::CastOp>(
      loc, UnrankedMemRefType::get(type.getElementType(), /*memorySpace=*/0), memref);
}

Value RuntimeCallBuilder::allocate(RankedTensorType type, Value shapeSource,
                                   ArrayRef<std::pair<int64_t, Value>> overrides) {
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (!type.isDynamicDim(dim))
      continue;
    Value size;
    for (auto [overridden, value] : overrides)
      if (overridden == dim)
        size = value;
    if (!size)
      size = builder.create<tensor::DimOp>(loc, shapeSource, dim);
    dynamicSizes.push_back(size);
  }
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  // 64-byte alignment: a cache line and a full AVX-512 vector.
  return builder.create<memref::AllocOp>(loc, memrefType, dynamicSizes,
                                         builder.getI64IntegerAttr(64));
}

Value RuntimeCallBuilder::call(StringRef name, ValueRange operands, Value result) {
  SmallVector<Value> arguments(operands.begin(), operands.end());
  auto resultType = cast<MemRefType>(result.getType());
  // The result is the first memref<*x..> operand whose position the caller
  // reserved with a null value.
  Value unranked = builder.create<memref::CastOp>(
      loc, UnrankedMemRefType::get(resultType.getElementType(), 0), result);
  for (Value &argument : arguments)
    if (!argument)
      argument = unranked;
  auto functionType = builder.getFunctionType(ValueRange(arguments).getTypes(), {});
  auto function = module.lookupSymbol<func::FuncOp>(name);
  if (!function) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(module.getBody());
    function = builder.create<func::FuncOp>(loc, name, functionType);
    function.setPrivate();
    function->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  }
  builder.create<func::CallOp>(loc, function, arguments);
  return builder.create<bufferization::ToTensorOp>(
      loc, memref::getTensorTypeFromMemRefType(resultType), result, /*restrict=*/true,
      /*writable=*/true);
}

Value RuntimeCallBuilder::i64(int64_t value) {
  return builder.create<arith::ConstantIntOp>(loc, value, 64);
}

Value RuntimeCallBuilder::f64(double value) {
  return builder.create<arith::ConstantFloatOp>(loc, APFloat(value), builder.getF64Type());
}
