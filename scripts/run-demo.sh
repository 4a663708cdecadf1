#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds Horoscope Admin and opens it on the
# embedded demo database (a private PostgreSQL in your data directory; stopped when you quit).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel 2
exec ./build/app/horoscope-admin --demo "$@"
