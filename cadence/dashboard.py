"""Dashboard figures: touches against budgets, relationships going cold, promises coming due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.commitments import OnTimeRate
from cadence.models import Account, Commitment, Stakeholder
from cadence.overview import StakeholderSummary
from cadence.vocabulary import CommitmentStatus

#: A relationship is "going cold" once this share of its maximum silence has passed.
COLD_SHARE = 0.75


@dataclass(frozen=True, slots=True)
class AccountFigures:
    """One account's touches this period (logged and planned) against its budgets."""

    account: str
    logged: int
    planned: int
    budget: int
    on_time: OnTimeRate


@dataclass(frozen=True, slots=True)
class DueCommitment:
    """An open commitment with who it is owed to and how many days are left (negative: late)."""

    id: int
    stakeholder_id: int
    stakeholder: str
    account: str
    what: str
    due_on: date
    days_left: int


def account_figures(summaries: Iterable[StakeholderSummary]) -> list[AccountFigures]:
    """Per account, by name: touches logged and accepted this period, budget, on-time rate.

    Each stakeholder counts against their own budget period, so an account's total mixes
    periods exactly as the manager's budgets do.
    """
    totals: dict[str, list[int]] = {}
    for s in summaries:
        t = totals.setdefault(s.account, [0, 0, 0, 0, 0])
        t[0] += s.used_this_period
        t[1] += s.planned_this_period
        t[2] += s.budget.max_touches
        t[3] += s.on_time.on_time
        t[4] += s.on_time.due
    return [AccountFigures(name, t[0], t[1], t[2], OnTimeRate(t[3], t[4]))
            for name, t in sorted(totals.items())]


def going_cold(
    summaries: Iterable[StakeholderSummary], limit: int = 10
) -> list[StakeholderSummary]:
    """The coldest relationships (silence at least :data:`COLD_SHARE` of the maximum)."""
    cold = [s for s in summaries if s.coldness >= COLD_SHARE]
    cold.sort(key=lambda s: (-s.coldness, -s.importance, s.name))
    return cold[:limit]


def commitments_due(
    session: Session, today: date, within_days: int = 14
) -> tuple[list[DueCommitment], list[DueCommitment]]:
    """Open commitments due in the next ``within_days`` days, and those already late.

    Returns:
        ``(due_soon, late)``, each by due date.
    """
    query = (
        select(Commitment.id, Commitment.stakeholder_id, Stakeholder.name, Account.name,
               Commitment.what, Commitment.due_on)
        .join(Commitment.stakeholder)
        .join(Stakeholder.account)
        .where(Commitment.status == CommitmentStatus.OPEN,
               Commitment.due_on <= today + timedelta(days=within_days))
        .order_by(Commitment.due_on, Commitment.id)
    )
    soon: list[DueCommitment] = []
    late: list[DueCommitment] = []
    for cid, sid, person, account, what, due in session.execute(query):
        item = DueCommitment(cid, sid, person, account, what, due, (due - today).days)
        (late if due < today else soon).append(item)
    return soon, late
