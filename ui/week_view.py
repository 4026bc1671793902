"""The week view: touchpoints (accepted solid, suggested dashed) beside imported busy times,
painted on one canvas.

Nothing here is a widget per item: the canvas paints every block and answers tooltips and
clicks by hit-testing, so a busy calendar costs nothing extra. The keyboard works it too: the
arrow keys select a block (outlined), Enter opens its stakeholder and the Menu key (or
Shift+F10) its context menu. A suggestion's menu accepts, dismisses (with a reason if wanted)
or snoozes it through the same undoable commands and core calls as the plan view, and an entry
the plan can move moves by Move… or by dragging its block (:mod:`ui.week_drag`), the bar
above the calendar saying meanwhile where it would land and whether the core lets it;
double-clicking free time plans a touch there.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QStatusTipEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.errors import CadenceError, ValidationError
from cadence.holiday_regions import holiday_region
from cadence.public_holidays import holidays_from
from cadence.settings import load_settings
from cadence.timezones import zone
from cadence.touchpoints import get_touchpoint
from cadence.vocabulary import TouchpointStatus
from cadence.week_agenda import (
    ItemKind,
    WeekItem,
    WeekTouches,
    current_week,
    week_items,
    week_span,
    week_touches,
)
from ui.changes import ChangeSet
from ui.commands import QUALITIES, CompleteTouch, touchpoint_command
from ui.elided_label import ElidedLabel
from ui.move_dialog import MoveDialog
from ui.plan_model import load_touch_row
from ui.resources import icon
from ui.touch_actions import (
    ACCEPT_TIP,
    MOVE_TIP,
    SNOOZE_CHOICES,
    SNOOZE_TIP,
    Mutation,
    accepting,
    dismissing,
    movable,
    moving,
    snoozing,
)
from ui.week_drag import WeekDrag, paint_ghost
from ui.workspace import Workspace

Block = tuple[QRectF, WeekItem]

COLOURS = {
    ItemKind.BUSY: (QColor("#e5e7eb"), QColor("#9ca3af"), QColor("#374151")),
    ItemKind.TOUCH: (QColor("#dbeafe"), QColor("#2563eb"), QColor("#1e3a8a")),
    ItemKind.SUGGESTION: (QColor("#f8fafc"), QColor("#2563eb"), QColor("#1e40af")),
}
#: The selected block's outline: dark while the canvas has the focus, grey once it has left.
SELECTED_FOCUSED = QColor("#0f172a")
SELECTED_UNFOCUSED = QColor("#94a3b8")
FOCUS_FRAME = QColor("#2563eb")
HEADER = 34.0
GUTTER = 48.0
ALL_DAY = 22.0
MIN_BLOCK = 18.0

KEYBOARD_HINT = "Arrow keys select an entry; Enter opens it; Menu key or Shift+F10: its actions"


def item_key(item: WeekItem) -> tuple[object, ...]:
    """What identifies ``item`` across a refresh: its touchpoint (an accepted suggestion is the
    same entry), else its times and title."""
    if item.touchpoint_id is not None:
        return ("touchpoint", item.touchpoint_id)
    return (item.kind, item.starts_at, item.ends_at, item.title)


def describe(item: WeekItem, zone_name: str) -> tuple[str, str]:
    """``item``'s time span in ``zone_name`` ("Tue 24 Nov 10:00–11:00") and its detail."""
    tz = zone(zone_name)
    return (f"{item.starts_at.astimezone(tz):%a %d %b %H:%M}–"
            f"{item.ends_at.astimezone(tz):%H:%M}", item.detail)


class WeekCanvas(QWidget):
    """Paints one week (Monday first) in the manager's zone.

    Signals:
        stakeholder_activated(int): a touchpoint was double-clicked, or Enter pressed on it
            (its stakeholder's id).
        menu_requested(WeekItem, QPoint): a touchpoint's menu was asked for, by a right-click
            or the Menu key (to open at that screen point).
        slot_activated(datetime): free time was double-clicked (its quarter hour, aware).
        selection_changed(object): the selected block's item, or ``None``.
        move_requested(WeekItem, datetime): a touchpoint's block was dragged and dropped (its
            new start: a quarter hour, aware, in the canvas's zone).
    """

    stakeholder_activated = Signal(int)
    menu_requested = Signal(object, QPoint)
    slot_activated = Signal(object)
    selection_changed = Signal(object)
    move_requested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Week calendar")
        self.monday = date(2000, 1, 3)
        self.zone_name = "UTC"
        self.first_hour, self.last_hour = 7, 20
        self.work_days: set[int] = {0, 1, 2, 3, 4}
        self.days_off: dict[date, str] = {}
        self.today = self.monday
        self.items: list[WeekItem] = []
        self._rects: list[Block] = []
        self._laid_out = False  # the blocks are laid out again only after a change or resize
        self._selected: WeekItem | None = None
        self._selected_day = 0  # which day's block of a multi-day item the keyboard is on
        self.drag = WeekDrag(self)
        self.drag.dropped.connect(self.move_requested)
        self.setMinimumSize(560, 260)  # 20 px an hour from 7 to 20: readable on a small screen
        self.setMouseTracking(True)  # for the tooltips and the open hand over a movable block
        self.setStatusTip("Drag a touchpoint to move it; double-click free time to plan a touch")
        # Tab and clicks give the canvas the keyboard, so its blocks can be selected.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        return QSize(900, 560)

    def set_week(self, monday: date, zone_name: str, items: list[WeekItem],
                 hours: tuple[int, int], work_days: set[int], today: date,
                 days_off: dict[date, str] | None = None) -> None:
        """Show ``items`` for the week starting ``monday`` in ``zone_name``; ``days_off``
        names the manager's public holidays, shown as days off.

        The selection stays on its entry; once that has left the week (dismissed, snoozed), it
        moves on to the entry after it, so the keyboard can work through a week. Another week
        starts with nothing selected.
        """
        before = [item_key(item) for item in self._ordered_items()]
        same_week = monday == self.monday
        self.monday, self.zone_name, self.items, self.today = monday, zone_name, items, today
        self.first_hour, self.last_hour = hours
        self.work_days = work_days
        self.days_off = days_off or {}
        self._laid_out = False
        self.drag.cancel()  # the dragged entry may have moved or gone meanwhile
        if same_week:
            self._keep_selection(before)
        else:
            self._set_selected(None, 0)
        self.update()

    # -- layout ------------------------------------------------------------------------------

    def _metrics(self) -> tuple[float, float, float]:
        """A day's width, the top of the timed grid, an hour's height."""
        day_w = (self.width() - GUTTER) / 7
        top = HEADER + ALL_DAY
        hour_h = (self.height() - top - 4) / max(1, self.last_hour - self.first_hour)
        return day_w, top, hour_h

    def blocks(self) -> list[Block]:
        """Every painted block with its item, laid out for the current size."""
        if not self._laid_out:
            day_w, top, hour_h = self._metrics()
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
            self._laid_out = True
        return self._rects

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._laid_out = False

    def _column(self, x: float) -> int:
        """The day (0 is Monday) at ``x``, the nearest one beside the grid."""
        return max(0, min(6, int((x - GUTTER) // self._metrics()[0])))

    def grid_at(self, point: QPointF) -> tuple[int, float]:
        """The day (as :meth:`_column`) at ``point`` and how many minutes it is below the
        first hour shown (where a dragged block is taken to)."""
        _, top, hour_h = self._metrics()
        return self._column(point.x()), (point.y() - top) / hour_h * 60

    def _day_of(self, rect: QRectF) -> int:
        return self._column(rect.center().x())

    def _reading_order(self) -> list[tuple[int, QRectF, WeekItem]]:
        """The blocks as the keyboard walks them: day by day, all-day ones first, then from
        the top, left to right."""
        return sorted(((self._day_of(rect), rect, item) for rect, item in self.blocks()),
                      key=lambda b: (b[0], b[1].top(), b[1].left()))

    def _ordered_items(self) -> list[WeekItem]:
        seen: set[tuple[object, ...]] = set()
        ordered = []
        for _, _, item in self._reading_order():
            if item_key(item) not in seen:
                seen.add(item_key(item))
                ordered.append(item)
        return ordered

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        day_w, top, hour_h = self._metrics()
        self._grid(painter, day_w, top, hour_h)
        for rect, item in self.blocks():
            self._block(painter, rect, item)
        self._selection_mark(painter)
        ghost = self.drag.ghost()
        if ghost is not None:
            paint_ghost(painter, self._item_rects(ghost, day_w, top, hour_h), ghost,
                        self.zone_name, self.drag.refused())
        painter.end()

    def _grid(self, painter: QPainter, day_w: float, top: float, hour_h: float) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        today = self.today
        for d in range(7):
            x = GUTTER + d * day_w
            day = self.monday + timedelta(days=d)
            holiday = self.days_off.get(day)
            if d not in self.work_days or holiday is not None:
                painter.fillRect(QRectF(x, HEADER, day_w, self.height()), QColor("#f8fafc"))
            if day == today:
                painter.fillRect(QRectF(x, 0, day_w, HEADER), QColor("#eff6ff"))
            painter.setFont(bold if day == today else self.font())
            painter.setPen(QColor("#0f172a"))
            if holiday is None:
                painter.drawText(QRectF(x, 0, day_w, HEADER), Qt.AlignmentFlag.AlignCenter,
                                 day.strftime("%a %d %b"))
            else:  # the date above, the holiday's name below
                painter.drawText(QRectF(x, 0, day_w, HEADER / 2 + 3),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                 day.strftime("%a %d %b"))
                self._holiday_label(painter, QRectF(x + 4, HEADER / 2 + 2, day_w - 8,
                                                    HEADER / 2 - 2), holiday)
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

    def _holiday_label(self, painter: QPainter, rect: QRectF, name: str) -> None:
        """A public holiday's name in small type, cut to fit its day's header."""
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(QColor("#b45309"))
        text = QFontMetrics(small).elidedText(name, Qt.TextElideMode.ElideRight, int(rect.width()))
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

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

    def _selection_mark(self, painter: QPainter) -> None:
        """A frame round the canvas while it has the keyboard, and an outline round the
        selected entry's blocks (only these are drawn again, so painting stays cheap)."""
        focused = self.hasFocus()
        if focused:
            painter.setPen(QPen(FOCUS_FRAME, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        if self._selected is None:
            return
        key = item_key(self._selected)
        painter.setPen(QPen(SELECTED_FOCUSED if focused else SELECTED_UNFOCUSED, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect, item in self.blocks():
            if item_key(item) == key:
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 4, 4)

    # -- selection ---------------------------------------------------------------------------

    def selected(self) -> WeekItem | None:
        """The selected entry, or ``None``."""
        return self._selected

    def select(self, item: WeekItem | None) -> None:
        """Select ``item`` (one of :attr:`items`), or nothing."""
        day = self._selected_day
        if item is not None:
            days = [self._day_of(rect) for rect, shown in self.blocks()
                    if item_key(shown) == item_key(item)]
            day = day if day in days else (days[0] if days else 0)
        self._set_selected(item, day)

    def _set_selected(self, item: WeekItem | None, day: int) -> None:
        changed = item != self._selected or day != self._selected_day
        self._selected, self._selected_day = item, day
        if changed:
            self.update()
            self.selection_changed.emit(item)

    def _keep_selection(self, before: list[tuple[object, ...]]) -> None:
        if self._selected is None:
            return
        now = {item_key(item): item for item in self.items}
        key = item_key(self._selected)
        following = before[before.index(key):] if key in before else [key]
        chosen = next((now[k] for k in following if k in now), None)
        if chosen is None and key in before:  # it was the last one: the one before it
            chosen = next((now[k] for k in reversed(before[:before.index(key)]) if k in now),
                          None)
        if chosen is None:
            self._set_selected(None, self._selected_day)
        else:
            self.select(chosen)  # finds its block again: the layout may have moved it

    def _selected_block(self) -> QRectF | None:
        if self._selected is None:
            return None
        key = item_key(self._selected)
        rects = [(self._day_of(rect), rect) for rect, item in self.blocks()
                 if item_key(item) == key]
        return next((r for d, r in rects if d == self._selected_day),
                    rects[0][1] if rects else None)

    def _step(self, key: int) -> None:
        """Move the selection for an arrow key, Home or End."""
        order = self._reading_order()
        if not order:
            return
        current = self._selected_block()
        place = next((n for n, (_, rect, _item) in enumerate(order) if rect == current), None)
        if place is None:  # nothing selected yet: start at either end of the week
            first = key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Home)
            day, _, item = order[0] if first else order[-1]
        elif key == Qt.Key.Key_Home:
            day, _, item = order[0]
        elif key == Qt.Key.Key_End:
            day, _, item = order[-1]
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            day, _, item = order[max(0, min(len(order) - 1,
                                            place + (1 if key == Qt.Key.Key_Down else -1)))]
        else:
            # Left and right go to the nearest day with entries, to the block at the height
            # closest to this one's.
            here_day, here, _ = order[place]
            ahead = key == Qt.Key.Key_Right
            days = [d for d, _, _ in order if (d > here_day if ahead else d < here_day)]
            if not days:
                return
            target = min(days) if ahead else max(days)
            day, _, item = min((b for b in order if b[0] == target),
                               key=lambda b: abs(b[1].center().y() - here.center().y()))
        self._set_selected(item, day)

    # -- hit-testing -------------------------------------------------------------------------

    def item_at(self, point: QPointF) -> WeekItem | None:
        """The block painted at ``point`` (topmost first)."""
        for rect, item in reversed(self.blocks()):
            if rect.contains(point):
                return item
        return None

    def time_at(self, point: QPointF) -> datetime | None:
        """The quarter hour (in the canvas's zone) under ``point``, or ``None`` off the grid."""
        day_w, top, hour_h = self._metrics()
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

    # -- mouse and keyboard ------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            item = self.item_at(event.position())
            if item is not None or event.button() == Qt.MouseButton.LeftButton:
                self._select_at(item, event.position())
        super().mousePressEvent(event)

    def _select_at(self, item: WeekItem | None, point: QPointF) -> None:
        self._set_selected(item, self._column(point.x()))

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10
                                      and modifiers == Qt.KeyboardModifier.ShiftModifier):
            self._request_menu_for_selected()
        elif plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left,
                               Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            self._step(key)
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            if self._selected.stakeholder_id is not None:
                self.stakeholder_activated.emit(self._selected.stakeholder_id)
        elif plain and key == Qt.Key.Key_Escape and self._selected is not None:
            self._set_selected(None, self._selected_day)
        else:
            super().keyPressEvent(event)

    def _request_menu_for_selected(self) -> bool:
        """Ask for the selected touchpoint's menu, at its block; whether there was one."""
        item, rect = self._selected, self._selected_block()
        if item is None or rect is None or item.touchpoint_id is None:
            return False
        at = QPointF(rect.left() + min(rect.width() / 2, 24), rect.center().y())
        self.menu_requested.emit(item, self.mapToGlobal(at.toPoint()))
        return True

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            # The platform's menu key: the menu is for the selected entry, not the mouse's.
            if self._request_menu_for_selected():
                return
        else:
            item = self.item_at(QPointF(event.pos()))
            if item is not None and item.touchpoint_id is not None:
                self._select_at(item, QPointF(event.pos()))  # shows which entry it is for
                self.menu_requested.emit(item, event.globalPos())
                return
        super().contextMenuEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()  # the focus frame and the selection's colour

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _holiday_at(self, point: QPointF) -> str | None:
        """What the header at ``point`` says of its day's public holiday, in full."""
        if point.y() >= HEADER or point.x() < GUTTER:
            return None
        day = self.monday + timedelta(days=self._column(point.x()))
        name = self.days_off.get(day)
        return None if name is None else f"{name}: a public holiday where you work (no touches)"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.item_at(QPointF(event.pos()))
            if item is not None:
                when, detail = describe(item, self.zone_name)
                QToolTip.showText(event.globalPos(), f"{item.title}\n{when}\n{detail}", self)
                return True
            holiday = self._holiday_at(QPointF(event.pos()))
            if holiday is not None:
                QToolTip.showText(event.globalPos(), holiday, self)
                return True
            QToolTip.hideText()
            return True
        return super().event(event)


def _undo_text(item: WeekItem, verb: str) -> str:
    """How Edit > Undo names ``verb`` done to ``item``: "Accept Coffee with Ana Lima"."""
    return f"{verb} {_entry_name(item)}"


def _entry_name(item: WeekItem) -> str:
    """``item`` as a sentence names it: "Coffee with Ana Lima" (its title is "stakeholder ·
    what")."""
    name, _, what = item.title.partition(" · ")
    return f"{what} with {name}"


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
        self.monday = current_week(workspace.today())
        self.canvas = WeekCanvas()
        self.title = QLabel()
        self.title.setObjectName("heading")
        # How many touches the week holds, against the weekly touch limit if one is set.
        self.touches = QLabel()
        self.touches.setObjectName("subtle")
        self.legend = QLabel(
            "<span style='color:#2563eb'>■</span> accepted touchpoints &nbsp; "
            "<span style='color:#2563eb'>⬚</span> suggested &nbsp; "
            "<span style='color:#9ca3af'>■</span> busy (imported calendars)")
        self.legend.setObjectName("subtle")
        # The selected entry in words (what hovering tells a mouse user), or how the keyboard
        # works the week, or where a dragged entry would land: in the bar's free width, so the
        # canvas keeps its height on a small screen.
        self.details = ElidedLabel(KEYBOARD_HINT)
        self.details.setObjectName("subtle")
        self.previous_action = self._week_action(
            "Previous week", "Show the week before", "Alt+Left", Qt.Key.Key_PageUp,
            lambda: self.go(-7))
        self.current_action = self._week_action(
            "Current week", "Show this week (next week from Saturday)", "Alt+Home", None,
            self.go_today)
        self.next_action = self._week_action(
            "Next week", "Show the week after", "Alt+Right", Qt.Key.Key_PageDown,
            lambda: self.go(7))
        self.previous_button = self._button("◀ Previous", self.previous_action)
        self.current_button = self._button("Current week", self.current_action)
        self.next_button = self._button("Next ▶", self.next_action)
        # The legend goes under the title, so a small window need not be wider than both.
        heading = QVBoxLayout()
        heading.setSpacing(0)
        titled = QHBoxLayout()
        titled.setSpacing(12)
        titled.addWidget(self.title)
        titled.addWidget(self.touches, 0, Qt.AlignmentFlag.AlignBottom)
        titled.addStretch(1)
        heading.addLayout(titled)
        heading.addWidget(self.legend)
        bar = QHBoxLayout()
        bar.addLayout(heading)
        bar.addSpacing(12)
        bar.addWidget(self.details, 1)
        for button in (self.previous_button, self.current_button, self.next_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        self._stale = True
        # Any change may show in the week: touchpoints, busy times, settings (hours, holidays,
        # the touch limit), and interactions logged with a stakeholder, which the week's
        # count of touches holds. Once per change, however many parts it has.
        workspace.changes.published.connect(self._changed)
        self.canvas.menu_requested.connect(self._show_menu)
        self.canvas.move_requested.connect(self.move_to)
        self.canvas.selection_changed.connect(self._show_selected)
        self.canvas.drag.target_changed.connect(self._show_target)
        self.canvas.drag.ended.connect(self._drag_ended)

    def _week_action(self, text: str, tip: str, shortcut: str, in_canvas: Qt.Key | None,
                     slot: Callable[[], None]) -> QAction:
        """A week-moving action: its shortcut works while the week is shown (a hidden tab's
        shortcuts do not fire), ``in_canvas`` while the calendar has the keyboard."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if in_canvas is not None:
            QShortcut(QKeySequence(in_canvas), self.canvas, slot,
                      Qt.ShortcutContext.WidgetShortcut)
            keys += ", or " + QKeySequence(in_canvas).toString(
                QKeySequence.SequenceFormat.NativeText) + " in the calendar"
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({keys})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    @staticmethod
    def _button(text: str, action: QAction) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(action.toolTip())
        button.setStatusTip(action.statusTip())
        button.clicked.connect(action.trigger)
        return button

    def go(self, days: int) -> None:
        """Move by ``days`` (±7 for a week)."""
        self.monday += timedelta(days=days)
        self.refresh()

    def go_today(self) -> None:
        """Show the current week."""
        self.monday = current_week(self._workspace.today())
        self.refresh()

    def refresh(self) -> None:
        """Read the week again."""
        self._stale = False
        ws = self._workspace
        zone_name = ws.manager_zone
        start, end = week_span(self.monday, zone_name)

        def read(session: Session) -> tuple[list[WeekItem], tuple[int, int], set[int],
                                             str | None, WeekTouches]:
            settings = load_settings(session)
            hours = (max(0, min(7, settings.work_start.hour - 1)),
                     min(24, max(19, settings.work_end.hour + 1 + (settings.work_end.minute > 0))))
            return (week_items(session, start, end), hours, set(settings.work_days),
                    holiday_region(settings.public_holidays, settings.timezone),
                    week_touches(session, start, end))

        items, hours, days, region, touches = ws.read(read)
        hours = visible_hours(items, zone_name, hours)
        self.title.setText(f"Week of {self.monday:%d %B %Y} ({zone_name})")
        self.touches.setText(touches.summary())
        self.canvas.set_week(self.monday, zone_name, items, hours, days, ws.today(),
                             holidays_from(region, self.monday, 7))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _show_selected(self, item: WeekItem | None) -> None:
        if item is None:
            self.details.set_full_text(KEYBOARD_HINT)
            self.canvas.setAccessibleDescription("")
            return
        when, detail = describe(item, self.canvas.zone_name)
        text = " · ".join(part for part in (when, item.title, detail) if part)
        self.details.set_full_text(text)
        self.canvas.setAccessibleDescription(text)

    def _show_target(self, item: WeekItem, start: datetime) -> None:
        """Say where the dragged ``item`` would land at ``start``, in both people's time, or why
        the core will not have it there (the outline shows that too)."""
        # Where and whether first, the entry last: a long title is what the bar elides.
        what, touch = _entry_name(item), item.touchpoint_id
        if touch is None or start == item.starts_at:  # a drop here changes nothing
            self._say_while_dragging(f"Drag to another time, Esc to cancel · {what}")
            return
        refusal, their_zone = self.trial_move(touch, start)
        self.canvas.drag.refuse(refusal is not None)
        if refusal is not None:
            self._say_while_dragging(f"Not here: {refusal} — Esc to cancel · {what}")
            return
        ghost = replace(item, starts_at=start, ends_at=start + (item.ends_at - item.starts_at))
        when, _ = describe(ghost, self.canvas.zone_name)
        local = ""
        if their_zone is not None:
            mine, theirs = (start.astimezone(zone(name))
                            for name in (self.canvas.zone_name, their_zone))
            # Their time only where their clock differs from the manager's (not in a zone of
            # the same offset); their day too where that differs.
            if theirs.utcoffset() != mine.utcoffset():
                day = "" if theirs.date() == mine.date() else f"{theirs:%a} "
                local = f" ({day}{theirs:%H:%M} their time, {their_zone})"
        self._say_while_dragging(
            f"Move to {when}{local} — release to drop, Esc to cancel · {what}")

    def _say_while_dragging(self, text: str) -> None:
        self.details.set_full_text(text)
        # The bar shares its row, and elides a refusal's reason in a window under about 1300
        # pixels wide; the status bar (a status tip, as hovering an action shows) spans it.
        QApplication.sendEvent(self, QStatusTipEvent(text))

    def _drag_ended(self) -> None:
        # The drag said nothing about the selection meanwhile: the bar shows it again.
        self._show_selected(self.canvas.selected())
        QApplication.sendEvent(self, QStatusTipEvent(""))

    def trial_move(self, touchpoint_id: int, start: datetime) -> tuple[str | None, str | None]:
        """Ask the core whether touchpoint ``touchpoint_id`` may move to ``start``: the drop's
        own move, undone unsaved (quick: the touchpoint, its stakeholder and the accepted
        touches then are read).

        Returns:
            Why not, in the core's words (``None`` if it may), and the stakeholder's zone
            (``None`` if the touchpoint has gone).
        """
        now = self._workspace.now()
        their_zone: str | None = None
        # Not Workspace.dry_run: its flush writes, so it would wait for the write lock (up to
        # the 15 s busy timeout) while a re-plan or an import holds it. Without a flush the
        # move only reads, and the rollback drops the moved times unwritten.
        with self._workspace.database.sessions() as session, session.no_autoflush:
            try:
                touchpoint = get_touchpoint(session, touchpoint_id)
                their_zone = touchpoint.stakeholder.timezone
                moving(start, now)(session, touchpoint)
            except ValidationError as err:
                return err.message, their_zone  # without the field's name
            except CadenceError as err:  # the touchpoint has gone
                return str(err), None
            finally:
                session.rollback()
        return None, their_zone

    def menu_for(self, item: WeekItem) -> QMenu:
        """What can be done with a touchpoint in the week: accept, dismiss (with a reason if
        wanted) or snooze a suggestion, and move what the plan moves, as in the plan; mark an
        accepted touch done once its time has come; open the stakeholder."""
        menu = QMenu(self)
        touch, person = item.touchpoint_id, item.stakeholder_id
        if person is None:
            return menu
        now = self._workspace.now()
        name, _, what = item.title.partition(" · ")
        if (item.status is TouchpointStatus.ACCEPTED and touch is not None
                and item.starts_at <= now):
            done = menu.addMenu(icon("log"), "Mark done")
            done.setStatusTip("The accepted touch took place: log it, with how it went")
            for quality, label in QUALITIES:
                done.addAction(label, self._completing(touch, person, f"Mark {what} with "
                                                       f"{name} done", quality))
            menu.addSeparator()
        if item.kind is ItemKind.SUGGESTION and touch is not None:
            def act(verb: str, mutate: Mutation) -> Callable[[], None]:
                return self._acting(touch, person, _undo_text(item, verb), mutate)

            menu.addAction(icon("accept"), "Accept", act("Accept", accepting(now))
                           ).setStatusTip(ACCEPT_TIP)
            menu.addAction(icon("dismiss"), "Dismiss", act("Dismiss", dismissing("", now))
                           ).setStatusTip("Dismiss the suggestion")
            menu.addAction("Dismiss with reason…", lambda: self.ask_dismiss_reason(item)
                           ).setStatusTip("Dismiss the suggestion, saying why (kept with it, "
                                          "as the plan's reason field does)")
            snooze = menu.addMenu(icon("snooze"), "Snooze")
            snooze.setStatusTip(SNOOZE_TIP)
            for label, days in SNOOZE_CHOICES:
                snooze.addAction(label, act("Snooze", snoozing(days, now))).setStatusTip(
                    f"{SNOOZE_TIP} ({label})")
        if movable(item.status):  # a suggestion is, so this closes its group too
            menu.addAction(icon("move"), "Move…", lambda: self.ask_move(item)).setStatusTip(
                f"{MOVE_TIP} (or drag it there)")
            menu.addSeparator()
        menu.addAction(icon("people"), "Open stakeholder",
                       lambda: self.canvas.stakeholder_activated.emit(person)
                       ).setStatusTip("Show the stakeholder (Enter, or a double-click)")
        return menu

    def ask_dismiss_reason(self, item: WeekItem) -> QInputDialog | None:
        """Ask why ``item`` (a suggestion) is dismissed; OK dismisses it with that reason."""
        touch, person = item.touchpoint_id, item.stakeholder_id
        if touch is None or person is None:
            return None
        text = _undo_text(item, "Dismiss")
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle("Dismiss suggestion")
        dialog.setLabelText(f"Why {text[0].lower()}{text[1:]}? (optional)")
        dialog.setOkButtonText("Dismiss")

        def dismiss_with(reason: str) -> None:
            self._acting(touch, person, text, dismissing(reason, self._workspace.now()))()

        dialog.textValueSelected.connect(dismiss_with)
        dialog.open()
        return dialog

    def ask_move(self, item: WeekItem) -> MoveDialog | None:
        """Open the plan's move dialog for ``item`` (a touchpoint the plan can move)."""
        ws, touch = self._workspace, item.touchpoint_id
        if touch is None:
            return None
        try:
            row = ws.read(lambda session: load_touch_row(session, touch, ws.today()))
        except CadenceError as err:  # a re-plan replaced it since the week was read
            ws.changes.failed.emit(str(err))
            return None
        dialog = MoveDialog(ws, row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def move_to(self, item: WeekItem, start: datetime) -> bool:
        """Move ``item`` to ``start`` (its block was dropped there) by the same undoable move
        as the move dialog; whether it moved (the core's refusal is shown as any failed
        command's)."""
        touch, person = item.touchpoint_id, item.stakeholder_id
        if touch is None or person is None:
            return False
        return self._workspace.try_execute(touchpoint_command(
            self._workspace, touch, person, _undo_text(item, "Move"),
            moving(start, self._workspace.now())))

    def _show_menu(self, item: WeekItem, at: QPoint) -> None:
        # Not exec(): the menu need not block, and it goes once closed.
        menu = self.menu_for(item)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(at)

    def _acting(self, touchpoint_id: int, stakeholder_id: int, text: str,
                mutate: Mutation) -> Callable[[], None]:
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

    def _changed(self, _change: ChangeSet) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()
