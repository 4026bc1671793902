"""Table models for one stakeholder's interaction timeline and commitments (plain rows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from sqlalchemy.orm import Session

from cadence.commitments import list_commitments, status_updates
from cadence.interactions import interactions_of
from cadence.overview import is_late
from cadence.timezones import zone
from cadence.vocabulary import CommitmentStatus, TouchpointStatus
from cadence.wording import counted
from ui.resources import icon
from ui.stakeholder_model import LATE, MUTED

ID_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class InteractionRow:
    """One logged interaction, as shown."""

    id: int
    occurred_at: datetime
    timezone: str
    kind: str
    channel: str
    quality: int | None
    notes: str
    kind_key: str = ""


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    """One commitment, as shown."""

    id: int
    what: str
    due_on: date
    status: CommitmentStatus
    delivered_on: date | None
    effort_hours: float
    update_on: date | None = None
    """The day of the touch carrying its status update (the stakeholder's zone), if any."""
    update_status: TouchpointStatus | None = None
    first_due_on: date | None = None
    """The date first promised, if the due date was moved."""
    missed_due_on: date | None = None


def load_interactions(session: Session, stakeholder_id: int) -> list[InteractionRow]:
    """A stakeholder's interactions, newest first."""
    return [InteractionRow(i.id, i.occurred_at, i.timezone, i.kind.name, i.channel.value,
                           i.quality, i.notes, i.kind.key)
            for i in interactions_of(session, stakeholder_id)]


def load_commitments(session: Session, stakeholder_id: int) -> list[CommitmentRow]:
    """A stakeholder's commitments, by due date, with the touches carrying their updates."""
    commitments = list_commitments(session, stakeholder_id=stakeholder_id)
    updates = status_updates(session, (c.id for c in commitments))
    rows = []
    for c in commitments:
        update = updates.get(c.id)
        rows.append(CommitmentRow(
            c.id, c.what, c.due_on, c.status, c.delivered_on, c.effort_hours,
            update.local_start.date() if update else None,
            update.status if update else None, c.first_due_on, c.missed_due_on))
    return rows


class _RowsModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()
    STRETCH = 0  # the column of free text, which takes the width left

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        """The plain row at ``index``."""
        return self._rows[index]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None


class InteractionsModel(_RowsModel):
    """The interaction timeline, two lines a row for the narrow pane: the day over the time
    with its zone (the stakeholder's), the kind and channel over the notes, and how it went.

    Args:
        today: The manager's today: a day in another year shows its year.
    """

    HEADERS = ("When (their time)", "Interaction", "Quality")
    WHEN, INTERACTION, QUALITY = range(3)
    STRETCH = INTERACTION

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def set_today(self, today: date) -> None:
        """The day whose year goes without saying."""
        self.today = today

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: InteractionRow = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return r.id
        local = r.occurred_at.astimezone(zone(r.timezone))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.WHEN:
                return f"{local:%a %d %b %Y %H:%M} ({r.timezone})"
            if column == self.INTERACTION:
                # The column is cut short in the narrow pane: hovering shows all of it.
                full = r.notes.strip()
                return f"{r.kind} · {r.channel}" + (f"\n{full}" if full else "")
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.WHEN:
            # Days as the rest of the app writes them ("Sun 18 Oct"), times with their zone.
            year = f" {local.year}" if local.year != self.today.year else ""
            return f"{local:%a %d %b}{year}\n{local:%H:%M} {local.tzname()}"
        if column == self.INTERACTION:
            # The notes' first line only: the whole note is on hover.
            notes = r.notes.strip().splitlines()
            return f"{r.kind} · {r.channel}" + (f"\n{notes[0]}" if notes else "")
        return "–" if r.quality is None else "★" * r.quality


class CommitmentsModel(_RowsModel):
    """Commitments, two lines a row for the narrow pane: the promise over its effort, the due
    day over the status (late ones in red; delivered ones with their day; moved ones with the
    day first promised) and the touch carrying the status update."""

    HEADERS = ("Promise", "Due", "Update")
    PROMISE, DUE, UPDATE = range(3)
    STRETCH = PROMISE

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def set_today(self, today: date) -> None:
        """The day "late" is judged against (the manager's today)."""
        self.today = today

    def is_late(self, r: CommitmentRow) -> bool:
        """Open and past its due date (the core's rule)."""
        return is_late(r.status, r.due_on, self.today)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: CommitmentRow = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return {self.PROMISE: r.what, self.DUE: _due_tip(r),
                    self.UPDATE: _update_tip(r)}.get(column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.is_late(r):
                return QBrush(LATE)
            return QBrush(MUTED) if r.status is not CommitmentStatus.OPEN else None
        if role == Qt.ItemDataRole.DecorationRole and column == self.DUE:
            if self.is_late(r):
                return icon("late")
            return icon("deliver") if r.status is CommitmentStatus.DELIVERED else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.PROMISE:
            return f"{r.what}\n{r.effort_hours:g} h of work"
        if column == self.DUE:
            return f"{self._day(r.due_on)}\n{self.status_text(r)}"
        return _update_text(r)

    def status_text(self, r: CommitmentRow) -> str:
        """The promise's state in a few words: "late", "open · was 12 Nov", "delivered 28 Sep"."""
        status = "late" if self.is_late(r) else r.status.value
        if r.delivered_on is not None:
            return f"{status} {self._day(r.delivered_on)}"
        return f"{status} · was {self._day(r.first_due_on)}" if r.first_due_on else status

    def _day(self, day: date) -> str:
        """A day, with its year only when that is not this year: the pane is narrow."""
        return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != self.today.year else "")


def _due_tip(r: CommitmentRow) -> str | None:
    """Where a moved due date came from, and how a delivered promise did against its day."""
    tips = []
    if r.first_due_on is not None and r.missed_due_on is None:
        tips.append(f"First promised for {r.first_due_on:%d %b %Y}; moved before that date "
                    "passed")
    elif r.first_due_on is not None and r.missed_due_on is not None:
        tips.append(f"First promised for {r.first_due_on:%d %b %Y}; moved after "
                    f"{r.missed_due_on:%d %b %Y} had passed, which counts as missed")
    if r.delivered_on is not None:
        late = (r.delivered_on - r.due_on).days
        if r.missed_due_on is not None:
            when = f"after missing {r.missed_due_on:%d %b %Y}"
        else:
            when = "on time" if late <= 0 else f"{counted(late, 'day')} late"
        tips.append(f"Delivered on {r.delivered_on:%d %b %Y}, {when}")
    return "\n".join(tips) or None


def _update_text(r: CommitmentRow) -> str:
    """The update's day, marked as in the stakeholder table: "?" suggested, "✓" done."""
    if r.update_on is None:
        return ""
    mark = {TouchpointStatus.SUGGESTED: "?", TouchpointStatus.DONE: " ✓"}.get(
        r.update_status or TouchpointStatus.ACCEPTED, "")
    return f"{r.update_on:%a %d %b}{mark}"


def _update_tip(r: CommitmentRow) -> str | None:
    if r.update_on is None or r.update_status is None:
        if r.status is CommitmentStatus.OPEN:
            return "No touch carries a status update yet: re-plan, or see the plan's warnings"
        return None
    if r.update_status is TouchpointStatus.DONE:
        return f"Status update given on {r.update_on:%d %b %Y}"
    return f"Status update {r.update_status.value} for {r.update_on:%d %b %Y}"
