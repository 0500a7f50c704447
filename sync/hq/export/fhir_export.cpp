// The FHIR Bundle writer: resources built with nlohmann::json one at a time and streamed, so the
// export's memory does not grow with the number of responses.
#include "export/fhir_export.hpp"

#include <nlohmann/json.hpp>

#include "export/iso_time.hpp"

namespace hymy::hq {
namespace {

using nlohmann::json;

constexpr std::size_t kFlushBytes = 64 * 1024;

const char* rating_display(int rating) {
  switch (rating) {
    case 1: return "Very dissatisfied";
    case 2: return "Dissatisfied";
    case 3: return "Satisfied";
    case 4: return "Very satisfied";
    default: return "Unknown";
  }
}

json rating_coding(int rating) {
  return {{"system", kFhirRatingSystem}, {"code", std::to_string(rating)}, {"display", rating_display(rating)}};
}

// Percent-encodes everything but RFC 3986's unreserved characters (for search parameters).
std::string query_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string question_text(const Question& q, const QuestionSet& set) {
  for (const Language& lang : {set.default_language, Language("en"), Language("fi")}) {
    const auto it = q.text.find(lang);
    if (it != q.text.end() && !it->second.empty()) return it->second;
  }
  return q.text.empty() ? q.id : q.text.begin()->second;
}

std::string unit_title(const Unit& unit) {
  for (const char* lang : {"fi", "en", "sv"}) {
    const auto it = unit.name.find(lang);
    if (it != unit.name.end() && !it->second.empty()) return it->second;
  }
  return unit.id;
}

std::string question_set_identifier(const std::string& unit_id, std::int64_t version) {
  return unit_id + "-v" + std::to_string(version);
}

json questionnaire(const Unit& unit, const PublishedQuestionSet& published, bool latest) {
  const QuestionSet& set = published.set;
  json items = json::array();
  for (const Question& q : set.questions) {
    json options = json::array();
    for (int rating = kMinRating; rating <= kMaxRating; ++rating) {
      options.push_back({{"valueCoding", rating_coding(rating)},
                         {"extension", json::array({{{"url", kFhirItemWeightUrl},
                                                     {"valueDecimal", rating}}})}});
    }
    items.push_back({{"linkId", q.id},
                     {"text", question_text(q, set)},
                     {"type", "choice"},
                     {"required", true},
                     {"answerOption", std::move(options)}});
    items.push_back({{"linkId", fhir_comment_link_id(q.id)},
                     {"text", "Comment"},
                     {"type", "text"},
                     {"required", false}});
  }
  const std::string identifier = question_set_identifier(unit.id, set.version);
  return {{"resourceType", "Questionnaire"},
          {"url", fhir_questionnaire_url(unit.id)},
          {"identifier", json::array({{{"system", kFhirQuestionSetIdSystem}, {"value", identifier}}})},
          {"version", std::to_string(set.version)},
          {"name", "HymyFeedback"},
          {"title", "Hymy feedback: " + unit_title(unit)},
          {"status", latest ? "active" : "retired"},
          {"date", iso_utc(published.published_at_ms)},
          {"item", std::move(items)}};
}

json questionnaire_response(const StoredResponse& stored) {
  const Response& r = stored.response;
  json items = json::array();
  items.push_back({{"linkId", r.question_id},
                   {"answer", json::array({{{"valueCoding", rating_coding(r.rating)}}})}});
  if (r.comment && !r.comment->empty()) {
    items.push_back({{"linkId", fhir_comment_link_id(r.question_id)},
                     {"answer", json::array({{{"valueString", *r.comment}}})}});
  }
  json resource = {
      {"resourceType", "QuestionnaireResponse"},
      {"identifier", {{"system", kFhirResponseIdSystem}, {"value", r.id}}},
      {"questionnaire", fhir_questionnaire_url(r.unit_id) + "|" + std::to_string(r.question_set_version)},
      {"status", "completed"},
      {"authored", iso_utc(r.answered_at_ms)},
      {"meta", {{"tag", json::array({{{"system", "urn:hymy:channel"}, {"code", to_string(r.channel)}}})}}},
      {"item", std::move(items)}};
  // Anonymous by design: no subject, no author, no source.
  return resource;
}

json entry(json resource, const std::string& type, const std::string& system,
           const std::string& value) {
  return {{"resource", std::move(resource)},
          {"request", {{"method", "PUT"},
                       {"url", type + "?identifier=" + query_encode(system + "|" + value)}}}};
}

}  // namespace

std::string fhir_questionnaire_url(const std::string& unit_id) {
  return "urn:hymy:questionnaire:" + unit_id;
}

std::string fhir_comment_link_id(const std::string& question_id) { return question_id + ".comment"; }

void write_fhir_bundle(HqStore& store, const FhirExportRequest& request, const ExportSink& sink) {
  std::string block = json{{"resourceType", "Bundle"}, {"type", "transaction"},
                           {"timestamp", iso_utc(request.generated_at_ms)}}
                          .dump();
  block.pop_back();  // reopen the object to append the entries
  block += ",\"entry\":[";
  bool first = true;
  auto add = [&](const json& e) {
    if (!first) block += ',';
    first = false;
    block += e.dump(-1, ' ', false, json::error_handler_t::replace);
    if (block.size() >= kFlushBytes) {
      sink(block);
      block.clear();
    }
  };

  const std::vector<PublishedQuestionSet> sets = store.question_sets(request.unit.id);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    add(entry(questionnaire(request.unit, sets[i], i + 1 == sets.size()), "Questionnaire",
              kFhirQuestionSetIdSystem, question_set_identifier(request.unit.id, sets[i].set.version)));
  }
  ResponseQuery query;
  query.unit_ids = {request.unit.id};
  query.from_ms = request.from_ms;
  query.to_ms = request.to_ms;
  query.newest_first = false;
  store.for_each_response(query, [&](const StoredResponse& r) {
    add(entry(questionnaire_response(r), "QuestionnaireResponse", kFhirResponseIdSystem, r.response.id));
    return true;
  });
  block += "]}";
  sink(block);
}

}  // namespace hymy::hq
