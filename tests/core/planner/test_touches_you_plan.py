"""A touch the manager plans themselves: accepted at once, checked like a move, kept by the plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from planner_workspace import MONDAY, NOW, Workspace

from cadence.errors import ValidationError
from cadence.models import BusyBlock
from cadence.planner.service import save_plan
from cadence.timezones import local_to_utc
from cadence.touchpoints import (
    add_touchpoint,
    first_open_start,
    list_touchpoints,
    move,
    plannable_kinds,
)
from cadence.vocabulary import TouchpointStatus

WEDNESDAY = MONDAY + timedelta(days=2)


def at(hour: int, zone: str = "Europe/London", day: int = 2) -> datetime:
    return local_to_utc(MONDAY + timedelta(days=day), time(hour), zone)


def test_a_touch_you_plan_is_accepted_with_the_kinds_length_and_their_channel(
    workspace: Workspace,
) -> None:
    ada = workspace.person("Ada", channels=["video", "email"])
    touch = add_touchpoint(workspace.session, ada, kind_key="business-review", start=at(10),
                           now=NOW)
    assert touch.status is TouchpointStatus.ACCEPTED
    assert touch.ends_at - touch.starts_at == timedelta(minutes=60)
    assert touch.channel.value == "video"
    assert touch.timezone == "Europe/London"
    assert touch.planned_by_user
    assert touch.reasons == ["You planned this touch yourself."]

    # A phone check-in becomes a video call for someone who takes no calls, as the planner does.
    ben = workspace.person("Ben", channels=["video"])
    call = add_touchpoint(workspace.session, ben, kind_key="email-checkin", start=at(14),
                          now=NOW, channel="video")
    assert call.channel.value == "video"


def test_the_plan_keeps_a_touch_you_planned_and_plans_around_it(workspace: Workspace) -> None:
    ada = workspace.person("Ada", last_contact_days=100, min_gap=21)
    before = {t.stakeholder_id for t in workspace.plan(weeks=2).touchpoints}
    assert ada.id in before, "Ada is past her silence: the plan would touch her"

    mine = add_touchpoint(workspace.session, ada, kind_key="coffee", start=at(11), now=NOW)
    plan = workspace.plan(weeks=2)
    assert [t for t in plan.touchpoints if t.stakeholder_id == ada.id] == []
    save_plan(workspace.session, plan, NOW)
    assert mine.status is TouchpointStatus.ACCEPTED
    assert mine in list_touchpoints(workspace.session, statuses=[TouchpointStatus.ACCEPTED])


@pytest.mark.parametrize(("kind", "start", "channel", "field", "message"), [
    ("generic-social", at(10), None, "kind", "Ada dislikes Generic social"),
    ("hackathon", at(10), None, "kind", "invitations (Hackathon / co-innovation day invite) "
                                        "come from the plan"),
    ("coffee", at(10), None, "channel", "Coffee check-in is planned as in-person, which Ada "
                                        "does not accept (email, video)"),
    ("email-checkin", at(10), "phone", "channel", "Ada accepts email, video, not phone"),
    ("email-checkin", NOW - timedelta(hours=1), None, "start", "Sun 2030-03-03 17:00 "
                                                               "(Europe/London) is in the past"),
    ("email-checkin", at(7), None, "start", "Wed 2030-03-06 07:00 (Europe/London) is outside "
                                            "Ada's reachable hours (Mon–Fri 09:00–17:00 "
                                            "Europe/London)"),
    ("email-checkin", at(10, day=5), None, "start", "is outside Ada's reachable hours"),
    # Within her day but after the manager's (17:45 in Berlin).
    ("email-checkin", local_to_utc(WEDNESDAY, time(16, 45), "Europe/London"), None, "start",
     "Wed 2030-03-06 17:45 (Europe/Berlin) is outside your working hours (Mon–Fri "
     "09:00–17:30)"),
])
def test_a_touch_you_plan_is_refused_with_the_field_and_why(
    workspace: Workspace, kind: str, start: datetime, channel: str | None, field: str,
    message: str,
) -> None:
    ada = workspace.person("Ada", dislikes=["generic-social"], channels=["email", "video"])
    with pytest.raises(ValidationError) as caught:
        add_touchpoint(workspace.session, ada, kind_key=kind, start=start, now=NOW,
                       channel=channel)
    assert caught.value.field == field
    assert message in str(caught.value)
    assert list_touchpoints(workspace.session) == []


def test_you_cannot_double_book_yourself_by_adding_or_moving(workspace: Workspace) -> None:
    ada = workspace.person("Ada")
    ben = workspace.person("Ben", zone="Europe/Berlin")
    review = add_touchpoint(workspace.session, ada, kind_key="business-review", start=at(10),
                            now=NOW)
    with pytest.raises(ValidationError, match=r"overlaps your Business review with Ada at "
                                              r"11:00"):
        add_touchpoint(workspace.session, ben, kind_key="email-checkin",
                       start=at(11, "Europe/Berlin") + timedelta(minutes=30), now=NOW)
    call = add_touchpoint(workspace.session, ben, kind_key="email-checkin",
                          start=at(14, "Europe/Berlin"), now=NOW)
    with pytest.raises(ValidationError, match="overlaps your Business review with Ada"):
        move(workspace.session, call, review.starts_at, NOW)
    # Moving a touch within its own slot is no clash with itself.
    move(workspace.session, review, review.starts_at + timedelta(minutes=15), NOW)
    assert review.starts_at == at(10) + timedelta(minutes=15)


def test_you_cannot_book_a_touch_over_your_imported_busy_time(workspace: Workspace) -> None:
    ada = workspace.person("Ada")
    workspace.session.add_all([
        BusyBlock(source="work.ics", summary="Board meeting", starts_at=at(11),
                  ends_at=at(12)),
        BusyBlock(source="private.ics", starts_at=at(15), ends_at=at(16)),
    ])
    with pytest.raises(ValidationError, match=r"overlaps your busy “Board meeting” "
                                              r"\(11:00–12:00\)"):
        add_touchpoint(workspace.session, ada, kind_key="coffee",
                       start=at(10) + timedelta(minutes=45), now=NOW)
    call = add_touchpoint(workspace.session, ada, kind_key="email-checkin", start=at(14),
                          now=NOW)
    with pytest.raises(ValidationError, match=r"overlaps your busy time \(15:00–16:00\)"):
        move(workspace.session, call, at(15) + timedelta(minutes=30), NOW)
    assert call.starts_at == at(14)
    # Right after the meeting is free.
    move(workspace.session, call, at(12), NOW)
    assert call.starts_at == at(12)


def test_a_touch_you_plan_starts_at_the_first_time_that_suits_both_sides(
    workspace: Workspace,
) -> None:
    # Nia is in New York (09:00 there is 15:00 in Berlin); a call and a meeting fill 15:00-16:30.
    nia = workspace.person("Nia", zone="America/New_York")
    ada = workspace.person("Ada")
    monday_3pm = local_to_utc(MONDAY, time(15), "Europe/Berlin")
    add_touchpoint(workspace.session, ada, kind_key="business-review", start=monday_3pm,
                   now=NOW)
    workspace.session.add(BusyBlock(source="work.ics", starts_at=monday_3pm + timedelta(hours=1),
                                    ends_at=monday_3pm + timedelta(minutes=90)))
    first = first_open_start(workspace.session, nia, minutes=30, after=NOW)
    assert first == monday_3pm + timedelta(minutes=90)
    # Too long for what is left of Monday (until 17:30 in Berlin): Tuesday at 15:00.
    assert first_open_start(workspace.session, nia, minutes=75, after=NOW) == (
        monday_3pm + timedelta(days=1))
    assert first_open_start(workspace.session, nia, minutes=30, after=NOW, days=0) is None


def test_a_touch_on_a_public_holiday_of_either_side_is_refused_and_skipped(
    workspace: Workspace,
) -> None:
    nia = workspace.person("Nia", zone="America/New_York")
    liam = workspace.person("Liam")
    thanksgiving = local_to_utc(date(2030, 11, 28), time(10), "America/New_York")
    with pytest.raises(ValidationError, match=r"Thu 2030-11-28 10:00 \(America/New_York\) is "
                                              r"Thanksgiving Day, a public holiday for Nia"):
        add_touchpoint(workspace.session, nia, kind_key="email-checkin", start=thanksgiving,
                       now=NOW)
    # The manager works in Berlin, where 3 October is German Unity Day.
    unity_day = local_to_utc(date(2030, 10, 3), time(10), "Europe/London")
    with pytest.raises(ValidationError, match=r"Thu 2030-10-03 11:00 \(Europe/Berlin\) is "
                                              r"German Unity Day, a public holiday for you"):
        add_touchpoint(workspace.session, liam, kind_key="email-checkin", start=unity_day,
                       now=NOW)
    assert list_touchpoints(workspace.session) == []
    # Planning by hand starts on the next working day of both.
    assert first_open_start(workspace.session, nia, minutes=30, after=thanksgiving) == (
        local_to_utc(date(2030, 11, 29), time(9), "America/New_York"))
    assert first_open_start(workspace.session, liam, minutes=30, after=unity_day) == (
        local_to_utc(date(2030, 10, 4), time(9), "Europe/London"))


def test_a_touch_on_a_holiday_of_their_region_is_refused_and_one_of_none_is_not(
    workspace: Workspace,
) -> None:
    # Corpus Christi, Thursday 20 June 2030: a holiday in Bavaria, not in Berlin or Britain.
    corpus_christi = local_to_utc(date(2030, 6, 20), time(10), "Europe/Berlin")
    bavarian = workspace.person("Sepp", zone="Europe/Berlin", holidays="DE-BY")
    with pytest.raises(ValidationError, match=r"Thu 2030-06-20 10:00 \(Europe/Berlin\) is "
                                              r"Corpus Christi, a public holiday for Sepp"):
        add_touchpoint(workspace.session, bavarian, kind_key="email-checkin",
                       start=corpus_christi, now=NOW)
    workspace.holidays("DE-BY")
    liam = workspace.person("Liam")
    with pytest.raises(ValidationError, match=r"Corpus Christi, a public holiday for you"):
        add_touchpoint(workspace.session, liam, kind_key="email-checkin", start=corpus_christi,
                       now=NOW)
    # Nobody off on Christmas Day: it can be planned.
    workspace.holidays("none")
    christmas = local_to_utc(date(2030, 12, 25), time(10), "Europe/London")
    nobody = workspace.person("Noor", holidays="none")
    touch = add_touchpoint(workspace.session, nobody, kind_key="email-checkin",
                           start=christmas, now=NOW)
    assert touch.starts_at == christmas


def test_the_kinds_you_can_plan_with_someone_are_those_the_core_takes(
    workspace: Workspace,
) -> None:
    ada = workspace.person("Ada", channels=["video", "email"], dislikes=["lunch"])
    kinds = plannable_kinds(workspace.session, ada)
    assert kinds[0] == "email-checkin", "the lightest first"
    assert "coffee" not in kinds, "a visit, and Ada takes none"
    assert "lunch" not in kinds
    assert "hackathon" not in kinds, "invitations come from the plan"
    for key in kinds:
        add_touchpoint(workspace.session, ada, kind_key=key, start=at(9 + kinds.index(key)),
                       now=NOW)
