// hymy-hq: HQ's endpoint and admin command line (see cli/admin_cli.hpp).
#include "cli/admin_cli.hpp"

int main(int argc, char** argv) { return hymy::hq::run_cli(argc, argv); }
