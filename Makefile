# Thin wrapper over CMake presets: the commands a newcomer types.
#   make demo   start Hymy locally (HQ, sync daemon and kiosk with a demo unit)
#   make test   install what is missing, build with sanitizers, run the whole test suite
#   make bench  build optimised and print the benchmark figures
.PHONY: deps build test release demo bench clean

deps:
	./install-deps.sh

build: deps
	cmake --preset test
	cmake --build --preset test

test: build
	ctest --preset test

release: deps
	cmake --preset release
	cmake --build --preset release

demo: release
	./demo.sh build/release

bench: release
	./tests/bench/run.sh build/release

clean:
	rm -rf build
