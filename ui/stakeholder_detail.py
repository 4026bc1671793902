"""The stakeholder detail pane: profile editor, interaction timeline, commitments."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cadence.errors import CadenceError
from cadence.models import Stakeholder
from cadence.vocabulary import CommitmentStatus
from ui.commands import (
    delete_commitment_command,
    delete_interaction_command,
    mark_delivered_command,
)
from ui.entry_dialogs import (
    CommitmentDialog,
    DropCommitmentDialog,
    InteractionDialog,
    MoveDueDialog,
)
from ui.history_models import (
    CommitmentsModel,
    InteractionsModel,
    load_commitments,
    load_interactions,
)
from ui.profile_form import ProfileForm
from ui.resources import icon
from ui.workspace import Workspace


def _table(model: InteractionsModel | CommitmentsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    # Tab leaves the table for the buttons and the rest of the pane; arrows move in it.
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    # Two lines a row (see the models): the pane is too narrow for the free text beside the rest.
    view.verticalHeader().setDefaultSectionSize(2 * view.fontMetrics().lineSpacing() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.STRETCH, QHeaderView.ResizeMode.Stretch)
    return view


def _key_action(view: QTableView, keys: QKeySequence | QKeySequence.StandardKey,
                slot: Callable[[], object]) -> None:
    """``keys`` run ``slot`` while ``view`` has the focus (Delete, Enter on the selected row)."""
    action = QAction(view)
    action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    view.addAction(action)


def _icon_button(name: str, text: str, tip: str) -> QPushButton:
    """A button showing only its icon (the pane is narrow); ``text`` is read out and hovered."""
    button = QPushButton(icon(name), "")
    button.setAccessibleName(text)
    button.setToolTip(f"{text}: {tip[0].lower()}{tip[1:]}")
    button.setStatusTip(tip)
    return button


def _menu_action(text: str, tip: str, slot: Callable[[], object],
                 action_icon: QIcon | None = None) -> QAction:
    """A menu entry running ``slot``; ``tip`` is shown on hover and in the status bar."""
    action = QAction(action_icon or QIcon(), text)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(slot)
    return action


def _menu_button(text: str, tip: str, *actions: QAction) -> QPushButton:
    """A button opening a menu of ``actions`` (with the mouse, or Space once tabbed to)."""
    button = QPushButton(text)
    button.setStatusTip(tip)
    button.setToolTip(tip)
    menu = QMenu(button)
    menu.setToolTipsVisible(True)
    for action in actions:
        # The menu owns its actions: they live as long as the button, not the caller's frame.
        action.setParent(menu)
        menu.addAction(action)
    button.setMenu(menu)
    return button


class StakeholderDetail(QWidget):
    """Everything about one stakeholder. ``show_stakeholder(id)`` switches who is shown.

    Signals:
        stakeholder_shown(int): the id now shown (0 for none).
    """

    stakeholder_shown = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._id: int | None = None
        self._name = ""
        self.title = QLabel("No stakeholder selected")
        self.title.setObjectName("heading")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("subtle")
        for label in (self.title, self.subtitle):
            # A very long name wraps, or is cut at the pane's edge; it never widens the window.
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.profile = ProfileForm(workspace)
        self.interactions = InteractionsModel(workspace.today(), self)
        self.commitments = CommitmentsModel(workspace.today(), self)
        self.interaction_view = _table(self.interactions)
        self.interaction_view.setAccessibleName("Interactions")
        self.commitment_view = _table(self.commitments)
        self.commitment_view.setAccessibleName("Commitments")

        self.log_button = QPushButton(icon("log"), "Log interaction…")
        self.log_button.clicked.connect(self.log_interaction)
        self.edit_interaction_button = QPushButton("Edit…")
        self.edit_interaction_button.setStatusTip(
            "Correct the selected interaction (or double-click it)")
        self.edit_interaction_button.clicked.connect(self.edit_interaction)
        self.interaction_view.doubleClicked.connect(lambda _index: self.edit_interaction())
        self.delete_interaction_button = _icon_button(
            "delete", "Delete", "Delete the selected interaction (undoable)")
        self.delete_interaction_button.clicked.connect(self.delete_interaction)
        # "Add…" on the Commitments tab: the full label would widen the pane past the table.
        self.add_commitment_button = QPushButton(icon("commitment"), "Add…")
        self.add_commitment_button.setStatusTip("Record a new promise to them (Ctrl+K)")
        self.add_commitment_button.setToolTip(self.add_commitment_button.statusTip())
        self.add_commitment_button.clicked.connect(self.add_commitment)
        self.deliver_button = QPushButton(icon("deliver"), "Delivered")
        self.deliver_button.setStatusTip("Mark the selected commitment delivered today")
        self.deliver_button.setToolTip(self.deliver_button.statusTip())
        self.deliver_button.clicked.connect(self.mark_delivered)
        # The rarer steps on a promise wait behind "More": five buttons in a row made the pane
        # so wide that the stakeholder table beside it lost its last column at 1280 px.
        self.move_due_action = _menu_action(
            "Move date…", "Agree a new due date for the selected commitment (the move is kept "
            "in its notes)", self.move_due_date, icon("move"))
        self.drop_action = _menu_action(
            "Drop…", "Give up the selected commitment: it stays in the ledger as not kept",
            self.drop_commitment)
        self.more_commitment_button = _menu_button(
            "More", "Move the selected commitment's due date, or drop it",
            self.move_due_action, self.drop_action)
        self.delete_commitment_button = _icon_button(
            "delete", "Delete", "Delete the selected commitment, e.g. one entered by mistake "
            "(undoable)")
        self.delete_commitment_button.clicked.connect(self.delete_commitment)
        _key_action(self.interaction_view, QKeySequence.StandardKey.Delete,
                    self.delete_interaction)
        _key_action(self.interaction_view, QKeySequence(Qt.Key.Key_Return), self.edit_interaction)
        _key_action(self.interaction_view, QKeySequence(Qt.Key.Key_Enter), self.edit_interaction)
        _key_action(self.commitment_view, QKeySequence.StandardKey.Delete,
                    self.delete_commitment)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")  # narrower tabs (style.qss)
        # All three tabs always show whole: the pane is never narrower than its tab bar, rather
        # than hiding a tab behind scroll arrows.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.addTab(self.profile, "Profile && budget")
        self.tabs.addTab(self._page(self.interaction_view, self.log_button,
                                    self.edit_interaction_button,
                                    self.delete_interaction_button), "Interactions")
        self.tabs.addTab(self._page(self.commitment_view, self.add_commitment_button,
                                    self.deliver_button, self.more_commitment_button,
                                    self.delete_commitment_button),
                         "Commitments")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.tabs, 1)
        # With nobody shown the tabs are hidden: keep the heading and its hint together at the top.
        layout.addStretch(0)
        workspace.changes.stakeholders.connect(self._on_changed)
        self.commitment_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.interaction_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.show_stakeholder(None)

    @staticmethod
    def _page(view: QTableView, *buttons: QPushButton) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(view, 1)
        return page

    @property
    def stakeholder_id(self) -> int | None:
        """The stakeholder shown, if any."""
        return self._id

    def show_stakeholder(self, stakeholder_id: int | None) -> None:
        """Show ``stakeholder_id`` (``None`` for nobody)."""
        self._id = stakeholder_id
        self.profile.load(stakeholder_id)
        self._reload_lists()
        self.stakeholder_shown.emit(stakeholder_id or 0)

    def _reload_lists(self) -> None:
        sid = self._id
        person = None
        if sid is not None:
            person = self._workspace.read(lambda s: _header(s.get(Stakeholder, sid)))
        if sid is None or person is None:
            self._id = None
            self.title.setText("No stakeholder selected")
            self.subtitle.setText("Pick someone in the list, or add a stakeholder (Ctrl+N).")
            self.interactions.set_rows([])
            self.commitments.set_rows([])
            self.tabs.setVisible(False)  # an empty form with made-up defaults only confuses
            self._update_buttons()
            return
        self.tabs.setVisible(True)
        self._name, subtitle = person
        self.title.setText(self._name)
        self.subtitle.setText(subtitle)
        kept = self._selected_id(self.interaction_view), self._selected_id(self.commitment_view)
        self.interactions.set_today(self._workspace.today())
        self.interactions.set_rows(self._workspace.read(lambda s: load_interactions(s, sid)))
        self.commitments.set_today(self._workspace.today())
        self.commitments.set_rows(self._workspace.read(lambda s: load_commitments(s, sid)))
        # An edit, a move or an undo reloads the lists; the row worked on stays selected.
        self._select_id(self.interaction_view, kept[0])
        self._select_id(self.commitment_view, kept[1])
        self._update_buttons()

    def _on_changed(self, ids: list[int]) -> None:
        if self._id is None or (ids and self._id not in ids):
            return
        if not self.profile.dirty or not self._workspace.read(
                lambda s: s.get(Stakeholder, self._id) is not None):
            self.profile.reload()  # a removed person's edits are dropped with them
        self._reload_lists()

    # -- actions -----------------------------------------------------------------------------

    def log_interaction(self) -> InteractionDialog | None:
        """Open the log-interaction dialog for the stakeholder shown (window-modal)."""
        if self._id is None:
            return None
        dialog = InteractionDialog(self._workspace, self._id, self._name, self)
        dialog.open()
        return dialog

    def edit_interaction(self) -> InteractionDialog | None:
        """Open the dialog that corrects the selected interaction."""
        row = self._selected(self.interaction_view)
        if self._id is None or row is None:
            return None
        dialog = InteractionDialog(self._workspace, self._id, self._name, self,
                                   editing=self.interactions.row(row))
        dialog.open()
        return dialog

    def add_commitment(self) -> CommitmentDialog | None:
        """Open the add-commitment dialog for the stakeholder shown (window-modal)."""
        if self._id is None:
            return None
        dialog = CommitmentDialog(self._workspace, self._id, self._name, self)
        dialog.open()
        return dialog

    def mark_delivered(self) -> None:
        """Mark the selected commitment delivered today (manager's zone)."""
        row = self._selected(self.commitment_view)
        if self._id is None or row is None:
            return
        commitment = self.commitments.row(row)
        self._run(lambda: self._workspace.execute(mark_delivered_command(
            self._workspace, self._id or 0, commitment.id, self._workspace.today())))

    def move_due_date(self) -> MoveDueDialog | None:
        """Open the dialog that agrees a new due date for the selected commitment."""
        row = self._selected(self.commitment_view)
        if self._id is None or row is None:
            return None
        dialog = MoveDueDialog(self._workspace, self._id, self.commitments.row(row), self)
        dialog.open()
        return dialog

    def drop_commitment(self) -> DropCommitmentDialog | None:
        """Open the dialog that gives up the selected commitment, with a reason."""
        row = self._selected(self.commitment_view)
        if self._id is None or row is None:
            return None
        dialog = DropCommitmentDialog(self._workspace, self._id, self.commitments.row(row), self)
        dialog.open()
        return dialog

    def delete_interaction(self) -> None:
        """Delete the selected interaction."""
        row = self._selected(self.interaction_view)
        if self._id is not None and row is not None:
            interaction_id = self.interactions.row(row).id
            self._run(lambda: self._workspace.execute(
                delete_interaction_command(self._workspace, self._id or 0, interaction_id)))

    def delete_commitment(self) -> None:
        """Delete the selected commitment."""
        row = self._selected(self.commitment_view)
        if self._id is not None and row is not None:
            commitment_id = self.commitments.row(row).id
            self._run(lambda: self._workspace.execute(
                delete_commitment_command(self._workspace, self._id or 0, commitment_id)))

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except CadenceError as err:
            box = QMessageBox(QMessageBox.Icon.Warning, "Cadence", str(err),
                              QMessageBox.StandardButton.Ok, self)
            box.open()

    @staticmethod
    def _selected(view: QTableView) -> int | None:
        rows = view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selected_id(self, view: QTableView) -> int | None:
        row = self._selected(view)
        model = view.model()
        assert isinstance(model, InteractionsModel | CommitmentsModel)
        return None if row is None else model.row(row).id

    @staticmethod
    def _select_id(view: QTableView, ident: int | None) -> None:
        model = view.model()
        assert isinstance(model, InteractionsModel | CommitmentsModel)
        for row in range(model.rowCount()):
            if ident is not None and model.row(row).id == ident:
                view.selectRow(row)
                return

    def _update_buttons(self) -> None:
        has = self._id is not None
        for button in (self.log_button, self.add_commitment_button):
            button.setEnabled(has)
        picked = has and self._selected(self.interaction_view) is not None
        self.delete_interaction_button.setEnabled(picked)
        self.edit_interaction_button.setEnabled(picked)
        row = self._selected(self.commitment_view)
        self.delete_commitment_button.setEnabled(has and row is not None)
        is_open = (has and row is not None
                   and self.commitments.row(row).status is CommitmentStatus.OPEN)
        for control in (self.deliver_button, self.more_commitment_button,
                        self.move_due_action, self.drop_action):
            control.setEnabled(is_open)


def _header(person: Stakeholder | None) -> tuple[str, str] | None:
    if person is None:
        return None
    parts = [p for p in (person.role, person.account.name, person.timezone) if p]
    if person.avoid_topics:
        parts.append("avoid: " + ", ".join(person.avoid_topics))
    return person.name, " · ".join(parts)

