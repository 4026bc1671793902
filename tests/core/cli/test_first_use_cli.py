"""What a new user trips over at the command line: each refusal is one line naming the option
they typed, exits with status 2, and leaves the database exactly as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from cadence.storage import database as database_module
from tests.core.cli.conftest import Cli, Result, database_dump

#: A Tuesday far enough ahead to stay in the future, and inside both sides' hours at noon.
LATER = "2099-06-09"


@pytest.fixture
def workspace(cli: Cli) -> Cli:
    """Ingrid Bauer (id 1) in Berlin with an interaction (1), a promise (1), an event (1) and a
    touch planned by hand (1)."""
    for args in (
        ["stakeholder", "add", "--name", "Ingrid Bauer", "--account", "Northwind",
         "--timezone", "Europe/Berlin"],
        ["log", "--stakeholder", "1", "--kind", "coffee", "--date", "2026-11-02"],
        ["commitment", "add", "--stakeholder", "1", "--what", "Runbook", "--due", LATER],
        ["event", "add", "--name", "Hack", "--date", LATER, "--seats", "5"],
        ["touchpoint", "add", "--stakeholder", "1", "--kind", "email-checkin", "--at",
         f"{LATER}T12:00"],
    ):
        assert cli(*args).status == 0, (args, cli(*args).err)
    return cli


def _refused(result: Result, message: str) -> None:
    """``result`` is a one-line refusal with status 2 that contains ``message``."""
    assert result.status == 2, result.out
    assert message in result.err
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(("args", "message"), [
    # Each of these was taken as if the option had not been given: `--on ''` marked the
    # promise delivered today, `--until ''` fired the reminders due now, `--timezone ''` put
    # the event in your zone, `--channel ''` logged the kind's channel, `--status ''` and
    # `--stakeholder ''` listed everything.
    (["commitment", "done", "1", "--on", ""], "on: '' is not a date (YYYY-MM-DD)"),
    (["reminders", "run", "--until", ""], "until: '' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
    (["reminders", "list", "--now", ""], "now: '' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
    (["event", "add", "--name", "Workshop", "--date", LATER, "--seats", "3", "--timezone", ""],
     "timezone: unknown time zone ''"),
    (["log", "--stakeholder", "1", "--kind", "coffee", "--date", "2026-11-03", "--channel", ""],
     "channel: '' is not one of: email, phone, video, in-person, im"),
    (["interaction", "edit", "1", "--channel", ""],
     "channel: '' is not one of: email, phone, video, in-person, im"),
    (["touchpoint", "list", "--status", ""],
     "status: give one or more of: suggested, accepted, dismissed, snoozed, done"),
    (["commitment", "list", "--status", ""],
     "status: '' is not one of: open, late, delivered, dropped"),
    (["touchpoint", "list", "--stakeholder", ""], "no stakeholder ''"),
    (["commitment", "list", "--stakeholder", ""], "no stakeholder ''"),
    (["busy", "list", "--to", ""], "to: '' is not a date (YYYY-MM-DD)"),
    (["import", "calendar", "cal.ics", "--from", ""], "from: '' is not a date (YYYY-MM-DD)"),
    (["export", "ics", "out.ics", "--from", ""], "from: '' is not a date (YYYY-MM-DD)"),
])
def test_an_empty_value_is_refused_not_taken_for_a_missing_option(
    workspace: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # where a wrongly accepted export would write
    before = database_dump(db_path)
    _refused(workspace(*args), message)
    assert database_dump(db_path) == before


@pytest.mark.parametrize("args", [
    ["export", "ics", ""],
    ["export", "json", ""],
    ["export", "contacts", ""],
    ["import", "calendar", ""],
    ["import", "json", ""],
    ["import", "contacts", ""],
])
def test_an_empty_file_name_is_refused_naming_the_argument(
    workspace: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    # `Path("")` is the current folder: the error used to name a folder never given
    # (".: cannot write (Device or resource busy)").
    before = database_dump(db_path)
    result = workspace(*args)
    _refused(result, "give a file name, not an empty one (see --help)")
    assert f"cadence {args[0]} {args[1]}: error: argument " in result.err
    assert database_dump(db_path) == before


@pytest.mark.parametrize(("args", "message"), [
    # The core's own field names used to show through: `weekly_capacity_hours: ...` for
    # `--capacity`, `when: ...` for `--date`.
    (["settings", "set", "--capacity", "-3"], "error: capacity: -3 hours is not 0-80"),
    (["settings", "set", "--alarm", "99999"], "error: alarm: 99999 is not between 0 and 10080"),
    (["settings", "set", "--reminder-lead", "99999"],
     "error: reminder-lead: 99999 is not between 0 and 10080"),
    (["settings", "set", "--invite-lead", "999"],
     "error: invite-lead: 999 is not between 0 and 365"),
    (["log", "--stakeholder", "1", "--kind", "coffee", "--date", LATER],
     f"error: date: {LATER} has not come yet in their zone (Europe/Berlin)"),
    (["interaction", "edit", "1", "--date", LATER],
     f"error: date: {LATER} has not come yet in their zone (Europe/Berlin)"),
])
def test_a_refusal_names_the_option_that_was_typed(
    workspace: Cli, db_path: Path, args: list[str], message: str
) -> None:
    before = database_dump(db_path)
    _refused(workspace(*args), message)
    assert database_dump(db_path) == before


@pytest.mark.parametrize("command", [
    ["settings", "set"],
    ["stakeholder", "edit", "1"],
    ["account", "edit", "Northwind"],
    ["interaction", "edit", "1"],
    ["event", "edit", "1"],
    ["kinds", "edit", "coffee"],
])
def test_an_edit_given_nothing_to_change_says_so(
    workspace: Cli, db_path: Path, command: list[str]
) -> None:
    # These used to print "settings saved", "updated stakeholder 1: ..." and exit 0.
    before = database_dump(db_path)
    result = workspace(*command)
    _refused(result, "error: nothing to change: give at least one option "
                     f"(see cadence {command[0]} {command[1]} --help)")
    assert result.out == ""
    assert database_dump(db_path) == before


@contextmanager
def _locked(db_path: Path) -> Iterator[None]:
    """Hold the database's write lock, as the app does while it saves."""
    with closing(sqlite3.connect(db_path, isolation_level=None)) as connection:
        connection.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")


def test_a_database_locked_by_the_app_is_one_line_and_changes_nothing(
    workspace: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The busy timeout is 15 s; a tenth of a second gives the same failure sooner.
    monkeypatch.setattr(database_module, "_connect_args", lambda _url: {"timeout": 0.1})
    before = database_dump(db_path)
    with _locked(db_path):
        result = workspace("settings", "set", "--name", "Mia Manager")
    _refused(result, f"error: cannot use the database sqlite:///{db_path}: database is locked "
                     "(another program, such as the Cadence app, is writing to it; try again)")
    assert database_dump(db_path) == before


def test_busy_times_say_which_zone_they_are_in(cli: Cli, tmp_path: Path) -> None:
    # Calendars come in any zone; the table's times are in yours, and it used to not say so.
    calendar = tmp_path / "work.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:sync@example.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20991201T090000Z\r\n"
        "DTEND:20991201T100000Z\r\nSUMMARY:Sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8")
    assert cli("settings", "set", "--timezone", "Europe/Berlin").status == 0
    assert cli("import", "calendar", str(calendar), "--from", "2099-12-01", "--to",
               "2099-12-01").status == 0
    header, _, row = cli("busy", "list").out.splitlines()
    assert header.split("  ")[:2] == ["start (Europe/Berlin)", "end (Europe/Berlin)"]
    assert row.split()[:4] == ["2099-12-01", "10:00", "2099-12-01", "11:00"]  # 09:00 UTC
