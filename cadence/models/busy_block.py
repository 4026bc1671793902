"""Busy blocks: times the account manager is not free, imported from their calendar."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base


class BusyBlock(Base):
    """One busy interval from an imported calendar ``source`` (re-import replaces a source).

    ``sequence`` and ``revised_at`` are the version of the event (or overridden occurrence) the
    block came from: its RFC 5545 ``SEQUENCE`` and when it was last revised (``LAST-MODIFIED``,
    else ``DTSTAMP``; ``None`` when the file gave neither, or for blocks imported before
    versions were kept). Another file's older version of the event does not replace the block
    (:mod:`cadence.calendars.ics_import`).
    """

    __tablename__ = "busy_block"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500), index=True)
    uid: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    all_day: Mapped[bool] = mapped_column(default=False)
    summary: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    revised_at: Mapped[datetime | None] = mapped_column(default=None)
