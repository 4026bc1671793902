"""The reminder tests' world: a Berlin manager, row builders, a start instant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cadence.catalogue import kind_by_key
from cadence.commitments import add_commitment
from cadence.events import add_event
from cadence.models import Commitment, Stakeholder, Touchpoint
from cadence.reminders.inbox import NotificationView
from cadence.reminders.service import ReminderService
from cadence.reminders.sync import SyncReport
from cadence.settings import load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import Database
from cadence.vocabulary import TouchpointStatus

# Monday 19 October 2026, 06:00 UTC; Berlin leaves summer time on Sunday 25 October.
START = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)


class Workspace:
    """Builds the rows the reminders look at, each in its own committed transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def stakeholder(self, name: str = "Ingrid Bauer", zone: str = "Europe/Berlin") -> int:
        with self.database.transaction() as session:
            person = create_stakeholder(
                session, StakeholderChanges(name=name, account="Nordbank", timezone=zone)
            )
            session.flush()
            return person.id

    def touchpoint(
        self,
        stakeholder_id: int,
        starts_at: datetime,
        *,
        kind: str = "coffee",
        minutes: int = 30,
        status: TouchpointStatus = TouchpointStatus.ACCEPTED,
        event_id: int | None = None,
        commitment_id: int | None = None,
    ) -> int:
        with self.database.transaction() as session:
            person = session.get_one(Stakeholder, stakeholder_id)
            chosen = kind_by_key(session, kind)
            touch = Touchpoint(
                stakeholder=person, kind=chosen, channel=chosen.channel, starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes), timezone=person.timezone,
                status=status, event_id=event_id, commitment_id=commitment_id,
            )
            session.add(touch)
            session.flush()
            return touch.id

    def event(self, name: str, day: date) -> int:
        with self.database.transaction() as session:
            made = add_event(session, name=name, day=day, seats=10, topics=["cloud"],
                             timezone="Europe/Berlin", today=START.date())
            session.flush()
            return made.id

    def move_touchpoint(self, touchpoint_id: int, starts_at: datetime) -> None:
        with self.database.transaction() as session:
            touch = session.get_one(Touchpoint, touchpoint_id)
            length = touch.ends_at - touch.starts_at
            touch.starts_at, touch.ends_at = starts_at, starts_at + length

    def set_status(self, touchpoint_id: int, status: TouchpointStatus) -> None:
        with self.database.transaction() as session:
            session.get_one(Touchpoint, touchpoint_id).status = status

    def delete_touchpoint(self, touchpoint_id: int) -> None:
        with self.database.transaction() as session:
            session.delete(session.get_one(Touchpoint, touchpoint_id))

    def commitment(self, stakeholder_id: int, due_on: date, created_at: datetime = START) -> int:
        with self.database.transaction() as session:
            made = add_commitment(
                session, session.get_one(Stakeholder, stakeholder_id), what="Send the runbook",
                due_on=due_on,
            )
            made.created_at = created_at
            session.flush()
            return made.id

    def commitment_row(self, commitment_id: int) -> Commitment:
        with self.database.transaction() as session:
            return session.get_one(Commitment, commitment_id)


def configure_berlin(database: Database) -> None:
    """The manager works Monday to Friday from 09:00 in Berlin, reminded an hour ahead."""
    with database.transaction() as session:
        settings = load_settings(session)
        settings.timezone = "Europe/Berlin"
        settings.work_days = [0, 1, 2, 3, 4]
        settings.work_start = time(9, 0)
        settings.reminder_lead_minutes = 60


@dataclass
class Started:
    """A started service, the notifications it fired, and what its start-up resync did."""

    service: ReminderService
    fired: list[NotificationView]
    report: SyncReport


ServiceFactory = Callable[[], Started]
