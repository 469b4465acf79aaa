#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets that are made, not copied:
small .safetensors, .npy and C API call sequences (see FuzzCApi.cpp for how
its bytes decode). The IR and config seeds come from models/ and test/
(copied by this script too). Run from anywhere; rewrites corpus/."""
import io
import json
import pathlib
import re
import struct

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"


def write(target, name, data):
    path = CORPUS / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def safetensors(tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def seed_safetensors():
    f32 = np.arange(6, dtype="<f4")
    write("fuzz-safetensors", "f32.safetensors", safetensors(
        {"wte.weight": ("F32", [3, 2], f32.tobytes()), "b": ("F32", [2], f32[:2].tobytes())},
        {"format": "pt"}))
    write("fuzz-safetensors", "f16-bf16.safetensors", safetensors({
        "h": ("F16", [2, 2], np.array([1, -2, np.inf, 65504], dtype="<f2").tobytes()),
        "g": ("BF16", [3], struct.pack("<3H", 0x3F80, 0x7FC1, 0x0001))}))
    write("fuzz-safetensors", "other-dtypes.safetensors", safetensors({
        "ids": ("I64", [2], struct.pack("<2q", 1, -1)), "scalar": ("F32", [], b"\0\0\x80\x3f"),
        "empty": ("F32", [0, 4], b""), "odd": ("U8", [3], b"abc")}))
    write("fuzz-safetensors", "empty-header.safetensors", safetensors({}))


def npy_bytes(array, version=None):
    out = io.BytesIO()
    if version is None:
        np.save(out, array)
    else:
        np.lib.format.write_array(out, array, version=version)
    return out.getvalue()


def seed_npy():
    write("fuzz-npy", "f32-2d.npy", npy_bytes(np.arange(6, dtype="<f4").reshape(2, 3)))
    write("fuzz-npy", "f64-0d.npy", npy_bytes(np.array(3.5, dtype="<f8")))
    write("fuzz-npy", "i32-1d.npy", npy_bytes(np.array([1, -2, 3], dtype="<i4")))
    write("fuzz-npy", "i64-v2.npy", npy_bytes(np.array([[7, 8]], dtype="<i8"), (2, 0)))
    write("fuzz-npy", "bool-v3.npy", npy_bytes(np.array([True, False]), (3, 0)))
    write("fuzz-npy", "f32-empty.npy", npy_bytes(np.zeros((0, 4), dtype="<f4")))
    write("fuzz-npy", "fortran.npy", npy_bytes(np.asfortranarray(np.ones((2, 2), dtype="<f4"))))


def seed_configs():
    sources = sorted((ROOT / "models").glob("*/config.json"))
    sources += sorted((ROOT / "test" / "Import" / "Inputs").glob("*.json"))
    for source in sources:
        name = source.name if source.parent.name == "Inputs" else source.parent.name + ".json"
        write("fuzz-import", name, source.read_bytes())


def seed_ir():
    """Each model, and each split of the dialect and conversion tests. The
    last byte of a seed picks the backend (FuzzIR.cpp): the models go in with
    dnnl only, as the llvm backend's lowering of a 12-layer model takes a
    minute under ASan, too slow a seed to mutate (and to replay)."""
    for source in sorted((ROOT / "models").glob("*/*.mlir")):
        text = source.read_bytes()
        write("fuzz-ir", f"model-{source.stem}-dnnl.mlir", text + b"\n")  # 0x0a: dnnl, 512-bit vectors
    for folder in ("Dialect", "Conversion", "Pipelines"):
        for source in sorted((ROOT / "test" / folder).rglob("*.mlir")):
            chunks = re.split(rb"\n// -----\n", source.read_bytes())
            stem = "-".join(source.relative_to(ROOT / "test").with_suffix("").parts)
            for i, chunk in enumerate(chunks):
                write("fuzz-ir", f"{stem}-{i}.mlir", chunk + b"\n")


class Calls:
    """Encodes a C API call sequence as FuzzCApi.cpp decodes it."""

    def __init__(self):
        self.out = bytearray()

    def byte(self, value):
        self.out.append(value)

    def in_range(self, value, low):
        self.byte(value - low)

    def dim(self, value):
        self.byte(value + 2)

    def bind(self, name_index, shape, values):
        self.byte(0)
        self.byte(name_index)
        self.in_range(len(shape), -1)
        for d in shape:
            self.dim(d)
        self.out += np.array(values, dtype="<f4").tobytes()

    def tensor(self, dtype, shape, values=None):
        self.byte(dtype)
        self.in_range(len(shape), -1)
        for d in shape:
            self.dim(d)
        self.byte(1)  # data present
        if values is not None:
            self.byte(1)  # values in {0, 1}, one byte each
            self.out += bytes(values)

    def run(self, op, ids, mask, outputs):
        self.byte(op)
        self.byte(2)
        self.tensor(1, [len(ids), len(ids[0])], [v for row in ids for v in row])
        self.tensor(1, [len(mask), len(mask[0])], [v for row in mask for v in row])
        if op == 3:
            self.byte(len(outputs))
            for shape in outputs:
                self.tensor(0, shape)
            self.byte(1)  # all inputs counted
        else:
            self.byte(len(outputs))


def seed_c_api():
    calls = Calls()
    calls.bind(0, [3], [0.5, 1.5, 2.5])
    calls.bind(2, [3, 2], range(6))
    calls.byte(2); calls.byte(4)  # two threads
    calls.run(3, [[1, 0]], [[1, 1]], [[1, 2], [1]])
    write("fuzz-c-api", "bind-run.bin", bytes(calls.out))

    calls = Calls()
    calls.bind(1, [3], [1, 2, 3])
    calls.bind(3, [3, 2], range(6))
    calls.run(5, [[1, 1], [0, 1]], [[1, 0], [1, 1]], [None, None])
    calls.byte(8)
    calls.byte(9)
    calls.run(3, [[1]], [[1]], [[1, 1], [1]])  # unbound after the new context
    write("fuzz-c-api", "aliases-run-alloc.bin", bytes(calls.out))

    calls = Calls()
    calls.byte(7); calls.byte(4); calls.byte(2)  # find input_ids, index 0
    calls.byte(6); calls.byte(2)  # check 9 tokens: over max_sequence
    calls.tensor(1, [1, 9], [1] * 9)
    calls.tensor(1, [1, 9], [1] * 9)
    for source in (b"ids.npy", b"mask.npy"):
        calls.byte(len(source)); calls.out += source; calls.byte(1)
    calls.byte(1)  # with the sources
    weights = safetensors({"w": ("F32", [3], bytes(12))})
    calls.byte(1); calls.out += struct.pack("<I", len(weights)); calls.out += weights
    write("fuzz-c-api", "lookups-check-file.bin", bytes(calls.out))


def seed_tokenizer():
    """fuzz-tokenizer: a mode byte (FuzzTokenizer.cpp), then text, a tokenizer.json or JSON."""
    corpus = json.loads((ROOT / "test/Text/data/gpt2-expected.json").read_text())["cases"]
    texts = [c["text"] for c in corpus if c["text"]][:12]
    for i, text in enumerate(texts):
        write("fuzz-tokenizer", f"bpe-{i:02}.bin", b"\x00" + text.encode())
        write("fuzz-tokenizer", f"wordpiece-{i:02}.bin", b"\x01" + text.encode())
    write("fuzz-tokenizer", "bpe-invalid-utf8.bin", b"\x00ab\xffcd\xe4\xb8")
    write("fuzz-tokenizer", "wordpiece-invalid-utf8.bin", b"\x01caf\xc3")
    for name in ("bert-uncased", "bert-cased"):
        data = (ROOT / "test/Text/data" / name / "tokenizer.json").read_bytes()
        write("fuzz-tokenizer", f"json-{name}.bin", b"\x02" + data)
    # A byte-level BPE tokenizer.json small enough to mutate: the 256 byte
    # symbols and a few merges of bpe-small.
    small = json.loads((ROOT / "test/Text/data/bpe-small/tokenizer.json").read_text())
    vocab = {t: i for t, i in small["model"]["vocab"].items() if i < 256}
    merges = []
    for merge in small["model"]["merges"][:40]:
        left, right = merge.split(" ")
        if left in vocab and right in vocab:
            merges.append(merge)
            vocab.setdefault(left + right, len(vocab))
    small["model"]["vocab"], small["model"]["merges"] = vocab, merges
    small["added_tokens"][0]["id"] = len(vocab)
    small["model"]["vocab"]["<|endoftext|>"] = len(vocab)
    write("fuzz-tokenizer", "json-bpe-tiny.bin", b"\x02" + json.dumps(small).encode())
    write("fuzz-tokenizer", "json-document.bin",
          b'\x03{"a": [1, -2.5e3, true, null, "\\u00e9\\ud83d\\ude00"], "b": {}}')
    write("fuzz-tokenizer", "json-broken.bin", b'\x03{"a": [1, 2,\n "b" 3]}')


def seed_images():
    """The small test images and preprocessor configs of test/Image (written
    by its make_test_images.py), and a few cut and corrupted ones."""
    data = ROOT / "test" / "Image" / "data"
    for path in sorted(data.iterdir()):
        if path.suffix in (".png", ".jpg") and path.stat().st_size <= 4096:
            write("fuzz-image", path.name, path.read_bytes())
        if path.suffix == ".json":
            write("fuzz-image-config", path.name, path.read_bytes())
    png = (data / "rgb8-37x23.png").read_bytes()
    jpeg = (data / "progressive-53x31.jpg").read_bytes()
    write("fuzz-image", "cut.png", png[: len(png) // 2])
    write("fuzz-image", "cut.jpg", jpeg[: len(jpeg) // 2])
    write("fuzz-image-config", "crop-and-shortest-edge.json",
          '{"do_center_crop": true, "size": {"shortest_edge": 224}, "resample": 3}')
    write("fuzz-image-config", "bad-escape.json", '{"image_mean": "\\ud800", "x": [1e999]}')


if __name__ == "__main__":
    seed_safetensors()
    seed_npy()
    seed_configs()
    seed_ir()
    seed_c_api()
    seed_tokenizer()
    seed_images()
