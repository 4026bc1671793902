"""Whose public holidays a time zone stands for, and which days they are in a region."""

from __future__ import annotations

from datetime import date

import pytest

from cadence.public_holidays import country_of_zone, holiday_on, holidays_from


@pytest.mark.parametrize(("zone_name", "country"), [
    ("Europe/Berlin", "DE"),
    ("America/Chicago", "US"),
    ("Asia/Singapore", "SG"),
    # Old names, still in many address books and calendars, follow their zone.
    ("US/Eastern", "US"),
    ("Asia/Calcutta", "IN"),
    ("GB", "GB"),
    # Zones of no country: no public holidays at all.
    ("UTC", None),
    ("Etc/GMT+5", None),
])
def test_a_zone_stands_for_its_country(zone_name: str, country: str | None) -> None:
    assert country_of_zone(zone_name) == country


def test_holidays_are_named_and_only_nationwide_ones_count() -> None:
    assert holiday_on("US", date(2030, 11, 28)) == "Thanksgiving Day"
    assert holiday_on("DE", date(2030, 10, 3)) == "German Unity Day"
    assert holiday_on("US", date(2030, 11, 29)) is None
    # Epiphany is a holiday in Bavaria only: a zone cannot tell the state.
    assert holiday_on("DE", date(2030, 1, 6)) is None
    assert holiday_on(None, date(2030, 12, 25)) is None
    # A country tzdata knows before the holidays package does: none known, no failure.
    assert holiday_on("XX", date(2030, 12, 25)) is None


def test_a_region_adds_its_own_holidays_to_the_nationwide_ones() -> None:
    assert holiday_on("DE-BY", date(2030, 1, 6)) == "Epiphany"
    assert holiday_on("DE-BY", date(2030, 6, 20)) == "Corpus Christi"
    assert holiday_on("DE-BE", date(2030, 6, 20)) is None
    assert holiday_on("DE-BY", date(2030, 10, 3)) == "German Unity Day"
    # Scotland's 2 January, not England's.
    assert holiday_on("GB-SCT", date(2030, 1, 2)) is not None
    assert holiday_on("GB-ENG", date(2030, 1, 2)) is None


def test_the_days_off_in_a_week_are_those_of_the_region() -> None:
    monday = date(2031, 1, 6)
    assert holidays_from("DE-BY", monday, 7) == {monday: "Epiphany"}
    assert holidays_from("DE", monday, 7) == {}
    assert holidays_from(None, date(2030, 12, 23), 7) == {}
