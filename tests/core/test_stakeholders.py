"""Stakeholders: creation, validation that names the field, preferences, removal."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.budget import Budget
from cadence.catalogue import kind_by_key
from cadence.errors import AmbiguousError, NotFoundError, ValidationError
from cadence.interactions import log_interaction
from cadence.models import Account, Interaction, Stakeholder, Touchpoint
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.stakeholders import (
    StakeholderChanges,
    apply_changes,
    create_stakeholder,
    find_stakeholder,
    remove_stakeholder,
    stakeholder_as_json,
)
from cadence.vocabulary import Period, TouchpointStatus
from tests.conftest import NOW, TODAY


def _ingrid(session: Session, **extra: object) -> Stakeholder:
    changes = StakeholderChanges(
        name="Ingrid Bauer", account="Northwind", timezone="Europe/Berlin", importance=5,
        budget=Budget(3, Period.QUARTER), min_gap_days=14, max_silence_days=60,
        likes=["hackathon"], dislikes=["generic-social"], interests=["AI", " supply chain "],
    )
    for key, value in extra.items():
        setattr(changes, key, value)
    return create_stakeholder(session, changes)


def test_create_stakeholder_with_budget_and_preferences(session: Session) -> None:
    person = _ingrid(session)
    data = stakeholder_as_json(person)
    assert data["account"] == "Northwind"
    assert data["budget"] == {"max": 3, "period": "quarter"}
    assert data["likes"] == ["hackathon"]
    assert data["dislikes"] == ["generic-social"]
    assert data["interests"] == ["ai", "supply chain"]
    assert data["timezone"] == "Europe/Berlin"


def test_accounts_are_shared_by_name_case_insensitively(session: Session) -> None:
    _ingrid(session)
    create_stakeholder(session, StakeholderChanges(name="Tobias", account="northwind"))
    assert session.scalar(select(func.count()).select_from(Account)) == 1


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("timezone", "Mars/Olympus", "timezone"),
        ("importance", 6, "importance"),
        ("min_gap_days", -1, "min-gap"),
        ("max_silence_days", 0, "max-silence"),
        ("likes", ["tennis"], "likes"),
        ("dislikes", ["hackathon"], "dislikes"),  # liked and disliked at once
        ("channels", ["pigeon"], "channels"),
        ("email", "not-an-address", "email"),
        ("name", "Ingrid\nBauer", "name"),  # names are one line
        ("name", "Ingrid\x00", "name"),
        ("account", "North\twind", "account"),
        ("min_gap_days", 3651, "min-gap"),  # at most ten years
        ("max_silence_days", 3_000_000, "max-silence"),
    ],
)
def test_invalid_values_name_their_field_and_add_nobody(
    session: Session, field: str, value: object, named: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _ingrid(session, **{field: value})
    assert caught.value.field == named
    assert session.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_max_silence_shorter_than_min_gap_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError, match="shorter than the minimum gap"):
        _ingrid(session, min_gap_days=30, max_silence_days=20)


@pytest.mark.parametrize(("extra", "message"), [
    # Said as settings says it of working days, not "[] are not weekdays 0-6".
    ({"reachable_days": []}, "days: pick at least one reachable day"),
    ({"reachable_days": [7]}, "days: [7] are not weekdays 0-6"),
    # Kinds are named as the app shows them, not by their key.
    ({"dislikes": ["hackathon"]}, "dislikes: Hackathon / co-innovation day invite cannot be "
                                  "both liked and disliked"),
])
def test_preferences_are_refused_in_the_users_words(
    session: Session, extra: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _ingrid(session, **extra)
    assert str(caught.value) == message
    assert session.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_a_missing_id_is_worded_as_other_missing_ids(session: Session) -> None:
    _ingrid(session)
    with pytest.raises(NotFoundError) as missing:
        find_stakeholder(session, " 99 ")
    assert str(missing.value) == "no stakeholder with id 99"


def test_failed_edit_leaves_the_stakeholder_unchanged(session: Session) -> None:
    person = _ingrid(session)
    with pytest.raises(ValidationError):
        apply_changes(session, person, StakeholderChanges(importance=2, timezone="Nowhere/City"))
    assert person.importance == 5
    assert person.timezone == "Europe/Berlin"


def test_edit_budget_and_preferences(session: Session) -> None:
    person = _ingrid(session)
    apply_changes(session, person, StakeholderChanges(
        budget=Budget(1, Period.MONTH), likes=["coffee", "hackathon"],
        reachable_hours=(time(8, 30), time(12)),
    ))
    session.flush()
    assert str(person.budget) == "1/month"
    assert [k.key for k in person.likes] == ["coffee", "hackathon"]
    assert [k.key for k in person.dislikes] == ["generic-social"]
    assert (person.reachable_start, person.reachable_end) == (time(8, 30), time(12))


def test_find_by_id_or_name(session: Session) -> None:
    person = _ingrid(session, email="ingrid@northwind.example")
    assert find_stakeholder(session, str(person.id)) is person
    assert find_stakeholder(session, "ingrid bauer") is person
    with pytest.raises(NotFoundError) as nobody:
        find_stakeholder(session, "Nobody")
    assert str(nobody.value) == "no stakeholder 'Nobody'"
    other = create_stakeholder(session, StakeholderChanges(name="Ingrid Bauer", account="Other"))
    session.flush()
    with pytest.raises(AmbiguousError) as two:
        find_stakeholder(session, "Ingrid Bauer")
    # Told apart by what the user can type instead, and where each one works.
    assert str(two.value) == (
        f"2 stakeholders are named 'Ingrid Bauer': {person.id} at Northwind, "
        f"ingrid@northwind.example; {other.id} at Other; give the id or the e-mail address")


def test_a_name_not_found_suggests_who_was_meant(session: Session) -> None:
    ingrid = _ingrid(session)
    for name in ("Mei Chen", "Olivia Chen"):
        create_stakeholder(session, StakeholderChanges(name=name, account="Lumen"))
    session.flush()
    ids = {p.name: p.id for p in session.scalars(select(Stakeholder))}

    with pytest.raises(NotFoundError) as first_name:
        find_stakeholder(session, "ingrid")
    assert str(first_name.value).endswith(f"did you mean 'Ingrid Bauer' (id {ingrid.id})?")
    with pytest.raises(NotFoundError) as typo:
        find_stakeholder(session, "Ingrid Baur")
    assert "did you mean 'Ingrid Bauer'" in str(typo.value)
    with pytest.raises(NotFoundError) as shared:  # never picks one of several for you
        find_stakeholder(session, "Chen")
    assert str(shared.value) == (
        f"no stakeholder 'Chen'; did you mean 'Mei Chen' (id {ids['Mei Chen']}), "
        f"'Olivia Chen' (id {ids['Olivia Chen']})?")


def test_removing_a_stakeholder_removes_their_history(session: Session) -> None:
    person = _ingrid(session)
    log_interaction(session, person, kind_key="coffee", now=NOW, when=TODAY, quality=4)
    remove_stakeholder(session, person)
    assert session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_a_new_stakeholder_defaults_to_the_managers_zone(session: Session) -> None:
    apply_settings(load_settings(session), SettingsChanges(timezone="Asia/Singapore"))
    person = create_stakeholder(session, StakeholderChanges(name="Wei Ling", account="Lumen"))
    assert person.timezone == "Asia/Singapore"


def test_names_match_in_any_case_in_any_script(session: Session) -> None:
    emile = create_stakeholder(session, StakeholderChanges(name="Émile Zola", account="Öko AG"))
    otto = create_stakeholder(session, StakeholderChanges(name="Otto", account="ÖKO ag"))
    assert otto.account is emile.account  # not a second "Öko AG", which the database refuses
    assert find_stakeholder(session, "émile zola") is emile
    assert find_stakeholder(session, " ÉMILE ZOLA ") is emile


def test_a_new_zone_carries_their_touches_to_come_and_leaves_their_history(
    session: Session,
) -> None:
    person = _ingrid(session)
    coffee = kind_by_key(session, "coffee")
    an_hour = timedelta(hours=1)
    touches: dict[str, Touchpoint] = {}
    for label, status, start in [
        ("suggested", TouchpointStatus.SUGGESTED, NOW + timedelta(days=2)),
        ("snoozed", TouchpointStatus.SNOOZED, NOW + timedelta(days=3)),
        ("accepted", TouchpointStatus.ACCEPTED, NOW + timedelta(days=4)),
        ("under way", TouchpointStatus.ACCEPTED, NOW - timedelta(minutes=30)),
        ("over", TouchpointStatus.ACCEPTED, NOW - timedelta(days=1)),
        ("done", TouchpointStatus.DONE, NOW - timedelta(days=2)),
        ("dismissed", TouchpointStatus.DISMISSED, NOW + timedelta(days=5)),
    ]:
        touches[label] = Touchpoint(
            stakeholder=person, kind=coffee, channel=coffee.channel, starts_at=start,
            ends_at=start + an_hour, timezone=person.timezone, status=status)
    session.add_all(touches.values())
    session.flush()

    apply_changes(session, person, StakeholderChanges(timezone="America/New_York"), now=NOW)
    session.flush()

    assert {label: tp.timezone for label, tp in touches.items()} == {
        "suggested": "America/New_York", "snoozed": "America/New_York",
        "accepted": "America/New_York", "under way": "America/New_York",
        "over": "Europe/Berlin", "done": "Europe/Berlin", "dismissed": "Europe/Berlin"}
    # The same instant (09:00 in Berlin), shown on their new clock.
    assert touches["accepted"].starts_at == datetime(2026, 11, 27, 8, tzinfo=UTC)
    assert f"{touches['accepted'].local_start:%Y-%m-%d %H:%M %Z}" == "2026-11-27 03:00 EST"


def test_your_name_is_one_line_as_it_goes_into_invitations(session: Session) -> None:
    settings = load_settings(session)
    apply_settings(settings, SettingsChanges(name="  Mia Manager "))
    assert settings.name == "Mia Manager"
    with pytest.raises(ValidationError) as refused:
        apply_settings(settings, SettingsChanges(name="Mia\tManager"))
    assert refused.value.field == "name"
    assert settings.name == "Mia Manager"
