"""The reminder service: an APScheduler 3 scheduler used only to wake the app up.

The database is the truth. The service re-derives the reminder jobs from it when it starts,
after every firing, on a periodic resync, and as soon as a tick notices that the machine slept
or the wall clock jumped; only reminders due within a horizon (8 days) get a job, the later ones
get theirs from a later resync. Reminder jobs live in a persistent SQLAlchemy job store so they
outlive restarts, carry only their key, and have ``coalesce`` and a ``misfire_grace_time`` as
long as the reminder stays relevant; a reminder missed beyond that is not shown at all.

It works with any APScheduler 3 scheduler: a ``BackgroundScheduler`` headless, a ``QtScheduler``
in the app (see ``ui/reminder_service.py``). Scheduler threads never see ORM objects or widgets:
fired notifications go to ``on_fired`` as plain :class:`NotificationView` values.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.base import BaseJobStore
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import make_url

from cadence.reminders.clock import Clock, JumpDetector, SystemClock
from cadence.reminders.firing import fire_key, fire_once, pending_reminders
from cadence.reminders.inbox import NotificationView
from cadence.reminders.rules import Reminder
from cadence.reminders.sync import SyncReport, reconcile, scheduled
from cadence.storage.database import Database, create_db_engine

log = logging.getLogger(__name__)

REMINDER_STORE = "reminders"
"""Alias of the persistent job store that holds reminder jobs (and nothing else)."""

INTERNAL_STORE = "cadence-internal"
"""Alias of the in-memory job store for the service's own tick."""

JOBS_TABLE = "reminder_jobs"

DEFAULT_GRACE_SECONDS = 3600
"""Scheduler-wide ``misfire_grace_time``; reminder jobs set their own from their relevance."""

DEFAULT_HORIZON = timedelta(days=8)
"""Only reminders due within this time get a job (the coming working week and a day).

Nothing is lost by it because resyncs come far more often (every 15 minutes, at start and on
wake): a reminder gets its job days before it is due. What it saves is work on a large plan:
every job is a row written by the first sync and read and unpickled by every resync.
"""

OnFired = Callable[[NotificationView], None]


def default_jobstore(database: Database) -> BaseJobStore:
    """The persistent job store for ``database``.

    For a SQLite file it is a file beside it (``<name>-reminders.sqlite3``): derived data stays
    out of the workspace's schema, migrations and backups, and the scheduler thread's writes
    never wait on the workspace's lock. An in-memory database gets an in-memory store; a server
    database a ``reminder_jobs`` table in the same database.
    """
    path = database.path
    if path is not None:
        beside = path.with_name(f"{path.stem}-reminders.sqlite3")
        return SQLAlchemyJobStore(engine=create_db_engine(f"sqlite:///{beside}"),
                                  tablename=JOBS_TABLE)
    if make_url(database.url).get_backend_name() == "sqlite":
        return MemoryJobStore()
    return SQLAlchemyJobStore(url=database.url, tablename=JOBS_TABLE)


class ReminderService:
    """Keeps an APScheduler job store in step with the reminders the database wants.

    Args:
        database: The open workspace.
        scheduler: A scheduler that has not been started; the service configures and owns it.
        clock: Where the time comes from (a :class:`ManualClock` in tests).
        jobstore: The persistent store for reminder jobs (default: :func:`default_jobstore`).
        on_fired: Called, from whichever thread fired it, with each notification that fired.
        tick_seconds: How often the tick checks for sleep and clock jumps; it also bounds how
            long the scheduler waits, so no timer ever sleeps across a suspend for long.
        resync_seconds: How often the jobs are re-derived even when nothing seemed to happen.
        jump_tolerance: Seconds of wall-versus-monotonic disagreement taken as jitter.
        horizon: Only reminders due within this time from now get a job; later ones get theirs
            from a later resync. It must be at least two resync intervals long.

    Raises:
        ValueError: ``horizon`` is not at least twice ``resync_seconds`` (a reminder could come
            into range and fall due between two resyncs, and fire late).
    """

    def __init__(
        self,
        database: Database,
        scheduler: BaseScheduler,
        *,
        clock: Clock | None = None,
        jobstore: BaseJobStore | None = None,
        on_fired: OnFired | None = None,
        tick_seconds: float = 30.0,
        resync_seconds: float = 900.0,
        jump_tolerance: float = 60.0,
        horizon: timedelta = DEFAULT_HORIZON,
    ) -> None:
        if horizon.total_seconds() < 2 * resync_seconds:
            raise ValueError(
                f"a scheduling horizon of {horizon} is too short for a resync every "
                f"{resync_seconds:g} s"
            )
        self.database = database
        self.scheduler = scheduler
        self.clock: Clock = clock or SystemClock()
        self._jobstore = jobstore or default_jobstore(database)
        self._listeners: list[OnFired] = [on_fired] if on_fired else []
        self._tick_seconds = tick_seconds
        self._resync_seconds = resync_seconds
        self.horizon = horizon
        self._jumps = JumpDetector(expected_interval=tick_seconds, tolerance=jump_tolerance)
        self._last_resync: float | None = None
        self._stopped = False
        # Resync and firing both read the database and write the job store; one at a time.
        self._lock = threading.RLock()

    def add_listener(self, callback: OnFired) -> None:
        """Also call ``callback`` with each fired notification."""
        self._listeners.append(callback)

    def start(self, *, paused: bool = False, resync_now: bool = True) -> SyncReport:
        """Configure and start the scheduler, then resync (firing what was missed).

        Args:
            paused: Start without processing jobs (tests drive the clock and the firing).
            resync_now: Resync before returning; otherwise it is queued on the scheduler's
                executor (a GUI thread must not wait for it) and an empty report is returned.
        """
        self.scheduler.configure(
            timezone=UTC,
            job_defaults={
                "coalesce": True, "misfire_grace_time": DEFAULT_GRACE_SECONDS, "max_instances": 1,
            },
        )
        self.scheduler.add_jobstore(self._jobstore, alias=REMINDER_STORE)
        self.scheduler.add_jobstore(MemoryJobStore(), alias=INTERNAL_STORE)
        self.scheduler.add_listener(self._on_job_event, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
        self.scheduler.start(paused=paused)
        self.scheduler.add_job(
            self.tick, IntervalTrigger(seconds=self._tick_seconds, timezone=UTC),
            id="cadence-tick", jobstore=INTERNAL_STORE, misfire_grace_time=None, coalesce=True,
            replace_existing=True,
        )
        self._jumps.observe(self.clock.now(), self.clock.monotonic())
        if not resync_now:
            self.request_resync("start")
            return SyncReport()
        return self.resync("start")

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop the scheduler; the persistent jobs stay for the next start.

        The job stores are detached first: APScheduler 3 processes due jobs once more after
        ``shutdown`` (agronholm/apscheduler#285, #985), fails to submit them to the stopped
        executor and then deletes them from the store. Nothing would be lost (the next start
        fires missed reminders from the database), but the store would no longer match it.
        """
        if self.scheduler.state == STATE_STOPPED:
            return
        with self._lock:
            self._stopped = True
            for alias in (REMINDER_STORE, INTERNAL_STORE):
                self.scheduler.remove_jobstore(alias)
        self.scheduler.shutdown(wait=wait)

    def resync(self, reason: str = "requested") -> SyncReport:
        """Re-derive the jobs from the database and fire reminders that are due now.

        Returns:
            What changed in the job store, and the reminders that were due.
        """
        fired: list[NotificationView] = []
        with self._lock:
            if self._stopped:  # a resync queued on the executor just before shutdown
                return SyncReport()
            now = self.clock.now()
            with self.database.transaction() as session:
                pending = pending_reminders(session, now)
            report = reconcile(
                self.scheduler, pending, now, REMINDER_STORE, until=now + self.horizon
            )
            for reminder in report.due:
                view = fire_once(self.database, reminder, now)
                if view is not None:
                    fired.append(view)
            self._last_resync = self.clock.monotonic()
        if report.changed or report.due:
            log.info("resync (%s): %d due, %d fired", reason, len(report.due), len(fired))
        self._announce(fired)
        return report

    def request_resync(self, reason: str = "requested") -> None:
        """Resync soon on the scheduler's executor (for callers that must not block)."""
        if self._stopped:
            return
        self.scheduler.add_job(
            self.resync, args=[reason], jobstore=INTERNAL_STORE, misfire_grace_time=None
        )

    def tick(self) -> bool:
        """Periodic check: resync after a sleep or clock jump, or when a resync is due.

        Returns:
            True when it resynced.
        """
        now, monotonic = self.clock.now(), self.clock.monotonic()
        jumped = self._jumps.observe(now, monotonic)
        overdue = self._last_resync is None or monotonic - self._last_resync >= self._resync_seconds
        if not (jumped or overdue):
            return False
        if jumped:
            log.info("the clock jumped or the machine slept; re-deriving reminders")
        self.resync("clock jump or wake" if jumped else "periodic")
        self.scheduler.wakeup()
        return True

    def fire(self, key: str) -> NotificationView | None:
        """Fire the reminder ``key`` now if the database still wants it (what a job does)."""
        with self._lock:
            if self._stopped:
                return None
            view = fire_key(self.database, key, self.clock.now())
        if view is not None:
            self._announce([view])
        self.resync(f"after {key}")
        return view

    def pending(self) -> list[Reminder]:
        """The reminders that have not fired yet, by firing time."""
        with self.database.transaction() as session:
            return pending_reminders(session, self.clock.now())

    def jobs(self) -> dict[str, datetime | None]:
        """The reminder jobs in the job store: key to next wake-up (within the horizon)."""
        return scheduled(self.scheduler, REMINDER_STORE)

    def _on_job_event(self, event: JobExecutionEvent) -> None:
        if event.jobstore != REMINDER_STORE or self._stopped:
            return
        if event.code == EVENT_JOB_MISSED:
            log.info("reminder %s was missed beyond its relevance; not shown", event.job_id)
            return
        # Listeners may run inside the scheduler's job processing, with its job-store lock held
        # and the finished job not yet removed (the executor calls back synchronously when the
        # job completed quickly). Firing there would resync under its feet, so it is queued as
        # a job of its own on the executor.
        self.scheduler.add_job(
            self._fire_logged, args=[event.job_id], jobstore=INTERNAL_STORE,
            misfire_grace_time=None,
        )

    def _fire_logged(self, key: str) -> None:
        try:
            self.fire(key)
        except Exception:
            # APScheduler would log a bare job failure; say which reminder and what happens.
            log.exception("firing reminder %s failed; the next resync retries it", key)

    def _announce(self, fired: list[NotificationView]) -> None:
        for view in fired:
            for callback in self._listeners:
                callback(view)
