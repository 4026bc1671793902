"""Reconciling the scheduler's job store with the reminders the database wants.

The job store is a cache of wake-up times: after :func:`reconcile` it holds exactly one job per
pending reminder due between now and the end of the scheduling horizon, with the reminder's key
as job id and as its only argument, firing at the reminder's instant. Reminders already due are
handed back to be fired now instead (a missed one after sleep or a restart), so nothing depends
on the scheduler having been awake at the right moment. Reminders beyond the horizon get no job
yet: the next resyncs (every few minutes, at start and on wake) add them as they come into
range, long before they are due, and the store stays small however far ahead the plan reaches.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.date import DateTrigger

from cadence.reminders.rules import Reminder

log = logging.getLogger(__name__)

WAKE_FUNCTION = "cadence.reminders.sync:wake"
"""What a reminder job runs, stored as a text reference (jobs never pickle live objects)."""


def wake(key: str) -> str:
    """The job function: do nothing but hand the key back.

    The reminder service listens for executed jobs and fires the reminder named by the key
    from the database; the scheduler thread itself touches no data.
    """
    return key


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What :func:`reconcile` changed, and the reminders that are due now."""

    added: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    due: tuple[Reminder, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the job store was touched."""
        return bool(self.added or self.moved or self.removed)


def grace_seconds(reminder: Reminder) -> int:
    """The scheduler's ``misfire_grace_time`` for a reminder: as long as it stays relevant."""
    return max(1, math.ceil((reminder.expires_at - reminder.fire_at).total_seconds()))


def reconcile(
    scheduler: BaseScheduler,
    pending: Sequence[Reminder],
    now: datetime,
    jobstore: str,
    *,
    until: datetime,
) -> SyncReport:
    """Make the jobs in ``jobstore`` match ``pending`` (the unfired reminders wanted at ``now``).

    Args:
        scheduler: A started (possibly paused) APScheduler 3 scheduler.
        pending: Reminders that should exist and have not fired yet.
        now: The current instant.
        jobstore: Alias of the job store holding reminder jobs (and nothing else).
        until: The end of the scheduling horizon: reminders due later get no job (and lose
            one they had, e.g. after the touch moved further out).

    Returns:
        The keys added, moved and removed, and the reminders due at ``now`` (not scheduled).
    """
    jobs: dict[str, Job] = {job.id: job for job in scheduler.get_jobs(jobstore=jobstore)}
    future = {r.key: r for r in pending if now < r.fire_at <= until}
    due = tuple(r for r in pending if r.fire_at <= now)
    added: list[str] = []
    moved: list[str] = []
    removed = [key for key in jobs if key not in future]
    for key in removed:
        # The scheduler may have just run it (a date job removes itself): gone either way.
        with contextlib.suppress(JobLookupError):
            scheduler.remove_job(key, jobstore=jobstore)
    for key, reminder in future.items():
        job = jobs.get(key)
        if job is None:
            scheduler.add_job(
                WAKE_FUNCTION, DateTrigger(run_date=reminder.fire_at), args=[key], id=key,
                name=key, jobstore=jobstore, misfire_grace_time=grace_seconds(reminder),
                coalesce=True, max_instances=1, replace_existing=True,
            )
            added.append(key)
        elif job.next_run_time != reminder.fire_at or job.misfire_grace_time != grace_seconds(
            reminder
        ):
            scheduler.modify_job(key, jobstore=jobstore, misfire_grace_time=grace_seconds(reminder))
            scheduler.reschedule_job(key, jobstore=jobstore, trigger=DateTrigger(reminder.fire_at))
            moved.append(key)
    if added or moved or removed:
        log.info("reminder jobs: %d added, %d moved, %d removed", len(added), len(moved),
                 len(removed))
    return SyncReport(tuple(added), tuple(moved), tuple(removed), due)


def scheduled(scheduler: BaseScheduler, jobstore: str) -> dict[str, datetime | None]:
    """The reminder jobs in ``jobstore``: key to next run time (``None`` when paused)."""
    return {job.id: job.next_run_time for job in scheduler.get_jobs(jobstore=jobstore)}
