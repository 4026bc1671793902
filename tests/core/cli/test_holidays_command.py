"""``cadence holidays list|show``: finding a ``--holidays`` code and the days it keeps free."""

from __future__ import annotations

import re

from tests.core.cli.conftest import Cli


def test_the_countries_and_a_countrys_regions_are_listed_with_their_codes(cli: Cli) -> None:
    countries = cli("holidays", "list")
    assert countries.status == 0, countries.err
    assert re.search(r"^DE +Germany \(DE\)$", countries.out, re.M)
    regions = cli("holidays", "list", "de")
    assert re.search(r"^DE-BY +Bayern, Germany \(DE-BY\)$", regions.out, re.M)
    assert "Germany (DE)\n" not in regions.out, "only its regions"
    assert cli("holidays", "list", "SG").out == "Singapore (SG) has no regions here: use SG\n"
    assert {"code": "GB-SCT", "name": "Scotland, United Kingdom (GB-SCT)"} in cli(
        "holidays", "list", "GB", "--json").json()  # type: ignore[operator]


def test_an_unknown_country_or_region_is_refused_by_name(cli: Cli) -> None:
    unknown = cli("holidays", "list", "XX")
    assert unknown.status == 2
    assert unknown.err.startswith('cadence: error: country: no country "XX"')
    no_region = cli("holidays", "show", "US-ZZ")
    assert no_region.status == 2
    assert 'United States has no region "ZZ"' in no_region.err


def test_a_regions_holidays_of_a_year_are_shown_day_by_day(cli: Cli) -> None:
    bavaria = cli("holidays", "show", "DE-BY", "--year", "2027")
    assert bavaria.status == 0, bavaria.err
    assert bavaria.out.startswith("Public holidays in 2027: Bayern, Germany (DE-BY)\n")
    assert "2027-01-06  Wed  Epiphany" in bavaria.out
    assert "2027-05-27  Thu  Corpus Christi" in bavaria.out
    berlin = cli("holidays", "show", "DE-BE", "--year", "2027")
    assert "Epiphany" not in berlin.out
    shown = cli("holidays", "show", "DE", "--year", "2027", "--json").json()
    assert isinstance(shown, dict)
    assert shown["region"] == "DE"
    assert {"date": "2027-10-03", "name": "German Unity Day"} in shown["holidays"]


def test_yours_and_a_stakeholders_follow_the_settings_and_the_profile(cli: Cli) -> None:
    assert cli("settings", "set", "--timezone", "Europe/Berlin").status == 0
    yours = cli("holidays", "show", "--year", "2027")
    assert yours.out.startswith("Public holidays in 2027 for you: from time zone (Germany)\n")
    assert "German Unity Day" in yours.out
    assert cli("settings", "set", "--holidays", "none").status == 0
    assert cli("holidays", "show", "--year", "2027").out.endswith(": none\nnone\n")

    assert cli("stakeholder", "add", "--name", "Ingrid", "--account", "Northwind",
               "--timezone", "Europe/Berlin", "--holidays", "DE-BY").status == 0
    theirs = cli("holidays", "show", "--stakeholder", "Ingrid", "--year", "2027")
    assert theirs.out.startswith("Public holidays in 2027 for Ingrid: Bayern, Germany (DE-BY)")
    assert "Epiphany" in theirs.out


def test_a_year_out_of_range_is_refused(cli: Cli) -> None:
    result = cli("holidays", "show", "DE", "--year", "99999")
    assert result.status == 2
    assert "year: 99999 is not between 1900 and 2200" in result.err
