"""Calendar export and import speed beside the bare libraries (``python -m benchmarks.calendars``).

Export: 10,000 touchpoints over a year in five zones. Cadence: ``export_ics`` (query, build,
serialise, atomic write, mark exported). Bare: the same events and time zones built with icalendar
from plain tuples, serialised and written.

Import: a calendar whose events give 20,000 occurrences over a year (8,000 single events and 300
weekly series with exceptions, in two zones, some all-day, some floating). Cadence:
``import_calendar`` (read, expand, convert, replace the source's rows). Bare: icalendar parses it
and recurring-ical-events expands it over the same year.

Wall and CPU time are medians of 5 runs, alternating Cadence and the bare library; peak memory
is measured with tracemalloc in a separate run (tracemalloc slows Python down, so it never
overlaps a timed run).
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import recurring_ical_events
from icalendar import Alarm, Calendar, Event, Timezone
from icalendar.enums import STATUS, TRANSP
from sqlalchemy import select

from cadence.calendars.ics_export import description_of, export_ics
from cadence.calendars.ics_import import import_calendar
from cadence.catalogue import kind_by_key
from cadence.models import Account, Stakeholder, Touchpoint
from cadence.settings import load_settings
from cadence.storage.database import Database, open_database
from cadence.timezones import zone
from cadence.vocabulary import TouchpointStatus

RUNS = 5
TOUCHPOINTS = 10_000
ZONES = ("Europe/Berlin", "Europe/Lisbon", "America/New_York", "Asia/Kolkata", "Australia/Sydney")
START = datetime(2026, 1, 5, 8, tzinfo=UTC)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Figures:
    """Medians of ``RUNS`` runs (wall and CPU seconds) and the peak of one traced run."""

    wall: float
    cpu: float
    peak_mib: float


def compare(cadence: Callable[[], object], bare: Callable[[], object]) -> tuple[Figures, Figures]:
    """Run both ``RUNS`` times, alternating so that load from other processes hits both alike.

    CPU time is reported beside wall time because the machine may be shared: it counts only
    this process's work.
    """
    runs: dict[str, list[tuple[float, float]]] = {"cadence": [], "bare": []}
    for _ in range(RUNS):
        runs["cadence"].append(_seconds(cadence))
        runs["bare"].append(_seconds(bare))
    return _figures(runs["cadence"], cadence), _figures(runs["bare"], bare)


def _figures(runs: list[tuple[float, float]], work: Callable[[], object]) -> Figures:
    return Figures(
        wall=statistics.median(wall for wall, _ in runs),
        cpu=statistics.median(cpu for _, cpu in runs),
        peak_mib=_peak_mib(work),
    )


def _seconds(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _peak_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def seed_touchpoints(database: Database) -> None:
    with database.transaction() as session:
        load_settings(session).timezone = "Europe/Berlin"
        account = Account(name="Bench")
        kind = kind_by_key(session, "coffee")
        people = [
            Stakeholder(name=f"Person {i}", account=account, timezone=ZONES[i % len(ZONES)])
            for i in range(200)
        ]
        session.add_all(people)
        for index in range(TOUCHPOINTS):
            person = people[index % len(people)]
            starts = START + timedelta(hours=(index * 7) % (24 * 360))
            session.add(Touchpoint(
                stakeholder=person, kind=kind, channel=kind.channel, starts_at=starts,
                ends_at=starts + timedelta(minutes=30), timezone=person.timezone,
                status=TouchpointStatus.ACCEPTED, value=4.0,
                reasons=["days since the last quality contact", "budget left this quarter"],
                agenda="Keep the contact warm.",
            ))


Row = tuple[str, datetime, datetime, str, str, str, datetime, datetime]


def bare_export(rows: list[Row], path: Path) -> None:
    """The same calendar with icalendar alone: the same properties from plain values."""
    calendar = Calendar.new(prodid="-//bench//EN", uid="bench", name="bench", method="PUBLISH")
    first = date(min(r[1] for r in rows).year, 1, 1)
    last = date(max(r[2] for r in rows).year + 1, 12, 31)
    for name in sorted({r[3] for r in rows}):
        calendar.add_component(Timezone.from_tzinfo(zone(name), name, first, last))
    for uid, starts, ends, zone_name, summary, description, created, modified in rows:
        tz = zone(zone_name)
        event = Event.new(
            uid=uid, stamp=NOW, created=created, last_modified=modified, sequence=0,
            start=starts.astimezone(tz), end=ends.astimezone(tz), summary=summary,
            description=description, categories=["Coffee check-in", "Bench"],
            status=STATUS.CONFIRMED, transparency=TRANSP.OPAQUE,
        )
        event.add_component(Alarm.new_display(description=summary,
                                              trigger=timedelta(minutes=-15)))
        calendar.add_component(event)
    path.write_bytes(calendar.to_ical())


def write_import_calendar(path: Path) -> int:
    """A year of busy time: 8,000 single events and 300 weekly series (40 weeks each)."""
    berlin = zone("Europe/Berlin")
    new_york = zone("America/New_York")
    calendar = Calendar.new(prodid="-//bench//EN", uid="bench-import")
    for name in ("Europe/Berlin", "America/New_York"):
        calendar.add_component(Timezone.from_tzid(name, first_date=date(2025, 1, 1),
                                                  last_date=date(2028, 1, 1)))
    for index in range(8_000):
        day = date(2026, 1, 1) + timedelta(days=index % 360)
        if index % 20 == 0:
            start: date | datetime = day
            end: date | datetime = day + timedelta(days=1)
        elif index % 20 == 1:
            start = datetime(day.year, day.month, day.day, 9 + index % 8)  # floating
            end = start + timedelta(hours=1)
        else:
            tz = berlin if index % 2 else new_york
            start = datetime(day.year, day.month, day.day, 8 + index % 9, tzinfo=tz)
            end = start + timedelta(minutes=45)
        calendar.add_component(Event.new(uid=f"single-{index}", stamp=NOW, start=start,
                                         end=end, summary=f"Meeting {index}"))
    for series in range(300):
        first = datetime(2026, 1, 5, 8 + series % 9, tzinfo=berlin) + timedelta(
            days=series % 5)
        event = Event.new(uid=f"series-{series}", stamp=NOW, start=first,
                          end=first + timedelta(minutes=30), summary=f"Weekly {series}")
        event.add("RRULE", {"FREQ": "WEEKLY", "COUNT": 41})
        event.add("EXDATE", first + timedelta(weeks=10))
        calendar.add_component(event)
        moved = Event.new(uid=f"series-{series}", stamp=NOW, recurrence_id=first + timedelta(
            weeks=20), start=first + timedelta(weeks=20, hours=2),
            end=first + timedelta(weeks=20, hours=2, minutes=30), summary=f"Weekly {series} moved")
        calendar.add_component(moved)
    path.write_bytes(calendar.to_ical())
    return 8_000 + 300 * 40


def bare_import(path: Path) -> int:
    calendar = Calendar.from_ical(path.read_bytes())
    return len(list(recurring_ical_events.of(calendar).between(date(2026, 1, 1),
                                                                 date(2027, 1, 1))))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = open_database(f"sqlite:///{folder}/bench.sqlite3", backup=False)
        seed_touchpoints(database)
        with database.transaction() as session:
            rows: list[Row] = [
                (tp.uid, tp.starts_at, tp.ends_at, tp.timezone, tp.calendar_summary,
                 description_of(tp, []), tp.created_at, tp.updated_at)
                for tp in session.scalars(select(Touchpoint))
            ]

        def cadence_export() -> None:
            with database.transaction() as session:
                export_ics(session, folder / "cadence.ics", now=NOW)

        report("export 10,000 touchpoints",
               *compare(cadence_export, lambda: bare_export(rows, folder / "bare.ics")))

        source = folder / "busy.ics"
        expected = write_import_calendar(source)

        def cadence_import() -> None:
            with database.transaction() as session:
                result = import_calendar(session, source, start=date(2026, 1, 1),
                                         end=date(2026, 12, 31), manager_zone="Europe/Berlin",
                                         now=NOW)
            assert result.blocks == expected, result.blocks

        assert bare_import(source) == expected
        report(f"import {expected:,} occurrences",
               *compare(cadence_import, lambda: bare_import(source)))
        silences = [longest_silence(database, source) for _ in range(RUNS)]
        # A cancel is raised where progress is told: this is how long Cancel may take.
        print(f"import: longest time without a progress report {statistics.median(silences):.3f} s")
        database.close()


def longest_silence(database: Database, source: Path) -> float:
    """The longest wall time between two progress reports of one import of ``source``."""
    told: list[float] = [time.perf_counter()]
    with database.transaction() as session:
        import_calendar(session, source, start=date(2026, 1, 1), end=date(2026, 12, 31),
                        manager_zone="Europe/Berlin", now=NOW,
                        progress=lambda _fraction, _step: told.append(time.perf_counter()))
    told.append(time.perf_counter())
    return max(b - a for a, b in itertools.pairwise(told))


def report(title: str, cadence: Figures, bare: Figures) -> None:
    print(f"{title}:")
    for name, figures in (("cadence", cadence), ("bare library", bare)):
        print(f"  {name:13} wall {figures.wall:6.2f} s  cpu {figures.cpu:6.2f} s  "
              f"peak {figures.peak_mib:5.0f} MiB")
    print(f"  ratio         wall {cadence.wall / bare.wall:6.2f} x  "
          f"cpu {cadence.cpu / bare.cpu:6.2f} x  peak {cadence.peak_mib / bare.peak_mib:5.2f} x")


if __name__ == "__main__":
    main()
