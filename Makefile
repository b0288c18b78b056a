# The front door. `make run` and `make test` set everything up themselves.
#   make run               serve on 127.0.0.1:4566 (EDDY_PORT, EDDY_HOST, EDDY_DATA_DIR, EDDY_INIT_DIR)
#   make test              release build in build/, every test
#   make test SANITIZE=1   the same with AddressSanitizer + UBSan in build-sanitize/ (what CI runs)
SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD_DIR ?= build-sanitize
BUILD_TYPE ?= Debug
SANITIZE_FLAGS := -DEDDY_SANITIZE=ON
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
else
BUILD_DIR ?= build
BUILD_TYPE ?= Release
SANITIZE_FLAGS :=
endif
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build run test test-sanitize bench format clean

deps:
	scripts/install-deps

# Ninja when installed (install-deps brings it): it schedules a clean build better than make.
$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $$(command -v ninja >/dev/null && echo -G Ninja) \
	  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(SANITIZE_FLAGS) $(CMAKE_FLAGS)

build: $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# eddy reads EDDY_PORT, EDDY_HOST, EDDY_DATA_DIR and EDDY_INIT_DIR itself (defaults 4566,
# 127.0.0.1, in memory, none): `EDDY_PORT=4567 make run` serves on 4567.
run: deps build
	$(BUILD_DIR)/bin/eddy

test: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Every test again, built with AddressSanitizer and UBSan in their own directory.
test-sanitize:
	$(MAKE) test SANITIZE=1

# The peer emulators (dynalite, kinesalite) live in bench/peers, apart from the test clients.
bench: deps build
	cd bench/peers && npm ci --no-audit --no-fund --loglevel=error
	python3 bench/run.py --eddy $(BUILD_DIR)/bin/eddy

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build build-sanitize
