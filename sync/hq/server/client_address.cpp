// CIDR matching over Asio's address parser, and the walk over X-Forwarded-For from the right.
#include "server/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace hymy::hq {
namespace {

namespace ip = boost::asio::ip;

// The address in canonical form (IPv4-mapped IPv6 as IPv4), or nothing if it is not an address.
std::optional<ip::address> parse_address(const std::string& text) {
  boost::system::error_code ec;
  ip::address address = ip::make_address(text, ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::address(ip::make_address_v4(ip::v4_mapped, address.to_v6()));
  }
  if (address.is_v6() && address.to_v6().scope_id() != 0) return std::nullopt;
  return address;
}

std::array<unsigned char, 16> bytes_of(const ip::address& address) {
  std::array<unsigned char, 16> out{};
  if (address.is_v4()) {
    const auto b = address.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), out.begin());
  } else {
    out = address.to_v6().to_bytes();
  }
  return out;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

TrustedProxies TrustedProxies::parse(const std::vector<std::string>& cidrs) {
  TrustedProxies out;
  for (const std::string& entry : cidrs) {
    const auto slash = entry.find('/');
    const std::string address_text = entry.substr(0, slash);
    const auto address = parse_address(address_text);
    if (!address) {
      throw std::invalid_argument("--trusted-proxy \"" + entry + "\": \"" + address_text +
                                  "\" is not an IPv4 or IPv6 address");
    }
    Block block;
    block.v6 = address->is_v6();
    block.bytes = bytes_of(*address);
    const int bits = block.v6 ? 128 : 32;
    block.prefix = bits;
    if (slash != std::string::npos) {
      const std::string prefix_text = entry.substr(slash + 1);
      int prefix = -1;
      const auto [end, ec] = std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
      if (prefix_text.empty() || ec != std::errc() || end != prefix_text.data() + prefix_text.size() ||
          prefix < 0 || prefix > bits) {
        throw std::invalid_argument("--trusted-proxy \"" + entry + "\": expected a prefix length 0.." +
                                    std::to_string(bits) + " after '/', found \"" + prefix_text + "\"");
      }
      block.prefix = prefix;
    }
    out.blocks_.push_back(block);
  }
  return out;
}

bool TrustedProxies::contains(const std::string& address_text) const {
  const auto address = parse_address(address_text);
  if (!address) return false;
  const bool v6 = address->is_v6();
  const auto bytes = bytes_of(*address);
  for (const Block& block : blocks_) {
    if (block.v6 != v6) continue;
    int bits = block.prefix;
    bool match = true;
    for (std::size_t i = 0; bits > 0 && match; ++i, bits -= 8) {
      const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
      match = (bytes[i] & mask) == (block.bytes[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string client_address(const httplib::Request& req, const TrustedProxies& trusted) {
  std::string nearest = req.remote_addr;
  if (!trusted.contains(nearest)) return nearest;
  // Several X-Forwarded-For headers read as one list, in order.
  std::vector<std::string> hops;
  const std::size_t headers = req.get_header_value_count("X-Forwarded-For");
  for (std::size_t h = 0; h < headers; ++h) {
    const std::string value = req.get_header_value("X-Forwarded-For", h);
    std::size_t start = 0;
    while (true) {
      const auto comma = value.find(',', start);
      hops.push_back(trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    std::string text = *hop;
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    const auto address = parse_address(text);
    if (!address) return nearest;
    nearest = address->to_string();
    if (!trusted.contains(nearest)) return nearest;
  }
  return nearest;
}

}  // namespace hymy::hq
