#!/usr/bin/python3
"""Makes tests/fixtures/eval/synthetic: a tiny annotations_mp21.json with made-up hands and 16x16 PNG crops.

Nothing here comes from an evaluation set: the skeleton is built from the bone lengths below, turned by a fixed
rotation and placed 0.45 m in front of a made-up camera. Samples 0-2 are the same hand written in cm, mm and m
(so a reader must give identical metres for all three); sample 1 hides three keypoints with float flags, sample 2
uses boolean flags; sample 3 is 2D-only (no K, no joints3d_cam) with its image in a subfolder.
Mean bone length of the hand: 0.0403 m (the 20 lengths below sum to 0.806 m).

Run: /usr/bin/python3 tools/eval/make_fixture.py   (from the repository root)
"""
import json, os, struct, zlib
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "eval", "synthetic")

# Bone lengths in metres per finger: wrist->first joint, then the three bones out to the tip (MediaPipe order:
# thumb CMC, MCP, IP, tip; other fingers MCP, PIP, DIP, tip).
LENGTHS = {
    "thumb": [0.035, 0.035, 0.030, 0.025],
    "index": [0.085, 0.045, 0.025, 0.020],
    "middle": [0.085, 0.050, 0.030, 0.020],
    "ring": [0.080, 0.045, 0.028, 0.020],
    "pinky": [0.075, 0.035, 0.020, 0.018],
}
# Direction of each finger's palm bone (degrees from +y towards -x in the hand plane) and its curl per joint.
SPREAD = {"thumb": 60, "index": 15, "middle": 0, "ring": -12, "pinky": -25}
CURL = {"thumb": 10, "index": 20, "middle": 25, "ring": 30, "pinky": 35}


def skeleton():
    joints = [np.zeros(3)]
    for finger in ["thumb", "index", "middle", "ring", "pinky"]:
        a = np.radians(SPREAD[finger])
        d = np.array([-np.sin(a), -np.cos(a), 0.0])  # fingers point up the image (-y)
        p = np.zeros(3)
        for i, length in enumerate(LENGTHS[finger]):
            if i > 0:  # curl towards +z (away from the camera) about the finger's side axis
                c = np.radians(CURL[finger])
                side = np.cross(d, [0, 0, 1.0])
                side /= np.linalg.norm(side)
                d = d * np.cos(c) + np.cross(side, d) * np.sin(c) + side * np.dot(side, d) * (1 - np.cos(c))
            p = p + length * d
            joints.append(p.copy())
    return np.array(joints)


def rotation(axis, degrees):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    t = np.radians(degrees)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * k @ k


def png(path, rgb, size=16):
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    joints = skeleton() @ rotation([1, 2, 0.5], 25).T + np.array([0.01, -0.02, 0.45])
    assert abs(np.mean([np.linalg.norm(joints[k] - joints[p]) for k, p in enumerate(
        [-1, 0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 13, 14, 15, 0, 17, 18, 19]) if p >= 0]) - 0.0403) < 1e-12
    K = np.array([[300.0, 0, 8], [0, 300.0, 8], [0, 0, 1]])
    uvw = joints @ K.T
    kp2d = uvw[:, :2] / uvw[:, 2:]

    hidden = [4, 8, 20]
    samples = [
        {"image": "images/0.png", "width": 16, "height": 16, "hand": "right", "K": K.tolist(),
         "kp2d": kp2d.tolist(), "vis": [1] * 21, "joints3d_cam": (joints * 100).tolist(), "joints3d_unit": "cm"},
        {"image": "images/1.png", "K": K.tolist(), "kp2d": kp2d.tolist(),
         "vis": [0.0 if k in hidden else 1.0 for k in range(21)], "joints3d_cam": (joints * 1000).tolist(),
         "joints3d_unit": "mm", "note": "ignored field"},
        {"image": "images/2.png", "K": K.tolist(), "kp2d": kp2d.tolist(),
         "vis": [k not in hidden for k in range(21)], "joints3d_cam": joints.tolist(), "joints3d_unit": "m"},
        {"image": "more/3.png", "kp2d": (kp2d + 1.5).tolist(), "vis": None},
    ]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "annotations_mp21.json"), "w") as f:
        json.dump({"source": "tools/eval/make_fixture.py (synthetic, made-up hand)", "joint_order": "MediaPipe 21",
                   "samples": samples}, f, indent=1)
        f.write("\n")
    for i, (name, colour) in enumerate([("images/0.png", (200, 60, 60)), ("images/1.png", (60, 200, 60)),
                                        ("images/2.png", (60, 60, 200)), ("more/3.png", (128, 128, 128))]):
        png(os.path.join(OUT, name), colour)


if __name__ == "__main__":
    main()
