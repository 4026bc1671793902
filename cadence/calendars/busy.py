"""The busy blocks the planner avoids, as imported from the manager's calendars."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.models import BusyBlock
from cadence.timezones import zone


def list_busy(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> list[BusyBlock]:
    """Busy blocks that overlap ``[start, end)``, by start time.

    Args:
        session: The open unit of work.
        start: Aware instant; ``None`` for no lower limit.
        end: Aware instant; ``None`` for no upper limit.
    """
    query = select(BusyBlock).order_by(BusyBlock.starts_at, BusyBlock.id)
    if start is not None:
        query = query.where(BusyBlock.ends_at > start)
    if end is not None:
        query = query.where(BusyBlock.starts_at < end)
    return list(session.scalars(query))


def busy_as_json(block: BusyBlock) -> dict[str, object]:
    """A block for scripts: start and end with the UTC offset of the block's own zone."""
    tz = zone(block.timezone)
    return {
        "start": block.starts_at.astimezone(tz).isoformat(),
        "end": block.ends_at.astimezone(tz).isoformat(),
        "all_day": block.all_day,
        "timezone": block.timezone,
        "source": block.source,
        "summary": block.summary,
        "uid": block.uid,
    }
