"""Compares a lower-precision run of Inputs/precision/model.mlir with the
f64 reference: bf16 max error <= 3e-2 x max|ref|; int8 every row's cosine
similarity >= 0.99 (the bounds of the user guide's "Precision")."""
import sys
from pathlib import Path
import numpy as np

inputs, outputs, precision = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
x = np.load(inputs / "x.npy").astype(np.float64)
h = x @ np.load(inputs / "w.npy") + np.load(inputs / "b.npy")
expected = 0.5 * h * (1 + np.tanh(np.sqrt(2 / np.pi) * (h + 0.044715 * h ** 3)))
y = np.load(outputs / "y.npy").astype(np.float64)
if y.shape != expected.shape or not np.isfinite(y).all():
    sys.exit(f"y has shape {y.shape}, expected {expected.shape}, or is not finite")
error = np.abs(y - expected).max() / np.abs(expected).max()
cosine = ((y * expected).sum(-1) /
          (np.linalg.norm(y, axis=-1) * np.linalg.norm(expected, axis=-1)))
ok = error <= 3e-2 if precision == "bf16" else cosine.min() >= 0.99
print(f"y within {precision}'s bound" if ok else
      f"y outside {precision}'s bound: max error {error:.3g} x max|ref|, "
      f"min row cosine {cosine.min():.5f}")
