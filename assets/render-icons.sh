#!/usr/bin/env bash
# Regenerates the raster icons from lanes.svg.
# Needs: rsvg-convert (librsvg2-bin), ImageMagick 6/7 (convert or magick), python3.
# Output: png/lanes-<size>.png, lanes.ico (16-256), lanes.icns (PNG elements 16-1024),
#         and the window-icon copies in src/main/resources/dev/lanes/icons/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

magick_cmd=$(command -v magick || echo convert)
mkdir -p png
for s in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$s" -h "$s" lanes.svg -o "png/lanes-$s.png"
done

# Windows .ico: small sizes as BMP entries, 256 as PNG (ImageMagick's default).
"$magick_cmd" png/lanes-{16,24,32,48,64,128,256}.png lanes.ico

# macOS .icns with PNG payloads (same element types as Apple's iconutil produces).
python3 - <<'PY'
import struct
elements = [  # (type, pixel size)
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64),
    (b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
]
body = b""
for kind, size in elements:
    data = open(f"png/lanes-{size}.png", "rb").read()
    body += kind + struct.pack(">I", len(data) + 8) + data
with open("lanes.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY

icons=../src/main/resources/dev/lanes/icons
mkdir -p "$icons"
for s in 16 32 48 64 128 256; do
  cp "png/lanes-$s.png" "$icons/lanes-$s.png"
done
echo "icons rendered"
