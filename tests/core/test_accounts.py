"""Client accounts: listed with their people, renamed, re-tiered, removed once empty."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cadence.accounts import (
    AccountChanges,
    account_summaries,
    edit_account,
    find_account,
    remove_account,
    usual_zones,
)
from cadence.errors import NotFoundError, ValidationError
from cadence.stakeholders import StakeholderChanges, apply_changes, create_stakeholder


def _people(session: Session) -> None:
    for name, account in (("Ingrid", "Northwind"), ("Jonas", "Northwind"), ("Amelia", "Harbour")):
        create_stakeholder(session, StakeholderChanges(name=name, account=account))


def test_accounts_are_listed_by_name_with_their_people(session: Session) -> None:
    _people(session)
    listed = [(a.name, a.tier, a.stakeholders) for a in account_summaries(session)]
    assert listed == [("Harbour", 2, 1), ("Northwind", 2, 2)]


def test_an_account_s_usual_zone_is_where_most_of_its_people_are(session: Session) -> None:
    for name, account, zone in (("Ingrid", "Northwind", "Europe/Berlin"),
                                ("Jonas", "Northwind", "America/Chicago"),
                                ("Mia", "Northwind", "America/Chicago"),
                                ("Amelia", "Harbour", "Europe/London"),
                                ("Tom", "Harbour", "Asia/Tokyo")):
        create_stakeholder(session, StakeholderChanges(name=name, account=account,
                                                       timezone=zone))
    assert usual_zones(session) == {"northwind": "America/Chicago",
                                    "harbour": "Asia/Tokyo"}  # a tie: the first by name


def test_an_account_is_renamed_and_re_tiered_for_all_its_people(session: Session) -> None:
    _people(session)
    northwind = find_account(session, "northwind")
    edit_account(session, northwind, AccountChanges(name=" Northwind Logistics ", tier=1,
                                                    notes="renewal in Q2"))
    assert [(p.name, p.account.name, p.account.tier) for p in northwind.stakeholders] == [
        ("Ingrid", "Northwind Logistics", 1), ("Jonas", "Northwind Logistics", 1)]
    assert find_account(session, str(northwind.id)).notes == "renewal in Q2"


@pytest.mark.parametrize(("changes", "field", "message"), [
    (AccountChanges(name="harbour"), "name", "another account is already named 'harbour'"),
    (AccountChanges(name="  "), "name", "an account name is required"),
    (AccountChanges(tier=4), "tier", "4 is not a tier"),
    (AccountChanges(name="Northwind Logistics", tier=0), "tier", "0 is not a tier"),
    (AccountChanges(name="North\nwind"), "name", "has a line break, tab or other control"),
])
def test_a_bad_change_names_its_field_and_changes_nothing(
    session: Session, changes: AccountChanges, field: str, message: str
) -> None:
    _people(session)
    northwind = find_account(session, "Northwind")
    with pytest.raises(ValidationError, match=message) as raised:
        edit_account(session, northwind, changes)
    assert raised.value.field == field
    assert (northwind.name, northwind.tier) == ("Northwind", 2)


def test_only_an_account_nobody_works_at_can_be_removed(session: Session) -> None:
    _people(session)
    harbour = find_account(session, "Harbour")
    with pytest.raises(ValidationError, match="Harbour still has 1 stakeholder: move or remove"):
        remove_account(session, harbour)
    amelia = harbour.stakeholders[0]
    apply_changes(session, amelia, StakeholderChanges(account="Northwind"))
    session.refresh(harbour)
    remove_account(session, harbour)
    assert [a.name for a in account_summaries(session)] == ["Northwind"]
    with pytest.raises(NotFoundError, match="no account 'Harbour'"):
        find_account(session, "Harbour")
    # A number is an id, worded as for every other record.
    with pytest.raises(NotFoundError, match=r"^no account with id 999$"):
        find_account(session, "999")


def test_an_account_is_found_and_kept_unique_in_any_case_in_any_script(
        session: Session) -> None:
    create_stakeholder(session, StakeholderChanges(name="Emil", account="Öko AG"))
    create_stakeholder(session, StakeholderChanges(name="Ute", account="Übersee GmbH"))
    oko = find_account(session, "öko ag")
    assert oko.name == "Öko AG"
    with pytest.raises(ValidationError, match="another account is already named"):
        edit_account(session, find_account(session, "ÜBERSEE GMBH"), AccountChanges(name="ÖKO AG"))
