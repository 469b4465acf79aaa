// What tfm-import reads and writes: a config is a regular file (or standard
// input) of at most 16 MiB; anything else is one clear error and exit 1,
// never a read that does not end.

// RUN: rm -rf %t && mkdir -p %t
// RUN: not tfm-import /dev/zero 2>&1 | FileCheck %s --check-prefix=DEV-ZERO
// DEV-ZERO: /dev/zero: error: cannot read the config file: not a regular file
// RUN: mkfifo %t/fifo.json
// RUN: not tfm-import %t/fifo.json 2>&1 | FileCheck %s --check-prefix=FIFO
// FIFO: fifo.json: error: cannot read the config file: not a regular file

// Sparse files: nothing is written to disk.
// RUN: truncate -s 16777217 %t/past-limit.json
// RUN: not tfm-import %t/past-limit.json 2>&1 | FileCheck %s --check-prefix=PAST-LIMIT
// PAST-LIMIT: past-limit.json: error: cannot read the config file: 16777217 bytes, more than the limit of 16777216 bytes (16 MiB)
// At the limit the file is read (and, all NULs, is not JSON).
// RUN: truncate -s 16777216 %t/at-limit.json
// RUN: not tfm-import %t/at-limit.json 2>&1 | FileCheck %s --check-prefix=AT-LIMIT
// AT-LIMIT: at-limit.json: error: invalid JSON

// Standard input is read up to the limit only.
// RUN: not tfm-import - < /dev/zero 2>&1 | FileCheck %s --check-prefix=STDIN-ZERO
// STDIN-ZERO: -: error: cannot read the config file: more than the limit of 16777216 bytes (16 MiB)
// RUN: cat %tfm_src_root/models/gpt2/config.json | tfm-import - | FileCheck %s --check-prefix=STDIN-OK
// STDIN-OK: func.func @forward(

// A write that fails (a full disk: /dev/full) is an error naming the file.
// RUN: not tfm-import %tfm_src_root/models/gpt2/config.json -o /dev/full 2>&1 | FileCheck %s --check-prefix=FULL
// FULL: /dev/full: error: No space left on device
// FULL-NOT: LLVM ERROR
