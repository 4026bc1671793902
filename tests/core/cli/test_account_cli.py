"""``cadence account``: the tiers a manager sets per client, and clear refusals."""

from __future__ import annotations

from tests.core.cli.conftest import Cli


def test_a_manager_sets_an_account_s_tier_and_lists_it(cli: Cli) -> None:
    for name, account in (("Ingrid", "Northwind"), ("Amelia", "Harbour")):
        assert cli("stakeholder", "add", "--name", name, "--account", account).status == 0

    edited = cli("account", "edit", "northwind", "--tier", "1", "--name", "Northwind Logistics")
    assert edited.status == 0, edited.err
    assert edited.out.strip() == "updated account Northwind Logistics (tier 1 strategic)"

    listed = cli("account", "list", "--json").json()
    assert [(a["name"], a["tier"], a["stakeholders"]) for a in listed] == [  # type: ignore[index,union-attr]
        ("Harbour", 2, 1), ("Northwind Logistics", 1, 1)]
    rows = cli("account", "list").out.splitlines()[2:]
    assert rows[1].split()[1:6] == ["Northwind", "Logistics", "1", "strategic", "1"]


def test_refusals_name_the_problem_and_change_nothing(cli: Cli) -> None:
    for name, account in (("Ingrid", "Northwind"), ("Amelia", "Harbour")):
        assert cli("stakeholder", "add", "--name", name, "--account", account).status == 0
    before = cli("account", "list", "--json").out

    clash = cli("account", "edit", "Northwind", "--name", "HARBOUR", "--tier", "1")
    assert (clash.status, clash.err.strip()) == (
        2, "cadence: error: name: another account is already named 'HARBOUR'")
    busy = cli("account", "remove", "Harbour")
    assert busy.status == 2
    assert "Harbour still has 1 stakeholder" in busy.err
    assert cli("account", "edit", "Nowhere", "--tier", "1").status == 2
    assert cli("account", "edit", "Harbour", "--tier", "7").status == 2  # not a tier
    assert cli("account", "list", "--json").out == before
