// hymy-kiosk: the visitor's full-screen feedback app.
#include <cstdio>

int main() {
  std::puts("hymy-kiosk: not built yet");
  return 1;
}
