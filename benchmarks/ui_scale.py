"""The app at scale (``python -m benchmarks.ui_scale``): 5,000 stakeholders, 100,000 interactions.

Measures, each as the median of 5 runs:

* window open: building the main window on the database (summaries for every row in a few
  grouped queries, the models, every view) until it is shown and painted; target < 2 s;
* filter response: typing into the stakeholder filter until the proxy has re-filtered and the
  view has repainted, for several search texts; target < 100 ms;
* sort: one header click on "Last contact";
* row refresh: re-reading one changed stakeholder's row (what every edit costs).

The workspace is built once in a temporary directory with bulk inserts (outside the timings).
Runs offscreen unless a display is set.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, select

from cadence.models import Account, Commitment, Interaction, Stakeholder, TouchpointKind
from cadence.settings import load_settings
from cadence.storage.database import Database, open_database
from cadence.vocabulary import CommitmentStatus, Period
from ui.main_window import MainWindow
from ui.stakeholder_model import Column
from ui.workspace import Workspace

RUNS = 5
PEOPLE = 5_000
INTERACTIONS = 100_000
ACCOUNTS = 120
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "Asia/Singapore", "UTC")
FIRST = ("Ada", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
         "Max", "Nia", "Oto", "Pia", "Quin", "Rui", "Sol", "Tea", "Uma", "Vic", "Wim", "Yan")
LAST = ("Berg", "Costa", "Dahl", "Evans", "Fischer", "Garcia", "Hahn", "Ito", "Jensen",
        "Kowalski", "Lund", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato")


def build(path: Path) -> Database:
    """A large workspace, inserted in bulk (the timings start after this)."""
    rng = random.Random(5000)
    database = open_database(f"sqlite:///{path}", backup=False)
    with database.transaction() as session:
        load_settings(session).timezone = "Europe/Berlin"
        kinds = list(session.scalars(select(TouchpointKind)))
        session.execute(insert(Account), [
            {"id": a + 1, "name": f"Client {a + 1:03d} Holdings", "tier": 1 + a % 3,
             "notes": ""} for a in range(ACCOUNTS)])
        periods = list(Period)
        session.execute(insert(Stakeholder), [{
            "id": p + 1, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {p + 1}",
            "account_id": 1 + p % ACCOUNTS, "role": rng.choice(("CIO", "CTO", "Buyer", "Lead")),
            "email": f"p{p + 1}@example.test", "phone": "", "timezone": rng.choice(ZONES),
            "importance": rng.randint(1, 5), "interests": ["ai"], "avoid_topics": [],
            "notes": "", "budget_max": rng.randint(1, 4), "budget_period": rng.choice(periods),
            "min_gap_days": 14, "max_silence_days": rng.choice((45, 60, 90)),
            "channels": ["email", "video"], "reachable_days": [0, 1, 2, 3, 4],
            "reachable_start": datetime(2000, 1, 1, 9).time(),
            "reachable_end": datetime(2000, 1, 1, 17).time(),
        } for p in range(PEOPLE)])
        session.execute(insert(Interaction), [{
            "stakeholder_id": 1 + i % PEOPLE,
            "occurred_at": NOW - timedelta(days=rng.uniform(1, 730)), "timezone": "UTC",
            "kind_id": rng.choice(kinds).id, "channel": "video",
            "quality": rng.choice((None, 2, 3, 4, 5)), "notes": "",
        } for i in range(INTERACTIONS)])
        session.execute(insert(Commitment), [{
            "stakeholder_id": rng.randint(1, PEOPLE), "what": "Send the proposal",
            "due_on": date(2026, 11, 23) + timedelta(days=rng.randint(-90, 60)),
            "status": CommitmentStatus.OPEN, "effort_hours": 2.0, "notes": "",
            "created_at": NOW,
        } for _ in range(PEOPLE * 2)])
    return database


def median_ms(samples: list[float]) -> float:
    """The median of seconds, in milliseconds."""
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def open_window(database: Database, settings: QSettings, app: QApplication) -> MainWindow:
    """Build, show and paint the main window."""
    window = MainWindow(Workspace(database, clock=lambda: NOW), settings)
    window.show()
    app.processEvents()
    return window


def main() -> int:
    """Print the figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        database = build(Path(scratch) / "large.sqlite3")
        print(f"built {PEOPLE:,} stakeholders, {INTERACTIONS:,} interactions, "
              f"{PEOPLE * 2:,} commitments in {time.perf_counter() - started:.1f} s")
        settings = QSettings(str(Path(scratch) / "ui.ini"), QSettings.Format.IniFormat)
        opens, window = [], None
        for _ in range(RUNS):
            if window is not None:
                window.close()
                window.deleteLater()
                app.processEvents()
            before = time.perf_counter()
            window = open_window(database, settings, app)
            opens.append(time.perf_counter() - before)
        assert window is not None
        rows = window.stakeholders.model.rowCount()
        print(f"window open ({rows:,} rows): median {median_ms(opens):.0f} ms "
              f"(runs: {', '.join(f'{s * 1000:.0f}' for s in opens)}) — target < 2000 ms")

        pane = window.stakeholders

        def type_filter(text: str) -> None:
            pane.search.setText(text)
            app.processEvents()

        for text in ("a", "ber", "client 042", "zzz-nobody", ""):
            samples = []
            for _ in range(RUNS):
                type_filter("reset" if text == "" else "")
                samples.append(timed(partial(type_filter, text)))
            print(f"filter {text!r:14} -> {pane.proxy.rowCount():5d} rows: "
                  f"median {median_ms(samples):.1f} ms — target < 100 ms")

        def sort(order: Qt.SortOrder) -> None:
            pane.view.sortByColumn(Column.LAST_CONTACT, order)
            app.processEvents()

        sorts = [timed(partial(sort, order))
                 for order in [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 3]
        print(f"sort by last contact: median {median_ms(sorts):.1f} ms")

        refreshes = [timed(lambda: pane.refresh([1234])) for _ in range(RUNS)]
        print(f"refresh one changed row: median {median_ms(refreshes):.1f} ms")
        window.close()
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
