"""Client accounts: their names, tiers (how much a warm relationship there is worth) and notes.

An account is created the first time a stakeholder names it; here it is listed, renamed,
re-tiered and, once nobody works there any more, removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.errors import NotFoundError, ValidationError
from cadence.field_checks import one_line
from cadence.models import Account, Stakeholder
from cadence.name_match import ids_named, same_name_key
from cadence.wording import counted

TIERS = {1: "strategic", 2: "core", 3: "occasional"}
"""What each tier means; tier 1 weighs most in the plan (see ``cadence.planner.scoring``)."""


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """One account as listed: its fields and how many stakeholders work there."""

    id: int
    name: str
    tier: int
    notes: str
    stakeholders: int


@dataclass(frozen=True, slots=True)
class AccountChanges:
    """Fields to change on an account; ``None`` leaves a field as it is."""

    name: str | None = None
    tier: int | None = None
    notes: str | None = None


def account_summaries(session: Session) -> list[AccountSummary]:
    """Every account by name, with its number of stakeholders."""
    people = (select(Stakeholder.account_id, func.count().label("people"))
              .group_by(Stakeholder.account_id).subquery())
    query = (select(Account, func.coalesce(people.c.people, 0))
             .outerjoin(people, people.c.account_id == Account.id)
             .order_by(func.lower(Account.name)))
    return [AccountSummary(a.id, a.name, a.tier, a.notes, int(count))
            for a, count in session.execute(query)]


def usual_zones(session: Session) -> dict[str, str]:
    """Each account's name (its :func:`~cadence.name_match.same_name_key`) and the time zone
    most of its stakeholders are in (the first by name on a tie): where a new colleague of
    theirs most likely is."""
    counts = (select(Account.name, Stakeholder.timezone, func.count().label("people"))
              .join(Stakeholder.account).group_by(Account.name, Stakeholder.timezone)
              .order_by(Account.name, func.count().desc(), Stakeholder.timezone))
    zones: dict[str, str] = {}
    for name, zone_name, _people in session.execute(counts):
        zones.setdefault(same_name_key(name), zone_name)
    return zones


def find_account(session: Session, ref: str) -> Account:
    """The account with id ``ref`` or named ``ref`` (case-insensitive).

    Raises:
        NotFoundError: no account matches.
    """
    text = ref.strip()
    found = session.get(Account, int(text)) if text.isdigit() else None
    if found is None:
        named = ids_named(session, Account.id, Account.name, text)
        found = session.get(Account, named[0]) if named else None
    if found is None:
        raise NotFoundError(f"no account with id {text}" if text.isdigit()
                            else f"no account {ref!r}")
    return found


def check_account_fields(name: str, tier: int) -> None:
    """An account has a name (one line) and one of the :data:`TIERS`.

    Raises:
        ValidationError: naming the field at fault.
    """
    if not one_line(name, "name"):
        raise ValidationError("name", "an account name is required")
    if tier not in TIERS:
        raise ValidationError("tier", f"{tier} is not a tier: 1 (strategic), 2 (core) or 3 "
                                      "(occasional)")


def edit_account(session: Session, account: Account, changes: AccountChanges) -> None:
    """Rename, re-tier or annotate ``account``; checks everything before changing anything.

    Raises:
        ValidationError: an empty or taken name, or a tier outside 1-3.
    """
    name = account.name if changes.name is None else changes.name.strip()
    tier = account.tier if changes.tier is None else changes.tier
    check_account_fields(name, tier)
    if [i for i in ids_named(session, Account.id, Account.name, name) if i != account.id]:
        raise ValidationError("name", f"another account is already named {name!r}")
    account.name, account.tier = name, tier
    if changes.notes is not None:
        account.notes = changes.notes.strip()
    session.flush()


def check_removable(account: Account) -> None:
    """Refuse to remove an account people still work at.

    Raises:
        ValidationError: stakeholders still work there (remove or move them first).
    """
    people = len(account.stakeholders)
    if people:
        raise ValidationError(
            "account", f"{account.name} still has {counted(people, 'stakeholder')}: move or "
                       "remove them first")


def remove_account(session: Session, account: Account) -> None:
    """Delete an account nobody works at any more (see :func:`check_removable`)."""
    check_removable(account)
    session.delete(account)
    session.flush()


def account_as_json(summary: AccountSummary) -> dict[str, object]:
    """One account for JSON output."""
    return {"id": summary.id, "name": summary.name, "tier": summary.tier,
            "tier_meaning": TIERS[summary.tier], "notes": summary.notes,
            "stakeholders": summary.stakeholders}
