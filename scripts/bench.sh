#!/usr/bin/env bash
# Builds in release mode and runs every benchmark; each prints "name value unit" lines.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build-release --parallel 2
for bench in build-release/tests/benchmarks/bench_*; do
    [ -f "$bench" ] && [ -x "$bench" ] && "$bench"
done
