// Named touch targets the screens publish every frame ("face.4", "button.send", "key.ä"), so
// that scripted UI tests and the benchmark can tap the same places a finger would.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace hymy::kiosk {

struct Rect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  float cx() const { return (x0 + x1) * 0.5f; }
  float cy() const { return (y0 + y1) * 0.5f; }
  bool contains(float x, float y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

class Targets {
 public:
  void clear() { rects_.clear(); }
  void add(const std::string& name, const Rect& r) { rects_[name] = r; }
  std::optional<Rect> find(const std::string& name) const {
    const auto it = rects_.find(name);
    if (it == rects_.end()) return std::nullopt;
    return it->second;
  }
  const std::map<std::string, Rect>& all() const { return rects_; }

 private:
  std::map<std::string, Rect> rects_;
};

}  // namespace hymy::kiosk
