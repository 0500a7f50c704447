// Fuzz target: gunzip of upload bodies, HQ's defence against gzip bombs and broken streams. Any
// bytes inflate to at most the limit or throw ProtocolError; what inflates survives gzip again.
#include "fuzz_targets.hpp"
#include "protocol/protocol.hpp"

namespace hymy::fuzz {

int gunzip_entry(const std::uint8_t* data, std::size_t size) {
  // A small limit, so the fuzzer reaches the limit check without megabytes per run.
  constexpr std::size_t kLimit = 64 * 1024;
  std::string out;
  try {
    out = protocol::gunzip(as_text(data, size), kLimit);
  } catch (const protocol::ProtocolError&) {
    return 0;
  }
  check(out.size() <= kLimit, "gunzip stays within its limit");
  check(protocol::gunzip(protocol::gzip(out), kLimit) == out, "gzip then gunzip is the identity");
  // Depth: what inflates to deep nesting (a few hundred bytes on the wire) is still refused.
  try {
    (void)protocol::decode_batch(protocol::gunzip(protocol::gzip(nested_around(out, "[", "]")), 8 << 20));
    check(false, "an inflated body nested too deep is refused");
  } catch (const protocol::ProtocolError& e) {
    check(names_the_depth(e.what()), "an inflated body nested too deep is refused naming the depth", e.what());
  }
  return 0;
}

}  // namespace hymy::fuzz
