"""Logging interactions: what happened with a stakeholder."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.errors import NotFoundError, ValidationError
from cadence.models import Interaction, Stakeholder
from cadence.timezones import ensure_utc, local_to_utc, zone
from cadence.vocabulary import Channel, parse_enum

_NOT_YET = "log an interaction once it has happened (plan a touch for what is to come)"


def log_interaction(
    session: Session,
    stakeholder: Stakeholder,
    *,
    kind_key: str,
    when: date | datetime,
    now: datetime,
    channel: str | None = None,
    quality: int | None = None,
    notes: str = "",
) -> Interaction:
    """Record an interaction that has happened by ``now``.

    A bare date is taken as noon in the stakeholder's zone (the hour is rarely known and noon
    keeps the day the same in every nearby zone).

    Raises:
        ValidationError: unknown kind or channel, a quality outside 1-5, or a time (a day in
            the stakeholder's zone) after ``now``.
    """
    # Linked to its stakeholder only once valid: the checks query, and a query autoflushes.
    interaction = Interaction(timezone=stakeholder.timezone)
    _set_details(session, interaction, kind_key=kind_key, when=when, now=now, channel=channel,
                 quality=quality, notes=notes)
    interaction.stakeholder = stakeholder
    session.add(interaction)
    session.flush()
    return interaction


def edit_interaction(
    session: Session,
    interaction: Interaction,
    *,
    kind_key: str,
    when: date | datetime,
    now: datetime,
    channel: str | None = None,
    quality: int | None = None,
    notes: str = "",
) -> None:
    """Correct a logged interaction; the arguments and errors are those of
    :func:`log_interaction`, and nothing changes when one is refused."""
    _set_details(session, interaction, kind_key=kind_key, when=when, now=now, channel=channel,
                 quality=quality, notes=notes)
    session.flush()


def _set_details(
    session: Session, interaction: Interaction, *, kind_key: str, when: date | datetime,
    now: datetime, channel: str | None, quality: int | None, notes: str,
) -> None:
    """Check every detail, then set them all on ``interaction``."""
    kind = kind_by_key(session, kind_key)
    chosen = parse_enum(Channel, channel, "channel") if channel else kind.channel
    if quality is not None and not 1 <= quality <= 5:
        raise ValidationError("quality", f"{quality} is not between 1 and 5")
    now = ensure_utc(now)
    if isinstance(when, datetime):
        occurred = ensure_utc(when)
        # An edit that keeps the time is not refused for it (a day logged before this rule
        # may sit at noon, ahead of the morning it was logged in).
        if occurred > now and occurred != interaction.occurred_at:
            raise ValidationError("when", f"that is later than now; {_NOT_YET}")
    else:
        check_day_has_come(when, interaction.timezone, now)
        # A day is logged at noon in their zone, but never later than now: a coffee logged
        # this morning must not count as after now for the gap to the next touch.
        occurred = min(local_to_utc(when, time(12, 0), interaction.timezone), now)
    interaction.kind, interaction.channel, interaction.occurred_at = kind, chosen, occurred
    interaction.quality, interaction.notes = quality, notes.strip()


def check_day_has_come(day: date, zone_name: str, now: datetime) -> None:
    """Refuse, on field ``when``, a ``day`` that has not come yet in ``zone_name`` at ``now``:
    only what has happened is logged.

    Raises:
        ValidationError: ``day`` is after today in ``zone_name``.
    """
    if day > ensure_utc(now).astimezone(zone(zone_name)).date():
        raise ValidationError(
            "when", f"{day} has not come yet in their zone ({zone_name}); {_NOT_YET}")


def get_interaction(session: Session, interaction_id: int) -> Interaction:
    """The interaction with id ``interaction_id``."""
    interaction = session.get(Interaction, interaction_id)
    if interaction is None:
        raise NotFoundError(f"no interaction with id {interaction_id}")
    return interaction


def interactions_of(session: Session, stakeholder_id: int) -> list[Interaction]:
    """A stakeholder's interactions, newest first."""
    query = (
        select(Interaction)
        .where(Interaction.stakeholder_id == stakeholder_id)
        .order_by(Interaction.occurred_at.desc())
    )
    return list(session.scalars(query))


def interaction_as_json(interaction: Interaction) -> dict[str, object]:
    """An interaction for JSON output."""
    return {
        "id": interaction.id,
        "stakeholder_id": interaction.stakeholder_id,
        "occurred_at": interaction.occurred_at.isoformat(),
        "timezone": interaction.timezone,
        "kind": interaction.kind.key,
        "channel": interaction.channel.value,
        "quality": interaction.quality,
        "notes": interaction.notes,
    }
