#!/usr/bin/python3
"""Golden outputs for Hamr.Imaging's transforms from an independent reference, OpenCV (Debian's python3-opencv).

    apt-get install -y python3-opencv && /usr/bin/python3 tools/imaging/make_transform_goldens.py

Writes tests/fixtures/imaging/transforms/: inputs and outputs as .npy (uint8, H x W x C) and manifest.json
describing each case. Deterministic (fixed seed). The tests only read these files; never regenerate them to make a
test pass.

Pixel-centre conventions: Hamr's affine maps use continuous coordinates with pixel centres at integer + 0.5;
OpenCV's use centres at integers. A Hamr map M (source -> destination) is OpenCV's T(-0.5) . M . T(+0.5), which
is what we pass to cv2.warpAffine; the manifest stores Hamr's M.
"""
import json
import math
import os

import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "imaging", "transforms")
rng = np.random.default_rng(20240607)
manifest = {"opencv": cv2.__version__, "warp": [], "resize": [], "blur": []}


def save(name, array):
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if array.ndim == 2:
        array = array[:, :, None]
    np.save(os.path.join(OUT, name + ".npy"), array, allow_pickle=False)
    return name


def smooth_image(w, h, c):
    """Low-frequency content: bilinear warps then differ from OpenCV's 1/32-pixel sample grid by < 1 level."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.empty((h, w, c))
    for ch in range(c):
        px, py, pd = rng.uniform(0, 2 * math.pi, 3)
        img[:, :, ch] = (128 + 45 * np.sin(2 * math.pi * x / 19 + px) + 40 * np.cos(2 * math.pi * y / 15 + py)
                         + 25 * np.sin(2 * math.pi * (x - y) / 27 + pd))
    img = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    grad = max(np.abs(np.diff(img.astype(int), axis=0)).max(), np.abs(np.diff(img.astype(int), axis=1)).max())
    assert grad <= 25, f"smooth input too steep: {grad} levels/px"
    return img


def hamr_to_cv(m):
    t_minus = np.array([[1, 0, -0.5], [0, 1, -0.5], [0, 0, 1]])
    t_plus = np.array([[1, 0, 0.5], [0, 1, 0.5], [0, 0, 1]])
    m3 = np.vstack([m, [0, 0, 1]])
    return (t_minus @ m3 @ t_plus)[:2]


crop_boxes = {}


def crop_box(cx, cy, size, rotation, out):
    """Hamr's CropBox.SourceToCrop: T(out/2) . S(out/size) . R(-rotation) . T(-centre)."""
    crop_boxes[len(crop_boxes)] = [cx, cy, size, rotation, out]
    c, s = math.cos(-rotation), math.sin(-rotation)
    k = out / size
    r = np.array([[c, -s], [s, c]]) * k
    t = -r @ np.array([cx, cy]) + out / 2
    return np.hstack([r, t[:, None]])


smooth_rgb = smooth_image(40, 32, 3)
smooth_gray = smooth_image(29, 23, 1)
smooth_rgba = smooth_image(24, 20, 4)
noise_rgb = rng.integers(0, 256, size=(27, 33, 3), dtype=np.uint8)
inputs = {"smooth_rgb": smooth_rgb, "smooth_gray": smooth_gray, "smooth_rgba": smooth_rgba, "noise_rgb": noise_rgb}
for name, img in inputs.items():
    save("in_" + name, img)

# --- warps -------------------------------------------------------------------------------------------------------
warps = [
    ("crop_rot_const", "smooth_rgb", crop_box(20.3, 15.7, 24, 0.4, 28), 28, 28, "constant", [10, 200, 30, 255]),
    ("crop_rot_replicate", "smooth_rgb", crop_box(12.0, 20.0, 30, -1.1, 32), 32, 32, "replicate", None),
    ("shear_const", "smooth_rgb", np.array([[0.9, 0.35, 3.2], [-0.2, 1.15, -4.7]]), 36, 30, "constant", [0, 0, 0, 0]),
    ("translate_replicate", "smooth_gray", np.array([[1.0, 0.0, 2.37], [0.0, 1.0, -1.61]]), 29, 23, "replicate", None),
    ("upscale_rot_gray", "smooth_gray", crop_box(14.5, 11.5, 10, 2.5, 31), 31, 31, "constant", [90, 0, 0, 255]),
    ("crop_rgba_const", "smooth_rgba", crop_box(11.0, 9.0, 16, 0.7, 20), 20, 20, "constant", [255, 128, 0, 40]),
]
crop_params = list(crop_boxes.values())
for name, src_name, m, w, h, border, colour in warps:
    src = inputs[src_name]
    ch = src.shape[2]
    kwargs = {"flags": cv2.INTER_LINEAR}
    if border == "constant":
        # Hamr's Rgba on gray images is R; with alpha (2 or 4 channels) A fills the alpha channel.
        value = {1: [colour[0]], 2: [colour[0], colour[3]], 3: colour[:3], 4: colour}[ch]
        kwargs.update(borderMode=cv2.BORDER_CONSTANT, borderValue=tuple(float(v) for v in value) + (0.0,) * (4 - ch))
    else:
        kwargs.update(borderMode=cv2.BORDER_REPLICATE)
    out = cv2.warpAffine(src if ch > 1 else src[:, :, 0], hamr_to_cv(m), (w, h), **kwargs)
    manifest["warp"].append({"name": name, "input": "in_" + src_name, "output": save("warp_" + name, out),
                             "matrix": [float(v) for v in np.asarray(m).ravel()], "width": w, "height": h,
                             "border": border, "colour": colour,
                             "crop": crop_params.pop(0) if name.startswith(("crop", "upscale")) else None})

# --- resize: INTER_AREA when shrinking both axes, INTER_LINEAR when growing both ---------------------------------
resizes = [
    ("area_half", "noise_rgb", 16, 13, cv2.INTER_AREA),        # 33x27 -> 16x13: fractional coverage
    ("area_exact2", "smooth_rgb", 20, 16, cv2.INTER_AREA),     # integer factor 2 (OpenCV's fast path)
    ("area_third", "smooth_rgb", 13, 10, cv2.INTER_AREA),
    ("area_gray", "smooth_gray", 11, 9, cv2.INTER_AREA),
    ("linear_up", "noise_rgb", 70, 57, cv2.INTER_LINEAR),
    ("linear_up2", "smooth_gray", 58, 46, cv2.INTER_LINEAR),   # exactly 2x
    ("linear_up_rgba", "smooth_rgba", 41, 33, cv2.INTER_LINEAR),
]
for name, src_name, w, h, interp in resizes:
    src = inputs[src_name]
    out = cv2.resize(src if src.shape[2] > 1 else src[:, :, 0], (w, h), interpolation=interp)
    manifest["resize"].append({"name": name, "input": "in_" + src_name, "output": save("resize_" + name, out),
                               "width": w, "height": h})

# --- Gaussian blur: kernel size 2*ceil(3 sigma)+1, reflect-101 borders ----------------------------------------
for name, src_name, sigma in [("s0_6", "noise_rgb", 0.6), ("s1_0", "noise_rgb", 1.0), ("s1_7", "smooth_rgb", 1.7), ("s2_3_gray", "smooth_gray", 2.3)]:
    src = inputs[src_name]
    k = 2 * math.ceil(3 * sigma) + 1
    out = cv2.GaussianBlur(src if src.shape[2] > 1 else src[:, :, 0], (k, k), sigmaX=sigma, sigmaY=sigma,
                           borderType=cv2.BORDER_REFLECT_101)
    manifest["blur"].append({"name": name, "input": "in_" + src_name, "output": save("blur_" + name, out), "sigma": sigma})

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1)
    f.write("\n")
print("wrote", OUT, sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT)), "bytes")
