"""A workspace builder for planner tests, in the terms a user would use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from cadence.budget import parse_budget
from cadence.commitments import add_commitment
from cadence.events import add_event
from cadence.interactions import log_interaction
from cadence.models import Commitment, Event, Stakeholder
from cadence.planner.plan import Plan
from cadence.planner.service import plan_workspace
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder

# A Sunday evening; plans start the next morning, Monday 4 March 2030.
NOW = datetime(2030, 3, 3, 18, 0, tzinfo=UTC)
MONDAY = date(2030, 3, 4)


@dataclass
class Workspace:
    """Builds a workspace the way a user would, with a manager in Berlin working 9-17:30."""

    session: Session

    def __post_init__(self) -> None:
        settings = load_settings(self.session)
        settings.timezone = "Europe/Berlin"
        settings.work_days = [0, 1, 2, 3, 4]
        settings.work_start, settings.work_end = time(9), time(17, 30)
        settings.weekly_capacity_hours = 10.0

    def capacity(self, hours: float) -> None:
        load_settings(self.session).weekly_capacity_hours = hours

    def touch_limit(self, touches: int) -> None:
        """Allow at most ``touches`` a week, as ``settings set --touches-per-week``."""
        apply_settings(load_settings(self.session), SettingsChanges(weekly_touch_limit=touches))

    def holidays(self, code: str) -> None:
        """Set whose public holidays the manager observes, as ``settings set --holidays``."""
        apply_settings(load_settings(self.session), SettingsChanges(public_holidays=code))

    def person(self, name: str, *, importance: int = 3, budget: str = "3/quarter",
               min_gap: int = 14, max_silence: int = 90, likes: list[str] | None = None,
               dislikes: list[str] | None = None, interests: list[str] | None = None,
               zone: str = "Europe/London", last_contact_days: int | None = 40,
               channels: list[str] | None = None, holidays: str | None = None) -> Stakeholder:
        person = create_stakeholder(self.session, StakeholderChanges(
            name=name, account="Acme", importance=importance, budget=parse_budget(budget),
            min_gap_days=min_gap, max_silence_days=max_silence, likes=likes or [],
            dislikes=dislikes or [], interests=interests or [], timezone=zone,
            channels=channels or ["email", "video", "phone", "in-person"],
            public_holidays=holidays,
        ))
        if last_contact_days is not None:
            self.contact(person, days_ago=last_contact_days)
        return person

    def contact(self, person: Stakeholder, *, days_ago: int, kind: str = "coffee") -> None:
        log_interaction(self.session, person, kind_key=kind,
                        now=NOW, when=NOW - timedelta(days=days_ago))

    def event(self, name: str, *, day: date, seats: int, topics: list[str],
              lead_days: int = 14) -> Event:
        return add_event(self.session, name=name, day=day, seats=seats, topics=topics,
                         timezone="Europe/Berlin", invite_lead_days=lead_days,
                         today=NOW.date())

    def promise(self, person: Stakeholder, what: str, due: date, effort: float = 2.0) -> Commitment:
        return add_commitment(self.session, person, what=what, due_on=due, effort_hours=effort)

    def plan(self, weeks: int = 4, start: date = MONDAY, now: datetime = NOW) -> Plan:
        self.session.flush()
        return plan_workspace(self.session, start=start, weeks=weeks, now=now, time_limit=10)
