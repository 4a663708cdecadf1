#!/usr/bin/env bash
# Builds the Debian package dist/horoscope-admin_<version>-<revision>_<arch>.deb on Debian 12:
# installs what it needs with apt-get, builds a release in build-package/ (reused on the next
# run) with Debian's hardening flags, and runs CPack's DEB generator.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-deps.sh

builddir=${HA_PACKAGE_BUILD_DIR:-build-package}
# Debian's compiler and linker flags (fortify, stack protector, relro, now), as dpkg-buildpackage
# would set them.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags="$(dpkg-buildflags --get LDFLAGS)"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$builddir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHA_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" "${launcher[@]}"
cmake --build "$builddir" --parallel 2

rm -rf "$builddir/cpack"
(cd "$builddir" && cpack -G DEB -B cpack)
mkdir -p dist
deb=$(ls "$builddir"/cpack/horoscope-admin_*.deb)
cp "$deb" dist/
echo "dist/$(basename "$deb")"
