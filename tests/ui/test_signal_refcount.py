"""Guard against the Qt binding bug that aborted the app after a few thousand signals.

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference; on
Python 3.11 (where ``True`` is not immortal) every emit then drops one reference, and the
process dies with "bool_dealloc: deallocating True or False" once they run out: during a large
import, whose progress is signalled row by row. pyproject.toml excludes that release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    ping = Signal(int)


def test_emitting_a_signal_keeps_the_reference_count_of_true() -> None:
    sender = _Sender()
    received: list[int] = []
    sender.ping.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(200):
        sender.ping.emit(n)
    assert len(received) == 200
    assert sys.getrefcount(True) - before > -50  # 6.12.0 loses exactly one per emit
