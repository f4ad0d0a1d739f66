#!/usr/bin/env python3
"""Makes the fixtures of the MANO loader and the pickle reader (tests/fixtures/mano/).

    apt-get install -y python3-numpy python3-scipy
    /usr/bin/python3 tools/mano/make_fixtures.py

Deterministic (fixed seeds). Writes:
- mano_right_py2.pkl / mano_left_py2.pkl: MANO-shaped models (the v1.2 key set and structure, random small
  arrays, V = 16 vertices instead of 778 to keep the files small) written the way Python 2's cPickle wrote the
  real MANO_RIGHT.pkl / MANO_LEFT.pkl: protocol 2, py2 `str` (SHORT_BINSTRING/BINSTRING) for keys, text and
  array data, module names `copy_reg`, `__builtin__`, `scipy.sparse.csc`; shapedirs a chumpy Select over a Ch.
- mano_right_py3.pkl: the same right-hand model pickled natively by Python 3 with protocol 2 (keys as
  BINUNICODE, bytes as `_codecs.encode` calls, `scipy.sparse._csc`), with weights in Fortran order.
- mano_right.expected.safetensors / mano_left.expected.safetensors: what the loader must produce (float32, as
  HandModel holds it; ints stored as float32, exact for these values), computed here with numpy/scipy/chumpy-
  stand-in semantics: the reference for exact comparison.
- mano_bad_*.pkl: MANO-shaped models with one problem each (a missing key, a wrong shape, inconsistent V).
- tiny_*.pkl: one small dict of many value kinds, pickled with protocols 0-5 and in Python 2 style (protocols
  0 and 2), for the pickle reader's own tests (the expected values are spelled out in the tests; TINY below).
- evil_*.pkl: malicious pickles that run `touch /tmp/hamr-pickle-marker-<name>` when loaded by CPython. This
  script proves each one is live by loading it in a CPython subprocess and checking that the marker appears
  (then deletes it); the C# reader must refuse every one and the marker must not appear.
"""

import os
import pickle
import struct
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'fake_chumpy'))
from chumpy.ch import Ch  # noqa: E402  (the stand-in, same module and class names as real chumpy)
from chumpy.reordering import Select  # noqa: E402

# Loading the py2-style fixtures back names scipy.sparse.csc, as MANO does; scipy warns that the module is deprecated.
warnings.filterwarnings('ignore', message='.*scipy.sparse.csc.*')

OUT = os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'mano')

V = 16            # vertices (MANO: 778)
V_BAD = 8         # vertices of the mano_bad_* fixtures (float32 arrays: they only have to be well-formed elsewhere)
F = 24            # faces (MANO: 1538)
S_FULL = 20       # shape directions stored in the Ch under the Select (MANO: 20, of which 10 are selected)
S = 10
COEFFS = 12       # rows of hands_coeffs (MANO: 1554)
TIPS = [1, 4, 7, 10, 13]  # fingertip vertices for the small fixtures (thumb, index, middle, ring, pinky)
KINTREE_PARENTS = [4294967295, 0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 11, 0, 13, 14]  # MANO's root entry is 2^32-1
KEY_ORDER = ['hands_components', 'f', 'J_regressor', 'kintree_table', 'J', 'bs_style', 'hands_coeffs',
             'weights', 'posedirs', 'hands_mean', 'v_template', 'shapedirs', 'bs_type']


# ----------------------------------------------------------------------------------------------------------
# Python 2 style pickler

PY2_MODULES = {'builtins': '__builtin__', 'copyreg': 'copy_reg', 'scipy.sparse._csc': 'scipy.sparse.csc'}


def _py2_string_repr(data):
    """Python 2's repr of a byte string (what protocol 0's STRING opcode holds)."""
    quote = b'"' if (b"'" in data and b'"' not in data) else b"'"
    out = bytearray(quote)
    for c in data:
        ch = bytes([c])
        if ch == quote or ch == b'\\':
            out += b'\\' + ch
        elif ch == b'\t':
            out += b'\\t'
        elif ch == b'\n':
            out += b'\\n'
        elif ch == b'\r':
            out += b'\\r'
        elif c < 0x20 or c >= 0x7f:
            out += b'\\x%02x' % c
        else:
            out += ch
    out += quote
    return bytes(out)


def _reduce_dtype_py2(dtype):
    # Python 2 numpy reduced a dtype with integer flags, ('f8', 0, 1), where Python 3 writes booleans.
    return (np.dtype, (dtype.str[1:], 0, 1), dtype.__reduce__()[2])


class Py2Pickler(pickle._Pickler):
    """Writes what Python 2's cPickle wrote: ASCII text and bytes as py2 `str`, py2 module names."""

    dispatch = pickle._Pickler.dispatch.copy()

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.dispatch_table = {type(np.dtype(t)): _reduce_dtype_py2 for t in ('<f8', '<f4', '<i4', '<i8', '<u4', '|u1', '|b1', '>f4')}

    def _write_str8(self, data):
        if self.proto == 0:
            self.write(pickle.STRING + _py2_string_repr(data) + b'\n')
        elif len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', len(data)) + data)

    def save_bytes(self, obj):
        self._write_str8(obj)
        self.memoize(obj)

    dispatch[bytes] = save_bytes

    def save_str(self, obj):
        if obj.isascii():
            self._write_str8(obj.encode('ascii'))
            self.memoize(obj)
        else:
            super().save_str(obj)

    dispatch[str] = save_str

    def save_global(self, obj, name=None):
        module = PY2_MODULES.get(obj.__module__, obj.__module__)
        name = name or obj.__qualname__
        self.write(pickle.GLOBAL + module.encode('ascii') + b'\n' + name.encode('ascii') + b'\n')
        self.memoize(obj)

    dispatch[type] = save_global
    dispatch[type(len)] = save_global


def dumps_py2(obj, protocol=2):
    import io
    buffer = io.BytesIO()
    Py2Pickler(buffer, protocol).dump(obj)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------------------
# MANO-shaped models

def make_model(seed, side, V=V, dtype=np.float64):
    rng = np.random.default_rng(seed)
    v_template = rng.uniform(-0.05, 0.05, (V, 3))
    # The wrist regresses from the vertices of largest x and the finger joints from the rest, so that the
    # rest wrist lies on +x of the other joints as in MANO_RIGHT (wrist (0.0957, 0.0064, 0.0062), fingers
    # toward -x); the left model mirrors x.
    by_x = np.argsort(v_template[:, 0])
    rows, cols, vals = [], [], []
    for j in range(16):
        chosen = by_x[-4:] if j == 0 else rng.choice(by_x[: V // 2], 4, replace=False)
        w = rng.uniform(0.1, 1.0, 4)
        w /= w.sum()
        rows += [j] * 4
        cols += list(chosen)
        vals += list(w)
    # One duplicate entry (half of joint 5's first weight stored twice): scipy's toarray() sums duplicates.
    k = 5 * 4
    vals[k] *= 0.5
    rows.append(5), cols.append(cols[k]), vals.append(vals[k])
    order = np.lexsort((np.array(rows), np.array(cols)))  # CSC: by column, then row
    data = np.array(vals)[order]
    indices = np.array(rows, dtype=np.int32)[order]
    counts = np.bincount(np.array(cols), minlength=V)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    j_regressor = sp.csc_matrix((data, indices, indptr), shape=(16, V))
    assert not j_regressor.has_canonical_format
    if side == 'left':
        v_template[:, 0] *= -1
    faces = np.array([rng.choice(V, 3, replace=False) for _ in range(F)], dtype=np.uint32)
    weights = rng.uniform(0, 1, (V, 16))
    weights /= weights.sum(axis=1, keepdims=True)
    shapedirs_full = rng.normal(0, 0.01, (V, 3, S_FULL))
    idxs = np.arange(V * 3 * S_FULL).reshape(V, 3, S_FULL)[:, :, :S].ravel()  # what chumpy's x[:, :, :10] selects
    shapedirs = Select(Ch(shapedirs_full), idxs, (V, 3, S))
    model = {
        'hands_components': rng.normal(0, 0.3, (45, 45)),
        'f': faces,
        'J_regressor': j_regressor,
        'kintree_table': np.array([KINTREE_PARENTS, list(range(16))], dtype=np.int64),
        'J': j_regressor.dot(v_template),
        'bs_style': 'lbs',
        'hands_coeffs': rng.normal(0, 0.5, (COEFFS, 45)),
        'weights': weights,
        'posedirs': rng.normal(0, 0.005, (V, 3, 135)),
        'hands_mean': rng.normal(0, 0.2, 45),
        'v_template': v_template,
        'shapedirs': shapedirs,
        'bs_type': 'lrotmin',
    }
    assert list(model) == KEY_ORDER
    if dtype != np.float64:
        for key in ('hands_components', 'weights', 'posedirs', 'hands_mean', 'v_template', 'hands_coeffs', 'J'):
            model[key] = model[key].astype(dtype)
    return model


def expected_arrays(model):
    """What the loader must produce, from numpy/scipy/chumpy semantics, as float32 (HandModel's type)."""
    f32 = lambda a: np.ascontiguousarray(np.asarray(a, dtype=np.float64).astype(np.float32))  # noqa: E731
    tip = np.zeros((5, V))
    tip[np.arange(5), TIPS] = 1.0
    parents = np.array(KINTREE_PARENTS, dtype=np.int64)
    parents[0] = -1
    shapedirs = model['shapedirs']
    shapedirs = shapedirs.r if isinstance(shapedirs, Ch) else shapedirs
    v_template = model['v_template']
    v_template = v_template.r if isinstance(v_template, Ch) else v_template
    return {
        'template': f32(v_template),
        'faces': f32(model['f']),
        'shapedirs': f32(shapedirs),
        'posedirs': f32(model['posedirs']),
        'j_regressor': f32(model['J_regressor'].toarray()),
        'tip_regressor': f32(tip),
        'tips': f32(TIPS),
        'parents': f32(parents),
        'weights': f32(model['weights']),
        'hands_components': f32(model['hands_components']),
        'hands_mean': f32(model['hands_mean']),
    }


def write_safetensors(path, arrays):
    """Safetensors with F32 tensors (the format is a JSON header and raw little-endian data)."""
    import json
    header, blobs, offset = {}, [], 0
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name], dtype='<f4')
        blob = a.tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def check_round_trip(data, model):
    """CPython's own unpickler (with the stand-in chumpy) must read back the model exactly."""
    back = pickle.loads(data, encoding='latin1')
    assert list(back) == list(model), list(back)
    for key, value in model.items():
        got = back[key]
        if isinstance(value, Ch):
            assert np.array_equal(got.r, value.r), key
        elif sp.issparse(value):
            assert np.array_equal(got.toarray(), value.toarray()), key
        elif isinstance(value, np.ndarray):
            assert got.dtype == value.dtype and np.array_equal(got, value), key
        else:
            assert got == value, key


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def make_mano_fixtures():
    right = make_model(1, 'right')
    left = make_model(2, 'left')
    left['v_template'] = Ch(left['v_template'])  # a Ch where MANO has a plain array: the loader must take Ch anywhere

    for name, model, side in (('mano_right_py2.pkl', right, 'right'), ('mano_left_py2.pkl', left, 'left')):
        data = dumps_py2(model)
        assert b'copy_reg' not in data and b'X' not in data[:2]  # protocol 2 writes NEWOBJ, not _reconstructor
        assert b'cscipy.sparse.csc\ncsc_matrix\n' in data and b'c__builtin__\nset\n' in data
        assert b'_codecs' not in data
        check_round_trip(data, model)
        write(name, data)
        write_safetensors(os.path.join(OUT, f'mano_{side}.expected.safetensors'), expected_arrays(model))

    py3 = dict(right)
    py3['weights'] = np.asfortranarray(right['weights'])
    data = pickle.dumps(py3, protocol=2)
    assert b'_codecs' in data and b'scipy.sparse._csc' in data
    check_round_trip(data, py3)
    write('mano_right_py3.pkl', data)

    # One problem each; the C# tests name the expected message.
    right = make_model(3, 'right', V_BAD, np.float32)
    bad = dict(right)
    del bad['posedirs']
    write('mano_bad_missing_posedirs.pkl', dumps_py2(bad))
    bad = dict(right)
    bad['weights'] = right['weights'][:, :15].copy()
    write('mano_bad_weights_shape.pkl', dumps_py2(bad))
    bad = dict(right)
    bad['posedirs'] = right['posedirs'][:-1].copy()
    write('mano_bad_posedirs_vertices.pkl', dumps_py2(bad))
    bad = dict(right)
    bad['shapedirs'] = Select(Ch(right['shapedirs'].a.x), right['shapedirs'].idxs, (V_BAD, 3, S + 1))
    write('mano_bad_select_shape.pkl', dumps_py2(bad))
    bad = dict(right)
    bad['kintree_table'] = np.array([[4294967295, 0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 11, 0, 13, 13], list(range(16))], dtype=np.int64)
    write('mano_bad_kintree.pkl', dumps_py2(bad))
    return right


# ----------------------------------------------------------------------------------------------------------
# Tiny value zoo for the pickle reader

def make_tiny():
    shared = [1, 2]
    return {
        'none': None, 'true': True, 'false': False,
        'int_small': 7, 'int_neg': -300, 'int_big': 2 ** 40, 'int_huge': -(2 ** 100),
        'float': 1.5, 'float_tiny': -2.25e-10,
        'text': 'h\u00e9llo \u2713\n"q\'\\',
        'bytes': b'\x00\xff\\ab\n\'',
        'empty_bytes': b'',
        'tuple': (1, 'a', (2.0,)),
        'list': [1, [2, 3], []],
        'set': {'only'},
        'shared_a': shared, 'shared_b': shared,
        'c_array': np.arange(6, dtype='<f8').reshape(2, 3) / 4,
        'f_array': np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3) - 2),
        'u1_array': np.array([0, 7, 255], dtype=np.uint8),
        'be_array': np.array([1.5, -2.0], dtype='>f4'),
        'bool_array': np.array([True, False, True]),
        'empty_array': np.zeros((0, 3)),
        'scalar': np.float64(2.5),
        'csc': sp.csc_matrix((np.array([1.0, 2.0, 3.0]), np.array([0, 2, 1], dtype=np.int32),
                              np.array([0, 2, 2, 3], dtype=np.int32)), shape=(3, 3)),
        'ch': Ch(np.array([[1.0, 2.0], [3.0, 4.0]])),
        'select': Select(Ch(np.arange(12.0).reshape(3, 4)), np.array([11, 0, 5]), (3,)),
    }


def make_tiny_fixtures():
    tiny = make_tiny()
    for proto in range(6):
        data = pickle.dumps(tiny, protocol=proto)
        back = pickle.loads(data)
        assert back['text'] == tiny['text'] and np.array_equal(back['f_array'], tiny['f_array'])
        write(f'tiny_proto{proto}.pkl', data)
    for proto in (0, 2):
        data = dumps_py2(tiny, proto)
        back = pickle.loads(data, encoding='bytes')
        assert back[b'bytes'] == tiny['bytes'] and back[b'text'] == tiny['text']
        assert np.array_equal(back[b'c_array'], tiny['c_array']) and back[b'int_huge'] == tiny['int_huge']
        write(f'tiny_py2_proto{proto}.pkl', data)


# ----------------------------------------------------------------------------------------------------------
# Malicious pickles

def marker(name):
    return f'/tmp/hamr-pickle-marker-{name}'


def _short_unicode(text):
    data = text.encode('utf-8')
    return b'\x8c' + bytes([len(data)]) + data


def make_evil_fixtures(right):
    evil = {}
    touch = lambda name: f'touch {marker(name)}'.encode('ascii')  # noqa: E731

    # GLOBAL os.system + REDUCE (protocol 2)
    cmd = touch('os_system')
    evil['os_system'] = b'\x80\x02cos\nsystem\nq\x00U' + bytes([len(cmd)]) + cmd + b'\x85q\x01Rq\x02.'
    # posix.system, protocol 0 (what pickling os.system on Linux writes)
    evil['posix_system'] = b"cposix\nsystem\n(S'" + touch('posix_system') + b"'\ntR."
    # builtins.eval through STACK_GLOBAL (protocol 4)
    code = f"__import__('os').system('{touch('builtins_eval').decode()}')"
    evil['builtins_eval'] = (b'\x80\x04' + _short_unicode('builtins') + _short_unicode('eval') + b'\x93'
                             + _short_unicode(code) + b'\x85R.')
    # INST: instantiate "class" os.system with the command (protocol 0)
    evil['inst'] = b"(S'" + touch('inst') + b"'\nios\nsystem\n."
    # subprocess.Popen with an argument list
    evil['subprocess_popen'] = (b"csubprocess\nPopen\n((S'touch'\nS'" + marker('subprocess_popen').encode()
                                + b"'\nltR.")

    # Hidden inside a MANO-shaped dict: the py2 pickler writes os.system as it would appear in a tampered file.
    class Payload(object):
        def __reduce__(self):
            return (os.system, (touch('nested_dict').decode(),))
    hidden = dict(right)
    hidden['hands_mean'] = {'note': 'looks harmless', 'value': [1, 2, Payload()]}
    evil['nested_dict'] = dumps_py2(hidden)

    for name, data in evil.items():
        path = marker(name)
        if os.path.exists(path):
            os.remove(path)
        # Prove the payload is live: CPython executes it (in a subprocess, cwd a temp folder).
        with tempfile.TemporaryDirectory() as tmp:
            fixture = os.path.join(tmp, 'evil.pkl')
            with open(fixture, 'wb') as f:
                f.write(data)
            subprocess.run([sys.executable, '-c', 'import pickle,sys,time; pickle.load(open(sys.argv[1], "rb"), encoding="latin1"); time.sleep(0.2)',
                            fixture], cwd=tmp, check=False, capture_output=True)
        assert os.path.exists(path), f'{name}: the payload did not run in CPython'
        os.remove(path)
        write(f'evil_{name}.pkl', data)

    # Harmless but forbidden: reflection through __builtin__.getattr.
    write('evil_getattr.pkl', b"c__builtin__\ngetattr\n(c__builtin__\nobject\nS'__subclasses__'\ntR.")


def main():
    if os.environ.get('PYTHONHASHSEED') != '0':
        # chumpy's _dirty_vars are sets of strings: fix the string hash so their pickled order is reproducible.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, 'PYTHONHASHSEED': '0'})
    os.makedirs(OUT, exist_ok=True)
    right = make_mano_fixtures()
    make_tiny_fixtures()
    make_evil_fixtures(right)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f'wrote {len(os.listdir(OUT))} files, {total} bytes, to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
