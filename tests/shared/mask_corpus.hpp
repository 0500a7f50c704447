// The labelled comment corpus (mask_corpus.tsv) and how masking is scored on it: an item leaks
// unless a placeholder stands exactly where its span was; a comment is damaged if any text outside
// its spans changed.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hymy::test {

struct CorpusItem {
  std::string kind;  // hetu, phone or email
  std::string span;  // the exact text that must vanish
};

struct CorpusComment {
  std::size_t line = 0;
  std::string language;
  std::string text;
  std::vector<CorpusItem> items;  // empty: harmless, must come out unchanged
};

// Throws std::runtime_error naming the line and what is wrong.
std::vector<CorpusComment> parse_corpus(std::string_view tsv);

struct CommentScore {
  std::size_t leaked = 0;  // items whose span did not become a placeholder
  bool damaged = false;    // text outside the spans changed
};

CommentScore score_comment(const CorpusComment& comment, std::string_view masked);

}  // namespace hymy::test
