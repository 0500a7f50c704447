// How deeply a JSON or TOML text nests, found without recursion and without parsing it. Parsers
// that recurse per level (nlohmann's dump and copy, toml++) crash on ~67,000 nested brackets that
// a 200-byte gzip body inflates to; every reader asks these scans first and refuses such input.
#pragma once

#include <string>
#include <string_view>

namespace hymy {

// The deepest nesting any reader in Hymy accepts: real messages and files use at most 5 levels.
inline constexpr int kMaxNestingDepth = 32;

// "JSON nested deeper than 32 levels" / "TOML nested deeper than 32 levels": one wording for
// every reader, so an error names the limit the same way wherever it is hit.
std::string nesting_too_deep_message(std::string_view format, int limit = kMaxNestingDepth);

// True if some bracket (`[` or `{`, outside strings) opens more than `limit` levels deep. Only
// nesting is checked: invalid JSON that nests no deeper is left for the parser to name.
bool json_nesting_exceeds(std::string_view text, int limit = kMaxNestingDepth);

// The same for TOML: arrays `[` and inline tables `{` in values, outside basic, literal and
// multi-line strings and comments. A table header (`[a]`, `[[a]]` first on a line outside any
// value) is not nesting.
bool toml_nesting_exceeds(std::string_view text, int limit = kMaxNestingDepth);

}  // namespace hymy
