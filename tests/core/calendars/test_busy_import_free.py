"""What makes no busy time, and saying so: free events (and counting them, as for a holidays
calendar), cancelled and zero-length ones, a bad RDATE value, an empty file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cadence.calendars.busy import list_busy
from cadence.calendars.ics_import import ImportReport, import_calendar, left_out
from cadence.errors import FileFormatError
from cadence.storage.database import Database
from tests.core.calendars.builders import CORPUS, FIXTURES, NOW

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"ICS corpus not found at {CORPUS} (../shared is absent)"
)

HOLIDAYS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Cadence tests//holidays//EN
BEGIN:VEVENT
UID:christmas@holidays.test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20261225
DTEND;VALUE=DATE:20261226
SUMMARY:Christmas Day
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:outlook-free@holidays.test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20261226
DTEND;VALUE=DATE:20261227
SUMMARY:Boxing Day
X-MICROSOFT-CDO-BUSYSTATUS:FREE
END:VEVENT
BEGIN:VEVENT
UID:called-off@holidays.test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20261231
DTEND;VALUE=DATE:20270101
SUMMARY:Company day off (called off)
TRANSP:TRANSPARENT
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
"""
DECEMBER = {"start": date(2026, 12, 1), "end": date(2026, 12, 31)}


def _import(
    database: Database, path: Path, *, all_busy: bool = False, **window: date
) -> ImportReport:
    with database.transaction() as session:
        return import_calendar(session, path, start=window.get("start"), end=window.get("end"),
                               manager_zone="Europe/Berlin", now=NOW, all_busy=all_busy)


def _busy(database: Database) -> list[tuple[str, datetime, datetime]]:
    with database.transaction() as session:
        return [(b.summary, b.starts_at, b.ends_at) for b in list_busy(session)]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_free_days_off_block_nothing_but_the_summary_says_how_to_count_them(
    database: Database, tmp_path: Path
) -> None:
    report = _import(database, _write(tmp_path, "holidays.ics", HOLIDAYS), **DECEMBER)
    assert _busy(database) == []
    assert (report.free, report.cancelled) == (2, 1)
    assert left_out(report, "--all-busy counts them") == [
        "3 events read", "2 free occurrences skipped: --all-busy counts them",
        "1 cancelled occurrence skipped"]


def test_all_busy_makes_free_days_off_busy_but_not_cancelled_ones(
    database: Database, tmp_path: Path
) -> None:
    report = _import(database, _write(tmp_path, "holidays.ics", HOLIDAYS), all_busy=True,
                     **DECEMBER)
    # Midnight to midnight in Berlin (CET, +1); the cancelled day off stays free.
    assert _busy(database) == [
        ("Christmas Day", datetime(2026, 12, 24, 23, tzinfo=UTC),
         datetime(2026, 12, 25, 23, tzinfo=UTC)),
        ("Boxing Day", datetime(2026, 12, 25, 23, tzinfo=UTC),
         datetime(2026, 12, 26, 23, tzinfo=UTC)),
    ]
    assert (report.blocks, report.free, report.cancelled) == (2, 0, 1)


@needs_corpus
def test_googles_public_holidays_block_christmas_with_all_busy(database: Database) -> None:
    # Google marks all 111 holidays TRANSP:TRANSPARENT.
    path = CORPUS / "allenporter_ical/google_calendar_public_holidays.ics"
    report = _import(database, path, all_busy=True, start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert report.blocks == 36
    with database.transaction() as session:
        christmas = list_busy(session, datetime(2023, 12, 25, 12, tzinfo=UTC),
                              datetime(2023, 12, 25, 13, tzinfo=UTC))
    assert [b.summary for b in christmas] == ["Christmas Day"]


def test_zero_length_events_are_counted_as_such_not_as_free(
    database: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path, "reminders.ics", """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Cadence tests//zero//EN
BEGIN:VEVENT
UID:deadline@cadence.test
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20261203T170000
SUMMARY:Expense report due
END:VEVENT
END:VCALENDAR
""")
    report = _import(database, path, **DECEMBER)
    assert (report.blocks, report.free, report.zero_length) == (0, 0, 1)
    assert left_out(report, "")[1] == (
        "1 zero-length occurrence skipped (no end, so no time to block)")


def test_a_bad_rdate_value_costs_only_that_date(database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "extra_dates.ics", """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Cadence tests//rdate//EN
BEGIN:VEVENT
UID:workshop@cadence.test
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20261201T100000
DURATION:PT1H
RDATE;TZID=Europe/Berlin:20261208T100000,20261215Z
RDATE;TZID=Europe/Berlin:20261222T100000
SUMMARY:Workshop
END:VEVENT
END:VCALENDAR
""")
    report = _import(database, path, **DECEMBER)
    starts = [start for _, start, _ in _busy(database)]
    assert starts == [datetime(2026, 12, day, 9, tzinfo=UTC) for day in (1, 8, 22)]
    assert report.skipped == [(
        "VEVENT workshop@cadence.test (line 9)",
        "bad RDATE value '20261215Z' (not a date or time); the event's other dates are imported",
    )]


@needs_corpus
def test_googles_birthday_with_bad_rdates_keeps_its_own_date(database: Database) -> None:
    report = _import(database, CORPUS / "kewisch_ical.js/google_birthday.ics",
                     start=date(2012, 1, 1), end=date(2015, 12, 31))
    with database.transaction() as session:
        uids = [b.uid for b in list_busy(session, datetime(2014, 12, 10, 12, tzinfo=UTC),
                                         datetime(2014, 12, 10, 13, tzinfo=UTC))]
    # The yearly birthday is there too; the 2014 one used to be dropped whole.
    assert "2014_BIRTHDAY_79d389868f96182e@google.com" in uids
    where = "VEVENT 2014_BIRTHDAY_79d389868f96182e@google.com"
    assert [(w, r.split(" (")[0]) for w, r in report.skipped] == [
        (f"{where} (line 12)", "bad RDATE value '20131210Z'"),
        (f"{where} (line 13)", "bad RDATE value '20121210Z'"),
    ]


def test_an_empty_file_is_called_empty_and_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    _import(database, FIXTURES / "busy_week.ics", start=date(2026, 3, 1), end=date(2026, 3, 31))
    before = _busy(database)
    empty = _write(tmp_path, "outlook.ics", "")
    with pytest.raises(FileFormatError, match=r"outlook.ics: the file is empty$"):
        _import(database, empty)
    assert _busy(database) == before
