"""Stopping a running solver when the user cancels."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

POLL_SECONDS = 0.05


class StopWatcher:
    """While active, polls ``should_stop`` from a side thread and calls ``stop`` once it says so.

    Solvers run in native code and only listen to their own interrupt call, so the user's
    Cancel (a flag set by the GUI thread) is relayed to that call.
    """

    def __init__(self, should_stop: Callable[[], bool] | None, stop: Callable[[], object]) -> None:
        self._should_stop = should_stop
        self._stop = stop
        self._done = threading.Event()
        self.stopped = False
        self._thread = threading.Thread(target=self._run, name="planner-stop", daemon=True)

    def __enter__(self) -> StopWatcher:
        if self._should_stop is not None:
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        assert self._should_stop is not None
        while not self._done.wait(POLL_SECONDS):
            if self._should_stop():
                self.stopped = True
                self._stop()
                return
