"""Clocks for the reminder service: the wall clock, a monotonic clock, and jump detection.

A laptop that sleeps keeps its wall clock right but (on Linux) stops the monotonic clock, and a
user who travels or fixes a wrong clock makes the wall clock jump. A scheduler that waits on a
monotonic timer then wakes up late, which is how Vorta lost backups with APScheduler. The service
compares both clocks on a short periodic tick and re-derives its jobs when they disagree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from cadence.timezones import ensure_utc, utcnow


class Clock(Protocol):
    """Where the reminder service reads the time (a protocol so tests can drive it)."""

    def now(self) -> datetime:
        """The current instant, aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (it may stop while the machine sleeps)."""
        ...


class SystemClock:
    """The machine's wall clock and monotonic clock."""

    def now(self) -> datetime:
        """The current instant, aware UTC."""
        return utcnow()

    def monotonic(self) -> float:
        """:func:`time.monotonic`."""
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to: for tests, benchmarks and simulations.

    :meth:`advance` moves both clocks (time passing normally); :meth:`sleep` moves only the wall
    clock (the machine was suspended); :meth:`jump` sets the wall clock (travel, a clock fix).
    """

    def __init__(self, start: datetime) -> None:
        self._now = ensure_utc(start)
        self._monotonic = 1000.0

    def now(self) -> datetime:
        """The current instant."""
        return self._now

    def monotonic(self) -> float:
        """The simulated monotonic reading."""
        return self._monotonic

    def advance(self, delta: timedelta) -> None:
        """Let ``delta`` pass while the machine is awake."""
        self._now += delta
        self._monotonic += delta.total_seconds()

    def sleep(self, delta: timedelta) -> None:
        """Let ``delta`` pass while the machine is suspended (the monotonic clock stops)."""
        self._now += delta

    def jump(self, to: datetime) -> None:
        """Set the wall clock to ``to`` without any time passing."""
        self._now = ensure_utc(to)


@dataclass
class JumpDetector:
    """Tells a suspend/resume or a wall-clock change from normal time passing.

    Between two readings the wall clock and the monotonic clock should advance by the same
    amount. A difference larger than ``tolerance`` is a jump (sleep on Linux, a clock change);
    a monotonic gap far longer than ``expected_interval`` means the process was frozen (sleep
    where the monotonic clock keeps counting, e.g. Windows).

    Attributes:
        expected_interval: Seconds between two readings when nothing unusual happens.
        tolerance: Seconds of disagreement accepted as jitter.
    """

    expected_interval: float
    tolerance: float = 60.0
    _last: tuple[datetime, float] | None = None

    def observe(self, wall: datetime, monotonic: float) -> bool:
        """Record a reading; True when the time since the previous one was not normal."""
        last, self._last = self._last, (wall, monotonic)
        if last is None:
            return False
        wall_elapsed = (wall - last[0]).total_seconds()
        mono_elapsed = monotonic - last[1]
        drifted = abs(wall_elapsed - mono_elapsed) > self.tolerance
        frozen = mono_elapsed > self.expected_interval + self.tolerance
        return drifted or frozen
