#!/usr/bin/python3
"""Reference facts about the WebXR generic hand GLBs, read with plain numpy (independently of Hamr's GLB reader),
for tests/fixtures/hand/webxr-hand-reference.json.

Usage: /usr/bin/python3 tools/hand/dump_webxr_hand.py ../shared/assets/webxr-generic-hand > tests/fixtures/hand/webxr-hand-reference.json

For each of right.glb and left.glb: vertex and triangle counts, the skin's joint names in skin order, each joint's
bind-pose world position (translation of the inverse of its inverse bind matrix) and node translation, the number of
distinct vertex positions (seams welded by exact coordinates), a few vertices (position, uv, joints, weights),
the first triangles, and the accessors' component types.
"""
import json
import struct
import sys

import numpy as np


def load(path):
    data = open(path, "rb").read()
    magic, version, length = struct.unpack("<III", data[:12])
    assert magic == 0x46546C67 and version == 2 and length == len(data)
    offset, chunks = 12, []
    while offset < length:
        chunk_length, chunk_type = struct.unpack("<II", data[offset:offset + 8])
        chunks.append((chunk_type, data[offset + 8:offset + 8 + chunk_length]))
        offset += 8 + chunk_length
    doc = json.loads(chunks[0][1])
    binary = chunks[1][1]

    def accessor(i):
        a = doc["accessors"][i]
        view = doc["bufferViews"][a["bufferView"]]
        dtype = {5126: np.float32, 5121: np.uint8, 5123: np.uint16, 5125: np.uint32}[a["componentType"]]
        n = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}[a["type"]]
        assert "byteStride" not in view
        start = view.get("byteOffset", 0) + a.get("byteOffset", 0)
        return np.frombuffer(binary, dtype, a["count"] * n, start).reshape(a["count"], n)

    return doc, accessor


def facts(path):
    doc, accessor = load(path)
    primitive = doc["meshes"][0]["primitives"][0]
    attributes = primitive["attributes"]
    positions = accessor(attributes["POSITION"])
    uvs = accessor(attributes["TEXCOORD_0"])
    joints = accessor(attributes["JOINTS_0"])
    weights = accessor(attributes["WEIGHTS_0"])
    indices = accessor(primitive["indices"]).reshape(-1, 3)
    skin = doc["skins"][0]
    # glTF matrices are column-major: reshape to 4x4 and transpose to row-major column-vector form.
    ibm = accessor(skin["inverseBindMatrices"]).reshape(-1, 4, 4).transpose(0, 2, 1).astype(np.float64)
    names = [doc["nodes"][j]["name"] for j in skin["joints"]]
    bind = {n: np.linalg.inv(m)[:3, 3].tolist() for n, m in zip(names, ibm)}
    translation = {doc["nodes"][j]["name"]: doc["nodes"][j]["translation"] for j in skin["joints"]}
    picks = [0, 1, 2, 500, len(positions) - 1]
    return {
        "vertices": int(len(positions)),
        "triangles": int(len(indices)),
        "distinct_positions": int(len(np.unique(positions, axis=0))),
        "joint_names": names,
        "bind_positions": bind,
        "node_translations": translation,
        "component_types": {k: doc["accessors"][v]["componentType"] for k, v in attributes.items()}
        | {"indices": doc["accessors"][primitive["indices"]]["componentType"]},
        "sample_vertices": [
            {
                "index": i,
                "position": positions[i].tolist(),
                "uv": uvs[i].tolist(),
                "joints": joints[i].tolist(),
                "weights": weights[i].tolist(),
            }
            for i in picks
        ],
        "first_triangles": indices[:4].tolist(),
        "position_min": positions.min(0).tolist(),
        "position_max": positions.max(0).tolist(),
    }


def main():
    folder = sys.argv[1]
    out = {side: facts(f"{folder}/{side}.glb") for side in ("right", "left")}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
