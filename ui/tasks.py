"""One task runner for background work: callables on a thread pool, results back as signals.

A task is a callable taking a :class:`TaskControl` (to report progress and to ask whether it
should stop). It runs on the runner's pool; its outcome comes back to the GUI thread through the
:class:`Task` signals. Workers never touch widgets, and each opens its own database session.
The pool has one thread, so background writes to the database never race each other. Reads
(work that writes nothing, such as a view loading its figures) have a thread of their own, so
that a long re-plan does not hold a view's refresh up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from cadence.collector_pause import collector_paused

log = logging.getLogger(__name__)


class TaskControl:
    """What a running task may call from its worker thread (thread-safe)."""

    def __init__(self, relay: _Relay, stop: threading.Event) -> None:
        self._relay = relay
        self._stop = stop

    def progress(self, fraction: float, message: str = "") -> None:
        """Report progress (0.0-1.0) and what is being done."""
        self._relay.progressed.emit(max(0.0, min(1.0, fraction)), message)

    def should_stop(self) -> bool:
        """True once the user asked to cancel; the task should return soon."""
        return self._stop.is_set()


class _Relay(QObject):
    """Carries a worker's reports; emitted from the worker, received in the GUI thread."""

    progressed = Signal(float, str)
    done = Signal(object)
    crashed = Signal(object)


class Task(QObject):
    """A handle on one background task, living in the GUI thread.

    Signals:
        progressed(float, str): progress 0.0-1.0 and a message.
        succeeded(object): the callable's return value.
        failed(object): the exception it raised.
        finished(): after ``succeeded`` or ``failed``.
    """

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._stop = threading.Event()
        # A child of the task: it lives exactly as long as the task (deleted in the GUI
        # thread), and the worker holds only the relay, never the task itself.
        self.relay = _Relay(self)
        queued = Qt.ConnectionType.QueuedConnection
        self.relay.progressed.connect(self._on_progress, queued)
        self.relay.done.connect(self._on_done, queued)
        self.relay.crashed.connect(self._on_crash, queued)
        self.control = TaskControl(self.relay, self._stop)
        self.running = True

    def cancel(self) -> None:
        """Ask the task to stop (it decides when; its result still arrives)."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._stop.is_set()

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progressed.emit(fraction, message)

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        self.running = False
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_crash(self, error: BaseException) -> None:
        self.running = False
        self.failed.emit(error)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, name: str, control: TaskControl, relay: _Relay,
                 work: Callable[[TaskControl], Any]) -> None:
        super().__init__()
        self._name = name
        self._control = control
        self._relay = relay
        self._work = work
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            # A collection here would hold the interpreter lock, freezing the window.
            with collector_paused():
                result = self._work(self._control)
        except Exception as err:  # delivered to the GUI thread, which decides how to show it
            log.debug("task %s failed", self._name, exc_info=True)
            self._relay.crashed.emit(err)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """Runs tasks one at a time on a private pool and keeps them alive until they finish.

    Signals:
        started(Task): a task the user should see (with its progress and Cancel) was queued.
    """

    started = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(1)
        self._tasks: set[Task] = set()

    def start(self, name: str, work: Callable[[TaskControl], Any], *,
              read_only: bool = False) -> Task:
        """Queue ``work``; connect to the returned task's signals to get its outcome.

        Args:
            name: What the task does, as the status bar shows it.
            work: The callable to run on the pool.
            read_only: ``work`` writes nothing: it runs on the reading thread, beside the
                writes, and is not announced on :attr:`started` (a view's brief refresh needs
                no progress bar, and must not hide the one of a running re-plan).
        """
        task = Task(name)  # owned by Python: kept in _tasks while running, then released
        self._tasks.add(task)
        task.finished.connect(self._forget)
        log.info("starting task %s", name)
        pool = self._reads if read_only else self._pool
        pool.start(_Runnable(name, task.control, task.relay, work))
        if not read_only:
            self.started.emit(task)
        return task

    def busy(self) -> bool:
        """True while any task is queued or running."""
        return bool(self._tasks)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self._tasks:
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until both pools are idle (for shutdown and tests); True if they are."""
        return self._pool.waitForDone(msecs) and self._reads.waitForDone(msecs)

    @Slot()
    def _forget(self) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self._tasks.discard(task)
