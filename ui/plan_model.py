"""The agenda model: touchpoints grouped by week (a two-level tree over plain rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.commitments import overtaken_update
from cadence.errors import NotFoundError
from cadence.models import Account, Commitment, Event, Stakeholder, Touchpoint, TouchpointKind
from cadence.models.touchpoint import PLANNED_BY_YOU
from cadence.timezones import ensure_utc, zone
from cadence.touch_titles import touch_title
from cadence.vocabulary import TouchpointStatus
from ui.resources import icon
from ui.stakeholder_model import MUTED

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("When", "Stakeholder", "Touch", "Channel", "Value", "Why")
# internalId of a week row (touch rows carry their week's index instead)
_NO_WEEK = 0xFFFFFFFF
#: Touchpoints still open for a decision (shown as suggestions).
OPEN_STATUSES = (TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED)


@dataclass(frozen=True, slots=True)
class TouchRow:
    """One touchpoint, as the agenda shows it."""

    id: int
    stakeholder_id: int
    stakeholder: str
    account: str
    kind: str
    channel: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: TouchpointStatus
    value: float
    reasons: tuple[str, ...]
    snoozed_until: datetime | None
    avoid_topics: tuple[str, ...]
    planned_by_user: bool = False
    overtaken: str | None = None  # what changed since the plan, if it makes the touch moot


def load_touch_rows(
    session: Session, statuses: Iterable[TouchpointStatus], today: date,
    after: datetime | None = None,
) -> list[TouchRow]:
    """Touchpoints with ``statuses`` that end after ``after`` (any time if ``None``), in time
    order; ``today`` tells whether a status update they carry was overtaken since."""
    # Columns, not objects: the lists are read again after every accept or dismiss, and
    # loading each touch's stakeholder whole (every preference column decoded) took most of
    # the 30 ms this took with a plan of 150 touches at 5,000 stakeholders.
    query = (
        select(Touchpoint.id, Touchpoint.stakeholder_id, Stakeholder.name, Account.name,
               TouchpointKind.name, Event.name, Event.starts_at, Touchpoint.commitment_id,
               Touchpoint.channel, Touchpoint.starts_at, Touchpoint.ends_at,
               Touchpoint.timezone, Touchpoint.status, Touchpoint.value, Touchpoint.reasons,
               Touchpoint.snoozed_until, Stakeholder.avoid_topics)
        .join(Stakeholder, Touchpoint.stakeholder_id == Stakeholder.id)
        .join(Account, Stakeholder.account_id == Account.id)
        .join(TouchpointKind, Touchpoint.kind_id == TouchpointKind.id)
        .outerjoin(Event, Touchpoint.event_id == Event.id)
        .where(Touchpoint.status.in_(list(statuses)))
        .order_by(Touchpoint.starts_at, Touchpoint.id))
    if after is not None:
        query = query.where(Touchpoint.ends_at > ensure_utc(after))
    rows = session.execute(query).all()
    promised = {c.id: c for c in session.scalars(select(Commitment).where(
        Commitment.id.in_(sorted({row.commitment_id for row in rows if row.commitment_id}))))}
    return [_touch_row(row, promised.get(row.commitment_id), today) for row in rows]


def _touch_row(row: Sequence[Any], commitment: Commitment | None, today: date) -> TouchRow:
    (ident, stakeholder_id, name, account, kind, event, event_starts, _, channel, starts_at,
     ends_at, timezone, status, value, reasons, snoozed_until, avoid) = row
    title = touch_title(kind, ends_at,
                        event=(event, event_starts) if event is not None else None,
                        commitment_what=commitment.what if commitment else None)
    local_day = starts_at.astimezone(zone(timezone)).date()
    return TouchRow(ident, stakeholder_id, name, account, title, channel.value, starts_at,
                    ends_at, timezone, status, value, tuple(reasons), snoozed_until,
                    tuple(avoid), reasons == [PLANNED_BY_YOU],
                    overtaken_update(commitment, local_day, today))


def load_touch_row(session: Session, touchpoint_id: int, today: date) -> TouchRow:
    """Touchpoint ``touchpoint_id`` as the plan lists it (what the move dialog shows).

    Raises:
        NotFoundError: it no longer exists (a re-plan replaced it).
    """
    touchpoint = session.get(Touchpoint, touchpoint_id)
    if touchpoint is None:  # said as the move command says it
        raise NotFoundError("the touchpoint no longer exists")
    # It lasts a minute at least, so it ends after its start: only the rows from it on are read.
    rows = load_touch_rows(session, [touchpoint.status], today, after=touchpoint.starts_at)
    return next(row for row in rows if row.id == touchpoint_id)



@dataclass
class _Week:
    monday: date
    rows: list[TouchRow]


def their_time(row: TouchRow) -> str:
    """"Their time: Thu 26 Nov 16:00 (Asia/Singapore)": when the stakeholder meets it."""
    theirs = row.starts_at.astimezone(zone(row.timezone))
    return f"Their time: {theirs:%a %d %b %H:%M} ({row.timezone})"


class AgendaModel(QAbstractItemModel):
    """Weeks (Monday first, in the manager's zone) as parents, touchpoints as children."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._weeks: list[_Week] = []
        self._zone = "UTC"
        self._now: datetime | None = None

    def set_rows(self, rows: Sequence[TouchRow], zone_name: str,
                 now: datetime | None = None) -> None:
        """Replace the agenda (rows in time order); accepted touches that began before ``now``
        are marked as waiting to be marked done."""
        self.beginResetModel()
        zone_changed, self._zone = zone_name != self._zone, zone_name
        self._now = now
        weeks: dict[date, list[TouchRow]] = {}
        for row in rows:
            day = row.starts_at.astimezone(zone(zone_name)).date()
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append(row)
        self._weeks = [_Week(monday, found) for monday, found in sorted(weeks.items())]
        self.endResetModel()
        if zone_changed:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    def touch_count(self) -> int:
        """How many touchpoints are shown."""
        return sum(len(w.rows) for w in self._weeks)

    def touch_rows(self) -> list[TouchRow]:
        """Every touchpoint shown, in order."""
        return [row for week in self._weeks for row in week.rows]

    def awaits_done(self, row: TouchRow) -> bool:
        """An accepted touch whose time has come: it took place (mark it done) or it did not."""
        return (self._now is not None and row.status is TouchpointStatus.ACCEPTED
                and row.starts_at <= self._now)

    def index_of(self, touchpoint_id: int) -> QModelIndex:
        """The index of a touchpoint, or an invalid index."""
        for w, week in enumerate(self._weeks):
            for r, row in enumerate(week.rows):
                if row.id == touchpoint_id:
                    return self.index(r, 0, self.index(w, 0))
        return QModelIndex()

    # -- Qt model interface ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_WEEK)
        return self.createIndex(row, column, parent.row())

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _NO_WEEK:
            return QModelIndex()
        return self.createIndex(int(child.internalId()), 0, _NO_WEEK)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._weeks)
        if parent.internalId() == _NO_WEEK and parent.column() == 0:
            return len(self._weeks[parent.row()].rows)
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return f"When ({self._zone})" if section == 0 else HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _NO_WEEK:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _NO_WEEK:
            return self._week_data(self._weeks[index.row()], index.column(), role)
        row = self._weeks[int(index.internalId())].rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            if row.overtaken:
                return icon("over-budget")
            if row.status is TouchpointStatus.SNOOZED:
                return icon("snooze")
            return icon("log") if self.awaits_done(row) else None
        if role == Qt.ItemDataRole.ForegroundRole and row.status is TouchpointStatus.SNOOZED:
            return QBrush(MUTED)
        return None

    def _week_data(self, week: _Week, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            count = len(week.rows)
            return f"Week of {week.monday:%d %b %Y} — {count} touch{'es' if count != 1 else ''}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, row: TouchRow, column: int) -> str:
        mine = zone(self._zone)
        if column == 0:
            start = row.starts_at.astimezone(mine)
            return f"{start:%a %d %b %H:%M}–{row.ends_at.astimezone(mine):%H:%M}"
        if column == 1:
            return f"{row.stakeholder} ({row.account})"
        if column == 2:
            return row.kind
        if column == 3:
            return row.channel
        if column == 4:
            return "yours" if row.planned_by_user else f"{row.value:.1f}"
        return " ".join(row.reasons)

    def _tooltip(self, row: TouchRow) -> str:
        lines = [f"{row.kind} with {row.stakeholder}", their_time(row)]
        if row.overtaken:
            lines.append(f"Since planned: {row.overtaken}")
        lines += [f"• {reason}" for reason in row.reasons]
        if row.avoid_topics:
            lines.append("Avoid: " + ", ".join(row.avoid_topics))
        if row.snoozed_until is not None:
            lines.append(f"Snoozed until {row.snoozed_until.astimezone(zone(self._zone)):%d %b}")
        if self.awaits_done(row):
            lines.append("Its time has come: mark it done to log it, or dismiss it if it did "
                         "not take place.")
        return "\n".join(lines)
