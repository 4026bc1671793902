"""``cadence interaction edit|remove``: correcting the record of what happened."""

from __future__ import annotations

import pytest

from tests.core.cli.conftest import Cli


@pytest.fixture
def logged(cli: Cli) -> Cli:
    """A stakeholder in Berlin with one coffee logged on 2026-11-20, rated 4."""
    assert cli("stakeholder", "add", "--name", "Ingrid Bauer", "--account", "Northwind",
               "--timezone", "Europe/Berlin").status == 0
    done = cli("log", "--stakeholder", "Ingrid Bauer", "--kind", "coffee", "--date", "2026-11-20",
               "--quality", "4", "--notes", "Talked about AI")
    assert done.status == 0, done.err
    return cli


def _history(cli: Cli) -> list[dict[str, object]]:
    rows = cli("interactions", "--stakeholder", "1", "--json").json()
    assert isinstance(rows, list)
    return rows


def test_edit_changes_only_what_is_given(logged: Cli) -> None:
    result = logged("interaction", "edit", "1", "--date", "2026-11-19", "--notes", "AI pilot")
    assert result.status == 0, result.err
    assert "coffee by in-person with Ingrid Bauer on 2026-11-19" in result.out
    [row] = _history(logged)
    assert row["occurred_at"] == "2026-11-19T11:00:00+00:00"  # noon in Berlin
    assert (row["kind"], row["channel"], row["quality"]) == ("coffee", "in-person", 4)
    assert row["notes"] == "AI pilot"


def test_a_new_kind_brings_its_channel_unless_one_is_named(logged: Cli) -> None:
    assert logged("interaction", "edit", "1", "--kind", "email-checkin").status == 0
    assert _history(logged)[0]["channel"] == "email"
    assert logged("interaction", "edit", "1", "--kind", "business-review",
                  "--channel", "in-person").status == 0
    [row] = _history(logged)
    assert (row["kind"], row["channel"]) == ("business-review", "in-person")
    assert row["occurred_at"] == "2026-11-20T11:00:00+00:00"  # the time is kept


def test_quality_can_be_cleared(logged: Cli) -> None:
    assert logged("interaction", "edit", "1", "--quality", "none").status == 0
    assert _history(logged)[0]["quality"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9", "--notes", "x"], "no interaction with id 9"),
        (["1", "--kind", "tennis"], "kind: unknown kind 'tennis'"),
        (["1", "--quality", "7"], "quality: 7 is not between 1 and 5"),
        (["1", "--quality", "good"], "quality: 'good' is not a number from 1 to 5"),
        (["1", "--date", "yesterday"], "date: 'yesterday' is not a date"),
        (["1", "--date", "2099-01-01"], "date: 2099-01-01 has not come yet in their zone"),
        (["1", "--channel", "fax", "--notes", "changed"], "channel"),
    ],
)
def test_a_refused_edit_changes_nothing(logged: Cli, args: list[str], message: str) -> None:
    before = _history(logged)
    result = logged("interaction", "edit", *args)
    assert result.status == 2
    assert message in result.err
    assert _history(logged) == before


def test_what_has_not_happened_is_not_logged(logged: Cli) -> None:
    result = logged("log", "--stakeholder", "1", "--kind", "coffee", "--date", "2099-01-01")
    assert result.status == 2
    assert result.err.strip() == (
        "cadence: error: date: 2099-01-01 has not come yet in their zone (Europe/Berlin); log "
        "an interaction once it has happened (plan a touch for what is to come)")
    assert len(_history(logged)) == 1


def test_remove_deletes_one_interaction(logged: Cli) -> None:
    assert logged("log", "--stakeholder", "1", "--kind", "email-checkin",
                  "--date", "2026-11-21").status == 0
    result = logged("interaction", "remove", "1")
    assert result.status == 0, result.err
    assert "removed interaction 1: coffee with Ingrid Bauer on 2026-11-20" in result.out
    assert [row["kind"] for row in _history(logged)] == ["email-checkin"]
    missing = logged("interaction", "remove", "1")
    assert missing.status == 2
    assert "no interaction with id 1" in missing.err


def test_days_are_listed_as_the_stakeholder_and_the_venue_see_them(cli: Cli) -> None:
    """Noon in Kiritimati (UTC+14) and 09:00 in Sydney fall on the day before in UTC."""
    assert cli("stakeholder", "add", "--name", "Teuea Kiribati", "--account", "Line Islands",
               "--timezone", "Pacific/Kiritimati").status == 0
    assert cli("log", "--stakeholder", "1", "--kind", "coffee", "--date", "2026-11-20").status == 0
    listed = cli("interactions", "--stakeholder", "1").out
    assert "2026-11-20" in listed
    assert "2026-11-19" not in listed
    assert "on 2026-11-20" in cli("interaction", "edit", "1", "--notes", "x").out

    assert cli("event", "add", "--name", "Sydney summit", "--date", "2027-01-14", "--seats", "5",
               "--timezone", "Australia/Sydney").status == 0
    assert "Thu 2027-01-14 09:00-17:00 Australia/Sydney" in cli("event", "list").out
