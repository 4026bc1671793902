"""Whether the saved plan still fits the facts: a count of the changes the planner would see.

Every flush or bulk statement that changes what the planner reads (a stakeholder, a like, an
interaction, a promise, an event, a kind, the settings, busy time, a touch agreed, moved or
called off) counts once in :class:`~cadence.models.PlanningRevision`; a saved plan keeps the
count it was made at. What the plan itself writes (its suggestions, its summary) and what the
manager does with a suggestion (accept, dismiss, snooze) do not count: the suggestions and
warnings shown still fit the facts after those.

An undo puts the inputs back as they were, yet counts as one more change: :class:`InputStates`
remembers, along the app's undo stack, which counts showed the inputs as they are now, so a
plan made before an edit is current again once the edit is undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from cadence.models import (
    Account,
    BusyBlock,
    Commitment,
    Event,
    Interaction,
    KindPreference,
    ManagerSettings,
    PlanningRevision,
    PlanRun,
    Stakeholder,
    Touchpoint,
    TouchpointKind,
)
from cadence.vocabulary import AGREED_STATUSES, TouchpointStatus

_READ_BY_PLANNER = (Account, BusyBlock, Commitment, Event, Interaction, KindPreference,
                    Stakeholder, TouchpointKind)
# What of those the planner never reads: notes, contact details, a kind's reminder.
_DETAILS: dict[type, frozenset[str]] = {
    Account: frozenset({"notes"}),
    Commitment: frozenset({"notes"}),
    Event: frozenset({"location", "url", "notes"}),
    Interaction: frozenset({"notes"}),
    Stakeholder: frozenset({"email", "phone", "role", "notes"}),
    TouchpointKind: frozenset({"description", "reminder_lead_minutes"}),
}
# Of the settings, only the manager's zone, public holidays, week, hours and touches a week are
# (not his name, alarms or files).
_PLANNED_SETTINGS = frozenset({"timezone", "public_holidays", "work_days", "work_start",
                               "work_end", "weekly_capacity_hours", "weekly_touch_limit"})
_SLOT = ("starts_at", "ends_at")


def count_planning_changes(sessions: sessionmaker[Session]) -> None:
    """Count, in every session ``sessions`` makes, the flushes and the bulk statements (a
    calendar import's busy time) that change the planner's inputs."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)


def current_revision(session: Session) -> int:
    """The count of changes to the planner's inputs so far."""
    number = session.scalar(select(PlanningRevision.number).where(PlanningRevision.id == 1))
    return number or 0


def plan_is_current(session: Session, run: PlanRun,
                    states: InputStates | None = None) -> bool | None:
    """Whether nothing the planner reads has changed since ``run`` was saved, or ``states``
    knows the changes since were undone (``None`` for a plan saved before Cadence counted)."""
    if run.inputs_revision is None:
        return None
    # States that saw no undo know only that a count is the same as itself.
    known = states if states is not None else InputStates()
    return known.same_inputs(run.inputs_revision, current_revision(session))


@dataclass(eq=False, slots=True)
class Step:
    """One undoable action's two states of the planner's inputs, each the set of change counts
    at which the workspace was in it (shared with the neighbouring actions' states)."""

    before: set[int]
    after: set[int]


class InputStates:
    """Which change counts showed the planner's inputs as they are now, as actions are done,
    undone and redone.

    An action reports the count when it began and when it ended. The chain holds only while
    each action begins at a count of the present state: a change made elsewhere (another
    process, a write outside the undo stack) breaks it, and then only the current count is
    the present state, as without undo.
    """

    def __init__(self) -> None:
        self._now: set[int] = set()

    def did(self, start: int, end: int) -> Step:
        """Record an action done between counts ``start`` and ``end``; its step for undo."""
        before = self._now if start in self._now else {start}
        after = before if end == start else {end}
        self._now = after
        return Step(before, after)

    def undid(self, step: Step, start: int, end: int) -> None:
        """Record that ``step`` was undone between counts ``start`` and ``end``."""
        self._moved(step.after, step.before, start, end)

    def redid(self, step: Step, start: int, end: int) -> None:
        """Record that ``step`` was redone between counts ``start`` and ``end``."""
        self._moved(step.before, step.after, start, end)

    def same_inputs(self, revision: int, current: int) -> bool:
        """Whether the inputs at count ``revision`` are those at count ``current``."""
        return revision == current or (current in self._now and revision in self._now)

    def _moved(self, source: set[int], target: set[int], start: int, end: int) -> None:
        # Undo and redo put back every row they touch exactly, so the inputs are those of the
        # target state, provided the workspace was in the source state when it began.
        if start in source:
            target.add(end)
            self._now = target
        else:
            self._now = {end}


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if not any(_changes_inputs(session, row, gone=row in session.deleted)
               for row in (*session.new, *session.dirty, *session.deleted)):
        return
    with session.no_autoflush:
        revision = session.get(PlanningRevision, 1)
    if revision is None:
        session.add(PlanningRevision(id=1, number=1))
    else:
        # An UPDATE ... SET number = number + 1: two writers cannot both count the same one.
        revision.number = PlanningRevision.number + 1


def _on_execute(state: ORMExecuteState) -> None:
    # Bulk statements on touches only keep the export's books (what each entry last said).
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, _READ_BY_PLANNER):
        state.session.execute(update(PlanningRevision).where(PlanningRevision.id == 1)
                              .values(number=PlanningRevision.number + 1))


def _changes_inputs(session: Session, row: object, *, gone: bool) -> bool:
    if row in session.dirty and not session.is_modified(row):
        return False  # only touched, nothing to write
    if isinstance(row, _READ_BY_PLANNER):
        details = _DETAILS.get(type(row), frozenset())
        return gone or row in session.new or bool(_changed(row) - details)
    if isinstance(row, ManagerSettings):
        return gone or row in session.new or bool(_changed(row) & _PLANNED_SETTINGS)
    if isinstance(row, Touchpoint):
        return _touch_changes_inputs(session, row, gone=gone)
    return False


def _touch_changes_inputs(session: Session, touch: Touchpoint, *, gone: bool) -> bool:
    """A touch agreed or no longer agreed, or an agreed one moved; the life of a suggestion
    (made, moved, accepted, dismissed, snoozed) is the plan's and the manager's answer to it."""
    if gone or touch in session.new:
        return touch.status in AGREED_STATUSES
    history = inspect(touch).attrs.status.history
    before = history.deleted[0] if history.deleted else touch.status
    answered = {TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED}
    if before != touch.status and not (before in answered or touch.status in answered):
        return True  # an accepted touch done or called off, or the like
    return touch.status in AGREED_STATUSES and bool(_changed(touch) & set(_SLOT))


def _changed(row: object) -> set[str]:
    """The names of ``row``'s attributes with changes to write."""
    state = inspect(row)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}
