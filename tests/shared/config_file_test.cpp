// Tests of TOML configuration reading: values, defaults, and that every error names the file and
// the key (or line and column for syntax errors), what was expected and what was found.
#include "hymy/config_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace hymy {
namespace {

// The message of the ConfigError that `f` throws; fails the test if it throws nothing.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError thrown";
  return "";
}

ConfigFile parse(const std::string& text) { return ConfigFile::parse(text, "device.toml"); }

constexpr const char* kSample = R"(
top = "level"

[sync]
hq_url = "https://hq.example.fi"
interval_seconds = 300
enabled = true
languages = ["fi", "sv", "en"]
empty_list = []

[device]
id = "tablet-1"
unit = "kuopio-er"
database = "/var/lib/hymy/tablet.db"
time_zone = "Europe/Stockholm"
)";

TEST(ConfigFile, ReadsValuesOfEveryKind) {
  const ConfigFile c = parse(kSample);
  EXPECT_EQ(c.source(), "device.toml");
  EXPECT_TRUE(c.has("sync.hq_url"));
  EXPECT_TRUE(c.has("top"));
  EXPECT_TRUE(c.has("sync"));
  EXPECT_FALSE(c.has("sync.missing"));
  EXPECT_FALSE(c.has("nosection.key"));
  EXPECT_EQ(c.require_string("sync.hq_url"), "https://hq.example.fi");
  EXPECT_EQ(c.string("top", "x"), "level");
  EXPECT_EQ(c.integer("sync.interval_seconds", 60, 10, 86400), 300);
  EXPECT_TRUE(c.boolean("sync.enabled", false));
  EXPECT_EQ(c.strings("sync.languages", {}), (std::vector<std::string>{"fi", "sv", "en"}));
  EXPECT_TRUE(c.strings("sync.empty_list", {"x"}).empty());
}

TEST(ConfigFile, MissingKeysGiveTheFallback) {
  const ConfigFile c = parse(kSample);
  EXPECT_EQ(c.string("sync.proxy", "none"), "none");
  EXPECT_EQ(c.integer("sync.timeout_seconds", 30, 1, 60), 30);
  EXPECT_FALSE(c.boolean("kiosk.fullscreen", false));
  EXPECT_TRUE(c.boolean("kiosk.fullscreen", true));
  EXPECT_EQ(c.strings("kiosk.languages", {"fi"}), std::vector<std::string>{"fi"});
}

TEST(ConfigFile, IntegerOfWrongTypeNamesFileKeyExpectedAndFound) {
  const ConfigFile c = parse("[sync]\ninterval_seconds = \"abc\"\n");
  EXPECT_EQ(error_of([&] { c.integer("sync.interval_seconds", 60, 10, 86400); }),
            "device.toml: key 'sync.interval_seconds': expected an integer from 10 to 86400, "
            "found \"abc\" (a string)");
}

TEST(ConfigFile, IntegerOutOfRangeOrFractional) {
  const ConfigFile c = parse("[sync]\nlow = 5\nhigh = 86401\nfloat = 60.5\n");
  EXPECT_EQ(error_of([&] { c.integer("sync.low", 60, 10, 86400); }),
            "device.toml: key 'sync.low': expected an integer from 10 to 86400, found 5 (an "
            "integer)");
  EXPECT_NE(error_of([&] { c.integer("sync.high", 60, 10, 86400); }).find("found 86401"),
            std::string::npos);
  EXPECT_NE(error_of([&] { c.integer("sync.float", 60, 10, 86400); })
                .find("found 60.5 (a floating-point number)"),
            std::string::npos);
  EXPECT_EQ(c.integer("sync.low", 0, 5, 5), 5);  // bounds are inclusive
}

TEST(ConfigFile, WrongTypesForStringsBooleansAndArrays) {
  const ConfigFile c = parse("a = 42\nb = \"yes\"\nc = \"fi\"\nd = [\"fi\", 2]\ne = 2024-01-01\n");
  EXPECT_EQ(error_of([&] { c.string("a", ""); }),
            "device.toml: key 'a': expected a string, found 42 (an integer)");
  EXPECT_EQ(error_of([&] { c.boolean("b", false); }),
            "device.toml: key 'b': expected true or false, found \"yes\" (a string)");
  EXPECT_EQ(error_of([&] { c.strings("c", {}); }),
            "device.toml: key 'c': expected an array of strings, found \"fi\" (a string)");
  EXPECT_EQ(error_of([&] { c.strings("d", {}); }),
            "device.toml: key 'd[1]': expected a string, found 2 (an integer)");
  EXPECT_EQ(error_of([&] { c.string("e", ""); }),
            "device.toml: key 'e': expected a string, found 2024-01-01 (a date)");
}

TEST(ConfigFile, RequiredStringMissingEmptyOrWrongType) {
  const ConfigFile c = parse("[device]\nid = \"\"\nunit = [\"a\"]\n");
  EXPECT_EQ(error_of([&] { c.require_string("device.database"); }),
            "device.toml: key 'device.database': missing; expected a non-empty string");
  EXPECT_EQ(error_of([&] { c.require_string("device.id"); }),
            "device.toml: key 'device.id': expected a non-empty string, found \"\" (an empty "
            "string)");
  EXPECT_EQ(error_of([&] { c.require_string("device.unit"); }),
            "device.toml: key 'device.unit': expected a non-empty string, found [\"a\"] (an "
            "array)");
}

TEST(ConfigFile, ValueWhereATableBelongs) {
  const ConfigFile c = parse("sync = 5\n");
  EXPECT_EQ(error_of([&] { c.integer("sync.interval_seconds", 60, 10, 86400); }),
            "device.toml: key 'sync': expected a table, found 5 (an integer)");
  EXPECT_EQ(error_of([&] { (void)c.has("sync.interval_seconds"); }),
            "device.toml: key 'sync': expected a table, found 5 (an integer)");
}

TEST(ConfigFile, LongValuesAreShortenedInMessages) {
  const ConfigFile c = parse("a = \"" + std::string(1000, 'x') + "\"\n");
  const std::string error = error_of([&] { c.integer("a", 0, 0, 1); });
  EXPECT_LT(error.size(), 200u) << error;
  EXPECT_NE(error.find("...\" (a string)"), std::string::npos) << error;
}

TEST(ConfigFile, SyntaxErrorNamesFileLineAndColumn) {
  const std::string error =
      error_of([] { parse("[device]\nid = \"tablet-1\"\nunit = = \"x\"\n"); });
  EXPECT_EQ(error.rfind("device.toml:3:", 0), 0u) << error;
  EXPECT_NE(error.find("TOML syntax error: "), std::string::npos) << error;
}

TEST(ConfigFile, SyntaxErrorColumnIsWhereTheProblemIs) {
  const std::string error = error_of([] { parse("a = 1\nb = 2\nc = ]\n"); });
  EXPECT_EQ(error.rfind("device.toml:3:5: TOML syntax error: ", 0), 0u) << error;
}

TEST(ConfigFile, DuplicateKeysAndInvalidUtf8AreSyntaxErrors) {
  EXPECT_EQ(error_of([] { parse("a = 1\na = 2\n"); }).rfind("device.toml:2:", 0), 0u);
  EXPECT_EQ(error_of([] { parse("a = 1\nb = \"\xC3\x28\"\n"); }).rfind("device.toml:2:", 0), 0u);
}

TEST(ConfigFile, UnknownKeysAreRefused) {
  const ConfigFile c = parse("[device]\nid = \"t\"\nunti = \"u\"\n");
  EXPECT_EQ(error_of([&] { c.check_known_keys("device", {"id", "unit"}); }),
            "device.toml: key 'device.unti': unknown key; expected one of: id, unit");
  c.check_known_keys("kiosk", {"x"});  // an absent table has no unknown keys
  EXPECT_EQ(error_of([&] { c.check_known_keys("", {"sync"}); }),
            "device.toml: key 'device': unknown key; expected one of: sync");
}

TEST(ConfigFile, FailFormatsLikeEveryOtherError) {
  const ConfigFile c = parse("");
  EXPECT_EQ(error_of([&] { c.fail("sync.hq_url", "must start with https://"); }),
            "device.toml: key 'sync.hq_url': must start with https://");
}

TEST(ConfigFile, CanBeMoved) {
  ConfigFile a = parse("x = 1\n");
  ConfigFile b = std::move(a);
  EXPECT_EQ(b.integer("x", 0, 0, 10), 1);
  b = parse("x = 2\n");
  EXPECT_EQ(b.integer("x", 0, 0, 10), 2);
}

// ---------------------------------------------------------------------------------------------
// Files on disk

class ConfigFileOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hymy-config-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::permissions(dir_ / "locked.toml", std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  std::filesystem::path dir_;
};

TEST_F(ConfigFileOnDisk, LoadsAndNamesThePathInErrors) {
  const std::string path = write("device.toml", "[sync]\ninterval_seconds = \"abc\"\n");
  const ConfigFile c = ConfigFile::load(path);
  EXPECT_EQ(c.source(), path);
  EXPECT_EQ(error_of([&] { c.integer("sync.interval_seconds", 60, 10, 86400); }),
            path + ": key 'sync.interval_seconds': expected an integer from 10 to 86400, "
                   "found \"abc\" (a string)");
}

TEST_F(ConfigFileOnDisk, SyntaxErrorInAFileNamesThePath) {
  const std::string path = write("device.toml", "\n\n[device\n");
  EXPECT_EQ(error_of([&] { ConfigFile::load(path); }).rfind(path + ":3:", 0), 0u);
}

TEST_F(ConfigFileOnDisk, MissingFile) {
  const std::string path = (dir_ / "device.toml").string();
  EXPECT_EQ(error_of([&] { ConfigFile::load(path); }),
            path + ": cannot read file: No such file or directory");
}

TEST_F(ConfigFileOnDisk, DirectoryInsteadOfAFile) {
  EXPECT_EQ(error_of([&] { ConfigFile::load(dir_.string()); }),
            dir_.string() + ": cannot read file: not a regular file");
}

TEST_F(ConfigFileOnDisk, FifoWithoutWriterIsRefusedAtOnce) {
  const std::string path = (dir_ / "fifo.toml").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_EQ(error_of([&] { ConfigFile::load(path); }),
            path + ": cannot read file: not a regular file");
}

TEST_F(ConfigFileOnDisk, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files regardless of their permissions";
  const std::string path = write("locked.toml", "a = 1\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  EXPECT_EQ(error_of([&] { ConfigFile::load(path); }),
            path + ": cannot read file: Permission denied");
}

TEST_F(ConfigFileOnDisk, HugeFileIsRefusedUnread) {
  const std::string path = write("big.toml", "a = \"" + std::string(2 << 20, 'x') + "\"\n");
  EXPECT_EQ(error_of([&] { ConfigFile::load(path); }),
            path + ": cannot read file: larger than 1048576 bytes");
}

// ---------------------------------------------------------------------------------------------
// [device]

TEST(DeviceConfig, ReadsTheDeviceSection) {
  const DeviceConfig d = read_device_config(parse(kSample));
  EXPECT_EQ(d.device_id, "tablet-1");
  EXPECT_EQ(d.unit_id, "kuopio-er");
  EXPECT_EQ(d.database, "/var/lib/hymy/tablet.db");
  EXPECT_EQ(d.time_zone, "Europe/Stockholm");
}

TEST(DeviceConfig, TimeZoneDefaultsToHelsinki) {
  const DeviceConfig d =
      read_device_config(parse("[device]\nid = \"t1\"\nunit = \"u\"\ndatabase = \"t.db\"\n"));
  EXPECT_EQ(d.time_zone, "Europe/Helsinki");
}

TEST(DeviceConfig, EveryErrorNamesFileAndKey) {
  struct Case {
    const char* toml;
    const char* expected;
  };
  const Case cases[] = {
      {"", "device.toml: key 'device.id': missing; expected a non-empty string"},
      {"[device]\nid = \"Tablet 1\"\nunit = \"u\"\ndatabase = \"t.db\"\n",
       "device.toml: key 'device.id': expected an id of lowercase letters a-z, digits and '-', "
       "found \"Tablet 1\" (a string)"},
      {"[device]\nid = \"t1\"\nunit = \"kuopio_er\"\ndatabase = \"t.db\"\n",
       "device.toml: key 'device.unit': expected an id of lowercase letters a-z, digits and '-', "
       "found \"kuopio_er\" (a string)"},
      {"[device]\nid = \"t1\"\nunit = \"u\"\n",
       "device.toml: key 'device.database': missing; expected a non-empty string"},
      {"[device]\nid = \"t1\"\nunit = \"u\"\ndatabase = \"t.db\"\ntime_zone = \"Mars/Olympus\"\n",
       "device.toml: key 'device.time_zone': expected an IANA time zone name such as "
       "\"Europe/Helsinki\", found \"Mars/Olympus\" (an unknown zone)"},
      {"[device]\nid = \"t1\"\nunit = \"u\"\ndatabase = \"t.db\"\ntime_zone = 2\n",
       "device.toml: key 'device.time_zone': expected a string, found 2 (an integer)"},
      {"[device]\nid = \"t1\"\nunit = \"u\"\ndatabase = \"t.db\"\ntimezone = \"UTC\"\n",
       "device.toml: key 'device.timezone': unknown key; expected one of: id, unit, database, "
       "time_zone"},
      {"device = \"t1\"\n", "device.toml: key 'device': expected a table, found \"t1\" (a string)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(error_of([&] { read_device_config(parse(c.toml)); }), c.expected) << c.toml;
  }
}

TEST(DeviceConfig, TimeZoneNamesThatAreNotZones) {
  for (const char* zone : {"", "europe/helsinki", "../../etc/passwd", "Europe/", "Helsinki"}) {
    const std::string toml =
        std::string("[device]\nid = \"t1\"\nunit = \"u\"\ndatabase = \"t.db\"\ntime_zone = \"") +
        zone + "\"\n";
    EXPECT_NE(error_of([&] { read_device_config(parse(toml)); }).find("key 'device.time_zone'"),
              std::string::npos)
        << zone;
  }
}

}  // namespace
}  // namespace hymy
