"""Stakeholder operations: create, change, find, remove, and the JSON contract."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.budget import Budget
from cadence.catalogue import kinds_by_keys
from cadence.errors import AmbiguousError, NotFoundError, ValidationError
from cadence.field_checks import one_line
from cadence.holiday_regions import check_holidays_setting
from cadence.models import Account, Stakeholder, Touchpoint, TouchpointKind
from cadence.name_match import ids_named
from cadence.settings import load_settings
from cadence.timezones import ensure_utc, utcnow, validate_zone
from cadence.vocabulary import (
    Channel,
    TouchpointStatus,
    clean_topics,
    format_weekdays,
    parse_enum,
)

#: The longest minimum gap or maximum silence: ten years (3,650 days). Longer ones mean
#: nothing to a plan, and dates that far out overflow its calendar.
LONGEST_GAP_DAYS = 3650

#: Touches still to be held: they follow their stakeholder to a new zone.
_TO_COME = (TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED, TouchpointStatus.ACCEPTED)


@dataclass(slots=True)
class StakeholderChanges:
    """Fields to set on a stakeholder; ``None`` leaves a field as it is.

    Kinds are named by key and channels by value, as a user types them; they are validated
    against the catalogue and vocabularies when applied. ``public_holidays`` is typed as
    :func:`~cadence.holiday_regions.check_holidays_setting` reads it (``"zone"`` to follow the
    time zone again).
    """

    name: str | None = None
    account: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    timezone: str | None = None
    importance: int | None = None
    budget: Budget | None = None
    min_gap_days: int | None = None
    max_silence_days: int | None = None
    likes: list[str] | None = None
    dislikes: list[str] | None = None
    interests: list[str] | None = None
    avoid_topics: list[str] | None = None
    channels: list[str] | None = None
    reachable_days: list[int] | None = None
    reachable_hours: tuple[time, time] | None = None
    notes: str | None = None
    public_holidays: str | None = None

    def is_empty(self) -> bool:
        """True when nothing would change."""
        return all(getattr(self, f.name) is None for f in fields(self))


def account_named(session: Session, name: str, *, create: bool = True) -> Account:
    """The account called ``name`` (case-insensitive), created if missing and allowed."""
    clean = one_line(name, "account")
    if not clean:
        raise ValidationError("account", "an account name is required")
    named = ids_named(session, Account.id, Account.name, clean)
    account = session.get(Account, named[0]) if named else None
    if account is None:
        if not create:
            raise NotFoundError(f"no account named {clean!r}")
        account = Account(name=clean)
        session.add(account)
    return account


def create_stakeholder(session: Session, changes: StakeholderChanges) -> Stakeholder:
    """Create a stakeholder from ``changes`` (``name`` and ``account`` are required).

    Without a time zone the stakeholder gets the account manager's own.

    Raises:
        ValidationError: a field is missing or invalid; nothing is added.
    """
    if not (changes.name or "").strip():
        raise ValidationError("name", "a name is required")
    if not (changes.account or "").strip():
        raise ValidationError("account", "an account is required")
    stakeholder = Stakeholder(
        name="", interests=[], avoid_topics=[], channels=["email", "video", "phone"],
        reachable_days=[0, 1, 2, 3, 4], reachable_start=time(9), reachable_end=time(17),
        timezone=load_settings(session).timezone, importance=3, budget_max=3,
        min_gap_days=14, max_silence_days=90,
    )
    apply_changes(session, stakeholder, changes)
    session.add(stakeholder)
    session.flush()
    return stakeholder


def apply_changes(session: Session, stakeholder: Stakeholder, changes: StakeholderChanges,
                  *, now: datetime | None = None) -> None:
    """Validate ``changes`` whole, then apply them to ``stakeholder``.

    A new time zone also becomes that of their touches still to come at ``now`` (the current
    instant unless given): suggested, snoozed or accepted, not yet ended. They keep their
    instants; past, done and dismissed touches keep the zone they were held in.

    Raises:
        ValidationError: naming the first invalid field; the stakeholder is left unchanged.
    """
    values = _validated_scalars(stakeholder, changes)
    likes, dislikes = _validated_attitudes(session, stakeholder, changes)
    account = account_named(session, changes.account) if changes.account is not None else None
    old_zone = stakeholder.timezone
    for name, value in values.items():
        setattr(stakeholder, name, value)
    if account is not None:
        stakeholder.account = account
    if changes.likes is not None or changes.dislikes is not None:
        stakeholder.set_attitudes(likes, dislikes)
    if stakeholder.id is not None and stakeholder.timezone != old_zone:
        _move_touches_to_come(session, stakeholder, ensure_utc(now or utcnow()))


def _move_touches_to_come(session: Session, stakeholder: Stakeholder, now: datetime) -> None:
    """Show ``stakeholder``'s touches still to come in their (new) zone: the slots stay put, and
    each changed zone is a changed calendar entry at the next export."""
    to_come = select(Touchpoint).where(
        Touchpoint.stakeholder_id == stakeholder.id, Touchpoint.status.in_(_TO_COME),
        Touchpoint.ends_at > now)
    for touchpoint in session.scalars(to_come):
        touchpoint.timezone = stakeholder.timezone


def check_changes(changes: StakeholderChanges) -> dict[str, object]:
    """Check a full set of fields (as a file supplies them) by the rules of
    :func:`apply_changes`, without a stakeholder to apply them to.

    Returns:
        The column values, cleaned as :func:`apply_changes` would store them.

    Raises:
        ValidationError: naming the first invalid field.
    """
    return _validated_scalars(Stakeholder(), changes)


def _validated_scalars(stakeholder: Stakeholder, c: StakeholderChanges) -> dict[str, object]:
    out: dict[str, object] = {}
    if c.name is not None:
        if not c.name.strip():
            raise ValidationError("name", "a name is required")
        out["name"] = one_line(c.name, "name")
    if c.email is not None:
        out["email"] = check_email(c.email)
    if c.timezone is not None:
        out["timezone"] = validate_zone(c.timezone.strip())
    if c.importance is not None:
        if not 1 <= c.importance <= 5:
            raise ValidationError("importance", f"{c.importance} is not between 1 and 5")
        out["importance"] = c.importance
    if c.budget is not None:
        out["budget_max"] = c.budget.max_touches
        out["budget_period"] = c.budget.period
    if c.public_holidays is not None:
        out["public_holidays"] = check_holidays_setting(c.public_holidays)
    out.update(_validated_gaps(stakeholder, c))
    out.update(_validated_lists(c))
    for name in ("role", "phone", "notes"):
        value = getattr(c, name)
        if value is not None:
            out[name] = value.strip()
    return out


def check_email(text: str, field: str = "email") -> str:
    """``text`` without outer spaces, if empty or an e-mail address; else a
    :class:`ValidationError` naming ``field``."""
    email = text.strip()
    if email and ("@" not in email or " " in email):
        raise ValidationError(field, f"{email!r} is not an email address")
    return email


def _validated_gaps(stakeholder: Stakeholder, c: StakeholderChanges) -> dict[str, int]:
    if c.min_gap_days is not None and c.min_gap_days < 0:
        raise ValidationError("min-gap", f"{c.min_gap_days} days is negative")
    if c.max_silence_days is not None and c.max_silence_days <= 0:
        raise ValidationError("max-silence", f"{c.max_silence_days} days is not positive")
    for field, days in (("min-gap", c.min_gap_days), ("max-silence", c.max_silence_days)):
        if days is not None and days > LONGEST_GAP_DAYS:
            raise ValidationError(
                field, f"{days} days is too large: at most {LONGEST_GAP_DAYS} (10 years)")
    gap = c.min_gap_days if c.min_gap_days is not None else stakeholder.min_gap_days
    silence = c.max_silence_days if c.max_silence_days is not None else stakeholder.max_silence_days
    if silence < gap:
        raise ValidationError(
            "max-silence", f"{silence} days is shorter than the minimum gap of {gap} days"
        )
    return {"min_gap_days": gap, "max_silence_days": silence}


def _validated_attitudes(
    session: Session, stakeholder: Stakeholder, c: StakeholderChanges
) -> tuple[list[TouchpointKind], list[TouchpointKind]]:
    likes = kinds_by_keys(session, c.likes, "likes") if c.likes is not None else stakeholder.likes
    dislikes = (
        kinds_by_keys(session, c.dislikes, "dislikes")
        if c.dislikes is not None
        else stakeholder.dislikes
    )
    # Named as the app's lists and the kinds catalogue show them ("Business review"), not by
    # the key a command line takes.
    disliked = {k.key for k in dislikes}
    both = sorted({k.name for k in likes if k.key in disliked}, key=str.casefold)
    if both:
        raise ValidationError("dislikes", f"{', '.join(both)} cannot be both liked and disliked")
    return likes, dislikes


def _validated_lists(c: StakeholderChanges) -> dict[str, object]:
    out: dict[str, object] = {}
    if c.interests is not None:
        out["interests"] = clean_topics(c.interests)
    if c.avoid_topics is not None:
        out["avoid_topics"] = clean_topics(c.avoid_topics)
    if c.channels is not None:
        channels = [parse_enum(Channel, ch, "channels").value for ch in c.channels]
        if not channels:
            raise ValidationError("channels", "at least one channel is needed")
        out["channels"] = list(dict.fromkeys(channels))
    if c.reachable_days is not None:
        if not c.reachable_days:
            # Said apart from a bad day number: "[] are not weekdays" says nothing useful.
            raise ValidationError("days", "pick at least one reachable day")
        if any(not 0 <= d <= 6 for d in c.reachable_days):
            raise ValidationError("days", f"{c.reachable_days!r} are not weekdays 0-6")
        out["reachable_days"] = sorted(set(c.reachable_days))
    if c.reachable_hours is not None:
        start, end = c.reachable_hours
        if start >= end:
            raise ValidationError("hours", "reachable hours end before they start")
        out["reachable_start"], out["reachable_end"] = start, end
    return out


def find_stakeholder(session: Session, ref: str) -> Stakeholder:
    """The stakeholder with id, name or e-mail address ``ref`` (any case).

    Raises:
        NotFoundError: nobody matches.
        AmbiguousError: several people share the name (use the id).
    """
    text = ref.strip()
    if text.isdigit():
        found = session.get(Stakeholder, int(text))
        if found is not None:
            return found
    by_email = ids_named(session, Stakeholder.id, Stakeholder.email, text) if "@" in text else []
    matches = [session.get_one(Stakeholder, i)
               for i in by_email or ids_named(session, Stakeholder.id, Stakeholder.name, text)]
    if not matches:
        # An id is worded as every other record's missing id is ("no commitment with id 9").
        missing = f"with id {text}" if text.isdigit() else repr(ref)
        raise NotFoundError(f"no stakeholder {missing}{_did_you_mean(session, text)}")
    if len(matches) > 1:
        raise AmbiguousError(f"{len(matches)} stakeholders are named {ref!r}: "
                             f"{'; '.join(_told_apart(s) for s in matches)}; "
                             "give the id or the e-mail address")
    return matches[0]


def _told_apart(person: Stakeholder) -> str:
    """``person`` as one of several of the same name: id, account and what else tells them
    apart ("7 at Acme, anna@acme.com")."""
    told = f"{person.id} at {person.account.name}"
    return f"{told}, {person.email}" if person.email else told


def _did_you_mean(session: Session, text: str) -> str:
    """"; did you mean ..." naming people whose name holds ``text`` or is close to it."""
    names = [(name, ident) for name, ident in session.execute(
        select(Stakeholder.name, Stakeholder.id))]
    lowered = text.casefold()
    near = [(n, i) for n, i in names if lowered and lowered in n.casefold()]
    if not near:  # a typo rather than a part of the name
        close = set(difflib.get_close_matches(text, [n for n, _ in names], n=3, cutoff=0.75))
        near = [(n, i) for n, i in names if n in close]
    if not near:
        return ""
    shown = ", ".join(f"{n!r} (id {i})" for n, i in sorted(near)[:5])
    more = f" and {len(near) - 5} more" if len(near) > 5 else ""
    return f"; did you mean {shown}{more}?"


def list_stakeholders(session: Session) -> list[Stakeholder]:
    """Every stakeholder, by account then name."""
    query = select(Stakeholder).join(Stakeholder.account).order_by(Account.name, Stakeholder.name)
    return list(session.scalars(query))


def remove_stakeholder(session: Session, stakeholder: Stakeholder) -> int:
    """Delete a stakeholder with their interactions, commitments and touchpoints.

    Returns:
        How many of their touches were exported to calendars: the next export writes each
        as cancelled (:mod:`cadence.models.withdrawn_entry`).
    """
    exported = session.scalar(select(func.count()).select_from(Touchpoint).where(
        Touchpoint.stakeholder_id == stakeholder.id, Touchpoint.exported_at.is_not(None),
        Touchpoint.status != TouchpointStatus.DISMISSED))  # those are cancelled already
    session.delete(stakeholder)
    session.flush()
    return exported or 0


def stakeholder_as_json(stakeholder: Stakeholder) -> dict[str, object]:
    """The stable JSON contract for one stakeholder (see the README)."""
    return {
        "id": stakeholder.id,
        "name": stakeholder.name,
        "account": stakeholder.account.name,
        "role": stakeholder.role,
        "email": stakeholder.email,
        "phone": stakeholder.phone,
        "timezone": stakeholder.timezone,
        "importance": stakeholder.importance,
        "budget": stakeholder.budget.as_json(),
        "min_gap_days": stakeholder.min_gap_days,
        "max_silence_days": stakeholder.max_silence_days,
        "channels": list(stakeholder.channels),
        "reachable_days": format_weekdays(stakeholder.reachable_days),
        "reachable_hours": f"{stakeholder.reachable_start:%H:%M}-{stakeholder.reachable_end:%H:%M}",
        "likes": [k.key for k in stakeholder.likes],
        "dislikes": [k.key for k in stakeholder.dislikes],
        "interests": list(stakeholder.interests),
        "avoid_topics": list(stakeholder.avoid_topics),
        "notes": stakeholder.notes,
        "public_holidays": stakeholder.public_holidays,
    }
