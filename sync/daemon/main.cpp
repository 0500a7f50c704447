// hymy-sync
#include <cstdio>

int main() {
  std::puts("hymy-sync: not built yet");
  return 1;
}
