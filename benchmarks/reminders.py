"""Reminder service speed: deriving, first sync, steady resync, firing. Median of 5 runs.

Run with ``python -m benchmarks.reminders [STAKEHOLDERS [HORIZON_DAYS]]`` (default 300
stakeholders, each with 4 accepted touchpoints in the next 90 days and 2 open commitments, and
the service's default scheduling horizon; a horizon of 400 days schedules every reminder, as
before there was one).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from cadence.catalogue import kind_by_key
from cadence.commitments import add_commitment
from cadence.models import Notification, Touchpoint
from cadence.reminders.clock import ManualClock
from cadence.reminders.firing import fire_due, pending_reminders
from cadence.reminders.service import DEFAULT_HORIZON, ReminderService
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import Database, open_database
from cadence.vocabulary import TouchpointStatus

NOW = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)
RUNS = 5


def build(folder: Path, people: int) -> Database:
    database = open_database(f"sqlite:///{folder / 'workspace.sqlite3'}")
    with database.transaction() as session:
        coffee = kind_by_key(session, "coffee")
        for n in range(people):
            person = create_stakeholder(session, StakeholderChanges(
                name=f"Person {n}", account=f"Account {n % 12}", timezone="Europe/Berlin"))
            for k in range(4):
                starts = NOW + timedelta(days=3 + (n + 22 * k) % 90, hours=n % 8)
                session.add(Touchpoint(
                    stakeholder=person, kind=coffee, channel=coffee.channel, starts_at=starts,
                    ends_at=starts + timedelta(minutes=30), timezone="Europe/Berlin",
                    status=TouchpointStatus.ACCEPTED))
            for k in range(2):
                made = add_commitment(session, person, what="Send the runbook",
                                      due_on=(NOW + timedelta(days=5 + (n + 40 * k) % 80)).date())
                made.created_at = NOW - timedelta(days=1)
    return database


def median_ms(action: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    samples = []
    for _ in range(RUNS):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    horizon = timedelta(days=int(sys.argv[2])) if len(sys.argv) > 2 else DEFAULT_HORIZON
    with tempfile.TemporaryDirectory() as folder:
        database = build(Path(folder), people)
        with database.transaction() as session:
            count = len(pending_reminders(session, NOW))
        print(f"workspace: {people} stakeholders, {count} pending reminders")

        def derive() -> object:
            with database.transaction() as session:
                return pending_reminders(session, NOW)

        print(f"derive pending reminders      {median_ms(derive):8.1f} ms")

        clock = ManualClock(NOW)
        service = ReminderService(database, BackgroundScheduler(), clock=clock, horizon=horizon)
        service.start(paused=True)

        def clear_jobs() -> None:
            service.scheduler.remove_all_jobs(jobstore="reminders")

        print(f"first sync (empty job store)  {median_ms(service.resync, clear_jobs):8.1f} ms")
        print(f"  jobs within the {service.horizon.days}-day horizon: {len(service.jobs())}")
        print(f"steady resync (no change)     {median_ms(service.resync):8.1f} ms")
        store = service.scheduler._lookup_jobstore("reminders")  # what _process_jobs queries

        def wake_lookup() -> object:
            return store.get_due_jobs(NOW + timedelta(days=1)), store.get_next_run_time()

        print(f"wake-up lookup (GUI thread)   {median_ms(wake_lookup):8.1f} ms")
        service.shutdown()

        def forget_fired() -> None:
            with database.transaction() as session:
                session.query(Notification).delete()

        later = NOW + timedelta(days=30)
        fired = len(fire_due(database, later))
        forget_fired()
        took = median_ms(lambda: fire_due(database, later), forget_fired)
        print(f"fire_due 30 days ({fired} fired) {took:8.1f} ms")
        database.close()


if __name__ == "__main__":
    main()
