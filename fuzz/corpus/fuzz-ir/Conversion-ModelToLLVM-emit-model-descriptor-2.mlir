
// No results: the entry passes no results' address.

// CHECK-LABEL: llvm.func @tfm_model_entry
// CHECK-SAME:    attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false}}
func.func @forward(%x: tensor<4xf32> {tfm.name = "x"}) {
  return
}

