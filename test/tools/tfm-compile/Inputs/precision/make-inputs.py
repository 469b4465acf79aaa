"""Inputs of Inputs/precision/model.mlir: x [1, 37, 64] (one sequence of 37
tokens: a linear over one row per sequence would stay f32) and the weights,
as the target-cpu inputs with a sequence dimension."""
import runpy, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
runpy.run_path(str(Path(__file__).parent.parent / "target-cpu" / "make-inputs.py"))
np.save(out / "x.npy", np.load(out / "x.npy")[None])
