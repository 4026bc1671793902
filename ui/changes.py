"""What changed in the workspace, broadcast so that each view refreshes only its part.

Every user action returns a :class:`ChangeSet`; :class:`Changes` turns it into typed signals.
Views connect to the signals they care about (the stakeholder table to ``stakeholders``, the plan
view to ``plan``...), in the spirit of Anki's ``OpChanges``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The parts of the workspace an action touched.

    ``stakeholder_ids`` names the people whose rows changed (their profile, interactions or
    commitments); ``all_stakeholders`` means the whole list may have changed.
    """

    stakeholder_ids: frozenset[int] = field(default_factory=frozenset)
    all_stakeholders: bool = False
    plan: bool = False
    busy: bool = False
    settings: bool = False

    @classmethod
    def people(cls, ids: Iterable[int], *, plan: bool = False) -> ChangeSet:
        """A change to these stakeholders (and, with ``plan``, to touchpoints)."""
        return cls(stakeholder_ids=frozenset(ids), plan=plan)

    @classmethod
    def everything(cls) -> ChangeSet:
        """The whole workspace changed (a workspace import)."""
        return cls(all_stakeholders=True, plan=True, busy=True, settings=True)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            self.stakeholder_ids | other.stakeholder_ids,
            self.all_stakeholders or other.all_stakeholders,
            self.plan or other.plan,
            self.busy or other.busy,
            self.settings or other.settings,
        )


class Changes(QObject):
    """The one broadcaster of workspace changes (lives in the GUI thread).

    Signals:
        stakeholders(list): ids of changed stakeholders; an empty list means "all of them".
        plan(): touchpoints changed (suggested, accepted, moved...).
        busy(): imported busy times changed.
        settings(): the manager's settings changed.
        failed(str): an action failed after the fact (e.g. an undo); the message is for users.
        published(ChangeSet): once per change, after the signals above: for a view that
            follows every part and should refresh once, not once per part.
    """

    stakeholders = Signal(list)
    plan = Signal()
    busy = Signal()
    settings = Signal()
    failed = Signal(str)
    published = Signal(object)

    def publish(self, change: ChangeSet) -> None:
        """Emit the signals for ``change``."""
        if change.settings:
            self.settings.emit()
        if change.all_stakeholders:
            self.stakeholders.emit([])
        elif change.stakeholder_ids:
            self.stakeholders.emit(sorted(change.stakeholder_ids))
        if change.plan:
            self.plan.emit()
        if change.busy:
            self.busy.emit()
        if change != ChangeSet():
            self.published.emit(change)
