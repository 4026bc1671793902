"""Values no calendar can hold are refused at the door, naming the option, and change nothing:
saved, they used to crash every later plan, export or reminder list."""

from __future__ import annotations

import pytest

from tests.core.cli.conftest import Cli


@pytest.fixture
def ingrid(cli: Cli) -> Cli:
    """One stakeholder, Ingrid Bauer (id 1), in Berlin."""
    assert cli("stakeholder", "add", "--name", "Ingrid Bauer", "--account", "Northwind",
               "--timezone", "Europe/Berlin").status == 0
    return cli


@pytest.mark.parametrize(("args", "message"), [
    (["log", "--stakeholder", "1", "--kind", "coffee", "--date", "0001-01-01"],
     "date: 0001-01-01 is outside the years 1900-2199"),
    (["commitment", "add", "--stakeholder", "1", "--what", "x", "--due", "9999-12-30"],
     "due: 9999-12-30 is outside the years 1900-2199"),
    (["commitment", "add", "--stakeholder", "1", "--what", "x", "--due", "2026-12-30",
      "--effort", "inf"], "effort: inf hours is not from 0 to 200"),
    (["commitment", "add", "--stakeholder", "1", "--what", "x", "--due", "2026-12-30",
      "--effort", "nan"], "effort: nan hours is not from 0 to 200"),
    (["touchpoint", "add", "--stakeholder", "1", "--kind", "coffee", "--at",
      "9999-12-31T10:00"], "at: 9999-12-31 is outside the years 1900-2199"),
    (["reminders", "list", "--now", "9999-12-31T23:00"], "now: 9999-12-31 is outside"),
    (["plan", "--start", "0001-01-01", "--weeks", "1"], "start: 0001-01-01 is outside"),
    (["plan", "--start", "2026-12-07", "--weeks", "1", "--time-limit", "nan"],
     "time-limit: nan is not a number of seconds above 0 and up to 3600"),
    (["plan", "--start", "2020-01-06", "--weeks", "1", "--save"],
     "start: the plan's weeks (1 week from 2020-01-06) are over"),
    (["stakeholder", "edit", "1", "--budget", "99999999999999999999/month"],
     "budget: 99999999999999999999 touches per period is not from 0 to 999"),
    (["stakeholder", "edit", "1", "--max-silence", "99999999999999999999"],
     "argument --max-silence: 99999999999999999999 is too large"),
    (["event", "add", "--name", "Hack", "--date", "2027-01-14", "--seats", "10", "--days",
      "99999999"], "days: 99999999 is not a number of days from 1 to 366"),
    (["event", "add", "--name", "Hack", "--date", "2027-01-14", "--seats", "10", "--lead",
      "999999999"], "lead: 999999999 days is not from 0 to 365"),
    (["stakeholder", "edit", "1", "--timezone", "right/Europe/Berlin"],
     "timezone: unknown time zone 'right/Europe/Berlin'"),
    (["stakeholder", "edit", "1", "--timezone", "localtime"],
     "timezone: unknown time zone 'localtime'"),
    (["stakeholder", "edit", "1", "--max-silence", "3000000"],
     "max-silence: 3000000 days is too large: at most 3650 (10 years)"),
    (["stakeholder", "edit", "1", "--min-gap", "1000000000", "--max-silence", "1000000000"],
     "min-gap: 1000000000 days is too large: at most 3650 (10 years)"),
    (["stakeholder", "add", "--name", "Jonas", "--account", "Northwind", "--max-silence",
      "3651"], "max-silence: 3651 days is too large"),
])
def test_out_of_range_input_is_refused_and_changes_nothing(
    ingrid: Cli, args: list[str], message: str
) -> None:
    before = _state(ingrid)
    result = ingrid(*args)
    assert result.status == 2, result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert _state(ingrid) == before


def _state(cli: Cli) -> tuple[str, str, str, str]:
    return (cli("stakeholder", "show", "1", "--json").out,
            cli("commitment", "list", "--json").out,
            cli("touchpoint", "list", "--json").out,
            cli("event", "list", "--json").out)


def test_a_promise_is_not_marked_delivered_on_a_day_to_come(ingrid: Cli) -> None:
    assert ingrid("commitment", "add", "--stakeholder", "1", "--what", "Runbook", "--due",
                  "2199-01-01").status == 0
    before = _state(ingrid)
    result = ingrid("commitment", "done", "1", "--on", "2199-01-01")
    assert result.status == 2
    assert "on: 2199-01-01 is still to come" in result.err
    assert _state(ingrid) == before
