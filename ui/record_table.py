"""A table of workspace records edited in place, the editors its cells use, and the dialog
that shows one.

Each edit becomes an undoable command; a value the core refuses is published on
``workspace.changes.failed`` (the main window shows it) and the cell keeps its value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ui.form_widgets import day_edit, edited_day, edited_time, show_time, time_edit
from ui.resources import icon
from ui.workspace import UndoableAction, Workspace

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RecordTableModel(QAbstractTableModel, Generic[Row]):
    """Rows read by ``load``; subclasses say what each cell shows and what an edit does.

    Subclasses set ``HEADERS`` and ``EDITABLE`` and implement :meth:`display`,
    :meth:`edit_value` and :meth:`command`.
    """

    HEADERS: tuple[str, ...] = ()
    EDITABLE: frozenset[int] = frozenset()

    def __init__(self, workspace: Workspace, load: Callable[[Session], Sequence[Row]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._load = load
        self._rows: list[Row] = []
        # Queued: an edit's own change arrives while the view is still committing its editor.
        workspace.changes.stakeholders.connect(self._on_change,
                                               Qt.ConnectionType.QueuedConnection)
        self.reload()

    def display(self, row: Row, column: int) -> Any:
        """What the cell shows."""
        raise NotImplementedError

    def edit_value(self, row: Row, column: int) -> Any:
        """The value an editor starts from."""
        raise NotImplementedError

    def command(self, row: Row, column: int, value: Any) -> UndoableAction:
        """The command that sets ``value``."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read the rows again."""
        self.beginResetModel()
        self._rows = list(self._workspace.read(self._load))
        self.endResetModel()

    def record(self, row: int) -> Row:
        """The record shown at ``row``."""
        return self._rows[row]

    def _on_change(self, _ids: list[int]) -> None:
        self.reload()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_value(row, index.column())
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.EditRole
                or index.column() not in self.EDITABLE or value == self.data(index, role)):
            return False
        # The command's change reloads the rows (the stakeholders signal, queued).
        return self._workspace.try_execute(
            self.command(self._rows[index.row()], index.column(), value))


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell by picking one of ``choices`` (label, value)."""

    def __init__(self, choices: Sequence[tuple[str, Any]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices = list(choices)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for label, value in self._choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SpinDelegate(QStyledItemDelegate):
    """Edits a whole number from ``low`` to ``high``; ``special`` names the value ``low``."""

    def __init__(self, low: int, high: int, suffix: str = "", special: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._low, self._high, self._suffix, self._special = low, high, suffix, special

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(self._low, self._high)
        spin.setSuffix(self._suffix)
        spin.setSpecialValueText(self._special)
        return spin

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


@dataclass(frozen=True, slots=True)
class Removal:
    """What a table's Remove button does: ``command`` removes a record, which it may do only
    when ``allowed`` (otherwise the button is disabled, or the core refuses with a message)."""

    tip: str
    command: Callable[[Any], UndoableAction]
    allowed: Callable[[Any], bool] = lambda _record: True


class RecordTableDialog(QDialog):
    """A hint, the table (rows selected whole, ``stretch`` taking the width left, each column
    of ``editors`` edited with its delegate) and a row of ``buttons`` beside Close; with a
    ``removal``, a Remove button for the selected record after them."""

    def __init__(self, workspace: Workspace, title: str, hint: str,
                 model: RecordTableModel[Any], stretch: int,
                 editors: dict[int, QStyledItemDelegate], buttons: Sequence[QPushButton],
                 removal: Removal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._workspace = workspace
        self._removal = removal
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setAccessibleName(title)
        # Tab leaves the table for its buttons (a cell being edited still moves on with Tab).
        self.view.setTabKeyNavigation(False)
        self._editors = editors
        for column, delegate in editors.items():
            delegate.setParent(self.view)
            self.view.setItemDelegateForColumn(column, delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.verticalHeader().hide()
        self._stretch = stretch
        self._widths: list[int] = []
        self._measured_shown = False
        self.view.viewport().installEventFilter(self)
        for signal in (model.modelReset, model.dataChanged, model.rowsInserted,
                       model.rowsRemoved):
            signal.connect(self._rows_changed)
        label = QLabel(hint)
        label.setWordWrap(True)
        label.setObjectName("subtle")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.remove_button = QPushButton(icon("delete"), "Remove")
        row = QHBoxLayout()
        for button in [*buttons, self.remove_button]:
            # Enter in the table must not press Remove (or open Add…): Qt makes the first
            # auto-default button the dialog's default, so only Close is left to be it.
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._add_undo_actions()
        if removal is None:
            self.remove_button.hide()
            return
        self.remove_button.setStatusTip(removal.tip)
        self.remove_button.setToolTip(removal.tip)
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_remove)
        model.modelReset.connect(self._update_remove)
        self._update_remove()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()

    def columns_width(self) -> int:
        """The width the columns need to show their contents whole."""
        # Measured again once shown: the style sheet's fonts and padding apply then.
        if not self._widths or (self.isVisible() and not self._measured_shown):
            self._measure_columns()
        return sum(self._widths)

    def _rows_changed(self) -> None:
        self._widths = []
        self._fit_columns()  # measures them now if shown, else once shown

    def _measure_columns(self) -> None:
        """Size each column to its contents, once per change of the rows: in the header's
        ResizeToContents mode they were measured again at every layout (12,000 reads of the
        model to open a dialog of 120 accounts)."""
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.resizeColumnsToContents()
        self._widths = [header.sectionSize(column) for column in range(header.count())]
        self._measured_shown = self.isVisible()

    def _fit_columns(self) -> None:
        """The ``stretch`` column takes the width left, but never less than its contents: where
        the columns are wider than the table, it scrolls sideways instead of squeezing that one
        column to a sliver."""
        if not self.isVisible():
            return  # fitted when shown
        header = self.view.horizontalHeader()
        if self.columns_width() <= self.view.viewport().width():
            header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(self._stretch, self._widths[self._stretch])

    def _add_undo_actions(self) -> None:
        """Ctrl+Z and Ctrl+Shift+Z inside the dialog: it blocks the window, whose Edit menu
        would otherwise be the only way to undo the edits made here."""
        stack = self._workspace.undo_stack
        undo, redo = stack.createUndoAction(self, "&Undo"), stack.createRedoAction(self, "&Redo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        # Ctrl+Shift+Z as well where the platform's Redo is another key (on X11 it is this
        # one already, and a second action with it would make the shortcut ambiguous).
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        extra = QKeySequence("Ctrl+Shift+Z")
        redo.setShortcuts(redo_keys + ([] if extra in redo_keys else [extra]))
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.undo_action, self.redo_action = undo, redo

    def selected(self) -> Any:
        """The selected record, or None."""
        rows = self.view.selectionModel().selectedRows()
        model = self.view.model()
        assert isinstance(model, RecordTableModel)
        return model.record(rows[0].row()) if rows else None

    def remove_selected(self) -> None:
        """Remove the selected record (a refusal is shown as a message)."""
        record = self.selected()
        if record is not None and self._removal is not None:
            self._workspace.try_execute(self._removal.command(record))

    def _update_remove(self) -> None:
        record = self.selected()
        self.remove_button.setEnabled(record is not None and self._removal is not None
                                      and self._removal.allowed(record))


class DayDelegate(QStyledItemDelegate):
    """Edits a day (the cell's edit value is a ``datetime.date``) with a calendar popup."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        edit = day_edit(index.data(Qt.ItemDataRole.EditRole))
        edit.setParent(parent)
        return edit

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QDateEdit)
        day = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(QDate(day.year, day.month, day.day))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QDateEdit)
        model.setData(index, edited_day(editor), Qt.ItemDataRole.EditRole)


class TimeDelegate(QStyledItemDelegate):
    """Edits a time of day (the cell's edit value is a ``datetime.time``)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        edit = time_edit(index.data(Qt.ItemDataRole.EditRole))
        edit.setParent(parent)
        return edit

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QTimeEdit)
        show_time(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QTimeEdit)
        model.setData(index, edited_time(editor), Qt.ItemDataRole.EditRole)
