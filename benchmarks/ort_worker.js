#!/usr/bin/env node
// One ONNX Runtime measurement for benchmarks/bench.py.
//
//   NODE_PATH=WORKDIR/ort/node_modules node ort_worker.js --model MODEL.onnx \
//       --inputs DIR --threads N [--reps R] [--output-dir DIR]
//
// Runs MODEL.onnx (benchmarks/onnx_export.py) with npm's onnxruntime-node on
// the CPU execution provider, every graph optimization on, N intra-op threads
// and one inter-op thread, fed every DIR/NAME.npy as input NAME.  One warm-up
// run, then R timed runs (R = 0: just the one run).  Prints one JSON line:
// median_ms, min_ms, samples_ms, load_ms, the ORT version and the output
// shapes.  --output-dir writes each output as DIR/NAME.npy (float32) so that
// bench.py checks it against PyTorch like tfm's outputs.
'use strict';

const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

function fail(msg) {
  process.stderr.write(`ort_worker: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { reps: 5 };
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) fail(`${flag} expects a value`);
    ++i;
    if (flag === '--model') opts.model = value;
    else if (flag === '--inputs') opts.inputs = value;
    else if (flag === '--output-dir') opts.outputDir = value;
    else if (flag === '--threads' || flag === '--reps') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (flag === '--reps' ? 0 : 1))
        fail(`${flag} expects a ${flag === '--reps' ? 'non-negative' : 'positive'} integer, got '${value}'`);
      opts[flag.slice(2)] = n;
    } else fail(`unknown option ${flag}`);
  }
  if (!opts.model || !opts.inputs || !opts.threads)
    fail('usage: ort_worker.js --model M.onnx --inputs DIR --threads N [--reps R] [--output-dir DIR]');
  return opts;
}

// .npy (format 1.0-3.0, C order, little-endian) <-> ORT tensors.  Only the
// dtypes the benchmark's models use.
const NPY_TYPES = {
  '<f4': ['float32', Float32Array],
  '<i8': ['int64', BigInt64Array],
  '<i4': ['int32', Int32Array],
};

function readNpy(ort, file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') fail(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !shape || !/'fortran_order':\s*False/.test(header))
    fail(`${file}: unsupported .npy header ${header.trim()}`);
  const type = NPY_TYPES[descr[1]];
  if (!type) fail(`${file}: unsupported dtype ${descr[1]}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  // Copy: the typed array needs an aligned buffer of its own.
  const bytes = new Uint8Array(buf.subarray(start, start + count * type[1].BYTES_PER_ELEMENT));
  return new ort.Tensor(type[0], new type[1](bytes.buffer, 0, count), dims);
}

function writeNpy(file, tensor) {
  if (tensor.type !== 'float32') fail(`output ${path.basename(file)} is ${tensor.type}, not float32`);
  const dims = tensor.dims.join(', ') + (tensor.dims.length === 1 ? ',' : '');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // The data must start at a multiple of 64 bytes; the header ends with '\n'.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const data = tensor.data;
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    fail(`cannot load onnxruntime-node (NODE_PATH=${process.env.NODE_PATH || ''}): ${e.message}`);
  }
  const feeds = {};
  for (const f of fs.readdirSync(opts.inputs).sort())
    if (f.endsWith('.npy')) feeds[f.slice(0, -4)] = readNpy(ort, path.join(opts.inputs, f));
  if (!Object.keys(feeds).length) fail(`no .npy inputs in ${opts.inputs}`);

  const t0 = performance.now();
  const session = await ort.InferenceSession.create(opts.model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const loadMs = performance.now() - t0;

  let out = await session.run(feeds); // warm-up (and the outputs when --reps 0)
  const samples = [];
  for (let r = 0; r < opts.reps; ++r) {
    const s = performance.now();
    out = await session.run(feeds);
    samples.push(performance.now() - s);
  }

  if (opts.outputDir) {
    fs.mkdirSync(opts.outputDir, { recursive: true });
    for (const [name, t] of Object.entries(out)) writeNpy(path.join(opts.outputDir, `${name}.npy`), t);
  }
  const shapes = {};
  for (const [name, t] of Object.entries(out)) shapes[name] = t.dims;
  console.log(JSON.stringify({
    median_ms: samples.length ? median(samples) : null,
    min_ms: samples.length ? Math.min(...samples) : null,
    samples_ms: samples.map((s) => Math.round(s * 1000) / 1000),
    load_ms: loadMs,
    threads: opts.threads,
    ort_version: ort.env.versions ? ort.env.versions.node || ort.env.versions.common : null,
    outputs: shapes,
  }));
}

main().catch((e) => fail(e.stack || String(e)));
