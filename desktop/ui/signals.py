"""Disconnecting Qt signals without tripping a PySide6 reference-count bug.

PySide6 6.12's `SignalInstance.disconnect()` returns `True`/`False` without taking a reference,
so every call drops one reference to the interpreter's `True` or `False`. A few hundred calls in
a long session bring it to zero and the interpreter aborts ("bool_dealloc: deallocating True or
False"). `disconnect` here detects the bug once and gives the reference back; on a fixed PySide
it does nothing extra.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def _disconnect_steals_a_reference() -> bool:
    probe = _Probe()
    probe.fired.connect(probe.deleteLater)
    before = sys.getrefcount(True)
    probe.fired.disconnect(probe.deleteLater)  # the result is dropped at once
    stolen = sys.getrefcount(True) < before
    if stolen:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return stolen


_STEALS = _disconnect_steals_a_reference()


def disconnect(signal: Any, slot: Any = None) -> bool:
    """`signal.disconnect(slot)` (every slot when None); False when there was nothing connected."""
    try:
        result = signal.disconnect() if slot is None else signal.disconnect(slot)
    except (RuntimeError, TypeError):  # nothing connected, or the C++ object is gone
        return False
    if _STEALS and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return bool(result)
