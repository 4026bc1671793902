"""Busy times at the right instant: Outlook zone names, zones the file defines, DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cadence.calendars.busy import list_busy
from cadence.calendars.ics_import import ImportReport, import_calendar
from cadence.planner.loading import load_snapshot
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.storage.database import Database
from tests.core.calendars.builders import CORPUS, NOW

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"ICS corpus not found at {CORPUS} (../shared is absent)"
)


def _import(database: Database, path: Path, start: date, end: date) -> ImportReport:
    with database.transaction() as session:
        return import_calendar(session, path, start=start, end=end,
                               manager_zone="Europe/Berlin", now=NOW)


def _blocks(database: Database) -> dict[str, tuple[datetime, datetime, str]]:
    with database.transaction() as session:
        return {b.summary.strip(): (b.starts_at, b.ends_at, b.timezone)
                for b in list_busy(session)}


def _file(tmp_path: Path, *events: tuple[str, str, str]) -> Path:
    """A calendar of ``(summary, DTSTART line, DTEND line)`` events."""
    body = "".join(
        f"BEGIN:VEVENT\nUID:{n}@cadence.test\nDTSTAMP:20260101T000000Z\n{start}\n{end}\n"
        f"SUMMARY:{summary}\nEND:VEVENT\n"
        for n, (summary, start, end) in enumerate(events)
    )
    path = tmp_path / "times.ics"
    path.write_text(f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Cadence tests//times//EN\n{body}"
                    "END:VCALENDAR\n", encoding="utf-8")
    return path


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@needs_corpus
def test_outlook_display_names_follow_summer_time(database: Database) -> None:
    report = _import(database, CORPUS / "jens-maus_node-ical/Office-2012-owa.ics",
                     date(2020, 10, 1), date(2021, 7, 2))
    with database.transaction() as session:
        july = list_busy(session, _utc(2021, 7, 1), _utc(2021, 7, 2))
        october = list_busy(session, _utc(2020, 10, 28), _utc(2020, 10, 28, 12))
    # 13:30 in New York in July is EDT (-4), not the -5 the name states.
    assert [(b.starts_at, b.ends_at, b.timezone) for b in july] == [
        (_utc(2021, 7, 1, 17, 30), _utc(2021, 7, 1, 19), "America/New_York")]
    # 13:30 in Sydney on 28 October 2020 is AEDT (+11), not +10.
    assert [(b.summary.strip(), b.starts_at, b.ends_at) for b in october] == [
        ("TEST Syd", _utc(2020, 10, 28, 2, 30), _utc(2020, 10, 28, 4))]
    said = dict(report.notes)
    assert said["TZID '(UTC-05:00) Eastern Time (US & Canada)'"] == (
        "Outlook zone name; read as America/New_York")


@pytest.mark.parametrize(
    ("tzid", "start", "zone", "note"),
    [
        # A city it lists, in summer time.
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", _utc(2026, 7, 1, 8),
         "Europe/Amsterdam", "read as Europe/Amsterdam"),
        # The Windows zone it describes ("Pacific Time" is "Pacific Standard Time").
        ("(UTC-08:00) Pacific Time (US & Canada)", _utc(2026, 7, 1, 17), "America/Los_Angeles",
         "read as America/Los_Angeles"),
        # Older Windows names UTC itself without an offset.
        ("(UTC) Dublin, Edinburgh, Lisbon, London", _utc(2026, 7, 1, 9), "Europe/Dublin",
         "read as Europe/Dublin"),
        # A city whose zone does not have the stated offset is not trusted.
        ("(UTC+03:00) Berlin", _utc(2026, 7, 1, 7), "UTC", "fixed UTC offset"),
    ],
)
def test_outlook_display_names_without_vtimezone(
    database: Database, tmp_path: Path, tzid: str, start: datetime, zone: str, note: str
) -> None:
    path = _file(tmp_path, ("Call", f'DTSTART;TZID="{tzid}":20260701T100000',
                            f'DTEND;TZID="{tzid}":20260701T110000'))
    report = _import(database, path, date(2026, 7, 1), date(2026, 7, 1))
    assert _blocks(database)["Call"] == (start, start.replace(hour=start.hour + 1), zone)
    assert note in dict(report.notes)[f"TZID {tzid!r}"]


@needs_corpus
def test_a_vtimezone_whose_tzid_ends_in_a_space_is_used(database: Database) -> None:
    # Thunderbird's "Mitteleuropäische Zeit " is +02:00 in July: 17:00 is 15:00 UTC.
    report = _import(database, CORPUS / "Kozea_Radicale/event_issue2172.ics",
                     date(2026, 6, 1), date(2026, 7, 31))
    with database.transaction() as session:
        [block] = list_busy(session)
    assert (block.starts_at, block.ends_at) == (_utc(2026, 7, 1, 15), _utc(2026, 7, 1, 16, 30))
    assert not [note for where, note in report.notes if where.startswith("TZID")]


def test_the_files_own_zone_is_matched_despite_spacing(database: Database, tmp_path: Path) -> None:
    # A made-up zone only the file defines (+05:30, no summer time), named with extra spaces.
    path = tmp_path / "own_zone.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Cadence tests//own zone//EN\n"
        "BEGIN:VTIMEZONE\nTZID:  Office  time \nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        "TZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nEND:STANDARD\nEND:VTIMEZONE\n"
        "BEGIN:VEVENT\nUID:own@cadence.test\nDTSTAMP:20260101T000000Z\n"
        "DTSTART;TZID=Office time:20260310T100000\nDTEND;TZID=Office time:20260310T110000\n"
        "SUMMARY:Review\nEND:VEVENT\nEND:VCALENDAR\n", encoding="utf-8")
    report = _import(database, path, date(2026, 3, 1), date(2026, 3, 31))
    start, end, _ = _blocks(database)["Review"]
    assert (start, end) == (_utc(2026, 3, 10, 4, 30), _utc(2026, 3, 10, 5, 30))
    assert report.notes == []


def test_floating_and_zoned_times_at_dst_changes(database: Database, tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        # 02:30 does not exist on 28 March 2027 in Berlin: it is read as 03:30 CEST (RFC 5545
        # 3.3.5), and the hour the file gives is kept.
        ("Gap", "DTSTART:20270328T023000", "DTEND:20270328T033000"),
        ("Zoned gap", "DTSTART;TZID=Europe/Berlin:20270328T023000",
         "DTEND;TZID=Europe/Berlin:20270328T033000"),
        # 02:30 happens twice on 31 October: the first (CEST, 00:30 UTC), as RFC 5545 reads it;
        # 03:00 happens once (CET, 02:00 UTC).
        ("Twice", "DTSTART:20271031T023000", "DTEND:20271031T030000"),
        ("Late night", "DTSTART;TZID=Europe/Berlin:20271031T023000",
         "DTEND;TZID=Europe/Berlin:20271031T040000"),
        # Times the change does not touch are read as they are: 01:00 CET to 04:00 CEST is 2 h.
        ("Across", "DTSTART:20270328T010000", "DTEND:20270328T040000"),
    )
    report = _import(database, path, date(2027, 1, 1), date(2027, 12, 31))
    blocks = {summary: (start, end) for summary, (start, end, _) in _blocks(database).items()}
    assert blocks == {
        "Gap": (_utc(2027, 3, 28, 1, 30), _utc(2027, 3, 28, 2, 30)),
        "Zoned gap": (_utc(2027, 3, 28, 1, 30), _utc(2027, 3, 28, 2, 30)),
        "Twice": (_utc(2027, 10, 31, 0, 30), _utc(2027, 10, 31, 2)),
        "Late night": (_utc(2027, 10, 31, 0, 30), _utc(2027, 10, 31, 3)),
        "Across": (_utc(2027, 3, 28), _utc(2027, 3, 28, 2)),
    }
    assert report.free == 0


def test_the_window_is_days_in_the_managers_zone_not_the_events(
    database: Database, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        # 07:00 in Tokyo on 1 December is 23:00 on 30 November in Berlin: outside.
        ("Tokyo early", "DTSTART;TZID=Asia/Tokyo:20261201T070000", "DURATION:PT30M"),
        # 06:00 in Tokyo on 2 December is 22:00 on 1 December in Berlin: inside.
        ("Tokyo late", "DTSTART;TZID=Asia/Tokyo:20261202T060000", "DURATION:PT30M"),
        # Floating and all-day times are the manager's: 23:30 on 1 December is inside.
        ("Floating", "DTSTART:20261201T233000", "DTEND:20261202T000000"),
        ("All day", "DTSTART;VALUE=DATE:20261202", "DTEND;VALUE=DATE:20261203"),
    )
    _import(database, path, date(2026, 12, 1), date(2026, 12, 1))
    assert sorted(_blocks(database)) == ["Floating", "Tokyo late"]


def test_a_series_far_away_is_cut_at_the_managers_midnight(
    database: Database, tmp_path: Path
) -> None:
    # Daily at 07:00 in Sydney (AEDT, +11) is 21:00 the day before in Berlin (CET, +1).
    path = _file(tmp_path, ("Standup", "DTSTART;TZID=Australia/Sydney:20261120T070000",
                            "DTEND;TZID=Australia/Sydney:20261120T071500\nRRULE:FREQ=DAILY"))
    _import(database, path, date(2026, 12, 1), date(2026, 12, 3))
    with database.transaction() as session:
        starts = [b.starts_at for b in list_busy(session)]
    assert starts == [_utc(2026, 12, day, 20) for day in (1, 2, 3)]


def test_an_all_day_block_keeps_its_day_when_the_manager_changes_zone(
    database: Database, tmp_path: Path
) -> None:
    path = _file(tmp_path, ("Day off", "DTSTART;VALUE=DATE:20261210",
                            "DTEND;VALUE=DATE:20261211"),
                 ("Board", "DTSTART:20261211T090000Z", "DTEND:20261211T100000Z"))
    with database.transaction() as session:
        apply_settings(load_settings(session), SettingsChanges(timezone="Europe/Berlin"))
    _import(database, path, date(2026, 12, 1), date(2026, 12, 31))
    with database.transaction() as session:  # the manager flies to New York
        apply_settings(load_settings(session), SettingsChanges(timezone="America/New_York"))

    # The day off is 10 December there, midnight to midnight; the meeting stays an instant.
    new_york_day = (_utc(2026, 12, 10, 5), _utc(2026, 12, 11, 5), "America/New_York")
    assert _blocks(database) == {
        "Day off": new_york_day,
        "Board": (_utc(2026, 12, 11, 9), _utc(2026, 12, 11, 10), "UTC"),
    }
    with database.transaction() as session:
        assert [b.summary for b in list_busy(session, _utc(2026, 12, 11), _utc(2026, 12, 11, 5))
                ] == ["Day off"]  # still 10 December in New York
        snapshot = load_snapshot(session, NOW)
    assert (new_york_day[0], new_york_day[1]) in snapshot.busy
