"""Re-planning in the background, and its undo: the suggestions before and after are kept."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cadence.errors import CadenceError
from cadence.models import PlanRun, Touchpoint
from cadence.plan_freshness import current_revision
from cadence.planner.loading import PlanningInputs, planning_inputs
from cadence.planner.plan import Plan
from cadence.planner.service import plan_snapshot, save_plan
from cadence.snapshots import Snapshot, snapshot_rows
from cadence.storage.database import Database
from cadence.week_agenda import current_week
from ui.changes import ChangeSet
from ui.commands import DoneInWorker
from ui.plan_model import OPEN_STATUSES
from ui.tasks import TaskControl
from ui.workspace import Workspace

log = logging.getLogger(__name__)

#: Plans made before the workspace changed are dropped and made again, at most this often.
ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class ReplanOutcome:
    """What a re-plan did: the plan, and the suggestions before and after (for undo), saved at
    change count ``revision`` (a cancelled one saved nothing)."""

    plan: Plan
    before: Snapshot
    after: Snapshot
    cancelled: bool
    revision: int | None = None


class ReplanCommand(DoneInWorker):
    """A finished re-plan on the undo stack: undo brings the previous suggestions back."""

    def __init__(self, workspace: Workspace, outcome: ReplanOutcome) -> None:
        changed = _people_changed(outcome.before, outcome.after)
        super().__init__(workspace, "Re-plan", ChangeSet.people(changed, plan=True),
                         outcome.before, outcome.after, _saved_at(outcome))


def _saved_at(outcome: ReplanOutcome) -> tuple[int, int]:
    """The change counts a saved re-plan began and ended at: one, as suggestions count none."""
    assert outcome.revision is not None, "only a saved re-plan goes on the undo stack"
    return outcome.revision, outcome.revision


def _people_changed(before: Snapshot, after: Snapshot) -> set[int]:
    """The stakeholders whose open suggestions differ between ``before`` and ``after``: only
    their rows in the stakeholder table (the next touch) need reading again."""

    def by_person(snapshot: Snapshot) -> dict[int, list[dict[str, object]]]:
        rows: dict[int, list[dict[str, object]]] = defaultdict(list)
        for row in snapshot:
            if row.model is Touchpoint:
                rows[row.values["stakeholder_id"]].append(row.values)
        return rows

    old, new = by_person(before), by_person(after)
    return {person for person in old.keys() | new.keys() if old.get(person) != new.get(person)}


def replan_work(workspace: Workspace, weeks: int) -> Callable[[TaskControl], ReplanOutcome]:
    """The background re-plan: plan, then replace the suggestions, in one transaction."""
    database, now = workspace.database, workspace.now()
    # Whole calendar weeks, as the Week tab shows them: the weekly hours and touch limit
    # then hold for the Monday-to-Sunday week the manager means (nothing is planned before
    # now, so this week's first days only count what was already done in them).
    start = current_week(workspace.today())

    def work(control: TaskControl) -> ReplanOutcome:
        # Planning only reads, in its own transaction, so the manager can keep editing while
        # it runs. A plan made before an edit (an accepted touch, a logged interaction) would
        # break the new facts, so it is saved only if its inputs are still the workspace's.
        for _attempt in range(ATTEMPTS):
            control.progress(0.0, "reading the workspace")
            with database.transaction() as session:
                inputs = planning_inputs(session, now)
            plan = plan_snapshot(inputs.snapshot, start=start, weeks=weeks,
                                 progress=control.progress, should_stop=control.should_stop)
            if control.should_stop():
                return ReplanOutcome(plan, (), (), cancelled=True)
            control.progress(0.97, "saving the suggestions")
            outcome = _save_if_current(database, inputs, plan, now)
            if outcome is not None:
                return outcome
            log.info("the workspace changed while planning; planning again")
        raise CadenceError("the workspace kept changing while planning; please re-plan")

    return work


def _save_if_current(database: Database, inputs: PlanningInputs, plan: Plan,
                     now: datetime) -> ReplanOutcome | None:
    """Replace the suggestions with ``plan`` if its inputs are unchanged (else ``None``)."""
    try:
        # Locked from the check on: an edit committed between it and the save would be lost.
        with database.write_transaction() as session:
            if planning_inputs(session, now) != inputs:
                return None
            before = _open_suggestions(session)
            save_plan(session, plan, now)
            return ReplanOutcome(plan, before, _open_suggestions(session), cancelled=False,
                                 revision=current_revision(session))
    except IntegrityError as err:
        raise CadenceError("the workspace changed while planning (a stakeholder or kind "
                           "was removed); please re-plan") from err


def _open_suggestions(session: Session) -> Snapshot:
    """The open suggestions and the plan summary that came with them."""
    query = select(Touchpoint).where(Touchpoint.status.in_(OPEN_STATUSES))
    return (snapshot_rows(session.scalars(query.order_by(Touchpoint.id)))
            + snapshot_rows(session.scalars(select(PlanRun))))
