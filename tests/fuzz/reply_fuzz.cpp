// Fuzz target: the daemon's reading of HQ's batch reply (or whatever a proxy or a broken server
// sends instead). Any body is a reply or a ProtocolError; a reply survives encode and decode.
#include "fuzz_targets.hpp"
#include "protocol/protocol.hpp"

namespace hymy::fuzz {

int reply_entry(const std::uint8_t* data, std::size_t size) {
  try {
    (void)protocol::decode_reply(nested_around(as_text(data, size), "{\"accepted\":", "}"));
    check(false, "a reply nested too deep is refused");
  } catch (const protocol::ProtocolError& e) {
    check(names_the_depth(e.what()), "a reply nested too deep is refused naming the depth", e.what());
  }
  protocol::BatchReply reply;
  try {
    reply = protocol::decode_reply(as_text(data, size));
  } catch (const protocol::ProtocolError&) {
    return 0;
  }
  const std::string again = protocol::encode_reply(reply);
  const protocol::BatchReply round = protocol::decode_reply(again);
  bool same = round.accepted == reply.accepted && round.duplicate == reply.duplicate &&
              round.server_time_ms == reply.server_time_ms &&
              round.rejected.size() == reply.rejected.size();
  for (std::size_t i = 0; same && i < reply.rejected.size(); ++i) {
    same = round.rejected[i].id == reply.rejected[i].id &&
           round.rejected[i].reason == reply.rejected[i].reason;
  }
  check(same, "encode then decode keeps the reply", again);
  return 0;
}

}  // namespace hymy::fuzz
