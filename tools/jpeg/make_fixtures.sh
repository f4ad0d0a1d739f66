#!/usr/bin/env bash
# Makes the JPEG golden files under tests/fixtures/jpeg/: synthetic source images (numpy: gradients, noise,
# shapes; never photos), encoded with libjpeg-turbo's cjpeg in every mode the decoder supports, and each
# decoded by djpeg's defaults (accurate integer IDCT, fancy upsampling) into NAME.ppm / NAME.pgm beside
# NAME.jpg. Two files carry an EXIF APP1 orientation tag spliced in here as plain bytes; their golden
# (NAME.oriented.ppm) is djpeg's output rotated by numpy, since djpeg itself ignores the tag.
# Needs: apt-get install -y libjpeg-turbo-progs, and /usr/bin/python3 with numpy. Never run by CI.
# Usage: tools/jpeg/make_fixtures.sh   (deterministic: fixed numpy seed)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fixtures/jpeg
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
mkdir -p "$out"
rm -f "$out"/*.jpg "$out"/*.ppm "$out"/*.pgm

# Source images: colour 48x40 and 37x23 (odd, not a multiple of 8 or 16), and a 48x40 gray one.
/usr/bin/python3 - "$src" <<'EOF'
import sys
import numpy as np

rng = np.random.default_rng(20260522)
out = sys.argv[1]

def synth(w, h):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 255 * x / (w - 1)
    g = 255 * y / (h - 1)
    b = 128 + 100 * np.sin(x / 3.0) * np.cos(y / 4.0)
    img = np.stack([r, g, b], axis=-1)
    # a filled disc and a rectangle with hard edges (ringing and chroma edges)
    disc = (x - w * 0.6) ** 2 + (y - h * 0.45) ** 2 < (min(w, h) * 0.25) ** 2
    img[disc] = [230, 40, 60]
    img[2:h // 3, 3:w // 3] = [20, 200, 90]
    img += rng.normal(0, 12, img.shape)  # noise
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)

def write_pnm(path, img):
    if img.ndim == 2:
        header = b"P5\n%d %d\n255\n" % (img.shape[1], img.shape[0])
    else:
        header = b"P6\n%d %d\n255\n" % (img.shape[1], img.shape[0])
    with open(path, "wb") as f:
        f.write(header + img.tobytes())

write_pnm(f"{out}/c48x40.ppm", synth(48, 40))
write_pnm(f"{out}/c37x23.ppm", synth(37, 23))
write_pnm(f"{out}/g48x40.pgm", synth(48, 40).mean(axis=2).astype(np.uint8))
EOF

# Non-interleaved sequential scans (one component per scan), for the baseline multi-scan path.
printf '0;\n1;\n2;\n' >"$src/sequential_separate.scans"

enc() { # name, source, cjpeg options...
    local name=$1 source=$2
    shift 2
    cjpeg "$@" -outfile "$out/$name.jpg" "$src/$source"
}

for size in 48x40 37x23; do
    s="c$size.ppm"
    enc "s444_$size" "$s" -quality 90 -sample 1x1
    enc "s422_$size" "$s" -quality 90 -sample 2x1
    enc "s420_$size" "$s" -quality 90 -sample 2x2
    enc "s440_$size" "$s" -quality 90 -sample 1x2
    enc "gray_$size" "$s" -quality 90 -grayscale
    enc "prog444_$size" "$s" -quality 90 -sample 1x1 -progressive
    enc "prog422_$size" "$s" -quality 90 -sample 2x1 -progressive
    enc "prog420_$size" "$s" -quality 90 -sample 2x2 -progressive
    enc "prog440_$size" "$s" -quality 90 -sample 1x2 -progressive
    enc "proggray_$size" "$s" -quality 90 -grayscale -progressive
    enc "restart1_$size" "$s" -quality 90 -sample 2x2 -restart 1
    enc "restart2b_$size" "$s" -quality 90 -sample 2x2 -restart 2B
done
s=c48x40.ppm
enc restart1b_444_48x40 "$s" -quality 80 -sample 1x1 -restart 1B
enc progrestart_420_48x40 "$s" -quality 90 -sample 2x2 -progressive -restart 2B
enc optimize_420_48x40 "$s" -quality 90 -sample 2x2 -optimize
enc q50_420_48x40 "$s" -quality 50 -sample 2x2
enc q95_444_48x40 "$s" -quality 95 -sample 1x1
# Quality 10 without -baseline gives quantisers above 255: 16-bit DQT and an extended-sequential SOF1 frame.
enc q10_sof1_420_48x40 "$s" -quality 10 -sample 2x2
enc rgb_48x40 "$s" -quality 90 -rgb
# Ratios other than 1 and 2 (4:1:1, 4:1:0): libjpeg replicates samples instead of interpolating.
enc s411_48x40 "$s" -quality 90 -sample 4x1
enc s410_48x40 "$s" -quality 90 -sample 4x2
enc mixed_2x1_1x2_48x40 "$s" -quality 90 -sample 2x2,2x1,1x2
enc separate_scans_420_48x40 "$s" -quality 90 -sample 2x2 -scans "$src/sequential_separate.scans"
enc gray_source_48x40 g48x40.pgm -quality 85

for f in "$out"/*.jpg; do
    djpeg -pnm -outfile "${f%.jpg}.pnm" "$f"
    if head -c 2 "${f%.jpg}.pnm" | grep -q P5; then mv "${f%.jpg}.pnm" "${f%.jpg}.pgm"; else mv "${f%.jpg}.pnm" "${f%.jpg}.ppm"; fi
done

# EXIF orientation: an APP1 "Exif" block (TIFF header, IFD0 with the one tag 0x0112) spliced in after the
# JFIF APP0 segment; orientation 6 (rotate 90° clockwise, big-endian TIFF) and 3 (180°, little-endian TIFF).
/usr/bin/python3 - "$out" <<'EOF'
import struct
import sys
import numpy as np

out = sys.argv[1]

def read_pnm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    channels = 3 if parts[0] == b"P6" else 1
    pixels = np.frombuffer(parts[4][: w * h * channels], np.uint8)
    return pixels.reshape(h, w, channels)

def write_ppm(path, img):
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (img.shape[1], img.shape[0]) + img.tobytes())

def exif_app1(orientation, big_endian):
    e = ">" if big_endian else "<"
    tiff = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
    tiff += struct.pack(e + "H", 1)                              # one IFD0 entry
    tiff += struct.pack(e + "HHIH", 0x0112, 3, 1, orientation) + b"\0\0"  # SHORT, count 1, value left-justified
    tiff += struct.pack(e + "I", 0)                              # no next IFD
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body

# numpy rotations that display the stored pixels upright (EXIF 6: rotate 90° clockwise; 3: 180°)
for name, base, orientation, big_endian, turn in [
    ("exif6_420_48x40", "s420_48x40", 6, True, lambda a: np.rot90(a, k=-1)),
    ("exif6_422_37x23", "s422_37x23", 6, False, lambda a: np.rot90(a, k=-1)),
    ("exif3_444_48x40", "s444_48x40", 3, False, lambda a: np.rot90(a, k=2)),
]:
    jpeg = open(f"{out}/{base}.jpg", "rb").read()
    assert jpeg[:4] == b"\xff\xd8\xff\xe0"
    app0_end = 4 + struct.unpack(">H", jpeg[4:6])[0]
    with open(f"{out}/{name}.jpg", "wb") as f:
        f.write(jpeg[:app0_end] + exif_app1(orientation, big_endian) + jpeg[app0_end:])
    write_ppm(f"{out}/{name}.oriented.ppm", np.ascontiguousarray(turn(read_pnm(f"{out}/{base}.ppm"))))
EOF

echo "$(cat "$out"/* | wc -c) bytes in $out"
