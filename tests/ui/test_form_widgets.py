"""Date-time fields hold the wall time typed, whatever zone the computer itself is in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
