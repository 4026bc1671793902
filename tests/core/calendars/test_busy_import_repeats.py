"""Repeats without end: a limit per series, a clear message, and Cancel while expanding."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cadence.calendars.busy import list_busy
from cadence.calendars.ics_import import EXPANDING, ImportReport, Progress, import_calendar
from cadence.calendars.ics_repeats import MAX_AT_ONCE, MAX_OCCURRENCES
from cadence.errors import FileFormatError
from cadence.storage.database import Database
from tests.core.calendars.builders import NOW

HEADER = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Cadence tests//repeats//EN\n"
DENTIST = """BEGIN:VEVENT
UID:dentist@cadence.test
DTSTAMP:20260101T000000Z
DTSTART:20260312T150000Z
DTEND:20260312T160000Z
SUMMARY:Dentist
END:VEVENT
"""


def _repeating(start: str, end: str, rule: str) -> str:
    # The RRULE is on line 9 of the file when this event comes first.
    return f"""BEGIN:VEVENT
UID:often@cadence.test
DTSTAMP:20260101T000000Z
DTSTART:{start}
DTEND:{end}
RRULE:{rule}
SUMMARY:very often, for ever
END:VEVENT
"""


def _file(tmp_path: Path, *events: str) -> Path:
    path = tmp_path / "repeats.ics"
    path.write_text(HEADER + "".join(events) + "END:VCALENDAR\n", encoding="utf-8")
    return path


def _import(
    database: Database, path: Path, start: date, end: date, progress: Progress | None = None
) -> ImportReport:
    with database.transaction() as session:
        return import_calendar(session, path, start=start, end=end,
                               manager_zone="Europe/Berlin", now=NOW, progress=progress)


def _every_minute(tmp_path: Path) -> Path:
    return _file(tmp_path, _repeating("20260305T000000Z", "20260305T000100Z", "FREQ=MINUTELY"),
                 DENTIST)


def test_a_series_without_end_stops_at_the_limit(database: Database, tmp_path: Path) -> None:
    # Three weeks of minutes is 30,240 occurrences; the limit keeps the first 10,000.
    report = _import(database, _every_minute(tmp_path), date(2026, 3, 1), date(2026, 3, 21))
    assert report.blocks == MAX_OCCURRENCES + 1  # and the dentist
    with database.transaction() as session:
        minutes = [b.starts_at for b in list_busy(session) if b.uid == "often@cadence.test"]
    first = datetime(2026, 3, 5, tzinfo=UTC)
    assert minutes == [first + timedelta(minutes=n) for n in range(MAX_OCCURRENCES)]
    assert report.skipped == [(
        "VEVENT often@cadence.test (line 9)",  # the RRULE line
        "repeats more than 10,000 times from 2026-03-01 to 2026-03-21; "
        "those from 2026-03-11 22:40:00 on are not imported",
    )]


def test_a_series_with_thousands_of_occurrences_on_at_once_is_cut(
    database: Database, tmp_path: Path
) -> None:
    # The reviewer's file: every second, each an hour long, so 3,600 are on at any moment.
    path = _file(tmp_path, _repeating("20260305T000000Z", "20260305T010000Z", "FREQ=SECONDLY"))
    report = _import(database, path, date(2026, 3, 5), date(2026, 3, 5))
    assert report.blocks == MAX_AT_ONCE
    assert report.skipped == [(
        "VEVENT often@cadence.test (line 9)",
        "more than 100 of its occurrences are on at the same time; "
        "those from 2026-03-05 00:01:40 on are not imported",
    )]


def test_a_rule_too_dense_before_the_window_is_left_out(
    database: Database, tmp_path: Path
) -> None:
    # Every minute since October: over 200,000 dates to walk before March.
    dense = _repeating("20251001T000000Z", "20251001T000100Z", "FREQ=MINUTELY")
    report = _import(database, _file(tmp_path, dense, DENTIST), date(2026, 3, 1),
                     date(2026, 3, 31))
    assert report.blocks == 1
    assert report.skipped == [("VEVENT often@cadence.test (line 9)",
                               "repeats more than 100,000 times before 2026-03-01; left out")]
    with pytest.raises(FileFormatError, match=r"\(line 9\): repeats more than 100,000 times"):
        _import(database, _file(tmp_path, dense), date(2026, 3, 1), date(2026, 3, 31))


def test_expanding_reports_progress_often_and_can_be_cancelled(
    database: Database, tmp_path: Path
) -> None:
    path = _every_minute(tmp_path)
    told: list[tuple[float, str]] = []
    _import(database, path, date(2026, 3, 1), date(2026, 3, 21),
            lambda fraction, step: told.append((fraction, step)))
    assert [f for f, _ in told] == sorted(f for f, _ in told)
    # Progress is told while one endless rule is walked, not only between series: that is
    # where a cancel is raised (how long it may wait is a figure of benchmarks/calendars.py).
    assert sum(step == EXPANDING for _, step in told) > 5

    class Cancelled(Exception):
        pass

    steps: list[str] = []

    def cancel_while_expanding(_fraction: float, step: str) -> None:
        steps.append(step)
        if steps.count(EXPANDING) == 3:  # the first comes before expanding starts
            raise Cancelled

    with pytest.raises(Cancelled):
        _import(database, path, date(2026, 3, 1), date(2026, 3, 25), cancel_while_expanding)
    assert steps.count(EXPANDING) == 3  # stopped where it was raised, nothing told after
    with database.transaction() as session:
        assert len(list_busy(session)) == MAX_OCCURRENCES + 1  # as the first import left them


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        # dateutil would look for a 30 February until the year 9999, twice: 20 s an import.
        ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30,-30",
         "no day of any year has BYMONTH=2;BYMONTHDAY=-30,30"),
        # Week 1 never reaches July: 7 s an import.
        ("FREQ=DAILY;BYWEEKNO=1;BYMONTH=7", "no day of any year has BYMONTH=7;BYWEEKNO=1"),
        # A day holds one date, never a second: 27 s an import, an hourly rule many minutes.
        ("FREQ=DAILY;BYSETPOS=2", "BYSETPOS=2, but each day holds at most 1 date"),
    ],
)
def test_a_rule_no_date_matches_keeps_its_first_date_and_says_why(
    database: Database, tmp_path: Path, rule: str, why: str
) -> None:
    never = _repeating("20260305T090000Z", "20260305T100000Z", rule)
    report = _import(database, _file(tmp_path, never, DENTIST), date(2026, 3, 1),
                     date(2026, 3, 31))
    assert report.blocks == 2
    assert report.notes == [(
        "VEVENT often@cadence.test (line 9)",
        f"repeat rule matches no date ({why}); "
        "only its first date imported",
    )]
    with database.transaction() as session:
        often = [b.starts_at for b in list_busy(session) if b.uid == "often@cadence.test"]
    assert often == [datetime(2026, 3, 5, 9, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("rule", "first"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2028, 2, 29)),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-29", date(2028, 2, 1)),
        ("FREQ=YEARLY;BYYEARDAY=366", date(2028, 12, 31)),
        ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,5", date(2026, 5, 31)),
        ("FREQ=WEEKLY;BYWEEKNO=53;BYDAY=TH", date(2026, 12, 31)),
        ("FREQ=YEARLY;BYWEEKNO=-1;BYMONTH=1", date(2027, 1, 1)),
    ],
)
def test_a_rule_that_matches_rarely_is_still_expanded(
    database: Database, tmp_path: Path, rule: str, first: date
) -> None:
    rare = _repeating("20260305T090000Z", "20260305T100000Z", rule)
    report = _import(database, _file(tmp_path, rare), date(2026, 3, 1), date(2029, 2, 28))
    assert report.notes == report.skipped == []
    with database.transaction() as session:
        days = sorted(b.starts_at.date() for b in list_busy(session))
    assert days[:2] == [date(2026, 3, 5), first]  # DTSTART, then the rule's first date
