"""Small factories for form widgets configured the same way everywhere."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QWidget,
)

from cadence.timezones import YEARS, all_zone_names, given_local_to_utc, zone


def time_edit(value: time | None = None) -> QTimeEdit:
    """A 24-hour ``HH:mm`` time editor, showing ``value`` if given."""
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    if value is not None:
        show_time(edit, value)
    return edit


def show_time(edit: QTimeEdit, value: time) -> None:
    """Set ``edit`` to ``value`` (to the minute)."""
    edit.setTime(QTime(value.hour, value.minute))


def edited_time(edit: QTimeEdit) -> time:
    """The time ``edit`` shows."""
    value = edit.time()
    return time(value.hour(), value.minute())


def day_edit(day: date) -> QDateEdit:
    """A date editor with a calendar popup, showing ``day``, within the years Cadence uses."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy")
    _within_years(edit)
    return edit


def _within_years(edit: QDateTimeEdit) -> None:
    edit.setDateRange(QDate(YEARS.start, 1, 1), QDate(YEARS.stop - 1, 12, 31))


def edited_day(edit: QDateEdit) -> date:
    """The day ``edit`` shows."""
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def instant_edit(instant: datetime, zone_name: str) -> QDateTimeEdit:
    """A date-and-time editor with a calendar popup, showing ``instant`` in ``zone_name``.

    The editor holds a bare wall time: Qt would read it in the computer's own zone and apply
    that zone's clock changes (02:30 on the night New York goes forward became 03:30 for a
    manager in Berlin). :func:`edited_instant` reads it in ``zone_name``.
    """
    edit = QDateTimeEdit(calendarPopup=True, displayFormat="ddd dd MMM yyyy HH:mm")
    edit.setTimeZone(QTimeZone.utc())  # UTC has no clock changes: the wall time stays as typed
    _within_years(edit)
    show_instant(edit, instant, zone_name)
    return edit


def show_instant(edit: QDateTimeEdit, instant: datetime, zone_name: str) -> None:
    """Set ``edit`` to ``instant`` as a wall time in ``zone_name``."""
    local = instant.astimezone(zone(zone_name))
    show_wall_time(edit, local.date(), local.time())


def show_wall_time(edit: QDateTimeEdit, day: date, at: time) -> None:
    """Set an :func:`instant_edit` to the wall time ``at`` on ``day``, as if typed."""
    edit.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(at.hour, at.minute),
                               QTimeZone.utc()))


def edited_instant(edit: QDateTimeEdit, zone_name: str, field: str | None = None) -> datetime:
    """The instant ``edit`` shows, read as a wall time in ``zone_name`` (aware).

    With a ``field`` (when the value is saved), a time the clocks skip that night is refused
    naming it; without, it is read as moved on by the gap (to show it while it is edited).
    """
    value = edit.dateTime()
    day = date(value.date().year(), value.date().month(), value.date().day())
    at = time(value.time().hour(), value.time().minute())
    if field is not None:
        return given_local_to_utc(day, at, zone_name, field).astimezone(zone(zone_name))
    return datetime.combine(day, at, tzinfo=zone(zone_name))


def their_time(instant: datetime, zone_name: str) -> str:
    """``Their time: Thu 26 Nov 16:00 (Asia/Singapore)``: ``instant`` as the other side sees it.
    """
    return f"Their time: {instant.astimezone(zone(zone_name)):%a %d %b %H:%M} ({zone_name})"


@cache
def _zone_names() -> tuple[str, ...]:
    # Listing the zone database walks the file system: do it once per process.
    return tuple(all_zone_names())


def zone_named(typed: str) -> str | None:
    """The one zone ``typed`` names.

    Args:
        typed: What was typed in a zone field.

    Returns:
        The zone whose name it is (in any case); else the only zone whose name or city starts
        with it (in any case, a space for an underscore: "europe/ber" and "new york" name
        Europe/Berlin and America/New_York); ``None`` when it names none or several ("ber").
    """
    wanted = typed.strip().casefold().replace(" ", "_")
    if not wanted:
        return None
    names = _zone_names()
    # A whole name wins: "gmt" is GMT, though GMT0, GMT+0 and Etc/GMT start with it too.
    exact = [name for name in names if name.casefold() == wanted]
    if exact:
        return exact[0]
    found = [name for name in names if name.casefold().startswith(wanted)
             or name.rsplit("/", 1)[-1].casefold().startswith(wanted)]
    return found[0] if len(found) == 1 else None


class ZoneCombo(QComboBox):
    """An editable time-zone picker that completes on any part of the name as it is typed, and
    on leaving it (Tab, a click elsewhere) fills in the zone that what was typed names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        names = list(_zone_names())
        self.addItems(names)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def complete_typed(self) -> None:
        """Replace what was typed by the one zone it names (:func:`zone_named`); anything else
        stays as typed, for the core to refuse at the field saying why."""
        typed = self.currentText()
        named = zone_named(typed)
        if named is not None and named != typed:
            self.setCurrentText(named)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A popup (the list, a context menu) takes the focus while the name is still edited.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.complete_typed()
        super().focusOutEvent(event)


def zone_combo() -> ZoneCombo:
    """An editable time-zone picker (:class:`ZoneCombo`)."""
    return ZoneCombo()


def weekday_grid(boxes: list[QCheckBox]) -> QWidget:
    """The seven weekday check boxes in two rows of four."""
    days = QWidget()
    grid = QGridLayout(days)
    grid.setContentsMargins(0, 0, 0, 0)
    for i, box in enumerate(boxes):
        grid.addWidget(box, i // 4, i % 4)
    return days


def time_range(start: QTimeEdit, end: QTimeEdit) -> QWidget:
    """``start`` to ``end`` on one line."""
    hours = QWidget()
    line = QHBoxLayout(hours)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(start)
    line.addWidget(QLabel("to"))
    line.addWidget(end)
    line.addStretch(1)
    return hours
