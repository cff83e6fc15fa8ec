"""Lets MXNet 1.9.1 import on Python 3.12 and 3.13 and on NumPy 1.24 to 2.x: run before `import mxnet`.

MXNet's compiled library is called through ctypes, never through NumPy's C interface; what breaks on
newer releases is only names its Python layer reads while it is imported. `restore_names()` puts
back the ones that are missing, and nothing else: on Python 3.11 with NumPy 1.23.5, the course's own
environment, it changes nothing.
"""

from __future__ import annotations

import importlib.util
import sys
import types
import warnings

import numpy as np

# Names NumPy removed that MXNet 1.9.1 reads at import, with what they were (found by leaving out one
# at a time: NumPy 1.26 lacks `bool`; 2.0 the constants to `msort`; 2.4 `in1d` and `trapz`).
_NUMPY_NAMES = {
    "bool": bool,
    "PZERO": 0.0, "NZERO": -0.0, "PINF": float("inf"), "NINF": -float("inf"),
    "NaN": float("nan"), "NAN": float("nan"), "Inf": float("inf"),
    "alltrue": np.all, "sometrue": np.any, "product": np.prod, "round_": np.round,
    "msort": lambda a: np.sort(a, axis=0),
    "in1d": getattr(np, "isin", None),
    "trapz": getattr(np, "trapezoid", None),
}
# Removed in NumPy 1.20 (NEP 32), where a stub with a warning stayed until 2.0; MXNet names them.
_FINANCE = ("mirr", "npv", "pmt", "ppmt", "pv", "rate")


def _removed(name: str):
    def stand_in(*args, **kwargs):
        raise NotImplementedError(f"numpy.{name} was removed from NumPy; this stand-in lets MXNet import")
    stand_in.__name__ = name
    return stand_in


def _has(name: str) -> bool:
    with warnings.catch_warnings():  # NumPy 1.2x still answers for some with a deprecation warning
        warnings.simplefilter("ignore")
        try:
            getattr(np, name)
        except AttributeError:
            return False
    return True


class _LooseVersion:
    """A stand-in for distutils' LooseVersion and StrictVersion: compares dotted versions part by part."""

    def __init__(self, version: str):
        self.vstring = str(version)
        self.version = [int(p) if p.isdigit() else p for p in self.vstring.replace("-", ".").split(".")]

    def _key(self, other):
        return other.version if isinstance(other, _LooseVersion) else _LooseVersion(other).version

    def __eq__(self, other):
        return self.version == self._key(other)

    def __lt__(self, other):
        return self.version < self._key(other)

    def __le__(self, other):
        return self.version <= self._key(other)

    def __gt__(self, other):
        return self.version > self._key(other)

    def __ge__(self, other):
        return self.version >= self._key(other)

    def __hash__(self) -> int:
        return hash(tuple(map(str, self.version)))

    def __str__(self) -> str:
        return self.vstring


def _distutils_stand_in() -> bool:
    """Install a minimal `distutils.version` if the interpreter has none; return whether it did."""
    if "distutils.version" in sys.modules:  # imported already, or stood in for by an earlier call
        return False
    if importlib.util.find_spec("distutils") is not None:  # Python 3.11; setuptools' copy on 3.12+
        return False
    package, version = types.ModuleType("distutils"), types.ModuleType("distutils.version")
    version.LooseVersion = version.StrictVersion = _LooseVersion
    package.version = version
    package.__path__ = []
    sys.modules.setdefault("distutils", package)
    sys.modules["distutils.version"] = version
    return True


def restore_names() -> list[str]:
    """Add back, only where missing, what MXNet 1.9.1 reads at import; return the names added."""
    added = []
    for name, value in _NUMPY_NAMES.items():
        if value is not None and not _has(name):
            setattr(np, name, value)
            added.append(f"numpy.{name}")
    for name in _FINANCE:
        if not _has(name):
            setattr(np, name, _removed(name))
            added.append(f"numpy.{name}")
    if _distutils_stand_in():
        added.append("distutils.version")
    return added
