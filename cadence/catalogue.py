"""The touchpoint-kind catalogue: the defaults from the domain, and lookups by key."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from cadence.errors import NotFoundError, ValidationError
from cadence.field_checks import WEEK_MINUTES, check_between, one_line
from cadence.models import Event, Interaction, Touchpoint, TouchpointKind
from cadence.name_match import same_name_key
from cadence.vocabulary import Channel, KindPurpose, parse_enum
from cadence.wording import counted

_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A default kind (values 0-10; pressure is the social obligation it puts on the client)."""

    key: str
    name: str
    value: int
    pressure: int
    duration_minutes: int
    prep_minutes: int
    channel: Channel
    purpose: KindPurpose
    description: str
    reminder_lead_minutes: int | None = None
    """How long before such a touch to remind the manager; ``None``: the workspace setting."""


DEFAULT_KINDS: tuple[KindSpec, ...] = (
    KindSpec("hackathon", "Hackathon / co-innovation day invite", 9, 1, 480, 30,
             Channel.IN_PERSON, KindPurpose.EVENT_INVITE,
             "A dated event with seats, offered to stakeholders whose interests match.",
             reminder_lead_minutes=24 * 60),  # a day on site: the reminder comes the day before
    KindSpec("business-review", "Business review", 9, 1, 60, 120, Channel.VIDEO,
             KindPurpose.REVIEW, "What we did, what's next: a quarterly rhythm for key people."),
    KindSpec("improvement-proposal", "Improvement proposal", 8, 1, 45, 180, Channel.VIDEO,
             KindPurpose.PROPOSAL, "Something new that can help their business; needs a "
             "real thing to show."),
    KindSpec("status-update", "Commitment status update", 5, 0, 20, 15, Channel.VIDEO,
             KindPurpose.STATUS_UPDATE, "Before a due date: make progress visible."),
    KindSpec("coffee", "Coffee check-in", 4, 1, 30, 5, Channel.IN_PERSON, KindPurpose.KEEP_WARM,
             "A keep-warm touch so the contact is not lost; not overdone."),
    KindSpec("lunch", "Lunch", 5, 5, 75, 10, Channel.IN_PERSON, KindPurpose.SOCIAL,
             "Only for stakeholders who like it."),
    KindSpec("generic-social", "Generic social (tennis, golf, a box at a game)", 2, 8, 240, 30,
             Channel.IN_PERSON, KindPurpose.SOCIAL,
             "Puts pressure on the client; never for those who dislike it."),
    KindSpec("email-checkin", "Short email / IM check-in", 2, 0, 5, 5, Channel.EMAIL,
             KindPurpose.KEEP_WARM, "The cheapest keep-warm touch."),
)


def validate_key(key: str) -> str:
    """A kind key is a short slug: lower-case words joined by hyphens."""
    if not _KEY_RE.match(key) or len(key) > 60:
        raise ValidationError("key", f"{key!r} is not a slug like 'business-review'")
    return key


def key_from_name(name: str) -> str:
    """The slug a kind called ``name`` gets by default: "Site visit!" -> "site-visit"."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:60].strip("-")


def seed_default_kinds(session: Session) -> None:
    """Add the default catalogue (used when a workspace is created)."""
    for spec in DEFAULT_KINDS:
        session.add(
            TouchpointKind(
                key=spec.key, name=spec.name, value=spec.value, pressure=spec.pressure,
                duration_minutes=spec.duration_minutes, prep_minutes=spec.prep_minutes,
                channel=spec.channel, purpose=spec.purpose, description=spec.description,
                reminder_lead_minutes=spec.reminder_lead_minutes,
            )
        )


def all_kinds(session: Session) -> list[TouchpointKind]:
    """Every kind, by key."""
    return list(session.scalars(select(TouchpointKind).order_by(TouchpointKind.key)))


def kind_by_key(session: Session, key: str, field: str = "kind") -> TouchpointKind:
    """The kind with ``key``.

    Raises:
        ValidationError: no kind has that key (the message lists the known keys).
    """
    kind = session.scalar(select(TouchpointKind).where(TouchpointKind.key == key.strip()))
    if kind is None:
        known = ", ".join(k.key for k in all_kinds(session))
        raise ValidationError(field, f"unknown kind {key!r} (known: {known})")
    return kind


def kinds_by_keys(session: Session, keys: list[str], field: str) -> list[TouchpointKind]:
    """Resolve a list of keys, failing on the first unknown one."""
    return [kind_by_key(session, key, field) for key in keys]


def kind_by_id(session: Session, kind_id: int) -> TouchpointKind:
    """The kind with primary key ``kind_id``."""
    kind = session.get(TouchpointKind, kind_id)
    if kind is None:
        raise NotFoundError(f"no touchpoint kind with id {kind_id}")
    return kind


def kind_as_json(kind: TouchpointKind) -> dict[str, object]:
    """The JSON contract for a kind (``kinds list --json``)."""
    return {
        "key": kind.key,
        "name": kind.name,
        "value": kind.value,
        "pressure": kind.pressure,
        "duration_minutes": kind.duration_minutes,
        "prep_minutes": kind.prep_minutes,
        "channel": kind.channel.value,
        "purpose": kind.purpose.value,
        "reminder_lead_minutes": kind.reminder_lead_minutes,
    }


@dataclass(slots=True)
class KindChanges:
    """Fields to set on a kind; ``None`` leaves a field as it is.

    ``reminder_lead_default`` clears the kind's own reminder lead time, so touches of the kind
    are reminded by the workspace setting again.
    """

    name: str | None = None
    value: int | None = None
    pressure: int | None = None
    duration_minutes: int | None = None
    prep_minutes: int | None = None
    channel: str | None = None
    purpose: str | None = None
    description: str | None = None
    reminder_lead_minutes: int | None = None
    reminder_lead_default: bool = False


def add_kind(session: Session, key: str, changes: KindChanges) -> TouchpointKind:
    """Add a kind to the catalogue; every field but ``description`` is required.

    Raises:
        ValidationError: the key is taken or malformed, or a field is missing or out of range.
    """
    # The name first: the app derives the key from it, so an empty name is the cause.
    if changes.name is None or not changes.name.strip():
        raise ValidationError("name", "a kind needs a name")
    validate_key(key)
    if session.scalar(select(TouchpointKind).where(TouchpointKind.key == key)) is not None:
        raise ValidationError("key", f"a kind {key!r} already exists")
    for field in ("value", "pressure", "duration_minutes", "channel", "purpose"):
        if getattr(changes, field) is None:
            raise ValidationError(field.replace("_minutes", ""), "required for a new kind")
    kind = TouchpointKind(key=key, prep_minutes=0, description="")
    edit_kind(kind, changes)
    check_name_free(session, kind.name, None)
    session.add(kind)
    session.flush()
    return kind


def check_name_free(session: Session, name: str, kind_id: int | None) -> None:
    """Refuse a name another kind already has (in any case, as people read names),
    since pickers list kinds by name."""
    key = same_name_key(name)
    for other_id, other in session.execute(select(TouchpointKind.id, TouchpointKind.name)):
        if other_id != kind_id and same_name_key(other) == key:
            raise ValidationError("name", f"another kind is already named {other!r}")


def edit_kind(kind: TouchpointKind, changes: KindChanges) -> None:
    """Validate ``changes`` whole, then apply them to ``kind`` (a stored kind's new name must
    be free: see :func:`check_name_free`)."""
    values: dict[str, object] = {}
    for field in ("value", "pressure"):
        number = getattr(changes, field)
        if number is not None:
            values[field] = check_between(number, 0, 10, field)
    # Minutes are bounded by a week, as the workspace's reminder lead is: a touch never fits
    # a longer stretch of working hours, and preparation lengthens its reminder.
    if changes.duration_minutes is not None:
        values["duration_minutes"] = check_between(
            changes.duration_minutes, 1, WEEK_MINUTES, "duration")
    if changes.prep_minutes is not None:
        values["prep_minutes"] = check_between(changes.prep_minutes, 0, WEEK_MINUTES, "prep")
    if changes.reminder_lead_minutes is not None and changes.reminder_lead_default:
        raise ValidationError("reminder-lead", "give minutes or 'none', not both")
    if changes.reminder_lead_minutes is not None:
        values["reminder_lead_minutes"] = check_between(
            changes.reminder_lead_minutes, 0, WEEK_MINUTES, "reminder-lead")
    if changes.reminder_lead_default:
        values["reminder_lead_minutes"] = None
    if changes.channel is not None:
        values["channel"] = parse_enum(Channel, changes.channel, "channel")
    if changes.purpose is not None:
        values["purpose"] = parse_enum(KindPurpose, changes.purpose, "purpose")
    if changes.name is not None:
        if not changes.name.strip():
            raise ValidationError("name", "a kind needs a name")
        name = one_line(changes.name, "name")
        session = object_session(kind)
        if session is not None and kind.id is not None:
            check_name_free(session, name, kind.id)
        values["name"] = name
    if changes.description is not None:
        values["description"] = changes.description.strip()
    for field, value in values.items():
        setattr(kind, field, value)


def kind_uses(session: Session) -> dict[int, int]:
    """Per kind id, how many interactions, touchpoints and events use it (kinds in use stay)."""
    uses: dict[int, int] = {}
    for model in (Interaction, Touchpoint, Event):
        for kind_id, count in session.execute(
                select(model.kind_id, func.count()).group_by(model.kind_id)):
            uses[kind_id] = uses.get(kind_id, 0) + count
    return uses


def remove_kind(session: Session, kind: TouchpointKind) -> None:
    """Delete a kind that no interaction, touchpoint or event uses.

    Raises:
        ValidationError: the kind is in use (history must keep its meaning).
    """
    uses = sum(
        session.scalar(select(func.count()).select_from(model).where(model.kind_id == kind.id))
        or 0
        for model in (Interaction, Touchpoint, Event)
    )
    if uses:
        raise ValidationError(
            "kind", f"{kind.key!r} is used by {counted(uses, 'record')}; edit it instead")
    session.delete(kind)
    session.flush()
