// Memory that runs out during a run: under ulimit -v 6000000 (about 5.7 GiB
// of address space), a batch of 400000 sequences of 32 ids to a tiny GPT-2
// needs a 1.7 GiB buffer that the system cannot give. The run ends with an
// out-of-memory error naming the size, exit status 1 and no output file, on
// both backends; it used to die of SIGSEGV. A small batch then runs.
// AddressSanitizer's shadow memory does not fit under such a limit.
// UNSUPPORTED: asan

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %tfm_src_root/scripts/make_reference.py --model gpt2 --out %t/gpt2 --no-cases
// RUN: tfm-import %t/gpt2/config.json -o %t/gpt2.mlir
// RUN: tfm-compile %t/gpt2.mlir -o %t/gpt2-dnnl.exe
// RUN: tfm-compile %t/gpt2.mlir --backend llvm -o %t/gpt2-llvm.exe
// RUN: %python -c "import numpy as np; np.save('%t/big.npy', np.zeros((400000, 32), dtype=np.int64)); np.save('%t/small.npy', np.array([[1, 2, 3]], dtype=np.int64))"

// RUN: not sh -c 'ulimit -v 6000000 && exec %t/gpt2-dnnl.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/big.npy --output-dir %t/out-dnnl-big' 2>&1 | FileCheck %s --check-prefix=OOM
// RUN: not sh -c 'ulimit -v 6000000 && exec %t/gpt2-llvm.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/big.npy --output-dir %t/out-llvm-big' 2>&1 | FileCheck %s --check-prefix=OOM
// OOM: gpt2-{{dnnl|llvm}}.exe: error: out of memory: the model needs a buffer of {{[0-9]+}} bytes ({{[0-9.]+}} GiB), which the system cannot give
// OOM-NOT: logits:
// RUN: test ! -e %t/out-dnnl-big/logits.npy && test ! -e %t/out-llvm-big/logits.npy

// RUN: sh -c 'ulimit -v 6000000 && exec %t/gpt2-dnnl.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/small.npy --output-dir %t/out-dnnl' | FileCheck %s --check-prefix=SMALL
// RUN: sh -c 'ulimit -v 6000000 && exec %t/gpt2-llvm.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/small.npy --output-dir %t/out-llvm' | FileCheck %s --check-prefix=SMALL
// SMALL: logits: float32 (1, 3, 97)
