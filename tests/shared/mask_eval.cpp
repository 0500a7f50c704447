// hymy-mask-eval <corpus.tsv>: runs every corpus comment through clean_comment (what the tablet
// and HQ do) and prints each failure and the leak and damage rates. Exit 0 only with no leak and
// no damaged comment, 1 otherwise, 2 when the corpus cannot be read.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "hymy/comment.hpp"
#include "mask_corpus.hpp"

namespace {
double percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: hymy-mask-eval <corpus.tsv>\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "hymy-mask-eval: cannot open " << argv[1] << "\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<hymy::test::CorpusComment> corpus;
  try {
    corpus = hymy::test::parse_corpus(buffer.str());
  } catch (const std::exception& e) {
    std::cerr << "hymy-mask-eval: " << argv[1] << ": " << e.what() << "\n";
    return 2;
  }

  std::size_t items = 0, leaked = 0, harmless = 0, harmless_damaged = 0, with_items = 0,
              with_items_damaged = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_kind;  // kind -> items, leaked
  for (const auto& c : corpus) {
    const hymy::CleanComment clean = hymy::clean_comment(c.text);
    const std::string masked = clean.text.value_or(clean.ok() ? "" : "<refused: " + clean.error + ">");
    const auto score = hymy::test::score_comment(c, masked);
    items += c.items.size();
    leaked += score.leaked;
    for (const auto& item : c.items) ++by_kind[item.kind].first;
    if (score.leaked > 0) {
      // Attribute to the kinds of the comment's items; exact when a comment has one item.
      for (const auto& item : c.items) ++by_kind[item.kind].second;
    }
    if (c.items.empty()) {
      ++harmless;
      harmless_damaged += score.damaged;
    } else {
      ++with_items;
      with_items_damaged += score.damaged;
    }
    if (score.leaked > 0 || score.damaged) {
      std::cout << "line " << c.line << (score.leaked ? " LEAK" : "") << (score.damaged ? " DAMAGE" : "")
                << "\n  in:  " << c.text << "\n  out: " << masked << "\n";
    }
  }
  std::printf("comments: %zu (fi/sv/en), %zu with personal data, %zu harmless\n", corpus.size(),
              with_items, harmless);
  for (const auto& [kind, counts] : by_kind) {
    std::printf("  %-5s items: %zu, in leaking comments: %zu\n", kind.c_str(), counts.first,
                counts.second);
  }
  std::printf("leaked items:      %zu of %zu (%.1f %%)\n", leaked, items,
              percent(leaked, items));
  std::printf("damaged harmless:  %zu of %zu (%.1f %%)\n", harmless_damaged, harmless,
              percent(harmless_damaged, harmless));
  std::printf("damaged elsewhere: %zu of %zu comments with personal data\n", with_items_damaged,
              with_items);
  return (leaked == 0 && harmless_damaged == 0 && with_items_damaged == 0) ? 0 : 1;
}
