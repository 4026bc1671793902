"""Exported files read the same in independent consumers, and come back as the same busy time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ics
import pytest
import vobject
from icalendar import Calendar
from sqlalchemy import select

from cadence.calendars.busy import list_busy
from cadence.calendars.ics_export import export_ics
from cadence.calendars.ics_import import import_calendar
from cadence.models import Touchpoint
from cadence.storage.database import Database, open_database
from cadence.vocabulary import TouchpointStatus
from tests.core.calendars.builders import NOW, Plan, add_stakeholder, add_touchpoint

# Zones north and south of the equator, with and without DST, on either side of a change.
ZONES = ["Europe/Lisbon", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]


@pytest.fixture
def wide_plan(database: Database, plan: Plan) -> Database:
    """The basic plan plus touchpoints across a year in five zones."""
    with database.transaction() as session:
        for index, zone_name in enumerate(ZONES):
            person = add_stakeholder(session, f"Person {index}", zone_name)
            for week in range(0, 56, 4):
                start = datetime(2026, 3, 2, 9 + index, tzinfo=UTC) + timedelta(weeks=week)
                add_touchpoint(session, person, "coffee", start,
                               reasons=[f"week {week}; a long reason " * 4])
    return database


def _export(database: Database, path: Path) -> list[tuple[str, datetime, datetime]]:
    """Export everything and return (uid, start, end) from the database, by uid."""
    with database.transaction() as session:
        export_ics(session, path, now=NOW, status="all")
        touchpoints = session.scalars(select(Touchpoint))
        return sorted(
            (tp.uid, tp.starts_at, tp.ends_at)
            for tp in touchpoints
            if tp.status != TouchpointStatus.DISMISSED
        )


def _utc(value: datetime) -> datetime:
    assert value.tzinfo is not None, "a consumer read a zoned time as floating"
    return value.astimezone(UTC)


def test_vobject_reads_the_same_events(wide_plan: Database, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    expected = _export(wide_plan, path)
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    found = sorted(
        (ev.uid.value, _utc(ev.dtstart.value), _utc(ev.dtend.value))
        for ev in calendar.vevent_list
    )
    assert found == expected


def test_ics_py_reads_the_same_events(wide_plan: Database, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    expected = _export(wide_plan, path)
    calendar = ics.Calendar(path.read_text(encoding="utf-8"))
    found = sorted(
        (event.uid, _utc(event.begin.datetime), _utc(event.end.datetime))
        for event in calendar.events
    )
    assert found == expected


def test_icalendar_agrees_too(wide_plan: Database, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    expected = _export(wide_plan, path)
    calendar = Calendar.from_ical(path.read_bytes())
    found = sorted((str(e.uid), _utc(e.start), _utc(e.end)) for e in calendar.events)
    assert found == expected


def test_round_trip_export_then_import_as_busy_time(
    wide_plan: Database, tmp_path: Path
) -> None:
    path = tmp_path / "plan.ics"
    _export(wide_plan, path)
    with wide_plan.transaction() as session:
        expected = sorted(
            (tp.uid, tp.starts_at, tp.ends_at, f"{tp.title} with {tp.stakeholder.name}")
            for tp in session.scalars(select(Touchpoint))
        )
    fresh = open_database(f"sqlite:///{tmp_path}/fresh.sqlite3", backup=False)
    try:
        with fresh.transaction() as session:
            report = import_calendar(
                session, path, start=date(2026, 1, 1), end=date(2027, 12, 31),
                manager_zone="Europe/Berlin", now=NOW,
            )
            blocks = list_busy(session)
            found = sorted(
                (b.uid, b.starts_at, b.ends_at, b.summary.rsplit(" (", 1)[0]) for b in blocks
            )
    finally:
        fresh.close()
    assert report.skipped == []
    assert report.blocks == len(expected)
    assert found == expected
