"""Subscription mode: keep an exported ``.ics`` file current while the plan changes.

A calendar app that subscribes to a file re-reads it now and then. The file is rewritten
atomically (a reader sees the old or the new calendar, never half of one) whenever a cheap
fingerprint of the plan changes. The database is the truth: the watcher polls it, so it sees
changes made by any writer (the app, the CLI, another process).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.calendars.ics_export import ExportResult, export_ics
from cadence.models import (
    Account,
    Commitment,
    Event,
    ManagerSettings,
    Stakeholder,
    Touchpoint,
    TouchpointKind,
    WithdrawnEntry,
)
from cadence.settings import load_settings
from cadence.storage.database import Database

log = logging.getLogger(__name__)

Fingerprint = tuple[object, ...]


@dataclass(frozen=True)
class SubscriptionOptions:
    """What the subscribed file holds (the same choices as a one-off export)."""

    path: Path
    status: str = "accepted"
    start: date | None = None
    end: date | None = None
    stakeholder_ids: tuple[int, ...] | None = None
    alarm: bool = True


def plan_fingerprint(session: Session) -> Fingerprint:
    """A summary that changes whenever the exported calendar could change, and not when it
    is merely written again.

    Touchpoints carry ``updated_at``; entries also show the names of stakeholders, accounts
    and kinds, the promises and events they mention, the alarm setting and the withdrawn
    entries, whose rows (a few thousand at most) are digested as they are.
    """
    touchpoints = session.execute(
        select(func.count(Touchpoint.id), func.max(Touchpoint.updated_at))
    ).one()
    digest = hashlib.sha256()
    for query in _SHOWN_IN_ENTRIES:
        for row in session.execute(query):
            digest.update(repr(tuple(row)).encode())
    return (*touchpoints, digest.hexdigest())


# What calendar entries show besides the touchpoints' own rows, in a stable order.
_SHOWN_IN_ENTRIES = (
    select(Stakeholder.id, Stakeholder.name, Stakeholder.account_id, Stakeholder.email,
           Stakeholder.avoid_topics).order_by(Stakeholder.id),
    select(Account.id, Account.name).order_by(Account.id),
    select(TouchpointKind.id, TouchpointKind.name).order_by(TouchpointKind.id),
    select(Commitment.id, Commitment.stakeholder_id, Commitment.what, Commitment.due_on,
           Commitment.status).order_by(Commitment.id),
    select(Event.id, Event.name, Event.starts_at, Event.ends_at, Event.timezone,
           Event.location, Event.url).order_by(Event.id),
    select(WithdrawnEntry.uid, WithdrawnEntry.stakeholder_id,
           WithdrawnEntry.sequence).order_by(WithdrawnEntry.uid),
    select(ManagerSettings.alarm_minutes, ManagerSettings.timezone),
)


def write_subscription(
    session: Session, options: SubscriptionOptions, *, now: datetime
) -> ExportResult:
    """Rewrite the subscribed file from the current plan."""
    return export_ics(
        session,
        options.path,
        status=options.status,
        start=options.start,
        end=options.end,
        stakeholder_ids=list(options.stakeholder_ids) if options.stakeholder_ids else None,
        now=now,
        alarm=options.alarm,
    )


def refresh_subscription(session: Session, *, now: datetime) -> ExportResult | None:
    """Rewrite the file named in the settings (``subscription_path``), if there is one.

    The app calls this after each change it commits; it does nothing when no subscription
    file is set.
    """
    path = load_settings(session).subscription_path.strip()
    if not path:
        return None
    return write_subscription(session, SubscriptionOptions(Path(path)), now=now)


class SubscriptionWatcher:
    """Polls the database and rewrites the subscribed file when the plan changes.

    Args:
        database: The open workspace.
        options: What the file holds.
        clock: Returns the current instant (the entry point passes ``utcnow``).
        interval: Seconds between polls.
    """

    def __init__(
        self,
        database: Database,
        options: SubscriptionOptions,
        *,
        clock: Callable[[], datetime],
        interval: float = 2.0,
    ) -> None:
        self.database = database
        self.options = options
        self.clock = clock
        self.interval = interval
        self._last: Fingerprint | None = None

    def poll_once(self) -> ExportResult | None:
        """Rewrite the file if the plan changed since the last poll (always, the first time)."""
        with self.database.transaction() as session:
            fingerprint = plan_fingerprint(session)
            if fingerprint == self._last:
                return None
            result = write_subscription(session, self.options, now=self.clock())
        self._last = fingerprint
        log.info("rewrote %s: %d touchpoints", result.path, result.exported)
        return result

    def run(
        self,
        stop: threading.Event,
        on_write: Callable[[ExportResult], None] | None = None,
    ) -> None:
        """Poll until ``stop`` is set (Ctrl+C in the CLI sets nothing: it interrupts the wait).

        Args:
            stop: Set it from another thread to end the loop after the current poll.
            on_write: Called after each rewrite (the CLI prints a line).
        """
        while not stop.is_set():
            result = self.poll_once()
            if result is not None and on_write is not None:
                on_write(result)
            stop.wait(self.interval)
