// A weight is bound by its name or else by the first of its aliases
// (`tfm.param ... aliases [...]`, the importer's naming policy) that the
// checkpoint has; the compiled model's description carries them. A weight
// stored transposed keeps its aliases. When none of the names is in the file,
// the error lists them all.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-weights.py %t
// RUN: tfm-compile %t/model.mlir -o %t/model.exe
// With the llvm backend, fc.weight is bound transposed.
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/model-llvm.exe

// The checkpoint names fc.weight and ln.weight by their second and third
// names; b has no aliases and is found by its name.
// RUN: %t/model.exe --weights %t/aliased.safetensors --input x=%t/x.npy --output-dir %t/out | FileCheck %s
// RUN: %t/model-llvm.exe --weights %t/aliased.safetensors --input x=%t/x.npy --output-dir %t/out-llvm | FileCheck %s
// CHECK: y: float32 (2, 2) [110, 221, 114, 225]

// Under a name that is not an alias, the weight is not found.
// RUN: not %t/model.exe --weights %t/other-prefix.safetensors --input x=%t/x.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=OTHER
// RUN: not %t/model-llvm.exe --weights %t/other-prefix.safetensors --input x=%t/x.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: .exe: error: {{.*}}other-prefix.safetensors: no tensor named 'fc.weight' (also tried 'bert.fc.weight'); the file has 3 tensors: {{.*}}'vit.fc.weight'

//--- make-weights.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
np.save(out / "x.npy", np.arange(8, dtype=np.float32).reshape(2, 4))


def write(path, tensors):
    header, data = {}, b""
    for name, value in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(value.shape),
                        "data_offsets": [len(data), len(data) + value.nbytes]}
        data += value.tobytes()
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)


fc = np.eye(2, 4, dtype=np.float32)  # [out, in]: y = x[:, :2]
ln = np.array([10, 20], dtype=np.float32)
b = np.array([100, 200], dtype=np.float32)
write(out / "aliased.safetensors",
      {"bert.fc.weight": fc, "bert.ln.weight": ln, "b": b})
write(out / "other-prefix.safetensors",
      {"vit.fc.weight": fc, "ln.gamma": ln, "b": b})
//--- model.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x2xf32> {tfm.name = "y"}) {
  %w = tfm.param "fc.weight" : tensor<2x4xf32> aliases ["bert.fc.weight"]
  %g = tfm.param "ln.weight" : tensor<2xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %b = tfm.param "b" : tensor<2xf32>
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<?x2xf32>
  %s = tfm.add %y, %g : (tensor<?x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %t = tfm.add %s, %b : (tensor<?x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %t : tensor<?x2xf32>
}
