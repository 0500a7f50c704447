// The on-screen keyboard of the comment screen: the language's letter rows (with å ä ö where the
// language has them), shift, backspace, space and a numbers/symbols page. It only reports what
// was pressed; the draft itself lives in the flow.
#pragma once

#include <vector>

#include "flow/flow.hpp"
#include "i18n/catalog.hpp"
#include "ui/targets.hpp"
#include "ui/theme.hpp"

namespace hymy::kiosk {

// Draws into `area` and returns the intents of keys released this frame.
std::vector<Intent> draw_keyboard(const Rect& area, const LanguagePack& pack,
                                  const CommentDraft& draft, const Fonts& fonts, Targets& targets);

}  // namespace hymy::kiosk
