//===- FuzzNpy.cpp - fuzz the .npy reader ---------------------------------===//
//
// Any bytes as a .npy input: reading either fails with a message or yields
// an array whose data is exactly its element count times its item size, and
// that writes back and reads again unchanged.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "tfm/Tools/Npy.h"

#include <cstdlib>

using tfm::tools::NpyArray;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string path = tfm::fuzz::writeScratchFile(data, size, ".npy");
  NpyArray array;
  tfm::rt::Status read = tfm::tools::readNpy(path, array);
  if (!read.ok()) {
    if (read.message().empty())
      std::abort(); // An error must say what is wrong.
    return 0;
  }
  int64_t count = array.numElements();
  if (count < 0 || array.data.size() != static_cast<size_t>(count) * array.itemSize())
    std::abort();
  std::string copyPath = tfm::fuzz::writeScratchFile(nullptr, 0, "-copy.npy");
  if (!tfm::tools::writeNpy(copyPath, array.dtype, array.shape, array.data.data()).ok())
    return 0; // Writing may fail (the scratch directory), but never corrupt.
  NpyArray again;
  if (!tfm::tools::readNpy(copyPath, again).ok() || again.dtype != array.dtype ||
      again.shape != array.shape || again.data != array.data)
    std::abort(); // What was read does not round-trip.
  return 0;
}
