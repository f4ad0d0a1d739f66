#!/usr/bin/python3
"""Where the WebXR generic hand's rig says each phalanx's pulp faces, as an angle about the bone.

For every finger joint that becomes a MANO joint, the bind pose's -Y axis (WebXR Hand Input: "the -Y direction is
pointing perpendicular to the skin, inwards towards the palm") is made orthogonal to the bone d (joint to next joint or
tip) and expressed as an angle from n_perp toward u_perp, where n is the palm normal (index MCP - wrist) x (pinky MCP -
wrist), u the ulnar direction pinky MCP - index MCP, n_perp = n made orthogonal to d and u_perp = u made orthogonal to
d and n_perp -- the construction of src/Hamr.HandModel/Priors/AnatomicalFrames.cs. Its ThumbFlexionDegrees (80) comes
from the thumb rows of this table.

usage: /usr/bin/python3 tools/hand/pulp_directions.py [../shared/assets/webxr-generic-hand/right.glb]
Needs numpy (Debian python3-numpy). Prints one row per bone.
"""
import json
import math
import struct
import sys

import numpy as np


def read_glb(path):
    data = open(path, 'rb').read()
    json_length = struct.unpack('<I', data[12:16])[0]
    document = json.loads(data[20:20 + json_length])
    offset = 20 + json_length
    bin_length = struct.unpack('<I', data[offset:offset + 4])[0]
    return document, data[offset + 8:offset + 8 + bin_length]


def accessor(document, blob, index):
    a = document['accessors'][index]
    view = document['bufferViews'][a['bufferView']]
    width = {'SCALAR': 1, 'VEC2': 2, 'VEC3': 3, 'VEC4': 4, 'MAT4': 16}[a['type']]
    dtype = {5126: np.float32, 5123: np.uint16, 5121: np.uint8, 5125: np.uint32}[a['componentType']]
    start = view.get('byteOffset', 0) + a.get('byteOffset', 0)
    return np.frombuffer(blob, dtype=dtype, count=a['count'] * width, offset=start).reshape(a['count'], width)


def unit(v):
    return v / np.linalg.norm(v)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else '../shared/assets/webxr-generic-hand/right.glb'
    document, blob = read_glb(path)
    skin = document['skins'][0]
    names = [document['nodes'][j]['name'] for j in skin['joints']]
    inverse_bind = accessor(document, blob, skin['inverseBindMatrices']).reshape(-1, 4, 4)
    # glTF stores column-major: the transpose is the usual column-vector matrix.
    world = {name: np.linalg.inv(m.T) for name, m in zip(names, inverse_bind)}
    position = {name: world[name][:3, 3] for name in names}
    wrist = position['wrist']
    index1 = position['index-finger-phalanx-proximal']
    pinky1 = position['pinky-finger-phalanx-proximal']
    n = unit(np.cross(index1 - wrist, pinky1 - wrist))
    u = unit(pinky1 - index1)
    chains = {'thumb': ['thumb-metacarpal', 'thumb-phalanx-proximal', 'thumb-phalanx-distal', 'thumb-tip']}
    for finger in ['index', 'middle', 'ring', 'pinky']:
        chains[finger] = [f'{finger}-finger-phalanx-{p}' for p in ['proximal', 'intermediate', 'distal']] + [f'{finger}-finger-tip']
    print('bone                                 pulp angle from n_perp toward u_perp (degrees)')
    for chain in chains.values():
        for joint, end in zip(chain[:-1], chain[1:]):
            d = unit(position[end] - position[joint])
            pulp = -world[joint][:3, 1]
            pulp = unit(pulp - d * (pulp @ d))
            n_perp = unit(n - d * (n @ d))
            u_perp = u - d * (u @ d)
            u_perp = unit(u_perp - n_perp * (u_perp @ n_perp))
            print(f'{joint:36s} {math.degrees(math.atan2(pulp @ u_perp, pulp @ n_perp)):6.1f}')


if __name__ == '__main__':
    main()
