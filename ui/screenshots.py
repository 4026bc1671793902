"""Render the main views of the demo workspace to PNG files (``make screenshots``).

The demo is generated for a fixed Monday with a sample work calendar imported and the planner
run, so the pictures are reproducible. Runs offscreen: ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from cadence.calendars.ics_import import import_calendar
from cadence.demo import create_demo_workspace
from cadence.planner.service import plan_workspace, save_plan
from cadence.settings import load_settings
from cadence.storage.database import Database, open_database
from cadence.timezones import start_of_day_utc, zone
from cadence.touchpoints import accept, list_touchpoints
from cadence.vocabulary import TouchpointStatus
from ui.main_window import MainWindow
from ui.resources import apply_look
from ui.workspace import Workspace

NOW = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # a Monday morning in Berlin
ZONE = "Europe/Berlin"
SIZE = (1440, 900)


def sample_calendar(monday: date) -> str:
    """A realistic week of the manager's own meetings, as iCalendar text."""
    day = monday.strftime("%Y%m%d")

    def event(uid: str, summary: str, start: str, end: str, rule: str = "",
              offset: int = 0) -> str:
        on = (monday + timedelta(days=offset)).strftime("%Y%m%d")
        return (f"BEGIN:VEVENT\r\nUID:{uid}@sample\r\nDTSTAMP:{day}T000000Z\r\n"
                f"SUMMARY:{summary}\r\nDTSTART;TZID={ZONE}:{on}T{start}00\r\n"
                f"DTEND;TZID={ZONE}:{on}T{end}00\r\n{rule}END:VEVENT\r\n")

    events = [
        event("standup", "Team stand-up", "0915", "0930", "RRULE:FREQ=DAILY;COUNT=60;"
              "BYDAY=MO,TU,WE,TH,FR\r\n"),
        event("pipeline", "Pipeline review", "1400", "1500", "RRULE:FREQ=WEEKLY;COUNT=8\r\n"),
        event("oneonone", "1:1 with my manager", "1100", "1130",
              "RRULE:FREQ=WEEKLY;COUNT=8\r\n", offset=2),
        event("allhands", "All-hands", "1600", "1700", offset=3),
        event("focus", "Proposal writing (focus)", "0930", "1200", offset=4),
        event("travel", "Travel to Hamburg", "1300", "1600", offset=1),
    ]
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//screenshots//EN\r\n"
            + "".join(events) + "END:VCALENDAR\r\n")


def build_workspace(directory: Path) -> Database:
    """The demo workspace with a work calendar imported, a plan made and some accepted."""
    database = open_database(f"sqlite:///{directory / 'demo.sqlite3'}", backup=False)
    monday = NOW.date()
    with database.transaction() as session:
        load_settings(session).timezone = ZONE
        create_demo_workspace(session, monday)
    calendar = directory / "work.ics"
    calendar.write_text(sample_calendar(monday), encoding="utf-8")
    with database.transaction() as session:
        import_calendar(session, calendar, start=monday, end=monday + timedelta(days=60),
                        manager_zone=ZONE, now=NOW)
        plan = plan_workspace(session, start=monday, weeks=4, now=NOW)
        save_plan(session, plan, NOW)
        # Accept two thirds of the first planned week, as a manager would on Monday morning.
        suggested = list_touchpoints(session, statuses=[TouchpointStatus.SUGGESTED])
        if suggested:
            first_day = suggested[0].starts_at.astimezone(zone(ZONE)).date()
            week_end = start_of_day_utc(first_day + timedelta(days=7 - first_day.weekday()),
                                        ZONE)
            first = [t for t in suggested if t.starts_at < week_end]
            for touchpoint in first[: max(1, len(first) * 2 // 3)]:
                accept(session, touchpoint, NOW)
    return database


def render(window: MainWindow, target: Path, prepare: Callable[[], object]) -> Path:
    """Run ``prepare``, let the window settle (views that read on a worker, such as the
    dashboard, draw what they read), and save a picture of it."""
    prepare()
    app = QApplication.instance()
    for _ in range(5):
        if app is not None:
            app.processEvents()
        window.workspace.tasks.wait()
    window.grab().save(str(target))
    return target


def capture(out: Path) -> list[Path]:
    """Write the screenshots into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        database = build_workspace(Path(scratch))
        settings = QSettings(str(Path(scratch) / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Workspace(database, clock=lambda: NOW), settings)
        window.resize(*SIZE)
        window.show()
        ingrid = _stakeholder(window, "Ingrid Bauer")
        shots = [
            ("stakeholders.png", lambda: window.show_stakeholder(ingrid)),
            ("commitments.png", lambda: _show_commitments(window, "Petra Lang")),
            ("plan.png", lambda: _show_plan(window)),
            ("week.png", lambda: _show_week(window)),
            ("dashboard.png", lambda: window.tabs.setCurrentWidget(window.dashboard)),
        ]
        paths = [render(window, out / name, prepare) for name, prepare in shots]
        window.close()
        database.close()
    return paths


def _stakeholder(window: MainWindow, name: str) -> int:
    model = window.stakeholders.model
    for row in range(model.rowCount()):
        if model.summary(row).name == name:
            return model.summary(row).id
    raise LookupError(name)


def _show_week(window: MainWindow) -> None:
    """The week of the first accepted touchpoint."""
    window.tabs.setCurrentWidget(window.week)
    accepted = window.plan.accepted.touch_rows()
    if accepted:
        day = accepted[0].starts_at.astimezone(zone(ZONE)).date()
        window.week.monday = day - timedelta(days=day.weekday())
        window.week.refresh()


def _show_commitments(window: MainWindow, name: str) -> None:
    window.show_stakeholder(_stakeholder(window, name))
    window.detail.tabs.setCurrentIndex(2)


def _show_plan(window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.plan)
    window.plan.refresh()
    rows = window.plan.suggested.touch_rows()
    if rows:
        window.plan.select(rows[0].id)


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.screenshots DIR``."""
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots")
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    if isinstance(app, QApplication):
        apply_look(app)
    for path in capture(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
