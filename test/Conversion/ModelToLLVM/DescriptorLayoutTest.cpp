//===- DescriptorLayoutTest.cpp - the emitted structs are ModelAbi.h's ----===//
//
// tfm-emit-model-descriptor writes tfm_io_info, tfm_param_info and
// tfm_model as LLVM struct types (tfm_dim_equality as an array of int64), which libtfmrt reads as the C structs of
// tfm/Runtime/ModelAbi.h: under the data layout tfm-compile generates code
// with, every field must sit at the C field's offset, and the sizes (the
// stride of the tables) must agree.
//
//===----------------------------------------------------------------------===//

#include "tfm/Conversion/ModelToLLVM/ModelDescriptor.h"
#include "tfm/Pipelines/Target.h"
#include "tfm/Runtime/ModelAbi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Target/LLVMIR/TypeToLLVM.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/LLVMContext.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace {

class DescriptorLayoutTest : public ::testing::Test {
protected:
  void SetUp() override {
    context.loadDialect<mlir::LLVM::LLVMDialect>();
    llvm::Expected<mlir::tfm::TargetCpu> target = mlir::tfm::createTargetCpu("x86-64");
    ASSERT_TRUE(bool(target)) << llvm::toString(target.takeError());
    layout.emplace(target->machine->createDataLayout());
  }

  /// Checks `type` against the C struct of `size` bytes whose fields are at
  /// `offsets`, in order.
  void expectLayout(mlir::LLVM::LLVMStructType type, size_t size,
                    const std::vector<size_t> &offsets) {
    mlir::LLVM::TypeToLLVMIRTranslator translator(llvmContext);
    auto *translated = llvm::cast<llvm::StructType>(translator.translateType(type));
    const llvm::StructLayout *structLayout = layout->getStructLayout(translated);
    ASSERT_EQ(translated->getNumElements(), offsets.size()) << type.getName().str();
    for (size_t i = 0; i < offsets.size(); ++i)
      EXPECT_EQ(structLayout->getElementOffset(i), offsets[i])
          << type.getName().str() << " field " << i;
    EXPECT_EQ(structLayout->getSizeInBytes(), size) << type.getName().str();
  }

  mlir::MLIRContext context;
  llvm::LLVMContext llvmContext;
  std::optional<llvm::DataLayout> layout;
};

TEST_F(DescriptorLayoutTest, IoInfoIsModelAbis) {
  expectLayout(mlir::tfm::getIoInfoType(&context), sizeof(tfm_io_info),
               {offsetof(tfm_io_info, name), offsetof(tfm_io_info, dtype),
                offsetof(tfm_io_info, rank), offsetof(tfm_io_info, shape),
                offsetof(tfm_io_info, default_fill), offsetof(tfm_io_info, id_limit),
                offsetof(tfm_io_info, max_sequence), offsetof(tfm_io_info, updated_in_place),
                offsetof(tfm_io_info, offsets_input)});
}

TEST_F(DescriptorLayoutTest, ParamInfoIsModelAbis) {
  expectLayout(mlir::tfm::getParamInfoType(&context), sizeof(tfm_param_info),
               {offsetof(tfm_param_info, name), offsetof(tfm_param_info, rank),
                offsetof(tfm_param_info, shape), offsetof(tfm_param_info, transposed),
                offsetof(tfm_param_info, prepack), offsetof(tfm_param_info, aliases)});
}

TEST_F(DescriptorLayoutTest, ModelIsModelAbis) {
  expectLayout(mlir::tfm::getModelType(&context), sizeof(tfm_model),
               {offsetof(tfm_model, abi_version), offsetof(tfm_model, name),
                offsetof(tfm_model, num_inputs), offsetof(tfm_model, inputs),
                offsetof(tfm_model, num_outputs), offsetof(tfm_model, outputs),
                offsetof(tfm_model, num_params), offsetof(tfm_model, params),
                offsetof(tfm_model, entry), offsetof(tfm_model, target_cpu),
                offsetof(tfm_model, cpu_features), offsetof(tfm_model, num_dim_equalities),
                offsetof(tfm_model, dim_equalities), offsetof(tfm_model, precision)});
}

// Emitted as an array of int64, whose elements must be the C struct's
// fields in order.
TEST_F(DescriptorLayoutTest, DimEqualityIsModelAbis) {
  mlir::LLVM::TypeToLLVMIRTranslator translator(llvmContext);
  llvm::Type *row = translator.translateType(mlir::tfm::getDimEqualityType(&context));
  EXPECT_EQ(layout->getTypeAllocSize(row), sizeof(tfm_dim_equality));
  std::vector<size_t> offsets = {
      offsetof(tfm_dim_equality, input), offsetof(tfm_dim_equality, dim),
      offsetof(tfm_dim_equality, other_input), offsetof(tfm_dim_equality, other_dim),
      offsetof(tfm_dim_equality, size)};
  ASSERT_EQ(offsets.size(), static_cast<size_t>(mlir::tfm::kDimEqualityFields));
  for (size_t i = 0; i < offsets.size(); ++i)
    EXPECT_EQ(offsets[i], i * sizeof(int64_t)) << "field " << i;
}

} // namespace
