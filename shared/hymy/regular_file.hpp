#pragma once
// One bounded, non-blocking way to read a file an operator points at: a FIFO must not hang the
// reader, /dev/zero must not fill the memory, a directory must not read as empty.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace hymy {

class FileReadError : public std::runtime_error {
 public:
  enum class Reason { cannot_read, not_regular, too_large, readable_by_others };
  FileReadError(Reason reason, const std::string& message, std::string detail)
      : std::runtime_error(message), reason_(reason), detail_(std::move(detail)) {}
  Reason reason() const { return reason_; }
  // The reason alone, without the file name: "not a regular file", "larger than 5 bytes".
  const std::string& detail() const { return detail_; }

 private:
  Reason reason_;
  std::string detail_;
};

// The whole content of the regular file at `path`, at most max_bytes of it; throws FileReadError
// naming the file and the reason otherwise.
std::string read_regular_file(const std::string& path, std::size_t max_bytes);

// As read_regular_file, and refuses a file the group or others may read or write (as ssh does for
// keys): the file holds a secret.
std::string read_private_file(const std::string& path, std::size_t max_bytes);

}  // namespace hymy
