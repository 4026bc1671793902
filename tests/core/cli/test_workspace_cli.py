"""``cadence demo`` and the JSON workspace round trip."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.core.cli.conftest import Cli


def _without_stamp(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    document.pop("exported_at")
    return document


def test_demo_is_a_realistic_workspace(cli: Cli) -> None:
    assert cli("demo").status == 0
    people = cli("stakeholder", "list", "--json").json()
    assert isinstance(people, list)
    assert 20 <= len(people) <= 30
    assert len({p["account"] for p in people}) in (3, 4)
    assert len({str(p["budget"]) for p in people}) >= 3
    assert len({p["timezone"] for p in people}) >= 3
    events = cli("event", "list", "--json").json()
    assert isinstance(events, list)
    assert any(e["kind"] == "hackathon" and e["seats"] > 0 for e in events)
    ledger = cli("commitment", "list", "--json").json()
    assert isinstance(ledger, list)
    assert {"open", "delivered"} <= {c["status"] for c in ledger}
    again = cli("demo")
    assert again.status == 2
    assert "not empty" in again.err


def test_export_then_import_into_an_empty_database_gives_the_same_workspace(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cadence.cli import main

    assert cli("demo").status == 0
    first = tmp_path / "workspace.json"
    assert cli("export", "json", str(first)).status == 0

    other = tmp_path / "other.sqlite3"
    second = tmp_path / "again.json"
    assert main(["--db", str(other), "import", "json", str(first)]) == 0
    assert main(["--db", str(other), "export", "json", str(second)]) == 0
    capsys.readouterr()
    assert _without_stamp(first) == _without_stamp(second)
    document = _without_stamp(first)
    assert document["format"] == "cadence-workspace"
    assert document["version"] == 1


def test_import_refuses_a_workspace_with_people_unless_replace(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    assert cli("demo").status == 0
    path = tmp_path / "w.json"
    assert cli("export", "json", str(path)).status == 0
    assert cli("plan", "--start", "2026-11-23", "--weeks", "1", "--save").status == 0
    refused = cli("import", "json", str(path))
    assert refused.status == 2
    assert "--replace" in refused.err
    assert _plan_runs(db_path) == 1
    assert cli("import", "json", str(path), "--replace").status == 0
    # The last plan's warnings named the people just replaced: they go with them.
    assert _plan_runs(db_path) == 0


def _plan_runs(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        count = connection.execute("SELECT count(*) FROM plan_run").fetchone()[0]
    assert isinstance(count, int)
    return count


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["stakeholders"][2].update(timezone="Atlantis/Sunken"),
         "stakeholders[2].timezone: unknown time zone"),
        (lambda d: d["stakeholders"][0].pop("name"), "stakeholders[0].name: missing"),
        (lambda d: d["interactions"][5].update(occurred_at="yesterday"),
         "interactions[5].occurred_at"),
        (lambda d: d["interactions"][5].update(occurred_at="0001-01-01T12:00:00+00:00"),
         "interactions[5].occurred_at: 0001-01-01 is outside the years 1900-2199"),
        # What ``log`` refuses: an interaction that has not happened yet.
        (lambda d: d["interactions"][5].update(occurred_at="2099-01-01T12:00:00+00:00"),
         "interactions[5].occurred_at: 2099-01-01 has not come yet in their zone"),
        (lambda d: d["commitments"][0].update(due_on="9999-12-31"),
         "commitments[0].due_on: 9999-12-31 is outside the years"),
        (lambda d: d.update(version=99), "version 99 is not supported"),
        (lambda d: d["interactions"][0].update(stakeholder_id=999),
         "interactions[0].stakeholder_id: no record in stakeholders has id 999"),
        (lambda d: d["kinds"][0].update(reminder_lead_minutes=-5),
         "kinds[0].reminder_lead_minutes: -5 minutes is negative"),
        # Well typed, but records no command would write, which broke later plans:
        (lambda d: d["stakeholders"][0].update(reachable_days=[9]),
         "stakeholders[0].reachable_days: [9] are not weekdays 0-6"),
        (lambda d: d["settings"].update(work_days=[7]), "settings.work_days: [7] are not weekdays"),
        (lambda d: d["stakeholders"][0].update(channels=["pigeon"]),
         "stakeholders[0].channels: 'pigeon' is not one of"),
        (lambda d: d["stakeholders"][0].update(min_gap_days=30, max_silence_days=10),
         "stakeholders[0].max_silence_days: 10 days is shorter than the minimum gap of 30"),
        (lambda d: d["stakeholders"][0].update(budget_max=5000),
         "stakeholders[0].budget_max: 5000 touches per period is not from 0 to 999"),
        (lambda d: d["stakeholders"][0].update(budget_max=10**12),
         "stakeholders[0].budget_max: 1000000000000 is too large"),
        (lambda d: d["kinds"][0].update(key="Bad Key!"), "kinds[0].key: 'Bad Key!' is not a slug"),
        (lambda d: d["accounts"][1].update(name=d["accounts"][0]["name"].upper()),
         "accounts[1].name: accounts[0] has the same name"),
        (lambda d: d["commitments"][0].update(effort_hours=float("nan")),
         "commitments[0].effort_hours: NaN is not a number Cadence can use"),
        (lambda d: d["commitments"][0].update(status="delivered", delivered_on=None),
         "commitments[0].delivered_on: a delivered promise needs its delivery day"),
        (lambda d: d["events"][0].update(ends_at=d["events"][0]["starts_at"]),
         "events[0].ends_at: ends before it starts"),
        (lambda d: d["settings"].update(weekly_capacity_hours=1e9),
         "settings.weekly_capacity_hours: 1e+09 hours is not 0-80"),
        # Numbers that fit a column but broke every later plan or reminder list:
        (lambda d: d["stakeholders"][0].update(max_silence_days=3_000_000),
         "stakeholders[0].max_silence_days: 3000000 days is too large: at most 3650"),
        (lambda d: d["stakeholders"][0].update(min_gap_days=10**9, max_silence_days=10**9),
         "stakeholders[0].min_gap_days: 1000000000 days is too large: at most 3650"),
        (lambda d: d["kinds"][0].update(reminder_lead_minutes=10**9),
         "kinds[0].reminder_lead_minutes: 1000000000 is not between 0 and 10080"),
        (lambda d: d["kinds"][0].update(prep_minutes=10**9),
         "kinds[0].prep_minutes: 1000000000 is not between 0 and 10080"),
        # One-line texts with a line break or control character, which broke tables:
        (lambda d: d["stakeholders"][0].update(name="Line\nBreak"),
         "stakeholders[0].name: 'Line\\nBreak' has a line break, tab or other control"),
        (lambda d: d["accounts"][0].update(name="North\twind"), "accounts[0].name: 'North\\twind'"),
        (lambda d: d["kinds"][0].update(name="Hack\x7fathon"), "kinds[0].name: 'Hack\\x7fathon'"),
        (lambda d: d["events"][0].update(name="Hack\u2028Day"), "events[0].name: 'Hack\\u2028Day'"),
        (lambda d: d["commitments"][0].update(what="Send\x85it"),
         "commitments[0].what: 'Send\\x85it'"),
    ],
)
def test_a_bad_workspace_file_names_the_field_and_imports_nothing(
    cli: Cli, tmp_path: Path, mutate: object, message: str
) -> None:
    assert cli("demo").status == 0
    path = tmp_path / "w.json"
    assert cli("export", "json", str(path)).status == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    mutate(document)  # type: ignore[operator]
    path.write_text(json.dumps(document), encoding="utf-8")
    before = cli("stakeholder", "list", "--json").out
    result = cli("import", "json", str(path), "--replace")
    assert result.status == 2
    assert f"{path}: " in result.err
    assert message in result.err
    assert cli("stakeholder", "list", "--json").out == before


def test_a_file_from_before_kind_reminder_leads_still_imports(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").status == 0
    assert cli("kinds", "edit", "coffee", "--reminder-lead", "20").status == 0
    path = tmp_path / "w.json"
    assert cli("export", "json", str(path)).status == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    kinds = {k["key"]: k for k in document["kinds"]}
    assert kinds["coffee"]["reminder_lead_minutes"] == 20
    assert kinds["hackathon"]["reminder_lead_minutes"] == 24 * 60
    for kind in document["kinds"]:
        del kind["reminder_lead_minutes"]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", "json", str(path), "--replace").status == 0
    listed = cli("kinds", "list", "--json").json()
    assert isinstance(listed, list)
    assert {k["reminder_lead_minutes"] for k in listed} == {None}


def test_malformed_json_names_the_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "cadence-workspace",\n  "version": 1,\n  oops\n}\n')
    result = cli("import", "json", str(path))
    assert result.status == 2
    assert f"{path}:4: not valid JSON" in result.err


def test_an_imported_file_is_stored_as_the_commands_store_it(cli: Cli, tmp_path: Path) -> None:
    # Upper-case channels and topics pass the rules, but stored as written they broke the
    # next plan ("'VIDEO' is not a valid Channel").
    assert cli("demo").status == 0
    path = tmp_path / "w.json"
    assert cli("export", "json", str(path)).status == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    for person in document["stakeholders"]:
        person["channels"] = [c.upper() for c in person["channels"]]
        person["interests"] = [f"  {t.upper()} " for t in person["interests"]]
        person["name"] = f" {person['name']} "
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", "json", str(path), "--replace").status == 0
    ada = cli("stakeholder", "show", document["stakeholders"][0]["name"].strip(), "--json").json()
    assert isinstance(ada, dict)
    assert ada["channels"] == [c.lower() for c in ada["channels"]]
    assert all(t == t.strip().lower() for t in ada["interests"])
    planned = cli("plan", "--start", "2026-11-30", "--weeks", "2", "--save")
    assert planned.status == 0, planned.err
