"""Date-time fields hold the wall time typed, whatever zone the computer itself is in; a zone
typed in part is completed on leaving the field when it names one zone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from cadence.settings import load_settings
from ui.form_widgets import ZoneCombo, zone_combo
from ui.main_window import MainWindow

# Run apart: Qt reads the computer's zone (TZ) once, when it starts.
PICK_AND_READ = """
from datetime import datetime
from zoneinfo import ZoneInfo
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QApplication
from ui.form_widgets import edited_instant, instant_edit
app = QApplication([])
edit = instant_edit(datetime(2027, 1, 4, 9, tzinfo=ZoneInfo("UTC")), "Europe/Berlin")
edit.setDate(QDate(2027, 3, 14))  # as picked in the calendar popup
edit.setTime(QTime(2, 30))  # and typed
print(edited_instant(edit, "Europe/Berlin", "start").isoformat())
"""


@pytest.mark.parametrize("computer_zone", ["America/New_York", "Europe/Berlin", "UTC"])
def test_a_time_the_computer_s_own_zone_skips_is_kept(computer_zone: str) -> None:
    # 02:30 on 14 March 2027 is New York's gap night, but a plain time in Berlin.
    env = {**os.environ, "TZ": computer_zone, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PICK_AND_READ], env=env, text=True,
                          capture_output=True, cwd=Path(__file__).parents[2], check=True,
                          timeout=60)
    assert done.stdout.strip() == "2027-03-14T02:30:00+01:00"


def _type_then_tab(qtbot: QtBot, combo: ZoneCombo, text: str) -> None:
    """Type ``text`` over the zone shown, then press Tab."""
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo, text)
    # Keys go to the completer's list while it is open, as the window system routes them.
    qtbot.keyClick(QApplication.activePopupWidget() or combo, Qt.Key.Key_Tab)


class ZoneForm(QDialog):
    """A zone field and the field after it."""

    def __init__(self) -> None:
        super().__init__()
        self.zone, self.after = zone_combo(), QLineEdit()
        layout = QVBoxLayout(self)
        layout.addWidget(self.zone)
        layout.addWidget(self.after)


@pytest.fixture
def form(qtbot: QtBot) -> ZoneForm:
    """The form, shown in an active window."""
    dialog = ZoneForm()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


@pytest.mark.parametrize(("typed", "zone"), [
    ("Europe/Ber", "Europe/Berlin"),  # the start of the name
    ("europe/berlin", "Europe/Berlin"),  # the name in another case
    ("tokyo", "Asia/Tokyo"),  # the city
    ("new york", "America/New_York"),  # the city as said
    ("gmt", "GMT"),  # a whole name, though longer ones start with it
])
def test_tab_completes_a_zone_typed_in_part(
    qtbot: QtBot, form: ZoneForm, typed: str, zone: str
) -> None:
    _type_then_tab(qtbot, form.zone, typed)
    assert form.after.hasFocus()
    assert form.zone.currentText() == zone
    assert form.zone.lineEdit().text() == zone


@pytest.mark.parametrize("typed", ["Ber", "Mars/Olympus"])  # several zones; none
def test_tab_leaves_what_names_no_single_zone_as_typed(
    qtbot: QtBot, form: ZoneForm, typed: str
) -> None:
    _type_then_tab(qtbot, form.zone, typed)
    assert form.after.hasFocus()
    assert form.zone.currentText() == typed


def test_the_settings_save_the_zone_tab_completed_and_refuse_an_unclear_one_at_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert isinstance(dialog.timezone, ZoneCombo)

    _type_then_tab(qtbot, dialog.timezone, "Ber")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message_for("timezone") == "unknown time zone 'Ber'"

    _type_then_tab(qtbot, dialog.timezone, "america/sao")
    assert dialog.timezone.currentText() == "America/Sao_Paulo"
    dialog.accept()
    assert not dialog.isVisible()
    assert window.workspace.read(lambda s: load_settings(s).timezone) == "America/Sao_Paulo"
