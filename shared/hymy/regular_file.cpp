#include "hymy/regular_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hymy {
namespace {

using Reason = FileReadError::Reason;

[[noreturn]] void cannot_read(const std::string& path, int err) {
  throw FileReadError(Reason::cannot_read, "cannot read " + path + ": " + std::strerror(err),
                      std::strerror(err));
}

[[noreturn]] void too_large(const std::string& path, std::size_t max_bytes) {
  const std::string detail = "larger than " + std::to_string(max_bytes) + " bytes";
  throw FileReadError(Reason::too_large, path + " is " + detail, detail);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string read_checked(const std::string& path, std::size_t max_bytes, bool owner_only) {
  // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting for one.
  const int raw = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (raw < 0) cannot_read(path, errno);
  const Fd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) cannot_read(path, errno);
  if (!S_ISREG(st.st_mode)) {
    throw FileReadError(Reason::not_regular, path + " is not a regular file",
                        "not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    too_large(path, max_bytes);
  }
  if (owner_only && (st.st_mode & 077) != 0) {
    throw FileReadError(Reason::readable_by_others,
                        path + " may be read or changed by other users; run: chmod 600 " + path,
                        "readable by other users");
  }
  // Read one byte more than allowed: a file that grew since fstat is still caught.
  std::string content(max_bytes + 1, '\0');
  std::size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd.get(), content.data() + got, content.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      cannot_read(path, errno);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) {
    too_large(path, max_bytes);
  }
  content.resize(got);
  return content;
}

}  // namespace

std::string read_regular_file(const std::string& path, std::size_t max_bytes) {
  return read_checked(path, max_bytes, false);
}

std::string read_private_file(const std::string& path, std::size_t max_bytes) {
  return read_checked(path, max_bytes, true);
}

}  // namespace hymy
