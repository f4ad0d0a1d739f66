"""chumpy.ch.Ch stand-in: a differentiable array whose value is the attribute 'x'."""

import weakref

import numpy as np


class Ch(object):
    dterms = ['x']
    terms = []

    def __init__(self, x=None):
        # The bookkeeping attributes real chumpy sets in Ch.__new__, in the same names and types.
        self._dirty_vars = set()
        self._itr = None
        self._parents = weakref.WeakKeyDictionary()
        self._cache = {'r': None, 'drs': weakref.WeakKeyDictionary()}
        self._make_dense = False
        self._make_sparse = False
        self._depends_on_deps = {}
        if x is not None:
            self.x = np.asarray(x, np.float64)
            self._dirty_vars.add('x')

    @property
    def r(self):
        return self.compute_r()

    def compute_r(self):
        return self.x

    def __getstate__(self):
        # As real chumpy: the instance dict without the unpicklable weak-key caches.
        state = dict(self.__dict__)
        del state['_parents']
        del state['_cache']
        return state

    def __setstate__(self, state):
        state['_parents'] = weakref.WeakKeyDictionary()
        state['_cache'] = {'r': None, 'drs': weakref.WeakKeyDictionary()}
        self.__dict__.update(state)
