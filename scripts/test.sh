#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test:
#   installs the packages, checks formatting, builds with warnings as errors, runs ctest, then
#   builds the Debian package, validates it, installs it, runs it and removes it.
# Each test starts its own throwaway PostgreSQL cluster (as the postgres user under root).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-deps.sh

echo "== clang-format check"
git ls-files -- '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

echo "== build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHA_WARNINGS_AS_ERRORS=ON
cmake --build build --parallel 2

echo "== tests"
cd build
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel 2 --timeout 300
cd ..

echo "== package"
bash scripts/test-package.sh
