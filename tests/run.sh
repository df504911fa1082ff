#!/usr/bin/env bash
# Build kcg twice and run every test:
#   build/       warnings as errors, RelWithDebInfo
#   build-asan/  AddressSanitizer + UBSan, warnings as errors
# The unit and sample tests run in both; the real-kernel acceptance test
# (Linux 6.1 from Debian, about 2 minutes on 2 cores) runs in the
# sanitizer build.  Usage: tests/run.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

.ci/install-deps
jobs=$(nproc)

cmake -S . -B build -DKCG_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
cmake -S . -B build-asan -DKCG_WERROR=ON -DKCG_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build --output-on-failure -LE kernel "$@"
ctest --test-dir build-asan --output-on-failure "$@"
