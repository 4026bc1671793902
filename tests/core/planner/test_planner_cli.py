"""``cadence plan`` and ``cadence touchpoint ...`` called in-process."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cadence.cli import main
from cadence.timezones import today_in

# The CLI plans from the real clock, so the workspace is put safely in the future.
START = today_in("UTC") + timedelta(days=14 - today_in("UTC").weekday())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    lunch_lover = ["--likes", "lunch"]
    for name, zone, extra in (("Ada Lovelace", "Europe/London", lunch_lover),
                              ("Grace Hopper", "America/New_York", [])):
        status, _, err = run(capsys, "--db", path, "stakeholder", "add", "--name", name,
                             "--account", "Acme", "--timezone", zone, "--interests", "ai",
                             *extra)
        assert status == 0, err
        status, _, err = run(capsys, "--db", path, "log", "--stakeholder", name, "--kind",
                             "coffee", "--date", str(START - timedelta(days=120)))
        assert status == 0, err
    return path


def test_plan_json_is_the_contract_and_repeatable(db: str, capsys: pytest.CaptureFixture[str]
                                                  ) -> None:
    status, out, err = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4",
                           "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["start"] == str(START)
    assert data["weeks"] == 4
    assert isinstance(data["warnings"], list)
    touch = data["touchpoints"][0]
    for key in ("stakeholder_id", "stakeholder", "kind", "channel", "start", "end", "value",
                "reasons"):
        assert key in touch
    assert touch["start"][-6] in "+-"
    assert touch["reasons"]
    assert "id" not in touch

    assert run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4",
               "--json")[1] == out


def test_plan_table_shows_reasons(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4")
    assert status == 0
    assert "Ada Lovelace" in out
    assert "Grace Hopper" in out
    assert "Why:" in out
    assert "Last contact" in out


def test_a_weekly_touch_limit_is_kept_and_named_in_the_plan(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db, "settings", "set", "--touches-per-week", "1")[0] == 0
    status, out, err = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4")
    assert status == 0, err
    assert out.startswith("Plan for 4 weeks from ")
    assert "touchpoints (at most 1 a week, as your settings say), value" in out.splitlines()[0]
    data = json.loads(run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4",
                          "--json")[1])
    weeks = [(date.fromisoformat(t["start"][:10]) - START).days // 7
             for t in data["touchpoints"]]
    assert weeks
    assert len(weeks) == len(set(weeks))  # one touch a week at most


def test_a_touch_of_your_own_over_the_weekly_limit_is_noted_not_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wednesday = START + timedelta(days=2)
    assert run(capsys, "--db", db, "settings", "set", "--touches-per-week", "0")[0] == 0
    status, out, err = run(capsys, "--db", db, "touchpoint", "add", "--stakeholder",
                           "Ada Lovelace", "--kind", "email-checkin", "--at",
                           f"{wednesday}T14:00")
    assert status == 0, err
    assert out.splitlines()[1] == (f"note: the week of {START} now has 1 touch logged or "
                                   "accepted, over your limit of 0 a week")


def test_accepting_a_suggestion_over_busy_time_imported_since_says_so(
    db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    saved = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "2", "--save",
                "--json")[1]
    first = json.loads(saved)["touchpoints"][0]
    begins = datetime.fromisoformat(first["start"]).astimezone(UTC)
    meeting = tmp_path / "work.ics"
    meeting.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:board@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART:{begins:%Y%m%dT%H%M%SZ}\r\nDTEND:{begins + timedelta(hours=1):%Y%m%dT%H%M%SZ}"
        "\r\nSUMMARY:Board meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    status, _, err = run(capsys, "--db", db, "import", "calendar", str(meeting),
                         "--from", str(START))
    assert status == 0, err

    status, out, err = run(capsys, "--db", db, "touchpoint", "accept", str(first["id"]))

    assert status == 0, err
    assert ('note: it overlaps your busy time "Board meeting" (from work.ics); move it, or '
            "re-plan") in out


def test_plan_names_an_invitation_for_its_event(db: str, capsys: pytest.CaptureFixture[str]
                                                ) -> None:
    status, _, err = run(capsys, "--db", db, "event", "add", "--name", "Cloud Cost Workshop",
                         "--date", str(START + timedelta(days=20)), "--seats", "5",
                         "--topics", "ai", "--lead", "10")
    assert status == 0, err
    out = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4", "--json")[1]
    invitations = [t for t in json.loads(out)["touchpoints"] if t["kind"] == "hackathon"]
    assert invitations
    assert {t["title"] for t in invitations} == {"Invite to Cloud Cost Workshop"}

    table = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "4")[1]
    assert table.splitlines()[2].split()[-3:] == ["touch", "channel", "value"]
    assert "Invite to Cloud Cost Workshop" in table
    assert ", Invite to Cloud Cost Workshop:" in table  # the "Why:" heading of its reasons
    assert "hackathon" not in table.lower()


def test_save_then_accept_dismiss_snooze_move_done(db: str, capsys: pytest.CaptureFixture[str]
                                                  ) -> None:
    status, out, _ = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "6",
                         "--json", "--save")
    assert status == 0
    ids = [t["id"] for t in json.loads(out)["touchpoints"]]
    assert len(ids) >= 2

    assert run(capsys, "--db", db, "touchpoint", "accept", str(ids[0]))[0] == 0
    status, out, _ = run(capsys, "--db", db, "touchpoint", "dismiss", str(ids[1]),
                         "--reason", "on leave")
    assert status == 0
    assert "dismissed" in out
    status, _, err = run(capsys, "--db", db, "touchpoint", "accept", str(ids[1]))
    assert status == 2
    assert "cadence: error: status:" in err
    assert "dismissed" in err

    status, out, _ = run(capsys, "--db", db, "touchpoint", "list", "--status", "accepted",
                         "--json")
    listed = json.loads(out)
    assert [t["id"] for t in listed] == [ids[0]]

    day = date.fromisoformat(listed[0]["start"][:10])
    status, _, err = run(capsys, "--db", db, "touchpoint", "move", str(ids[0]), "--to",
                         f"{day}T03:00")
    assert status == 2
    assert "reachable hours" in err
    status, out, err = run(capsys, "--db", db, "touchpoint", "done", str(ids[0]),
                           "--quality", "5")
    assert status == 0, err
    assert "done" in out

    status, _, err = run(capsys, "--db", db, "touchpoint", "snooze", "999", "--until",
                         str(START))
    assert status == 2
    assert "no touchpoint with id 999" in err


def test_bad_weeks_is_a_one_line_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "0")
    assert status == 2
    assert err.strip() == "cadence: error: weeks: 0 is not between 1 and 104"


def test_commitment_list_shows_the_saved_status_update(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    due = START + timedelta(days=8)
    assert run(capsys, "--db", db, "commitment", "add", "--stakeholder", "Ada Lovelace",
               "--what", "Send the runbook", "--due", str(due))[0] == 0
    assert run(capsys, "--db", db, "plan", "--start", str(START), "--weeks", "2",
               "--save")[0] == 0

    status, out, err = run(capsys, "--db", db, "commitment", "list", "--json")
    assert status == 0, err
    (promise,) = json.loads(out)
    update = promise["update"]
    assert update["status"] == "suggested"
    assert str(due - timedelta(days=10)) <= update["start"][:10] < str(due)
    table = run(capsys, "--db", db, "commitment", "list")[1]
    assert f"{update['start'][:10]} suggested" in table
    assert "status update" in table.splitlines()[0]


def test_touchpoint_add_plans_a_touch_yourself_or_says_what_is_wrong(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wednesday = START + timedelta(days=2)
    status, out, err = run(capsys, "--db", db, "touchpoint", "add", "--stakeholder",
                           "Ada Lovelace", "--kind", "business-review", "--at",
                           f"{wednesday}T14:00")
    assert status == 0, err
    assert out.startswith("added touchpoint 1 (Business review with Ada Lovelace by video, ")
    assert f"{wednesday} 14:00 Europe/London), accepted" in out

    status, _, err = run(capsys, "--db", db, "touchpoint", "add", "--stakeholder",
                         "Grace Hopper", "--kind", "email-checkin", "--at",
                         f"{wednesday}T09:30", "--json")
    assert status == 2
    assert err.strip() == (f"cadence: error: at: {wednesday:%a} {wednesday} 09:30 "
                           "(America/New_York) overlaps your Business review with Ada Lovelace "
                           "at 09:00")
    status, out, err = run(capsys, "--db", db, "touchpoint", "add", "--stakeholder",
                           "Grace Hopper", "--kind", "email-checkin", "--at",
                           f"{wednesday}T09:00", "--channel", "im", "--json")
    assert status == 2
    assert "channel: Grace Hopper accepts" in err

    status, out, _ = run(capsys, "--db", db, "touchpoint", "list", "--status", "accepted")
    assert "Business review" in out
    assert "yours" in out
    listed = json.loads(run(capsys, "--db", db, "touchpoint", "list", "--json")[1])
    assert [(t["kind"], t["status"], t["reasons"]) for t in listed] == [
        ("business-review", "accepted", ["You planned this touch yourself."])]


def test_a_time_the_clocks_skip_is_refused_not_moved(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # London goes from 01:00 to 02:00 on 28 March 2027: there is no 01:30 to meet at.
    status, _, err = run(capsys, "--db", db, "touchpoint", "add", "--stakeholder",
                         "Ada Lovelace", "--kind", "business-review", "--at", "2027-03-28T01:30")
    assert status == 2
    assert err.strip() == ("cadence: error: at: 01:30 does not exist on 2027-03-28 in "
                           "Europe/London: the clocks go forward an hour that night")
    assert json.loads(run(capsys, "--db", db, "touchpoint", "list", "--json")[1]) == []
