#!/usr/bin/python3
"""OpenCV anchor for the `warp` bench verb: the same calls on the same sizes, µs per call (wall and CPU).

    /usr/bin/python3 bench/imaging/opencv_bench.py [--threads 2] [--calls 200] [--chunks 15]

Prints lines in the Hamr verb's format ("opencv NAME threads=T us_per_call=... cpu_us_per_call=..."). Bench only.
"""
import argparse
import math
import time

import cv2
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--calls", type=int, default=200)
ap.add_argument("--chunks", type=int, default=15)
args = ap.parse_args()
cv2.setNumThreads(args.threads)

rng = np.random.default_rng(1)
frame = rng.integers(0, 256, size=(480, 640, 3), dtype=np.uint8)
crop = np.empty((256, 256, 3), np.uint8)
half = np.empty((128, 128, 3), np.uint8)
blurred = np.empty((256, 256, 3), np.uint8)

# CropBox((333.3, 251.7), 300, 0.5).SourceToCrop(256) in Hamr's convention (centres at +0.5), moved to OpenCV's.
cx, cy, size, rot, out = 333.3, 251.7, 300.0, 0.5, 256
c, s, k = math.cos(-rot), math.sin(-rot), out / size
r = np.array([[c, -s], [s, c]]) * k
m = np.hstack([r, (-r @ np.array([cx, cy]) + out / 2)[:, None]])
m3 = np.vstack([m, [0, 0, 1]])
m_cv = (np.array([[1, 0, -0.5], [0, 1, -0.5], [0, 0, 1]]) @ m3 @ np.array([[1, 0, 0.5], [0, 1, 0.5], [0, 0, 1]]))[:2]

k_blur = 2 * math.ceil(3 * 1.5) + 1
calls = {
    "warp_crop": (args.calls, lambda: cv2.warpAffine(frame, m_cv, (256, 256), dst=crop, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)),
    "resize_area": (args.calls, lambda: cv2.resize(crop, (128, 128), dst=half, interpolation=cv2.INTER_AREA)),
    "blur": (args.calls // 4, lambda: cv2.GaussianBlur(crop, (k_blur, k_blur), 1.5, dst=blurred, borderType=cv2.BORDER_REFLECT_101)),
}
for name, (n, call) in calls.items():
    for _ in range(n):
        call()
    wall, cpu = [], []
    for _ in range(args.chunks):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            call()
        wall.append((time.perf_counter() - t0) / n * 1e6)
        cpu.append((time.process_time() - c0) / n * 1e6)
    wall.sort()
    cpu.sort()
    print(f"opencv {name} threads={args.threads} us_per_call={wall[len(wall) // 2]:.1f} best_us={wall[0]:.1f} cpu_us_per_call={cpu[len(cpu) // 2]:.1f}")
