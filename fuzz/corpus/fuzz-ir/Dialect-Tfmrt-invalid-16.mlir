
// expected-error@+1 {{'tfmrt.context' is not an argument attribute of the tfmrt dialect}}
func.func @misspelt(%context: !llvm.ptr {tfmrt.context}) {
  return
}

