"""Busy times from the manager's calendar: expansion, zones, free time, replacement, salvage."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cadence.calendars.busy import busy_as_json, list_busy
from cadence.calendars.ics_import import ImportReport, Progress, import_calendar
from cadence.errors import FileFormatError, ValidationError
from cadence.models import BusyBlock
from cadence.storage.database import Database
from tests.core.calendars.builders import FIXTURES, NOW

MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def _import(database: Database, path: Path, **window: date | None) -> ImportReport:
    with database.transaction() as session:
        return import_calendar(
            session, path, start=window.get("start"), end=window.get("end"),
            manager_zone="Europe/Berlin", now=NOW,
        )


def _blocks(database: Database) -> list[tuple[str, datetime, datetime, bool]]:
    with database.transaction() as session:
        return [(b.uid, b.starts_at, b.ends_at, b.all_day) for b in list_busy(session)]


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


BUSY_WEEK = [
    # Weekly series in Berlin (CET, +1) with one date excluded, one added, one moved.
    ("standup@cadence.test", _utc(2026, 3, 2, 8, 30), _utc(2026, 3, 2, 8, 45), False),
    # The all-day offsite, midnight to midnight in the manager's zone.
    ("offsite@cadence.test", _utc(2026, 3, 3, 23), _utc(2026, 3, 4, 23), True),
    # Floating 13:00 is read as 13:00 in Berlin.
    ("lunch@cadence.test", _utc(2026, 3, 5, 12), _utc(2026, 3, 5, 13), False),
    # Outlook's "Pacific Standard Time" is America/Los_Angeles (still PST, -8).
    ("outlook@cadence.test", _utc(2026, 3, 6, 16), _utc(2026, 3, 6, 17), False),
    ("standup@cadence.test", _utc(2026, 3, 10, 13), _utc(2026, 3, 10, 13, 15), False),
    ("dentist@cadence.test", _utc(2026, 3, 12, 15), _utc(2026, 3, 12, 16), False),
    ("standup@cadence.test", _utc(2026, 3, 18, 8, 30), _utc(2026, 3, 18, 8, 45), False),
    # After the switch to summer time (CEST, +2) on 29 March.
    ("standup@cadence.test", _utc(2026, 3, 30, 7, 30), _utc(2026, 3, 30, 7, 45), False),
]


def test_busy_week_is_expanded_into_the_right_blocks(database: Database) -> None:
    report = _import(database, FIXTURES / "busy_week.ics", **MARCH)
    assert _blocks(database) == BUSY_WEEK
    assert report.blocks == len(BUSY_WEEK)
    # Transparent and Outlook's FREE are free; the cancelled event and occurrence are cancelled.
    assert (report.free, report.cancelled, report.zero_length) == (2, 2, 0)
    assert report.skipped == []
    assert report.source == str((FIXTURES / "busy_week.ics").resolve())


def test_blocks_keep_their_zone_and_summary(database: Database) -> None:
    _import(database, FIXTURES / "busy_week.ics", **MARCH)
    with database.transaction() as session:
        rows = {b.uid: busy_as_json(b) for b in list_busy(session)}
    assert rows["outlook@cadence.test"]["start"] == "2026-03-06T08:00:00-08:00"
    assert rows["outlook@cadence.test"]["timezone"] == "America/Los_Angeles"
    assert rows["offsite@cadence.test"]["start"] == "2026-03-04T00:00:00+01:00"
    assert rows["offsite@cadence.test"]["all_day"] is True
    assert rows["dentist@cadence.test"]["summary"] == "Dentist"


def test_window_limits_the_expansion(database: Database) -> None:
    report = _import(database, FIXTURES / "busy_week.ics", start=date(2026, 3, 10),
                     end=date(2026, 3, 12))
    assert [uid for uid, *_ in _blocks(database)] == ["standup@cadence.test",
                                                      "dentist@cadence.test"]
    assert report.blocks == 2


def test_default_window_starts_today(database: Database) -> None:
    # NOW is 2 March 2026, so today plus a year covers the whole fixture.
    _import(database, FIXTURES / "busy_week.ics")
    assert _blocks(database) == BUSY_WEEK


def test_reimporting_the_same_file_replaces_instead_of_duplicating(database: Database) -> None:
    _import(database, FIXTURES / "busy_week.ics", **MARCH)
    _import(database, FIXTURES / "busy_week.ics", **MARCH)
    assert _blocks(database) == BUSY_WEEK


def test_an_updated_file_replaces_its_blocks(database: Database, tmp_path: Path) -> None:
    calendar = tmp_path / "me.ics"
    shutil.copy(FIXTURES / "busy_week.ics", calendar)
    _import(database, calendar, **MARCH)
    _import(database, FIXTURES / "partly_broken.ics", **MARCH)  # another source stays
    shutil.copy(FIXTURES / "busy_week_updated.ics", calendar)
    _import(database, calendar, **MARCH)
    with database.transaction() as session:
        mine = session.scalars(
            select(BusyBlock).where(BusyBlock.source == str(calendar.resolve()))
            .order_by(BusyBlock.starts_at)
        ).all()
        others = session.scalar(
            select(func.count(BusyBlock.id)).where(BusyBlock.source != str(calendar.resolve()))
        )
    assert [(b.uid, b.starts_at) for b in mine] == [
        ("standup@cadence.test", _utc(2026, 3, 2, 8, 30)),
        ("standup@cadence.test", _utc(2026, 3, 10, 13)),
        ("dentist@cadence.test", _utc(2026, 3, 13, 15)),
    ]
    assert others == 2


def test_partly_broken_file_imports_the_good_components(database: Database) -> None:
    report = _import(database, FIXTURES / "partly_broken.ics", **MARCH)
    assert [uid for uid, *_ in _blocks(database)] == ["good-1@cadence.test", "good-2@cadence.test"]
    assert [where for where, _ in report.skipped] == [
        "line 11", "VEVENT bad-date@cadence.test (line 16)",  # the line of the bad DTSTART
    ]
    assert "not a content line" in report.skipped[0].reason
    assert report.skipped[1].reason.startswith("bad DTSTART")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("all_broken.ics", r"all_broken.ics: VEVENT bad-date@cadence.test \(line 8\): bad DTSTART"),
        ("not_a_calendar.ics", r"not_a_calendar.ics:1: not an iCalendar file"),
    ],
)
def test_unreadable_files_import_nothing(database: Database, name: str, message: str) -> None:
    _import(database, FIXTURES / "busy_week.ics", **MARCH)
    with pytest.raises(FileFormatError, match=message) as caught:
        _import(database, FIXTURES / name, **MARCH)
    assert "\n" not in str(caught.value)
    assert _blocks(database) == BUSY_WEEK


def test_a_vcard_is_no_calendar_and_keeps_the_busy_times(
    database: Database, tmp_path: Path
) -> None:
    _import(database, FIXTURES / "busy_week.ics", **MARCH)
    card = tmp_path / "contacts.vcf"  # as `export contacts` writes it: the wrong file picked
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ingrid Bauer\r\nEND:VCARD\r\n",
                    encoding="utf-8")
    with pytest.raises(FileFormatError,
                       match=r"contacts.vcf:1: not an iCalendar file \(no BEGIN:VCALENDAR\)"):
        _import(database, card, **MARCH)
    assert _blocks(database) == BUSY_WEEK


def test_missing_file_and_backwards_window(database: Database, tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="cannot read"):
        _import(database, tmp_path / "nope.ics")
    with pytest.raises(ValidationError, match="before"):
        _import(database, FIXTURES / "busy_week.ics", start=date(2026, 3, 5),
                end=date(2026, 3, 1))


def test_list_busy_returns_blocks_overlapping_the_range(database: Database) -> None:
    _import(database, FIXTURES / "busy_week.ics", **MARCH)
    with database.transaction() as session:
        found = list_busy(session, _utc(2026, 3, 4, 12), _utc(2026, 3, 5, 12, 30))
        assert [b.uid for b in found] == ["offsite@cadence.test", "lunch@cadence.test"]
        assert list_busy(session, _utc(2026, 3, 5, 13), _utc(2026, 3, 6, 16)) == []


def test_zone_names_outlook_and_libical_write(database: Database) -> None:
    report = _import(database, FIXTURES / "odd_zones.ics", **MARCH)
    assert _blocks(database) == [
        # "(UTC+05:30) ..." has no VTIMEZONE: read in the zone of a city it lists.
        ("display-name@cadence.test", _utc(2026, 3, 10, 4, 30), _utc(2026, 3, 10, 5, 30), False),
        # A zone nobody can resolve is read as the manager's wall clock (Berlin, +1).
        ("custom@cadence.test", _utc(2026, 3, 11, 9), _utc(2026, 3, 11, 10), False),
        # "/vendor/Europe/Lisbon" is Lisbon (+0 in March).
        ("global@cadence.test", _utc(2026, 3, 12, 10), _utc(2026, 3, 12, 11), False),
    ]
    said = dict(report.notes)
    assert "read as Asia/Kolkata" in said["TZID '(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi'"]
    assert "Europe/Berlin" in said["TZID 'Customized Time Zone'"]


def test_progress_is_reported_and_can_cancel(database: Database, tmp_path: Path) -> None:
    calendar = tmp_path / "me.ics"
    shutil.copy(FIXTURES / "busy_week.ics", calendar)
    steps: list[tuple[float, str]] = []
    _import_with(database, calendar, lambda f, s: steps.append((f, s)))
    assert [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert steps[0][0] == 0.0
    assert steps[-1] == (1.0, "done")

    class Cancelled(Exception):
        pass

    def cancel_at_the_last_moment(_fraction: float, step: str) -> None:
        if step == "done":  # after the old blocks were deleted and the new ones added
            raise Cancelled

    shutil.copy(FIXTURES / "busy_week_updated.ics", calendar)
    with pytest.raises(Cancelled):
        _import_with(database, calendar, cancel_at_the_last_moment)
    assert _blocks(database) == BUSY_WEEK  # the transaction rolled back: the old blocks stay


def _import_with(database: Database, path: Path, progress: Progress) -> None:
    with database.transaction() as session:
        import_calendar(session, path, start=MARCH["start"], end=MARCH["end"],
                        manager_zone="Europe/Berlin", now=NOW, progress=progress)
