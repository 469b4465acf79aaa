//===- Passes.td - lowerings out of the tfm dialect --------*- tablegen -*-===//

#ifndef TFM_CONVERSION_PASSES_TD
#define TFM_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TfmToLinalg : Pass<"tfm-to-linalg"> {
  let summary = "Lower tfm ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Lowers every tfm op except `tfm.param` (bound by
    `tfm-params-to-arguments`) to structured ops on tensors: matrix products
    become `linalg.generic` contractions, normalisations become row
    reductions followed by an element-wise generic, masks become generics
    that compute their values from indices. `tfm.attention` is first
    decomposed into head split, product, masked softmax and merge.

    Masks are applied before the softmax: a boolean keep-mask selects `-inf`,
    an additive mask is added to the scaled scores.

    Before:

    ```mlir
    %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    ```

    After (abbreviated): the bias is broadcast into the accumulator and the
    product adds onto it.

    ```mlir
    %init = linalg.broadcast ins(%b : tensor<8xf32>) outs(%e : tensor<?x8xf32>) dimensions = [0]
    %y = linalg.generic {indexing_maps = [(m, n, k) -> (m, k), (m, n, k) -> (k, n), (m, n, k) -> (m, n)],
                         iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%x, %w : tensor<?x4xf32>, tensor<4x8xf32>) outs(%init : tensor<?x8xf32>) {...}
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"];
}

def TfmToDnnl : Pass<"tfm-to-dnnl", "::mlir::ModuleOp"> {
  let summary = "Lower linear, matmul, layer norm and softmax to oneDNN kernels in libtfmrt";
  let description = [{
    The dnnl backend: every f32 `tfm.linear` (with its bias, activation and
    residual, which oneDNN applies as post-ops of the product), `tfm.matmul`,
    `tfm.layer_norm` and `tfm.softmax` becomes the `tfmrt` operation of the
    libtfmrt kernel (`tfm/Runtime/Kernels.h`) that runs a cached oneDNN
    primitive, in destination style: the result is written into a
    `tensor.empty` of its shape. One-shot bufferization then works on them
    like on any destination-style operation, and `tfmrt-to-calls` turns them
    into kernel calls. Ops of other element types are left for
    `tfm-to-linalg`.

    The kernel's epilogue applies every activation of a linear (the GELUs,
    `tanh`, `relu`, `silu`) before its residual.

    Before:

    ```mlir
    %y = tfm.linear %x, %w, %b layout <out_in> activation <gelu_erf> : (tensor<?x?x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<?x?x3072xf32>
    ```

    After (flags 0x32 = out_in weight, bias, gelu_erf):

    ```mlir
    %init = tensor.empty(%d0, %d1) : tensor<?x?x3072xf32>
    %y = tfmrt.linear %x, %w bias %b into %init flags 50 : (tensor<?x?x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>, tensor<?x?x3072xf32>) -> tensor<?x?x3072xf32>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect", "::mlir::tfmrt::TfmrtDialect"];
}

def TfmMarkPrepackedWeights : Pass<"tfm-mark-prepacked-weights", "::mlir::func::FuncOp"> {
  let summary = "Mark the weights the dnnl backend's linear kernel wants reordered at load";
  let description = [{
    Runs after `tfm-params-to-arguments` and the fusions, for the dnnl
    backend. An argument bound to a weight (`tfm.param`) that an f32
    `tfm.linear` multiplies by gets `tfm.prepack`, the `tfmrt_linear` flags
    of that linear (`Kernels.h`: weight layout, bias, activation, residual).
    `tfm-compile` records it in the model's description. The layout oneDNN
    wants depends on the kernel, which these flags choose, so the runtime
    asks the primitive the kernel will create for them and reorders the
    weight into its layout when it binds it; the first run does not pay for
    it. Without the mark the kernel reorders on first use; the result is the
    same. A weight two linears read keeps the first one's mark.

    Before:

    ```mlir
    func.func @forward(%x: tensor<?x768xf32>, %w: tensor<3072x768xf32> {tfm.param = "fc.weight"},
                       %b: tensor<3072xf32> {tfm.param = "fc.bias"}) -> tensor<?x3072xf32> {
      %y = tfm.linear %x, %w, %b layout <out_in> activation <gelu_erf> : (tensor<?x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<?x3072xf32>
    ```

    After (`0x32`: `TFMRT_LINEAR_BIAS | TFMRT_LINEAR_WEIGHT_OUT_IN | TFMRT_ACTIVATION_GELU_ERF`):
    `%w: tensor<3072x768xf32> {tfm.param = "fc.weight", tfm.prepack = 50 : i64}`.
  }];
}

def TfmLowerAttention : Pass<"tfm-lower-attention", "::mlir::ModuleOp"> {
  let summary = "Lower tfm.attention to libtfmrt's FlashAttention kernel";
  let description = [{
    Both backends run `tfm.attention` (usually made by `tfm-fuse-attention`)
    as one `tfmrt.attention`, a call of `tfmrt_attention`: one task per (batch, head, query tile),
    an online softmax over key blocks, so the T x S score matrix is never
    materialised and attention memory grows with T, not T². A mask made by
    `tfm.causal_mask` is passed as a flag (whole key blocks past the diagonal
    are skipped); a boolean keep-mask is first turned into an additive one
    (0 or -inf); an f32 additive mask is passed as is and broadcast by the
    kernel. Attention over other element types is left for `tfm-to-linalg`.

    Before:

    ```mlir
    %keep = tfm.causal_mask %t : tensor<?x?xi1>
    %a = tfm.attention %q, %k, %v mask %keep heads 12 scale 1.250000e-01 : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?xi1>) -> tensor<?x?x768xf32>
    ```

    After (mask kind 1 = causal):

    ```mlir
    %init = tensor.empty(%d0, %d1) : tensor<?x?x768xf32>
    %a = tfmrt.attention %q, %k, %v into %init heads 12 scale 1.250000e-01 mask_kind 1 : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::tfmrt::TfmrtDialect"];
}

def TfmrtAddRunContext : Pass<"tfmrt-add-run-context", "::mlir::ModuleOp"> {
  let summary = "Give every function an argument for libtfmrt's run context";
  let description = [{
    Runs first in the lowering to LLVM. libtfmrt calls a compiled model with
    the context of the run (`tfmrt_run_context *`, `ModelAbi.h`: the thread
    count, the binding's packed weights, the oneDNN state and the run's
    error sink and the run's buffers), which every kernel call and every
    allocation must pass on. Each `func.func` with a body, public or
    private, gets it as a new first argument, an `!llvm.ptr` marked
    `tfmrt.run_context`; a function that already has one is left as it is,
    and declarations get none. Calls of a function that got one pass on the
    caller's context. A function used other than by `func.call` (e.g. by
    `func.constant`) is an error: an indirect call would not pass it.
    `tfmrt-to-calls` then passes the enclosing function's context to every
    kernel, and `tfmrt-allocate-in-run-context` to every allocation.

    Before:

    ```mlir
    func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
      %init = tensor.empty() : tensor<4x8xf32>
      %y = tfmrt.softmax %x into %init : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
      return %y : tensor<4x8xf32>
    }
    ```

    After:

    ```mlir
    func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<4x8xf32>) -> tensor<4x8xf32> {
      %init = tensor.empty() : tensor<4x8xf32>
      %y = tfmrt.softmax %x into %init : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
      return %y : tensor<4x8xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::tfmrt::TfmrtDialect"];
}

def TfmrtToCalls : Pass<"tfmrt-to-calls", "::mlir::ModuleOp"> {
  let summary = "Replace tfmrt kernel operations on buffers by calls of their kernels";
  let description = [{
    Runs after one-shot bufferization. Each `tfmrt` operation on buffers
    becomes a `func.call` of its `libtfmrt` kernel: every buffer is cast to
    an unranked memref (the kernels read sizes and strides at run time, so a
    strided slice needs no copy) and scalar attributes become constants, in
    the order of the kernel's C declaration (`Kernels.h`). The kernel is
    declared once per module, private, with MLIR's C interface
    (`llvm.emit_c_interface`). The first operand of every call is the run
    context: the argument of the enclosing function marked
    `tfmrt.run_context` (`tfmrt-add-run-context`). An operation still on
    tensors, or in a function without a run context, is an error.

    Before:

    ```mlir
    func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %x: memref<?x8xf32>, %y: memref<?x8xf32>) {
      tfmrt.softmax %x into %y : (memref<?x8xf32>, memref<?x8xf32>) -> ()
    ```

    After:

    ```mlir
      %xu = memref.cast %x : memref<?x8xf32> to memref<*xf32>
      %yu = memref.cast %y : memref<?x8xf32> to memref<*xf32>
      call @tfmrt_softmax(%context, %xu, %yu) : (!llvm.ptr, memref<*xf32>, memref<*xf32>) -> ()
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TfmrtAllocateInRunContext : Pass<"tfmrt-allocate-in-run-context", "::mlir::ModuleOp"> {
  let summary = "Allocate buffers from the run context, so that a run out of memory ends cleanly";
  let description = [{
    Runs after bufferization and the deallocation pipeline, when every
    buffer is a `memref.alloc` freed by a `memref.dealloc`. In a function
    with a `tfmrt.run_context` argument, each becomes `tfmrt.alloc` /
    `tfmrt.dealloc` on that context (lowered by `tfmrt-heap-to-llvm`): the
    runtime then knows the run's buffers, and a failed allocation ends the
    run with an out-of-memory error instead of handing generated code a
    null buffer. Ending the run unwinds to the runtime's call of the model,
    which a thread of a parallel loop cannot do, so an allocation inside
    `scf.forall` or `scf.parallel` is an error; so is one in a function
    without a run context. `memref.alloca` (stack) is left as it is.

    Before:

    ```mlir
    func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %n: index) {
      %buffer = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
      memref.dealloc %buffer : memref<?x8xf32>
    ```

    After:

    ```mlir
      %buffer = tfmrt.alloc %context(%n) {alignment = 64 : i64} : memref<?x8xf32>
      tfmrt.dealloc %context, %buffer : memref<?x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::tfmrt::TfmrtDialect"];
}

def TfmrtHeapToLLVM : Pass<"tfmrt-heap-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower tfmrt.alloc and tfmrt.dealloc to calls of tfmrt_alloc and tfmrt_free";
  let description = [{
    Runs just before `finalize-memref-to-llvm`, which lowers the buffers'
    other uses. `tfmrt.alloc` becomes a call of `tfmrt_alloc(context,
    alignment, bytes)` (`ModelAbi.h`; alignment 0 when the op has none) and
    a memref descriptor of the identity layout around the pointer it
    returns, which is already aligned; `tfmrt.dealloc` becomes a call of
    `tfmrt_free(context, allocated pointer)`. Memref values cross to the
    remaining memref ops through `builtin.unrealized_conversion_cast`, which
    `reconcile-unrealized-casts` removes.

    Before:

    ```mlir
    %buffer = tfmrt.alloc %context(%n) {alignment = 64 : i64} : memref<?x8xf32>
    ```

    After (descriptor building elided):

    ```mlir
    %bytes = llvm.mul ... : i64
    %pointer = llvm.call @tfmrt_alloc(%context, %c64, %bytes) : (!llvm.ptr, i64, i64) -> !llvm.ptr
    %descriptor = llvm.insertvalue %pointer, ... : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %buffer = builtin.unrealized_conversion_cast %descriptor : !llvm.struct<...> to memref<?x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def TfmEmitModelDescriptor : Pass<"tfm-emit-model-descriptor", "::mlir::ModuleOp"> {
  let summary = "Describe @forward to libtfmrt: LLVM globals, tfm_compiled_model() and the entry's declaration";
  let description = [{
    Runs at the start of the lowering to LLVM, on `@forward` after weight
    binding (tfm-compile reads the interface there too, but emits the
    globals after the lowering, whose passes would otherwise each walk their
    dozen operations per weight):
    reads its interface from its types and `tfm.*` argument and result
    attributes (`tfm.name`, `tfm.default`, `tfm.param`, `tfm.transposed`,
    `tfm.prepack`, `tfm.aliases`; id limits from the embedding tables an
    input indexes) and emits the description libtfmrt reads
    (`tfm/Runtime/ModelAbi.h`) as private constant LLVM globals: a string
    per name, the `tfm_io_info`, `tfm_param_info` and `tfm_dim_equality`
    tables, the NULL-terminated CPU features and the `tfm_model` struct, returned by
    `tfm_compiled_model()`. The model's entry point, `tfm_model_entry`, is
    declared and marked with how it will call `@_mlir_ciface_forward`;
    `tfm-define-model-entry` gives it its body after the lowering. A first
    argument marked `tfmrt.run_context` is the run context, not an input.
    With `emit-main`, `main(argc, argv)` returns `tfmrt_main(argc, argv,
    tfm_compiled_model())`. `main` and `tfm_compiled_model` run before
    libtfmrt checks the CPU, so they are compiled for baseline x86-64.
    The attributes are then removed from `@forward`, which gets
    `llvm.emit_c_interface`; each weight's argument is marked instead with
    `tfm.weight_index`, its position in the table of weight descriptors the
    entry will pass (`tfm-load-weights-from-table`). The entry's mark
    counts the input descriptors (`descriptors`) and the weights
    (`weights`).

    The `tfm_dim_equality` table records what each dynamic input dimension
    must equal before a run, one row `[input, dim, other_input, other_dim,
    size]` each: the dimensions the ops equate
    (`tfm::EqualDimsOpInterface`, all dimensions of ops whose operands and
    results share one shape, and of `tensor.cast`) are followed through
    `@forward`, and a
    dynamic input dimension must equal the static size its class meets
    (`other_input` -1) or the first input dimension of its class. Two
    different static sizes in one class are an error at the op that equates
    them, with a note where each size comes from.

    Bad types or attributes are errors at `@forward`, as are a missing
    `@forward` and a module that already defines `tfm_compiled_model`,
    `tfm_model_entry` or (with `emit-main`) `main`.

    Before (`model-name=tiny target-cpu=x86-64-v3 cpu-features=avx2`), with a
    body that adds `x` and `r`:

    ```mlir
    func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}, %r: tensor<?x4xf32> {tfm.name = "r"},
                       %w: tensor<4x4xf32> {tfm.param = "fc.weight", tfm.prepack = 2 : i64})
        -> (tensor<?x4xf32> {tfm.name = "y"})
    ```

    After (abbreviated: each table's initializer inserts its fields in
    order):

    ```mlir
    func.func @forward(%x: tensor<?x4xf32>, %r: tensor<?x4xf32>,
                       %w: tensor<4x4xf32> {tfm.weight_index = 0 : i64})
        -> tensor<?x4xf32> attributes {llvm.emit_c_interface}
    llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
        attributes {tfm.model_entry = {context = false, descriptors = 2 : i64, results = true,
                                       weights = 1 : i64}}
    llvm.mlir.global private constant @tfm_model_name("tiny\00")
    llvm.mlir.global private constant @tfm_inputs_0_name("x\00")
    llvm.mlir.global private constant @tfm_inputs() : !llvm.array<2 x struct<"tfm_io_info",
        (ptr, i32, i32, array<8 x i64>, ptr, i64, i64)>> {...}
    llvm.mlir.global private constant @tfm_params() : !llvm.array<1 x struct<"tfm_param_info",
        (ptr, i32, array<8 x i64>, i32, i32, ptr)>> {...}  // prepack 258 = 0x100 | 2
    // r's dimension 0 is x's.
    llvm.mlir.global private constant @tfm_dim_equalities(dense<[[1, 0, 0, 0, 0]]>
        : tensor<1x5xi64>) : !llvm.array<1 x array<5 x i64>>
    llvm.mlir.global private constant @tfm_model() : !llvm.struct<"tfm_model",
        (i32, ptr, i32, ptr, i32, ptr, i32, ptr, ptr, ptr, ptr, i32, ptr)> {...}
    llvm.func @tfm_compiled_model() -> !llvm.ptr
        attributes {target_cpu = "x86-64", target_features = #llvm.target_features<[]>} {
      %0 = llvm.mlir.addressof @tfm_model : !llvm.ptr
      llvm.return %0 : !llvm.ptr
    }
    ```
  }];
  let options = [
    Option<"modelName", "model-name", "std::string", /*default=*/"\"model\"",
           "The name the description records (tfm_model.name)">,
    Option<"targetCpu", "target-cpu", "std::string", /*default=*/"\"\"",
           "The CPU the code is compiled for, recorded for messages; empty records none">,
    ListOption<"cpuFeatures", "cpu-features", "std::string",
               "The x86 features beyond baseline x86-64 the code may use: the runtime "
               "refuses to run the model on a CPU that lacks one">,
    Option<"emitMain", "emit-main", "bool", /*default=*/"false",
           "Also define the executable's main(argc, argv), which returns "
           "tfmrt_main(argc, argv, tfm_compiled_model())">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def TfmDropInPlaceResults : Pass<"tfm-drop-in-place-results", "::mlir::ModuleOp"> {
  let summary = "Drop the results that return an argument's buffer (an input updated in place)";
  let description = [{
    Runs right after one-shot bufferization. A model that updates an input
    in place (a KV cache: the result marked `tfm.updates` with the input's
    `tfm.name`) writes the caller's buffer; the result is not an output.
    This pass removes it from `@forward`, after checking that bufferization
    wrote the input's own buffer (through `memref.cast` and the calls of
    outlined layers): otherwise it is an error, since the caller's buffer
    would not be updated. A private function's results that return one of
    its arguments' buffers are removed too, their calls using the operand:
    the deallocation pipeline would otherwise copy them, once per layer and
    step. Other results of `@forward`, even an input returned as is, stay.

    Before:

    ```mlir
    func.func private @layer(%cache: memref<2x2x1x8x4xf32>, ...) -> (memref<1x?x4xf32>, memref<2x2x1x8x4xf32>) {
      ...
      return %h, %cache : memref<1x?x4xf32>, memref<2x2x1x8x4xf32>
    }
    func.func @forward(%ids: memref<1x?xi64>, %cache: memref<2x2x1x8x4xf32> {tfm.name = "kv_cache"}, ...)
        -> (memref<1x?x16xf32>, memref<2x2x1x8x4xf32> {tfm.updates = "kv_cache"}) {
      %h, %cache1 = call @layer(%cache, ...) : ...
      ...
      return %logits, %cache1 : memref<1x?x16xf32>, memref<2x2x1x8x4xf32>
    }
    ```

    After:

    ```mlir
    func.func private @layer(%cache: memref<2x2x1x8x4xf32>, ...) -> memref<1x?x4xf32> {
      ...
      return %h : memref<1x?x4xf32>
    }
    func.func @forward(%ids: memref<1x?xi64>, %cache: memref<2x2x1x8x4xf32>, ...) -> memref<1x?x16xf32> {
      %h = call @layer(%cache, ...) : ...
      ...
      return %logits : memref<1x?x16xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def TfmLoadWeightsFromTable : Pass<"tfm-load-weights-from-table", "::mlir::ModuleOp"> {
  let summary = "Pass @forward's weights as one pointer to their descriptors, not one argument each";
  let description = [{
    Runs at the end of the lowering to LLVM, before
    `convert-openmp-to-llvm` (which also converts the functions), when only
    the function boundaries still have memref types. Every memref argument would become
    its descriptor's 3 + 2 x rank scalars, and the C interface's wrapper
    would load them all: a model's thousands of weights made `@forward`'s
    signature, the loads and instruction selection grow faster than the
    layer count (a 48-layer GPT-2 compiled in 3 times the time of a 12-layer
    one). Instead, the arguments marked `tfm.weight_index` (by
    `tfm-emit-model-descriptor`; static shapes and strides) are replaced by
    one `!llvm.ptr` argument, last: a table of pointers to the weights'
    descriptors, which the model's entry passes from `arguments` after the
    inputs (`tfm_entry_fn`, unchanged). Each weight's allocated and aligned
    pointers are loaded from its descriptor where the function starts; its
    offset, sizes and strides are the constants of its type.

    A function marked this way must not be called in the module, have a
    body, and number its weights 0, 1, ... without gaps or repeats; a weight
    must be a memref of static shape and strided layout with static offset
    and strides. Otherwise it is an error at the function. Functions without
    marks are left as they are.

    Before (after the rest of the lowering to LLVM):

    ```mlir
    func.func @forward(%x: memref<?x4xf32>, %w: memref<4x4xf32> {tfm.weight_index = 0 : i64})
        attributes {llvm.emit_c_interface} {
      %0 = builtin.unrealized_conversion_cast %w : memref<4x4xf32> to
          !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
      ...
    }
    ```

    After:

    ```mlir
    func.func @forward(%x: memref<?x4xf32>, %weights: !llvm.ptr)
        attributes {llvm.emit_c_interface} {
      %slot = llvm.getelementptr inbounds %weights[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
      %descriptor = llvm.load %slot : !llvm.ptr -> !llvm.ptr
      %allocated = llvm.load %descriptor : !llvm.ptr -> !llvm.ptr
      %field = llvm.getelementptr inbounds %descriptor[0, 1] : (!llvm.ptr) -> !llvm.ptr,
          !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
      %aligned = llvm.load %field : !llvm.ptr -> !llvm.ptr
      %built = ... llvm.insertvalue of %allocated, %aligned, offset 0, sizes [4, 4],
          strides [4, 1] ...
      %w = builtin.unrealized_conversion_cast %built :
          !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<4x4xf32>
      %0 = builtin.unrealized_conversion_cast %w : memref<4x4xf32> to
          !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
      ...
    }
    ```

    `reconcile-unrealized-casts` then folds the pair of casts.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def TfmDefineModelEntry : Pass<"tfm-define-model-entry", "::mlir::ModuleOp"> {
  let summary = "Define the model's entry point: descriptors in, a call of _mlir_ciface_forward";
  let description = [{
    Runs last in the lowering to LLVM, once `@forward` has MLIR's C
    interface `@_mlir_ciface_forward` (its memref arguments and results
    passed by pointer to their descriptors). Defines the body of the entry
    point `tfm-emit-model-descriptor` declared (`tfm_entry_fn` in
    `tfm/Runtime/ModelAbi.h`): it loads each input's descriptor pointer from
    `arguments` and passes them on, after the results' address (when
    `@forward` returns anything) and the run context (when its first
    argument is `tfmrt.run_context`), then, when the model has weights, the
    address of the weights' descriptor pointers that follow the inputs' in
    `arguments` (see `tfm-load-weights-from-table`), as the declaration's
    `tfm.model_entry` mark says. libtfmrt builds the descriptors and adopts the results, for
    any rank. The entry becomes internal: only `tfm_model.entry` refers to
    it. A module without a marked declaration is left as it is; a missing
    or mismatched `@_mlir_ciface_forward` is an error.

    Before:

    ```mlir
    llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
        attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = true,
                                       weights = 2 : i64}}
    llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr, !llvm.ptr)
    ```

    After:

    ```mlir
    llvm.func internal @tfm_model_entry(%results: !llvm.ptr, %context: !llvm.ptr,
                                        %arguments: !llvm.ptr) {
      %0 = llvm.getelementptr inbounds %arguments[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
      %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
      %weights = llvm.getelementptr inbounds %arguments[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
      llvm.call @_mlir_ciface_forward(%results, %1, %weights) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
      llvm.return
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // TFM_CONVERSION_PASSES_TD
