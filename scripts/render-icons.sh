#!/usr/bin/env bash
# Renders resources/icons/horoscope-admin.svg to the PNG sizes the hicolor theme expects.
# The PNGs are committed, so building needs no SVG renderer; run this after editing the SVG.
# Needs rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for size in 16 22 24 32 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" horoscope-admin.svg -o "horoscope-admin-$size.png"
done
