// The contract of a compiled model's executable: bad inputs, weights or
// flags end in one error naming the problem and a non-zero exit, never in a
// crash (plain `not` fails on a signal; only `not --crash` accepts one).
// Usage errors exit 2, data errors 1. The model is a tiny random-weight
// GPT-2 (vocab 97, 32 positions) from scripts/make_reference.py; a BERT
// checkpoint stands in for weights of the wrong model.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %tfm_src_root/scripts/make_reference.py --model gpt2 --out %t/gpt2 --no-cases
// RUN: %python %tfm_src_root/scripts/make_reference.py --model bert --out %t/bert --no-cases
// RUN: tfm-import %t/gpt2/config.json -o %t/gpt2.mlir
// RUN: tfm-compile %t/gpt2.mlir -o %t/gpt2.exe
// RUN: %python %S/Inputs/make-run-inputs.py %t/gpt2 %t/in | FileCheck %s --check-prefix=INPUTS
// INPUTS: transposed transformer.wte.weight in wrong-shape.safetensors

// A successful run prints a summary and writes logits.npy, [B, T, vocab].
// RUN: %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/out | FileCheck %s --check-prefix=OK
// OK: logits: float32 (1, 3, 97) [{{.*}}] -> {{.*}}/logits.npy
// RUN: %python %S/Inputs/make-run-inputs.py --describe %t/out/logits.npy | FileCheck %s --check-prefix=LOGITS
// LOGITS: float32 1x3x97 finite
// int32 ids, a batch of 2, the full 32 positions and 2 threads are valid too.
// RUN: %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-i32.npy --output-dir %t/out-i32 | FileCheck %s --check-prefix=OK
// RUN: %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-batch2.npy --output-dir %t/out-b2 | FileCheck %s --check-prefix=OK-B2
// OK-B2: logits: float32 (2, 3, 97)
// RUN: %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-max-length.npy --output-dir %t/out-max | FileCheck %s --check-prefix=OK-MAX
// OK-MAX: logits: float32 (1, 32, 97)
// RUN: %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/out-t2 --threads 2 | FileCheck %s --check-prefix=OK

// Inputs.
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=UNKNOWN-INPUT
// UNKNOWN-INPUT: gpt2.exe: error: unknown input 'ids'; the model's inputs are: input_ids
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-out-of-vocab.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=OUT-OF-VOCAB
// OUT-OF-VOCAB: gpt2.exe: error: input 'input_ids' ({{.*}}ids-out-of-vocab.npy): input_ids[0, 1] = 97 is out of the vocabulary [0, 97)
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-negative.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: gpt2.exe: error: input 'input_ids' ({{.*}}ids-negative.npy): input_ids[0, 1] = -1 is out of the vocabulary [0, 97)
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-too-long.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=TOO-LONG
// TOO-LONG: gpt2.exe: error: input 'input_ids' ({{.*}}ids-too-long.npy): sequence length 33 exceeds the model's 32 positions
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-rank1.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=RANK1
// RANK1: gpt2.exe: error: input 'input_ids' ({{.*}}ids-rank1.npy): expected rank 2 (shape (?, ?)), got shape (3,)
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-rank3.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=RANK3
// RANK3: gpt2.exe: error: input 'input_ids' ({{.*}}ids-rank3.npy): expected rank 2 (shape (?, ?)), got shape (1, 1, 3)
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-float.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=FLOAT
// FLOAT: gpt2.exe: error: input 'input_ids' ({{.*}}ids-float.npy): expected int64 or int32 data, got float32
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-empty.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: gpt2.exe: error: input 'input_ids' ({{.*}}ids-empty.npy): shape (1, 0) is empty; every dimension must be at least 1
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/not-npy.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NOT-NPY
// NOT-NPY: gpt2.exe: error: input 'input_ids': {{.*}}not-npy.npy: not a .npy file
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/missing.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NO-FILE
// NO-FILE: gpt2.exe: error: input 'input_ids': {{.*}}missing.npy: cannot open: No such file or directory

// Weights.
// RUN: not %t/gpt2.exe --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NO-WEIGHTS
// NO-WEIGHTS: gpt2.exe: error: missing required option --weights
// A checkpoint of another model: the first missing tensor is named, with
// the aliases that were tried (gpt2's: the task model's prefix).
// RUN: not %t/gpt2.exe --weights %t/bert/model.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=WRONG-MODEL
// WRONG-MODEL: gpt2.exe: error: {{.*}}bert/model.safetensors: no tensor named 'wte.weight' (also tried 'transformer.wte.weight'); the file has {{.*}}
// RUN: not %t/gpt2.exe --weights %t/in/wrong-shape.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=WRONG-SHAPE
// WRONG-SHAPE: gpt2.exe: error: {{.*}}wrong-shape.safetensors: tensor 'transformer.wte.weight' (requested as 'wte.weight') has shape [36, 97], expected [97, 36]
// RUN: not %t/gpt2.exe --weights %t/in/truncated-data.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=TRUNCATED-DATA
// TRUNCATED-DATA: gpt2.exe: error: {{.*}}truncated-data.safetensors: {{.*}}tensor '{{.*}}' has data_offsets [{{.*}}) beyond the end of the data section
// RUN: not %t/gpt2.exe --weights %t/in/truncated-header.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=TRUNCATED-HEADER
// TRUNCATED-HEADER: gpt2.exe: error: {{.*}}truncated-header.safetensors: truncated file: header says {{[0-9]+}} bytes but only {{[0-9]+}} remain
// RUN: not %t/gpt2.exe --weights %t/in/five-bytes.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=FIVE-BYTES
// FIVE-BYTES: gpt2.exe: error: {{.*}}five-bytes.safetensors: file too small for a safetensors file
// RUN: not %t/gpt2.exe --weights %t/gpt2/missing.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NO-WEIGHTS-FILE
// NO-WEIGHTS-FILE: gpt2.exe: error: {{.*}}missing.safetensors: {{.*}}No such file or directory

// The command line.
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NO-INPUT
// NO-INPUT: gpt2.exe: error: missing required input 'input_ids' (pass --input input_ids=FILE.npy)
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids.npy 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT-DIR
// NO-OUTPUT-DIR: gpt2.exe: error: missing required option --output-dir
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids.npy --input input_ids=%t/in/ids.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: gpt2.exe: error: input 'input_ids' given more than once
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=NO-EQUALS
// NO-EQUALS: gpt2.exe: error: --input expects NAME=FILE.npy, got 'input_ids'
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad --threads 0 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: gpt2.exe: error: --threads expects a positive integer, got '0'
// RUN: not %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad --bogus 2>&1 | FileCheck %s --check-prefix=BOGUS
// BOGUS: gpt2.exe: error: unknown option '--bogus'

// No failed run wrote an output.
// RUN: not test -e %t/bad/logits.npy

// The exit codes: 2 for a usage error, 1 for bad data.
// RUN: %t/gpt2.exe --input input_ids=%t/in/ids.npy --output-dir %t/bad > %t/usage.log 2>&1 || echo "exit code $?" >> %t/usage.log
// RUN: FileCheck %s --check-prefix=EXIT-USAGE < %t/usage.log
// EXIT-USAGE: exit code 2
// RUN: %t/gpt2.exe --weights %t/gpt2/model.safetensors --input input_ids=%t/in/ids-out-of-vocab.npy --output-dir %t/bad > %t/data.log 2>&1 || echo "exit code $?" >> %t/data.log
// RUN: FileCheck %s --check-prefix=EXIT-DATA < %t/data.log
// EXIT-DATA: exit code 1
// RUN: %t/gpt2.exe --weights %t/bert/model.safetensors --input input_ids=%t/in/ids.npy --output-dir %t/bad > %t/weights.log 2>&1 || echo "exit code $?" >> %t/weights.log
// RUN: FileCheck %s --check-prefix=EXIT-DATA < %t/weights.log
