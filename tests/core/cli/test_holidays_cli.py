"""``--holidays``: whose public holidays a stakeholder and the manager observe, from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.cli.conftest import Cli, database_dump


def _add_ingrid(cli: Cli, *holidays: str) -> None:
    result = cli("stakeholder", "add", "--name", "Ingrid", "--account", "Northwind",
                 "--timezone", "Europe/Berlin", *holidays)
    assert result.status == 0, result.err


def _shown(cli: Cli, *command: str) -> object:
    shown = cli(*command, "--json").json()
    assert isinstance(shown, dict)
    return shown["public_holidays"]


def test_a_stakeholders_region_is_set_shown_and_given_back_to_the_zone(cli: Cli) -> None:
    _add_ingrid(cli, "--holidays", "de-by")
    assert _shown(cli, "stakeholder", "show", "Ingrid") == "DE-BY"
    assert "  public holidays: Bayern, Germany (DE-BY)\n" in cli("stakeholder", "show", "1").out

    assert cli("stakeholder", "edit", "1", "--holidays", "none").status == 0
    assert _shown(cli, "stakeholder", "show", "1") == "none"

    assert cli("stakeholder", "edit", "1", "--holidays", "zone").status == 0
    assert _shown(cli, "stakeholder", "show", "1") is None
    assert "  public holidays: from time zone (Germany)\n" in cli("stakeholder", "show", "1").out


def test_the_managers_region_is_set_shown_and_given_back_to_the_zone(cli: Cli) -> None:
    assert cli("settings", "set", "--timezone", "Europe/London",
               "--holidays", "GB-SCT").status == 0
    assert _shown(cli, "settings", "show") == "GB-SCT"
    assert "public holidays: Scotland, United Kingdom (GB-SCT)\n" in cli("settings", "show").out

    assert cli("settings", "set", "--holidays", "ZONE").status == 0
    assert _shown(cli, "settings", "show") is None
    assert "public holidays: from time zone (United Kingdom)\n" in cli("settings", "show").out


@pytest.mark.parametrize(("holidays", "message"), [
    ("XX", 'cadence: error: holidays: no country "XX"'),
    ("de-zz", 'cadence: error: holidays: Germany has no region "ZZ" (one of BB, BE, BW, BY'),
    ("", "cadence: error: holidays: give a country code such as DE"),
])
def test_a_bad_region_is_refused_naming_the_option_and_changes_nothing(
    cli: Cli, db_path: Path, holidays: str, message: str,
) -> None:
    _add_ingrid(cli, "--holidays", "DE-BE")
    before = database_dump(db_path)

    for command in (["stakeholder", "edit", "1", "--importance", "5"],
                    ["stakeholder", "add", "--name", "Tobias", "--account", "Northwind"],
                    ["settings", "set", "--capacity", "5"]):
        result = cli(*command, "--holidays", holidays)
        assert (result.status, result.out) == (2, "")
        assert result.err.startswith(message)
    assert database_dump(db_path) == before
