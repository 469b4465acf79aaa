//===- Support.cpp - helpers shared by libtfmrt and libtfmtools -----------===//

#include "Support.h"

#include <new>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tfm::rt {

std::string formatShape(const int64_t *shape, size_t rank,
                        ShapeNotation notation) {
  bool list = notation == ShapeNotation::SafeTensors;
  std::string text = list ? "[" : "(";
  for (size_t i = 0; i < rank; ++i) {
    if (i)
      text += ", ";
    text += notation == ShapeNotation::Model && shape[i] < 0
                ? "?"
                : std::to_string(shape[i]);
  }
  if (!list && rank == 1)
    text += ",";
  return text + (list ? "]" : ")");
}

std::string formatShape(const std::vector<int64_t> &shape,
                        ShapeNotation notation) {
  return formatShape(shape.data(), shape.size(), notation);
}

std::string formatFloat(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

Status checkRegularFile(const std::string &path) {
  struct stat fileStat;
  if (::stat(path.c_str(), &fileStat) != 0)
    return Status::error(path + ": cannot open: " + std::strerror(errno));
  if (S_ISDIR(fileStat.st_mode))
    return Status::error(path + ": is a directory, expected a file");
  if (!S_ISREG(fileStat.st_mode))
    return Status::error(path + ": not a regular file");
  return Status::success();
}

std::string openRegularFile(const std::string &path, int &fd,
                            uint64_t &fileSize) {
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return std::string("cannot open: ") + std::strerror(errno);
  struct stat fileStat;
  int statErrno = ::fstat(fd, &fileStat) != 0 ? errno : 0;
  if (statErrno != 0 || !S_ISREG(fileStat.st_mode)) {
    ::close(fd);
    fd = -1;
    return statErrno != 0
               ? std::string("cannot stat: ") + std::strerror(statErrno)
               : std::string("not a regular file");
  }
  fileSize = static_cast<uint64_t>(fileStat.st_size);
  return "";
}

std::string readRegularFile(const std::string &path, uint64_t maxBytes, const char *what,
                            std::string &contents) {
  int fd;
  uint64_t fileSize;
  std::string problem = openRegularFile(path, fd, fileSize);
  if (!problem.empty())
    return problem;
  if (fileSize > maxBytes) {
    ::close(fd);
    return "file of " + std::to_string(fileSize) + " bytes exceeds the limit of " +
           std::to_string(maxBytes) + " bytes for " + what;
  }
  try {
    contents.assign(static_cast<size_t>(fileSize), '\0');
  } catch (const std::bad_alloc &) {
    ::close(fd);
    return "out of memory";
  }
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::read(fd, &contents[done], contents.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      int readErrno = errno;
      ::close(fd);
      return std::string("cannot read: ") + (n < 0 ? std::strerror(readErrno) : "file shrank");
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return "";
}

std::string checkHeaderSize(uint64_t headerSize, uint64_t remaining,
                            uint64_t limit) {
  if (headerSize > remaining)
    return "truncated file: header says " + std::to_string(headerSize) +
           " bytes but only " + std::to_string(remaining) + " remain";
  if (headerSize > limit)
    return "header of " + std::to_string(headerSize) +
           " bytes exceeds the limit of " + std::to_string(limit);
  return "";
}

} // namespace tfm::rt
