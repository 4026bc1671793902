"""The hard-rule checker itself: it must catch each kind of broken plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cadence.catalogue import DEFAULT_KINDS
from cadence.planner.candidates import Horizon
from cadence.planner.plan import PlannedTouch
from cadence.planner.rules import violations
from cadence.planner.scoring import OVERREACH_PENALTY, SCALE, overreach_penalty
from cadence.planner.snapshot import (
    EventOffer,
    Interval,
    Kind,
    Manager,
    PastTouch,
    Person,
    Snapshot,
)
from cadence.vocabulary import Period

NOW = datetime(2030, 3, 3, 18, 0, tzinfo=UTC)
START = date(2030, 3, 4)
KINDS = tuple(Kind(k.key, k.name, k.value, k.pressure, k.duration_minutes, k.prep_minutes,
                   k.channel.value, k.purpose) for k in DEFAULT_KINDS)
ADA = Person(
    id=1, name="Ada", account="Acme", tier=1, zone="UTC", importance=3, budget_max=1,
    budget_period=Period.MONTH, min_gap_days=7, max_silence_days=60,
    channels=("email", "video"), reachable_days=frozenset(range(5)),
    reachable_start=time(9), reachable_end=time(17), dislikes=frozenset({"lunch"}),
    interests=frozenset({"ai"}), touches=(PastTouch(NOW - timedelta(days=40), "coffee"),),
)
BEN = replace(ADA, id=2, name="Ben", touches=())
MANAGER = Manager("UTC", frozenset(range(5)), time(9), time(17), weekly_capacity_hours=2.0)
EVENT = EventOffer(7, "Data day", NOW + timedelta(days=20), "hackathon", 1, frozenset({"data"}),
                   14)
SNAPSHOT = Snapshot(NOW, MANAGER, KINDS, (ADA, BEN), events=(EVENT,),
                    busy=(Interval(NOW + timedelta(hours=15), NOW + timedelta(hours=17)),))
HORIZON = Horizon.build(START, 2, "UTC", NOW)


def touch(hour: int, day: int = 0, kind: str = "email-checkin", channel: str = "email",
          minutes: int = 5, event_id: int | None = None) -> PlannedTouch:
    start = datetime.combine(START + timedelta(days=day), time(hour), tzinfo=UTC)
    return PlannedTouch(1, "Ada", kind, kind, channel, start, start + timedelta(minutes=minutes),
                        "UTC", 1.0, ("why",), event_id, None)


def broken(*touches: PlannedTouch) -> list[str]:
    return [text for _, text in violations(SNAPSHOT, HORIZON, list(touches))]


def test_a_good_touch_passes() -> None:
    assert broken(touch(10, day=1)) == []


def test_each_broken_rule_is_named() -> None:
    assert any("dislikes" in t for t in broken(touch(13, 1, "lunch", "email", 75)))
    assert any("does not accept" in t for t in broken(touch(10, 1, channel="phone")))
    assert any("reachable or working" in t for t in broken(touch(18, 1)))
    assert any("busy" in t for t in broken(touch(9)))  # 9:00-9:05 Monday is blocked
    assert any("budget" in t for t in broken(touch(10, 1), touch(10, 9)))
    assert any("less than 7 days" in t for t in broken(touch(10, 1), touch(10, 3)))
    assert any("over capacity" in t
               for t in broken(touch(10, 1, "business-review", "video", 60)))
    assert any("interests" in t for t in broken(touch(10, 1, event_id=7, minutes=15)))
    assert any("overlaps another" in t for t in broken(
        touch(10, 1, minutes=30), PlannedTouch(2, "Ben", "email-checkin", "Check-in", "email",
                                               *_slot(1, 10, 15), "UTC", 1.0, (), None, None)))


def test_touches_beyond_the_weekly_touch_limit_are_named_latest_first() -> None:
    # A touch logged with Cy on Monday counts towards the first week's limit of two.
    cy = replace(ADA, id=3, name="Cy", touches=(PastTouch(NOW + timedelta(hours=16), "call"),))
    limited = replace(SNAPSHOT, people=(ADA, BEN, cy),
                      manager=replace(MANAGER, weekly_touch_limit=2))
    plan = [touch(10, 1), PlannedTouch(2, "Ben", "email-checkin", "Check-in", "email",
                                        *_slot(2, 10, 5), "UTC", 1.0, (), None, None)]

    found = violations(limited, HORIZON, plan)

    assert found == [(1, "week 1 over the limit of 2 touches")]
    assert violations(replace(limited, people=(ADA, BEN)), HORIZON, plan) == []


def test_a_touch_while_a_suggestion_is_snoozed_is_named() -> None:
    quiet = replace(ADA, quiet_until=datetime.combine(START + timedelta(days=2), time(0), UTC))
    snapshot = replace(SNAPSHOT, people=(quiet, BEN))

    found = [text for _, text in violations(snapshot, HORIZON, [touch(10, 1)])]

    assert found == ["a suggestion with Ada is snoozed until then"]
    assert violations(snapshot, HORIZON, [touch(10, 2)]) == []


def test_the_minimum_gap_is_measured_in_real_time_across_a_dst_change() -> None:
    chicago = replace(ADA, zone="America/Chicago", min_gap_days=21, touches=())
    snapshot = replace(SNAPSHOT, people=(chicago,))
    horizon = Horizon.build(date(2027, 10, 25), 6, "UTC", datetime(2027, 10, 24, tzinfo=UTC))
    local = ZoneInfo("America/Chicago")

    def at(instant: datetime) -> PlannedTouch:
        # 10:15 CDT, then 9:30 CST three weeks later: 21 days and 15 minutes in real time,
        # 45 minutes short of 21 days on the wall clock
        start = instant.astimezone(local)
        return PlannedTouch(1, "Ada", "email-checkin", "Check-in", "email", start,
                            start + timedelta(minutes=5), "America/Chicago", 1.0, (), None, None)

    first = datetime(2027, 11, 1, 15, 15, tzinfo=UTC)
    kept = [at(first), at(first + timedelta(days=21, minutes=15))]
    too_soon = [at(first), at(first + timedelta(days=20, hours=23))]

    assert not [t for _, t in violations(snapshot, horizon, kept) if "days from" in t]
    assert [t for _, t in violations(snapshot, horizon, too_soon) if "days from" in t]


def _slot(day: int, hour: int, minute: int) -> tuple[datetime, datetime]:
    start = datetime.combine(START + timedelta(days=day), time(hour, minute), tzinfo=UTC)
    return start, start + timedelta(minutes=10)


def test_overreach_is_charged_only_beyond_budget_or_gap() -> None:
    first = datetime.combine(START + timedelta(days=1), time(10), tzinfo=UTC)
    # Ada: one touch a month, seven days apart at least; her last touch was 40 days ago.
    assert overreach_penalty((ADA,), [(0, first)]) == 0
    too_soon = overreach_penalty((ADA,), [(0, first), (0, first + timedelta(days=3))])
    over_budget = overreach_penalty((ADA,), [(0, first), (0, first + timedelta(days=10))])
    assert too_soon == over_budget == round(OVERREACH_PENALTY * SCALE)


def test_a_touch_in_the_hour_repeated_when_clocks_go_back_passes() -> None:
    # Sunday 27 Oct 2030, Berlin: 02:45 summer time, then 30 minutes on it is 02:15 winter time.
    berlin = ZoneInfo("Europe/Berlin")
    night_owl = replace(ADA, zone="Europe/Berlin", reachable_days=frozenset(range(7)),
                        reachable_start=time(0), reachable_end=time(23, 59), touches=())
    manager = Manager("Europe/Berlin", frozenset(range(7)), time(0), time(23, 59),
                      weekly_capacity_hours=10.0)
    snapshot = Snapshot(NOW, manager, KINDS, (night_owl,))
    horizon = Horizon.build(date(2030, 10, 21), 1, "Europe/Berlin", NOW)
    start = datetime(2030, 10, 27, 0, 45, tzinfo=UTC).astimezone(berlin)
    end = (start.astimezone(UTC) + timedelta(minutes=30)).astimezone(berlin)
    assert (start.hour, start.minute, end.hour, end.minute) == (2, 45, 2, 15)
    touch = PlannedTouch(1, "Ada", "coffee", "Coffee", "video", start, end, "Europe/Berlin",
                         1.0, ("why",), None, None)
    assert violations(snapshot, horizon, [touch]) == []
