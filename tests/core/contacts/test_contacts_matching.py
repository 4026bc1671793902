"""The duplicate rules: same email (any case), or same name at the same account."""

from __future__ import annotations

import unicodedata

from cadence.contacts.matching import (
    SAME_EMAIL,
    SAME_NAME,
    StakeholderIndex,
    group_duplicates,
)
from cadence.contacts.records import ContactRecord
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import Database


def rec(name: str, org: str = "", email: str = "", line: int = 0, **more: str) -> ContactRecord:
    return ContactRecord(name=name, organisation=org, email=email, line=line, **more)


def test_same_email_in_any_case_is_one_person() -> None:
    groups = group_duplicates([
        rec("Zoë Ångström", "Nordlicht", "zoe@nordlicht.se", 2, title="CIO"),
        rec("Zoe Angstrom", "", "ZOE@Nordlicht.SE", 9, phone="+46 70 555 0101"),
    ])
    assert len(groups) == 1
    merged = groups[0].record
    assert (merged.name, merged.title, merged.phone) == ("Zoë Ångström", "CIO", "+46 70 555 0101")
    assert [(r.line, rule) for r, rule in groups[0].merged] == [(9, SAME_EMAIL)]


def test_same_name_at_the_same_account_is_one_person() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Ångström")  # as macOS exports it
    groups = group_duplicates([
        rec("Zoë Ångström", "Nordlicht Energi AB", line=2),
        rec(f"  {decomposed.upper()} ", "nordlicht energi ab", "zoe@nordlicht.se", line=3),
    ])
    assert [(r.line, rule) for r, rule in groups[0].merged] == [(3, SAME_NAME)]
    assert groups[0].record.email == "zoe@nordlicht.se"


def test_same_name_at_another_account_is_another_person() -> None:
    groups = group_duplicates([rec("Anna Berg", "Nordlicht"), rec("Anna Berg", "Wisła")])
    assert len(groups) == 2


def test_same_name_without_an_account_is_not_a_match() -> None:
    assert len(group_duplicates([rec("Anna Berg"), rec("Anna Berg")])) == 2


def test_a_chain_of_matches_folds_into_the_first_row() -> None:
    groups = group_duplicates([
        rec("Anna Berg", "Nordlicht", "", 2),
        rec("Anna Berg", "Nordlicht", "anna@nordlicht.se", 3),
        rec("A. Berg", "", "Anna@nordlicht.se", 4),
    ])
    assert len(groups) == 1
    assert [r.line for r, _rule in groups[0].merged] == [3, 4]


def test_the_database_index_finds_people_by_either_rule(database: Database) -> None:
    with database.transaction() as session:
        zoe = create_stakeholder(session, StakeholderChanges(
            name="Zoë Ångström", account="Nordlicht", email="Zoe@Nordlicht.se"))
        index = StakeholderIndex(session)
        by_email = index.find(rec("Someone Else", "Elsewhere", "zoe@nordlicht.SE"))
        by_name = index.find(rec("zoë ångström", "NORDLICHT"))
        assert by_email is not None
        assert (by_email.stakeholders, by_email.rule) == ([zoe], SAME_EMAIL)
        assert by_name is not None
        assert (by_name.stakeholders, by_name.rule) == ([zoe], SAME_NAME)
        assert index.find(rec("Zoë Ångström", "Wisła")) is None
