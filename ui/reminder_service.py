"""The reminder service in the app: APScheduler's ``QtScheduler`` handing over through signals.

Scheduler and executor threads never touch a widget: everything they produce arrives as a
:class:`NotificationView` on the :attr:`ReminderServiceQt.fired` signal, which Qt queues to the
GUI thread for receivers living there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from shiboken6 import isValid

from cadence.reminders.clock import Clock
from cadence.reminders.inbox import SNOOZE_STEP, NotificationView, mark_done, restore, snooze
from cadence.reminders.service import ReminderService
from cadence.storage.database import Database

log = logging.getLogger(__name__)

_MAX_TIMER_MS = 2**31 - 1  # QTimer takes an int of milliseconds (about 24.8 days)


class _SchedulerTimer(QObject):
    """The scheduler's one QTimer, owned by the GUI thread, restarted through a signal.

    ``QtScheduler`` calls ``QTimer.singleShot`` from whichever thread adds a job. From an
    executor thread (where the reminder service resyncs) such a timer never fires, and with
    PySide6 ``singleShot`` returns ``None`` so the scheduler can never stop a pending one.
    """

    restart = Signal(int)

    def __init__(self, on_timeout: Callable[[], None], parent: QObject | None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(on_timeout)
        self.restart.connect(self._restart)

    @Slot(int)
    def _restart(self, msec: int) -> None:
        if msec < 0:
            self._timer.stop()
        else:
            self._timer.start(msec)


class GuiThreadQtScheduler(QtScheduler):  # type: ignore[misc]  # APScheduler is untyped
    """A ``QtScheduler`` whose wake-up timer always lives in the GUI thread.

    Due jobs are looked up in the GUI thread (a small indexed query on the job store); the jobs
    themselves run on the executor's threads.
    """

    def __init__(self, timer_parent: QObject | None = None, **options: object) -> None:
        self._gui_timer = _SchedulerTimer(self._process_jobs, timer_parent)
        super().__init__(**options)

    def _start_timer(self, wait_seconds: float | None) -> None:
        msec = -1 if wait_seconds is None else min(int(wait_seconds * 1000), _MAX_TIMER_MS)
        self._restart(msec)

    def _stop_timer(self) -> None:
        self._restart(-1)

    def _restart(self, msec: int) -> None:
        # The timer's owner may already be gone when the app quits (shutdown stops the timer).
        if isValid(self._gui_timer):
            self._gui_timer.restart.emit(msec)

    def wakeup(self) -> None:
        """Process jobs as soon as the GUI thread's event loop gets to it."""
        self._start_timer(0)


class ReminderServiceQt(QObject):
    """The app's reminder service: a :class:`ReminderService` on a Qt scheduler.

    Signals:
        fired(NotificationView): a reminder fired (emitted from any thread; queued to the GUI).
        changed(NotificationView): the manager snoozed a notification or marked it done.
    """

    fired = Signal(object)
    changed = Signal(object)

    def __init__(
        self, database: Database, parent: QObject | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.core = ReminderService(
            database, GuiThreadQtScheduler(self), clock=clock, on_fired=self.fired.emit
        )

    def start(self, *, paused: bool = False) -> None:
        """Start the scheduler; the first resync (and catch-up) runs on the executor."""
        self.core.start(paused=paused, resync_now=False)

    def shutdown(self) -> None:
        """Stop the scheduler without waiting for running jobs (the app is quitting)."""
        self.core.shutdown(wait=False)

    @Slot()
    @Slot(object)
    def resync_soon(self, _changes: object = None) -> None:
        """Re-derive the jobs on the executor: connect the app's "data changed" signal here.

        Accepting, moving, dismissing or deleting a touchpoint and delivering, dropping or
        re-dating a commitment all change which reminders are wanted.
        """
        self.core.request_resync("workspace edited")

    def now(self) -> datetime:
        """The service's clock."""
        return self.core.clock.now()

    def snooze(self, notification_id: int) -> NotificationView:
        """Put a notification away for an hour; it comes back through :attr:`fired`."""
        with self.database.transaction() as session:
            view = snooze(session, notification_id, self.now() + SNOOZE_STEP)
        self.core.request_resync("snoozed a notification")
        self.changed.emit(view)
        return view

    def done(self, notification_id: int) -> NotificationView:
        """Mark a notification done."""
        with self.database.transaction() as session:
            view = mark_done(session, notification_id)
        self.changed.emit(view)
        return view

    def restore(self, earlier: NotificationView) -> NotificationView:
        """Put a notification back as it was (undo); a snooze undone or redone is rescheduled."""
        with self.database.transaction() as session:
            view = restore(session, earlier)
        self.core.request_resync("notification restored")
        self.changed.emit(view)
        return view
