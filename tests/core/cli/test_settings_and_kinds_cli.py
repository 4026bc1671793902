"""``cadence settings`` and the editable kind catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence.catalogue import key_from_name, validate_key
from tests.core.cli.conftest import Cli, database_dump


def test_settings_set_then_show(cli: Cli) -> None:
    assert cli("settings", "set", "--timezone", "Europe/Berlin", "--work-days", "mon-thu",
               "--work-hours", "08:00-16:30", "--capacity", "7.5", "--alarm", "30").status == 0
    shown = cli("settings", "show", "--json").json()
    assert shown == {
        "name": "", "timezone": "Europe/Berlin", "work_days": "mon,tue,wed,thu",
        "work_hours": "08:00-16:30", "weekly_capacity_hours": 7.5, "alarm_minutes": 30,
        "reminder_lead_minutes": 60, "event_invite_lead_days": 14, "public_holidays": None,
        "weekly_touch_limit": None,
    }
    assert cli("settings", "set", "--no-alarm").status == 0
    shown = cli("settings", "show", "--json").json()
    assert isinstance(shown, dict)
    assert shown["alarm_minutes"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Europe/Gotham"], "timezone: unknown time zone"),
        (["--work-hours", "18:00-08:00"], "work-hours: '18:00-08:00' ends before it starts"),
        (["--work-days", "funday"], "work-days: 'funday' is not a weekday"),
        (["--capacity", "-2"], "capacity: -2 hours is not 0-80"),
        # Given but empty is not "not given": it is refused, as `stakeholder edit --days ''`.
        (["--work-days", ""], "work-days: at least one weekday is needed"),
        (["--work-hours", ""], "work-hours: '' is not of the form HH:MM-HH:MM"),
    ],
)
def test_bad_settings_change_nothing(cli: Cli, args: list[str], message: str) -> None:
    before = cli("settings", "show", "--json").out
    result = cli("settings", "set", "--capacity", "5", *args)
    assert result.status == 2
    assert message in result.err
    assert cli("settings", "show", "--json").out == before


def _touch_limit(cli: Cli) -> object:
    shown = cli("settings", "show", "--json").json()
    assert isinstance(shown, dict)
    return shown["weekly_touch_limit"]


def test_a_weekly_touch_limit_is_set_shown_and_cleared(cli: Cli) -> None:
    assert "weekly touch limit: no limit\n" in cli("settings", "show").out
    assert cli("settings", "set", "--touches-per-week", "12").status == 0
    assert _touch_limit(cli) == 12
    assert "weekly touch limit: 12\n" in cli("settings", "show").out
    # No touches at all is a limit too (a week off), not "no limit".
    assert cli("settings", "set", "--touches-per-week", "0").status == 0
    assert _touch_limit(cli) == 0
    assert cli("settings", "set", "--no-touch-limit").status == 0
    assert _touch_limit(cli) is None
    assert "weekly touch limit: no limit\n" in cli("settings", "show").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--touches-per-week", "-1"], "touches-per-week: -1 is not between 0 and 500"),
        (["--touches-per-week", "501"], "touches-per-week: 501 is not between 0 and 500"),
        (["--touches-per-week", "abc"], "--touches-per-week: invalid int value: 'abc'"),
        (["--touches-per-week", "\u0663"], "--touches-per-week: invalid int value: '\u0663'"),
        (["--touches-per-week", "5", "--no-touch-limit"],
         "--no-touch-limit: not allowed with argument --touches-per-week"),
    ],
)
def test_a_bad_touch_limit_changes_nothing(
    cli: Cli, db_path: Path, args: list[str], message: str
) -> None:
    assert cli("settings", "set", "--touches-per-week", "8").status == 0
    before = database_dump(db_path)
    # With another change beside it: the whole command is refused, not just the limit.
    result = cli("settings", "set", "--capacity", "5", *args)
    assert result.status == 2
    assert message in result.err
    assert database_dump(db_path) == before


def test_kinds_are_editable(cli: Cli) -> None:
    assert cli("kinds", "edit", "coffee", "--value", "5", "--prep", "10").status == 0
    assert cli("kinds", "add", "site-visit", "--name", "Site visit", "--value", "7",
               "--pressure", "2", "--duration", "120", "--channel", "in-person",
               "--purpose", "review").status == 0
    kinds = cli("kinds", "list", "--json").json()
    assert isinstance(kinds, list)
    by_key = {k["key"]: k for k in kinds}
    assert by_key["coffee"]["value"] == 5
    assert by_key["coffee"]["prep_minutes"] == 10
    assert by_key["site-visit"]["duration_minutes"] == 120
    assert cli("kinds", "remove", "site-visit").status == 0
    assert "site-visit" not in cli("kinds", "list").out


def test_a_kinds_reminder_lead_is_set_and_cleared(cli: Cli) -> None:
    def leads() -> dict[str, object]:
        kinds = cli("kinds", "list", "--json").json()
        assert isinstance(kinds, list)
        return {k["key"]: k["reminder_lead_minutes"] for k in kinds}

    assert leads()["hackathon"] == 24 * 60  # seeded: a day on site is announced the day before
    assert leads()["coffee"] is None  # the workspace setting
    assert cli("kinds", "edit", "coffee", "--reminder-lead", "15").status == 0
    assert cli("kinds", "edit", "hackathon", "--reminder-lead", "none").status == 0
    assert cli("kinds", "add", "site-visit", "--name", "Site visit", "--value", "7",
               "--pressure", "2", "--duration", "120", "--channel", "in-person",
               "--purpose", "review", "--reminder-lead", "2880").status == 0
    after = leads()
    assert (after["coffee"], after["hackathon"], after["site-visit"]) == (15, None, 2880)
    assert "15 min before" in cli("kinds", "list").out


def test_a_kind_in_use_cannot_be_removed(cli: Cli) -> None:
    assert cli("stakeholder", "add", "--name", "A", "--account", "B").status == 0
    assert cli("log", "--stakeholder", "A", "--kind", "coffee", "--date", "2026-11-02").status == 0
    result = cli("kinds", "remove", "coffee")
    assert result.status == 2
    assert "used by 1 record;" in result.err


#: The options ``kinds add`` requires besides ``--name``.
_NEW_KIND = ["--value", "7", "--pressure", "2", "--duration", "30", "--channel", "in-person",
             "--purpose", "social"]


def test_kinds_add_help_shows_which_options_are_required(cli: Cli) -> None:
    usage = " ".join(cli("kinds", "add", "--help").out.split())
    assert ("--name NAME --value VALUE --pressure PRESSURE --duration MINUTES [--prep MINUTES] "
            "--channel CHANNEL --purpose PURPOSE [--description DESCRIPTION]") in usage
    edit_usage = " ".join(cli("kinds", "edit", "--help").out.split())
    assert "[--name NAME] [--value VALUE]" in edit_usage  # an edit changes what it is given


def test_kinds_add_without_a_required_option_says_which_on_one_line(cli: Cli) -> None:
    before = cli("kinds", "list", "--json").out
    result = cli("kinds", "add", "site-visit", *_NEW_KIND[:-2], "--name", "Site visit")
    assert (result.status, result.out) == (2, "")
    assert result.err == ("cadence kinds add: error: the following arguments are required: "
                          "--purpose (see --help)\n")
    assert cli("kinds", "list", "--json").out == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["edit", "coffee", "--pressure", "11"], "pressure: 11 is not between 0 and 10"),
        (["add", "Site Visit", "--name", "x", *_NEW_KIND], "key: 'Site Visit' is not a slug"),
        (["add", "coffee", "--name", "x", *_NEW_KIND], "key: a kind 'coffee' already exists"),
        (["add", "x-ray", "--name", "X"],
         "error: the following arguments are required: --value, --pressure, --duration, "
         "--channel, --purpose (see --help)"),
        (["add", "coffee-2", "--name", "coffee CHECK-IN", "--value", "7", "--pressure", "2",
          "--duration", "30", "--channel", "in-person", "--purpose", "social"],
         "name: another kind is already named 'Coffee check-in'"),
        (["edit", "lunch", "--name", "Coffee check-in"],
         "name: another kind is already named 'Coffee check-in'"),
        (["add", "x-ray", "--name", " ", *_NEW_KIND], "name: a kind needs a name"),
        (["edit", "tennis", "--value", "1"], "kind: unknown kind 'tennis'"),
        (["edit", "coffee", "--reminder-lead", "-10"],
         "reminder-lead: -10 is not between 0 and 10080"),
        (["edit", "coffee", "--reminder-lead", "soon"],
         "invalid int value: 'soon' (give whole minutes or 'none')"),
        # The same week as `settings set --reminder-lead`; longer ones crashed `reminders`.
        (["edit", "coffee", "--reminder-lead", "10081"],
         "reminder-lead: 10081 is not between 0 and 10080"),
        (["edit", "email-checkin", "--reminder-lead", "1100000000"],
         "argument --reminder-lead: 1100000000 is too large"),
        (["edit", "coffee", "--prep", "10081"], "prep: 10081 is not between 0 and 10080"),
        (["edit", "coffee", "--duration", "10081"],
         "duration: 10081 is not between 1 and 10080"),
        (["edit", "coffee", "--name", "Coffee\tcheck-in"],
         "name: 'Coffee\\tcheck-in' has a line break, tab or other control character"),
    ],
)
def test_bad_kind_edits_are_refused(cli: Cli, args: list[str], message: str) -> None:
    before = cli("kinds", "list", "--json").out
    result = cli("kinds", *args)
    assert result.status == 2
    assert message in result.err
    assert cli("kinds", "list", "--json").out == before


def test_a_reminder_lead_beyond_any_number_is_refused_without_claiming_success(
    cli: Cli,
) -> None:
    before = cli("kinds", "list", "--json").out
    result = cli("kinds", "edit", "coffee", "--reminder-lead", "99999999999999999999999")
    assert result.status == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "--reminder-lead: 99999999999999999999999 is too large" in result.err
    assert cli("kinds", "list", "--json").out == before


@pytest.mark.parametrize(("name", "key"), [
    ("Site visit", "site-visit"), ("  Lunch & learn! ", "lunch-learn"), ("Q4 review", "q4-review"),
])
def test_a_kind_s_default_key_is_a_slug_of_its_name(name: str, key: str) -> None:
    assert validate_key(key_from_name(name)) == key
