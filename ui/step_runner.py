"""Running one step of work (read a file, preview an import, import, export) on a pool thread,
with progress and Cancel.

The step is a plain callable that receives a ``progress(done, total)`` function; it reports
back to the GUI thread only through queued signals and never touches a widget. Cancel sets a
flag that the next progress call turns into :class:`ImportCancelled`, so the step's
transaction rolls back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cadence.contacts.importer import ImportCancelled, Progress
from cadence.errors import CadenceError

log = logging.getLogger(__name__)

Step = Callable[[Progress], object]


class StepSignals(QObject):
    """What a running step tells the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, step: Step, signals: StepSignals, stop: threading.Event) -> None:
        super().__init__()
        self._step, self._signals, self._stop = step, signals, stop
        self._reported = 0

    def run(self) -> None:
        try:
            result = self._step(self._progress)
        except ImportCancelled:
            self._signals.cancelled.emit()
        except CadenceError as err:
            self._signals.failed.emit(str(err))
        except Exception as err:  # a bug: logged with its traceback, shown as a message
            log.exception("background step failed")
            self._signals.failed.emit(f"unexpected error: {err}")
        else:
            self._signals.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise ImportCancelled("cancelled; nothing was saved")
        # About a hundred reports per step are plenty for a progress bar; one per row would
        # flood the GUI thread's event queue during a large import.
        if done == total or done - self._reported >= max(1, total // 100):
            self._reported = done
            self._signals.progressed.emit(done, total)


class StepRunner(QObject):
    """Runs one step at a time off the GUI thread (database writes stay serialised)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signals = StepSignals(self)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._stop = threading.Event()

    def start(self, step: Step) -> None:
        """Run ``step``; its outcome arrives as one of the signals."""
        self._stop = threading.Event()
        self._pool.start(_Runnable(step, self.signals, self._stop))

    def cancel(self) -> None:
        """Ask the running step to stop at its next progress report."""
        self._stop.set()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the running step (used when the dialog closes)."""
        return self._pool.waitForDone(msecs)
