"""Re-planning while the manager keeps editing: a plan made before an edit is made again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select

from cadence.errors import CadenceError
from cadence.models import Stakeholder, Touchpoint
from cadence.storage.database import Database
from cadence.touchpoints import accept
from cadence.vocabulary import TouchpointStatus
from tests.ui.conftest import NOW
from ui.replan import ATTEMPTS, replan_work
from ui.workspace import Workspace


class EditingControl:
    """A task control that makes an edit while the planner is busy, as the manager might."""

    def __init__(self, edit: Callable[[], None], times: int = 1) -> None:
        self.edit, self.left, self.edits, self.armed = edit, times, 0, False

    def progress(self, fraction: float, _message: str = "") -> None:
        if fraction == 0.0:
            self.armed = True  # an attempt starts reading the workspace
        elif fraction < 0.97 and self.armed and self.left:
            self.armed = False
            self.left -= 1
            self.edits += 1
            self.edit()

    def should_stop(self) -> bool:
        return False


def _first_suggestion(workspace: Workspace) -> tuple[int, int]:
    """Plan once, undisturbed; the first suggestion's id and stakeholder."""
    replan_work(workspace, 4)(EditingControl(lambda: None, times=0))  # type: ignore[arg-type]
    touch = workspace.read(lambda s: s.scalars(
        select(Touchpoint).where(Touchpoint.status == TouchpointStatus.SUGGESTED)
        .order_by(Touchpoint.starts_at, Touchpoint.id).limit(1)).one())
    return touch.id, touch.stakeholder_id


def _accept(workspace: Workspace, touch_id: int) -> Callable[[], None]:
    def edit() -> None:
        with workspace.session() as session:
            accept(session, session.get_one(Touchpoint, touch_id), NOW)
    return edit


def test_a_touch_accepted_while_planning_is_planned_around(workspace: Workspace) -> None:
    touch_id, person = _first_suggestion(workspace)
    control = EditingControl(_accept(workspace, touch_id))
    outcome = replan_work(workspace, 4)(control)  # type: ignore[arg-type]
    assert control.edits == 1
    assert not outcome.cancelled

    def touches(session: object) -> list[Touchpoint]:
        return list(session.scalars(select(Touchpoint).where(  # type: ignore[attr-defined]
            Touchpoint.stakeholder_id == person,
            Touchpoint.status.in_((TouchpointStatus.SUGGESTED, TouchpointStatus.ACCEPTED)))
            .order_by(Touchpoint.starts_at)))

    with workspace.session() as session:
        gap = timedelta(days=session.get_one(Stakeholder, person).min_gap_days)
        rows = touches(session)
        assert session.get_one(Touchpoint, touch_id).status is TouchpointStatus.ACCEPTED
        # The plan made before the accept would have added a second touch within the gap.
        assert all(b.starts_at - a.starts_at >= gap for a, b in pairwise(rows))


def test_a_workspace_that_keeps_changing_is_not_saved_over(workspace: Workspace) -> None:
    touch_id, _person = _first_suggestion(workspace)
    with workspace.session() as session:
        before = session.get_one(Touchpoint, touch_id).starts_at

    def nudge() -> None:
        with workspace.session() as session:
            touch = session.get_one(Touchpoint, touch_id)
            touch.agenda += "."

    control = EditingControl(nudge, times=ATTEMPTS)
    with pytest.raises(CadenceError, match="kept changing"):
        replan_work(workspace, 2)(control)  # type: ignore[arg-type]
    with workspace.session() as session:
        assert session.get_one(Touchpoint, touch_id).starts_at == before


@pytest.mark.parametrize(("days", "monday"), [(2, 0), (5, 7)])
def test_the_plan_runs_in_calendar_weeks_from_this_weeks_monday(
    demo_database: Database, days: int, monday: int
) -> None:
    # On a Wednesday the plan starts on this week's Monday, on a Saturday on the next one, so
    # the weekly hours and touch limit hold for the weeks the Week tab shows.
    now = NOW + timedelta(days=days)
    workspace = Workspace(demo_database, clock=lambda: now)
    outcome = replan_work(workspace, 2)(EditingControl(lambda: None, times=0))  # type: ignore[arg-type]

    assert outcome.plan.start == (NOW + timedelta(days=monday)).date()
    assert outcome.plan.touchpoints
    assert all(t.start >= now for t in outcome.plan.touchpoints)
