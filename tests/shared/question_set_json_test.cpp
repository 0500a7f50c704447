// Tests of the question-set JSON format: the shipped default set, round trips, every rule and
// every kind of malformed input, each with an error naming the source and the key path.
#include "hymy/question_set_json.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace hymy {
namespace {

using nlohmann::json;

const std::string kSource = "sets/demo.json";

// A valid document with two questions, which each test bends in one place.
json valid_doc() {
  return json::parse(R"({
    "unit": "kuopio-er",
    "version": 3,
    "languages": ["fi", "sv", "en"],
    "default_language": "fi",
    "questions": [
      {"id": "visit",
       "text": {"fi": "Kuinka onnistuimme tänään?", "sv": "Hur lyckades vi i dag?",
                "en": "How did we do today?"},
       "kind": "rating4",
       "follow_up": {"ask": "at_most", "rating": 2},
       "schedule": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "07:00", "to": "20:00"},
                    {"days": ["sat"], "from": "10:00", "to": "24:00"}],
       "enabled": true},
      {"id": "wait_time",
       "text": {"fi": "Kuinka tyytyväinen olit odotusaikaan?",
                "sv": "Hur nöjd var du med väntetiden?",
                "en": "How satisfied were you with the waiting time?"}}
    ]
  })");
}

std::string error_of(const std::string& text) {
  try {
    parse_question_set(text, kSource);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return "";
}

std::string error_of(const json& doc) { return error_of(doc.dump()); }
std::string error_of(const char* text) { return error_of(std::string(text)); }

TEST(QuestionSetJson, ParsesEveryField) {
  const QuestionSet set = parse_question_set(valid_doc().dump(), kSource);
  EXPECT_EQ(set.unit_id, "kuopio-er");
  EXPECT_EQ(set.version, 3);
  EXPECT_EQ(set.languages, (std::vector<Language>{"fi", "sv", "en"}));
  EXPECT_EQ(set.default_language, "fi");
  ASSERT_EQ(set.questions.size(), 2u);

  const Question& visit = set.questions[0];
  EXPECT_EQ(visit.id, "visit");
  EXPECT_EQ(visit.text.at("sv"), "Hur lyckades vi i dag?");
  EXPECT_EQ(visit.kind, "rating4");
  EXPECT_EQ(visit.follow_up, (FollowUp{FollowUp::Kind::at_most, 2}));
  ASSERT_EQ(visit.schedule.windows.size(), 2u);
  EXPECT_EQ(visit.schedule.windows[0], (ScheduleWindow{0x1F, 7 * 60, 20 * 60}));
  EXPECT_EQ(visit.schedule.windows[1], (ScheduleWindow{1u << 5, 10 * 60, 24 * 60}));
  EXPECT_TRUE(visit.enabled);
  EXPECT_TRUE(visit.schedule.is_open(0, 7 * 60));
  EXPECT_FALSE(visit.schedule.is_open(6, 12 * 60));  // no window on Sunday
}

TEST(QuestionSetJson, OptionalKeysTakeTheirDefaults) {
  const QuestionSet set = parse_question_set(valid_doc().dump(), kSource);
  const Question& wait = set.questions[1];
  EXPECT_EQ(wait.kind, "rating4");
  EXPECT_EQ(wait.follow_up, FollowUp{});
  EXPECT_FALSE(wait.follow_up.asks_after(1));
  EXPECT_TRUE(wait.schedule.windows.empty());
  EXPECT_TRUE(wait.schedule.is_open(6, 23 * 60 + 59));
  EXPECT_TRUE(wait.enabled);
}

TEST(QuestionSetJson, RoundTripsExactly) {
  const QuestionSet first = parse_question_set(valid_doc().dump(), kSource);
  const std::string written = question_set_to_json(first);
  const QuestionSet second = parse_question_set(written, kSource);
  EXPECT_EQ(second, first);
  EXPECT_EQ(question_set_to_json(second), written);
}

TEST(QuestionSetJson, WritesTheDocumentedShape) {
  json doc = valid_doc();
  doc["questions"][1]["follow_up"] = {{"ask", "always"}};
  doc["questions"][1]["enabled"] = false;
  const json written = json::parse(question_set_to_json(parse_question_set(doc.dump(), kSource)));
  EXPECT_EQ(written["unit"], "kuopio-er");
  EXPECT_EQ(written["version"], 3);
  EXPECT_EQ(written["questions"][0]["follow_up"], json::parse(R"({"ask":"at_most","rating":2})"));
  EXPECT_EQ(written["questions"][0]["schedule"][1],
            json::parse(R"({"days":["sat"],"from":"10:00","to":"24:00"})"));
  EXPECT_EQ(written["questions"][1]["follow_up"], json::parse(R"({"ask":"always"})"));
  EXPECT_EQ(written["questions"][1]["schedule"], json::array());
  EXPECT_EQ(written["questions"][1]["enabled"], false);
}

TEST(QuestionSetJson, ModelBuiltSetsRoundTripToo) {
  QuestionSet set;
  set.unit_id = "oulu-lab";
  set.version = 9'007'199'254'740'993;  // above 2^53: must not pass through a double
  set.languages = {"sv", "fi", "sme"};
  set.default_language = "sv";
  Question q;
  q.id = "q-1";
  q.text = {{"fi", "Miten meni? \"Lainaus\" \\ ja rivin\nvaihto"},
            {"sv", "Hur gick det?"},
            {"sme", "Mo manai?"}};
  q.follow_up = {FollowUp::Kind::always, 0};
  q.schedule.windows = {{0x7F, 0, 1}, {0x40, 23 * 60 + 59, 24 * 60}};
  set.questions = {q};
  ASSERT_EQ(validate_question_set(set), "");
  EXPECT_EQ(parse_question_set(question_set_to_json(set), kSource), set);
}

TEST(QuestionSetJson, LoadsTheShippedDefaultSet) {
  const QuestionSet set =
      load_question_set_file(std::string(HYMY_ASSETS_DIR) + "/question-sets/default.json");
  EXPECT_EQ(set.unit_id, "demo");
  EXPECT_EQ(set.version, 1);
  EXPECT_EQ(set.languages, (std::vector<Language>{"fi", "sv", "en"}));
  EXPECT_EQ(set.default_language, "fi");
  ASSERT_GE(set.questions.size(), 2u);
  ASSERT_LE(set.questions.size(), 3u);
  EXPECT_EQ(set.questions[0].text.at("fi"), "Kuinka onnistuimme tänään?");
  EXPECT_EQ(set.questions[0].text.at("sv"), "Hur lyckades vi i dag?");
  EXPECT_EQ(set.questions[0].text.at("en"), "How did we do today?");
  EXPECT_EQ(set.questions[0].follow_up, (FollowUp{FollowUp::Kind::at_most, 2}));
  bool always_or_never = false;
  for (const Question& q : set.questions) {
    EXPECT_TRUE(q.enabled) << q.id;
    EXPECT_TRUE(q.schedule.windows.empty()) << q.id;
    always_or_never = always_or_never || q.follow_up.kind != FollowUp::Kind::at_most;
  }
  EXPECT_TRUE(always_or_never);
  EXPECT_EQ(validate_question_set(set), "");
  EXPECT_EQ(parse_question_set(question_set_to_json(set), "copy"), set);
}

// ---------------------------------------------------------------------------------------------
// Errors name the source, the key path, what was expected and what was found.

struct Bend {
  const char* name;
  void (*change)(json&);
  const char* error;  // what follows "<source>: "
};

const Bend kBends[] = {
    {"text of a wrong type", [](json& d) { d["questions"][1]["text"]["sv"] = 42; },
     "key 'questions[1].text.sv': expected a non-empty string, found 42 (a number)"},
    {"blank text", [](json& d) { d["questions"][0]["text"]["en"] = "  "; },
     "key 'questions[0].text.en': expected a non-empty string, found \"  \" (a string)"},
    {"missing text", [](json& d) { d["questions"][1]["text"].erase("en"); },
     "key 'questions[1].text.en': missing; every question needs a text in each offered language "
     "(fi, sv, en)"},
    {"text in a language not offered", [](json& d) { d["questions"][0]["text"]["de"] = "Wie?"; },
     "key 'questions[0].text.de': not an offered language; expected one of: fi, sv, en"},
    {"misspelt question key", [](json& d) { d["questions"][0]["folow_up"] = json::object(); },
     "key 'questions[0].folow_up': unknown key; expected one of: id, text, kind, follow_up, "
     "schedule, enabled"},
    {"unknown top-level key", [](json& d) { d["name"] = "x"; },
     "key 'name': unknown key; expected one of: unit, version, languages, default_language, "
     "questions"},
    {"missing unit", [](json& d) { d.erase("unit"); },
     "key 'unit': missing; expected a non-empty string"},
    {"unit not a slug", [](json& d) { d["unit"] = "Kuopio ER"; },
     "key 'unit': expected an id of lowercase letters a-z, digits and '-', found \"Kuopio ER\""},
    {"version as a string", [](json& d) { d["version"] = "3"; },
     "key 'version': expected a positive integer, found \"3\" (a string)"},
    {"version zero", [](json& d) { d["version"] = 0; },
     "key 'version': expected a positive integer, found 0 (a number)"},
    {"negative version", [](json& d) { d["version"] = -2; },
     "key 'version': expected a positive integer, found -2 (a number)"},
    {"fractional version", [](json& d) { d["version"] = 1.5; },
     "key 'version': expected a positive integer, found 1.5 (a number)"},
    {"languages not an array", [](json& d) { d["languages"] = "fi"; },
     "key 'languages': expected an array of language codes, found \"fi\" (a string)"},
    {"language of a wrong type", [](json& d) { d["languages"][1] = nullptr; },
     "key 'languages[1]': expected a language code such as \"fi\", found null"},
    {"upper-case language", [](json& d) { d["languages"][0] = "FI"; },
     "key 'languages[0]': expected a language code of 2 or 3 lowercase letters such as \"fi\", "
     "found \"FI\""},
    {"language listed twice", [](json& d) { d["languages"][2] = "fi"; },
     "key 'languages[2]': \"fi\" is listed twice"},
    {"no languages", [](json& d) { d["languages"] = json::array(); },
     "key 'languages': expected at least one language"},
    {"default language not offered", [](json& d) { d["default_language"] = "de"; },
     "key 'default_language': expected one of the offered languages (fi, sv, en), found \"de\""},
    {"no questions", [](json& d) { d["questions"] = json::array(); },
     "key 'questions': expected at least one question"},
    {"question not an object", [](json& d) { d["questions"][1] = "visit"; },
     "key 'questions[1]': expected an object, found \"visit\" (a string)"},
    {"all questions disabled",
     [](json& d) {
       d["questions"][0]["enabled"] = false;
       d["questions"][1]["enabled"] = false;
     },
     "key 'questions': expected at least one enabled question"},
    {"enabled as a string", [](json& d) { d["questions"][0]["enabled"] = "yes"; },
     "key 'questions[0].enabled': expected true or false, found \"yes\" (a string)"},
    {"duplicate id", [](json& d) { d["questions"][1]["id"] = "visit"; },
     "key 'questions[1].id': \"visit\" is already the id of questions[0]; ids must be unique"},
    {"id with a space", [](json& d) { d["questions"][1]["id"] = "wait time"; },
     "key 'questions[1].id': expected an id of lowercase letters a-z, digits, '-' and '_' (at "
     "most 64), found \"wait time\""},
    {"unknown kind", [](json& d) { d["questions"][0]["kind"] = "stars5"; },
     "key 'questions[0].kind': expected \"rating4\", found \"stars5\""},
    {"unknown follow-up", [](json& d) { d["questions"][0]["follow_up"]["ask"] = "sometimes"; },
     "key 'questions[0].follow_up.ask': expected \"never\", \"always\" or \"at_most\", found "
     "\"sometimes\" (a string)"},
    {"at_most without a rating", [](json& d) { d["questions"][0]["follow_up"].erase("rating"); },
     "key 'questions[0].follow_up.rating': missing; expected an integer from 1 to 3"},
    {"at_most 4", [](json& d) { d["questions"][0]["follow_up"]["rating"] = 4; },
     "key 'questions[0].follow_up.rating': expected an integer from 1 to 3, found 4 (a number)"},
    {"at_most 0", [](json& d) { d["questions"][0]["follow_up"]["rating"] = 0; },
     "key 'questions[0].follow_up.rating': expected an integer from 1 to 3, found 0 (a number)"},
    {"rating with always",
     [](json& d) { d["questions"][0]["follow_up"] = {{"ask", "always"}, {"rating", 2}}; },
     "key 'questions[0].follow_up.rating': only allowed with \"ask\": \"at_most\""},
    {"window ends before it starts",
     [](json& d) { d["questions"][0]["schedule"][0]["to"] = "06:00"; },
     "key 'questions[0].schedule[0].to': expected a time after \"from\" (\"07:00\") and no later "
     "than \"24:00\", found \"06:00\""},
    {"empty window", [](json& d) { d["questions"][0]["schedule"][0]["to"] = "07:00"; },
     "key 'questions[0].schedule[0].to': expected a time after \"from\" (\"07:00\") and no later "
     "than \"24:00\", found \"07:00\""},
    {"no days", [](json& d) { d["questions"][0]["schedule"][1]["days"] = json::array(); },
     "key 'questions[0].schedule[1].days': expected an array of days such as [\"mon\", \"tue\"], "
     "found [] (an array)"},
    {"misspelt day", [](json& d) { d["questions"][0]["schedule"][0]["days"][2] = "Wed"; },
     "key 'questions[0].schedule[0].days[2]': expected one of \"mon\", \"tue\", \"wed\", \"thu\", "
     "\"fri\", \"sat\", \"sun\", found \"Wed\" (a string)"},
    {"day listed twice", [](json& d) { d["questions"][0]["schedule"][0]["days"][1] = "mon"; },
     "key 'questions[0].schedule[0].days[1]': \"mon\" is listed twice"},
    {"time without a leading zero",
     [](json& d) { d["questions"][0]["schedule"][0]["from"] = "7:00"; },
     "key 'questions[0].schedule[0].from': expected a time \"HH:MM\" from \"00:00\" to \"23:59\", "
     "found \"7:00\" (a string)"},
    {"window starting at 24:00",
     [](json& d) { d["questions"][0]["schedule"][0]["from"] = "24:00"; },
     "key 'questions[0].schedule[0].from': expected a time \"HH:MM\" from \"00:00\" to \"23:59\", "
     "found \"24:00\" (a string)"},
    {"hour 25", [](json& d) { d["questions"][0]["schedule"][0]["to"] = "25:00"; },
     "key 'questions[0].schedule[0].to': expected a time \"HH:MM\" from \"00:00\" to \"24:00\", "
     "found \"25:00\" (a string)"},
    {"time as a number", [](json& d) { d["questions"][0]["schedule"][0]["to"] = 20; },
     "key 'questions[0].schedule[0].to': expected a time \"HH:MM\" from \"00:00\" to \"24:00\", "
     "found 20 (a number)"},
    {"window key misspelt", [](json& d) { d["questions"][0]["schedule"][0]["until"] = "20:00"; },
     "key 'questions[0].schedule[0].until': unknown key; expected one of: days, from, to"},
    {"schedule not an array", [](json& d) { d["questions"][0]["schedule"] = json::object(); },
     "key 'questions[0].schedule': expected an array of time windows, found {} (an object)"},
};

TEST(QuestionSetJsonErrors, EachBendIsReportedByKey) {
  for (const Bend& bend : kBends) {
    json doc = valid_doc();
    bend.change(doc);
    EXPECT_EQ(error_of(doc), kSource + ": " + bend.error) << bend.name;
  }
}

TEST(QuestionSetJsonErrors, MalformedJsonNamesSourceAndByte) {
  const std::string error = error_of("{\n  \"unit\": \"demo\",\n  \"version\": 1,,\n}");
  EXPECT_EQ(error.rfind(kSource + ": malformed JSON at byte 36, line 3, column 16: ", 0), 0u)
      << error;
}

TEST(QuestionSetJsonErrors, EmptyTruncatedAndNonObjectInput) {
  EXPECT_EQ(error_of("").rfind(kSource + ": malformed JSON at byte 1", 0), 0u);
  const std::string text = valid_doc().dump();
  EXPECT_NE(error_of(text.substr(0, text.size() / 2)).find("malformed JSON at byte"),
            std::string::npos);
  EXPECT_EQ(error_of("[1, 2]"),
            kSource + ": expected a JSON object at the top level, found [1,2] (an array)");
  EXPECT_EQ(error_of("null"), kSource + ": expected a JSON object at the top level, found null");
}

TEST(QuestionSetJsonErrors, DuplicateKeysAreRefused) {
  std::string text = valid_doc().dump();
  const std::string fi = "\"fi\":\"Kuinka onnistuimme tänään?\"";
  const auto at = text.find(fi);
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\"fi\":\"Toinen\",");
  EXPECT_EQ(error_of(text), kSource + ": key 'questions[0].text.fi': appears twice");
  EXPECT_EQ(error_of(R"({"unit":"a","unit":"b"})"), kSource + ": key 'unit': appears twice");
}

TEST(QuestionSetJsonErrors, InvalidUtf8IsMalformedJson) {
  std::string text = valid_doc().dump();
  const auto at = text.find("Hur lyckades");
  ASSERT_NE(at, std::string::npos);
  text[at + 1] = '\xC3';  // 'u' -> a lead byte followed by 'r': not UTF-8
  const std::string error = error_of(text);
  EXPECT_EQ(error.rfind(kSource + ": malformed JSON at byte ", 0), 0u) << error;
  EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
}

TEST(QuestionSetJsonErrors, DeepNestingIsRefused) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(error_of(deep), kSource + ": JSON nested deeper than 16 levels");
  const std::string deep_object = "{\"unit\":" + std::string(50000, '[');
  EXPECT_EQ(error_of(deep_object), kSource + ": JSON nested deeper than 16 levels");
}

TEST(QuestionSetJsonErrors, HugeInputIsRefused) {
  json doc = valid_doc();
  doc["questions"][0]["text"]["fi"] = std::string(2 << 20, 'x');
  EXPECT_EQ(error_of(doc), kSource + ": larger than 1048576 bytes");
}

TEST(QuestionSetJsonErrors, LongTextIsRefusedWithItsLength) {
  json doc = valid_doc();
  std::string text;
  for (int i = 0; i < 301; ++i) text += "ä";
  doc["questions"][0]["text"]["fi"] = text;
  EXPECT_EQ(error_of(doc),
            kSource + ": key 'questions[0].text.fi': expected at most 300 characters, found 301");
}

TEST(QuestionSetJsonErrors, MissingFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "hymy-no-such-dir" / "set.json").string();
  try {
    load_question_set_file(path);
    ADD_FAILURE() << "loaded a file that does not exist";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read file: No such file or directory");
  }
}

// Corrupting the shipped file byte by byte must give a set or a ConfigError, never anything else.
TEST(QuestionSetJsonErrors, CorruptedInputNeverEscapesAsAnythingButConfigError) {
  std::ifstream in(std::string(HYMY_ASSETS_DIR) + "/question-sets/default.json");
  const std::string original((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(original.empty());
  std::mt19937 random(20240612);  // fixed seed: the same inputs on every run
  std::uniform_int_distribution<std::size_t> position(0, original.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int accepted = 0;
  int refused = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = original;
    for (int k = 0; k < 1 + round % 4; ++k) {
      text[position(random)] = static_cast<char>(byte(random));
    }
    try {
      const QuestionSet set = parse_question_set(text, kSource);
      EXPECT_EQ(validate_question_set(set), "");
      ++accepted;
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(kSource + ": ", 0), 0u) << e.what();
      ++refused;
    }
  }
  EXPECT_EQ(accepted + refused, 2000);
  EXPECT_GT(refused, 1000);  // most random corruption is caught
}

// ---------------------------------------------------------------------------------------------
// validate_question_set on sets built in code (the HQ editor builds them that way).

QuestionSet valid_set() { return parse_question_set(valid_doc().dump(), kSource); }

TEST(QuestionSetValidate, AcceptsAValidSet) { EXPECT_EQ(validate_question_set(valid_set()), ""); }

TEST(QuestionSetValidate, DefaultConstructedSetIsNotValid) {
  EXPECT_EQ(validate_question_set(QuestionSet{}),
            "key 'unit': expected an id of lowercase letters a-z, digits and '-', found \"\"");
}

TEST(QuestionSetValidate, ReportsWhatToFix) {
  QuestionSet set = valid_set();
  set.version = 0;
  EXPECT_EQ(validate_question_set(set), "key 'version': expected a positive integer, found 0");

  set = valid_set();
  set.questions[0].follow_up = {FollowUp::Kind::at_most, 4};
  EXPECT_EQ(validate_question_set(set),
            "key 'questions[0].follow_up.rating': expected an integer from 1 to 3, found 4");

  set = valid_set();
  set.questions[1].schedule.windows = {{0, 0, 60}};
  EXPECT_EQ(validate_question_set(set),
            "key 'questions[1].schedule[0].days': expected at least one of \"mon\" .. \"sun\" "
            "and nothing else");

  set = valid_set();
  set.questions[1].schedule.windows = {{0x7F, 600, 1500}};
  EXPECT_EQ(validate_question_set(set),
            "key 'questions[1].schedule[0].to': expected a time after \"from\" (\"10:00\") and no "
            "later than \"24:00\", found minute 1500");

  set = valid_set();
  set.questions[1].schedule.windows = {{0x7F, -1, 60}};
  EXPECT_EQ(validate_question_set(set),
            "key 'questions[1].schedule[0].from': expected a time from \"00:00\" to \"23:59\", "
            "found minute -1");

  set = valid_set();
  set.questions[0].text["sv"] = "Hur \xC3";
  EXPECT_EQ(validate_question_set(set), "key 'questions[0].text.sv': expected valid UTF-8 text");

  set = valid_set();
  set.languages.push_back("english");
  EXPECT_EQ(validate_question_set(set),
            "key 'languages[3]': expected a language code of 2 or 3 lowercase letters such as "
            "\"fi\", found \"english\"");
}

TEST(QuestionSetValidate, WritingAnInvalidUtf8TextFailsClearly) {
  QuestionSet set = valid_set();
  set.questions[0].text["sv"] = "Hur \xC3";
  try {
    question_set_to_json(set);
    ADD_FAILURE() << "wrote invalid UTF-8";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("questions[0].text.sv"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hymy
