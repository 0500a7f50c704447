// hymy-hq
#include <cstdio>

int main() {
  std::puts("hymy-hq: not built yet");
  return 1;
}
