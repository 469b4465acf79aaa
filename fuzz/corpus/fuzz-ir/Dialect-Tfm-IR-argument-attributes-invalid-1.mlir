
// tfm.default: "ones" or "zeros".
// expected-error @+1 {{argument #1 has 'tfm.default' = "twos", expected "ones" or "zeros"}}
func.func @default_twos(%ids: tensor<?x?xi64>, %mask: tensor<?x?xi64> {tfm.default = "twos"}) {
  return
}

