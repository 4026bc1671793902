"""Crash safety: an import killed with SIGKILL in the middle saves nothing and harms nothing."""

from __future__ import annotations

import csv
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from cadence.cli import main
from cadence.stakeholders import StakeholderChanges, create_stakeholder, list_stakeholders
from cadence.storage.database import open_database

ROWS = 1500
KILL_AFTER = "imported 300 of"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def write_google_csv(path: Path, rows: int) -> None:
    """A Google Contacts export of ``rows`` people at 40 accounts, with multi-line notes."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["First Name", "Last Name", "Organization Name", "Organization Title",
                      "E-mail 1 - Value", "Phone 1 - Value", "Notes", "Labels"])
        for n in range(rows):
            out.writerow([f"Ådne{n}", f"Øverli{n}", f"Konto {n % 40} AS", "Innkjøpssjef",
                          f"person{n}@konto{n % 40}.no", f"+47 22 {n:06d}",
                          "Met at the fair.\nLikes hackathons.", "* myContacts ::: Key accounts"])


def names(db: Path) -> list[str]:
    database = open_database(f"sqlite:///{db}")
    with database.transaction() as session:
        found = [p.name for p in list_stakeholders(session)]
    database.close()
    return found


def test_an_import_killed_mid_transaction_leaves_the_database_as_before(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite3"
    database = open_database(f"sqlite:///{db}")
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(name="Zoë Ångström", account="Nordlicht"))
    database.close()
    book = tmp_path / "big.csv"
    write_google_csv(book, ROWS)

    command = [sys.executable, "-c", "from cadence.cli import run; run()",
               "--db", str(db), "-v", "import", "contacts", str(book)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as process:
        watchdog = threading.Timer(120, process.kill)
        watchdog.start()
        try:
            assert process.stderr is not None
            seen = []
            for line in process.stderr:
                seen.append(line)
                if KILL_AFTER in line:
                    break
            assert any(KILL_AFTER in line for line in seen), "".join(seen)
            # Proof that the import is inside its write transaction: nobody else may write.
            with closing(sqlite3.connect(db, timeout=0)) as other, \
                    pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            process.send_signal(signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL
        finally:
            watchdog.cancel()
            process.kill()

    with closing(sqlite3.connect(db)) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert names(db) == ["Zoë Ångström"]  # none of the import, all that was there before

    # The same file imports whole afterwards: all of it, once.
    assert main(["--db", str(db), "import", "contacts", str(book)]) == 0
    assert len(names(db)) == ROWS + 1
