"""After any edits, sleeps and resyncs, the job store is exactly what the data calls for.

That is one job per unfired reminder due within the scheduling horizon, and a notification for
every reminder already due.

The expectation is computed from a model the test keeps itself (plain facts fed to the pure
rules), not from the database, so the loading, firing and reconciling are all checked.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reminder_world import START, Workspace, configure_berlin
from sqlalchemy import select

from cadence.commitments import mark_delivered, mark_dropped
from cadence.models import Commitment, Notification
from cadence.reminders.clock import ManualClock
from cadence.reminders.rules import (
    CommitmentFacts,
    ManagerFacts,
    ReminderFacts,
    TouchpointFacts,
    desired_reminders,
)
from cadence.reminders.service import ReminderService
from cadence.storage.database import Database, open_database
from cadence.vocabulary import TouchpointStatus

MANAGER = ManagerFacts(timezone="Europe/Berlin", work_days=(0, 1, 2, 3, 4),
                       work_start=time(9, 0), lead_minutes=60)


@dataclass
class Model:
    """What the test believes is in the workspace."""

    touches: dict[int, datetime] = field(default_factory=dict)  # accepted: id -> start
    promises: dict[int, tuple[date, datetime]] = field(default_factory=dict)  # open: due, made

    def facts(self) -> ReminderFacts:
        return ReminderFacts(
            manager=MANAGER,
            touchpoints=[
                TouchpointFacts(id=i, stakeholder="Ingrid Bauer", title="Coffee check-in",
                                prep_minutes=5, channel="in-person", starts_at=s,
                                ends_at=s + timedelta(minutes=30), timezone="Europe/Berlin")
                for i, s in self.touches.items()
            ],
            commitments=[
                CommitmentFacts(id=i, stakeholder="Ingrid Bauer", what="Send the runbook",
                                due_on=due, created_at=made)
                for i, (due, made) in self.promises.items()
            ],
        )


hours = st.integers(min_value=0, max_value=24 * 20)
operation = st.one_of(
    st.tuples(st.just("touch"), hours),
    st.tuples(st.just("suggest-then-accept"), hours),
    st.tuples(st.just("move"), st.integers(0, 9), hours),
    st.tuples(st.just("dismiss"), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("promise"), st.integers(min_value=-2, max_value=25)),
    st.tuples(st.just("deliver"), st.integers(0, 9)),
    st.tuples(st.just("drop"), st.integers(0, 9)),
    st.tuples(st.just("awake"), st.integers(min_value=1, max_value=48)),
    st.tuples(st.just("sleep"), st.integers(min_value=1, max_value=72)),
    st.tuples(st.just("resync")),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated Berlin workspace with one stakeholder, copied for each example."""
    path = tmp_path_factory.mktemp("template") / "workspace.sqlite3"
    database = open_database(f"sqlite:///{path}")
    configure_berlin(database)
    Workspace(database).stakeholder()
    database.close()
    return path


@contextmanager
def fresh_copy(template: Path) -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "workspace.sqlite3"
        shutil.copy(template, target)
        database = open_database(f"sqlite:///{target}", backup=False)
        try:
            yield database
        finally:
            database.close()


def apply(op: tuple[object, ...], workspace: Workspace, model: Model, clock: ManualClock,
          service: ReminderService) -> None:
    name, *args = op
    now = clock.now()
    touches, promises = sorted(model.touches), sorted(model.promises)
    if name in ("touch", "suggest-then-accept"):
        start = now + timedelta(hours=int(args[0]), minutes=30)
        if name == "touch":
            new = workspace.touchpoint(1, start)
        else:
            new = workspace.touchpoint(1, start, status=TouchpointStatus.SUGGESTED)
            workspace.set_status(new, TouchpointStatus.ACCEPTED)
        model.touches[new] = start
    elif name == "move" and touches:
        chosen = touches[int(args[0]) % len(touches)]
        model.touches[chosen] = now + timedelta(hours=int(args[1]), minutes=15)
        workspace.move_touchpoint(chosen, model.touches[chosen])
    elif name in ("dismiss", "delete") and touches:
        chosen = touches[int(args[0]) % len(touches)]
        del model.touches[chosen]
        if name == "dismiss":
            workspace.set_status(chosen, TouchpointStatus.DISMISSED)
        else:
            workspace.delete_touchpoint(chosen)
    elif name == "promise":
        due = now.date() + timedelta(days=int(args[0]))
        model.promises[workspace.commitment(1, due, created_at=now)] = (due, now)
    elif name in ("deliver", "drop") and promises:
        chosen = promises[int(args[0]) % len(promises)]
        del model.promises[chosen]
        with workspace.database.transaction() as session:
            row = session.get_one(Commitment, chosen)
            if name == "deliver":
                mark_delivered(row, now.date(), now.date())
            else:
                mark_dropped(row, "no longer needed")
    elif name == "awake":
        clock.advance(timedelta(hours=int(args[0])))
        service.tick()
    elif name == "sleep":
        clock.sleep(timedelta(hours=int(args[0])))
        assert service.tick(), "a sleep must be noticed"
    elif name == "resync":
        service.resync()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(operation, max_size=20))
def test_job_store_matches_the_database_after_any_edits(
    template: Path, operations: list[tuple[object, ...]]
) -> None:
    clock = ManualClock(START)
    model = Model()
    with fresh_copy(template) as database:
        service = ReminderService(database, BackgroundScheduler(), clock=clock)
        service.start(paused=True)
        try:
            workspace = Workspace(database)
            for op in operations:
                apply(op, workspace, model, clock, service)
            service.resync()
            now = clock.now()
            wanted = desired_reminders(model.facts(), now)
            horizon_end = now + service.horizon
            assert service.jobs() == {
                r.key: r.fire_at for r in wanted if now < r.fire_at <= horizon_end
            }
            with database.transaction() as session:
                fired = set(session.scalars(select(Notification.key)))
            assert {r.key for r in wanted if r.fire_at <= now} <= fired
        finally:
            service.shutdown()
