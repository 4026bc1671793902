"""The CLI as a script uses it: stakeholders, log, commitments, events, kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.cli.conftest import Cli


def _add_ingrid(cli: Cli) -> None:
    result = cli(
        "stakeholder", "add", "--name", "Ingrid Bauer", "--account", "Northwind",
        "--email", "ingrid@northwind.example", "--timezone", "Europe/Berlin",
        "--importance", "5", "--budget", "3/quarter", "--min-gap", "14", "--max-silence", "60",
        "--likes", "hackathon,business-review", "--dislikes", "generic-social",
        "--interests", "ai,supply chain",
    )
    assert result.status == 0, result.err


def test_add_then_show_json_gives_the_contract(cli: Cli) -> None:
    _add_ingrid(cli)
    shown = cli("stakeholder", "show", "Ingrid Bauer", "--json").json()
    assert isinstance(shown, dict)
    assert shown["id"] == 1
    assert shown["name"] == "Ingrid Bauer"
    assert shown["account"] == "Northwind"
    assert shown["timezone"] == "Europe/Berlin"
    assert shown["importance"] == 5
    assert shown["budget"] == {"max": 3, "period": "quarter"}
    assert shown["min_gap_days"] == 14
    assert shown["max_silence_days"] == 60
    assert shown["likes"] == ["business-review", "hackathon"]
    assert shown["dislikes"] == ["generic-social"]
    assert shown["interests"] == ["ai", "supply chain"]


def test_list_json_and_table(cli: Cli) -> None:
    _add_ingrid(cli)
    assert cli("stakeholder", "add", "--name", "Tobias", "--account", "Northwind").status == 0
    listed = cli("stakeholder", "list", "--json").json()
    assert isinstance(listed, list)
    assert [p["name"] for p in listed] == ["Ingrid Bauer", "Tobias"]
    table = cli("stakeholder", "list").out
    assert "Ingrid Bauer" in table
    assert "3/quarter" in table


def test_edit_and_remove(cli: Cli) -> None:
    _add_ingrid(cli)
    assert cli("stakeholder", "edit", "1", "--budget", "1/month", "--importance", "4").status == 0
    shown = cli("stakeholder", "show", "1", "--json").json()
    assert isinstance(shown, dict)
    assert shown["budget"] == {"max": 1, "period": "month"}
    assert shown["importance"] == 4
    assert cli("stakeholder", "remove", "Ingrid Bauer").status == 0
    assert cli("stakeholder", "list", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Mars/Base"], "timezone: unknown time zone 'Mars/Base'"),
        (["--budget", "-1/quarter"], "budget: -1 touches per period is not from 0 to 999"),
        (["--likes", "tennis"], "likes: unknown kind 'tennis'"),
        (["--importance", "9"], "importance: 9 is not between 1 and 5"),
        # A line break in a name broke the list table and the vCard round trip.
        (["--name", "Line\nBreak"],
         "name: 'Line\\nBreak' has a line break, tab or other control character"),
        (["--account", "North\twind"], "account: 'North\\twind' has a line break"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(
    cli: Cli, db_path: Path, args: list[str], message: str
) -> None:
    _add_ingrid(cli)
    before = cli("stakeholder", "list", "--json").out
    result = cli("stakeholder", "add", "--name", "X", "--account", "Y", *args)
    assert result.status == 2
    assert result.err.count("\n") == 1
    assert message in result.err
    assert cli("stakeholder", "list", "--json").out == before


def test_log_commitments_events_and_kinds(cli: Cli) -> None:
    _add_ingrid(cli)
    logged = cli("log", "--stakeholder", "Ingrid Bauer", "--kind", "coffee",
                 "--date", "2026-11-20", "--quality", "4", "--notes", "Talked about AI")
    assert logged.status == 0, logged.err
    history = cli("interactions", "--stakeholder", "1", "--json").json()
    assert isinstance(history, list)
    assert history[0]["kind"] == "coffee"
    assert history[0]["occurred_at"] == "2026-11-20T11:00:00+00:00"  # noon in Berlin

    assert cli("commitment", "add", "--stakeholder", "1", "--what", "Send the runbook",
               "--due", "2026-11-25").status == 0
    assert cli("commitment", "done", "1", "--on", "2026-11-21").status == 0
    ledger = cli("commitment", "list", "--json").json()
    assert isinstance(ledger, list)
    assert ledger[0]["status"] == "delivered"
    assert ledger[0]["delivered"] == "2026-11-21"
    again = cli("commitment", "done", "1")
    assert again.status == 2
    assert "already delivered" in again.err

    assert cli("event", "add", "--name", "AI Hackathon", "--date", "2027-01-14",
               "--seats", "12", "--topics", "ai,data", "--timezone", "Europe/Berlin").status == 0
    events = cli("event", "list", "--json").json()
    assert isinstance(events, list)
    assert events[0]["seats"] == 12
    assert events[0]["start"] == "2027-01-14T08:00:00+00:00"

    kinds = cli("kinds", "list", "--json").json()
    assert isinstance(kinds, list)
    hackathon = next(k for k in kinds if k["key"] == "hackathon")
    assert set(hackathon) >= {"key", "name", "value", "pressure", "duration_minutes", "channel"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "--stakeholder", "Nobody", "--kind", "coffee", "--date", "2026-11-20"],
         "no stakeholder 'Nobody'"),
        (["log", "--stakeholder", "1", "--kind", "tennis", "--date", "2026-11-20"],
         "kind: unknown kind 'tennis'"),
        (["log", "--stakeholder", "1", "--kind", "coffee", "--date", "20/11/2026"],
         "date: '20/11/2026' is not a date"),
        (["commitment", "add", "--stakeholder", "1", "--what", "x", "--due", "soon"],
         "due: 'soon' is not a date"),
        (["event", "add", "--name", "E", "--date", "2027-01-01", "--seats", "-3"],
         "seats: -3 seats is negative"),
        (["event", "add", "--name", "AI\rHackathon", "--date", "2027-01-01", "--seats", "3"],
         "name: 'AI\\rHackathon' has a line break"),
        (["commitment", "add", "--stakeholder", "1", "--what", "Run\x1bbook", "--due",
          "2027-01-01"], "what: 'Run\\x1bbook' has a line break"),
    ],
)
def test_other_bad_input_writes_nothing(cli: Cli, args: list[str], message: str) -> None:
    _add_ingrid(cli)
    result = cli(*args)
    assert result.status == 2
    assert message in result.err
    assert cli("interactions", "--stakeholder", "1", "--json").json() == []
    assert cli("commitment", "list", "--json").json() == []
    assert cli("event", "list", "--json").json() == []


def test_tables_line_up_with_wide_characters(cli: Cli) -> None:
    assert cli("stakeholder", "add", "--name", "山田 太郎", "--account", "Sakura").status == 0
    assert cli("stakeholder", "add", "--name", "Zoë Ångström", "--account", "Sakura").status == 0
    lines = cli("stakeholder", "list").out.splitlines()
    # The account column starts at the same terminal column on every row.
    columns = {line.index("Sakura") + sum(1 for ch in line[: line.index("Sakura")]
                                          if "\u3000" <= ch <= "\u9fff") for line in lines[2:]}
    assert len(columns) == 1


def test_commitment_list_marks_and_filters_late_promises(cli: Cli) -> None:
    assert cli("stakeholder", "add", "--name", "Ingrid", "--account", "Northwind").status == 0
    for what, due in (("Runbook", "2020-01-10"), ("Roadmap", "2199-01-10")):
        assert cli("commitment", "add", "--stakeholder", "Ingrid", "--what", what,
                   "--due", due).status == 0

    late = cli("commitment", "list", "--status", "late")
    assert late.status == 0, late.err
    (row,) = late.out.splitlines()[2:]
    assert row.split()[3:5] == ["late", "–"]  # no touch carries its update yet
    assert "Roadmap" in cli("commitment", "list").out
    wrong = cli("commitment", "list", "--status", "overdue")
    assert wrong.status == 2
    assert "'overdue' is not one of: open, late, delivered, dropped" in wrong.err


def test_a_late_promise_gets_a_new_date_and_stays_missed(cli: Cli) -> None:
    assert cli("stakeholder", "add", "--name", "Ingrid", "--account", "Northwind").status == 0
    assert cli("commitment", "add", "--stakeholder", "Ingrid", "--what", "Runbook",
               "--due", "2020-01-10").status == 0

    into_the_past = cli("commitment", "move", "1", "--due", "2020-02-01")
    assert into_the_past.status == 2
    assert "due: 2020-02-01 is in the past" in into_the_past.err
    moved = cli("commitment", "move", "1", "--due", "2199-02-01", "--reason", "new scope")
    assert moved.status == 0, moved.err
    assert moved.out.strip() == ("commitment 1 now due 2199-02-01, was 2020-01-10 "
                                 "(the date had passed: it counts as missed)")

    (promise,) = cli("commitment", "list", "--json").json()  # type: ignore[misc]
    assert (promise["due"], promise["first_due"], promise["missed_due"], promise["status"]) == (
        "2199-02-01", "2020-01-10", "2020-01-10", "open")
    assert cli("commitment", "list", "--status", "late").out.splitlines()[2:] == []
    (row,) = cli("commitment", "list").out.splitlines()[2:]
    assert "2199-02-01 (first 2020-01-10)" in row
