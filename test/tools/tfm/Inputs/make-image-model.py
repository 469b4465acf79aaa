#!/usr/bin/env python3
"""make-image-model.py OUT [MODEL]: a random-weight image classifier folder for
tfm run's image job, with images and the answers PyTorch gives for them.

- OUT: make_reference.py's tiny MODEL (vit, the default: 24x24 images, 5
  labels; deit: DeiT's distilled classifier, 20x20 images, 3 labels) and a
  preprocessor_config.json resizing to the model's size (bilinear) with
  ImageNet's mean and std, so that normalisation is not the default's.
- OUT/images/: a 40x30 RGB PNG, a 50x50 greyscale JPEG, a 17x29 RGBA PNG
  (smooth patterns, seeded) and a truncated copy of the PNG.
- OUT/expected.npy: the logits [3, L] of the three images, in that order,
  from pixel_values made as ViTImageProcessor (and DeiT's, the same here)
  makes them: PIL's convert("RGB"), resize((S, S), BILINEAR), / 255,
  (x - mean) / std.
"""
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

ROOT = Path(__file__).resolve().parents[4]
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def load_make_reference():
    spec = importlib.util.spec_from_file_location("make_reference",
                                                  ROOT / "scripts" / "make_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pattern(width, height, channels, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    planes = [127 + 120 * np.sin(x / (3 + c + rng.random()) + y / (5 + rng.random()))
              for c in range(channels)]
    return np.clip(np.stack(planes, -1), 0, 255).astype(np.uint8)


def pixel_values(path, size):
    image = Image.open(path).convert("RGB").resize((size, size), Image.BILINEAR)
    x = np.asarray(image, dtype=np.float32) / 255.0
    x = (x - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    return x.transpose(2, 0, 1)


def main():
    out = Path(sys.argv[1])
    model = sys.argv[2] if len(sys.argv) > 2 else "vit"
    mr = load_make_reference()
    mr.generate(model, out, size="tiny", with_cases=False, log=lambda *_: None)
    size = mr.make_config(model, "tiny")["image_size"]
    (out / "preprocessor_config.json").write_text(json.dumps({
        "do_normalize": True, "do_rescale": True, "do_resize": True,
        "image_mean": MEAN, "image_std": STD, "resample": 2,
        "rescale_factor": 1 / 255, "size": {"height": size, "width": size}}, indent=2))
    images = out / "images"
    images.mkdir(exist_ok=True)
    Image.fromarray(pattern(40, 30, 3, 1), "RGB").save(images / "rgb.png")
    Image.fromarray(pattern(50, 50, 1, 2)[:, :, 0], "L").save(images / "grey.jpg", quality=90)
    Image.fromarray(pattern(17, 29, 4, 3), "RGBA").save(images / "rgba.png")
    data = (images / "rgb.png").read_bytes()
    (images / "truncated.png").write_bytes(data[:len(data) // 2])

    cfg = json.loads((out / "config.json").read_text())
    weights, _ = mr.read_safetensors(out / "model.safetensors")
    weights = {k: torch.from_numpy(np.array(v)) for k, v in weights.items()}
    batch = np.stack([pixel_values(images / n, size)
                      for n in ("rgb.png", "grey.jpg", "rgba.png")])
    np.save(out / "pixel_values.npy", batch.astype(np.float32))
    with torch.no_grad():
        logits = mr.FORWARD[model](weights, cfg, torch.from_numpy(batch))["logits"]
    np.save(out / "expected.npy", logits.numpy().astype(np.float32))


main()
