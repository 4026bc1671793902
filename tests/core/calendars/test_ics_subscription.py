"""Subscription mode: the file follows the plan, atomically, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from cadence.calendars.ics_export import ExportResult
from cadence.calendars.subscription import (
    SubscriptionOptions,
    SubscriptionWatcher,
    refresh_subscription,
)
from cadence.models import Commitment, Touchpoint
from cadence.settings import load_settings
from cadence.storage.database import Database
from tests.core.calendars.builders import NOW, Plan


def _text(path: Path) -> str:
    """The descriptions in the file, unfolded."""
    return "\n".join(e.description or "" for e in Calendar.from_ical(path.read_bytes()).events)


def _watcher(database: Database, path: Path) -> SubscriptionWatcher:
    return SubscriptionWatcher(database, SubscriptionOptions(path), clock=lambda: NOW)


def test_first_poll_writes_then_only_changes_do(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "sub.ics"
    watcher = _watcher(database, path)
    first = watcher.poll_once()
    assert first is not None
    assert first.exported == 3
    written = path.read_bytes()
    assert watcher.poll_once() is None
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        coffee.agenda = "Bring the pilot results"
    assert watcher.poll_once() is not None
    assert path.read_bytes() != written
    assert "Bring the pilot results" in _text(path)
    assert watcher.poll_once() is None


def test_a_new_promise_rewrites_the_descriptions(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "sub.ics"
    watcher = _watcher(database, path)
    watcher.poll_once()
    with database.transaction() as session:
        session.add(Commitment(stakeholder_id=plan.ana, what="Share the roadmap",
                               due_on=date(2026, 3, 25)))
    assert watcher.poll_once() is not None
    assert "Share the roadmap" in _text(path)


def test_run_polls_until_stopped(database: Database, plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "sub.ics"
    watcher = SubscriptionWatcher(database, SubscriptionOptions(path), clock=lambda: NOW,
                                  interval=0.01)
    stop = threading.Event()
    writes: list[ExportResult] = []

    def written(result: ExportResult) -> None:
        writes.append(result)
        stop.set()

    thread = threading.Thread(target=watcher.run, args=(stop, written))
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert len(writes) == 1
    assert len(Calendar.from_ical(path.read_bytes()).events) == 3


def test_refresh_uses_the_settings_path(database: Database, plan: Plan, tmp_path: Path) -> None:
    with database.transaction() as session:
        assert refresh_subscription(session, now=NOW) is None
        load_settings(session).subscription_path = str(tmp_path / "app.ics")
        result = refresh_subscription(session, now=NOW + timedelta(minutes=1))
    assert result is not None
    assert result.exported == 3
    assert (tmp_path / "app.ics").exists()


def test_watch_command_rewrites_and_stops_on_ctrl_c(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "sub.ics"
    lines: list[str] = []

    def wrote() -> int:
        return sum(line.startswith("wrote 3 touchpoints") for line in list(lines))

    with subprocess.Popen(
        [sys.executable, "-c", "from cadence.cli import run; run()", "--db", database.url,
         "export", "ics", str(path), "--watch", "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        # Its output is read as it comes: the line for a write follows the file by a moment,
        # so stopping as soon as the file changes could cut the second line off.
        reader = threading.Thread(target=lambda: lines.extend(process.stdout or []))
        reader.start()
        try:
            deadline = time.monotonic() + 30
            while wrote() < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert path.exists()
            with database.transaction() as session:
                session.get_one(Touchpoint, plan.review).agenda = "Renewal numbers"
            while wrote() < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "Renewal numbers" in _text(path)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
            reader.join(timeout=30)
        err = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0, err
    assert wrote() == 2
    assert "stopped" in err
    assert "Traceback" not in err
