"""helpers.mxnet_compat: names put back for MXNet 1.9.1 where missing, none in the course's environment."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from helpers import mxnet_compat


def test_in_the_courses_own_environment_it_changes_nothing():
    assert mxnet_compat.restore_names() == []


def test_it_puts_back_only_what_numpy_lacks(monkeypatch):
    stripped = types.ModuleType("numpy")
    for name in ("all", "any", "prod", "round", "sort", "isin"):
        setattr(stripped, name, getattr(np, name))
    stripped.PINF = "kept"  # present: must stay as it is
    monkeypatch.setattr(mxnet_compat, "np", stripped)
    added = mxnet_compat.restore_names()
    assert "numpy.PINF" not in added and stripped.PINF == "kept"
    assert {"numpy.NINF", "numpy.alltrue", "numpy.msort", "numpy.npv"} <= set(added)
    assert stripped.NINF == -np.inf and stripped.alltrue is np.all
    assert (stripped.msort(np.array([[2, 1], [1, 2]])) == [[1, 1], [2, 2]]).all()
    with pytest.raises(NotImplementedError, match="removed from NumPy"):
        stripped.npv(0.1, [1, 2])


def test_without_distutils_a_stand_in_compares_versions(monkeypatch):
    monkeypatch.setattr(mxnet_compat.importlib.util, "find_spec", lambda name: None)
    for name in ("distutils", "distutils.version"):  # set aside, and put back after the test
        monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.delitem(sys.modules, name)
    assert mxnet_compat._distutils_stand_in()
    from distutils.version import LooseVersion, StrictVersion

    assert LooseVersion("1.23.5") < "1.24" and StrictVersion("2.0.2") >= "2.0"
    assert LooseVersion("1.9.1") == "1.9.1" and str(LooseVersion("3.13")) == "3.13"

