#!/usr/bin/python3
"""Writes TfmImage's test data into data/ (run from anywhere; rewrites it):

- small PNG and JPEG files of every colour type the decoder converts, odd and
  non-square sizes, sizes that ViT's 224x224 shrinks and ones it enlarges;
- <file>.rgb: the pixels PIL gives for Image.open(file).convert("RGB"),
  8-bit RGB, row-major (the decoder's expected output);
- <case>.f32: pixel_values as Hugging Face's ViTImageProcessor computes them
  for one image and a preprocessor_config.json: resize with PIL to (W, H)
  with the config's resample filter, multiply by rescale_factor in float64
  and round to float32, normalise (x - mean) / std in float32, channels
  first. Little-endian float32, [3, H, W];
- cases.txt: one line per test case (see test/Image/ImageTest.cpp).

Some PNG layouts PIL cannot write (16-bit RGB, low bit depths, Adam7
interlacing), so this script has its own small PNG writer. PIL is the
reference decoder for all files but 16-bit greyscale, which PIL clamps to
0..255 when converting to RGB instead of scaling it (its "I" mode);
the expected pixels there are the high bytes, as for every other 16-bit
layout, where PIL also keeps the high byte."""
import io
import json
import pathlib
import struct
import zlib

import numpy as np
from PIL import Image

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE / "data"


def content(width, height, channels, seed):
    """Smooth gradients, a sharp edge and some noise: every resampling tap
    matters, and the values cover 0..255."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = []
    for c in range(channels):
        wave = np.sin(x * (0.11 + 0.07 * c) + y * (0.05 + 0.03 * c) + c)
        ramp = (x / max(width - 1, 1) + y / max(height - 1, 1)) / 2
        edge = ((x + 2 * y + 7 * c) % 23 < 9).astype(np.float64)
        value = 110 * wave + 90 * ramp + 60 * edge + rng.normal(0, 12, (height, width)) + 60
        planes.append(np.clip(np.rint(value), 0, 255))
    return np.stack(planes, axis=-1).astype(np.uint8)


# --- A small PNG writer -----------------------------------------------------

def chunk(kind, payload):
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def pack_rows(samples, bit_depth):
    """samples: [h, w, channels] integers -> packed scanlines (no filter byte)."""
    height = samples.shape[0]
    if bit_depth == 16:
        return [samples[y].astype(">u2").tobytes() for y in range(height)]
    if bit_depth == 8:
        return [samples[y].astype(np.uint8).tobytes() for y in range(height)]
    rows = []
    per_byte = 8 // bit_depth
    for y in range(height):
        flat = samples[y].reshape(-1).astype(np.uint8)
        flat = np.concatenate([flat, np.zeros(-len(flat) % per_byte, np.uint8)])
        groups = flat.reshape(-1, per_byte)
        packed = np.zeros(len(groups), np.uint8)
        for i in range(per_byte):
            packed |= groups[:, i] << (8 - bit_depth * (i + 1))
        rows.append(packed.tobytes())
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]


def png_bytes(samples, color_type, bit_depth, palette=None, trns=None, interlace=False,
              extra_chunks=()):
    height, width = samples.shape[:2]
    raw = b""
    if interlace:
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += b"".join(b"\0" + row for row in pack_rows(sub, bit_depth))
    else:
        raw = b"".join(b"\0" + row for row in pack_rows(samples, bit_depth))
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0,
                                      1 if interlace else 0))
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    for kind, payload in extra_chunks:
        out += chunk(kind, payload)
    out += chunk(b"IDAT", zlib.compress(raw, 9))
    out += chunk(b"IEND", b"")
    return out


# --- Progressive JPEGs with many scans ---------------------------------------

def progressive_jpeg_with_scans(count):
    """An 8x8 greyscale progressive JPEG of `count` valid scans, every
    coefficient zero (a mid-grey image): a DC first scan and its 13
    refinements, then AC bands of one coefficient each, first scan and
    refinements, until `count`. Each scan's data is one Huffman code or bit,
    "0", padded with ones. No encoder at hand writes such scan scripts."""
    def segment(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload

    out = b"\xff\xd8"
    out += segment(0xDB, b"\x00" + bytes([1] * 64))              # quantisation table 0
    out += segment(0xC2, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")  # SOF2
    one_code = bytes([1] + [0] * 15) + b"\x00"                    # symbol 0 coded "0"
    out += segment(0xC4, b"\x00" + one_code + b"\x10" + one_code)  # DC and AC table 0
    scans = [(0, 0, 13)] + [(0, ah, ah - 1) for ah in range(13, 0, -1)]
    for band in range(1, 64):
        scans += [(band, 0, 13)] + [(band, ah, ah - 1) for ah in range(13, 0, -1)]
    for band, ah, al in scans[:count]:
        out += segment(0xDA, bytes([1, 1, 0x00, band, band, (ah << 4) | al]))
        out += b"\x7f"
    return out + b"\xff\xd9"


# --- The files --------------------------------------------------------------

def pil_png(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def pil_jpeg(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def make_files():
    files = {}
    rgb = content(37, 23, 3, 1)
    files["rgb8-37x23.png"] = pil_png(Image.fromarray(rgb, "RGB"))
    files["rgba8-40x30.png"] = pil_png(Image.fromarray(content(40, 30, 4, 2), "RGBA"))
    files["grey8-31x17.png"] = pil_png(Image.fromarray(content(31, 17, 1, 3)[..., 0], "L"))
    files["greyalpha8-19x26.png"] = pil_png(Image.fromarray(content(19, 26, 2, 4), "LA"))
    palette_image = Image.fromarray(content(33, 21, 3, 5), "RGB").quantize(colors=50)
    files["palette8-33x21.png"] = pil_png(palette_image)
    # Palette entries with transparency (tRNS): PIL's convert("RGB") drops it.
    indices = content(25, 14, 1, 6)[..., 0] % 16
    palette16 = content(16, 1, 3, 7)[0]
    files["palette4-trns-25x14.png"] = png_bytes(indices[..., None], 3, 4, palette=palette16,
                                                 trns=bytes(range(0, 256, 16)))
    for depth in (1, 2, 4):
        levels = content(29, 11, 1, 8 + depth) >> (8 - depth)
        files[f"grey{depth}-29x11.png"] = png_bytes(levels, 0, depth)
    wide = content(27, 15, 3, 12).astype(np.uint16) * 257 + content(27, 15, 3, 13) % 200
    files["rgb16-27x15.png"] = png_bytes(wide, 2, 16)
    wide4 = content(21, 13, 4, 14).astype(np.uint16) * 256 + content(21, 13, 4, 15)
    files["rgba16-21x13.png"] = png_bytes(wide4, 6, 16)
    wide2 = content(17, 9, 2, 16).astype(np.uint16) * 256 + content(17, 9, 2, 17)
    files["greyalpha16-17x9.png"] = png_bytes(wide2, 4, 16)
    wide1 = content(23, 12, 1, 18).astype(np.uint16) * 256 + content(23, 12, 1, 19)
    files["grey16-23x12.png"] = png_bytes(wide1, 0, 16)
    # Grey and RGB with a transparent colour (tRNS): dropped as well.
    files["grey8-trns-15x10.png"] = png_bytes(content(15, 10, 1, 20), 0, 8, trns=b"\x00\x80")
    files["rgb8-trns-14x9.png"] = png_bytes(content(14, 9, 3, 21), 2, 8,
                                            trns=b"\x00\x10\x00\x20\x00\x30")
    files["rgb8-interlaced-35x22.png"] = png_bytes(content(35, 22, 3, 22), 2, 8, interlace=True)
    files["rgb8-1x1.png"] = png_bytes(content(1, 1, 3, 23), 2, 8)
    # Gamma and a text chunk: PIL ignores gamma, and so does the decoder.
    files["rgb8-gamma-13x7.png"] = png_bytes(content(13, 7, 3, 24), 2, 8,
                                             extra_chunks=[(b"gAMA", struct.pack(">I", 100000)),
                                                           (b"tEXt", b"Comment\0tfm")])
    photo = content(320, 240, 3, 25)
    files["tall-60x250.png"] = pil_png(Image.fromarray(content(60, 250, 3, 26), "RGB"))

    files["photo-420-320x240.jpg"] = pil_jpeg(Image.fromarray(photo, "RGB"), quality=90)
    files["rgb-444-37x23.jpg"] = pil_jpeg(Image.fromarray(rgb, "RGB"), quality=95, subsampling=0)
    files["rgb-420-37x23.jpg"] = pil_jpeg(Image.fromarray(rgb, "RGB"), quality=80, subsampling=2)
    files["rgb-422-41x19.jpg"] = pil_jpeg(Image.fromarray(content(41, 19, 3, 27), "RGB"),
                                          quality=85, subsampling=1)
    files["progressive-53x31.jpg"] = pil_jpeg(Image.fromarray(content(53, 31, 3, 28), "RGB"),
                                              quality=75, progressive=True)
    files["grey-29x18.jpg"] = pil_jpeg(Image.fromarray(content(29, 18, 1, 29)[..., 0], "L"),
                                       quality=90)
    files["cmyk-24x16.jpg"] = pil_jpeg(Image.fromarray(content(24, 16, 4, 30), "CMYK"),
                                       quality=90)
    # Without the Adobe marker (APP14), whose transform field says how the
    # components are coded: PIL still takes the samples as inverted ink.
    cmyk = files["cmyk-24x16.jpg"]
    app14 = cmyk.find(b"\xff\xee")
    files["cmyk-no-adobe-24x16.jpg"] = (
        cmyk[:app14] + cmyk[app14 + 2 + struct.unpack(">H", cmyk[app14 + 2:app14 + 4])[0]:])
    files["rgb-1x1.jpg"] = pil_jpeg(Image.fromarray(content(1, 1, 3, 31), "RGB"))
    # The decoder's limit is 500 scans: at it and one past it.
    files["scans-500.jpg"] = progressive_jpeg_with_scans(500)
    files["scans-501.jpg"] = progressive_jpeg_with_scans(501)
    return files


def expected_rgb(name, data):
    if name.startswith("grey16"):
        # High bytes (see the docstring): PIL would clamp.
        image = Image.open(io.BytesIO(data))
        high = (np.asarray(image).astype(np.uint32) >> 8).astype(np.uint8)
        return np.repeat(high[..., None], 3, axis=-1)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


# --- Preprocessing ----------------------------------------------------------

VIT_BASE = {  # google/vit-base-patch16-224's preprocessor_config.json
    "do_normalize": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5],
    "image_std": [0.5, 0.5, 0.5], "resample": 2, "size": 224,
    "feature_extractor_type": "ViTFeatureExtractor"}
IMAGENET = {"do_resize": True, "size": {"height": 13, "width": 29}, "resample": 2,
            "do_rescale": True, "rescale_factor": 0.00392156862745098, "do_normalize": True,
            "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
            "image_processor_type": "ViTImageProcessor"}


def vit_pixel_values(rgb, config):
    """What ViTImageProcessor does with one RGB image (transformers'
    resize -> PIL, rescale, normalize, channels first)."""
    p = {"do_resize": True, "size": {"height": 224, "width": 224}, "resample": 2,
         "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
         "image_mean": [0.5] * 3, "image_std": [0.5] * 3}
    p.update(config)
    size = p["size"] if isinstance(p["size"], dict) else {"height": p["size"], "width": p["size"]}
    image = rgb
    if p["do_resize"]:
        image = np.asarray(Image.fromarray(rgb, "RGB").resize((size["width"], size["height"]),
                                                              resample=p["resample"]))
    if p["do_rescale"]:
        image = (image.astype(np.float64) * p["rescale_factor"]).astype(np.float32)
    if p["do_normalize"]:
        image = image.astype(np.float32)
        mean = np.array(p["image_mean"], dtype=np.float32)
        std = np.array(p["image_std"], dtype=np.float32)
        image = (image - mean) / std
    return np.ascontiguousarray(image.astype(np.float32).transpose(2, 0, 1))


def small(height, width, **fields):
    return dict({"size": {"height": height, "width": width}}, **fields)


PREPROCESS_CASES = [
    # (case name, image, config or None for no preprocessor_config.json)
    ("photo-jpg-default", "photo-420-320x240.jpg", None),
    ("rgb8-vit-base", "rgb8-37x23.png", VIT_BASE),
    ("tall-imagenet", "tall-60x250.png", IMAGENET),
    ("interlaced-imagenet", "rgb8-interlaced-35x22.png", IMAGENET),
    ("photo-jpg-small", "photo-420-320x240.jpg", small(17, 23)),
    ("rgba-up-down", "rgba8-40x30.png", small(61, 9)),
    ("grey-up", "grey8-31x17.png", small(40, 70)),
    ("palette-odd", "palette8-33x21.png", small(7, 5)),
    ("interlaced-same-width", "rgb8-interlaced-35x22.png", small(11, 35)),
    ("interlaced-same-height", "rgb8-interlaced-35x22.png", small(22, 12)),
    ("pixel-to-many", "rgb8-1x1.png", small(5, 6)),
    ("photo-nearest", "photo-420-320x240.jpg", small(19, 27, resample=0)),
    ("photo-lanczos", "photo-420-320x240.jpg", small(19, 27, resample=1)),
    ("photo-bicubic", "photo-420-320x240.jpg", small(19, 27, resample=3)),
    ("photo-box", "photo-420-320x240.jpg", small(19, 27, resample=4)),
    ("photo-hamming", "photo-420-320x240.jpg", small(19, 27, resample=5)),
    ("rgb8-lanczos-up", "rgb8-37x23.png", small(50, 45, resample=1)),
    ("rgb8-bicubic-up", "rgb8-37x23.png", small(50, 45, resample=3)),
    ("rgb8-box-up", "rgb8-37x23.png", small(50, 45, resample=4)),
    ("rgb8-hamming-up", "rgb8-37x23.png", small(50, 45, resample=5)),
    ("rgb8-nearest-up", "rgb8-37x23.png", small(50, 45, resample=0)),
    ("no-resize", "rgb8-37x23.png", {"do_resize": False}),
    ("no-rescale", "grey-29x18.jpg", small(9, 9, do_rescale=False)),
    ("no-normalize", "cmyk-24x16.jpg", small(10, 12, do_normalize=False)),
    ("nothing", "rgb8-37x23.png", {"do_resize": False, "do_rescale": False,
                                   "do_normalize": False}),
    ("scalar-mean-std", "greyalpha8-19x26.png", small(8, 8, image_mean=0.25, image_std=0.75)),
]


def main():
    DATA.mkdir(exist_ok=True)
    for old in DATA.iterdir():
        old.unlink()
    files = make_files()
    lines = ["# Written by make_test_images.py: see its docstring."]
    decoded = {}
    for name, data in sorted(files.items()):
        (DATA / name).write_bytes(data)
        if name == "scans-501.jpg":
            continue  # an error case (ImageTest.cpp)
        rgb = np.ascontiguousarray(expected_rgb(name, data), dtype=np.uint8)
        decoded[name] = rgb
        (DATA / (name + ".rgb")).write_bytes(rgb.tobytes())
        lines.append(f"decode {name} {rgb.shape[1]} {rgb.shape[0]} {name}.rgb")
    for case, name, config in PREPROCESS_CASES:
        config_name = "-"
        if config is not None:
            config_name = case + ".json"
            (DATA / config_name).write_text(json.dumps(config, indent=2) + "\n")
        values = vit_pixel_values(decoded[name], config or {})
        (DATA / (case + ".f32")).write_bytes(values.astype("<f4").tobytes())
        lines.append(f"preprocess {name} {config_name} {values.shape[1]} {values.shape[2]} "
                     f"{case}.f32")
    (DATA / "cases.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
