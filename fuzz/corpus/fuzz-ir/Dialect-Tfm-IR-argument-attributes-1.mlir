
// Once bufferized, a weight is a memref; an external function's arguments
// are verified too.
// CHECK-LABEL: func.func private @bufferized
// CHECK-SAME: (memref<2x3xf32> {tfm.aliases = ["transformer.w", "w.gamma"], tfm.param = "w", tfm.transposed})
func.func private @bufferized(memref<2x3xf32> {tfm.param = "w", tfm.transposed,
                                              tfm.aliases = ["transformer.w", "w.gamma"]})

