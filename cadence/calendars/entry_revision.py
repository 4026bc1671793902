"""RFC 5545 revision numbers for touchpoints' calendar entries: raised exactly when the event
written differs from the one written before.

A calendar that imported or subscribed to an entry takes an update only when its ``SEQUENCE``
is higher than the one it holds (RFC 5546 section 2.1.4), and an invitee's calendar takes a
higher one as a new revision of the meeting. What an entry shows depends on more than its
touchpoint's row: the stakeholder's and the account's names, the promise it reports on, the
event, and whether it is cancelled. So each export compares a digest of the event it is about
to write with the digest of the one last written: when they differ, the number rises and
``LAST-MODIFIED`` becomes the export's time. The digest covers the event as the manager's
calendar and as the invitation show it, never one file's presentation (alarm, ``METHOD``), so
the same event written to two files keeps its number. The number never falls, whichever file
an entry goes to and whatever it said in between.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from cadence.models import Touchpoint

_UPDATE_BATCH = 500


@dataclass(frozen=True, slots=True)
class Revision:
    """A touchpoint's entry as written now: its number, digest and time of last change."""

    touchpoint: Touchpoint
    sequence: int
    digest: str
    revised_at: datetime


def entry_digest(content: object) -> str:
    """A digest of an entry's ``content``: every value it shows, as one frozen value whose
    ``repr`` is stable (no bookkeeping such as ``DTSTAMP`` among them)."""
    return hashlib.sha256(repr(content).encode()).hexdigest()


def revise(touchpoint: Touchpoint, digest: str, now: datetime) -> Revision:
    """The ``SEQUENCE`` and ``LAST-MODIFIED`` of ``touchpoint``'s entry about to be written
    with ``digest``, and what to record once it is written.

    The number rises when the entry differs from the last one written. It rises by two when
    one was exported before the digest was kept: what calendars hold of it is unknown, and
    Cadence before schema 0006 wrote a cancellation as the stored number plus one.
    """
    sequence = touchpoint.sequence
    revised_at = touchpoint.revised_at or touchpoint.updated_at
    if digest != touchpoint.published_digest:
        if touchpoint.published_digest is not None:
            sequence += 1
        elif touchpoint.exported_at is not None:
            sequence += 2
        revised_at = now
    return Revision(touchpoint, sequence, digest, revised_at)


def record_revisions(session: Session, revisions: list[Revision]) -> None:
    """Store the written entries' numbers and digests, leaving ``updated_at`` as it was
    (writing a file does not change the touchpoint)."""
    changed = [r for r in revisions if r.digest != r.touchpoint.published_digest]
    for first in range(0, len(changed), _UPDATE_BATCH):
        session.execute(update(Touchpoint), [
            {"id": r.touchpoint.id, "sequence": r.sequence, "published_digest": r.digest,
             "revised_at": r.revised_at, "updated_at": r.touchpoint.updated_at}
            for r in changed[first:first + _UPDATE_BATCH]
        ])
    for revision in changed:
        # The loaded objects learn the new values as already saved, so no flush repeats them.
        set_committed_value(revision.touchpoint, "sequence", revision.sequence)
        set_committed_value(revision.touchpoint, "published_digest", revision.digest)
        set_committed_value(revision.touchpoint, "revised_at", revision.revised_at)
