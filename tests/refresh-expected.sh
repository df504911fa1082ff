#!/bin/sh
# Rewrite the golden files of tests/expected/ from what the kcg binary of
# a build prints now, then show what changed (review it before you commit).
# Usage: tests/refresh-expected.sh [BUILD_DIR]   (default: build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
cmake --build "$build" --target kcg test_golden >/dev/null
KCG_REFRESH=1 ctest --test-dir "$build" -R '^test_golden$' --output-on-failure
git status --short tests/expected
git diff --stat tests/expected
