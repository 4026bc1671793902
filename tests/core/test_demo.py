"""The demo workspace comes from ``resources/demo/workspace.toml``; a broken file is named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cadence.demo import create_demo_workspace, workspace_is_empty
from cadence.errors import FileFormatError
from cadence.models import Commitment, Event, Stakeholder
from cadence.resources import resource_path
from cadence.settings import load_settings
from cadence.storage.database import Database
from cadence.timezones import zone
from tests.conftest import TODAY


def test_the_demo_is_the_file_plus_a_year_of_history(database: Database) -> None:
    with database.transaction() as session:
        assert create_demo_workspace(session, TODAY) == 25
    with database.transaction() as session:
        petra = session.scalars(select(Stakeholder).where(Stakeholder.name == "Petra Lang")).one()
        assert (petra.account.name, petra.account.tier, petra.timezone) == (
            "Northwind Logistics", 1, "Europe/Berlin")
        assert str(petra.budget) == "1/quarter"
        assert set(petra.channels) == {"in-person", "video"}
        assert petra.email == "petra@northwind.example"
        late = session.scalars(select(Commitment).where(
            Commitment.stakeholder_id == petra.id,
            Commitment.what == "Send the migration runbook")).all()
        assert any(c.due_on.toordinal() == TODAY.toordinal() - 4 for c in late)
        events = session.scalars(select(Event).order_by(Event.starts_at)).all()
        assert [(e.name, e.seats) for e in events] == [
            ("Applied AI Hackathon", 12), ("Cloud Cost Workshop", 6)]
        assert load_settings(session).weekly_capacity_hours == 14.0
        assert session.scalar(select(func.count()).select_from(Commitment)) > 2


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = resource_path("demo", "workspace.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "workspace.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "said"), [
    ('role = "CIO"\n', "", "account 1, stakeholder 1: 'role' is missing"),
    ("importance = 5", 'importance = "high"',
     "account 1, stakeholder 1: 'importance' should be a whole number, not 'high'"),
    ('budget = "3/quarter"', 'budget = "3 a quarter"',
     "account 1, stakeholder 1: budget: '3 a quarter' is not of the form N/period"),
    ('likes = ["business-review", "hackathon"]', 'likes = ["tennis"]',
     "account 1, stakeholder 1: likes: "),
    ('stakeholder = "Petra Lang"', 'stakeholder = "Petra Long"',
     "commitment 1: no stakeholder 'Petra Long' in the file"),
    ("seats = 12", "seats = -1", "event 1: seats: -1 seats is negative"),
    ("[manager]", "[manager\n", "workspace.toml: "),
])
def test_a_broken_demo_file_is_named_and_nothing_is_saved(
    database: Database, tmp_path: Path, old: str, new: str, said: str
) -> None:
    source = _broken(tmp_path, old, new)
    with pytest.raises(FileFormatError) as raised, database.transaction() as session:
        create_demo_workspace(session, TODAY, source)
    assert raised.value.path == str(source)
    assert said in str(raised.value)
    with database.transaction() as session:
        assert workspace_is_empty(session)
        assert session.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_demo_events_fall_in_the_working_week_whatever_the_day(database: Database) -> None:
    sunday = date(2026, 11, 22)  # +35 days is Sunday 27 December
    with database.transaction() as session:
        create_demo_workspace(session, sunday)
    with database.transaction() as session:
        zone_name = load_settings(session).timezone
        days = [e.starts_at.astimezone(zone(zone_name)).date()
                for e in session.scalars(select(Event).order_by(Event.starts_at))]
    assert days == [date(2026, 12, 28), date(2027, 1, 21)]
