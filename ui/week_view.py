"""The week view: touchpoints (accepted solid, suggested dashed) beside imported busy times,
painted on one canvas.

Nothing here is a widget per item: the canvas paints every block and answers tooltips and
clicks by hit-testing, so a busy calendar costs nothing extra. A suggestion's context menu
accepts or dismisses it through the same undoable commands as the plan view; double-clicking
free time plans a touch there.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.models import Touchpoint
from cadence.settings import load_settings
from cadence.timezones import local_to_utc, zone
from cadence.touchpoints import accept, dismiss
from cadence.vocabulary import TouchpointStatus
from cadence.week_agenda import ItemKind, WeekItem, week_items
from ui.commands import QUALITIES, CompleteTouch, touchpoint_command
from ui.resources import icon
from ui.workspace import Workspace

Block = tuple[QRectF, WeekItem]

COLOURS = {
    ItemKind.BUSY: (QColor("#e5e7eb"), QColor("#9ca3af"), QColor("#374151")),
    ItemKind.TOUCH: (QColor("#dbeafe"), QColor("#2563eb"), QColor("#1e3a8a")),
    ItemKind.SUGGESTION: (QColor("#f8fafc"), QColor("#2563eb"), QColor("#1e40af")),
}
HEADER = 34.0
GUTTER = 48.0
ALL_DAY = 22.0
MIN_BLOCK = 18.0


class WeekCanvas(QWidget):
    """Paints one week (Monday first) in the manager's zone.

    Signals:
        stakeholder_activated(int): a touchpoint was double-clicked (its stakeholder's id).
        menu_requested(WeekItem, QPoint): a touchpoint was right-clicked (at that screen point).
        slot_activated(datetime): free time was double-clicked (its quarter hour, aware).
    """

    stakeholder_activated = Signal(int)
    menu_requested = Signal(object, QPoint)
    slot_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Week calendar")
        self.monday = date(2000, 1, 3)
        self.zone_name = "UTC"
        self.first_hour, self.last_hour = 7, 20
        self.work_days: set[int] = {0, 1, 2, 3, 4}
        self.today = self.monday
        self.items: list[WeekItem] = []
        self._rects: list[tuple[QRectF, WeekItem]] = []
        self.setMinimumSize(560, 260)  # 20 px an hour from 7 to 20: readable on a small screen
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(900, 560)

    def set_week(self, monday: date, zone_name: str, items: list[WeekItem],
                 hours: tuple[int, int], work_days: set[int], today: date) -> None:
        """Show ``items`` for the week starting ``monday`` in ``zone_name``."""
        self.monday, self.zone_name, self.items, self.today = monday, zone_name, items, today
        self.first_hour, self.last_hour = hours
        self.work_days = work_days
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        day_w = (self.width() - GUTTER) / 7
        top = HEADER + ALL_DAY
        hour_h = (self.height() - top - 4) / max(1, self.last_hour - self.first_hour)
        self._grid(painter, day_w, top, hour_h)
        all_day: dict[int, list[Block]] = defaultdict(list)
        timed: dict[int, list[Block]] = defaultdict(list)
        for item in self.items:
            for rect in self._item_rects(item, day_w, top, hour_h):
                by_day = all_day if rect.top() < top else timed
                by_day[int((rect.left() - GUTTER) // day_w)].append((rect, item))
        # Blocks that meet share the day's width, busy time and all-day events too, so no
        # label hides another.
        self._rects = [b for blocks in (all_day, timed) for day in sorted(blocks)
                       for b in side_by_side(blocks[day])]
        for rect, item in self._rects:
            self._block(painter, rect, item)
        painter.end()

    def _grid(self, painter: QPainter, day_w: float, top: float, hour_h: float) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        today = self.today
        for d in range(7):
            x = GUTTER + d * day_w
            day = self.monday + timedelta(days=d)
            if d not in self.work_days:
                painter.fillRect(QRectF(x, HEADER, day_w, self.height()), QColor("#f8fafc"))
            if day == today:
                painter.fillRect(QRectF(x, 0, day_w, HEADER), QColor("#eff6ff"))
            painter.setFont(bold if day == today else self.font())
            painter.setPen(QColor("#0f172a"))
            painter.drawText(QRectF(x, 0, day_w, HEADER), Qt.AlignmentFlag.AlignCenter,
                             day.strftime("%a %d %b"))
            painter.setPen(QPen(QColor("#e2e8f0")))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setFont(self.font())
        for h in range(self.first_hour, self.last_hour + 1):
            y = top + (h - self.first_hour) * hour_h
            painter.setPen(QPen(QColor("#e2e8f0")))
            painter.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))
            painter.setPen(QColor("#64748b"))
            painter.drawText(QRectF(0, y - 8, GUTTER - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{h:02d}:00")
        painter.setPen(QPen(QColor("#cbd5e1")))
        painter.drawLine(QPointF(0, HEADER), QPointF(self.width(), HEADER))
        painter.drawLine(QPointF(0, top), QPointF(self.width(), top))

    def _item_rects(self, item: WeekItem, day_w: float, top: float,
                    hour_h: float) -> list[QRectF]:
        tz = zone(self.zone_name)
        start, end = item.starts_at.astimezone(tz), item.ends_at.astimezone(tz)
        rects = []
        for d in range(7):
            day = self.monday + timedelta(days=d)
            day_start = datetime.combine(day, time(0), tzinfo=tz)
            day_end = day_start + timedelta(days=1)
            if end <= day_start or start >= day_end:
                continue
            x = GUTTER + d * day_w + 2
            if item.all_day or (end - start) >= timedelta(hours=20):
                rects.append(QRectF(x, HEADER + 2, day_w - 4, ALL_DAY - 4))
                continue
            a, b = max(start, day_start), min(end, day_end)
            y1 = top + (_hours(a) - self.first_hour) * hour_h
            y2 = top + (_hours(b) - self.first_hour) * hour_h if b < day_end else self.height()
            y1, y2 = max(top, y1), min(float(self.height()) - 2, y2)
            if y2 <= top:
                continue
            # Very short touches (a five-minute email) still get a readable line.
            y2 = max(y2, min(y1 + MIN_BLOCK, float(self.height()) - 2))
            rects.append(QRectF(x, y1 + 1, day_w - 4, y2 - y1 - 2))
        return rects

    def _block(self, painter: QPainter, rect: QRectF, item: WeekItem) -> None:
        fill, line, text = COLOURS[item.kind]
        dashed = item.kind is ItemKind.SUGGESTION  # proposed, not yet in the calendar
        painter.setPen(QPen(line, 1, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(text)
        inner = rect.adjusted(4, 1, -3, -1)
        label = item.title
        if rect.height() > 30:
            label = f"{item.starts_at.astimezone(zone(self.zone_name)):%H:%M} {label}"
        elided = painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                  int(inner.width()))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(inner, flags if rect.height() > 30 else Qt.AlignmentFlag.AlignVCenter,
                         label if rect.height() > 30 else elided)

    def item_at(self, point: QPointF) -> WeekItem | None:
        """The block painted at ``point`` (topmost first)."""
        for rect, item in reversed(self._rects):
            if rect.contains(point):
                return item
        return None

    def time_at(self, point: QPointF) -> datetime | None:
        """The quarter hour (in the canvas's zone) under ``point``, or ``None`` off the grid."""
        day_w = (self.width() - GUTTER) / 7
        top = HEADER + ALL_DAY
        hour_h = (self.height() - top - 4) / max(1, self.last_hour - self.first_hour)
        if point.x() < GUTTER or point.y() < top or day_w <= 0:
            return None
        column = min(6, int((point.x() - GUTTER) // day_w))
        quarters = int((point.y() - top) / hour_h * 4)
        minutes = self.first_hour * 60 + 15 * quarters
        if minutes >= 24 * 60:
            return None
        day = self.monday + timedelta(days=column)
        return datetime.combine(day, time(minutes // 60, minutes % 60),
                                tzinfo=zone(self.zone_name))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.item_at(event.position())
        if item is not None and item.stakeholder_id is not None:
            self.stakeholder_activated.emit(item.stakeholder_id)
            return
        at = self.time_at(event.position())
        if at is not None:
            self.slot_activated.emit(at)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.item_at(QPointF(event.pos()))
        if item is not None and item.touchpoint_id is not None:
            self.menu_requested.emit(item, event.globalPos())
            return
        super().contextMenuEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.item_at(QPointF(event.pos()))
            if item is not None:
                tz = zone(self.zone_name)
                when = (f"{item.starts_at.astimezone(tz):%a %d %b %H:%M}–"
                        f"{item.ends_at.astimezone(tz):%H:%M}")
                QToolTip.showText(event.globalPos(), f"{item.title}\n{when}\n{item.detail}",
                                  self)
                return True
            QToolTip.hideText()
            return True
        return super().event(event)


def side_by_side(blocks: list[Block]) -> list[Block]:
    """One day's blocks, those that meet on screen sharing the width in columns, as calendar
    apps lay out overlapping events (a run of five-minute emails stays readable)."""
    laid: list[Block] = []
    cluster: list[Block] = []
    bottom = -math.inf
    for block in sorted(blocks, key=lambda b: (b[0].top(), b[0].bottom())):
        if cluster and block[0].top() >= bottom:
            laid.extend(_columns(cluster))
            cluster = []
        cluster.append(block)
        bottom = max(bottom, block[0].bottom()) if len(cluster) > 1 else block[0].bottom()
    return laid + _columns(cluster)


def _columns(cluster: list[Block]) -> list[Block]:
    """Each block of a cluster in the first column free at its top, all columns one width."""
    ends: list[float] = []
    column_of = []
    for rect, _ in cluster:
        column = next((c for c, end in enumerate(ends) if end <= rect.top()), len(ends))
        if column == len(ends):
            ends.append(rect.bottom())
        else:
            ends[column] = rect.bottom()
        column_of.append(column)
    laid = []
    for (rect, item), column in zip(cluster, column_of, strict=True):
        width = rect.width() / len(ends)
        laid.append((QRectF(rect.left() + column * width, rect.top(), width - 1, rect.height()),
                     item))
    return laid


def visible_hours(items: list[WeekItem], zone_name: str,
                  usual: tuple[int, int]) -> tuple[int, int]:
    """The hours the week shows: the ``usual`` ones around the working day, widened to
    every timed item of the week (an evening dinner, an early flight)."""
    first, last = usual
    tz = zone(zone_name)
    for item in items:
        start, end = item.starts_at.astimezone(tz), item.ends_at.astimezone(tz)
        if item.all_day or end - start >= timedelta(hours=20):
            continue  # in the all-day row
        overnight = end.date() > start.date()  # its part after midnight starts at 00:00
        first = min(first, 0 if overnight else start.hour)
        last = max(last, 24 if overnight else end.hour + (end.minute > 0 or end.second > 0))
    return first, last


def _hours(instant: datetime) -> float:
    return instant.hour + instant.minute / 60


class WeekView(QWidget):
    """A week navigator over :class:`WeekCanvas`, refreshed when the plan or busy times change."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.monday = _first_monday(workspace.today())
        self.canvas = WeekCanvas()
        self.title = QLabel()
        self.title.setObjectName("heading")
        self.legend = QLabel(
            "<span style='color:#2563eb'>■</span> accepted touchpoints &nbsp; "
            "<span style='color:#2563eb'>⬚</span> suggested &nbsp; "
            "<span style='color:#9ca3af'>■</span> busy (imported calendars)")
        self.legend.setObjectName("subtle")
        previous = QPushButton("◀ Previous")
        previous.clicked.connect(lambda: self.go(-7))
        this = QPushButton("Current week")
        this.clicked.connect(self.go_today)
        following = QPushButton("Next ▶")
        following.clicked.connect(lambda: self.go(7))
        # The legend goes under the title, so a small window need not be wider than both.
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.legend)
        bar = QHBoxLayout()
        bar.addLayout(heading)
        bar.addStretch(1)
        for button in (previous, this, following):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        self._stale = True
        for signal in (workspace.changes.plan, workspace.changes.busy,
                       workspace.changes.settings):
            signal.connect(self._mark_stale)
        self.canvas.menu_requested.connect(self._show_menu)

    def go(self, days: int) -> None:
        """Move by ``days`` (±7 for a week)."""
        self.monday += timedelta(days=days)
        self.refresh()

    def go_today(self) -> None:
        """Show the current week."""
        self.monday = _first_monday(self._workspace.today())
        self.refresh()

    def refresh(self) -> None:
        """Read the week again."""
        self._stale = False
        ws = self._workspace
        zone_name = ws.manager_zone
        start = local_to_utc(self.monday, time(0), zone_name)
        end = local_to_utc(self.monday + timedelta(days=7), time(0), zone_name)

        def read(session: Session) -> tuple[list[WeekItem], tuple[int, int], set[int]]:
            settings = load_settings(session)
            hours = (max(0, min(7, settings.work_start.hour - 1)),
                     min(24, max(19, settings.work_end.hour + 1 + (settings.work_end.minute > 0))))
            return week_items(session, start, end), hours, set(settings.work_days)

        items, hours, days = ws.read(read)
        hours = visible_hours(items, zone_name, hours)
        self.title.setText(f"Week of {self.monday:%d %B %Y} ({zone_name})")
        self.canvas.set_week(self.monday, zone_name, items, hours, days, ws.today())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def menu_for(self, item: WeekItem) -> QMenu:
        """What can be done with a touchpoint in the week: accept or dismiss a suggestion, mark
        an accepted touch done once its time has come, open the stakeholder."""
        menu = QMenu(self)
        touch, person = item.touchpoint_id, item.stakeholder_id
        if person is None:
            return menu
        now = self._workspace.now()
        name, _, what = item.title.partition(" · ")
        if (item.status is TouchpointStatus.ACCEPTED and touch is not None
                and item.starts_at <= now):
            done = menu.addMenu(icon("log"), "Mark done")
            for quality, label in QUALITIES:
                done.addAction(label, self._completing(touch, person, f"Mark {what} with "
                                                       f"{name} done", quality))
            menu.addSeparator()
        if item.kind is ItemKind.SUGGESTION and touch is not None:
            menu.addAction(icon("accept"), "Accept", self._acting(
                touch, person, f"Accept {what} with {name}", lambda s, tp: accept(s, tp, now)))
            menu.addAction(icon("dismiss"), "Dismiss", self._acting(
                touch, person, f"Dismiss {what} with {name}",
                lambda s, tp: dismiss(s, tp, "", now)))
            menu.addSeparator()
        menu.addAction(icon("people"), "Open stakeholder",
                       lambda: self.canvas.stakeholder_activated.emit(person))
        return menu

    def _show_menu(self, item: WeekItem, at: QPoint) -> None:
        self.menu_for(item).exec(at)

    def _acting(self, touchpoint_id: int, stakeholder_id: int, text: str,
                mutate: Callable[[Session, Touchpoint], None]) -> Callable[[], None]:
        def run() -> None:
            self._workspace.try_execute(touchpoint_command(
                self._workspace, touchpoint_id, stakeholder_id, text, mutate))
        return run

    def _completing(self, touchpoint_id: int, stakeholder_id: int, text: str,
                    quality: int | None) -> Callable[[], None]:
        def run() -> None:
            self._workspace.try_execute(CompleteTouch(
                self._workspace, touchpoint_id, stakeholder_id, text, quality))
        return run

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()


def _first_monday(today: date) -> date:
    """The Monday of this week, or of next week once the weekend has begun."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7) if today.weekday() >= 5 else monday
