"""Dialogs that record something new: a stakeholder, an interaction, a commitment (or a new
date for one), a touch.

Each dialog saves through an undoable command when accepted; if the core refuses a value the
dialog stays open with the message at the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.accounts import usual_zones
from cadence.budget import MAX_TOUCHES, Budget
from cadence.catalogue import all_kinds, kind_by_key
from cadence.errors import CadenceError
from cadence.holiday_regions import FIELD as HOLIDAYS_FIELD
from cadence.models import Account, Stakeholder
from cadence.name_match import same_name_key
from cadence.stakeholders import StakeholderChanges, list_stakeholders
from cadence.timezones import zone
from cadence.touchpoints import first_open_start, plannable_kinds
from cadence.vocabulary import Channel, KindPurpose, Period
from ui.commands import (
    QUALITIES,
    AddRecord,
    AddStakeholder,
    WorkspaceCommand,
    add_commitment_command,
    add_touchpoint_command,
    drop_commitment_command,
    edit_interaction_command,
    log_interaction_command,
    move_due_date_command,
)
from ui.form_dialog import FormDialog
from ui.form_widgets import (
    day_edit,
    edited_day,
    edited_instant,
    instant_edit,
    show_instant,
    their_time,
    zone_combo,
)
from ui.history_models import CommitmentRow, InteractionRow
from ui.holidays_combo import HolidaysCombo
from ui.profile_form import TIPS
from ui.workspace import Workspace


class EntryDialog(FormDialog):
    """A form whose OK runs a command; errors stay in the dialog, at their field."""

    def __init__(self, workspace: Workspace, title: str, parent: QWidget | None) -> None:
        super().__init__(title, parent)
        self.workspace = workspace

    def command(self) -> WorkspaceCommand:
        """The command to run on OK."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.workspace.execute(self.command())
        except CadenceError as err:
            self.errors.show_failure(err, "form")
            self.adjustSize()  # room for the message under its field
            return
        super().accept()


class NewStakeholderDialog(EntryDialog):
    """Name, account and the essentials of a new stakeholder (the rest in the detail pane)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "New stakeholder", parent)
        self.name = QLineEdit()
        self.account = QComboBox(editable=True)
        self.account.addItems(workspace.read(
            lambda s: list(s.scalars(select(Account.name).order_by(Account.name)))))
        self.account.setCurrentText("")
        self.zone = zone_combo()
        self.zone.setCurrentText(workspace.manager_zone)
        self.zone.setToolTip("Where they are: the plan keeps to their reachable hours there")
        # The zone the dialog last filled in: once the user picks another, it is theirs.
        self._offered_zone = workspace.manager_zone
        # A colleague at a known account is most likely where most of that account's people are.
        self._usual_zones = workspace.read(usual_zones)
        self.account.currentTextChanged.connect(self._follow_account)
        self.role = QLineEdit()
        self.email = QLineEdit()
        self.importance = QSpinBox(minimum=1, maximum=5, value=3)
        self.importance.setToolTip(TIPS["importance"])
        self.budget_max = QSpinBox(minimum=0, maximum=MAX_TOUCHES, value=3)
        self.budget_max.setToolTip(TIPS["budget"])
        self.budget_period = QComboBox()
        for period in Period:
            self.budget_period.addItem(f"per {period.value}", period.value)
        self.budget_period.setCurrentIndex(self.budget_period.findData(Period.QUARTER.value))
        self.budget_period.setAccessibleName("Contact budget period")  # beside the budget
        budget = QWidget()
        line = QHBoxLayout(budget)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.budget_max)
        line.addWidget(QLabel("touches"))
        line.addWidget(self.budget_period, 1)
        self.add_row("Name", self.name, "name")
        self.add_row("Account", self.account, "account")
        self.add_row("Time zone", self.zone, "timezone")
        self.holidays = HolidaysCombo()
        self.holidays.follow_zone(self.zone.currentText())
        self.holidays.follow_zone_of(self.zone)
        self.add_row("Public holidays", self.holidays, HOLIDAYS_FIELD)
        self.add_row("Role", self.role, "role")
        self.add_row("Email", self.email, "email")
        self.add_row("Importance", self.importance, "importance")
        self.add_row("Contact budget", budget, "budget")
        self.created: AddStakeholder | None = None

    def command(self) -> WorkspaceCommand:
        self.created = AddStakeholder(self.workspace, StakeholderChanges(
            name=self.name.text(), account=self.account.currentText(), role=self.role.text(),
            email=self.email.text(), importance=self.importance.value(),
            budget=Budget(self.budget_max.value(), Period(self.budget_period.currentData())),
            timezone=self.zone.currentText().strip(), public_holidays=self.holidays.setting(),
        ))
        return self.created

    def _follow_account(self, name: str) -> None:
        usual = self._usual_zones.get(same_name_key(name))
        if usual is not None and self.zone.currentText() == self._offered_zone:
            self.zone.setCurrentText(usual)
            self._offered_zone = usual


class InteractionDialog(EntryDialog):
    """Log what happened: kind, when (in the manager's zone), channel, quality, notes; or,
    given ``editing``, correct an interaction logged before."""

    def __init__(
        self, workspace: Workspace, stakeholder_id: int, name: str,
        parent: QWidget | None = None, editing: InteractionRow | None = None,
    ) -> None:
        verb = "Edit interaction" if editing else "Log interaction"
        super().__init__(workspace, f"{verb} with {name}", parent)
        self._stakeholder_id = stakeholder_id
        self._editing = editing
        self.kind = QComboBox()
        for key, label in workspace.read(lambda s: [(k.key, k.name) for k in all_kinds(s)]):
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData("coffee")))
        this_hour = workspace.now().astimezone(zone(workspace.manager_zone)).replace(minute=0)
        self.when = instant_edit(this_hour, workspace.manager_zone)
        self.channel = QComboBox()
        self.channel.addItem("the kind's usual channel", "")
        for channel in Channel:
            self.channel.addItem(channel.value, channel.value)
        self.quality = QComboBox()
        for quality, label in QUALITIES:
            self.quality.addItem(label, quality)
        self.quality.setCurrentIndex(self.quality.findData(4))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setFixedHeight(70)
        self.add_row("Kind", self.kind, "kind")
        self.add_row(f"When ({workspace.manager_zone})", self.when, "when")
        self.add_row("Channel", self.channel, "channel")
        self.add_row("Quality", self.quality, "quality")
        self.add_row("Notes", self.notes, "notes")
        self.logged: AddRecord | None = None
        if editing is not None:
            self._show(editing)

    def _show(self, row: InteractionRow) -> None:
        """Fill the form with ``row``, the interaction being corrected."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind_key)))
        show_instant(self.when, row.occurred_at, self.workspace.manager_zone)
        self.channel.setCurrentIndex(max(0, self.channel.findData(row.channel)))
        self.quality.setCurrentIndex(max(0, self.quality.findData(row.quality)))
        self.notes.setPlainText(row.notes)

    def command(self) -> WorkspaceCommand:
        details = {
            "kind_key": self.kind.currentData(),
            "when": edited_instant(self.when, self.workspace.manager_zone, "when"),
            "channel": self.channel.currentData() or None,
            "quality": self.quality.currentData(), "notes": self.notes.toPlainText(),
        }
        if self._editing is not None:
            return edit_interaction_command(self.workspace, self._stakeholder_id,
                                            self._editing.id, **details)
        self.logged = log_interaction_command(self.workspace, self._stakeholder_id, **details)
        return self.logged


class CommitmentDialog(EntryDialog):
    """Record a promise: what, due when, the effort it takes."""

    def __init__(
        self, workspace: Workspace, stakeholder_id: int, name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, f"Add a commitment to {name}", parent)
        self._stakeholder_id = stakeholder_id
        today = workspace.today()
        self.what = QLineEdit(placeholderText="What was promised")
        self.due = day_edit(today + timedelta(days=14))
        self.effort = QDoubleSpinBox(minimum=0, maximum=500, value=2, suffix=" h", decimals=1)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setFixedHeight(60)
        self.add_row("What", self.what, "what")
        self.add_row("Due", self.due, "due")
        self.add_row("Effort", self.effort, "effort")
        self.add_row("Notes", self.notes, "notes")

    def command(self) -> WorkspaceCommand:
        return add_commitment_command(
            self.workspace, self._stakeholder_id, what=self.what.text(),
            due_on=edited_day(self.due), effort_hours=self.effort.value(),
            notes=self.notes.toPlainText(),
        )


class MoveDueDialog(EntryDialog):
    """Agree a new due date for an open promise, with the reason kept in its notes."""

    def __init__(
        self, workspace: Workspace, stakeholder_id: int, row: CommitmentRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, "Move the due date", parent)
        self._stakeholder_id = stakeholder_id
        self._commitment_id = row.id
        today = workspace.today()
        self.due = day_edit(max(row.due_on, today) + timedelta(days=7))
        self.reason = QLineEdit(placeholderText="Why: kept in the promise's notes")
        # Whether the move keeps the promise on time is the core's rule: say it before OK.
        passed = row.due_on < today
        note = QLabel(
            f"“{row.what}” was due {row.due_on:%a %d %b %Y}: that date stays missed in the "
            "on-time rate; the new one ends the late warnings." if passed else
            f"“{row.what}” is due {row.due_on:%a %d %b %Y}. Agreed before then, the new date "
            "is the one it is measured by.")
        note.setWordWrap(True)
        note.setObjectName("subtle")
        self.form.addRow(note)
        self.add_row("New due date", self.due, "due")
        self.add_row("Reason", self.reason, "reason")

    def command(self) -> WorkspaceCommand:
        return move_due_date_command(self.workspace, self._stakeholder_id, self._commitment_id,
                                     edited_day(self.due), self.reason.text())


class DropCommitmentDialog(EntryDialog):
    """Give up an open promise, saying why; it stays in the ledger as not kept."""

    def __init__(
        self, workspace: Workspace, stakeholder_id: int, row: CommitmentRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, "Drop the commitment", parent)
        self._stakeholder_id = stakeholder_id
        self._commitment_id = row.id
        self.reason = QLineEdit(placeholderText="Why: kept in the promise's notes")
        # Unlike Delete, a drop keeps the broken promise on the record: say so before OK.
        note = QLabel(f"“{row.what}” (due {row.due_on:%a %d %b %Y}) stays in the ledger as "
                      "not kept and counts against the on-time rate. To take back a promise "
                      "entered by mistake, delete it instead.")
        note.setWordWrap(True)
        note.setObjectName("subtle")
        self.form.addRow(note)
        self.add_row("Reason", self.reason, "reason")

    def command(self) -> WorkspaceCommand:
        return drop_commitment_command(self.workspace, self._stakeholder_id,
                                       self._commitment_id, self.reason.text())


class TouchDialog(EntryDialog):
    """Plan a touch yourself: with whom, what, when (in the manager's zone), by which channel.

    The touch is accepted at once; the core checks the kind, channel and both sides' hours.
    """

    def __init__(
        self, workspace: Workspace, stakeholder_id: int | None = None,
        start: datetime | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, "Plan a touch", parent)
        self.person = QComboBox()
        people = workspace.read(lambda s: [(p.id, f"{p.name} ({p.account.name})", p.timezone)
                                           for p in list_stakeholders(s)])
        for ident, label, person_zone in people:
            self.person.addItem(label, (ident, person_zone))
        self.person.setCurrentIndex(max(0, next(
            (i for i, p in enumerate(people) if p[0] == stakeholder_id), 0)))
        self.kind = QComboBox()
        kinds = workspace.read(lambda s: [(k.key, k.name) for k in all_kinds(s)
                                          if k.purpose is not KindPurpose.EVENT_INVITE])
        for key, label in kinds:
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData("coffee")))
        self.when = instant_edit(start or _next_hour(workspace), workspace.manager_zone)
        # Until a time is given (a double-click in the week, or typed), offer the first that
        # fits: a default the core would refuse only invites a second try.
        self._time_given = start is not None
        self.their_time = QLabel()
        self.their_time.setObjectName("subtle")
        self.channel = QComboBox()
        self.channel.addItem("the kind's channel with them", "")
        for channel in Channel:
            self.channel.addItem(channel.value, channel.value)
        self.add_row("With", self.person, "stakeholder")
        self.add_row("Kind", self.kind, "kind")
        self.add_row(f"When ({workspace.manager_zone})", self.when, ("start", "status"))
        self.form.addRow("", self.their_time)
        self.add_row("Channel", self.channel, "channel")
        self.person.currentIndexChanged.connect(self._offer_kind)
        self.kind.currentIndexChanged.connect(self._offer_open_time)
        self.person.currentIndexChanged.connect(self._offer_open_time)
        self.when.dateTimeChanged.connect(self._show_their_time)
        self._offer_kind()
        self._offer_open_time()
        self.when.dateTimeChanged.connect(self._note_time_given)
        self.added: AddRecord | None = None

    def start(self) -> datetime:
        """The chosen start, an aware instant in the manager's zone."""
        return edited_instant(self.when, self.workspace.manager_zone)

    def command(self) -> WorkspaceCommand:
        stakeholder_id, _zone = self.person.currentData()
        self.added = add_touchpoint_command(
            self.workspace, stakeholder_id, kind_key=self.kind.currentData(),
            start=edited_instant(self.when, self.workspace.manager_zone, "start"),
            channel=self.channel.currentData() or None,
            text=f"Plan {self.kind.currentText()} with {self.person.currentText()}")
        return self.added

    def _note_time_given(self) -> None:
        self._time_given = True

    def _offer_kind(self) -> None:
        """Keep the kind if the new person takes it; otherwise the first one they do."""
        data = self.person.currentData()
        if data is not None:
            keys = self.workspace.read(
                lambda s: plannable_kinds(s, s.get_one(Stakeholder, data[0])))
            if keys and self.kind.currentData() not in keys:
                # Quietly: the person's own handler offers the time next, once.
                blocked = self.kind.blockSignals(True)
                self.kind.setCurrentIndex(self.kind.findData(keys[0]))
                self.kind.blockSignals(blocked)

    def _offer_open_time(self) -> None:
        """Move the time to the first free one that suits both sides, unless one was given."""
        data = self.person.currentData()
        if not self._time_given and data is not None:
            stakeholder_id, key = data[0], self.kind.currentData()
            after = _next_hour(self.workspace)

            def first(session: Session) -> datetime | None:
                person = session.get_one(Stakeholder, stakeholder_id)
                minutes = kind_by_key(session, key).duration_minutes
                return first_open_start(session, person, minutes=minutes, after=after)

            found = self.workspace.read(first)
            if found is not None:
                blocked = self.when.blockSignals(True)  # offered, not given
                show_instant(self.when, found, self.workspace.manager_zone)
                self.when.blockSignals(blocked)
        self._show_their_time()

    def _show_their_time(self) -> None:
        data = self.person.currentData()
        if data is None:
            self.their_time.setText("Add a stakeholder first.")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self.their_time.setText(their_time(self.start(), data[1]))


def _next_hour(workspace: Workspace) -> datetime:
    """The first whole hour after now (the manager's clock): where a new touch starts unless
    told otherwise."""
    now = workspace.now().astimezone(zone(workspace.manager_zone))
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
