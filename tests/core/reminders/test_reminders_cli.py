"""``cadence reminders list|run`` in-process: due times, firing once, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from reminder_world import Workspace
from sqlalchemy import func, select

from cadence.cli import main
from cadence.models import Notification
from cadence.storage.database import Database


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def db_args(database: Database, workspace: Workspace) -> list[str]:
    """A workspace with a touch on Monday after the DST change and a promise due Wednesday."""
    ingrid = workspace.stakeholder()
    workspace.touchpoint(ingrid, utc(2026, 10, 26, 9))  # 10:00 in Berlin
    workspace.commitment(ingrid, date(2026, 10, 28))
    return ["--db", str(database.path)]


def test_list_shows_pending_reminders_with_due_times(
    db_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*db_args, "reminders", "list", "--now", "2026-10-24T12:00", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    due = {item["key"]: item["due_at"] for item in listed}
    assert due["touchpoint:1@20261026T090000Z"] == "2026-10-26T08:00:00+00:00"
    assert due["commitment:1:due-1d@2026-10-28"] == "2026-10-27T08:00:00+00:00"
    assert "commitment:1:due-3d@2026-10-28" in due  # Friday 09:00 was missed but still relevant
    assert [item["due_at"] for item in listed] == sorted(item["due_at"] for item in listed)

    assert main([*db_args, "reminders", "list", "--now", "2026-10-24T12:00"]) == 0
    table = capsys.readouterr().out
    assert "2026-10-26 09:00 Europe/Berlin" in table
    assert "2026-10-23 09:00 Europe/Berlin (missed)" in table


def test_run_twice_fires_each_reminder_once(
    db_args: list[str], database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*db_args, "reminders", "run", "--until", "2026-10-26T09:30+01:00"]) == 0
    first = capsys.readouterr().out
    assert "Coffee check-in with Ingrid Bauer at 10:00 Mon 26 Oct" in first
    # Friday's reminder was never shown and stays relevant until Tuesday's reminder.
    assert "Promise to Ingrid Bauer due Wed 28 Oct: Send the runbook" in first
    assert "Weekly plan:" in first
    assert "fired 3 reminders due by 2026-10-26 09:30 Europe/Berlin" in first

    assert main([*db_args, "reminders", "run", "--until", "2026-10-26T09:30+01:00"]) == 0
    assert "fired 0 reminders" in capsys.readouterr().out
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 3

    assert main([*db_args, "reminders", "run", "--until", "2026-10-27T09:00", "--json"]) == 0
    fired = json.loads(capsys.readouterr().out)
    assert [item["key"] for item in fired] == ["commitment:1:due-1d@2026-10-28"]
    assert fired[0]["due_at"] == "2026-10-27T08:00:00+00:00"


def test_a_bad_date_time_is_a_one_line_error_and_fires_nothing(
    db_args: list[str], database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*db_args, "reminders", "run", "--until", "next tuesday"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("cadence: error: until: 'next tuesday' is not YYYY-MM-DD or "
                           "YYYY-MM-DDTHH:MM")
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0
