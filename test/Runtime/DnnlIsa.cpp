//===- DnnlIsa.cpp - which oneDNN ISA caps this host can test -------------===//
//
//   tfm-test-dnnl-isa           prints the ISA oneDNN dispatches to
//   tfm-test-dnnl-isa CAP       exit 0 if DNNL_MAX_CPU_ISA=CAP is in force as
//                               asked, 77 (ctest's skip code) if the host
//                               lacks CAP, so oneDNN runs a lesser ISA
//
// DNNL_MAX_CPU_ISA only caps downwards: a cap above the host would silently
// test the host's ISA again, so such a test must be reported as skipped.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Runtime/KernelSupport.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char **argv) {
  const char *effective = tfm::rt::dnnlIsaName();
  if (argc < 2) {
    std::printf("%s\n", effective);
    return 0;
  }
  const char *cap = std::getenv("DNNL_MAX_CPU_ISA");
  if (!cap || std::strcmp(cap, argv[1]) != 0) {
    std::fprintf(stderr, "tfm-test-dnnl-isa: DNNL_MAX_CPU_ISA must be set to %s\n", argv[1]);
    return 2;
  }
  if (std::strcmp(effective, argv[1]) != 0) {
    std::printf("skipped: this CPU has no %s (oneDNN runs %s)\n", argv[1], effective);
    return 77;
  }
  return 0;
}
