//===- TestFiles.h - scratch files for the runtime's unit tests -*- C++ -*-===//

#ifndef TFM_TEST_RUNTIME_TESTFILES_H
#define TFM_TEST_RUNTIME_TESTFILES_H

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace tfm::rt::test_files {

/// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tfmrt-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

inline void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(stream.good()) << path;
}

inline std::string readFile(const std::string &path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), {});
}

template <typename T> std::string bytesOf(const std::vector<T> &values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(T));
}

inline std::string jsonString(const std::string &text) {
  std::string json = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      json += '\\';
    json += c;
  }
  return json + "\"";
}

/// Length prefix + header + data, exactly as given.
inline std::string withHeader(const std::string &header, const std::string &data) {
  std::string file(8, '\0');
  uint64_t size = header.size();
  std::memcpy(&file[0], &size, 8);
  return file + header + data;
}

struct TensorSpec {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

/// A well-formed safetensors file with the tensors laid out back to back,
/// the header padded with spaces to a multiple of `headerAlignment` (8 like
/// the reference writer), and an optional "__metadata__" JSON object.
inline std::string buildSafeTensors(const std::vector<TensorSpec> &tensors,
                                    const std::string &metadataJson = "",
                                    size_t headerAlignment = 8) {
  std::string header = "{";
  std::string data;
  if (!metadataJson.empty())
    header += "\"__metadata__\":" + metadataJson;
  for (const TensorSpec &tensor : tensors) {
    if (header.size() > 1)
      header += ",";
    header += jsonString(tensor.name) + ":{\"dtype\":\"" + tensor.dtype +
              "\",\"shape\":[";
    for (size_t i = 0; i < tensor.shape.size(); ++i)
      header += (i ? "," : "") + std::to_string(tensor.shape[i]);
    header += "],\"data_offsets\":[" + std::to_string(data.size()) + "," +
              std::to_string(data.size() + tensor.bytes.size()) + "]}";
    data += tensor.bytes;
  }
  header += "}";
  while (header.size() % headerAlignment)
    header += ' ';
  return withHeader(header, data);
}

} // namespace tfm::rt::test_files

#endif // TFM_TEST_RUNTIME_TESTFILES_H
