"""The busy blocks the planner avoids, as imported from the manager's calendars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cadence.errors import AmbiguousError, NotFoundError
from cadence.models import BusyBlock
from cadence.settings import load_settings
from cadence.timezones import start_of_day_utc, zone

_ZONE_SHIFT = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Busy:
    """A busy block as it stands in the manager's zone now (instants in UTC).

    A timed block is the instants its calendar gave. An all-day one is its days, from midnight
    to midnight in the manager's zone, whatever his zone was when it was imported: a day off
    in a calendar is a date, not an instant, and follows him when he changes zone.
    """

    id: int
    source: str
    uid: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    all_day: bool
    summary: str


def as_busy(block: BusyBlock, zone_name: str) -> Busy:
    """``block`` in ``zone_name``, the manager's zone (see :class:`Busy`)."""
    starts_at, ends_at, block_zone = block.starts_at, block.ends_at, block.timezone
    if block.all_day and block.timezone != zone_name:
        imported_in = zone(block.timezone)
        starts_at = start_of_day_utc(starts_at.astimezone(imported_in).date(), zone_name)
        ends_at = start_of_day_utc(ends_at.astimezone(imported_in).date(), zone_name)
        block_zone = zone_name
    return Busy(block.id, block.source, block.uid, starts_at, ends_at, block_zone,
                block.all_day, block.summary)


def list_busy(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> list[Busy]:
    """Busy blocks that overlap ``[start, end)`` in the manager's zone, by start time.

    Args:
        session: The open unit of work.
        start: Aware instant; ``None`` for no lower limit.
        end: Aware instant; ``None`` for no upper limit.
    """
    zone_name = load_settings(session).timezone
    query = select(BusyBlock)
    # A day further either way: an all-day block moves by up to a day in another zone.
    if start is not None:
        query = query.where(BusyBlock.ends_at > start - _ZONE_SHIFT)
    if end is not None:
        query = query.where(BusyBlock.starts_at < end + _ZONE_SHIFT)
    found = [as_busy(block, zone_name) for block in session.scalars(query)]
    return sorted((b for b in found if (start is None or b.ends_at > start)
                   and (end is None or b.starts_at < end)),
                  key=lambda b: (b.starts_at, b.id))


def busy_as_json(block: Busy) -> dict[str, object]:
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
