"""Pausing Python's cycle collector while long work runs beside the app's window.

A full collection walks every object the process holds while keeping the interpreter lock: with
the planner's millions of options, or a dashboard's thousands of summaries, that is 0.15-0.37 s
in which no other thread runs, so the window freezes although the work is on a worker thread.
That work makes next to no cyclic garbage, and reference counting frees the rest as ever, so
the collector rests until the last such piece of work is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many pieces of work hold the collector paused, and whether it ran before."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False


_PAUSE = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cycle collector paused in the block; it resumes when the last block that
    paused it ends (blocks in several threads, or nested, may overlap), unless it was off
    before the first."""
    with _PAUSE.lock:
        if _PAUSE.holders == 0:
            _PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSE.holders += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.holders -= 1
            if _PAUSE.holders == 0 and _PAUSE.was_enabled:
                gc.enable()
