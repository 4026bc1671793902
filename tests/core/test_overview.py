"""The stakeholder overview read model, the dashboard figures, and row snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.budget import Budget
from cadence.commitments import (
    add_commitment,
    mark_delivered,
    mark_dropped,
    move_due_date,
    on_time_rate,
)
from cadence.dashboard import account_figures, commitments_due, going_cold
from cadence.errors import ValidationError
from cadence.interactions import log_interaction
from cadence.models import BusyBlock, Interaction, Stakeholder, Touchpoint
from cadence.overview import stakeholder_summaries
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.snapshots import restore_stakeholder, snapshot_stakeholder
from cadence.stakeholders import StakeholderChanges, create_stakeholder, remove_stakeholder
from cadence.storage.database import Database, open_database
from cadence.touchpoints import complete
from cadence.vocabulary import Channel, Period, TouchpointStatus
from cadence.week_agenda import ItemKind, WeekTouches, week_items, week_touches

NOW = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)  # a Wednesday in Q2


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path / 'w.sqlite3'}", backup=False)
    yield db
    db.close()


def _person(session: Session, name: str, budget: Budget, zone: str = "UTC",
            silence: int = 30) -> Stakeholder:
    return create_stakeholder(session, StakeholderChanges(
        name=name, account="Acme", budget=budget, timezone=zone, min_gap_days=7,
        max_silence_days=silence))


def test_budget_counts_touches_in_each_persons_own_period(database: Database) -> None:
    with database.transaction() as session:
        quarterly = _person(session, "Quinn", Budget(3, Period.QUARTER))
        weekly = _person(session, "Wes", Budget(1, Period.WEEK), zone="Pacific/Auckland")
        for day in (date(2026, 3, 31), date(2026, 4, 2), date(2026, 5, 19)):
            log_interaction(session, quarterly, kind_key="coffee", now=NOW, when=day)
        # Monday 18 May 00:30 in Auckland is still Sunday in UTC: it counts for this week there.
        log_interaction(session, weekly, kind_key="coffee",
                        now=NOW, when=datetime(2026, 5, 17, 12, 30, tzinfo=UTC))
        log_interaction(session, weekly, kind_key="coffee",
                        now=NOW, when=datetime(2026, 5, 19, 9, 0, tzinfo=UTC))
    with database.transaction() as session:
        rows = {s.name: s for s in stakeholder_summaries(session, NOW, "UTC")}
    assert rows["Quinn"].budget_text == "2/3 this quarter"
    assert rows["Wes"].budget_text == "2/1 this week"
    assert rows["Wes"].over_budget
    assert not rows["Quinn"].over_budget


def test_last_quality_contact_ignores_poor_ratings(database: Database) -> None:
    with database.transaction() as session:
        person = _person(session, "Pat", Budget(3, Period.QUARTER), silence=10)
        log_interaction(session, person, kind_key="coffee", now=NOW, when=date(2026, 5, 1),
                        quality=4)
        log_interaction(session, person, kind_key="coffee", now=NOW, when=date(2026, 5, 15),
                        quality=1)
    with database.transaction() as session:
        (row,) = stakeholder_summaries(session, NOW, "UTC")
    assert row.days_since_quality == 18
    assert row.silence_overdue
    assert row.coldness == pytest.approx(1.8)


def test_commitment_counts_match_the_core_on_time_rate(database: Database) -> None:
    today = NOW.date()
    with database.transaction() as session:
        person = _person(session, "Cam", Budget(3, Period.QUARTER))
        kept = add_commitment(session, person, what="a", due_on=today - timedelta(days=9))
        mark_delivered(kept, today - timedelta(days=10), today)
        late = add_commitment(session, person, what="b", due_on=today - timedelta(days=9))
        mark_delivered(late, today - timedelta(days=1), today)
        dropped = add_commitment(session, person, what="c", due_on=today + timedelta(days=9))
        mark_dropped(dropped)
        add_commitment(session, person, what="d", due_on=today - timedelta(days=2))
        add_commitment(session, person, what="e", due_on=today + timedelta(days=3))
        # Moved after its date passed: missed, though no longer late.
        slipped = add_commitment(session, person, what="f", due_on=today - timedelta(days=4))
        move_due_date(slipped, today + timedelta(days=20), today)
        # Moved in good time and kept: on time.
        moved = add_commitment(session, person, what="g", due_on=today - timedelta(days=8))
        move_due_date(moved, today - timedelta(days=3), today - timedelta(days=9))
        mark_delivered(moved, today - timedelta(days=4), today)
        expected = on_time_rate(person.commitments, today)
    with database.transaction() as session:
        (row,) = stakeholder_summaries(session, NOW, "UTC")
        soon, overdue = commitments_due(session, today)
    assert row.on_time == expected
    assert (row.on_time.on_time, row.on_time.due) == (2, 6)
    assert (row.open_commitments, row.late_commitments) == (3, 1)
    assert [c.what for c in soon] == ["e"]
    assert [(c.what, c.days_left) for c in overdue] == [("d", -2)]


def test_next_touch_prefers_accepted_and_planned_counts(database: Database) -> None:
    with database.transaction() as session:
        person = _person(session, "Ada", Budget(3, Period.QUARTER))
        for days, status in ((2, TouchpointStatus.SUGGESTED), (5, TouchpointStatus.ACCEPTED)):
            start = NOW + timedelta(days=days)
            session.add(Touchpoint(stakeholder=person, kind_id=1, channel="video",
                                   starts_at=start, ends_at=start + timedelta(minutes=30),
                                   status=status))
    with database.transaction() as session:
        (row,) = stakeholder_summaries(session, NOW, "UTC")
    assert row.next_accepted_at == NOW + timedelta(days=5)
    assert row.next_suggested_at == NOW + timedelta(days=2)
    assert row.next_touch_at == row.next_accepted_at
    assert row.planned_this_period == 1


def test_summaries_for_some_ids_and_dashboard_groups(database: Database) -> None:
    with database.transaction() as session:
        a = _person(session, "A", Budget(2, Period.MONTH), silence=12)
        b = _person(session, "B", Budget(1, Period.QUARTER), silence=100)
        log_interaction(session, a, kind_key="coffee", now=NOW, when=date(2026, 5, 10))
        log_interaction(session, b, kind_key="coffee", now=NOW, when=date(2026, 5, 10))
        ids = (a.id, b.id)
    with database.transaction() as session:
        only = stakeholder_summaries(session, NOW, "UTC", [ids[1]])
        every = stakeholder_summaries(session, NOW, "UTC")
    assert [s.name for s in only] == ["B"]
    (acme,) = account_figures(every)
    assert (acme.account, acme.logged, acme.budget) == ("Acme", 2, 3)
    # Both were last heard 9 days ago: 9 of A's 12 days is cold, 9 of B's 100 is not.
    assert [(s.name, s.coldness) for s in going_cold(every)] == [("A", 0.75)]


def test_snapshot_restores_a_removed_stakeholder_exactly(database: Database) -> None:
    with database.transaction() as session:
        person = create_stakeholder(session, StakeholderChanges(
            name="Rae", account="Acme", likes=["coffee"], dislikes=["lunch"],
            interests=["ai"]))
        log_interaction(session, person, kind_key="coffee", now=NOW, when=date(2026, 5, 1),
                        notes="hi")
        add_commitment(session, person, what="deck", due_on=date(2026, 6, 1))
        pid = person.id
        snapshot = snapshot_stakeholder(session, pid, whole=True)
        remove_stakeholder(session, person)
    with database.transaction() as session:
        restore_stakeholder(session, snapshot)
    with database.transaction() as session:
        back = session.get(Stakeholder, pid)
        assert back is not None
        assert [k.key for k in back.likes] == ["coffee"]
        assert [k.key for k in back.dislikes] == ["lunch"]
        assert [i.notes for i in back.interactions] == ["hi"]
        assert [c.what for c in back.commitments] == ["deck"]
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1


def test_settings_changes_are_validated_whole(database: Database) -> None:
    good = SettingsChanges(name="Alex", timezone="Europe/Paris", work_days=[0, 1, 2],
                           work_hours=(time(8), time(16)), weekly_capacity_hours=5,
                           alarm_off=True, reminder_lead_minutes=30, subscription_path="")
    with database.transaction() as session:
        settings = load_settings(session)
        with pytest.raises(ValidationError) as err:
            apply_settings(settings, SettingsChanges(
                timezone="Europe/Paris", work_hours=(time(17), time(16))))
        assert err.value.field == "work_hours"
        assert settings.work_start == time(9)
        assert settings.timezone != "Europe/Paris"
        apply_settings(settings, good)
    with database.transaction() as session:
        assert load_settings(session).timezone == "Europe/Paris"
        assert load_settings(session).alarm_minutes is None


def test_a_weeks_touches_count_as_the_weekly_touch_limit_does(database: Database) -> None:
    monday = datetime(2026, 5, 18, tzinfo=UTC)
    with database.transaction() as session:
        apply_settings(load_settings(session), SettingsChanges(weekly_touch_limit=2))
        person = _person(session, "Bo", Budget(9, Period.QUARTER))
        log_interaction(session, person, kind_key="coffee", now=NOW, when=monday)
        log_interaction(session, person, kind_key="coffee", now=NOW,
                        when=monday - timedelta(minutes=1))  # the Sunday before
        touches = {}
        for hour, status in enumerate(TouchpointStatus, 11):
            touches[status] = Touchpoint(
                stakeholder=person, kind_id=1, channel=Channel.VIDEO, status=status,
                starts_at=monday + timedelta(hours=hour),
                ends_at=monday + timedelta(hours=hour, minutes=30))
            session.add(touches[status])
        session.flush()
        # Done: its logged interaction and the touchpoint count once.
        touches[TouchpointStatus.DONE].status = TouchpointStatus.ACCEPTED
        complete(session, touches[TouchpointStatus.DONE], None, NOW)
    with database.transaction() as session:
        week = week_touches(session, monday, monday + timedelta(days=7))
    # The interaction on Monday, the accepted and the done touchpoint; the suggestion apart;
    # the dismissed and snoozed ones not at all.
    assert week == WeekTouches(made=3, suggested=1, limit=2)
    assert week.total == 4


def test_a_weeks_touches_read_well() -> None:
    assert WeekTouches(made=1, suggested=0, limit=None).summary() == "1 touch"
    assert WeekTouches(made=0, suggested=0, limit=None).summary() == "0 touches"
    assert WeekTouches(made=0, suggested=7, limit=None).summary() == "7 suggested touches"
    assert (WeekTouches(made=3, suggested=2, limit=10).summary()
            == "5 touches (2 suggested) of your 10 a week")
    assert (WeekTouches(made=4, suggested=0, limit=3).summary()
            == "4 touches of your 3 a week: 1 over")


def test_week_items_put_busy_times_beside_accepted_and_suggested_touches(
    database: Database,
) -> None:
    start = datetime(2026, 5, 18, tzinfo=UTC)
    with database.transaction() as session:
        person = _person(session, "Bo", Budget(3, Period.QUARTER))
        session.add(BusyBlock(source="work.ics", starts_at=start + timedelta(hours=9),
                              ends_at=start + timedelta(hours=10), summary="Stand-up"))
        for hour, status in enumerate(TouchpointStatus, 11):
            session.add(Touchpoint(stakeholder=person, kind_id=1, channel="video",
                                   starts_at=start + timedelta(hours=hour),
                                   ends_at=start + timedelta(hours=hour, minutes=30),
                                   status=status))
        session.add(BusyBlock(source="work.ics", starts_at=start + timedelta(days=8),
                              ends_at=start + timedelta(days=8, hours=1), summary="Later"))
    with database.transaction() as session:
        items = week_items(session, start, start + timedelta(days=7))
    # Dismissed and snoozed suggestions are not in the week.
    assert [(i.kind, i.title.split(" · ")[0], i.detail.split(";")[0]) for i in items] == [
        (ItemKind.BUSY, "Stand-up", "work.ics"), (ItemKind.SUGGESTION, "Bo", "suggested"),
        (ItemKind.TOUCH, "Bo", "accepted"), (ItemKind.TOUCH, "✓ Bo", "done")]
