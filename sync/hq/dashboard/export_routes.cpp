// The export downloads: responses CSV, daily figures CSV and the FHIR Bundle of one unit over a
// period of local dates (from/to, or the last `days` days). Same checks as the pages; the body is
// streamed (chunked) from the store, so a large export needs no memory for all its rows.
#include <charconv>
#include <cstdio>
#include <variant>

#include "dashboard/route_support.hpp"
#include "export/csv_export.hpp"
#include "export/fhir_export.hpp"
#include "hymy/supported_dates.hpp"

namespace hymy::hq {
namespace {

constexpr int kMaxExportDays = 3700;  // about ten years

struct Period {
  LocalDate first;
  int days = 28;
};

// The period asked for, or an error message naming the parameter.
std::variant<Period, std::string> period_of(const httplib::Request& req, const TimeZone& zone,
                                            std::int64_t now_ms) {
  const LocalDate today = zone.date_of(now_ms);
  if (req.has_param("from") || req.has_param("to")) {
    const ParsedDate parsed_from = parse_supported_date("from", req.get_param_value("from"));
    if (const auto* error = std::get_if<DateParamError>(&parsed_from)) return error->message;
    const ParsedDate parsed_to = req.has_param("to") ? parse_supported_date("to", req.get_param_value("to")) : ParsedDate(today);
    if (const auto* error = std::get_if<DateParamError>(&parsed_to)) return error->message;
    const LocalDate* from = &std::get<LocalDate>(parsed_from);
    const LocalDate* to = &std::get<LocalDate>(parsed_to);
    if (*to < *from) return "to: expected a date on or after from (" + from->iso() + "), found " + to->iso();
    int days = 1;
    while (from->plus_days(days) <= *to) {
      if (++days > kMaxExportDays) return "from..to: at most " + std::to_string(kMaxExportDays) + " days";
    }
    return Period{*from, days};
  }
  int days = 28;
  if (req.has_param("days")) {
    const std::string text = req.get_param_value("days");
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (ec != std::errc() || end != text.data() + text.size() || days < 1 || days > kMaxExportDays) {
      return "days: expected 1.." + std::to_string(kMaxExportDays) + ", found \"" + text + "\"";
    }
  }
  return Period{today.plus_days(-(days - 1)), days};
}

// Streams what `produce` writes. An exception half way ends the connection without the final
// chunk, so the client sees a broken download rather than a silently short file.
void stream(httplib::Response& res, const std::string& content_type, const std::string& file_name,
            std::function<void(const ExportSink&)> produce) {
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  res.set_chunked_content_provider(content_type, [produce = std::move(produce)](std::size_t, httplib::DataSink& sink) {
    try {
      bool open = true;
      produce([&](std::string_view piece) {
        if (open && !sink.write(piece.data(), piece.size())) open = false;
        if (!open) throw std::runtime_error("the client went away");
      });
      sink.done();
      return true;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hymy-hq: export stopped: %s\n", e.what());
      return false;
    }
  });
}

using Exporter = std::function<void(DashboardState&, httplib::Response&, const Unit&, const TimeZone&, const Period&)>;

Handler export_route(const std::shared_ptr<DashboardState>& state, bool tls, Exporter exporter) {
  return [state, tls, exporter = std::move(exporter)](const httplib::Request& req, httplib::Response& res) {
    set_security_headers(res, tls);
    const auto who = require_user(*state, req, res);
    if (!who) return;
    const auto unit = require_unit(*state, *who, req.matches[1], res);
    if (!unit) return;
    const TimeZone zone(unit->time_zone);
    const auto period = period_of(req, zone, state->now());
    if (const auto* error = std::get_if<std::string>(&period)) {
      return send_message(*state, res, who, 400, "Bad export period", *error);
    }
    exporter(*state, res, *unit, zone, std::get<Period>(period));
  };
}

std::string file_name(const Unit& unit, const char* what, const Period& p, const char* ext) {
  return "hymy-" + unit.id + "-" + what + "-" + p.first.iso() + "-" + p.first.plus_days(p.days - 1).iso() + ext;
}

}  // namespace

void register_export_routes(HqServer& server, const std::shared_ptr<DashboardState>& state) {
  const bool tls = server.tls();
  const std::string base = std::string("/units/") + kUnitPath + "/export/";

  server.get(base + "responses\\.csv", "dashboard_export", export_route(state, tls,
      [](DashboardState& s, httplib::Response& res, const Unit& unit, const TimeZone& zone, const Period& p) {
    ResponseQuery query;
    query.unit_ids = {unit.id};
    const UtcRange range = zone.days(p.first, p.days);
    query.from_ms = range.from_ms;
    query.to_ms = range.to_ms;
    query.newest_first = false;
    HqStore& store = s.store;
    stream(res, "text/csv; charset=utf-8", file_name(unit, "responses", p, ".csv"),
           [&store, query, zone](const ExportSink& sink) { write_responses_csv(store, query, zone, sink); });
  }));

  server.get(base + "daily\\.csv", "dashboard_export", export_route(state, tls,
      [](DashboardState& s, httplib::Response& res, const Unit& unit, const TimeZone&, const Period& p) {
    HqStore& store = s.store;
    stream(res, "text/csv; charset=utf-8", file_name(unit, "daily", p, ".csv"),
           [&store, unit, p](const ExportSink& sink) { write_daily_figures_csv(store, unit, p.first, p.days, sink); });
  }));

  server.get(base + "fhir\\.json", "dashboard_export", export_route(state, tls,
      [](DashboardState& s, httplib::Response& res, const Unit& unit, const TimeZone& zone, const Period& p) {
    FhirExportRequest request;
    request.unit = unit;
    const UtcRange range = zone.days(p.first, p.days);
    request.from_ms = range.from_ms;
    request.to_ms = range.to_ms;
    request.generated_at_ms = s.now();
    HqStore& store = s.store;
    stream(res, "application/fhir+json; charset=utf-8", file_name(unit, "fhir", p, ".json"),
           [&store, request](const ExportSink& sink) { write_fhir_bundle(store, request, sink); });
  }));
}

}  // namespace hymy::hq
