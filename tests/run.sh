#!/usr/bin/env bash
# Build kcg in four configurations and run every test:
#   build/       warnings as errors, RelWithDebInfo
#   build-asan/  AddressSanitizer + UBSan, warnings as errors
#   build-llvm15/, build-llvm16/  against libclang 15 and 16
# and the fuzz targets of the compile-command parsers in build-fuzz/.
# The unit and sample tests run in all; the real-kernel acceptance test
# (Linux 6.1 from Debian, about 3 minutes on 2 cores) runs in the
# sanitizer build, whose libclang matches the clang Kbuild uses.
# Usage: tests/run.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

.ci/install-deps
jobs=$(nproc)

cmake -S . -B build -DKCG_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
cmake -S . -B build-asan -DKCG_WERROR=ON -DKCG_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"

for v in 15 16; do
	if [ -f /usr/lib/llvm-$v/include/clang-c/Index.h ]; then
		cmake -S . -B build-llvm$v -DKCG_WERROR=ON \
			-DKCG_LLVM_VERSION=$v >/dev/null
		cmake --build build-llvm$v -j "$jobs"
	fi
done
# the libFuzzer targets (clang), run briefly over their seeds by ctest -L
# fuzz; tests/fuzz/run.sh runs them for long
CC=clang cmake -S . -B build-fuzz -DKCG_FUZZ=ON -DKCG_TESTS=OFF \
	-DKCG_WERROR=ON >/dev/null
cmake --build build-fuzz -j "$jobs" --target fuzz_compdb fuzz_kbuild

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build --output-on-failure -LE kernel "$@"
for v in 15 16; do
	if [ -d build-llvm$v ]; then
		ctest --test-dir build-llvm$v --output-on-failure -LE kernel "$@"
	fi
done
ctest --test-dir build-fuzz --output-on-failure -L fuzz
ctest --test-dir build-asan --output-on-failure "$@"
