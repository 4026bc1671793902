"""The fixed vocabularies of the domain: channels, periods, statuses, kind purposes.

Plain ``StrEnum`` values so that they store as readable text, print as themselves in JSON and
can be used by the planner without importing storage.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from cadence.errors import ValidationError

#: Larger than any count, number of days or minutes a person means (SQLite's end at 2**63).
LARGEST_NUMBER = 10**9


class Channel(StrEnum):
    """How a touch reaches the stakeholder."""

    EMAIL = "email"
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in-person"
    IM = "im"


class Period(StrEnum):
    """The period a contact budget counts touches over (calendar periods)."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class TouchpointStatus(StrEnum):
    """Life cycle of a planned touch."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"
    DONE = "done"


#: Touches the manager has agreed to: they keep their slot, count against the budget and hold
#: a seat at their event.
AGREED_STATUSES = (TouchpointStatus.ACCEPTED, TouchpointStatus.DONE)


class CommitmentStatus(StrEnum):
    """Life cycle of a promise."""

    OPEN = "open"
    DELIVERED = "delivered"
    DROPPED = "dropped"


class KindPurpose(StrEnum):
    """What a touchpoint kind is for; the planner uses it to pick the right kind for a need."""

    EVENT_INVITE = "event-invite"
    REVIEW = "review"
    PROPOSAL = "proposal"
    STATUS_UPDATE = "status-update"
    KEEP_WARM = "keep-warm"
    SOCIAL = "social"


E = TypeVar("E", bound=StrEnum)

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_enum(enum: type[E], text: str, field: str) -> E:
    """Parse ``text`` as a member of ``enum``, or raise a :class:`ValidationError` on ``field``."""
    try:
        return enum(text.strip().lower())
    except ValueError as err:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(field, f"{text!r} is not one of: {allowed}") from err


def parse_terms(text: str) -> list[str]:
    """Comma-separated free terms as typed (topics, interests): trimmed, empty ones dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def clean_topics(topics: list[str]) -> list[str]:
    """Topics as stored (interests, topics to avoid, an event's topics): trimmed, lower case,
    each once, empty ones dropped, so that matching them is plain equality."""
    return list(dict.fromkeys(t.strip().lower() for t in topics if t.strip()))


def parse_weekdays(text: str, field: str = "days") -> list[int]:
    """Parse ``mon,tue,...`` or ``mon-fri`` into weekday numbers (Monday = 0)."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _weekday(first, field), _weekday(last, field)
            if a > b:
                raise ValidationError(field, f"range {part!r} runs backwards")
            days.update(range(a, b + 1))
        else:
            days.add(_weekday(part, field))
    if not days:
        raise ValidationError(field, "at least one weekday is needed")
    return sorted(days)


def format_weekdays(days: list[int]) -> str:
    """Format weekday numbers as ``mon,tue,...``."""
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def _weekday(name: str, field: str) -> int:
    try:
        return WEEKDAY_NAMES.index(name[:3])
    except ValueError as err:
        raise ValidationError(field, f"{name!r} is not a weekday (mon..sun)") from err
