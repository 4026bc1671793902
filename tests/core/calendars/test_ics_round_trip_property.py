"""Property: whatever the zones and times, export then import gives back the same intervals."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from cadence.calendars.busy import list_busy
from cadence.calendars.ics_export import export_ics
from cadence.calendars.ics_import import import_calendar
from cadence.models import BusyBlock, Touchpoint
from cadence.storage.database import open_database
from tests.core.calendars.builders import NOW, add_stakeholder, add_touchpoint

# Zones with DST either way of the equator, half-hour offsets and none at all.
ZONES = ["Europe/Lisbon", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
         "America/St_Johns", "UTC"]
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)

touch = st.tuples(
    st.sampled_from(ZONES),
    # Quarter-hour steps across 2026, so DST changes (and their repeated hours) are hit.
    st.integers(min_value=0, max_value=365 * 24 * 4 - 1).map(lambda q: timedelta(minutes=15 * q)),
    st.integers(min_value=1, max_value=32).map(lambda q: timedelta(minutes=15 * q)),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(touch, min_size=1, max_size=6))
def test_export_then_import_returns_every_interval(
    touches: list[tuple[str, timedelta, timedelta]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/w.sqlite3", backup=False)
        try:
            with database.transaction() as session:
                session.execute(delete(Touchpoint))
                people = {z: add_stakeholder(session, f"P {z}", z) for z in ZONES}
                for zone_name, offset, length in touches:
                    add_touchpoint(session, people[zone_name], "coffee", YEAR_START + offset,
                                   minutes=length // timedelta(minutes=1))
                expected = sorted((tp.starts_at, tp.ends_at)
                                  for tp in session.scalars(select(Touchpoint)))
                export_ics(session, Path(folder) / "p.ics", now=NOW)
                session.execute(delete(BusyBlock))
                import_calendar(session, Path(folder) / "p.ics", start=date(2025, 12, 30),
                                end=date(2027, 1, 2), manager_zone="Europe/Berlin", now=NOW)
                found = sorted((b.starts_at, b.ends_at) for b in list_busy(session))
        finally:
            database.close()
    assert found == expected
