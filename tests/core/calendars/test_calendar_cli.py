"""``cadence export ics``, ``cadence import calendar``, ``cadence busy list``, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from cadence.cli import main
from cadence.storage.database import Database
from tests.core.calendars.builders import FIXTURES, NOW, Plan


def _run(
    database: Database, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    status = main(["--db", database.url, *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_export_ics_writes_the_accepted_plan(
    database: Database, plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.ics"
    status, out, _ = _run(database, capsys, "export", "ics", str(target), "--no-alarm")
    assert status == 0
    assert out == f"wrote 3 touchpoints to {target}\n"
    calendar = Calendar.from_ical(target.read_bytes())
    assert len(calendar.events) == 3
    assert not any(event.subcomponents for event in calendar.events)


def test_export_ics_options(
    database: Database, plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ana.ics"
    status, out, _ = _run(database, capsys, "export", "ics", str(target), "--status", "all",
                          "--stakeholder", "Ana Alves", "--from", "2026-03-01",
                          "--to", "2026-03-31")
    assert status == 0
    assert out == f"wrote 1 touchpoint to {target}\n"
    by_address = _run(database, capsys, "export", "ics", str(target), "--status", "all",
                      "--stakeholder", "ANA@acme.example", "--from", "2026-03-01",
                      "--to", "2026-03-31")
    assert by_address[:2] == (0, f"wrote 1 touchpoint to {target}\n")
    status, _, _ = _run(database, capsys, "export", "ics", str(tmp_path / "inv.ics"),
                        "--invite", str(plan.coffee), "--organizer", "mia@vendor.example")
    assert status == 0
    invite = Calendar.from_ical((tmp_path / "inv.ics").read_bytes())
    assert invite["METHOD"] == "REQUEST"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "March"], "cadence: error: from: 'March' is not a date (YYYY-MM-DD)\n"),
        (["--stakeholder", "Nobody"], "cadence: error: no stakeholder 'Nobody'"),
        (["--invite", "1"], "cadence: error: organizer: an invitation needs"),
        (["--invite", "1", "--organizer", "Mia Manager"],
         "cadence: error: organizer: 'Mia Manager' is not an email address"),
        (["--invite", "1", "--watch"], "cadence: error: watch: an invitation is written once"),
        (["--invite", "4", "--organizer", "mia@vendor.example"],  # the plan's suggestion
         "cadence: error: invite: touchpoint 4 is only suggested: accept it first "
         "(cadence touchpoint accept 4)\n"),
    ],
)
def test_export_ics_errors_are_one_line(
    database: Database, plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str,
) -> None:
    target = tmp_path / "plan.ics"
    status, _, err = _run(database, capsys, "export", "ics", str(target), *args)
    assert status == 2
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert not target.exists()


def test_import_calendar_then_busy_list_json(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(database, capsys, "import", "calendar",
                          str(FIXTURES / "busy_week.ics"), "--from", "2026-03-01",
                          "--to", "2026-03-31")
    assert status == 0
    assert out.startswith("imported 8 busy blocks from ")
    status, out, _ = _run(database, capsys, "busy", "list", "--json", "--from", "2026-03-06",
                          "--to", "2026-03-06")
    assert status == 0
    assert json.loads(out) == [
        {
            "start": "2026-03-06T08:00:00-08:00",
            "end": "2026-03-06T09:00:00-08:00",
            "all_day": False,
            "timezone": "America/Los_Angeles",
            "source": str((FIXTURES / "busy_week.ics").resolve()),
            "summary": "Call with Seattle (Outlook zone name)",
            "uid": "outlook@cadence.test",
        }
    ]
    status, out, _ = _run(database, capsys, "busy", "list", "--from", "2026-03-12",
                          "--to", "2026-03-12")
    assert out.splitlines()[2].split() == ["2026-03-12", "16:00", "2026-03-12", "17:00",
                                           "Dentist", "busy_week.ics"]


def test_import_lists_what_it_skipped(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(database, capsys, "import", "calendar",
                          str(FIXTURES / "partly_broken.ics"), "--from", "2026-03-01")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("imported 2 busy blocks")
    assert lines[1] == "skipped line 11: not a content line: 'this line is not iCalendar'"
    assert lines[2].startswith("skipped VEVENT bad-date@cadence.test (line 16): bad DTSTART")


def test_import_of_a_bad_file_exits_2_and_imports_nothing(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(database, capsys, "import", "calendar",
                          str(FIXTURES / "all_broken.ics"))
    assert status == 2
    assert err.startswith(f"cadence: error: {FIXTURES / 'all_broken.ics'}: VEVENT bad-date")
    assert err.count("\n") == 1
    _, out, _ = _run(database, capsys, "busy", "list", "--json")
    assert json.loads(out) == []


def test_removing_a_stakeholder_says_their_touches_are_cancelled_at_the_next_export(
    database: Database, plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The plan is in March 2026: exported then, before its cancellations are left out.
    monkeypatch.setattr("cadence.cli.calendar.utcnow", lambda: NOW)
    target = tmp_path / "plan.ics"
    assert _run(database, capsys, "export", "ics", str(target))[0] == 0
    status, out, _ = _run(database, capsys, "stakeholder", "remove", "Ana Alves")
    assert status == 0
    assert "2 touches were in calendars: the next calendar export cancels them there" in out
    status, out, _ = _run(database, capsys, "export", "ics", str(target))
    assert out == f"wrote 1 touchpoint, 2 cancelled to {target}\n"
    statuses = sorted(str(e["STATUS"]) for e in Calendar.from_ical(target.read_bytes()).events)
    assert statuses == ["CANCELLED", "CANCELLED", "CONFIRMED"]


HOLIDAY = """BEGIN:VCALENDAR
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
END:VCALENDAR
"""


def test_import_says_free_events_were_skipped_and_all_busy_counts_them(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holidays = tmp_path / "holidays.ics"
    holidays.write_text(HOLIDAY, encoding="utf-8")
    window = ["--from", "2026-12-01", "--to", "2026-12-31"]
    status, out, _ = _run(database, capsys, "import", "calendar", str(holidays), *window)
    assert (status, out) == (0, f"imported 0 busy blocks from {holidays} (1 event read; "
                                "1 free occurrence skipped: --all-busy counts them)\n")
    status, out, _ = _run(database, capsys, "import", "calendar", str(holidays), *window,
                          "--all-busy")
    assert (status, out) == (0, f"imported 1 busy block from {holidays} (1 event read)\n")
    _, out, _ = _run(database, capsys, "busy", "list", "--json")
    assert [block["summary"] for block in json.loads(out)] == ["Christmas Day"]


def test_a_new_download_says_what_it_replaced_and_old_sources_can_be_removed(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "holidays.ics", tmp_path / "holidays (1).ics"
    old.write_text(HOLIDAY, encoding="utf-8")
    new.write_text(HOLIDAY.replace("20261225", "20261224"), encoding="utf-8")
    window = ["--from", "2026-12-01", "--to", "2026-12-31", "--all-busy"]
    assert _run(database, capsys, "import", "calendar", str(old), *window)[0] == 0
    _run(database, capsys, "import", "calendar", str(FIXTURES / "busy_week.ics"),
         "--from", "2026-03-01", "--to", "2026-03-31")
    status, out, _ = _run(database, capsys, "import", "calendar", str(new), *window)
    assert status == 0
    assert out.splitlines()[1] == f"replaced 1 event first imported from {old.resolve()}"

    status, out, _ = _run(database, capsys, "busy", "list", "--sources")
    # Each row: the whole path (spaces and all), the blocks, the first and last day.
    rows = {line.rsplit(None, 3)[0]: line.split()[-3] for line in out.splitlines()[2:]}
    assert status == 0
    assert rows == {str(new.resolve()): "1", str((FIXTURES / "busy_week.ics").resolve()): "8"}
    status, out, _ = _run(database, capsys, "busy", "remove", "busy_week.ics")
    assert (status, out) == (
        0, f"removed 8 busy blocks imported from {(FIXTURES / 'busy_week.ics').resolve()}\n")
    _, out, _ = _run(database, capsys, "busy", "list", "--json")
    assert [block["start"] for block in json.loads(out)] == ["2026-12-24T00:00:00+01:00"]


def test_busy_remove_of_an_unknown_source_exits_2_and_keeps_the_blocks(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(database, capsys, "import", "calendar", str(FIXTURES / "busy_week.ics"),
         "--from", "2026-03-01", "--to", "2026-03-31")
    status, _, err = _run(database, capsys, "busy", "remove", "outlook.ics")
    assert status == 2
    assert err == ("cadence: error: no imported calendar 'outlook.ics' (imported: "
                   f"{(FIXTURES / 'busy_week.ics').resolve()})\n")
    _, out, _ = _run(database, capsys, "busy", "list", "--json")
    assert len(json.loads(out)) == 8
