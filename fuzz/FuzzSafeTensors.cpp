//===- FuzzSafeTensors.cpp - fuzz the .safetensors reader -----------------===//
//
// Any bytes as a weights file: opening either fails with a message or
// yields tensors whose every byte lies inside the mapping and whose float32
// view (converted or in place) has the element count of its shape.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "tfm/Runtime/SafeTensors.h"

#include <cstdio>
#include <cstdlib>

using tfm::rt::SafeTensorInfo;
using tfm::rt::SafeTensorsFile;
using tfm::rt::Status;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string path = tfm::fuzz::writeScratchFile(data, size, ".safetensors");
  std::unique_ptr<SafeTensorsFile> file;
  Status opened = SafeTensorsFile::open(path, file);
  if (!opened.ok()) {
    if (opened.message().empty())
      std::abort(); // An error must say what is wrong.
    return 0;
  }
  // Touch every byte of every tensor, so that a range outside the mapping
  // faults here.
  volatile uint8_t sink = 0;
  for (const std::string &name : file->names()) {
    const SafeTensorInfo *info = nullptr;
    if (!file->lookup(name, info).ok() || !info)
      std::abort(); // names() lists what lookup finds.
    const uint8_t *bytes = file->rawData(*info);
    for (uint64_t i = 0; i < info->dataEnd - info->dataBegin; ++i)
      sink = sink ^ bytes[i];
    const float *values = nullptr;
    if (file->getF32(name, info->shape, values).ok()) {
      size_t count = 1;
      for (int64_t dim : info->shape)
        count *= static_cast<size_t>(dim);
      for (size_t i = 0; i < count; ++i)
        sink = sink ^ static_cast<uint8_t>(values[i] == values[i]);
    }
  }
  // The "did you mean" path of a missing name.
  const SafeTensorInfo *missing = nullptr;
  if (file->lookupOneOf({"no.such.tensor", "wte.weight"}, missing).ok() && !missing)
    std::abort();
  (void)sink;
  return 0;
}
