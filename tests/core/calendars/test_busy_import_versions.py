"""Only a version of an event at least as new replaces another file's blocks of it (RFC 5545
SEQUENCE, then LAST-MODIFIED or DTSTAMP), so an old backup imported last moves nothing back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from cadence.calendars.ics_import import ImportReport, import_calendar, replaced_lines
from cadence.cli import main
from cadence.models import BusyBlock
from cadence.storage.database import Database
from tests.core.calendars.builders import NOW

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))
SYNC = "sync@example.com"


def _calendar(*events: str) -> str:
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Cadence tests//versions//EN\n"
            + "".join(events) + "END:VCALENDAR\n")


def _event(uid: str, start: str, end: str, *, sequence: int | None = None,
           stamp: str | None = "20261120T000000Z", extra: str = "",
           summary: str = "Sync") -> str:
    """A VEVENT; ``stamp`` is its DTSTAMP (``None`` for none)."""
    return (f"BEGIN:VEVENT\nUID:{uid}\n"
            + (f"DTSTAMP:{stamp}\n" if stamp else "")
            + (f"SEQUENCE:{sequence}\n" if sequence is not None else "")
            + f"DTSTART;TZID=Europe/Berlin:{start}\nDTEND;TZID=Europe/Berlin:{end}\n{extra}"
            f"SUMMARY:{summary}\nEND:VEVENT\n")


# The meeting moved from Tuesday 10:00 (version 1, in the old backup) to Thursday 14:00.
TUESDAY = _event(SYNC, "20261208T100000", "20261208T110000", sequence=1)
THURSDAY = _event(SYNC, "20261210T140000", "20261210T150000", sequence=3)


def _import(database: Database, path: Path, text: str) -> ImportReport:
    path.write_text(text, encoding="utf-8")
    with database.transaction() as session:
        return import_calendar(session, path, start=DECEMBER[0], end=DECEMBER[1],
                               manager_zone="Europe/Berlin", now=NOW)


def _busy(database: Database) -> list[tuple[str, datetime, str, int]]:
    with database.transaction() as session:
        blocks = session.scalars(select(BusyBlock).order_by(BusyBlock.starts_at))
        return [(b.summary, b.starts_at, Path(b.source).name, b.sequence) for b in blocks]


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_newer_file_imported_after_an_older_one_replaces_its_blocks(
    database: Database, tmp_path: Path
) -> None:
    backup, work = tmp_path / "backup.ics", tmp_path / "work.ics"
    _import(database, backup, _calendar(TUESDAY))
    report = _import(database, work, _calendar(THURSDAY))
    assert _busy(database) == [("Sync", _utc(2026, 12, 10, 13), "work.ics", 3)]
    assert report.replaced == {str(backup.resolve()): 1}
    assert report.older == []
    with database.transaction() as session:
        block = session.scalars(select(BusyBlock)).one()
        assert block.revised_at == _utc(2026, 11, 20)


def test_an_older_file_imported_after_a_newer_one_is_left_out_and_said(
    database: Database, tmp_path: Path
) -> None:
    backup, work = tmp_path / "backup.ics", tmp_path / "work.ics"
    _import(database, work, _calendar(THURSDAY))
    other = _event("lunch@example.com", "20261211T120000", "20261211T130000", summary="Lunch")
    report = _import(database, backup, _calendar(other, TUESDAY))
    # The meeting stays on Thursday; the backup's other events are imported.
    assert _busy(database) == [("Sync", _utc(2026, 12, 10, 13), "work.ics", 3),
                               ("Lunch", _utc(2026, 12, 11, 11), "backup.ics", 0)]
    assert report.older == [(
        f"VEVENT {SYNC} (line 11)",
        f"an older version (SEQUENCE 1) than the one from {work.resolve()} (SEQUENCE 3); "
        "kept that one")]
    assert (report.replaced, report.blocks) == ({}, 1)
    assert replaced_lines(report) == ["left out 1 event older than another calendar's version"]


@pytest.mark.parametrize(("first", "second", "kept"), [
    # Equal SEQUENCE: the later DTSTAMP wins, whichever file is imported last.
    ({"stamp": "20261125T000000Z"}, {"stamp": "20261110T000000Z"}, "a.ics"),
    ({"stamp": "20261110T000000Z"}, {"stamp": "20261125T000000Z"}, "b.ics"),
    # LAST-MODIFIED, where given, is the revision time, not the DTSTAMP.
    ({"stamp": "20261125T000000Z"},
     {"stamp": "20261101T000000Z", "extra": "LAST-MODIFIED:20261126T000000Z\n"}, "b.ics"),
    ({"stamp": "20261101T000000Z", "extra": "LAST-MODIFIED:20261126T000000Z\n"},
     {"stamp": "20261125T000000Z"}, "a.ics"),
])
def test_at_equal_sequence_the_later_revision_wins(
    database: Database, tmp_path: Path, first: dict[str, str], second: dict[str, str], kept: str
) -> None:
    _import(database, tmp_path / "a.ics", _calendar(
        _event(SYNC, "20261208T100000", "20261208T110000", sequence=2, **first)))
    report = _import(database, tmp_path / "b.ics", _calendar(
        _event(SYNC, "20261210T140000", "20261210T150000", sequence=2, **second)))
    assert [name for _, _, name, _ in _busy(database)] == [kept]
    assert len(report.older) == (kept == "a.ics")


def test_the_older_revision_is_said_with_its_time(database: Database, tmp_path: Path) -> None:
    newer = tmp_path / "a.ics"
    _import(database, newer, _calendar(_event(
        SYNC, "20261208T100000", "20261208T110000", sequence=2, stamp="20261125T083000Z")))
    report = _import(database, tmp_path / "b.ics", _calendar(_event(
        SYNC, "20261210T140000", "20261210T150000", sequence=2, stamp="20261110T000000Z")))
    assert report.older == [(
        f"VEVENT {SYNC} (line 4)",
        "an older version (SEQUENCE 2, revised 2026-11-10 00:00:00 UTC) than the one from "
        f"{newer.resolve()} (SEQUENCE 2, revised 2026-11-25 08:30:00 UTC); kept that one")]


def test_equal_versions_without_revision_times_go_to_the_file_imported_last(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path / "a.ics", _calendar(
        _event(SYNC, "20261208T100000", "20261208T110000", stamp=None)))
    report = _import(database, tmp_path / "b.ics", _calendar(
        _event(SYNC, "20261210T140000", "20261210T150000", stamp="20261101T000000Z")))
    assert _busy(database) == [("Sync", _utc(2026, 12, 10, 13), "b.ics", 0)]
    assert report.older == []


def test_reimporting_the_same_file_replaces_its_blocks_whatever_the_version(
    database: Database, tmp_path: Path
) -> None:
    work = tmp_path / "work.ics"
    _import(database, work, _calendar(THURSDAY))
    report = _import(database, work, _calendar(TUESDAY))
    assert _busy(database) == [("Sync", _utc(2026, 12, 8, 9), "work.ics", 1)]
    assert (report.older, report.replaced) == ([], {})


def _weekly(sequence: int | None = None) -> str:
    """A meeting on three Tuesdays at 09:00."""
    return _event("weekly@example.com", "20261201T090000", "20261201T093000", sequence=sequence,
                  extra="RRULE:FREQ=WEEKLY;COUNT=3\n", summary="Weekly")


def _moved(recurrence: str, start: str, end: str, sequence: int) -> str:
    """An invitation update moving one occurrence of the weekly meeting (RFC 5545 3.8.4.4)."""
    return _event("weekly@example.com", start, end, sequence=sequence,
                  extra=f"RECURRENCE-ID;TZID=Europe/Berlin:{recurrence}\n",
                  summary=f"Weekly (moved, {sequence})")


def test_each_block_keeps_the_version_of_the_component_it_came_from(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path / "team.ics", _calendar(
        _weekly(), _moved("20261208T090000", "20261209T150000", "20261209T153000", 2)))
    assert _busy(database) == [
        ("Weekly", _utc(2026, 12, 1, 8), "team.ics", 0),
        ("Weekly (moved, 2)", _utc(2026, 12, 9, 14), "team.ics", 2),
        ("Weekly", _utc(2026, 12, 15, 8), "team.ics", 0),
    ]


def test_an_older_overridden_occurrence_is_left_out_and_a_newer_one_replaces(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path / "team.ics", _calendar(_weekly(sequence=2)))
    report = _import(database, tmp_path / "update.ics", _calendar(
        _moved("20261208T090000", "20261209T150000", "20261209T153000", 1),
        _moved("20261215T090000", "20261216T150000", "20261216T153000", 3)))
    assert _busy(database) == [
        ("Weekly", _utc(2026, 12, 1, 8), "team.ics", 2),
        ("Weekly", _utc(2026, 12, 8, 8), "team.ics", 2),
        ("Weekly (moved, 3)", _utc(2026, 12, 16, 14), "update.ics", 3),
    ]
    assert report.older == [(
        "VEVENT weekly@example.com (line 4)",
        f"an older version (SEQUENCE 1) than the one from {(tmp_path / 'team.ics').resolve()} "
        "(SEQUENCE 2); kept that one")]
    assert report.replaced == {str((tmp_path / "team.ics").resolve()): 1}


def test_a_stale_calendar_imported_again_keeps_a_newer_moved_occurrence(
    database: Database, tmp_path: Path
) -> None:
    team = tmp_path / "team.ics"
    _import(database, team, _calendar(_weekly()))
    _import(database, tmp_path / "update.ics", _calendar(
        _moved("20261208T090000", "20261209T150000", "20261209T153000", 1)))
    moved = _busy(database)
    # The calendar, unchanged since, does not know of the move: its series stays as it was.
    report = _import(database, team, _calendar(_weekly()))
    assert _busy(database) == moved == [
        ("Weekly", _utc(2026, 12, 1, 8), "team.ics", 0),
        ("Weekly (moved, 1)", _utc(2026, 12, 9, 14), "update.ics", 1),
        ("Weekly", _utc(2026, 12, 15, 8), "team.ics", 0),
    ]
    assert [where for where, _ in report.older] == ["VEVENT weekly@example.com (line 4)"]


def test_the_command_line_says_what_it_left_out(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup, work = tmp_path / "backup.ics", tmp_path / "work.ics"
    backup.write_text(_calendar(TUESDAY), encoding="utf-8")
    work.write_text(_calendar(THURSDAY), encoding="utf-8")
    window = ["--from", "2026-12-01", "--to", "2026-12-31"]
    assert main(["--db", database.url, "import", "calendar", str(work), *window]) == 0
    capsys.readouterr()
    assert main(["--db", database.url, "import", "calendar", str(backup), *window]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "left out 1 event older than another calendar's version",
        f"left out VEVENT {SYNC} (line 4): an older version (SEQUENCE 1) than the one from "
        f"{work.resolve()} (SEQUENCE 3); kept that one",
    ]
