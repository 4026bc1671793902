"""Which calendar entries each export target has published, so only it cancels them.

A touch left out of one export (outside its window, not of its status, not one of its people)
is still planned: a file that never had it must not cancel it, or a calendar holding a fuller
file would drop a touch that is still on. So each file (its resolved absolute path) and each
invitation's addressee (``mailto:`` and the address) records the ``UID`` s it was sent, and an
export cancels a live touch it leaves out only where that file published it.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base


class PublishedEntry(Base):
    """One entry (``uid``) one target (a file's absolute path, or ``mailto:`` an address) was
    sent, kept while that target may still need its cancellation."""

    __tablename__ = "published_entry"

    target: Mapped[str] = mapped_column(Text, primary_key=True)
    uid: Mapped[str] = mapped_column(String(120), primary_key=True)

    def __repr__(self) -> str:
        return f"PublishedEntry(target={self.target!r}, uid={self.uid!r})"
