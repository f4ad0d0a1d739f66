#!/usr/bin/python3
"""Makes the PNG golden fixtures in tests/fixtures/png/ with independent tools.

ImageMagick (apt-get install -y imagemagick) WRITES the PNGs (every colour type x allowed bit depth, interlaced
and not); this script then edits only the container where ImageMagick has no switch (adds tRNS chunks, splits
IDAT into many chunks, adds unknown ancillary chunks, recomputing CRCs). ImageMagick 6.9.11 cannot force a filter
type (its -quality filter digit reaches libpng as a bad mask), so the filter cases are written by the small writer
below, one filter type for all rows or all five in turn, and accepted only when ImageMagick decodes them to the
exact source pixels. The reference
pixels come from DECODING each final file with ImageMagick (Q16, as RGBA 16-bit), cross-checked against Pillow
(python3-pil) wherever Pillow keeps full precision. Our decoder never takes part.

Outputs, per case NAME: NAME.png and NAME.rgba8 (depth <= 8: RGBA, 8 bits) or NAME.rgba16 (depth 16: RGBA,
16 bits big-endian); manifest.txt lists "name width height channels reference" where channels is what the PNG
spec says a decoder that adds alpha for tRNS outputs (gray 1, gray+alpha 2, RGB/palette 3, with tRNS 2/4/4).
Run: /usr/bin/python3 tools/png/make_fixtures.py   (deterministic: fixed seeds; ImageMagick 6.9.11 Q16)
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
from PIL import Image

CONVERT = "/usr/bin/convert"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "png")
ALLOWED = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
PAM_TYPES = {1: "GRAYSCALE", 2: "GRAYSCALE_ALPHA", 3: "RGB", 4: "RGB_ALPHA"}


# ---- PNG container ------------------------------------------------------------------------------------------

def chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, out = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(ctype + body), "bad CRC from the writer"
        out.append((ctype, body))
        pos += 12 + length
    return out


def assemble(chunk_list):
    parts = [b"\x89PNG\r\n\x1a\n"]
    for ctype, body in chunk_list:
        parts.append(struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body)))
    return b"".join(parts)


def ihdr(data):
    body = dict(chunks(data))[b"IHDR"]
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
    return w, h, depth, ctype, interlace


def insert_before_idat(data, new_chunks):
    out = []
    for ctype, body in chunks(data):
        if ctype == b"IDAT" and new_chunks:
            out.extend(new_chunks)
            new_chunks = []
        out.append((ctype, body))
    return assemble(out)


def split_idat(data, piece, extra_ancillary):
    """Re-chunks the compressed stream into IDATs of `piece` bytes (plus one empty IDAT) and adds chunks."""
    cl = chunks(data)
    stream = b"".join(body for ctype, body in cl if ctype == b"IDAT")
    out, done = [], False
    for ctype, body in cl:
        if ctype == b"IDAT":
            if not done:
                out.extend(extra_ancillary)
                pieces = [stream[i:i + piece] for i in range(0, len(stream), piece)]
                pieces.insert(1, b"")
                out.extend((b"IDAT", p) for p in pieces)
                done = True
            continue
        out.append((ctype, body))
    return assemble(out)


def pack_row(samples, depth):
    """One row of samples (already interleaved) as PNG bytes: big-endian 16-bit, or packed MSB-first below 8."""
    if depth == 16:
        return samples.astype(">u2").tobytes()
    if depth == 8:
        return samples.astype("u1").tobytes()
    per_byte = 8 // depth
    padded = np.zeros(-(-len(samples) // per_byte) * per_byte, np.int64)
    padded[:len(samples)] = samples
    groups = padded.reshape(-1, per_byte)
    shifts = np.arange(per_byte - 1, -1, -1) * depth
    return (groups << shifts).sum(axis=1).astype("u1").tobytes()


def filter_row(kind, row, prior, bpp):
    out = bytearray(len(row))
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i]
        c = prior[i - bpp] if i >= bpp else 0
        if kind == 0:
            pred = 0
        elif kind == 1:
            pred = a
        elif kind == 2:
            pred = b
        elif kind == 3:
            pred = (a + b) // 2
        else:
            p, pa, pb, pc = a + b - c, abs(b - c), abs(a - c), abs(a + b - 2 * c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        out[i] = (x - pred) & 0xFF
    return bytes([kind]) + bytes(out)


def write_png(pixels, ctype, depth, filt, interlace):
    """A minimal PNG writer for the filter cases: filt 0..4 for every row, or 5 for the five types in turn."""
    h, w, channels = pixels.shape
    bpp = max(1, channels * depth // 8)
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw, row_index = bytearray(), 0
    for x0, y0, dx, dy in passes if interlace else [(0, 0, 1, 1)]:
        sub = pixels[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        prior = bytes(len(pack_row(sub[0].reshape(-1), depth)))
        for row in sub:
            packed = pack_row(row.reshape(-1), depth)
            raw += filter_row(filt if filt < 5 else row_index % 5, packed, prior, bpp)
            prior, row_index = packed, row_index + 1
    header = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace)
    return assemble([(b"IHDR", header), (b"IDAT", zlib.compress(bytes(raw), 9)), (b"IEND", b"")])


# ---- sources ------------------------------------------------------------------------------------------------

def write_pam(path, array, maxval):
    h, w, c = array.shape
    header = f"P7\nWIDTH {w}\nHEIGHT {h}\nDEPTH {c}\nMAXVAL {maxval}\nTUPLTYPE {PAM_TYPES[c]}\nENDHDR\n"
    dtype = ">u2" if maxval > 255 else "u1"
    with open(path, "wb") as f:
        f.write(header.encode() + array.astype(dtype).tobytes())


def source(rng, w, h, ctype, depth, smooth):
    """Pixels that fit the target colour type and depth, so ImageMagick needs no quantisation of its own."""
    if ctype == 3:
        colours = rng.integers(0, 256, (min(1 << depth, 200), 3))
        return colours[rng.integers(0, len(colours), (h, w))], 255
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    maxval = 65535 if depth == 16 else 255
    levels = (1 << depth) - 1 if ctype == 0 and depth < 8 else maxval
    if smooth:  # gradients plus a little noise: compressible, but every filter has work to do
        y, x = np.mgrid[0:h, 0:w]
        base = np.stack([(x * 7 + y * 3 + 40 * c) % 256 for c in range(channels)], axis=-1) / 255.0
        values = np.clip(base + rng.normal(0, 0.03, base.shape), 0, 1)
    else:
        values = rng.random((h, w, channels))
    values = np.round(values * levels) * (maxval // levels)
    if ctype in (4, 6):  # some fully transparent and fully opaque pixels among the random alphas
        alpha = values[..., -1]
        alpha[rng.random((h, w)) < 0.15] = 0
        alpha[rng.random((h, w)) < 0.15] = maxval
    return values.astype(np.int64), maxval


# ---- cases --------------------------------------------------------------------------------------------------

def cases():
    for ctype, depths in ALLOWED.items():
        for depth in depths:
            for interlace in (0, 1):
                yield dict(name=f"ct{ctype}_d{depth}_{'adam7' if interlace else 'plain'}_13x7", w=13, h=7,
                           ctype=ctype, depth=depth, interlace=interlace)
    for ctype, depth in [(0, 1), (0, 16), (2, 8), (2, 16), (3, 4), (3, 8), (4, 8), (6, 8), (6, 16)]:
        yield dict(name=f"ct{ctype}_d{depth}_adam7_32x32", w=32, h=32, ctype=ctype, depth=depth, interlace=1,
                   smooth=True)
    for ctype, depth, w, h in [(0, 8, 1, 1), (6, 16, 1, 1), (2, 8, 3, 2), (0, 1, 9, 1), (3, 2, 1, 9), (4, 16, 5, 5)]:
        yield dict(name=f"ct{ctype}_d{depth}_adam7_{w}x{h}", w=w, h=h, ctype=ctype, depth=depth, interlace=1)
    for ctype, depths in [(0, (1, 2, 4, 8, 16)), (2, (8, 16)), (3, (1, 2, 4, 8))]:
        for depth in depths:
            yield dict(name=f"ct{ctype}_d{depth}_trns_plain_13x7", w=13, h=7, ctype=ctype, depth=depth, interlace=0,
                       trns=True)
    for ctype, depth in [(0, 2), (2, 16), (3, 4)]:
        yield dict(name=f"ct{ctype}_d{depth}_trns_adam7_13x7", w=13, h=7, ctype=ctype, depth=depth, interlace=1,
                   trns=True)
    for filt in range(5):
        yield dict(name=f"ct2_d8_filter{filt}_32x32", w=32, h=32, ctype=2, depth=8, interlace=0, smooth=True,
                   filter=filt)
    for ctype, depth, interlace in [(0, 1, 0), (0, 4, 0), (4, 8, 0), (6, 16, 0), (2, 8, 1), (0, 2, 1), (6, 16, 1)]:
        yield dict(name=f"ct{ctype}_d{depth}_filtermix_{'adam7' if interlace else 'plain'}_13x7", w=13, h=7,
                   ctype=ctype, depth=depth, interlace=interlace, filter=5)
    yield dict(name="ct6_d8_multidat_32x32", w=32, h=32, ctype=6, depth=8, interlace=0, smooth=True, split=61)
    yield dict(name="ct2_d16_multidat_adam7_13x7", w=13, h=7, ctype=2, depth=16, interlace=1, split=17)


def make(case, rng, tmp):
    w, h, ctype, depth = case["w"], case["h"], case["ctype"], case["depth"]
    pixels, maxval = source(rng, w, h, ctype, depth, case.get("smooth", False))
    pam = os.path.join(tmp, "src.pam")
    write_pam(pam, pixels, maxval)
    if "filter" in case:
        levels = maxval if ctype != 0 or depth >= 8 else (1 << depth) - 1
        data = write_png(pixels * levels // maxval, ctype, depth, case["filter"], case["interlace"])
        expected = pixels * (65535 // maxval)
        if ctype in (0, 4):
            expected = np.concatenate([expected[..., :1]] * 3 + [expected[..., 1:]], axis=-1)
        if ctype in (0, 2):
            expected = np.concatenate([expected, np.full((h, w, 1), 65535)], axis=-1)
        assert (decode_reference(data) == expected).all(), f"{case['name']}: ImageMagick decodes other pixels"
        return data
    png = os.path.join(tmp, "out.png")
    args = [CONVERT, pam, "-define", f"png:color-type={ctype}", "-define", f"png:bit-depth={depth}",
            "-define", f"png:exclude-chunks=date,time,gAMA,cHRM{',bKGD' if ctype == 3 else ''}", "-interlace", "PNG" if case["interlace"] else "none"]
    subprocess.run(args + [png], check=True)
    data = open(png, "rb").read()
    got = ihdr(data)
    assert got == (w, h, depth, ctype, case["interlace"]), f"{case['name']}: ImageMagick wrote {got}"
    if case.get("trns"):
        data = insert_before_idat(data, [(b"tRNS", trns_body(data, rng))])
    if "split" in case:
        data = split_idat(data, case["split"], [(b"prVt", b"private ancillary data"), (b"tEXt", b"Comment\0ok")])
    return data


def trns_body(data, rng):
    w, h, depth, ctype, _ = ihdr(data)
    cl = dict(chunks(data))
    if ctype == 3:  # alphas for all but the last palette entry (shorter tRNS: the rest stay opaque)
        entries = len(cl[b"PLTE"]) // 3
        alphas = rng.integers(0, 256, max(entries - 1, 1))
        alphas[0] = 0
        return bytes(int(a) for a in alphas)
    # key: a colour that occurs in the image, read back through ImageMagick in the file's own precision
    ref = decode_reference(data)
    r, g, b = (int(v) for v in ref[h // 2, w // 2, :3])
    shift = 16 - depth
    if ctype == 0:
        return struct.pack(">H", r >> shift if depth >= 8 else r * ((1 << depth) - 1) // 65535)
    return struct.pack(">HHH", r >> shift, g >> shift, b >> shift)


# ---- references ---------------------------------------------------------------------------------------------

def decode_reference(data):
    out = subprocess.run([CONVERT, "png:-", "-depth", "16", "-endian", "MSB", "rgba:-"], input=data,
                         capture_output=True, check=True).stdout
    w, h = ihdr(data)[:2]
    return np.frombuffer(out, ">u2").reshape(h, w, 4).astype(np.int64)


def pillow_check(name, data, ref):
    w, h, depth, ctype, _ = ihdr(data)
    im = Image.open(__import__("io").BytesIO(data))
    if depth <= 8:
        assert (ref % 257 == 0).all(), f"{name}: 8-bit samples are not multiples of 257"
        pil = np.asarray(im.convert("RGBA")).astype(np.int64)
        # Pillow 9.4 compares a 1/2/4-bit gray tRNS key with the samples scaled to 8 bits, so it never matches
        # there: compare colour only and check the alpha from the key directly.
        compared = 3 if ctype == 0 and depth < 8 and b"tRNS" in dict(chunks(data)) else 4
        assert (pil[..., :compared] == ref[..., :compared] // 257).all(), f"{name}: Pillow and ImageMagick disagree"
        if compared == 3:
            (key,) = struct.unpack(">H", dict(chunks(data))[b"tRNS"])
            expected_alpha = np.where(ref[..., 0] == key * (65535 // ((1 << depth) - 1)), 0, 65535)
            assert (ref[..., 3] == expected_alpha).all(), f"{name}: ImageMagick's alpha does not follow the key"
    elif ctype == 0 and b"tRNS" not in dict(chunks(data)):
        pil = np.asarray(im).astype(np.int64)
        assert (pil == ref[..., 0]).all(), f"{name}: Pillow and ImageMagick disagree (16-bit gray)"


def channels(data):
    ctype = ihdr(data)[3]
    has_trns = any(t == b"tRNS" for t, _ in chunks(data))
    return {0: 2 if has_trns else 1, 2: 4 if has_trns else 3, 3: 4 if has_trns else 3, 4: 2, 6: 4}[ctype]


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".png", ".rgba8", ".rgba16")) or f == "manifest.txt":
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(20240611)
    manifest = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases():
            name = case["name"]
            data = make(case, rng, tmp)
            ref = decode_reference(data)
            pillow_check(name, data, ref)
            depth = ihdr(data)[2]
            with open(os.path.join(OUT, name + ".png"), "wb") as f:
                f.write(data)
            ext = "rgba16" if depth == 16 else "rgba8"
            with open(os.path.join(OUT, f"{name}.{ext}"), "wb") as f:
                f.write(ref.astype(">u2").tobytes() if depth == 16 else (ref // 257).astype("u1").tobytes())
            manifest.append(f"{name} {case['w']} {case['h']} {channels(data)} {name}.{ext}")
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("# name width height channels reference (made by tools/png/make_fixtures.py)\n")
        f.write("\n".join(manifest) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"{len(manifest)} fixtures, {total} bytes in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
