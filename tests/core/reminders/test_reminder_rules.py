"""The pure reminder rules: instants across DST, per-kind leads, commitments, the digest."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from cadence.reminders.rules import (
    CommitmentFacts,
    ManagerFacts,
    ReminderFacts,
    StakeholderFacts,
    TouchpointFacts,
    commitment_reminders,
    desired_reminders,
    digest_reminders,
    going_cold,
    touchpoint_reminder,
)

BERLIN = ManagerFacts(
    timezone="Europe/Berlin", work_days=(0, 1, 2, 3, 4), work_start=time(9, 0), lead_minutes=60
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def touch(starts_at: datetime, *, zone: str = "Europe/Berlin", prep: int = 5,
          kind_lead: int | None = None, touch_id: int = 1) -> TouchpointFacts:
    return TouchpointFacts(
        id=touch_id, stakeholder="Ingrid Bauer", title="Coffee check-in",
        prep_minutes=prep, channel="in-person", starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30), timezone=zone, kind_lead_minutes=kind_lead,
    )


def promise(due_on: date, created_at: datetime | None = None) -> CommitmentFacts:
    return CommitmentFacts(id=7, stakeholder="Ingrid Bauer", what="Send the runbook",
                           due_on=due_on, created_at=created_at or utc(2026, 10, 1))


def test_touchpoint_reminder_is_lead_before_the_stored_instant_on_both_sides_of_dst() -> None:
    # 10:00 in Berlin is 08:00 UTC on Friday 23 October (CEST) and 09:00 UTC on Monday 26 (CET).
    before = touchpoint_reminder(touch(utc(2026, 10, 23, 8)), BERLIN)
    after = touchpoint_reminder(touch(utc(2026, 10, 26, 9)), BERLIN)
    assert before.fire_at == utc(2026, 10, 23, 7)
    assert after.fire_at == utc(2026, 10, 26, 8)
    assert "Mon 26 Oct 10:00 (Europe/Berlin)" in after.body
    assert after.expires_at == utc(2026, 10, 26, 9, 30)


def test_a_touch_fixed_in_the_stakeholders_zone_does_not_move_when_the_manager_travels() -> None:
    # Friday 30 October 10:00 in New York (still EDT) is 14:00 UTC, whatever the manager's zone.
    new_york = touch(utc(2026, 10, 30, 14), zone="America/New_York")
    travelling = ManagerFacts(timezone="Asia/Tokyo", work_days=(0, 1, 2, 3, 4),
                              work_start=time(8, 0), lead_minutes=60)
    assert touchpoint_reminder(new_york, BERLIN).fire_at == utc(2026, 10, 30, 13)
    assert touchpoint_reminder(new_york, travelling).fire_at == utc(2026, 10, 30, 13)


def test_lead_is_lengthened_to_the_preparation_time_and_a_kinds_own_lead_wins() -> None:
    review = touch(utc(2026, 10, 26, 9), prep=120)
    hackathon = touch(utc(2026, 10, 26, 7), prep=30, kind_lead=24 * 60)
    call = touch(utc(2026, 10, 26, 9), prep=120, kind_lead=10)
    assert touchpoint_reminder(review, BERLIN).fire_at == utc(2026, 10, 26, 7)
    assert touchpoint_reminder(hackathon, BERLIN).fire_at == utc(2026, 10, 25, 7)
    assert touchpoint_reminder(hackathon, BERLIN).title.endswith("at 08:00 Mon 26 Oct")
    # The kind's own lead is what the manager chose, even when shorter than the preparation.
    assert touchpoint_reminder(call, BERLIN).fire_at == utc(2026, 10, 26, 8, 50)


def test_commitment_reminders_at_the_start_of_the_managers_working_day_across_dst() -> None:
    # Due Wednesday 28 October: 3 days before is Sunday 25, so Friday 23 (09:00 CEST = 07:00
    # UTC); 1 day before is Tuesday 27 (09:00 CET = 08:00 UTC); late on Thursday 29.
    reminders = commitment_reminders(promise(date(2026, 10, 28)), BERLIN)
    assert [(r.key, r.fire_at) for r in reminders] == [
        ("commitment:7:due-3d@2026-10-28", utc(2026, 10, 23, 7)),
        ("commitment:7:due-1d@2026-10-28", utc(2026, 10, 27, 8)),
        ("commitment:7:late@2026-10-28", utc(2026, 10, 29, 8)),
    ]
    # A missed 3-day reminder gives way to the 1-day one; the 1-day one lasts the due day.
    assert reminders[0].expires_at == reminders[1].fire_at
    assert reminders[1].expires_at == utc(2026, 10, 28, 23)


def test_reminders_that_fall_on_the_same_working_day_collapse_into_the_nearer_one() -> None:
    # Due Monday 2 November: 3 days before is Friday, 1 day before is Sunday, so also Friday.
    reminders = commitment_reminders(promise(date(2026, 11, 2)), BERLIN)
    assert [r.key for r in reminders] == [
        "commitment:7:due-1d@2026-11-02", "commitment:7:late@2026-11-02",
    ]
    assert reminders[0].fire_at == utc(2026, 10, 30, 8)
    assert reminders[0].title == "Promise to Ingrid Bauer due Mon 02 Nov: Send the runbook"
    assert reminders[1].title == "Promise to Ingrid Bauer late: Send the runbook"


def test_no_reminder_for_an_instant_before_the_promise_was_made() -> None:
    made_late = promise(date(2026, 10, 28), created_at=utc(2026, 10, 26, 12))
    keys = [r.key for r in commitment_reminders(made_late, BERLIN)]
    assert keys == ["commitment:7:due-1d@2026-10-28", "commitment:7:late@2026-10-28"]


def test_weekly_digest_on_the_first_working_day_with_counts_from_the_data() -> None:
    now = utc(2026, 10, 21, 12)
    facts = ReminderFacts(
        manager=BERLIN,
        commitments=[promise(date(2026, 10, 23)), promise(date(2026, 10, 20))],
        stakeholders=[
            StakeholderFacts(1, "Ingrid Bauer", utc(2026, 7, 1), 90, touch_planned=False),
            StakeholderFacts(2, "Lena Vogel", None, 90, touch_planned=False),
            StakeholderFacts(3, "Markus Stein", utc(2026, 7, 1), 90, touch_planned=True),
            StakeholderFacts(4, "Petra Lang", utc(2026, 10, 1), 90, touch_planned=False),
        ],
    )
    this_week, next_week = digest_reminders(facts, now)
    assert (this_week.key, this_week.fire_at) == ("digest:2026-W43", utc(2026, 10, 19, 7))
    assert (next_week.key, next_week.fire_at) == ("digest:2026-W44", utc(2026, 10, 26, 8))
    assert this_week.title == "Weekly plan: 2 relationships going cold, 1 promise due"
    assert "Going cold: Lena Vogel, Ingrid Bauer." in this_week.body
    assert "Already late: 1 promise." in this_week.body
    assert [p.name for p in going_cold(facts.stakeholders, now)] == ["Lena Vogel", "Ingrid Bauer"]


def test_desired_reminders_drop_expired_ones_and_keep_missed_relevant_ones() -> None:
    facts = ReminderFacts(
        manager=BERLIN,
        touchpoints=[touch(utc(2026, 10, 20, 9), touch_id=1),
                     touch(utc(2026, 10, 20, 12), touch_id=2)],
    )
    now = utc(2026, 10, 20, 11)  # the first touch ended, the second's reminder is due
    keys = [r.key for r in desired_reminders(facts, now)]
    assert "touchpoint:2@20261020T120000Z" in keys
    assert not any(k.startswith("touchpoint:1@") for k in keys)
    assert "digest:2026-W43" in keys  # Monday's digest is a day old: still relevant
    assert desired_reminders(facts, utc(2026, 10, 22, 12))[0].key == "digest:2026-W44"
