"""What a week looks like: accepted touchpoints beside the manager's imported busy times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.models import BusyBlock, Stakeholder, Touchpoint, TouchpointKind
from cadence.vocabulary import TouchpointStatus


class ItemKind(StrEnum):
    """What a week item is."""

    BUSY = "busy"
    TOUCH = "touch"


@dataclass(frozen=True, slots=True)
class WeekItem:
    """One block in the week: a busy time or an accepted touchpoint (instants in UTC)."""

    kind: ItemKind
    starts_at: datetime
    ends_at: datetime
    title: str
    detail: str
    all_day: bool = False
    stakeholder_id: int | None = None


def week_items(session: Session, start: datetime, end: datetime) -> list[WeekItem]:
    """Busy blocks and accepted touchpoints overlapping ``[start, end)``, by start."""
    items: list[WeekItem] = []
    busy = select(BusyBlock).where(BusyBlock.starts_at < end, BusyBlock.ends_at > start)
    for block in session.scalars(busy):
        items.append(WeekItem(ItemKind.BUSY, block.starts_at, block.ends_at,
                              block.summary or "Busy", block.source, block.all_day))
    touches = (
        select(Touchpoint, Stakeholder.name, TouchpointKind.name)
        .join(Touchpoint.stakeholder)
        .join(Touchpoint.kind)
        .where(Touchpoint.status == TouchpointStatus.ACCEPTED,
               Touchpoint.starts_at < end, Touchpoint.ends_at > start)
    )
    for touch, person, kind in session.execute(touches):
        detail = "; ".join([touch.channel.value, *touch.reasons])
        items.append(WeekItem(ItemKind.TOUCH, touch.starts_at, touch.ends_at,
                              f"{kind} · {person}", detail, False, touch.stakeholder_id))
    items.sort(key=lambda i: (i.starts_at, i.kind.value))
    return items
