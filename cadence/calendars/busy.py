"""The busy blocks the planner avoids, as imported from the manager's calendars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cadence.errors import AmbiguousError, NotFoundError
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


@dataclass(frozen=True)
class BusySource:
    """One imported calendar: the key its blocks carry, how many there are, what they span."""

    source: str
    blocks: int
    first: datetime
    last: datetime


def busy_sources(session: Session) -> list[BusySource]:
    """The imported calendars, by source."""
    query = (
        select(BusyBlock.source, func.count(BusyBlock.id), func.min(BusyBlock.starts_at),
               func.max(BusyBlock.ends_at))
        .group_by(BusyBlock.source).order_by(BusyBlock.source)
    )
    return [BusySource(source, blocks, first, last)
            for source, blocks, first, last in session.execute(query)]


def find_source(session: Session, ref: str) -> str:
    """The source ``ref`` names: as stored, as a path to the file, or by file name alone.

    Raises:
        NotFoundError: no imported calendar is so named.
        AmbiguousError: the file name is that of more than one imported calendar.
    """
    sources = [found.source for found in busy_sources(session)]
    resolved = str(Path(ref).expanduser().resolve())  # as the import keys it
    for candidate in (ref, resolved):
        if candidate in sources:
            return candidate
    named = [source for source in sources if Path(source).name == ref]
    if len(named) == 1:
        return named[0]
    if named:
        raise AmbiguousError(f"{len(named)} imported calendars are named {ref!r}: "
                             + ", ".join(named) + "; give the whole path")
    known = ", ".join(sources) if sources else "none"
    raise NotFoundError(f"no imported calendar {ref!r} (imported: {known})")


def remove_source(session: Session, source: str) -> int:
    """Delete the busy blocks of one imported calendar; how many there were."""
    count = session.scalar(select(func.count(BusyBlock.id)).where(BusyBlock.source == source))
    session.execute(delete(BusyBlock).where(BusyBlock.source == source))
    return count or 0
