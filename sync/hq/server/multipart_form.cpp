#include "server/multipart_form.hpp"

#include <cctype>
#include <string>

namespace hymy::hq {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of `name=` in a header's parameters (quoted or not), e.g. boundary or filename.
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
  const std::string lowered = lower(header);
  std::size_t at = 0;
  while ((at = lowered.find(name, at)) != std::string::npos) {
    const bool starts = at == 0 || lowered[at - 1] == ';' || lowered[at - 1] == ' ';
    const std::size_t eq = at + name.size();
    if (!starts || eq >= header.size() || header[eq] != '=') {
      at = eq;
      continue;
    }
    std::size_t begin = eq + 1;
    if (begin < header.size() && header[begin] == '"') {
      const std::size_t end = header.find('"', begin + 1);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(header.substr(begin + 1, end - begin - 1));
    }
    std::size_t end = header.find(';', begin);
    if (end == std::string_view::npos) end = header.size();
    while (end > begin && header[end - 1] == ' ') --end;
    return std::string(header.substr(begin, end - begin));
  }
  return std::nullopt;
}

// One part: its headers up to an empty line, then its content.
std::optional<httplib::MultipartFormData> parse_part(std::string_view part) {
  const std::size_t headers_end = part.find("\r\n\r\n");
  if (headers_end == std::string_view::npos) return std::nullopt;
  httplib::MultipartFormData data;
  bool named = false;
  std::string_view headers = part.substr(0, headers_end);
  while (!headers.empty()) {
    std::size_t eol = headers.find("\r\n");
    const std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string key = lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (key == "content-disposition") {
      if (auto name = parameter(value, "name")) {
        data.name = *name;
        named = true;
      }
      if (auto file = parameter(value, "filename")) data.filename = *file;
    } else if (key == "content-type") {
      data.content_type = std::string(value);
    }
  }
  if (!named) return std::nullopt;
  data.content = std::string(part.substr(headers_end + 4));
  return data;
}

}  // namespace

std::optional<httplib::MultipartFormDataMap> parse_multipart_form(std::string_view content_type,
                                                                  std::string_view body) {
  const auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  // The body: preamble, then "--b\r\n" part "\r\n--b\r\n" part ... "\r\n--b--".
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return std::nullopt;
  httplib::MultipartFormDataMap parts;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    const std::size_t next = body.find("\r\n" + delimiter, at);
    if (next == std::string_view::npos || parts.size() >= kMaxFormParts) return std::nullopt;
    auto part = parse_part(body.substr(at, next - at));
    if (!part) return std::nullopt;
    std::string name = part->name;
    parts.emplace(std::move(name), std::move(*part));
    at = next + 2;
  }
}

}  // namespace hymy::hq
