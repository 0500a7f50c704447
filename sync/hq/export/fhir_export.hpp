// HL7 FHIR R4 export: a transaction Bundle holding a Questionnaire for every published version of
// a unit's question set and one anonymous QuestionnaireResponse per stored response. Every entry
// is a conditional update keyed by a stable identifier, so a hospital can load the same export
// (or overlapping ones) into its own FHIR server any number of times without duplicates.
#pragma once

#include <cstdint>
#include <string>

#include "export/csv_export.hpp"  // ExportSink
#include "store/hq_store.hpp"

namespace hymy::hq {

// Identifier systems and canonical URLs used in the export (stable across exports and versions).
inline constexpr const char* kFhirResponseIdSystem = "urn:hymy:response";
inline constexpr const char* kFhirQuestionSetIdSystem = "urn:hymy:question-set";
inline constexpr const char* kFhirRatingSystem = "urn:hymy:rating4";
inline constexpr const char* kFhirItemWeightUrl = "http://hl7.org/fhir/StructureDefinition/itemWeight";

// "urn:hymy:questionnaire:<unit id>": the Questionnaire's url; responses refer to url|version.
std::string fhir_questionnaire_url(const std::string& unit_id);
// The linkId of a question's comment item.
std::string fhir_comment_link_id(const std::string& question_id);

struct FhirExportRequest {
  Unit unit;
  std::int64_t from_ms = 0;  // answered_at, inclusive
  std::int64_t to_ms = 0;    // exclusive
  std::int64_t generated_at_ms = 0;
};

// Streams the Bundle's JSON to `sink`.
void write_fhir_bundle(HqStore& store, const FhirExportRequest& request, const ExportSink& sink);

}  // namespace hymy::hq
