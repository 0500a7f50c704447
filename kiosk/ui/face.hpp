// The four rating faces, drawn as vectors with ImDrawList so they stay sharp at any size. They
// differ by shape (deep frown .. broad smile, sad brows, laughing eyes) as well as by colour, so
// a visitor who cannot tell red from green still can tell them apart.
#pragma once

#include <imgui.h>

namespace hymy::kiosk {

// `rating` 1..4. `dimmed` greys a face out while another one is being stored.
void draw_face(ImDrawList* dl, ImVec2 center, float radius, int rating, bool dimmed = false);

}  // namespace hymy::kiosk
