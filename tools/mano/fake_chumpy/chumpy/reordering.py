"""chumpy.reordering.Select stand-in: a.r.ravel()[idxs] reshaped to preferred_shape (chumpy's compute_r)."""

from .ch import Ch


class Select(Ch):
    dterms = ['a']
    terms = ['idxs', 'preferred_shape']

    def __init__(self, a, idxs, preferred_shape=None):
        super().__init__()
        self.a = a if isinstance(a, Ch) else Ch(a)  # real chumpy wraps a plain array dterm in a Ch
        self.idxs = idxs
        self._dirty_vars.update(['a', 'idxs'])
        if preferred_shape is not None:
            self.preferred_shape = preferred_shape
            self._dirty_vars.add('preferred_shape')

    def compute_r(self):
        result = self.a.r.ravel()[self.idxs].copy()
        if hasattr(self, 'preferred_shape'):
            return result.reshape(self.preferred_shape)
        return result
