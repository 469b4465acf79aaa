import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(3)
np.save(out / "x.npy", rng.standard_normal((37, 64)).astype(np.float32))
tensors = {"w": rng.standard_normal((64, 64)).astype(np.float32) / 8,
           "b": rng.standard_normal(64).astype(np.float32)}
header, data, offset = {}, b"", 0
for name, value in tensors.items():
    raw = value.tobytes()
    header[name] = {"dtype": "F32", "shape": list(value.shape),
                    "data_offsets": [offset, offset + len(raw)]}
    data += raw
    offset += len(raw)
    np.save(out / (name + ".npy"), value)
text = json.dumps(header).encode()
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + data)
