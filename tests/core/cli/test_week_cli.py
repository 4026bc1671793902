"""``cadence week``: the Week tab on the command line, with the week's touches against the
weekly touch limit."""

from __future__ import annotations

from datetime import timedelta

from cadence.timezones import today_in
from tests.core.cli.conftest import Cli

# The CLI reads the real clock: the week shown is safely in the future.
MONDAY = today_in("UTC") + timedelta(days=14 - today_in("UTC").weekday())


def _two_touches(cli: Cli) -> None:
    assert cli("settings", "set", "--timezone", "Europe/Berlin",
               "--touches-per-week", "1").status == 0
    for name, day, hour in (("Ada Lovelace", 2, "10:00"), ("Grace Hopper", 3, "15:30")):
        assert cli("stakeholder", "add", "--name", name, "--account", "Acme",
                   "--timezone", "Europe/London").status == 0
        added = cli("touchpoint", "add", "--stakeholder", name, "--kind", "email-checkin",
                    "--at", f"{MONDAY + timedelta(days=day)}T{hour}")
        assert added.status == 0, added.err


def test_the_week_lists_its_touches_by_day_against_the_limit(cli: Cli) -> None:
    _two_touches(cli)

    shown = cli("week", "--date", str(MONDAY + timedelta(days=4)))

    assert shown.status == 0, shown.err
    lines = shown.out.splitlines()
    assert lines[0] == (f"Week of {MONDAY} (Europe/Berlin): 2 touches of your 1 a week: "
                        "1 over")
    wednesday = MONDAY + timedelta(days=2)
    assert lines[2] == f"{wednesday:%a %d %b}"
    # 10:00 in London is 11:00 in Berlin, the manager's zone the week is shown in.
    assert lines[3].split() == ["11:00-11:05", "accepted", "Ada", "Lovelace", "·", "Short",
                                "email", "/", "IM", "check-in"]
    assert "Grace Hopper" in lines[6]


def test_the_week_as_json(cli: Cli) -> None:
    _two_touches(cli)

    data = cli("week", "--date", str(MONDAY), "--json").json()

    assert isinstance(data, dict)
    assert data["week_of"] == str(MONDAY)
    assert data["touches"] == {"made": 2, "suggested": 0, "limit": 1}
    assert [item["status"] for item in data["items"]] == ["accepted", "accepted"]
    assert data["items"][0]["start"].endswith(("+01:00", "+02:00"))


def test_an_empty_week_and_a_bad_date(cli: Cli) -> None:
    empty = cli("week", "--date", str(MONDAY))
    assert empty.out.splitlines()[-1] == "Nothing planned or busy this week."
    bad = cli("week", "--date", "next monday")
    assert bad.status == 2
    assert "date: 'next monday' is not a date (YYYY-MM-DD)" in bad.err
