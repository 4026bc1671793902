"""Building a small plan for the calendar tests straight from the models.

The planner is written elsewhere; these tests build touchpoints directly, as the planner would
store them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.models import Account, Commitment, Event, Stakeholder, Touchpoint
from cadence.vocabulary import TouchpointStatus

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ics"
CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "ics-corpus"


@dataclass
class Plan:
    """Ids of what :func:`add_plan` created."""

    ana: int
    bob: int
    coffee: int
    review: int
    hackathon: int
    suggested: int


def add_stakeholder(session: Session, name: str, zone: str, email: str = "") -> Stakeholder:
    account = session.scalar(select(Account).where(Account.name == "Acme")) or Account(name="Acme")
    stakeholder = Stakeholder(
        name=name, account=account, timezone=zone, email=email,
        avoid_topics=["politics"] if name.startswith("Ana") else [],
    )
    session.add(stakeholder)
    session.flush()
    return stakeholder


def add_touchpoint(
    session: Session,
    stakeholder: Stakeholder,
    kind_key: str,
    starts_at: datetime,
    *,
    minutes: int = 30,
    status: TouchpointStatus = TouchpointStatus.ACCEPTED,
    reasons: list[str] | None = None,
    agenda: str = "",
    event: Event | None = None,
) -> Touchpoint:
    kind = kind_by_key(session, kind_key)
    touchpoint = Touchpoint(
        stakeholder=stakeholder, kind=kind, channel=kind.channel, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes), timezone=stakeholder.timezone,
        status=status, reasons=reasons or [], agenda=agenda, event=event,
    )
    session.add(touchpoint)
    session.flush()
    return touchpoint


def add_plan(session: Session) -> Plan:
    """Two stakeholders in two zones, a hackathon with a venue, a promise due."""
    ana = add_stakeholder(session, "Ana Alves", "Europe/Lisbon", "ana@acme.example")
    bob = add_stakeholder(session, "Bob Brown", "America/New_York")
    session.add(Commitment(stakeholder=ana, what="Send the migration plan",
                           due_on=date(2026, 3, 20)))
    hack = Event(
        name="Spring hackathon", starts_at=datetime(2026, 4, 14, 7, tzinfo=UTC),
        ends_at=datetime(2026, 4, 14, 15, tzinfo=UTC), timezone="Europe/Berlin",
        location="Kraftwerk, Köpenicker Str. 70, Berlin", url="https://example.com/hack",
        seats=12, topics=["data"], kind=kind_by_key(session, "hackathon"),
    )
    session.add(hack)
    coffee = add_touchpoint(
        session, ana, "coffee", datetime(2026, 3, 10, 10, tzinfo=UTC),
        reasons=["41 days since the last quality contact", "budget: 2 of 3 left this quarter"],
        agenda="Ask how the new warehouse is going; mention the analytics pilot.",
    )
    review = add_touchpoint(
        session, bob, "business-review", datetime(2026, 3, 12, 15, tzinfo=UTC), minutes=60,
        reasons=["quarterly review is due"],
    )
    hackathon = add_touchpoint(
        session, ana, "hackathon", hack.starts_at, minutes=480,
        reasons=["matching interest: data"], event=hack,
    )
    suggested = add_touchpoint(
        session, bob, "email-checkin", datetime(2026, 3, 20, 14, tzinfo=UTC), minutes=5,
        status=TouchpointStatus.SUGGESTED,
    )
    return Plan(ana.id, bob.id, coffee.id, review.id, hackathon.id, suggested.id)

