"""An event is its UID (and RECURRENCE-ID), not the file it came in: a fresh download under
another name replaces the old blocks of its events; a calendar's blocks can be removed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cadence.calendars.busy import busy_sources, find_source, list_busy, remove_source
from cadence.calendars.ics_import import ImportReport, import_calendar, replaced_lines
from cadence.errors import AmbiguousError, FileFormatError, NotFoundError
from cadence.storage.database import Database
from tests.core.calendars.builders import NOW

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


def _calendar(*events: str) -> str:
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Cadence tests//sources//EN\n"
            + "".join(events) + "END:VCALENDAR\n")


def _event(uid: str, start: str, end: str, extra: str = "", summary: str = "Sync") -> str:
    return (f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261120T000000Z\n"
            f"DTSTART;TZID=Europe/Berlin:{start}\nDTEND;TZID=Europe/Berlin:{end}\n{extra}"
            f"SUMMARY:{summary}\nEND:VEVENT\n")


def _import(database: Database, path: Path, text: str) -> ImportReport:
    path.write_text(text, encoding="utf-8")
    with database.transaction() as session:
        return import_calendar(session, path, start=DECEMBER[0], end=DECEMBER[1],
                               manager_zone="Europe/Berlin", now=NOW)


def _busy(database: Database) -> list[tuple[str, datetime, str]]:
    with database.transaction() as session:
        return [(b.summary, b.starts_at, Path(b.source).name) for b in list_busy(session)]


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_fresh_download_under_another_name_replaces_the_moved_meeting(
    database: Database, tmp_path: Path
) -> None:
    old, new = tmp_path / "outlook.ics", tmp_path / "outlook (1).ics"
    _import(database, old, _calendar(
        _event("sync@example.com", "20261210T100000", "20261210T110000"),
        _event("gone@example.com", "20261211T100000", "20261211T110000", summary="Old only")))
    report = _import(database, new, _calendar(
        _event("sync@example.com", "20261210T140000", "20261210T150000", "SEQUENCE:1\n")))
    # 14:00 only, not 10:00 as well; an event the new file does not have stays.
    assert _busy(database) == [("Sync", _utc(2026, 12, 10, 13), "outlook (1).ics"),
                               ("Old only", _utc(2026, 12, 11, 9), "outlook.ics")]
    assert report.replaced == {str(old.resolve()): 1}


def test_an_event_made_free_elsewhere_no_longer_blocks(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path / "a.ics",
            _calendar(_event("sync@example.com", "20261210T100000", "20261210T110000")))
    _import(database, tmp_path / "b.ics", _calendar(
        _event("sync@example.com", "20261210T100000", "20261210T110000", "TRANSP:TRANSPARENT\n")))
    assert _busy(database) == []


def test_a_file_of_one_overridden_occurrence_replaces_only_that_occurrence(
    database: Database, tmp_path: Path
) -> None:
    weekly = _event("weekly@example.com", "20261201T090000", "20261201T093000",
                    "RRULE:FREQ=WEEKLY;COUNT=3\n", summary="Weekly")
    _import(database, tmp_path / "team.ics", _calendar(weekly))
    # An invitation update carrying only the moved second meeting (RFC 5545 3.8.4.4).
    moved = _event("weekly@example.com", "20261209T150000", "20261209T153000",
                   "RECURRENCE-ID;TZID=Europe/Berlin:20261208T090000\nSEQUENCE:1\n",
                   summary="Weekly (moved)")
    report = _import(database, tmp_path / "update.ics", _calendar(moved))
    assert _busy(database) == [
        ("Weekly", _utc(2026, 12, 1, 8), "team.ics"),
        ("Weekly (moved)", _utc(2026, 12, 9, 14), "update.ics"),
        ("Weekly", _utc(2026, 12, 15, 8), "team.ics"),
    ]
    assert report.replaced == {str((tmp_path / "team.ics").resolve()): 1}


def test_an_unreadable_new_version_keeps_the_old_blocks(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path / "a.ics", _calendar(
        _event("sync@example.com", "20261210T100000", "20261210T110000"),
        _event("other@example.com", "20261211T100000", "20261211T110000", summary="Other")))
    broken = ("BEGIN:VEVENT\nUID:sync@example.com\nDTSTAMP:20261120T000000Z\n"
              "DTSTART;TZID=Europe/Berlin:not-a-time\nSUMMARY:Sync\nEND:VEVENT\n")
    report = _import(database, tmp_path / "b.ics", _calendar(
        broken, _event("other@example.com", "20261211T120000", "20261211T130000",
                       summary="Other")))
    assert _busy(database) == [("Sync", _utc(2026, 12, 10, 9), "a.ics"),
                               ("Other", _utc(2026, 12, 11, 11), "b.ics")]
    assert report.replaced == {str((tmp_path / "a.ics").resolve()): 1}


def test_sources_are_listed_found_by_path_or_name_and_removed(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "home").mkdir()
    _import(database, tmp_path / "work.ics",
            _calendar(_event("a@example.com", "20261210T100000", "20261210T110000")))
    _import(database, tmp_path / "home" / "work.ics",
            _calendar(_event("b@example.com", "20261211T100000", "20261211T110000")))
    _import(database, tmp_path / "holidays.ics",
            _calendar(_event("c@example.com", "20261225T000000", "20261225T235900")))
    with database.transaction() as session:
        listed = [(s.source, s.blocks) for s in busy_sources(session)]
        assert listed == sorted((str(p.resolve()), 1) for p in (
            tmp_path / "work.ics", tmp_path / "home" / "work.ics", tmp_path / "holidays.ics"))
        assert find_source(session, "holidays.ics") == str((tmp_path / "holidays.ics").resolve())
        with pytest.raises(AmbiguousError, match=r"2 imported calendars are named 'work\.ics'"):
            find_source(session, "work.ics")
        with pytest.raises(NotFoundError, match=r"no imported calendar 'nope\.ics'"):
            find_source(session, "nope.ics")
        assert remove_source(session, find_source(session, str(tmp_path / "work.ics"))) == 1
    assert [name for *_, name in _busy(database)] == ["work.ics", "holidays.ics"]


def test_a_bare_calendar_does_not_wipe_the_busy_times_it_gave(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "work.ics"
    _import(database, path, _calendar(
        _event("a@example.com", "20261210T100000", "20261210T110000"),
        _event("b@example.com", "20261211T100000", "20261211T110000")))
    before = _busy(database)

    # What a download cut short after the header looks like.
    with pytest.raises(FileFormatError) as refused:
        _import(database, path, _calendar())

    assert str(refused.value) == (f"{path}: it holds no events, and it gave 2 busy blocks "
                                  "before; nothing changed (`cadence busy remove` drops a "
                                  "calendar's busy times)")
    assert _busy(database) == before
    assert _import(database, tmp_path / "new.ics", _calendar()).blocks == 0  # nothing to lose


def test_blocks_a_calendar_no_longer_gives_are_counted_as_removed(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "work.ics"
    _import(database, path, _calendar(
        _event("a@example.com", "20261210T100000", "20261210T110000"),
        _event("b@example.com", "20261211T100000", "20261211T110000"),
        _event("c@example.com", "20261212T100000", "20261212T110000")))

    report = _import(database, path, _calendar(
        _event("a@example.com", "20261210T100000", "20261210T110000"),
        _event("b@example.com", "20261211T140000", "20261211T150000")))  # moved; c deleted

    assert report.removed == 2
    assert ("removed 2 busy blocks it gave before and no longer gives (deleted or moved in it, "
            "or outside these dates)") in replaced_lines(report)
