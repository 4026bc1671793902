"""The stakeholder profile editor: profile, contact budget and preferences.

The form holds no rules: it turns its fields into :class:`StakeholderChanges` and lets the core
validate them in a rolled-back dry run as the user types, so an invalid value is shown at its
field before anything is saved. Saving is an undoable :class:`EditStakeholder` command.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.budget import MAX_TOUCHES, Budget
from cadence.catalogue import all_kinds
from cadence.errors import CadenceError, NotFoundError, ValidationError
from cadence.holiday_regions import FIELD as HOLIDAYS_FIELD
from cadence.models import Account, Stakeholder
from cadence.stakeholders import (
    LONGEST_GAP_DAYS,
    StakeholderChanges,
    apply_changes,
    stakeholder_as_json,
)
from cadence.vocabulary import WEEKDAY_NAMES, Channel, Period, parse_terms
from ui.commands import EditStakeholder
from ui.field_errors import FieldErrors
from ui.form_widgets import edited_time, time_edit, time_range, weekday_grid, zone_combo
from ui.holidays_combo import HolidaysCombo
from ui.workspace import Workspace

KindChoice = tuple[str, str]  # key, display name

#: What the numbers of a profile mean, for the fields that hold them (here and in the
#: new-stakeholder dialog).
TIPS = {
    "importance": "1 (low) to 5 (key): what keeping this relationship warm is worth in the plan",
    "budget": "The plan never proposes more touches than this in a period (logged "
              "interactions and accepted touches count)",
    "min-gap": "The plan leaves at least this long between two touches with them",
    "max-silence": "Longer than this without a good contact and the relationship goes cold: "
                   "the plan reaches out before then",
}


class ProfileForm(QWidget):
    """Edits one stakeholder; :meth:`load` shows a stakeholder, Save applies the changes.

    Signals:
        saved(int): the stakeholder id, after a successful save.
    """

    saved = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._id: int | None = None
        self._loading = False
        self.errors = FieldErrors()
        self._check = QTimer(self, singleShot=True, interval=250)
        self._check.timeout.connect(self.validate)
        self._build()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self._make_fields()
        columns = QVBoxLayout()
        # The form sits in the narrow detail pane: a field too wide to share a line with its
        # label goes beneath it, and the lists (long labels, long items) always do.
        for group, wrap in ((self._profile_group(), QFormLayout.RowWrapPolicy.WrapLongRows),
                            (self._budget_group(), QFormLayout.RowWrapPolicy.WrapLongRows),
                            (self._prefs_group(), QFormLayout.RowWrapPolicy.WrapAllRows),
                            (self._reach_group(), QFormLayout.RowWrapPolicy.WrapAllRows)):
            form = group.layout()
            assert isinstance(form, QFormLayout)
            form.setRowWrapPolicy(wrap)
            columns.addWidget(group)
        columns.addStretch(1)
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.addLayout(columns)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(inner)
        self._scroll.setAccessibleName("Profile")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll, 1)
        outer.addLayout(self._buttons())
        self._connect_edits()
        self._set_dirty(False)

    def _make_fields(self) -> None:
        self.name = QLineEdit()
        self.account = QComboBox(editable=True)
        self.role = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.timezone = zone_combo()
        # Sized by its longest zone, the box would not fit beside the "Public holidays" label
        # in the narrow pane and go under its own; it stretches to the pane's width anyway.
        self.timezone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.timezone.setMinimumContentsLength(12)
        self.holidays = HolidaysCombo()
        self.importance = QSpinBox(minimum=1, maximum=5)
        # Up to the core's own limits: a stored value the box could not hold would be clamped
        # on loading and saved back changed with the next edit of any other field.
        self.budget_max = QSpinBox(minimum=0, maximum=MAX_TOUCHES)
        self.budget_period = QComboBox()
        for period in Period:
            self.budget_period.addItem(f"per {period.value}", period.value)
        # Both sit on the "At most" row: a screen reader would say "At most" for each.
        self.budget_max.setAccessibleName("Contact budget: at most")
        self.budget_period.setAccessibleName("Contact budget period")
        self.min_gap = QSpinBox(minimum=0, maximum=LONGEST_GAP_DAYS, suffix=" days")
        self.max_silence = QSpinBox(minimum=1, maximum=LONGEST_GAP_DAYS, suffix=" days")
        for field, widget in (("importance", self.importance), ("budget", self.budget_max),
                              ("min-gap", self.min_gap), ("max-silence", self.max_silence)):
            widget.setToolTip(TIPS[field])
        self.channels = QListWidget()
        self.channels.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.channels.setToolTip("Tick the channels they like; drag to rank them (or move "
                                 "the current one with Alt+Up and Alt+Down)")
        self.days = [QCheckBox(name.capitalize()) for name in WEEKDAY_NAMES]
        self.reach_start = time_edit()
        self.reach_end = time_edit()
        self.reach_start.setAccessibleName("Reachable from (their zone)")
        self.reach_end.setAccessibleName("Reachable until (their zone)")
        self.likes = QListWidget()
        self.dislikes = QListWidget()
        self.interests = QLineEdit(placeholderText="ai, supply chain, ...")
        self.avoid = QLineEdit(placeholderText="politics, ...")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setFixedHeight(60)
        for lst in (self.channels, self.likes, self.dislikes):
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lst.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.channels.setMinimumHeight(100)
        for lst in (self.likes, self.dislikes):
            lst.setMinimumHeight(150)

    def _profile_group(self) -> QGroupBox:
        profile = QGroupBox("Profile")
        form = QFormLayout(profile)
        self._row(form, "Name", self.name, "name")
        self._row(form, "Account", self.account, "account")
        self._row(form, "Role", self.role, "role")
        self._row(form, "Email", self.email, "email")
        self._row(form, "Phone", self.phone, "phone")
        self._row(form, "Time zone", self.timezone, "timezone")
        self._row(form, "Public holidays", self.holidays, HOLIDAYS_FIELD)
        self._row(form, "Importance", self.importance, "importance")
        self._row(form, "Notes", self.notes, "notes")
        return profile

    def _budget_group(self) -> QGroupBox:
        budget = QGroupBox("Contact budget")
        form = QFormLayout(budget)
        limit = QWidget()
        line = QHBoxLayout(limit)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.budget_max)
        line.addWidget(QLabel("touches"))
        line.addWidget(self.budget_period, 1)
        self._row(form, "At most", limit, "budget")
        self._row(form, "Minimum gap", self.min_gap, "min-gap")
        self._row(form, "Maximum silence", self.max_silence, "max-silence")
        return budget

    def _reach_group(self) -> QGroupBox:
        reach = QGroupBox("Reachable")
        form = QFormLayout(reach)
        self._row(form, "Days", weekday_grid(self.days), "days")
        self._row(form, "Hours (their zone)", time_range(self.reach_start, self.reach_end),
                  "hours")
        self._row(form, "Channels (drag to rank)", self.channels, "channels")
        return reach

    def _prefs_group(self) -> QGroupBox:
        prefs = QGroupBox("Preferences")
        form = QFormLayout(prefs)
        self._row(form, "Likes", self.likes, "likes")
        self._row(form, "Dislikes (never proposed)", self.dislikes, "dislikes")
        self._row(form, "Interests", self.interests, "interests")
        self._row(form, "Topics to avoid", self.avoid, "avoid_topics")
        return prefs

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("Save changes")
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.save)
        self.save_button.setDefault(True)
        self.save_button.setStatusTip("Save the profile (Ctrl+S; undo with Ctrl+Z)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setStatusTip("Discard unsaved edits")
        self.revert_button.clicked.connect(self.reload)
        general = QLabel()
        self.errors.set_fallback(general)
        buttons = QHBoxLayout()
        buttons.addWidget(general, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _row(self, form: QFormLayout, label: str, widget: QWidget, field: str) -> None:
        self.errors.add_row(form, label, widget, field)

    def _connect_edits(self) -> None:
        for line in (self.name, self.role, self.email, self.phone, self.interests, self.avoid):
            line.textEdited.connect(self._edited)
        for combo in (self.account, self.timezone, self.holidays):
            combo.editTextChanged.connect(self._edited)
        self.holidays.follow_zone_of(self.timezone)
        self.budget_period.currentIndexChanged.connect(self._edited)
        for spin in (self.importance, self.budget_max, self.min_gap, self.max_silence):
            spin.valueChanged.connect(self._edited)
        for box in self.days:
            box.toggled.connect(self._edited)
        for edit in (self.reach_start, self.reach_end):
            edit.timeChanged.connect(self._edited)
        for lst in (self.channels, self.likes, self.dislikes):
            lst.itemChanged.connect(self._edited)
            lst.model().rowsMoved.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        # Ranking by dragging needs a mouse: the same from the keyboard.
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.channels)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self._move_channel(step))

    # -- loading -----------------------------------------------------------------------------

    @property
    def stakeholder_id(self) -> int | None:
        """The stakeholder shown, if any."""
        return self._id

    def load(self, stakeholder_id: int | None) -> None:
        """Show ``stakeholder_id`` (``None`` clears the form)."""
        self._id = stakeholder_id
        self.reload()

    def reload(self) -> None:
        """Discard edits and show the stored values again."""
        self.errors.clear()
        if self._id is None:
            self.setEnabled(False)
            return
        try:
            data = self._workspace.read(lambda s: _form_data(s, self._id))
        except NotFoundError:
            # Removed meanwhile (here or by undo): its edits have nowhere to go.
            self._id = None
            self._check.stop()
            self._set_dirty(False)
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self._loading = True
        try:
            self._fill(*data)
        finally:
            self._loading = False
        self._set_dirty(False)

    def _fill(self, person: dict[str, Any], kinds: list[KindChoice], accounts: list[str]) -> None:
        self.name.setText(str(person["name"]))
        self.account.clear()
        self.account.addItems(accounts)
        self.account.setCurrentText(str(person["account"]))
        self.role.setText(str(person["role"]))
        self.email.setText(str(person["email"]))
        self.phone.setText(str(person["phone"]))
        self.timezone.setCurrentText(str(person["timezone"]))
        self.holidays.set_setting(person["public_holidays"])
        self.importance.setValue(int(person["importance"]))
        self.budget_max.setValue(int(person["budget"]["max"]))
        self.budget_period.setCurrentIndex(self.budget_period.findData(person["budget"]["period"]))
        self.min_gap.setValue(int(person["min_gap_days"]))
        self.max_silence.setValue(int(person["max_silence_days"]))
        ranked = list(person["channels"]) + [c.value for c in Channel
                                             if c.value not in person["channels"]]
        _fill_checks(self.channels, [(c, c) for c in ranked], set(person["channels"]))
        reachable = set(person["reachable_days"].split(","))
        for name, box in zip(WEEKDAY_NAMES, self.days, strict=True):
            box.setChecked(name in reachable)
        start, end = person["reachable_hours"].split("-")
        self.reach_start.setTime(QTime.fromString(start, "HH:mm"))
        self.reach_end.setTime(QTime.fromString(end, "HH:mm"))
        _fill_checks(self.likes, kinds, set(person["likes"]))
        _fill_checks(self.dislikes, kinds, set(person["dislikes"]))
        self.interests.setText(", ".join(person["interests"]))
        self.avoid.setText(", ".join(person["avoid_topics"]))
        self.notes.setPlainText(str(person["notes"]))

    # -- editing -----------------------------------------------------------------------------

    def changes(self) -> StakeholderChanges:
        """The form's values as a complete set of changes."""
        return StakeholderChanges(
            name=self.name.text(), account=self.account.currentText(), role=self.role.text(),
            email=self.email.text(), phone=self.phone.text(),
            timezone=self.timezone.currentText(), importance=self.importance.value(),
            budget=Budget(self.budget_max.value(), Period(self.budget_period.currentData())),
            min_gap_days=self.min_gap.value(), max_silence_days=self.max_silence.value(),
            likes=_checked(self.likes), dislikes=_checked(self.dislikes),
            interests=parse_terms(self.interests.text()),
            avoid_topics=parse_terms(self.avoid.text()),
            channels=_checked(self.channels),
            reachable_days=[i for i, box in enumerate(self.days) if box.isChecked()],
            reachable_hours=(edited_time(self.reach_start), edited_time(self.reach_end)),
            notes=self.notes.toPlainText(), public_holidays=self.holidays.setting(),
        )

    def validate(self) -> bool:
        """Let the core check the form without saving; mark the first invalid field."""
        if self._id is None:
            return False
        changes = self.changes()
        person_id, now = self._id, self._workspace.now()

        def trial(session: Session) -> None:
            person = session.get(Stakeholder, person_id)
            if person is None:
                raise NotFoundError("the stakeholder no longer exists")
            apply_changes(session, person, changes, now=now)

        try:
            self._workspace.dry_run(trial)
        except NotFoundError:
            self.reload()
            return False
        except ValidationError as err:
            self.errors.show(err)
            self.save_button.setEnabled(False)
            return False
        self.errors.clear()
        self.save_button.setEnabled(self._dirty)
        return True

    def save(self) -> bool:
        """Save the form as one undoable edit; returns False (and marks the field, scrolled
        into view and focused) while invalid edits remain unsaved, True once nothing is left
        to save."""
        if self._id is None:
            return not self._dirty
        if not self.validate():
            self._point_at_error()
            return not self._dirty
        command = EditStakeholder(self._workspace, self._id, self.changes())
        try:
            self._workspace.execute(command)
        except ValidationError as err:
            self.errors.show(err)
            self._point_at_error()
            return False
        except CadenceError as err:
            self.errors.show(ValidationError("form", str(err)))
            return False
        self._set_dirty(False)
        self.saved.emit(self._id)
        return True

    def _point_at_error(self) -> None:
        """Scroll the marked field into view and focus it: the form is taller than the pane,
        and a message under a field scrolled away leaves only a disabled Save to see."""
        widget = self.errors.focus_current()
        if widget is not None:
            self._scroll.ensureWidgetVisible(widget)

    @property
    def dirty(self) -> bool:
        """True when the form has unsaved edits."""
        return self._dirty

    def _move_channel(self, step: int) -> None:
        """Move the current channel ``step`` places down the ranking (up if negative)."""
        row = self.channels.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.channels.count():
            return
        self.channels.insertItem(target, self.channels.takeItem(row))
        self.channels.setCurrentRow(target)
        self._edited()

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        self._check.start()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)


def _fill_checks(box: QListWidget, choices: list[KindChoice], checked: set[str]) -> None:
    box.clear()
    for key, label in choices:
        item = QListWidgetItem(label)
        item.setToolTip(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
        box.addItem(item)


def _checked(box: QListWidget) -> list[str]:
    out = []
    for row in range(box.count()):
        item = box.item(row)
        if item.checkState() == Qt.CheckState.Checked:
            out.append(str(item.data(Qt.ItemDataRole.UserRole)))
    return out


def _form_data(
    session: Session, stakeholder_id: int | None
) -> tuple[dict[str, Any], list[KindChoice], list[str]]:
    person = session.get(Stakeholder, stakeholder_id) if stakeholder_id is not None else None
    if person is None:
        raise NotFoundError(f"no stakeholder with id {stakeholder_id}")
    kinds = [(k.key, k.name) for k in all_kinds(session)]
    accounts = list(session.scalars(select(Account.name).order_by(Account.name)))
    return stakeholder_as_json(person), kinds, accounts
