"""Events with seats (a hackathon, a workshop): the plan offers their seats to stakeholders
whose interests match their topics. Edited in place (:mod:`ui.record_table`), added with Add
event…, removed while nobody holds a seat; every change can be undone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.catalogue import all_kinds
from cadence.events import (
    MAX_EVENT_DAYS,
    EventChanges,
    list_events,
    local_span,
    seats_taken_by_event,
    venue_days,
)
from cadence.settings import load_settings
from cadence.vocabulary import KindPurpose, parse_terms
from ui.catalogue_commands import RemoveEvent, add_event_command, edit_event_command
from ui.commands import WorkspaceCommand
from ui.entry_dialogs import EntryDialog
from ui.form_widgets import (
    ZoneCombo,
    day_edit,
    edited_day,
    edited_time,
    time_edit,
    time_range,
    zone_combo,
)
from ui.record_table import (
    AnyIndex,
    ChoiceDelegate,
    DayDelegate,
    RecordTableDialog,
    RecordTableModel,
    Removal,
    SpinDelegate,
    TimeDelegate,
)
from ui.screen_fit import resize_to_fit
from ui.workspace import UndoableAction, Workspace


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event, as shown: its days at the venue."""

    id: int
    name: str
    day: date
    days: int
    start: time
    end: time
    seats: int
    taken: int
    topics: tuple[str, ...]
    timezone: str
    invite_lead_days: int
    kind_key: str
    kind_name: str
    location: str
    url: str
    over: bool


def load_event_rows(session: Session, today: date) -> list[EventRow]:
    """The events by start, with the seats taken; ``over`` for those ended before ``today``."""
    events = list_events(session)
    taken = seats_taken_by_event(session, [e.id for e in events])
    rows = []
    for event in events:
        first, days = venue_days(event)
        starts, ends = local_span(event)
        rows.append(EventRow(
            event.id, event.name, first, days, starts.time(), ends.time(), event.seats,
            taken.get(event.id, 0),
            tuple(event.topics), event.timezone, event.invite_lead_days, event.kind.key,
            event.kind.name, event.location, event.url,
            first + timedelta(days=days - 1) < today))
    return rows


class EventsModel(RecordTableModel[EventRow]):
    """The events; every column but the seats taken is editable."""

    HEADERS = ("Event", "Starts", "Days", "From", "To", "Seats", "Taken", "Topics",
               "Venue zone", "Invite ahead", "Invitation kind", "Location", "Link")
    (NAME, DAY, DAYS, START, END, SEATS, TAKEN, TOPICS, ZONE, LEAD, KIND, LOCATION,
     URL) = range(13)
    EDITABLE = frozenset(range(13)) - {TAKEN}
    _FIELDS = ("name", "day", "days", "start", "end", "seats", "", "topics", "timezone",
               "invite_lead_days", "kind_key", "location", "url")

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(workspace, lambda s: load_event_rows(s, workspace.today()), parent)

    def display(self, row: EventRow, column: int) -> Any:
        if column == self.DAY:
            return f"{row.day:%a %d %b %Y}"
        if column in (self.START, self.END):
            return f"{self.edit_value(row, column):%H:%M}"
        if column == self.LEAD:
            return f"{row.invite_lead_days} days"
        if column == self.KIND:
            return row.kind_name
        if column == self.TAKEN:
            return row.taken
        return self.edit_value(row, column)

    def edit_value(self, row: EventRow, column: int) -> Any:
        return (row.name, row.day, row.days, row.start, row.end, row.seats, row.taken,
                ", ".join(row.topics), row.timezone, row.invite_lead_days, row.kind_key,
                row.location, row.url)[column]

    def command(self, row: EventRow, column: int, value: Any) -> UndoableAction:
        changed: Any = parse_terms(value) if column == self.TOPICS else value
        return edit_event_command(self._workspace, row.id,
                                  EventChanges(**{self._FIELDS[column]: changed}))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.record(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and row.over:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.over:
                return "Over: kept as the history of who was invited"
            return _TIPS[index.column()]
        return super().data(index, role)


_TIPS = (
    "The event's name, as invitations show it",
    "Its first day at the venue",
    "How many days it lasts",
    "The time it starts on its first day, at the venue",
    "The time it ends on its last day, at the venue",
    "How many stakeholders can come; never fewer than the seats taken",
    "Seats taken: stakeholders whose invitation you accepted",
    "What it is about; invitations go only to stakeholders interested in one of these",
    "The venue's time zone; a new zone keeps the local hours",
    "How long before the event the invitations go out",
    "The kind of touch an invitation is (its value and effort)",
    "Where it takes place",
    "Its page (agenda, registration): invitations and calendar entries link to it",
)


class ZoneDelegate(QStyledItemDelegate):
    """Edits a time-zone name with the completing zone picker."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        combo = zone_combo()
        combo.setParent(parent)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, ZoneCombo)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, ZoneCombo)
        # The cell is saved before the editor sees its focus go: complete what was typed here.
        editor.complete_typed()
        model.setData(index, editor.currentText().strip(), Qt.ItemDataRole.EditRole)


def _invitation_kinds(session: Session) -> list[tuple[str, str]]:
    """(name, key) of every kind, event invitations first."""
    kinds = sorted(all_kinds(session), key=lambda k: k.purpose is not KindPurpose.EVENT_INVITE)
    return [(k.name, k.key) for k in kinds]


class EventsDialog(RecordTableDialog):
    """The events table with Add event… and Remove."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.model = EventsModel(workspace)
        self.add_button = QPushButton("Add event…")
        self.add_button.setStatusTip("Add an event whose seats the plan can offer")
        super().__init__(
            workspace, "Events",
            "Dated events with seats. The plan offers a seat to the stakeholders it is worth "
            "most to, among those interested in one of its topics, and invites them ahead of "
            "it. A seat is taken once you accept the invitation. Double-click a cell to "
            "change it.",
            self.model, EventsModel.TOPICS, {
                EventsModel.DAY: DayDelegate(),
                EventsModel.DAYS: SpinDelegate(1, MAX_EVENT_DAYS),
                EventsModel.START: TimeDelegate(),
                EventsModel.END: TimeDelegate(),
                EventsModel.SEATS: SpinDelegate(0, 10_000),
                EventsModel.ZONE: ZoneDelegate(),
                EventsModel.LEAD: SpinDelegate(0, 365, " days"),
                EventsModel.KIND: ChoiceDelegate(workspace.read(_invitation_kinds)),
            }, [self.add_button], Removal(
                "Remove the selected event; only one nobody holds a seat at (its suggested "
                "invitations go too, and Undo brings them back)",
                lambda event: RemoveEvent(workspace, event.id), lambda event: event.taken == 0),
            parent)
        self.model.setParent(self)
        # Wide enough for every column whole, where the screen allows (the dialog's margins and
        # the table's frame come on top of the columns).
        resize_to_fit(self, max(1180, self.columns_width() + 60), 380)
        self.add_button.clicked.connect(self.add_event)

    def add_event(self) -> AddEventDialog:
        """Open the dialog that adds an event."""
        dialog = AddEventDialog(self._workspace, self)
        dialog.open()
        return dialog


class AddEventDialog(EntryDialog):
    """Name, days, seats, topics and venue of a new event."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "Add an event", parent)
        lead = workspace.read(lambda s: load_settings(s).event_invite_lead_days)
        self.name = QLineEdit(placeholderText="e.g. Applied AI Hackathon")
        self.day = day_edit(workspace.today() + timedelta(days=lead + 14))
        self.days = QSpinBox(minimum=1, maximum=MAX_EVENT_DAYS, value=1)
        self.start = time_edit(time(9))
        self.end = time_edit(time(17))
        self.start.setAccessibleName("Hours at the venue from")
        self.end.setAccessibleName("Hours at the venue to")
        self.seats = QSpinBox(minimum=0, maximum=10_000, value=10)
        self.topics = QLineEdit(placeholderText="ai, data (matched with stakeholders' interests)")
        self.zone = zone_combo()
        self.zone.setCurrentText(workspace.manager_zone)
        self.location = QLineEdit()
        self.url = QLineEdit(placeholderText="https://… (agenda, registration)")
        self.lead = QSpinBox(minimum=0, maximum=365, value=lead, suffix=" days ahead")
        self.kind = QComboBox()
        for name, key in workspace.read(_invitation_kinds):
            self.kind.addItem(name, key)
        for label, widget, field in (
            ("Name", self.name, "name"), ("First day", self.day, ("day", "date")),
            ("Days", self.days, "days"),
            ("Hours at the venue", time_range(self.start, self.end), "hours"),
            ("Seats", self.seats, "seats"),
            ("Topics", self.topics, "topics"), ("Venue zone", self.zone, "timezone"),
            ("Location", self.location, "location"), ("Link", self.url, "url"),
            ("Invite", self.lead, "lead"),
            ("Invitation kind", self.kind, "kind"),
        ):
            self.add_row(label, widget, field)

    def command(self) -> WorkspaceCommand:
        return add_event_command(
            self.workspace, name=self.name.text(), day=edited_day(self.day),
            days=self.days.value(), start=edited_time(self.start), end=edited_time(self.end),
            seats=self.seats.value(),
            topics=parse_terms(self.topics.text()),
            timezone=self.zone.currentText().strip(), location=self.location.text(),
            url=self.url.text(),
            invite_lead_days=self.lead.value(), kind_key=str(self.kind.currentData()))
