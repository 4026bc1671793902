"""How long reading, previewing and importing a large contacts file takes.

Run: ``python -m benchmarks.contacts_import [ROWS ...]`` (default 1000 and 5000 rows). Prints
the median of 5 runs for each step on a fresh database each time (read, preview, apply as the
app does them; the one-pass import the CLI does), and for re-importing the same file (every row
up to date).
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cadence.contacts.importer import apply_import, import_contacts, preview_import
from cadence.contacts.reading import read_contacts
from cadence.storage.database import open_database

RUNS = 5


def write_google_csv(path: Path, rows: int) -> None:
    """A Google Contacts export of ``rows`` people at 40 accounts."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["First Name", "Last Name", "Organization Name", "Organization Title",
                      "E-mail 1 - Value", "Phone 1 - Value", "Notes", "Labels"])
        for n in range(rows):
            out.writerow([f"Zoë{n}", f"Ångström{n}", f"Account {n % 40}", "Director",
                          f"person{n}@account{n % 40}.example", f"+46 8 {n:07d}",
                          "Met at the fair.\nLikes hackathons.", "* myContacts ::: Key"])


def one_run(book: Path, url: str) -> dict[str, float]:
    """Read, preview and apply ``book`` into a new database, then preview it again."""
    database = open_database(url)
    clock = time.perf_counter()
    contacts = read_contacts(book)
    figures = {"read": time.perf_counter() - clock}
    with database.transaction() as session:
        clock = time.perf_counter()
        preview = preview_import(session, contacts.records, contacts.errors)
        figures["preview"] = time.perf_counter() - clock
        clock = time.perf_counter()
        apply_import(session, preview)
    figures["apply+commit"] = time.perf_counter() - clock
    clock = time.perf_counter()
    with database.transaction() as session:
        assert preview_import(session, contacts.records, contacts.errors).writes == 0
    figures["re-import"] = time.perf_counter() - clock
    database.close()
    direct = open_database(url.replace(".sqlite3", "-direct.sqlite3"))
    clock = time.perf_counter()
    with direct.transaction() as session:
        import_contacts(session, contacts.records, contacts.errors)
    figures["one-pass import+commit (CLI)"] = time.perf_counter() - clock
    direct.close()
    return figures


def measure(rows: int, folder: Path) -> dict[str, list[float]]:
    """Each step's time in :data:`RUNS` runs on ``rows`` contacts."""
    book = folder / f"book-{rows}.csv"
    write_google_csv(book, rows)
    runs = [one_run(book, f"sqlite:///{folder}/bench-{rows}-{n}.sqlite3") for n in range(RUNS)]
    return {step: [run[step] for run in runs] for step in runs[0]}


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            for step, values in measure(rows, Path(tmp)).items():
                median = statistics.median(values)
                print(f"contacts import {rows:>6} rows  {step:<30} median of {RUNS}: "
                      f"{median:7.3f} s  ({median / rows * 1000:.2f} ms/row)")


if __name__ == "__main__":
    main(sys.argv[1:])
