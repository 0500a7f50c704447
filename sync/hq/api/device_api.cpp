// Handlers of the device API.
#include "api/device_api.hpp"

#include <optional>

#include "api/ingest.hpp"
#include "auth/token.hpp"
#include "hymy/clock.hpp"
#include "hymy/figures.hpp"
#include "hymy/local_time.hpp"
#include "hymy/supported_dates.hpp"
#include "hymy/question_set_json.hpp"
#include "protocol/protocol.hpp"

#include <nlohmann/json.hpp>

namespace hymy::hq {
namespace {

constexpr int kMaxCountDays = 62;

std::function<std::int64_t()> clock_of(const DeviceApiOptions& options) {
  if (options.clock) return options.clock;
  return [] { return now_ms(); };
}

// The device behind the request's bearer token, or none after writing a 401.
std::optional<DeviceRecord> authenticate(HqStore& store, const httplib::Request& req,
                                         httplib::Response& res, std::int64_t now) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
    send_error(res, 401, "Authorization: expected \"Bearer <device token>\"");
    return std::nullopt;
  }
  auto device = store.device_by_token_hash(sha256_hex(header.substr(kBearer.size())));
  if (!device) {
    send_error(res, 401, "unknown device token; enroll the tablet again");
    return std::nullopt;
  }
  if (device->revoked) {
    send_error(res, 401, "device " + device->id + " has been revoked; enroll the tablet again");
    return std::nullopt;
  }
  if (req.method == "GET") store.touch_device(device->id, now);  // uploads touch it in ingest
  return device;
}

// A query parameter naming a unit or device must be the token's own: 403 otherwise.
bool only_own(const httplib::Request& req, httplib::Response& res, const DeviceRecord& device) {
  if (req.has_param("unit") && req.get_param_value("unit") != device.unit_id) {
    send_error(res, 403, "unit: device " + device.id + " belongs to unit " + device.unit_id +
                             ", not " + req.get_param_value("unit"));
    return false;
  }
  if (req.has_param("device") && req.get_param_value("device") != device.id) {
    send_error(res, 403, "device: this token is device " + device.id + "'s, not " +
                             req.get_param_value("device") + "'s");
    return false;
  }
  return true;
}

std::optional<LocalDate> date_param(const httplib::Request& req, httplib::Response& res,
                                    const std::string& name) {
  if (!req.has_param(name.c_str())) {
    send_error(res, 400, name + ": required, as YYYY-MM-DD");
    return std::nullopt;
  }
  const ParsedDate parsed = parse_supported_date(name, req.get_param_value(name.c_str()));
  if (const auto* error = std::get_if<DateParamError>(&parsed)) {
    send_error(res, 400, error->message);
    return std::nullopt;
  }
  return std::get<LocalDate>(parsed);
}

void post_batch(HqStore& store, HqServer& server, std::int64_t now, const httplib::Request& req,
                httplib::Response& res) {
  auto refuse = [&](int status, const std::string& message) {
    server.metrics().count_refused_batch(status);
    send_error(res, status, message);
  };
  auto device = authenticate(store, req, res, now);
  if (!device) {
    server.metrics().count_refused_batch(401);
    return;
  }
  std::string inflated;
  std::string_view body = req.body;
  const std::string encoding = req.get_header_value(kBodyEncodingHeader);
  if (encoding == "gzip") {
    try {
      inflated = protocol::gunzip(req.body);
    } catch (const protocol::ProtocolError& e) {
      refuse(400, std::string("body: ") + e.what());
      return;
    }
    body = inflated;
  } else if (!encoding.empty() && encoding != "identity") {
    refuse(415, "Content-Encoding: expected gzip or none, found \"" + encoding.substr(0, 40) + "\"");
    return;
  }
  protocol::DecodedBatch batch;
  try {
    batch = protocol::decode_batch(body);
  } catch (const protocol::ProtocolError& e) {
    refuse(400, e.what());
    return;
  }
  const protocol::BatchReply reply = ingest_batch(store, *device, batch, now);
  server.metrics().count_batch(reply.accepted.size(), reply.duplicate.size(),
                               reply.rejected.size());
  send_json(res, protocol::encode_reply(reply));
}

}  // namespace

void register_device_api(HqServer& server, HqStore& store, DeviceApiOptions options) {
  auto clock = clock_of(options);

  server.post("/v1/batches", "batches", [&server, &store, clock](const auto& req, auto& res) {
    post_batch(store, server, clock(), req, res);
  });

  server.get("/v1/question-set", "question_set", [&store, clock](const auto& req, auto& res) {
    auto device = authenticate(store, req, res, clock());
    if (!device || !only_own(req, res, *device)) return;
    auto published = store.latest_question_set(device->unit_id);
    if (!published) {
      send_error(res, 404, "HQ manages no question set for unit " + device->unit_id +
                               "; keep the local one");
      return;
    }
    const std::string etag = "\"v" + std::to_string(published->set.version) + "\"";
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    send_json(res, question_set_to_json(published->set));
  });

  server.get("/v1/figures", "figures", [&store, clock](const auto& req, auto& res) {
    const std::int64_t now = clock();
    auto device = authenticate(store, req, res, now);
    if (!device || !only_own(req, res, *device)) return;
    auto date = date_param(req, res, "date");
    if (!date) return;
    auto unit = store.unit(device->unit_id);
    if (!unit) throw std::runtime_error("device " + device->id + " has no unit " + device->unit_id);
    const TimeZone zone(unit->time_zone);
    const Figures figures = compute_figures(unit_answers(store, unit->id), *date, 1, zone);
    send_json(res, protocol::encode_figures(unit->id, figures, now));
  });

  server.get("/v1/daily-counts", "daily_counts", [&store, clock](const auto& req, auto& res) {
    auto device = authenticate(store, req, res, clock());
    if (!device || !only_own(req, res, *device)) return;
    auto from = date_param(req, res, "from");
    if (!from) return;
    auto to = date_param(req, res, "to");
    if (!to) return;
    if (*to < *from) {
      send_error(res, 400, "to: expected a date on or after from (" + from->iso() + "), found " +
                               to->iso());
      return;
    }
    const TimeZone utc("UTC");
    int days = 1;
    while (from->plus_days(days) <= *to) {
      if (++days > kMaxCountDays) {
        send_error(res, 400, "to: the range may span at most " + std::to_string(kMaxCountDays) +
                                 " days");
        return;
      }
    }
    const UtcRange range = utc.days(*from, days);
    const auto counts = store.daily_counts(device->id, range.from_ms, range.to_ms);
    const std::int64_t first_day = range.from_ms / 86'400'000;
    nlohmann::ordered_json out;
    out["counts"] = nlohmann::ordered_json::object();
    for (int i = 0; i < days; ++i) {
      const auto it = counts.find(first_day + i);
      out["counts"][from->plus_days(i).iso()] = it == counts.end() ? 0 : it->second;
    }
    send_json(res, out.dump());
  });
}

void register_health(HqServer& server, HqStore& store, DeviceApiOptions options) {
  auto clock = clock_of(options);
  server.get("/healthz", "healthz", [&store](const auto&, auto& res) {
    try {
      store.check_health();
    } catch (const std::exception& e) {
      send_error(res, 503, std::string("store unavailable: ") + e.what());
      return;
    }
    send_json(res, R"({"status":"ok"})");
  });
  server.get("/metrics", "metrics", [&server, &store, clock](const auto&, auto& res) {
    res.set_content(server.metrics().render(store.devices(), clock()),
                    "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace hymy::hq
