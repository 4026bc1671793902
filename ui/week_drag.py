"""Dragging an entry of the week to another time: the press that may become a drag, the quarter
hour the entry would land on, the outline that shows it there while the mouse moves, and the
drop.

The canvas turns the mouse into days across and minutes down its grid; whether the new time
will do (the stakeholder's hours, a clash) is for the core to say: the week asks it each time
the entry would land on another quarter hour (:attr:`WeekDrag.target_changed`), so the outline
can show a refusal before the drop, and again at the drop.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication

from cadence.timezones import zone
from cadence.week_agenda import WeekItem
from ui.touch_actions import movable

if TYPE_CHECKING:
    from ui.week_view import WeekCanvas

GHOST_FILL = QColor(37, 99, 235, 56)  # see-through: the grid and the blocks under it show
GHOST_LINE = QColor("#1d4ed8")
GHOST_TEXT = QColor("#1e3a8a")
#: The outline where the core refuses the entry: red, and hatched so it reads without colour.
REFUSED_FILL = QColor(220, 38, 38, 32)
REFUSED_HATCH = QColor(220, 38, 38, 80)
REFUSED_LINE = QColor("#dc2626")
REFUSED_TEXT = QColor("#991b1b")
LABEL_BACKING = QColor(255, 255, 255, 220)
QUARTER = 15


class WeekDrag(QObject):
    """Drags the blocks of ``canvas`` that can move (as :func:`ui.touch_actions.movable` says),
    watching its mouse and keys as an event filter.

    A left press on such a block becomes a drag once the mouse has gone
    ``QApplication.startDragDistance()`` (less is a click: the canvas selects the block, and a
    double-click still opens it). While it is dragged, :meth:`ghost` is the entry where it
    would land; Escape puts it back; a release elsewhere drops it there.

    Signals:
        dropped(WeekItem, datetime): an entry was dropped at a new start (a quarter hour,
            aware, in the canvas's zone).
        target_changed(WeekItem, datetime): the entry being dragged would now land on another
            quarter hour (this start; its own start once it is back where it was). Only on a
            change, not on every mouse move, so a listener may ask the core about the slot.
        ended(): the drag is over, dropped or put back.
    """

    dropped = Signal(object, object)
    target_changed = Signal(object, object)
    ended = Signal()

    def __init__(self, canvas: WeekCanvas) -> None:
        super().__init__(canvas)
        self._canvas = canvas
        self._item: WeekItem | None = None  # the block pressed, while the button is down
        self._pressed_at = QPointF()
        self._dragging = False
        self._start: datetime | None = None  # where it would land
        self._refused = False  # whether the core refuses that
        canvas.installEventFilter(self)

    def target(self) -> datetime | None:
        """Where the entry being dragged would land, or ``None`` while none is."""
        return self._start if self._dragging else None

    def ghost(self) -> WeekItem | None:
        """The entry being dragged where it would land, as long as before (the core keeps the
        duration), or ``None`` while none is."""
        if self._item is None or self._start is None or not self._dragging:
            return None
        return replace(self._item, starts_at=self._start,
                       ends_at=self._start + (self._item.ends_at - self._item.starts_at))

    def refused(self) -> bool:
        """Whether the core refuses the entry where it would now land (see :meth:`refuse`)."""
        return self._refused and self._dragging

    def refuse(self, refused: bool) -> None:
        """Mark the target as one the core refuses (or not): the outline shows it until the
        entry is dragged on to another quarter hour."""
        if refused != self._refused:
            self._refused = refused
            self._canvas.update()

    def cancel(self) -> None:
        """Let go of the pressed block, which stays where it was."""
        dragging = self._dragging
        self._item, self._start, self._dragging, self._refused = None, None, False, False
        if dragging:
            self._canvas.unsetCursor()
            self._canvas.update()
            self.ended.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(event, QMouseEvent):
            if kind == QEvent.Type.MouseButtonPress:
                self._press(event)
            elif kind == QEvent.Type.MouseMove:
                return self._move(event)
            elif kind == QEvent.Type.MouseButtonRelease:
                return self._release(event)
        elif (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
              and event.key() == Qt.Key.Key_Escape and self._dragging):
            self.cancel()
            return True  # not for the canvas, where Escape also drops the selection
        return False

    def _press(self, event: QMouseEvent) -> None:
        # The canvas still gets the press: it selects the block.
        item = self._canvas.item_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and item is not None and movable(
                item.status):
            self._item, self._pressed_at = item, event.position()
            self._start, self._dragging = item.starts_at, False

    def _move(self, event: QMouseEvent) -> bool:
        point, canvas = event.position(), self._canvas
        if self._item is None or not event.buttons() & Qt.MouseButton.LeftButton:
            item = canvas.item_at(point)
            if item is not None and movable(item.status):
                canvas.setCursor(Qt.CursorShape.OpenHandCursor)  # it can be taken hold of
            else:
                canvas.unsetCursor()
            return False
        starting = not self._dragging
        if starting:
            if (point - self._pressed_at).manhattanLength() < QApplication.startDragDistance():
                return True
            self._dragging = True
            canvas.setCursor(Qt.CursorShape.ClosedHandCursor)
        day, minutes = canvas.grid_at(point)
        pressed_day, pressed_minutes = canvas.grid_at(self._pressed_at)
        start = landing(self._item.starts_at, canvas.zone_name, day - pressed_day,
                        minutes - pressed_minutes, (canvas.first_hour, canvas.last_hour))
        # Within the same quarter hour nothing is painted or asked again.
        if starting or start != self._start:
            self._start, self._refused = start, False
            canvas.update()
            self.target_changed.emit(self._item, start)
        return True

    def _release(self, event: QMouseEvent) -> bool:
        item, start, dragging = self._item, self._start, self._dragging
        if item is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        self.cancel()
        if dragging and start is not None and start != item.starts_at:
            self.dropped.emit(item, start)
        return dragging  # a click's release stays the canvas's


def landing(start: datetime, zone_name: str, days: int, minutes: float,
            hours: tuple[int, int]) -> datetime:
    """Where an entry starting at ``start`` lands, dragged ``days`` across and ``minutes`` down:
    the nearest quarter hour of the wall clock in ``zone_name``, within the ``hours`` shown
    (first, last), so the outline stays on screen.

    A wall time the clocks skip that night reads as the time after the gap, which is where the
    entry would go, so the outline shows it there.
    """
    tz = zone(zone_name)
    local = start.astimezone(tz)
    first, last = hours
    wall = round((local.hour * 60 + local.minute + minutes) / QUARTER) * QUARTER
    wall = max(first * 60, min(last * 60 - QUARTER, wall))
    at = datetime.combine(local.date() + timedelta(days=days),
                          time(wall // 60, wall % 60), tzinfo=tz)
    return at.astimezone(UTC).astimezone(tz)


def paint_ghost(painter: QPainter, rects: list[QRectF], item: WeekItem, zone_name: str,
                refused: bool = False) -> None:
    """The outline of ``item`` (the dragged entry where it would land) in ``rects``: its new day
    and time first, in bold, so the drop can be aimed; its title below if there is room.
    ``refused`` (the core will not have it there) draws it red and hatched, its time marked ✕."""
    tz = zone(zone_name)
    start, end = item.starts_at.astimezone(tz), item.ends_at.astimezone(tz)
    bold = QFont(painter.font())
    bold.setBold(True)
    plain = painter.font()
    outline, fill, text = ((REFUSED_LINE, REFUSED_FILL, REFUSED_TEXT) if refused
                           else (GHOST_LINE, GHOST_FILL, GHOST_TEXT))
    mark = "✕ " if refused else ""
    for rect in rects:
        painter.setPen(QPen(outline, 2, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        if refused:
            painter.setBrush(QBrush(REFUSED_HATCH, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(text)
        inner = rect.adjusted(4, 1, -3, -1)
        painter.setFont(bold)
        when = f"{mark}{start:%a %H:%M}–{end:%H:%M}"
        if painter.fontMetrics().horizontalAdvance(when) > inner.width():
            when = f"{mark}{start:%a %H:%M}"  # the start is what the drop is aimed by
        # On a backing of its own: the outline is see-through, and a label under it would
        # tangle with this one.
        metrics = painter.fontMetrics()
        label = QRectF(inner.left() - 2, inner.top(), metrics.horizontalAdvance(when) + 4,
                       metrics.height())
        painter.fillRect(label.intersected(rect.adjusted(1, 1, -1, -1)), LABEL_BACKING)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, when)
        line = painter.fontMetrics().lineSpacing()
        painter.setFont(plain)
        if inner.height() >= 2 * line:
            below = inner.adjusted(0, line, 0, 0)
            painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             painter.fontMetrics().elidedText(
                                 item.title, Qt.TextElideMode.ElideRight, int(below.width())))
