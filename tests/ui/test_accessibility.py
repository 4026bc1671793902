"""Cadence with a screen reader or the keyboard alone: every control says what it is, Tab goes
through each dialog as it is laid out (starting at its first field) and leaves tables at once,
and mnemonics lead somewhere and never clash."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.models import Stakeholder, Touchpoint
from cadence.vocabulary import CommitmentStatus, TouchpointStatus
from cadence.week_agenda import ItemKind, WeekItem
from tests.ui.conftest import NOW
from ui.entry_dialogs import TouchDialog
from ui.main_window import MainWindow

# -- what a screen reader and the keyboard meet ---------------------------------------------


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says a control is, read through Qt's accessibility layer.

    On Linux Qt gives a combo box its value as its name and its label by a relation; on
    Windows and macOS the name is its accessible name. A name that is only the value counts
    when one of those says what the box is for.
    """
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    name = face.text(QAccessible.Text.Name)
    if name and name != face.text(QAccessible.Text.Value):
        return name
    labels = [other.text(QAccessible.Text.Name)
              for other, _relation in face.relations(QAccessible.RelationFlag.Label)]
    return next((label for label in labels if label), widget.accessibleName())


def _controls(root: QWidget) -> list[QWidget]:
    """The visible controls in ``root`` a user can Tab to or click (buttons without focus,
    as in a tool bar, too); a spin box's or combo box's own line edit is part of it."""
    return [widget for widget in root.findChildren(QWidget)
            if widget.isVisible() and widget.focusProxy() is None
            and (widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                 or isinstance(widget, QAbstractButton))]


def _unnamed(root: QWidget) -> list[str]:
    return [f"{type(widget).__name__} {widget.objectName()!r} under "
            f"{type(widget.parentWidget()).__name__}"
            for widget in _controls(root) if not spoken_name(widget).strip()]


def _tab_chain(dialog: QWidget) -> list[QWidget]:
    """Where Tab takes the focus, from the focused control until it comes back to it (a date
    edit takes a Tab for each of its parts: it is listed once)."""
    first = QApplication.focusWidget()
    assert first is not None
    chain = [first]
    for _ in range(120):
        QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        assert dialog.isAncestorOf(now), f"Tab left the dialog for {now!r}"
        if now is first and len(chain) > 1:
            return chain
        if now is not chain[-1]:
            chain.append(now)
    raise AssertionError(f"Tab never came back to {first!r}: {chain}")


def _box(widget: QWidget, dialog: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, widget.rect().topLeft()), widget.size())


def _reads_on(before: QRect, after: QRect) -> bool:
    """Whether ``after`` comes after ``before`` in reading order: right of it on the same line,
    or on a line below."""
    if before.top() <= after.center().y() <= before.bottom() \
            or after.top() <= before.center().y() <= after.bottom():
        return after.left() > before.left()
    return after.center().y() > before.center().y()


def _mnemonic(text: str) -> str | None:
    """The letter after a lone ``&`` in ``text``, in lower case (``&&`` is a plain ``&``)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


# -- the main window -------------------------------------------------------------------------

def _person(window: MainWindow, name: str) -> int:
    found = window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))
    assert found is not None
    return found


def test_every_control_of_every_view_says_what_it_is(window: MainWindow) -> None:
    window.install_reminders()
    dock = window.findChild(QWidget, "notifications_dock")
    assert dock is not None
    dock.show()
    window.show_stakeholder(_person(window, "Ingrid Bauer"))
    unnamed: dict[str, list[str]] = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        pages = range(window.detail.tabs.count()) if index == 0 else range(1)
        for page in pages:
            window.detail.tabs.setCurrentIndex(page)
            QApplication.processEvents()
            where = f"{window.tabs.tabText(index)}/{window.detail.tabs.tabText(page)}"
            unnamed[where] = _unnamed(window)
    assert {where: names for where, names in unnamed.items() if names} == {}


def test_the_icon_only_undo_and_redo_buttons_are_named(window: MainWindow) -> None:
    for action in (window.undo_action, window.redo_action):
        button = window.toolbar.widgetForAction(action)
        assert spoken_name(button).startswith(("Undo", "Redo"))


def test_the_filter_and_the_tables_say_what_they_list(window: MainWindow, qtbot: QtBot) -> None:
    search = window.stakeholders.search
    assert spoken_name(search) == "Filter stakeholders"
    qtbot.keyClicks(search, "Ingrid")  # the button that clears it shows
    assert _unnamed(search) == []
    assert spoken_name(window.stakeholders.view) == "Stakeholders"
    assert spoken_name(window.detail.interaction_view) == "Interactions"
    assert spoken_name(window.detail.commitment_view) == "Commitments"
    assert spoken_name(window.plan.suggested_view) == "Suggestions"
    assert spoken_name(window.plan.accepted_view) == "Accepted touches"


def test_menu_mnemonics_are_unique_within_each_menu(window: MainWindow) -> None:
    window.install_reminders()  # adds View > Notifications
    bar = window.menuBar()
    menus: list[tuple[str, list[QAction]]] = [("menu bar", bar.actions())]
    menus += [(action.text(), action.menu().actions()) for action in bar.actions()
              if isinstance(action.menu(), QMenu)]
    clashes = {}
    for title, actions in menus:
        letters = [letter for action in actions if action.text()
                   if (letter := _mnemonic(action.text())) is not None]
        assert letters, f"{title} has no mnemonics"
        clashes[title] = sorted({letter for letter in letters if letters.count(letter) > 1})
    assert {title: letters for title, letters in clashes.items() if letters} == {}


def test_tab_leaves_the_stakeholder_table_for_the_detail(window: MainWindow) -> None:
    view = window.stakeholders.view
    view.setFocus()
    view.selectRow(0)
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()  # on to the next control, not the next cell
    assert window.detail.isAncestorOf(QApplication.focusWidget())


def test_channels_are_ranked_from_the_keyboard_too(window: MainWindow, qtbot: QtBot) -> None:
    person = _person(window, "Ingrid Bauer")
    window.show_stakeholder(person)
    form = window.detail.profile
    channels = form.channels
    for row in (0, 1):
        channels.item(row).setCheckState(Qt.CheckState.Checked)
    first, second = channels.item(0).text(), channels.item(1).text()
    channels.setFocus()
    channels.setCurrentRow(0)

    QTest.keyClick(channels, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)

    assert [channels.item(0).text(), channels.item(1).text()] == [second, first]
    assert channels.currentRow() == 1  # the moved channel stays current: press again to go on
    assert form.dirty
    assert form.save()
    saved = window.workspace.read(lambda s: list(s.get_one(Stakeholder, person).channels))
    assert saved[:2] == [second, first]


# -- the dialogs, opened as the user opens them ------------------------------------------

def _opened(window: MainWindow, qtbot: QtBot, open_it: Callable[[], object]) -> QDialog:
    """The dialog ``open_it`` (an action of the window) opens, shown and active."""
    before = {id(d) for d in window.findChildren(QDialog) if d.isVisible()}
    open_it()
    new = [d for d in window.findChildren(QDialog) if d.isVisible() and id(d) not in before]
    # The last one opened: Add event… opens over the events table, its parent.
    parents = {id(d.parentWidget()) for d in new}
    dialog = next(d for d in new if id(d) not in parents)
    qtbot.addWidget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _with_someone(window: MainWindow, tab: int = 0) -> MainWindow:
    window.show_stakeholder(_person(window, "Ingrid Bauer"))
    window.detail.tabs.setCurrentIndex(tab)
    return window


def _open_commitment(window: MainWindow) -> MainWindow:
    detail = _with_someone(window, 2).detail
    row = next(r for r in range(detail.commitments.rowCount())
               if detail.commitments.row(r).status is CommitmentStatus.OPEN)
    detail.commitment_view.selectRow(row)
    return window


def _move_an_accepted_touch(window: MainWindow, qtbot: QtBot) -> None:
    planning = _opened(window, qtbot, _with_someone(window).touch_action.trigger)
    assert isinstance(planning, TouchDialog)
    planning.accept()
    touch = window.workspace.read(lambda s: s.scalar(
        select(Touchpoint.id).where(Touchpoint.status == TouchpointStatus.ACCEPTED)))
    window.tabs.setCurrentWidget(window.plan)
    window.plan.refresh()
    assert touch is not None
    assert window.plan.select(touch)
    window.move_action.trigger()


def _dismiss_with_a_reason(window: MainWindow) -> None:
    start = NOW + timedelta(days=1)
    item = WeekItem(ItemKind.SUGGESTION, start, start + timedelta(hours=1),
                    "Coffee check-in · Ingrid Bauer", "", stakeholder_id=1, touchpoint_id=1,
                    status=TouchpointStatus.SUGGESTED)
    window.tabs.setCurrentWidget(window.week)
    window.week.ask_dismiss_reason(item)


def _add_in(opening: Callable[[MainWindow], QAction], button: str) -> Callable[
        [MainWindow, QtBot], object]:
    def add(window: MainWindow, qtbot: QtBot) -> object:
        table = _opened(window, qtbot, opening(window).trigger)
        adding = getattr(table, button)
        assert isinstance(adding, QAbstractButton)
        adding.click()
        return table

    return add


#: How each dialog is opened: by its menu or tool-bar action, or its button.
DIALOGS: dict[str, Callable[[MainWindow, QtBot], object]] = {
    "new stakeholder": lambda w, _q: w.new_action.trigger(),
    "log interaction": lambda w, _q: _with_someone(w).log_action.trigger(),
    "edit interaction": lambda w, _q: (_with_someone(w, 1).detail.interaction_view.selectRow(0),
                                       w.detail.edit_interaction_button.click()),
    "add commitment": lambda w, _q: _with_someone(w).commit_action.trigger(),
    "move date": lambda w, _q: _open_commitment(w).detail.move_due_action.trigger(),
    "drop": lambda w, _q: _open_commitment(w).detail.drop_action.trigger(),
    "plan a touch": lambda w, _q: _with_someone(w).touch_action.trigger(),
    "move": _move_an_accepted_touch,
    "dismiss with a reason": lambda w, _q: _dismiss_with_a_reason(w),
    "settings": lambda w, _q: w.settings_action.trigger(),
    "accounts": lambda w, _q: w.accounts_action.trigger(),
    "events": lambda w, _q: w.events_action.trigger(),
    "add event": _add_in(lambda w: w.events_action, "add_button"),
    "kinds": lambda w, _q: w.kinds_action.trigger(),
    "add kind": _add_in(lambda w: w.kinds_action, "add_button"),
    "import calendar": lambda w, _q: w.import_calendar_action.trigger(),
    "export calendar": lambda w, _q: _with_someone(w).export_calendar_action.trigger(),
    "import contacts": lambda w, _q: w.import_contacts_action.trigger(),
}


def _dialog(window: MainWindow, qtbot: QtBot, name: str) -> QDialog:
    return _opened(window, qtbot, lambda: DIALOGS[name](window, qtbot))


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_control_in_the_dialog_says_what_it_is(
    window: MainWindow, qtbot: QtBot, name: str
) -> None:
    dialog = _dialog(window, qtbot, name)
    assert _unnamed(dialog) == []


@pytest.mark.parametrize("name", list(DIALOGS))
def test_tab_starts_at_the_first_field_and_follows_the_layout(
    window: MainWindow, qtbot: QtBot, name: str
) -> None:
    dialog = _dialog(window, qtbot, name)
    chain = _tab_chain(dialog)
    reachable = [w for w in _controls(dialog) if w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert set(chain) == set(reachable), [spoken_name(w) for w in chain]  # all on the way
    boxes = [_box(widget, dialog) for widget in chain]
    assert chain[0] is min(chain, key=lambda w: (_box(w, dialog).top(), _box(w, dialog).left()))
    out_of_order = [(spoken_name(a), spoken_name(b))
                    for (a, box_a), (b, box_b) in itertools.pairwise(zip(chain, boxes,
                                                                         strict=True))
                    if not _reads_on(box_a, box_b)]
    assert out_of_order == []


@pytest.mark.parametrize("name", list(DIALOGS))
def test_tab_leaves_a_table_at_once_and_each_mnemonic_has_a_buddy(
    window: MainWindow, qtbot: QtBot, name: str
) -> None:
    dialog = _dialog(window, qtbot, name)
    for label in dialog.findChildren(QLabel):
        if _mnemonic(label.text()) is not None:
            assert label.buddy() is not None, label.text()
    for view in dialog.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None and view.model().rowCount() > 1:
            view.setFocus()
            view.setCurrentIndex(view.model().index(0, 0))
            QTest.keyClick(view, Qt.Key.Key_Tab)
            assert not view.hasFocus(), f"Tab stays in {spoken_name(view)}"
