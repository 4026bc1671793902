"""``cadence event edit|remove|list``: events as the venue sees them, seats never oversold."""

from __future__ import annotations

import pytest

from tests.core.cli.conftest import Cli


@pytest.fixture
def hackathon(cli: Cli) -> Cli:
    """An event in Berlin, two days from 2027-01-14, with 12 seats."""
    added = cli("event", "add", "--name", "AI Hackathon", "--date", "2027-01-14", "--seats", "12",
                "--days", "2", "--topics", "ai,data", "--timezone", "Europe/Berlin")
    assert added.status == 0, added.err
    return cli


def test_list_shows_the_venue_s_time_and_the_seats_taken(hackathon: Cli) -> None:
    listed = hackathon("event", "list").out.splitlines()
    assert listed[0].split() == ["id", "name", "when", "(venue", "time)", "seats", "taken",
                                 "topics"]
    assert "Thu 2027-01-14 09:00-Fri 2027-01-15 17:00 Europe/Berlin  12     0      ai, data" \
        in listed[2]


def test_edit_changes_what_is_given_and_keeps_the_hours(hackathon: Cli) -> None:
    result = hackathon("event", "edit", "1", "--date", "2027-02-04", "--days", "1",
                       "--seats", "8", "--timezone", "Asia/Tokyo")
    assert result.status == 0, result.err
    assert result.out.strip() == ("changed event 1: AI Hackathon, Thu 2027-02-04 09:00-17:00 "
                                  "Asia/Tokyo, 8 seats (0 taken)")
    [event] = hackathon("event", "list", "--json").json()  # type: ignore[misc]
    assert (event["start"], event["seats"], event["topics"]) == (
        "2027-02-04T00:00:00+00:00", 8, ["ai", "data"])


def test_an_evening_event_is_added_and_moved_at_the_venue_s_hours(cli: Cli) -> None:
    added = cli("event", "add", "--name", "AI Meetup", "--date", "2027-01-14", "--seats", "40",
                "--hours", "18:00-21:00", "--timezone", "Europe/London")
    assert added.status == 0, added.err
    assert added.out.strip() == ("added event 1: AI Meetup, Thu 2027-01-14 18:00-21:00 "
                                 "Europe/London, with 40 seats")
    moved = cli("event", "edit", "1", "--hours", "17:30-20:00",
                "--url", "https://example.com/meetup")
    assert moved.status == 0, moved.err
    [event] = cli("event", "list", "--json").json()  # type: ignore[misc]
    assert (event["start"], event["end"], event["url"]) == (
        "2027-01-14T17:30:00+00:00", "2027-01-14T20:00:00+00:00", "https://example.com/meetup")


@pytest.mark.parametrize(("args", "message"), [
    (["9", "--seats", "3"], "no event with id 9"),
    (["1", "--seats", "-1"], "seats: -1 seats is negative"),
    (["1", "--date", "someday"], "date: 'someday' is not a date"),
    (["1", "--timezone", "Mars/Olympus", "--seats", "5"], "timezone"),
    (["1", "--hours", "9-5"], "hours: '9-5' is not of the form HH:MM-HH:MM"),
    (["1", "--url", "www.example.com"], "url: 'www.example.com' is not a web address"),
    (["1", "--days", "1", "--hours", "18:00-09:00"],
     "hours: the event ends (09:00 on its last day) before it starts (18:00 on its first)"),
    (["1", "--date", "2020-01-01"], "date: 2020-01-01 is over"),  # as `event add` refuses it
])
def test_a_refused_edit_changes_nothing(hackathon: Cli, args: list[str], message: str) -> None:
    before = hackathon("event", "list", "--json").out
    result = hackathon("event", "edit", *args)
    assert result.status == 2
    assert message in result.err
    assert hackathon("event", "list", "--json").out == before


def test_remove(hackathon: Cli) -> None:
    result = hackathon("event", "remove", "1")
    assert result.status == 0, result.err
    assert result.out.strip() == "removed event 1: AI Hackathon"
    assert hackathon("event", "list", "--json").json() == []
    assert hackathon("event", "remove", "1").status == 2
