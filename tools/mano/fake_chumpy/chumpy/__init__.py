"""Stand-in for chumpy (M. Loper, https://github.com/mattloper/chumpy), for making test fixtures only.

It defines the two classes that the MANO v1.2 pickles reference, under the same module and class names
(chumpy.ch.Ch, chumpy.reordering.Select), holding the same instance state as the real ones so that pickling
them writes what real chumpy writes: NEWOBJ of the class, then BUILD with the instance __dict__ minus the
weak-reference caches (chumpy's Ch.__getstate__ drops '_parents' and '_cache').
No chumpy code is copied; only the state layout is reproduced.
"""
