"""A realistic demo workspace: four client accounts, 25 stakeholders, a year of history.

Generated from a fixed seed relative to ``today`` so that every first run looks alive (recent
interactions, promises coming due, a hackathon with seats next month) and tests can rely on it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.budget import Budget
from cadence.commitments import add_commitment, mark_delivered, mark_dropped
from cadence.errors import CadenceError
from cadence.events import add_event
from cadence.interactions import log_interaction
from cadence.models import Account, Stakeholder
from cadence.settings import load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.timezones import local_to_utc
from cadence.vocabulary import Period

SEED = 20261122


@dataclass(frozen=True)
class _Person:
    name: str
    role: str
    importance: int
    budget: Budget
    likes: tuple[str, ...]
    dislikes: tuple[str, ...]
    interests: tuple[str, ...]
    channels: tuple[str, ...] = ("video", "email", "phone")
    avoid: tuple[str, ...] = ()


_ACCOUNTS: dict[str, tuple[int, str, str, list[_Person]]] = {
    "Northwind Logistics": (1, "Europe/Berlin", "northwind.example", [
        _Person("Ingrid Bauer", "CIO", 5, Budget(3, Period.QUARTER),
                ("business-review", "hackathon"), ("generic-social",),
                ("ai", "supply chain", "automation"), avoid=("politics",)),
        _Person("Tobias Richter", "Head of Platform", 4, Budget(2, Period.MONTH),
                ("hackathon", "improvement-proposal"), ("lunch",), ("kubernetes", "ai", "devops")),
        _Person("Lena Vogel", "Procurement Lead", 3, Budget(2, Period.QUARTER),
                ("email-checkin",), ("generic-social", "lunch"), ("cost", "contracts"),
                channels=("email", "phone")),
        _Person("Markus Stein", "Enterprise Architect", 4, Budget(3, Period.QUARTER),
                ("hackathon", "coffee"), (), ("architecture", "ai", "data")),
        _Person("Sabine Krüger", "Service Delivery Manager", 3, Budget(1, Period.MONTH),
                ("status-update",), ("generic-social",), ("itsm", "automation")),
        _Person("Jonas Weber", "Security Officer", 3, Budget(2, Period.QUARTER),
                ("coffee",), (), ("security", "compliance"), avoid=("religion",)),
        _Person("Petra Lang", "CFO", 4, Budget(1, Period.QUARTER),
                ("business-review",), ("coffee", "generic-social"), ("cost", "forecasting"),
                channels=("in-person", "video")),
    ]),
    "Harbour Health": (1, "Europe/London", "harbourhealth.example", [
        _Person("Amelia Clarke", "Chief Digital Officer", 5, Budget(3, Period.QUARTER),
                ("improvement-proposal", "business-review"), ("generic-social",),
                ("patient data", "ai", "cloud")),
        _Person("Oliver Hughes", "Head of Infrastructure", 4, Budget(2, Period.MONTH),
                ("hackathon", "coffee"), (), ("cloud", "kubernetes", "security")),
        _Person("Priya Shah", "Data Protection Officer", 3, Budget(1, Period.QUARTER),
                ("email-checkin",), ("lunch", "generic-social"), ("compliance", "security"),
                channels=("email",)),
        _Person("George Evans", "IT Operations Manager", 3, Budget(2, Period.QUARTER),
                ("lunch", "generic-social"), (), ("itsm", "monitoring")),
        _Person("Charlotte Reid", "Clinical Systems Lead", 4, Budget(2, Period.QUARTER),
                ("hackathon",), ("generic-social",), ("ai", "patient data", "integration")),
        _Person("Harry Bennett", "Procurement Manager", 2, Budget(1, Period.QUARTER),
                (), ("generic-social",), ("contracts",), channels=("email", "phone")),
    ]),
    "Cascade Retail": (2, "America/New_York", "cascaderetail.example", [
        _Person("Megan Brooks", "VP Technology", 5, Budget(2, Period.QUARTER),
                ("business-review",), ("generic-social",), ("e-commerce", "ai", "data")),
        _Person("Ethan Miller", "Director of E-commerce", 4, Budget(2, Period.MONTH),
                ("improvement-proposal", "hackathon"), (), ("e-commerce", "personalisation")),
        _Person("Olivia Chen", "Data Science Lead", 3, Budget(2, Period.QUARTER),
                ("hackathon",), ("lunch",), ("ai", "data", "forecasting")),
        _Person("Jacob Turner", "Store Systems Manager", 2, Budget(1, Period.QUARTER),
                ("coffee",), (), ("point of sale", "monitoring")),
        _Person("Sophia Ramirez", "CISO", 4, Budget(1, Period.MONTH),
                ("business-review",), ("generic-social", "lunch"), ("security", "compliance"),
                avoid=("politics",)),
        _Person("Noah Peterson", "IT Finance Partner", 2, Budget(1, Period.QUARTER),
                ("email-checkin",), (), ("cost",), channels=("email",)),
    ]),
    "Lumen Energy": (2, "Asia/Singapore", "lumenenergy.example", [
        _Person("Wei Ling Tan", "CTO", 5, Budget(2, Period.QUARTER),
                ("hackathon", "business-review"), ("generic-social",),
                ("iot", "ai", "sustainability")),
        _Person("Arjun Nair", "Head of OT Security", 4, Budget(2, Period.QUARTER),
                ("coffee", "improvement-proposal"), (), ("security", "iot")),
        _Person("Mei Chen", "Programme Manager", 3, Budget(2, Period.MONTH),
                ("status-update", "email-checkin"), ("lunch",), ("delivery", "automation")),
        _Person("Daniel Lim", "Cloud Architect", 3, Budget(2, Period.QUARTER),
                ("hackathon",), (), ("cloud", "kubernetes", "sustainability")),
        _Person("Siti Rahman", "Sourcing Manager", 2, Budget(1, Period.QUARTER),
                ("lunch",), ("generic-social",), ("contracts", "cost"), channels=("email", "im")),
        _Person("Kenji Watanabe", "Analytics Manager", 3, Budget(1, Period.QUARTER),
                (), ("generic-social",), ("data", "forecasting", "ai")),
    ]),
}

_PROMISES = (
    "Send the migration runbook", "Share the cost-optimisation analysis",
    "Arrange a session with our security architect", "Deliver the pilot results",
    "Fix the reporting latency issue", "Send the roadmap for next year",
    "Propose a training plan for the ops team", "Review their integration design",
)


def workspace_is_empty(session: Session) -> bool:
    """True when the workspace has no accounts yet (a first run)."""
    return not session.scalar(select(func.count()).select_from(Account))


def create_demo_workspace(session: Session, today: date) -> int:
    """Fill an empty workspace with the demo; returns the number of stakeholders created.

    Raises:
        CadenceError: the workspace already has accounts.
    """
    if not workspace_is_empty(session):
        raise CadenceError("the workspace is not empty; the demo goes into a new database")
    rng = random.Random(SEED)
    settings = load_settings(session)
    settings.name = settings.name or "Alex Morgan"
    settings.weekly_capacity_hours = 14.0
    people: list[Stakeholder] = []
    for account_name, (tier, zone_name, domain, persons) in _ACCOUNTS.items():
        for p in persons:
            first = p.name.split()[0].lower()
            person = create_stakeholder(session, StakeholderChanges(
                name=p.name, account=account_name, role=p.role, email=f"{first}@{domain}",
                timezone=zone_name, importance=p.importance, budget=p.budget,
                min_gap_days=max(7, 60 // max(1, _per_quarter(p.budget))),
                max_silence_days=45 + 15 * (5 - p.importance), likes=list(p.likes),
                dislikes=list(p.dislikes), interests=list(p.interests),
                avoid_topics=list(p.avoid), channels=list(p.channels),
            ))
            person.account.tier = tier
            people.append(person)
    for person in people:
        _history(session, rng, person, today)
    _showcase(session, people, today)
    _events(session, settings.timezone, today)
    return len(people)


def _showcase(session: Session, people: list[Stakeholder], today: date) -> None:
    """Fixed moments every demo shows, whatever the random history: a promise running late
    (trust at stake) and one due this week (a status update to plan)."""
    by_name = {p.name: p for p in people}
    add_commitment(session, by_name["Petra Lang"], what="Send the migration runbook",
                   due_on=today - timedelta(days=4), effort_hours=1.0)
    add_commitment(session, by_name["Amelia Clarke"], what="Share the pilot results",
                   due_on=today + timedelta(days=5), effort_hours=2.0)


def _per_quarter(budget: Budget) -> int:
    factor = {Period.WEEK: 13, Period.MONTH: 3, Period.QUARTER: 1, Period.YEAR: 0.25}
    return max(1, round(budget.max_touches * factor[budget.period]))


def _history(session: Session, rng: random.Random, person: Stakeholder, today: date) -> None:
    liked = [k.key for k in person.likes if k.purpose.value != "event-invite"]
    light = ["coffee", "email-checkin", "business-review", "status-update"]
    pool = [k for k in liked + light if k not in {d.key for d in person.dislikes}]
    day = today - timedelta(days=365 - rng.randint(0, 30))
    # Some relationships are deliberately cold so the planner has something to do.
    cold = rng.random() < 0.2
    last = today - timedelta(
        days=rng.randint(person.max_silence_days - 10, person.max_silence_days + 30)
        if cold else rng.randint(3, max(4, person.max_silence_days // 2))
    )
    while day < last:
        at = time(rng.choice((9, 10, 11, 14, 15)), 0)
        log_interaction(
            session, person, kind_key=rng.choice(pool),
            when=local_to_utc(day, at, person.timezone), quality=rng.choice((3, 4, 4, 5)),
        )
        day += timedelta(days=rng.randint(person.min_gap_days, person.min_gap_days + 45))
    for index in range(rng.randint(0, 3)):
        due = today + timedelta(days=rng.randint(-120, 40))
        made = add_commitment(
            session, person, what=rng.choice(_PROMISES), due_on=due,
            effort_hours=float(rng.choice((1, 1, 2, 3))),
        )
        if due < today - timedelta(days=7) and index % 3 != 2:
            mark_delivered(made, due + timedelta(days=rng.choice((-5, -2, 0, 0, 3))))
        elif due < today - timedelta(days=7):
            mark_dropped(made, "priorities changed")


def _events(session: Session, zone_name: str, today: date) -> None:
    add_event(
        session, name="Applied AI Hackathon", day=today + timedelta(days=35), seats=12,
        topics=["ai", "data", "automation", "kubernetes"], timezone=zone_name, days=2,
        location="Vendor Innovation Hub", invite_lead_days=21,
    )
    add_event(
        session, name="Cloud Cost Workshop", day=today + timedelta(days=60), seats=6,
        topics=["cloud", "cost"], timezone=zone_name, kind_key="hackathon",
        location="Online", invite_lead_days=14,
    )
