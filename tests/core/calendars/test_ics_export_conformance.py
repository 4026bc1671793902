"""Exported files as strict readers and real clients read them: time zones Outlook can hold, read
by the letter of RFC 5545, and files that stay where a link puts them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Component, Timezone

from cadence.calendars.ics_export import export_ics
from cadence.calendars.vtimezone import vtimezone
from cadence.models import Touchpoint
from cadence.storage.database import Database
from cadence.vocabulary import TouchpointStatus
from tests.core.calendars.builders import NOW, Plan, add_stakeholder, add_touchpoint


def _export(database: Database, path: Path, **options: object) -> Calendar:
    with database.transaction() as session:
        export_ics(session, path, now=NOW, **options)  # type: ignore[arg-type]
    return Calendar.from_ical(path.read_bytes())


def _observances(vtz: Timezone) -> list[Component]:
    return [c for c in vtz.subcomponents if c.name in ("STANDARD", "DAYLIGHT")]


def _onsets(vtz: Timezone, until: datetime) -> list[tuple[datetime, timedelta]]:
    """Every onset up to ``until`` (naive UTC) with the offset it brings, read as RFC 5545 3.6.5
    says: ``DTSTART``, ``RRULE`` and ``RDATE`` give local times on the clocks before the
    change (``TZOFFSETFROM``)."""
    onsets = []
    for observance in _observances(vtz):
        start = observance["DTSTART"].dt
        before, after = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
        local = [start]
        if "RRULE" in observance:
            rule = rrulestr(observance["RRULE"].to_ical().decode(), dtstart=start)
            local += rule.between(start, until + timedelta(days=1))
        rdates = observance.get("RDATE", [])
        for prop in rdates if isinstance(rdates, list) else [rdates]:
            local += [value.dt for value in prop.dts]
        onsets += [(time - before, after) for time in set(local)]
    return sorted(onsets)


def _strict_offset(onsets: list[tuple[datetime, timedelta]], instant: datetime) -> timedelta:
    utc = instant.astimezone(UTC).replace(tzinfo=None)
    passed = [offset for onset, offset in onsets if onset <= utc]
    assert passed, f"{instant} comes before the VTIMEZONE's first onset"
    return passed[-1]


def _instants(first: datetime, last: datetime, step: timedelta) -> Iterator[datetime]:
    while first <= last:
        yield first
        first += step


# Both hemispheres, changes at midnight and at half hours, Dublin's summer as standard time,
# Morocco's Ramadan changes that no yearly rule gives, and zones without summer time.
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/Dublin",
         "America/Santiago", "Australia/Lord_Howe", "Africa/Casablanca", "Asia/Kolkata",
         "Asia/Tokyo", "America/Sao_Paulo"]


@pytest.mark.parametrize("name", ZONES)
def test_a_vtimezone_read_to_the_letter_gives_the_zones_offsets(name: str) -> None:
    vtz = vtimezone(name, 2026, 2028)
    tz = ZoneInfo(name)
    # Every local time from 1 January 2026 (14 hours ahead of UTC at most) to 31 December 2028
    # (12 hours behind at most); around each change, to the second.
    low, high = datetime(2025, 12, 31, 10, tzinfo=UTC), datetime(2029, 1, 1, 12, tzinfo=UTC)
    onsets = _onsets(vtz, high.replace(tzinfo=None))
    samples = list(_instants(low, high, timedelta(minutes=30)))
    for onset, _ in onsets:
        change = onset.replace(tzinfo=UTC)
        if low <= change <= high:
            samples += [change - timedelta(seconds=1), change]
    for instant in samples:
        assert _strict_offset(onsets, instant) == instant.astimezone(tz).utcoffset(), instant


def test_vtimezones_have_the_shape_outlook_reads(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # Outlook turns a VTIMEZONE into a Windows zone: one STANDARD and one DAYLIGHT, each with a
    # yearly rule. Dated RDATE lists, or a second STANDARD, put summer entries an hour off.
    with database.transaction() as session:
        for name in ("Europe/Dublin", "Australia/Sydney", "Asia/Tokyo"):
            add_touchpoint(session, add_stakeholder(session, name, name), "coffee",
                           datetime(2026, 6, 1, 9, tzinfo=UTC))
    calendar = _export(database, tmp_path / "plan.ics")
    shapes = {}
    for vtz in calendar.timezones:
        kinds = [c.name for c in _observances(vtz)]
        assert not any("RDATE" in c for c in _observances(vtz)), vtz.tz_name
        rules = [str(c["RRULE"].to_ical().decode()) for c in _observances(vtz) if "RRULE" in c]
        shapes[vtz.tz_name] = (sorted(kinds), sorted(rules))
    yearly = "FREQ=YEARLY;BYDAY={};BYMONTH={}"
    assert shapes == {
        "America/New_York": (["DAYLIGHT", "STANDARD"],
                             sorted([yearly.format("2SU", 3), yearly.format("1SU", 11)])),
        "Europe/Lisbon": (["DAYLIGHT", "STANDARD"],
                          [yearly.format("-1SU", 10), yearly.format("-1SU", 3)]),
        "Europe/Dublin": (["DAYLIGHT", "STANDARD"],
                          [yearly.format("-1SU", 10), yearly.format("-1SU", 3)]),
        "Australia/Sydney": (["DAYLIGHT", "STANDARD"],
                             [yearly.format("1SU", 10), yearly.format("1SU", 4)]),
        "Asia/Tokyo": (["STANDARD"], []),
    }
    # Dublin's summer is its DAYLIGHT, as Windows has it, though tzdata calls winter the saving.
    [dublin] = [tz for tz in calendar.timezones if tz.tz_name == "Europe/Dublin"]
    [summer] = [c for c in _observances(dublin) if c.name == "DAYLIGHT"]
    assert (str(summer["TZNAME"]), summer["TZOFFSETTO"].td) == ("IST", timedelta(hours=1))


def test_an_entry_on_new_years_eve_west_of_utc_is_inside_its_vtimezone(
    database: Database, tmp_path: Path
) -> None:
    # 03:00 UTC on 1 January 2027 is 19:00 on 31 December 2026 in Los Angeles.
    start = datetime(2027, 1, 1, 3, tzinfo=UTC)
    with database.transaction() as session:
        add_touchpoint(session, add_stakeholder(session, "Lee", "America/Los_Angeles"),
                       "coffee", start)
    calendar = _export(database, tmp_path / "plan.ics")
    [vtz] = calendar.timezones
    [event] = calendar.events
    assert event["DTSTART"].to_ical() == b"20261231T190000"
    onsets = _onsets(vtz, datetime(2028, 1, 1))
    assert _strict_offset(onsets, start) == timedelta(hours=-8)


def test_a_linked_file_is_written_where_the_link_points(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # A calendar app subscribes to the file in a synced folder; the user exports to a link.
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "cadence.ics").write_bytes(b"")
    link = tmp_path / "cadence.ics"
    link.symlink_to(synced / "cadence.ics")
    _export(database, link)
    assert link.is_symlink()
    assert b"BEGIN:VEVENT" in (synced / "cadence.ics").read_bytes()
    # The file narrowed to March still cancels the April hackathon it held.
    with database.transaction() as session:
        hackathon_uid = session.get_one(Touchpoint, plan.hackathon).uid
    march = _export(database, link, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert {str(e.uid): str(e["STATUS"]) for e in march.events}[hackathon_uid] == "CANCELLED"
    assert link.is_symlink()


def test_text_survives_escaping_folding_and_other_scripts(
    database: Database, tmp_path: Path
) -> None:
    name = 'Zoë Ørsted-Łukasiewicz; "CEO", Ñandú 日本語'
    agenda = "Line one\nLine two, with a comma; a semicolon \\ and a backslash " + "long " * 30
    with database.transaction() as session:
        person = add_stakeholder(session, name, "Asia/Tokyo")
        add_touchpoint(session, person, "coffee", datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
                       agenda=agenda, status=TouchpointStatus.ACCEPTED)
    path = tmp_path / "plan.ics"
    [event] = _export(database, path).events
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    # RFC 5545 3.1: CRLF only, at most 75 octets a line, never a character cut in two.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")
    # RFC 5545 3.3.11: commas, semicolons and backslashes escaped in TEXT; quotes are not.
    assert 'Ørsted-Łukasiewicz\\; "CEO"\\, Ñandú'.encode() in raw.replace(b"\r\n ", b"")
    assert event.summary == f"Coffee check-in with {name} (Acme)"
    assert f"Agenda:\n{agenda.strip()}" in str(event["DESCRIPTION"])
