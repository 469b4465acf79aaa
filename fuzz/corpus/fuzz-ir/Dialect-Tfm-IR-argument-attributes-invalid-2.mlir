
// expected-error @+1 {{argument #0 has 'tfm.default' = 1 : i64, expected "ones" or "zeros"}}
func.func @default_not_string(%mask: tensor<?x?xi64> {tfm.default = 1}) {
  return
}

