#include "mask_corpus.hpp"

#include <array>
#include <stdexcept>

namespace hymy::test {
namespace {

constexpr std::array<std::string_view, 3> kPlaceholders = {"[hetu]", "[phone]", "[email]"};
constexpr std::array<std::string_view, 3> kKinds = {"hetu", "phone", "email"};
constexpr std::array<std::string_view, 3> kLanguages = {"fi", "sv", "en"};

template <std::size_t N>
bool is_one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  for (const auto v : set) {
    if (v == s) return true;
  }
  return false;
}

std::vector<std::string> split_tabs(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

std::size_t placeholder_at(std::string_view s, std::size_t pos) {
  for (const auto p : kPlaceholders) {
    if (s.substr(pos, p.size()) == p) return p.size();
  }
  return 0;
}

}  // namespace

std::vector<CorpusComment> parse_corpus(std::string_view tsv) {
  std::vector<CorpusComment> corpus;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < tsv.size()) {
    std::size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    const std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto where = "corpus line " + std::to_string(line_no) + ": ";
    const auto fields = split_tabs(line);
    if (fields.size() < 2) throw std::runtime_error(where + "expected language, tab, comment");
    CorpusComment c{line_no, fields[0], fields[1], {}};
    if (!is_one_of(c.language, kLanguages)) {
      throw std::runtime_error(where + "language \"" + c.language + "\" is not fi, sv or en");
    }
    std::size_t search_from = 0;
    for (std::size_t f = 2; f < fields.size(); ++f) {
      const std::size_t colon = fields[f].find(':');
      if (colon == std::string::npos || !is_one_of(fields[f].substr(0, colon), kKinds)) {
        throw std::runtime_error(where + "item \"" + fields[f] +
                                 "\" is not hetu:..., phone:... or email:...");
      }
      CorpusItem item{fields[f].substr(0, colon), fields[f].substr(colon + 1)};
      const std::size_t at = c.text.find(item.span, search_from);
      if (item.span.empty() || at == std::string::npos) {
        throw std::runtime_error(where + "span \"" + item.span +
                                 "\" is not in the comment after the previous item");
      }
      search_from = at + item.span.size();
      c.items.push_back(std::move(item));
    }
    corpus.push_back(std::move(c));
  }
  return corpus;
}

CommentScore score_comment(const CorpusComment& comment, std::string_view masked) {
  // Walk the expected text: the literal pieces between spans must appear unchanged, and each span
  // must have become one placeholder. After a leak, resynchronise on the next literal piece.
  std::vector<std::string_view> pieces;
  std::string_view text = comment.text;
  std::size_t from = 0;
  for (const auto& item : comment.items) {
    const std::size_t at = text.find(item.span, from);
    pieces.push_back(text.substr(from, at - from));
    from = at + item.span.size();
  }
  pieces.push_back(text.substr(from));

  CommentScore score;
  std::size_t pos = 0;
  bool after_placeholder = false;
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    if (masked.substr(pos, pieces[k].size()) != pieces[k]) {
      // Text left between a placeholder and the next piece is most likely the rest of the span
      // ("[phone] 4567"): a leak. Elsewhere it is damage.
      if (after_placeholder) {
        ++score.leaked;
      } else {
        score.damaged = true;
      }
      const std::size_t found = masked.find(pieces[k], pos);
      if (found == std::string_view::npos) {
        score.leaked += comment.items.size() - k;
        return score;
      }
      pos = found;
    }
    pos += pieces[k].size();
    if (k == comment.items.size()) break;
    after_placeholder = false;
    if (const std::size_t p = placeholder_at(masked, pos); p > 0) {
      pos += p;
      after_placeholder = true;
      continue;
    }
    ++score.leaked;
    // Skip to where the next piece starts again.
    const auto& next = pieces[k + 1];
    const std::size_t found = next.empty() ? std::string_view::npos : masked.find(next, pos);
    if (found == std::string_view::npos) {
      score.leaked += comment.items.size() - k - 1;
      if (!next.empty()) score.damaged = true;
      return score;
    }
    pos = found;
  }
  if (pos != masked.size()) {
    if (after_placeholder) {
      ++score.leaked;
    } else {
      score.damaged = true;
    }
  }
  return score;
}

}  // namespace hymy::test
