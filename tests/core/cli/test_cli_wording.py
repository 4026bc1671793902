"""The exact words of messages that were worded unlike their neighbours: a file that cannot be
read, a record that does not exist, a profile with no reachable day or a kind both liked and
disliked, reminder times, an option that only an invitation takes, and an empty list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.cli.conftest import Cli, Result, database_dump

#: A Tuesday far enough ahead to stay in the future, in winter (CET in Berlin).
LATER = "2099-01-13"


@pytest.fixture
def workspace(cli: Cli) -> Cli:
    """You and Ingrid Bauer (id 1) in Berlin, with a promise (1) due on :data:`LATER` and a
    touch planned by hand (1) at noon the day before."""
    for args in (
        ["settings", "set", "--timezone", "Europe/Berlin"],
        ["stakeholder", "add", "--name", "Ingrid Bauer", "--account", "Northwind",
         "--timezone", "Europe/Berlin", "--email", "ingrid@northwind.example"],
        ["commitment", "add", "--stakeholder", "1", "--what", "Runbook", "--due", LATER],
        ["touchpoint", "add", "--stakeholder", "1", "--kind", "email-checkin", "--at",
         "2099-01-12T12:00"],
    ):
        result = cli(*args)
        assert result.status == 0, (args, result.err)
    return cli


def _refused(result: Result, message: str) -> None:
    """``result`` is exactly the one-line refusal ``message``, with status 2 and no output."""
    assert result.status == 2, result.out
    assert result.err == f"cadence: error: {message}\n"
    assert result.out == ""


# -- 1. A workspace file that cannot be read is worded as the other imports word it.


@pytest.mark.parametrize("kind", ["contacts", "calendar", "json"])
def test_a_missing_file_is_named_once_by_every_import(
    workspace: Cli, db_path: Path, tmp_path: Path, kind: str
) -> None:
    before = database_dump(db_path)
    missing = tmp_path / "nowhere.file"
    _refused(workspace("import", kind, str(missing)),
             f"{missing}: cannot read (No such file or directory)")
    assert database_dump(db_path) == before


@pytest.mark.parametrize("kind", ["contacts", "calendar", "json"])
def test_a_folder_is_refused_alike_by_every_import(
    workspace: Cli, db_path: Path, tmp_path: Path, kind: str
) -> None:
    before = database_dump(db_path)
    _refused(workspace("import", kind, str(tmp_path)), f"{tmp_path}: cannot read (Is a directory)")
    assert database_dump(db_path) == before


def test_a_workspace_file_that_is_not_utf8_names_the_line(
    workspace: Cli, db_path: Path, tmp_path: Path
) -> None:
    before = database_dump(db_path)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{\n"format": "caf\xe9"}\n')
    _refused(workspace("import", "json", str(latin), "--replace"), f"{latin}:2: not UTF-8 text")
    assert database_dump(db_path) == before


# -- 2. A missing record is "no <record> with id N", as every other lookup by id says.


@pytest.mark.parametrize(("args", "message"), [
    (["stakeholder", "show", "99"], "no stakeholder with id 99"),
    (["log", "--stakeholder", "99", "--kind", "coffee", "--date", "2026-11-02"],
     "no stakeholder with id 99"),
    (["commitment", "done", "99"], "no commitment with id 99"),
    (["touchpoint", "accept", "99"], "no touchpoint with id 99"),
    # A name keeps its quotes: it is not an id.
    (["stakeholder", "show", "Nobody"], "no stakeholder 'Nobody'"),
])
def test_missing_records_are_worded_alike(
    workspace: Cli, db_path: Path, args: list[str], message: str
) -> None:
    before = database_dump(db_path)
    _refused(workspace(*args), message)
    assert database_dump(db_path) == before


def test_an_invitation_for_a_missing_touchpoint_writes_nothing(
    workspace: Cli, db_path: Path, tmp_path: Path
) -> None:
    before = database_dump(db_path)
    target = tmp_path / "invite.ics"
    _refused(workspace("export", "ics", str(target), "--invite", "99",
                       "--organizer", "me@vendor.example"),
             "no touchpoint with id 99")
    assert not target.exists()
    assert database_dump(db_path) == before


# -- 3 and 4. A profile's preferences, as the user sees them.


def test_a_kind_both_liked_and_disliked_is_named_as_users_see_it(
    workspace: Cli, db_path: Path
) -> None:
    before = database_dump(db_path)
    _refused(workspace("stakeholder", "edit", "1", "--likes", "business-review,coffee",
                       "--dislikes", "coffee,business-review"),
             "dislikes: Business review, Coffee check-in cannot be both liked and disliked")
    assert database_dump(db_path) == before


def test_a_workspace_file_with_no_reachable_day_is_refused_in_plain_words(
    workspace: Cli, db_path: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "w.json"
    assert workspace("export", "json", str(saved)).status == 0
    document = json.loads(saved.read_text(encoding="utf-8"))
    document["stakeholders"][0]["reachable_days"] = []
    saved.write_text(json.dumps(document), encoding="utf-8")
    before = database_dump(db_path)
    _refused(workspace("import", "json", str(saved), "--replace"),
             f"{saved}: stakeholders[0].reachable_days: pick at least one reachable day")
    assert database_dump(db_path) == before


# -- 5. Reminder times name the zone as the other tables do.


def test_reminders_name_your_zone_not_its_abbreviation(workspace: Cli) -> None:
    listed = workspace("reminders", "list", "--now", "2099-01-12T08:00")
    assert listed.status == 0, listed.err
    due = [row.split("  ")[0] for row in listed.out.splitlines()[2:]]
    assert due == [
        "2099-01-09 09:00 Europe/Berlin (missed)",  # the promise, three working days ahead
        "2099-01-12 09:00 Europe/Berlin",  # the promise, a day ahead
        "2099-01-12 09:00 Europe/Berlin",  # the weekly plan
        "2099-01-12 11:00 Europe/Berlin",  # the touch at noon, an hour ahead
        "2099-01-14 09:00 Europe/Berlin",  # the promise, late
        "2099-01-19 09:00 Europe/Berlin",  # next week's plan
    ]
    assert "CET" not in listed.out

    fired = workspace("reminders", "run", "--until", "2099-01-12T09:30")
    assert fired.status == 0, fired.err
    lines = fired.out.splitlines()
    assert lines[0] == ("2099-01-12 09:00 Europe/Berlin  "
                        "Promise to Ingrid Bauer due Tue 13 Jan: Runbook")
    assert lines[-1] == "fired 2 reminders due by 2099-01-12 09:30 Europe/Berlin"


# -- 6. An option that only an invitation takes is refused without one.


@pytest.mark.parametrize("extra", [[], ["--status", "all"], ["--watch"]])
def test_an_organizer_without_an_invitation_is_refused(
    workspace: Cli, db_path: Path, tmp_path: Path, extra: list[str]
) -> None:
    before = database_dump(db_path)
    target = tmp_path / "plan.ics"
    _refused(workspace("export", "ics", str(target), "--organizer", "me@vendor.example", *extra),
             "organizer: only an invitation has an organiser: add --invite TOUCHPOINT_ID, "
             "or drop --organizer")
    assert not target.exists()
    assert database_dump(db_path) == before


def test_an_organizer_with_an_invitation_is_still_taken(workspace: Cli, tmp_path: Path) -> None:
    target = tmp_path / "invite.ics"
    written = workspace("export", "ics", str(target), "--invite", "1",
                        "--organizer", "me@vendor.example")
    assert written.status == 0, written.err
    assert "mailto:me@vendor.example" in target.read_text(encoding="utf-8").lower()


# -- 7. An empty list says what to do, rather than showing a header alone.


def test_an_empty_stakeholder_list_says_how_to_add_one(cli: Cli) -> None:
    listed = cli("stakeholder", "list")
    assert (listed.status, listed.out, listed.err) == (
        0, "no stakeholders yet: add one with cadence stakeholder add, or cadence demo\n", "")
    as_json = cli("stakeholder", "list", "--json")
    assert (as_json.status, as_json.out, as_json.err) == (0, "[]\n", "")


def test_a_stakeholder_list_is_still_a_table(workspace: Cli) -> None:
    listed = workspace("stakeholder", "list")
    assert listed.status == 0
    assert listed.out.splitlines()[0].split() == [
        "id", "name", "account", "importance", "budget", "timezone"]
    assert "Ingrid Bauer" in listed.out
