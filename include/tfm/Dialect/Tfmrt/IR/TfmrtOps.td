//===- TfmrtOps.td - calls of libtfmrt kernels as operations -*- tablegen -*-===//

#ifndef TFM_DIALECT_TFMRT_IR_TFMRTOPS_TD
#define TFM_DIALECT_TFMRT_IR_TFMRTOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tfmrt_Dialect : Dialect {
  let name = "tfmrt";
  let cppNamespace = "::mlir::tfmrt";
  let summary = "Calls of libtfmrt's kernels, as operations";
  let description = [{
    One operation per kernel of `libtfmrt` (`include/tfm/Runtime/Kernels.h`):
    the oneDNN-backed linear, matmul, layer norm and softmax of the `dnnl`
    backend, and the FlashAttention kernel both backends use. `tfm-to-dnnl`
    and `tfm-lower-attention` produce them on tensors, in destination style
    (the result is written into `into`, a `tensor.empty` of the result's
    shape); one-shot bufferization turns them into the same operations on
    buffers, without results; `tfmrt-to-calls` then replaces each by a call
    of its kernel, mechanically. Each verifier checks what the kernel's C
    interface requires: f32 elements, operand ranks, and attributes the
    kernel accepts.

    Before bufferization:

    ```mlir
    %init = tensor.empty(%rows) : tensor<?x768xf32>
    %y = tfmrt.linear %x, %w bias %b into %init flags 50 : (tensor<?x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x768xf32>) -> tensor<?x768xf32>
    ```

    After `tfmrt-to-calls`:

    ```mlir
    func.call @tfmrt_linear(%context, %xu, %wu, %bu, %xu, %yu, %c50) : (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64) -> ()
    ```

    Every kernel takes first libtfmrt's run context (`tfmrt_run_context *`,
    `ModelAbi.h`): the thread count, packed weights, oneDNN state and error
    sink of the run. `tfmrt-add-run-context` gives each public function an
    argument for it, marked `tfmrt.run_context` (a unit attribute, only on
    an `!llvm.ptr` argument, at most one per function), and
    `tfmrt-to-calls` passes the enclosing function's to every kernel.
  }];
  let usePropertiesForAttributes = 1;
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The unit attribute that marks the argument through which a function
    /// receives libtfmrt's run context.
    static constexpr ::llvm::StringLiteral getRunContextAttrName() {
      return ::llvm::StringLiteral("tfmrt.run_context");
    }
  }];
}

/// A kernel operation: inputs and one destination `init`, on tensors (one
/// result, the destination's type) or on buffers (no result).
class Tfmrt_KernelOp<string mnemonic, list<Trait> traits = []>
    : Op<Tfmrt_Dialect, mnemonic,
         !listconcat(traits, [DestinationStyleOpInterface,
                              DeclareOpInterfaceMethods<MemoryEffectsOpInterface>])> {
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let hasVerifier = 1;
  code kernelClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
    /// The kernel's C name, without the `_mlir_ciface_` prefix.
    static ::llvm::StringRef getKernelName();
    /// The kernel's arguments in C order, for operands already converted to
    /// unranked memrefs by `memref`; scalars are built with `builder`.
    ::llvm::SmallVector<::mlir::Value>
    getKernelArguments(::mlir::OpBuilder &builder,
                       ::llvm::function_ref<::mlir::Value(::mlir::Value)> memref);
  }];
  let extraClassDeclaration = kernelClassDeclaration;
  // On buffers every kernel reads its inputs and writes its destination.
  let extraClassDefinition = [{
    void $cppClass::getEffects(
        ::llvm::SmallVectorImpl<::mlir::SideEffects::EffectInstance<::mlir::MemoryEffects::Effect>>
            &effects) {
      ::mlir::tfmrt::getKernelEffects(*this, getInit(), effects);
    }
  }];
}

def Tfmrt_LinearOp : Tfmrt_KernelOp<"linear", [AttrSizedOperandSegments]> {
  let summary = "`tfmrt_linear`: activation(input · weight + bias) + residual";
  let description = [{
    `flags` are the kernel's (`TFMRT_LINEAR_*` and `TFMRT_ACTIVATION_*`):
    the weight's layout (`0x10`: `[N, K]`, else `[K, N]`), the activation in
    the low bits, and `0x20` / `0x40` exactly when `bias` / `residual` are
    given.
  }];
  let arguments = (ins AnyShaped:$input, AnyShaped:$weight, Optional<AnyShaped>:$bias,
                       Optional<AnyShaped>:$residual, AnyShaped:$init, I64Attr:$flags);
  let assemblyFormat = [{
    $input `,` $weight (`bias` $bias^)? (`residual` $residual^)? `into` $init `flags` $flags
    attr-dict `:` functional-type(operands, results)
  }];
}

def Tfmrt_MatmulOp : Tfmrt_KernelOp<"matmul"> {
  let summary = "`tfmrt_matmul`: batched lhs · rhs (rhsᵀ with `transpose_rhs`)";
  let arguments = (ins AnyShaped:$lhs, AnyShaped:$rhs, AnyShaped:$init, UnitAttr:$transpose_rhs);
  let assemblyFormat = [{
    $lhs `,` $rhs `into` $init attr-dict `:` functional-type(operands, results)
  }];
}

def Tfmrt_LayerNormOp : Tfmrt_KernelOp<"layer_norm"> {
  let summary = "`tfmrt_layer_norm`: layer normalisation over the last dimension";
  let arguments = (ins AnyShaped:$input, AnyShaped:$gamma, AnyShaped:$beta, AnyShaped:$init,
                       F64Attr:$epsilon);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `into` $init `eps` $epsilon attr-dict `:`
    functional-type(operands, results)
  }];
}

def Tfmrt_SoftmaxOp : Tfmrt_KernelOp<"softmax"> {
  let summary = "`tfmrt_softmax`: softmax over the last dimension";
  let arguments = (ins AnyShaped:$input, AnyShaped:$init);
  let assemblyFormat = [{
    $input `into` $init attr-dict `:` functional-type(operands, results)
  }];
}

def Tfmrt_AttentionOp : Tfmrt_KernelOp<"attention"> {
  let summary = "`tfmrt_attention`: FlashAttention over `num_heads` heads";
  let description = [{
    Query `[B, T, D]`, key and value `[B, S, D]`, result `[B, T, D]`;
    `mask_kind` is the kernel's (`0` none, `1` causal, `2` additive), and an
    additive mask is given exactly when `mask_kind` is 2. With `bf16`, both
    products take bf16-rounded inputs with f32 accumulation where the CPU
    runs that faster than f32 (the kernel's `bf16` argument 1; elsewhere the
    kernel computes in f32).
  }];
  let arguments = (ins AnyShaped:$query, AnyShaped:$key, AnyShaped:$value,
                       Optional<AnyShaped>:$mask, AnyShaped:$init, I64Attr:$num_heads,
                       F64Attr:$scale, I64Attr:$mask_kind, UnitAttr:$bf16);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? `into` $init `heads` $num_heads `scale` $scale
    `mask_kind` $mask_kind (`bf16` $bf16^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Tfmrt_KvCacheWriteOp : Tfmrt_KernelOp<"kv_cache_write"> {
  let summary = "`tfmrt_kv_cache_write`: a layer's new keys and values into the KV cache";
  let description = [{
    Key and value `[B, T, D]` go to rows `[position, position + T)` of layer
    `layer` of the cache `[L, 2, B, M, D]`, the destination; its other rows
    are kept, so unlike the other kernels this one reads its destination.
    `position` is a rank-0 i64 tensor or buffer. The kernel checks the bounds
    and records an error instead of writing out of them.
  }];
  let arguments = (ins AnyShaped:$key, AnyShaped:$value, AnyShaped:$position, AnyShaped:$init,
                       Index:$layer);
  let assemblyFormat = [{
    $key `,` $value `at` $position `into` $init `layer` $layer attr-dict `:`
    type($key) `,` type($value) `,` type($position) `,` type($init) (`->` type($result)^)?
  }];
}

//===----------------------------------------------------------------------===//
// The run's heap
//===----------------------------------------------------------------------===//

/// The run context, as generated code holds it.
def Tfmrt_RunContextType
    : Type<CPred<"::llvm::isa<::mlir::LLVM::LLVMPointerType>($_self)">,
           "!llvm.ptr to the run context">,
      BuildableType<"::mlir::LLVM::LLVMPointerType::get($_builder.getContext())">;

def Tfmrt_AllocOp : Op<Tfmrt_Dialect, "alloc"> {
  let summary = "`tfmrt_alloc`: a buffer of the run, or the end of the run when memory is out";
  let description = [{
    `memref.alloc` in a function that holds the run context
    (`tfmrt-allocate-in-run-context`). It lowers to a call of
    `tfmrt_alloc(context, alignment, bytes)` (`ModelAbi.h`), which serves
    the buffer from libtfmrt's pool and records it as the run's. When memory
    is out, the call does not return: the runtime records an out-of-memory
    error naming the size, returns the run's buffers to the pool and ends
    the run. So generated code never sees a null buffer. `dynamic_sizes`
    gives the dynamic dimensions in order; the layout is the identity.
    `alignment` (bytes, a power of 2) is at least 64 at run time.

    ```mlir
    %buffer = tfmrt.alloc %context(%rows) {alignment = 64 : i64} : memref<?x768xf32>
    ```
  }];
  let arguments = (ins Tfmrt_RunContextType:$context, Variadic<Index>:$dynamic_sizes,
                       OptionalAttr<I64Attr>:$alignment);
  let results = (outs Res<AnyMemRef, "", [MemAlloc<DefaultResource>]>:$memref);
  let assemblyFormat = [{
    $context `(` $dynamic_sizes `)` attr-dict `:` type($memref)
  }];
  let hasVerifier = 1;
}

def Tfmrt_DeallocOp : Op<Tfmrt_Dialect, "dealloc"> {
  let summary = "`tfmrt_free`: returns a buffer of `tfmrt.alloc` to the pool";
  let description = [{
    `memref.dealloc` in a function that holds the run context. Lowers to a
    call of `tfmrt_free(context, allocated pointer)`, which returns the
    buffer to libtfmrt's pool and forgets it as the run's.

    ```mlir
    tfmrt.dealloc %context, %buffer : memref<?x768xf32>
    ```
  }];
  let arguments = (ins Tfmrt_RunContextType:$context,
                       Arg<AnyMemRef, "", [MemFree<DefaultResource>]>:$memref);
  let assemblyFormat = "$context `,` $memref attr-dict `:` type($memref)";
}

#endif // TFM_DIALECT_TFMRT_IR_TFMRTOPS_TD
