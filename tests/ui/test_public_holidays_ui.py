"""Whose public holidays apply, picked in the profile and the settings, saved and undone."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.models import Stakeholder
from cadence.settings import load_settings
from ui.entry_dialogs import NewStakeholderDialog
from ui.main_window import MainWindow


def _person_id(window: MainWindow, name: str) -> int:
    return window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))


def _stored(window: MainWindow, person_id: int) -> str | None:
    return window.workspace.read(lambda s: s.get_one(Stakeholder, person_id).public_holidays)


def test_a_region_typed_in_the_profile_is_saved_shown_again_and_undone(
    window: MainWindow, qtbot: QtBot,
) -> None:
    ingrid = _person_id(window, "Ingrid Bauer")  # in Berlin's zone
    window.stakeholders.select(ingrid)
    form = window.detail.profile
    box = form.holidays
    assert box.currentText() == "From time zone (Germany)"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "bayern")
    # Keys go to the completer's list while it is open, as the window system routes them;
    # leaving the box completes what was typed.
    qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Tab)
    assert not box.hasFocus()
    assert box.currentText() == "Bayern, Germany (DE-BY)"
    assert form.dirty
    assert form.save()
    assert _stored(window, ingrid) == "DE-BY"

    window.stakeholders.select(_person_id(window, "Petra Lang"))
    assert box.currentText() == "From time zone (Germany)"
    window.stakeholders.select(ingrid)
    assert box.currentText() == "Bayern, Germany (DE-BY)"

    assert window.undo_action.text() == "&Undo Edit Ingrid Bauer"
    window.undo_action.trigger()
    assert _stored(window, ingrid) is None
    assert box.currentText() == "From time zone (Germany)"


def test_the_default_names_the_country_of_the_zone_as_it_changes(window: MainWindow) -> None:
    window.stakeholders.select(_person_id(window, "Ingrid Bauer"))
    form = window.detail.profile
    form.timezone.setCurrentText("America/New_York")
    assert form.holidays.currentText() == "From time zone (United States)"
    form.timezone.setCurrentText("UTC")
    assert form.holidays.currentText() == "From time zone (none)"
    assert form.holidays.itemText(1) == "None"
    assert form.changes().public_holidays == "zone"


def test_a_code_of_no_country_is_shown_at_the_field_and_not_saved(window: MainWindow) -> None:
    ingrid = _person_id(window, "Ingrid Bauer")
    window.stakeholders.select(ingrid)
    form = window.detail.profile
    form.holidays.setEditText("XX")
    form.holidays.editTextChanged.emit("XX")

    assert not form.validate()
    assert form.errors.message_for("public holidays").startswith('no country "XX"')
    assert not form.save()
    assert _stored(window, ingrid) is None


def test_the_managers_region_is_picked_in_the_settings_and_shades_his_week(
    window: MainWindow, qtbot: QtBot,
) -> None:
    # The demo's manager works in Berlin: Epiphany (Wednesday 6 January 2027) is a holiday
    # in Bavaria only.
    week = window.week
    window.tabs.setCurrentWidget(week)
    week.go(6 * 7)  # the week of Monday 4 January 2027
    assert week.canvas.days_off == {}

    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    assert dialog.holidays.currentText() == "From time zone (Germany)"
    dialog.holidays.setCurrentIndex(dialog.holidays.findData("DE-BY"))
    dialog.accept()
    assert window.workspace.read(lambda s: load_settings(s).public_holidays) == "DE-BY"
    assert week.canvas.days_off == {date(2027, 1, 6): "Epiphany"}

    window.undo_action.trigger()
    assert window.workspace.read(lambda s: load_settings(s).public_holidays) is None
    assert week.canvas.days_off == {}
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    assert dialog.holidays.currentText() == "From time zone (Germany)"
    assert dialog.holidays.findText("bayern, germany (de-by)", Qt.MatchFlag.MatchFixedString) > 0
    dialog.reject()


def test_a_new_stakeholders_region_is_picked_as_they_are_added(
    window: MainWindow, qtbot: QtBot,
) -> None:
    dialog = NewStakeholderDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Lukas Brandl")
    dialog.account.setCurrentText("Northwind Logistics")
    dialog.zone.setCurrentText("Europe/Berlin")
    assert dialog.holidays.currentText() == "From time zone (Germany)"
    dialog.holidays.setCurrentIndex(dialog.holidays.findData("DE-BY"))
    dialog.accept()
    assert not dialog.isVisible()
    assert _stored(window, _person_id(window, "Lukas Brandl")) == "DE-BY"
