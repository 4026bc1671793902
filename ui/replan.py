"""Re-planning in the background, and its undo: the suggestions before and after are kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cadence.errors import CadenceError
from cadence.models import PlanRun, Touchpoint
from cadence.planner.plan import Plan
from cadence.planner.service import plan_workspace, save_plan
from cadence.snapshots import Snapshot, delete_rows, restore_rows, snapshot_rows
from ui.changes import ChangeSet
from ui.commands import WorkspaceCommand
from ui.plan_model import OPEN_STATUSES
from ui.tasks import TaskControl
from ui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class ReplanOutcome:
    """What a re-plan did: the plan, and the suggestions before and after (for undo)."""

    plan: Plan
    before: Snapshot
    after: Snapshot
    cancelled: bool


class ReplanCommand(WorkspaceCommand):
    """A finished re-plan on the undo stack: undo brings the previous suggestions back."""

    def __init__(self, workspace: Workspace, outcome: ReplanOutcome) -> None:
        super().__init__(workspace, "Re-plan", ChangeSet(all_stakeholders=True, plan=True))
        self._before, self._after = outcome.before, outcome.after

    def do(self, session: Session) -> None:
        """Nothing: the worker already saved the plan."""

    def apply_undo(self, session: Session) -> None:
        delete_rows(session, self._after)
        restore_rows(session, self._before)

    def apply_redo(self, session: Session) -> None:
        delete_rows(session, self._before)
        restore_rows(session, self._after)


def replan_work(workspace: Workspace, weeks: int) -> Callable[[TaskControl], ReplanOutcome]:
    """The background re-plan: plan, then replace the suggestions, in one transaction."""
    database, now, today = workspace.database, workspace.now(), workspace.today()

    def work(control: TaskControl) -> ReplanOutcome:
        # Planning only reads, in its own transaction, so the manager can keep editing while
        # it runs; the suggestions are then replaced in a short write transaction.
        with database.transaction() as session:
            plan = plan_workspace(session, start=today, weeks=weeks, now=now,
                                  progress=control.progress, should_stop=control.should_stop)
        if control.should_stop():
            return ReplanOutcome(plan, (), (), cancelled=True)
        control.progress(0.97, "saving the suggestions")
        try:
            with database.transaction() as session:
                before = _open_suggestions(session)
                save_plan(session, plan, now)
                return ReplanOutcome(plan, before, _open_suggestions(session), cancelled=False)
        except IntegrityError as err:
            raise CadenceError("the workspace changed while planning (a stakeholder or kind "
                               "was removed); please re-plan") from err

    return work


def _open_suggestions(session: Session) -> Snapshot:
    """The open suggestions and the plan summary that came with them."""
    query = select(Touchpoint).where(Touchpoint.status.in_(OPEN_STATUSES))
    return (snapshot_rows(session.scalars(query.order_by(Touchpoint.id)))
            + snapshot_rows(session.scalars(select(PlanRun))))
