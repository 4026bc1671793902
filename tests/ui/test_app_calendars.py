"""Calendar exchange from the window: export (file checked, subscription kept current) and
import (busy times appear in the week view; a bad file is a message and changes nothing)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import icalendar
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cadence.catalogue import kind_by_key
from cadence.models import BusyBlock, Touchpoint
from cadence.settings import load_settings
from cadence.touchpoints import accept
from cadence.vocabulary import TouchpointStatus
from tests.ui.conftest import NOW
from ui.calendar_dialogs import ImportRequest
from ui.changes import ChangeSet
from ui.main_window import MainWindow
from ui.week_view import ItemKind

BUSY_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Cadence app tests//EN
BEGIN:VEVENT
UID:board@example.test
DTSTAMP:20261101T090000Z
SUMMARY:Board meeting
DTSTART;TZID=Europe/Berlin:20261124T100000
DTEND;TZID=Europe/Berlin:20261124T120000
END:VEVENT
BEGIN:VEVENT
UID:standup@example.test
DTSTAMP:20261101T090000Z
SUMMARY:Team stand-up
DTSTART;TZID=Europe/Berlin:20261123T091500
DTEND;TZID=Europe/Berlin:20261123T093000
RRULE:FREQ=DAILY;COUNT=5
END:VEVENT
END:VCALENDAR
"""


def _accept_some(window: MainWindow, count: int, first_day: int = 1) -> list[int]:
    """Plant accepted touchpoints the way the plan view would (through the core), one a day
    from ``first_day`` days after now."""
    ids = []
    with window.workspace.session() as session:
        for offset in range(count):
            start = NOW + timedelta(days=first_day + offset, hours=5)
            tp = Touchpoint(stakeholder_id=1 + offset, kind=kind_by_key(session, "coffee"),
                            channel="in-person", starts_at=start,
                            ends_at=start + timedelta(minutes=30), timezone="Europe/Berlin",
                            reasons=["test"])
            session.add(tp)
            session.flush()
            accept(session, tp, NOW)
            ids.append(tp.id)
    window.workspace.changes.publish(ChangeSet(plan=True))
    return ids


def _events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_export_calendar_writes_the_accepted_touchpoints(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    ids = _accept_some(window, 2)
    uids = window.workspace.read(lambda s: {s.get(Touchpoint, i).uid for i in ids})
    dialog = window.calendars.export_calendar()
    qtbot.addWidget(dialog)
    target = tmp_path / "plan.ics"
    dialog.path.setText(str(target))
    dialog.subscribe.setChecked(False)
    with qtbot.waitSignal(window.workspace.tasks.started) as started:
        dialog.accept()
    with qtbot.waitSignal(started.args[0].finished, timeout=30_000):
        pass

    events = _events(target)
    assert {str(e["UID"]) for e in events} == uids
    assert all(e.get("STATUS") == "CONFIRMED" for e in events)
    assert "Exported 2 touchpoints" in window.last_message


def test_export_dialog_refuses_a_missing_folder(window: MainWindow, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    dialog = window.calendars.export_calendar()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "nowhere" / "plan.ics"))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message_for("path") == "that folder does not exist"


def test_subscription_file_follows_the_plan(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _accept_some(window, 1)
    target = tmp_path / "subscribed.ics"
    dialog = window.calendars.export_calendar()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(target))
    dialog.subscribe.setChecked(True)
    with qtbot.waitSignal(window.workspace.tasks.started) as started:
        dialog.accept()
    with qtbot.waitSignal(started.args[0].finished, timeout=30_000):
        pass
    assert len(_events(target)) == 1
    stored = window.workspace.read(lambda s: load_settings(s).subscription_path)
    assert stored == str(target)

    # A rewrite the export's own settings change set off may still land first: wait for the
    # one that has seen the new touches.
    with qtbot.waitSignal(window.subscription.written, timeout=30_000,
                          check_params_cb=lambda result: result.exported == 3):
        _accept_some(window, 2, first_day=2)
    assert len(_events(target)) == 3


def test_import_calendar_shows_busy_times_in_the_week(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "work.ics"
    source.write_text(BUSY_ICS, encoding="utf-8")
    window.tabs.setCurrentWidget(window.week)
    task = window.calendars.import_calendar_from(ImportRequest(source))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass

    busy = [i for i in window.week.canvas.items if i.kind is ItemKind.BUSY]
    titles = sorted(i.title for i in busy)
    assert titles.count("Team stand-up") == 5
    assert "Board meeting" in titles
    board = next(i for i in busy if i.title == "Board meeting")
    assert board.starts_at.hour == 9  # 10:00 in Berlin is 09:00 UTC in November
    assert "Imported 6 busy times" in window.last_message

    task = window.calendars.import_calendar_from(ImportRequest(source))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    count = window.workspace.read(lambda s: s.scalar(select(func.count()).select_from(BusyBlock)))
    assert count == 6, "re-importing replaces, never duplicates"

    # A fresh download of the same calendar under another name, with one event now free.
    download = tmp_path / "work (1).ics"
    download.write_text(BUSY_ICS.replace("SUMMARY:Board meeting",
                                         "SUMMARY:Board meeting\nTRANSP:TRANSPARENT"),
                        encoding="utf-8")
    task = window.calendars.import_calendar_from(ImportRequest(download))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    count = window.workspace.read(lambda s: s.scalar(select(func.count()).select_from(BusyBlock)))
    assert count == 5, "the same events, by their UIDs, replace those of the first file"
    assert "1 free occurrence skipped: tick “Count free events as busy too”" in (
        window.last_message)
    assert f"replaced 2 events first imported from {source}" in window.last_message


def test_import_of_a_bad_file_is_a_message_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "broken.ics"
    source.write_text("this is not a calendar\n", encoding="utf-8")
    task = window.calendars.import_calendar_from(ImportRequest(source))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    assert "broken.ics" in window.last_message
    count = window.workspace.read(lambda s: s.scalar(select(func.count()).select_from(BusyBlock)))
    assert count == 0


def test_export_ignores_suggestions_by_default(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    ids = _accept_some(window, 1)
    with window.workspace.session() as session:
        session.get(Touchpoint, ids[0]).status = TouchpointStatus.SUGGESTED
    dialog = window.calendars.export_calendar()
    qtbot.addWidget(dialog)
    target = tmp_path / "empty.ics"
    dialog.path.setText(str(target))
    dialog.subscribe.setChecked(False)
    task = window.calendars.export_calendar_to(dialog.request())
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    assert _events(target) == []


def test_cancelled_import_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "work.ics"
    source.write_text(BUSY_ICS, encoding="utf-8")
    gate = threading.Event()
    # The runner has one worker: hold it so that the import is cancelled before it starts.
    window.workspace.tasks.start("hold", lambda _control: gate.wait(10))
    task = window.calendars.import_calendar_from(ImportRequest(source))
    window.progress.cancel()
    gate.set()
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    assert window.last_message == "Calendar import cancelled; nothing was changed"
    count = window.workspace.read(lambda s: s.scalar(select(func.count()).select_from(BusyBlock)))
    assert count == 0


def test_import_dialog_counts_a_holidays_calendar_as_busy_when_asked(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # Holiday feeds mark their days off free (TRANSP:TRANSPARENT), which alone blocks nothing.
    source = tmp_path / "holidays.ics"
    source.write_text(BUSY_ICS.replace("SUMMARY:Board meeting", "SUMMARY:Board meeting\n"
                                       "TRANSP:TRANSPARENT"), encoding="utf-8")
    dialog = window.calendars.import_calendar()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(source))
    dialog.all_busy.setChecked(True)
    with qtbot.waitSignal(window.workspace.tasks.started) as started:
        dialog.accept()
    with qtbot.waitSignal(started.args[0].finished, timeout=30_000):
        pass
    titles = window.workspace.read(
        lambda s: sorted(set(s.scalars(select(BusyBlock.summary)))))
    assert titles == ["Board meeting", "Team stand-up"]


def test_an_older_copy_of_an_event_is_left_out_and_the_user_is_told_which(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    current = tmp_path / "work.ics"
    current.write_text(BUSY_ICS.replace("UID:board@example.test",
                                        "UID:board@example.test\nSEQUENCE:3"), encoding="utf-8")
    backup = tmp_path / "backup.ics"  # the board meeting at its old time, an older version
    backup.write_text(BUSY_ICS.replace("UID:board@example.test",
                                       "UID:board@example.test\nSEQUENCE:1")
                      .replace("20261124T100000", "20261125T140000")
                      .replace("20261124T120000", "20261125T160000"), encoding="utf-8")
    task = window.calendars.import_calendar_from(ImportRequest(current))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    with qtbot.waitSignal(window.calendars.problem, timeout=30_000) as told:
        window.calendars.import_calendar_from(ImportRequest(backup))

    message = told.args[0]
    assert "1 event left out, older than the version another calendar gave:" in message
    assert "VEVENT board@example.test" in message
    assert f"(SEQUENCE 1) than the one from {current} (SEQUENCE 3)" in message
    board = window.workspace.read(lambda s: s.scalars(
        select(BusyBlock).where(BusyBlock.uid == "board@example.test")).all())
    assert [b.starts_at.day for b in board] == [24], "the meeting keeps its current time"


def _version(sequence: int, hour: int) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:board@example.com\r\nDTSTAMP:20261101T000000Z\r\nSEQUENCE:{sequence}\r\n"
            f"DTSTART:20261125T{hour:02d}0000Z\r\nDTEND:20261125T{hour + 1:02d}0000Z\r\n"
            "SUMMARY:Board meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _board_hours(window: MainWindow) -> list[tuple[int, str]]:
    return sorted(window.workspace.read(lambda s: [
        (b.starts_at.hour, Path(b.source).name)
        for b in s.scalars(select(BusyBlock).where(BusyBlock.summary == "Board meeting"))]))


def test_a_calendar_import_is_undone_with_what_it_replaced_elsewhere(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # The meeting moved: a newer version of it, in another file, replaces the first file's.
    first, moved = tmp_path / "work.ics", tmp_path / "invite.ics"
    first.write_text(_version(0, 9), encoding="utf-8")
    moved.write_text(_version(1, 14), encoding="utf-8")
    for source in (first, moved):
        task = window.calendars.import_calendar_from(ImportRequest(source))
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass
    assert _board_hours(window) == [(14, "invite.ics")]
    assert window.undo_action.text() == "&Undo Import invite.ics"

    window.undo_action.trigger()
    assert _board_hours(window) == [(9, "work.ics")]
    window.undo_action.trigger()
    assert _board_hours(window) == []
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert _board_hours(window) == [(14, "invite.ics")]
