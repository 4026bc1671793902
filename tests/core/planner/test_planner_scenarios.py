"""The planner's behaviour in the situations the domain describes."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from planner_workspace import MONDAY, NOW, Workspace

from cadence.catalogue import DEFAULT_KINDS
from cadence.commitments import move_due_date
from cadence.interactions import log_interaction
from cadence.planner.plan import Plan
from cadence.timezones import local_to_utc, zone
from cadence.touchpoints import add_touchpoint
from cadence.vocabulary import KindPurpose

LIGHT_KINDS = {"coffee", "email-checkin"}
PREP = {k.key: k.prep_minutes for k in DEFAULT_KINDS}


def touches_of(plan: Plan, name: str) -> list[str]:
    return [t.kind for t in plan.touchpoints if t.stakeholder == name]


def test_hackathon_seat_not_tennis_for_who_dislikes_tennis(workspace: Workspace) -> None:
    workspace.person("Ada", dislikes=["generic-social"], likes=["hackathon"],
                     interests=["ai"], last_contact_days=70)
    hackathon = workspace.event("AI Hackathon", day=MONDAY + timedelta(days=35), seats=5,
                                topics=["ai", "data"])

    plan = workspace.plan(weeks=4)

    ada = [t for t in plan.touchpoints if t.stakeholder == "Ada"]
    assert any(t.event_id == hackathon.id and t.kind == "hackathon" for t in ada)
    assert "generic-social" not in touches_of(plan, "Ada")
    invite = next(t for t in ada if t.event_id == hackathon.id)
    assert invite.start <= hackathon.starts_at - timedelta(days=14)
    assert any("AI Hackathon" in reason and "ai" in reason for reason in invite.reasons)


def test_stakeholder_touched_last_week_gets_nothing_new(workspace: Workspace) -> None:
    workspace.person("Recent", last_contact_days=7)
    workspace.person("Overdue", last_contact_days=120)

    plan = workspace.plan(weeks=3)

    assert touches_of(plan, "Recent") == []
    assert len(touches_of(plan, "Overdue")) == 1


def test_edge_of_max_silence_gets_a_light_touch_before_it_runs_out(workspace: Workspace) -> None:
    workspace.capacity(1.0)  # no room for a business review with its preparation
    edge = workspace.person("Edge", importance=1, max_silence=90, last_contact_days=85)

    plan = workspace.plan(weeks=2)

    touches = [t for t in plan.touchpoints if t.stakeholder == "Edge"]
    assert len(touches) == 1
    assert touches[0].kind in LIGHT_KINDS
    deadline = NOW - timedelta(days=85) + timedelta(days=edge.max_silence_days)
    assert touches[0].start <= deadline
    assert any("maximum silence" in reason for reason in touches[0].reasons)


def test_reasons_read_well(workspace: Workspace) -> None:
    workspace.person("Lapsed", budget="1/quarter", max_silence=60, last_contact_days=80,
                     channels=["email"], likes=["email-checkin"])

    plan = workspace.plan(weeks=2)

    (touch,) = [t for t in plan.touchpoints if t.stakeholder == "Lapsed"]
    ran_out = (NOW - timedelta(days=20)).astimezone(zone("Europe/London")).date()
    assert f"Their maximum silence of 60 days ran out on {ran_out}." in touch.reasons[0]
    assert any(r.startswith("Budget: 0 of 1 touch this quarter") for r in touch.reasons)
    assert "Lapsed likes short email / IM check-in." in touch.reasons


def test_commitment_due_friday_gets_a_status_update_before_it(workspace: Workspace) -> None:
    client = workspace.person("Client", last_contact_days=20)
    friday = MONDAY + timedelta(days=11)
    assert friday.weekday() == 4
    promise = workspace.promise(client, "Migration plan", friday)

    plan = workspace.plan(weeks=3)

    updates = [t for t in plan.touchpoints if t.commitment_id == promise.id]
    assert len(updates) == 1
    assert updates[0].kind == "status-update"
    assert updates[0].end <= local_to_utc(friday, NOW.time().replace(hour=0), client.timezone)
    assert any("Migration plan" in reason for reason in updates[0].reasons)
    assert not [w for w in plan.warnings if "No status update" in w]


def test_a_promise_moved_to_a_later_date_gets_its_update_before_the_new_date(
    workspace: Workspace,
) -> None:
    client = workspace.person("Client", last_contact_days=20)
    promise = workspace.promise(client, "Migration plan", MONDAY + timedelta(days=2))
    later = MONDAY + timedelta(days=16)
    move_due_date(promise, later, MONDAY - timedelta(days=1), "their test system is down")

    plan = workspace.plan(weeks=3)

    (update,) = [t for t in plan.touchpoints if t.commitment_id == promise.id]
    assert MONDAY + timedelta(days=7) <= update.start.date() < later
    assert (f"Commitment “Migration plan” is due {later} (first promised for "
            f"{MONDAY + timedelta(days=2)}): a status update before then makes progress "
            "visible." in update.reasons)


def test_an_overdue_stakeholder_with_a_promise_due_gets_the_update_not_an_earlier_check_in(
    workspace: Workspace,
) -> None:
    # Past their maximum silence, and a promise due in the third week: a check-in now would
    # rule out the update by the gap; keeping the promise visible is worth a week's wait.
    client = workspace.person("Client", max_silence=75, min_gap=30, last_contact_days=94)
    promise = workspace.promise(client, "Cost analysis", MONDAY + timedelta(days=15))

    plan = workspace.plan(weeks=4)

    first = next(t for t in plan.touchpoints if t.stakeholder == "Client")
    assert first.commitment_id == promise.id
    assert not [w for w in plan.warnings if "No status update" in w]
    (silence,) = [w for w in plan.warnings if "maximum silence" in w]
    # The day it ran out, as the touch's own reasons give it (not the end of the week's grace).
    ran_out = (NOW - timedelta(days=94 - 75)).astimezone(zone("Europe/London")).date()
    assert any(f"Their maximum silence of 75 days ran out on {ran_out}." in reason
               for reason in first.reasons)
    assert silence == (
        f"Client's maximum silence of 75 days ran out on {ran_out}, and the plan has no touch "
        f"with them in its first week: their next touch, on {first.start.date()}, waits to "
        "carry the update on “Cost analysis”.")


def test_a_late_promise_gets_a_status_update_first_thing(workspace: Workspace) -> None:
    client = workspace.person("Client", last_contact_days=20)
    due = MONDAY - timedelta(days=6)
    promise = workspace.promise(client, "Pilot results", due)

    plan = workspace.plan(weeks=3)

    (update,) = [t for t in plan.touchpoints if t.commitment_id == promise.id]
    assert update.kind == "status-update"
    assert update.start.date() < MONDAY + timedelta(days=7)
    assert (f"Commitment “Pilot results” was due {due} and is still open: tell them where it "
            "stands before they have to ask." in update.reasons)
    assert not [w for w in plan.warnings if "Pilot results" in w]


def test_a_late_promise_no_update_fits_for_is_flagged(workspace: Workspace) -> None:
    # The last contact came just before the due date; the gap then rules out a word soon.
    client = workspace.person("Client", last_contact_days=5, min_gap=20)
    due = MONDAY - timedelta(days=3)
    workspace.promise(client, "Pilot results", due)

    plan = workspace.plan(weeks=3)

    (warning,) = [w for w in plan.warnings if "Pilot results" in w]
    assert warning.startswith(f"Client's promise \"Pilot results\" was due {due} and is "
                              "still open, and no status update fits in the coming days: ")
    assert warning.endswith("deliver it, tell them another way, or set a new date.")


def test_a_stakeholder_reached_only_by_email_gets_the_update_by_email(
    workspace: Workspace,
) -> None:
    client = workspace.person("Client", channels=["email"], last_contact_days=20)
    promise = workspace.promise(client, "Migration plan", MONDAY + timedelta(days=9))

    plan = workspace.plan(weeks=3)

    (update,) = [t for t in plan.touchpoints if t.commitment_id == promise.id]
    assert (update.kind, update.channel) == ("status-update", "email")


def test_an_invitation_in_the_days_before_a_promise_carries_the_update(
    workspace: Workspace,
) -> None:
    # A month's gap leaves room for one touch: the invitation, sent in the ten days before
    # the promise is due, makes it visible too.
    client = workspace.person("Client", min_gap=30, interests=["ai"], last_contact_days=40)
    due = MONDAY + timedelta(days=11)
    promise = workspace.promise(client, "Migration plan", due)
    event = workspace.event("AI Hackathon", day=MONDAY + timedelta(days=24), seats=5,
                            topics=["ai"])

    plan = workspace.plan(weeks=4)

    (touch,) = [t for t in plan.touchpoints if t.stakeholder == "Client"]
    assert (touch.event_id, touch.commitment_id) == (event.id, promise.id)
    assert touch.title == "Invite to AI Hackathon + update: Migration plan"
    assert due - timedelta(days=10) <= touch.start.date() < due
    assert (f"Commitment “Migration plan” is due {due}: this touch also carries a status "
            "update on it." in touch.reasons)
    assert not [w for w in plan.warnings if "Migration plan" in w]


def test_a_contact_already_in_the_days_before_a_promise_carries_the_update(
    workspace: Workspace,
) -> None:
    client = workspace.person("Client", min_gap=7, last_contact_days=3)
    workspace.promise(client, "Migration plan", MONDAY + timedelta(days=4))

    plan = workspace.plan(weeks=2)

    assert [t for t in plan.touchpoints if t.stakeholder == "Client"] == []
    assert not [w for w in plan.warnings if "Migration plan" in w]


def test_a_promise_the_gap_leaves_no_update_for_is_flagged(workspace: Workspace) -> None:
    client = workspace.person("Client", last_contact_days=2, min_gap=20)
    promise_day = MONDAY + timedelta(days=8)
    workspace.promise(client, "Migration plan", promise_day)

    plan = workspace.plan(weeks=3)

    assert not [t for t in plan.touchpoints if t.start.date() < promise_day]
    flagged = [w for w in plan.warnings if "No status update" in w]
    assert len(flagged) == 1
    assert "Client" in flagged[0]
    assert "Migration plan" in flagged[0]


def test_ten_seats_go_to_the_ten_most_valuable_of_twelve(workspace: Workspace) -> None:
    workspace.capacity(20.0)
    importance = {f"P{i:02d}": 5 - i // 3 for i in range(12)}  # 5,5,5,4,4,4,3,3,3,2,1,1
    importance["P10"] = importance["P11"] = 1
    for name, level in importance.items():
        workspace.person(name, importance=level, interests=["ai"], last_contact_days=30)
    event = workspace.event("Hackathon", day=MONDAY + timedelta(days=30), seats=10,
                            topics=["ai"])

    plan = workspace.plan(weeks=3)

    invited = {t.stakeholder for t in plan.touchpoints if t.event_id == event.id}
    assert len(invited) == 10
    assert invited == set(sorted(importance, key=lambda n: -importance[n])[:10])


def test_a_weekly_touch_limit_keeps_the_most_valuable_touches(workspace: Workspace) -> None:
    workspace.capacity(20.0)
    workspace.touch_limit(2)
    for rank, name in enumerate(["Ann", "Ben", "Cem", "Dev", "Eva"]):
        workspace.person(name, importance=5 - rank, max_silence=90, last_contact_days=120)

    plan = workspace.plan(weeks=2)

    second_week = local_to_utc(MONDAY + timedelta(days=7), time(0), "Europe/Berlin")
    first = sorted(t.stakeholder for t in plan.touchpoints if t.start < second_week)
    assert first == ["Ann", "Ben"]
    assert len(plan.touchpoints) == 4
    for name in ("Cem", "Dev", "Eva"):
        (warning,) = [w for w in plan.warnings if w.startswith(f"{name}'s")]
        assert ("the manager's limit of 2 touches a week went to touches worth at least as "
                "much before then") in warning


def test_touches_already_made_in_a_week_count_towards_its_limit(workspace: Workspace) -> None:
    workspace.capacity(20.0)
    workspace.touch_limit(2)
    for name in ("Ann", "Ben", "Cem"):
        workspace.person(name, max_silence=90, last_contact_days=120)
    zed = workspace.person("Zed", last_contact_days=None)
    wednesday = NOW + timedelta(days=3)
    log_interaction(workspace.session, zed, kind_key="coffee", now=wednesday,
                    when=NOW + timedelta(days=2))  # Tuesday of the planned week

    plan = workspace.plan(weeks=1, now=wednesday)

    assert len(plan.touchpoints) == 1


def test_weeks_the_logged_and_accepted_touches_fill_are_left_alone_and_say_why(
    workspace: Workspace,
) -> None:
    workspace.capacity(20.0)
    workspace.touch_limit(2)
    wednesday = NOW + timedelta(days=3)
    # Her silence runs out on Friday of the second week.
    ann = workspace.person("Ann", max_silence=90, last_contact_days=78)
    others = [workspace.person(name, last_contact_days=None) for name in ("Ben", "Cem", "Dev")]
    for person in others:  # three touches logged on Tuesday of the first week
        log_interaction(workspace.session, person, kind_key="coffee", now=wednesday,
                        when=NOW + timedelta(days=2))
    for day, person in ((8, others[0]), (9, others[1])):  # two accepted in the second week
        add_touchpoint(workspace.session, person, kind_key="email-checkin", now=wednesday,
                       start=local_to_utc(MONDAY + timedelta(days=day), time(10),
                                          "Europe/London"))

    plan = workspace.plan(weeks=3, now=wednesday)

    third_week = local_to_utc(MONDAY + timedelta(days=14), time(0), "Europe/Berlin")
    assert [t.start >= third_week for t in plan.touchpoints if t.stakeholder == "Ann"] == [True]
    assert ("The week of 2030-03-04 already has 3 touches logged or accepted, over your limit "
            "of 2 a week, so nothing more is planned in it.") in plan.warnings
    (warning,) = [w for w in plan.warnings if w.startswith(f"The plan cannot keep within "
                                                            f"{ann.name}'s")]
    assert ("the manager's limit of 2 touches a week is already taken by touches logged or "
            "accepted before then") in warning


def test_a_limit_of_no_touches_plans_none_and_says_so(workspace: Workspace) -> None:
    workspace.touch_limit(0)
    workspace.person("Ann", max_silence=90, last_contact_days=120)

    plan = workspace.plan(weeks=2)

    assert plan.touchpoints == ()
    assert plan.warnings[0].startswith("Your weekly touch limit is 0, so nothing is planned")
    assert "the manager's limit of 0 touches a week allows none before then" in plan.warnings[1]


def test_touch_respects_stakeholder_and_manager_hours(workspace: Workspace) -> None:
    # Dubai 9:00-17:00 (UTC+4) meets Berlin 9:00-17:30 (UTC+1) from 12:00 to 17:00 Dubai time.
    workspace.person("Dubai", zone="Asia/Dubai", last_contact_days=120)

    plan = workspace.plan(weeks=2)

    (touch,) = plan.touchpoints
    dubai = zone("Asia/Dubai")
    start, end = touch.start.astimezone(dubai), touch.end.astimezone(dubai)
    assert start.hour >= 12
    assert (end.hour, end.minute) <= (17, 0)
    assert start.weekday() < 5
    assert touch.timezone == "Asia/Dubai"
    assert touch.start.utcoffset() == timedelta(hours=4)


def test_over_commitment_is_reported(workspace: Workspace) -> None:
    workspace.capacity(4.0)
    client = workspace.person("Client", last_contact_days=5)
    for what in ("Report", "Pilot", "Training"):
        workspace.promise(client, what, MONDAY + timedelta(days=3), effort=3.0)

    plan = workspace.plan(weeks=2)

    assert ("Over-commitment in the week of 2030-03-04: 3 open commitments (due 2030-03-07) need "
            "9.0 h but the week has 4.0 h; renegotiate or deliver early before promising more."
            in plan.warnings)


def test_over_commitment_names_the_due_days_it_counts(workspace: Workspace) -> None:
    # Monday the 11th in Tokyo starts on Sunday in Berlin: that promise's work falls in the
    # week of the 4th, with Thursday's, and the warning says so.
    workspace.capacity(4.0)
    here = workspace.person("Client", last_contact_days=5)
    far = workspace.person("Far", zone="Asia/Tokyo", last_contact_days=5)
    workspace.promise(here, "Report", MONDAY + timedelta(days=3), effort=3.0)
    workspace.promise(far, "Pilot", MONDAY + timedelta(days=7), effort=3.0)

    plan = workspace.plan(weeks=2)

    assert ("Over-commitment in the week of 2030-03-04: 2 open commitments (due 2030-03-07 to "
            "2030-03-11) need 6.0 h but the week has 4.0 h; renegotiate or deliver early before "
            "promising more." in plan.warnings)


def test_purposes_of_kinds_are_respected_for_socials(workspace: Workspace) -> None:
    workspace.person("Neutral", last_contact_days=200)

    plan = workspace.plan(weeks=8)

    assert "generic-social" not in touches_of(plan, "Neutral")
    assert "lunch" not in touches_of(plan, "Neutral")
    assert touches_of(plan, "Neutral")
    assert KindPurpose.SOCIAL.value not in {t.kind for t in plan.touchpoints}


def test_no_plan_before_now(workspace: Workspace) -> None:
    workspace.person("Late", last_contact_days=200)
    now = NOW + timedelta(days=3)  # Wednesday evening of the first week

    plan = workspace.plan(weeks=1, now=now)

    assert all(t.start >= now for t in plan.touchpoints)
    assert plan.start == date(2030, 3, 4)


def test_promised_work_is_kept_free_of_touches(workspace: Workspace) -> None:
    workspace.capacity(10.0)
    client = workspace.person("Client", last_contact_days=5)
    workspace.promise(client, "Data migration", MONDAY + timedelta(days=4), effort=8.0)
    for i in range(8):
        workspace.person(f"Overdue {i}", last_contact_days=150, likes=["business-review"])

    plan = workspace.plan(weeks=2)

    first_week = [t for t in plan.touchpoints if t.start < NOW + timedelta(days=7)]
    minutes = sum((t.end - t.start) / timedelta(minutes=1) + PREP[t.kind] for t in first_week)
    assert first_week
    assert minutes <= 2 * 60
    assert not any("Over-commitment" in w for w in plan.warnings)


def test_a_week_filled_by_promised_work_says_so(workspace: Workspace) -> None:
    workspace.capacity(4.0)
    client = workspace.person("Client", last_contact_days=5)
    workspace.promise(client, "Report", MONDAY + timedelta(days=3), effort=4.0)
    workspace.person("Overdue", last_contact_days=150)

    plan = workspace.plan(weeks=2)

    assert not any(t.start < NOW + timedelta(days=7) for t in plan.touchpoints)
    assert ("No time for touches in the week of 2030-03-04: 1 open commitment (due 2030-03-07) "
            "needs all of its 4.0 h; deliver one early or renegotiate to make room."
            in plan.warnings)
    assert not any("Over-commitment" in w for w in plan.warnings)
    (silence,) = [w for w in plan.warnings if "Overdue's maximum silence" in w]
    assert "promised work takes all of the manager's time" in silence


def test_last_contact_counts_the_calendar_days_they_would_name(workspace: Workspace) -> None:
    # The contact was at 18:00 on a Sunday in London; a touch at 09:00 some days later is that
    # many calendar days on, not one fewer because 09:00 comes before 18:00.
    workspace.person("Lapsed", budget="1/quarter", max_silence=60, last_contact_days=80,
                     channels=["email"], likes=["email-checkin"])

    plan = workspace.plan(weeks=2)

    (touch,) = [t for t in plan.touchpoints if t.stakeholder == "Lapsed"]
    london = zone("Europe/London")
    days = (touch.start.astimezone(london).date()
            - (NOW - timedelta(days=80)).astimezone(london).date()).days
    assert touch.start.astimezone(london).time() < NOW.astimezone(london).time()
    assert touch.reasons[0].startswith(f"Last contact {days} days before this slot;")


def test_the_budget_tells_touches_before_from_those_agreed_after(
    workspace: Workspace,
) -> None:
    client = workspace.person("Client", budget="3/quarter", max_silence=30,
                              last_contact_days=40, min_gap=7)
    later = local_to_utc(MONDAY + timedelta(days=23), time(10), "Europe/London")
    add_touchpoint(workspace.session, client, kind_key="coffee", start=later, now=NOW)

    plan = workspace.plan(weeks=2)

    first = next(t for t in plan.touchpoints if t.stakeholder == "Client")
    assert first.start < later
    # The contact 40 days ago is in this quarter too.
    assert any(r.startswith("Budget: 1 of 3 touches this quarter used before this one, and 1 "
                            "more already agreed after it;") for r in first.reasons)


def test_no_touch_on_a_stakeholders_public_holiday(workspace: Workspace) -> None:
    # Both reachable on Thursdays only and long overdue; 28 November 2030 is Thanksgiving
    # in the United States, a working day in Britain.
    for name, where in (("Nia", "America/New_York"), ("Liam", "Europe/London")):
        person = workspace.person(name, zone=where, last_contact_days=200,
                                  channels=["email"])
        person.reachable_days = [3]
    plan = workspace.plan(weeks=2, start=date(2030, 11, 25),
                          now=local_to_utc(date(2030, 11, 24), time(18), "Europe/Berlin"))

    def day_of(name: str) -> date:
        (touch,) = [t for t in plan.touchpoints if t.stakeholder == name]
        return touch.start.date()

    assert day_of("Liam") == date(2030, 11, 28)
    assert day_of("Nia") == date(2030, 12, 5)


def test_no_touch_on_the_managers_public_holiday(workspace: Workspace) -> None:
    # The manager works in Berlin: 3 October 2030, a Thursday, is German Unity Day.
    liam = workspace.person("Liam", zone="Europe/London", last_contact_days=200,
                            channels=["email"])
    liam.reachable_days = [3]
    plan = workspace.plan(weeks=2, start=date(2030, 9, 30),
                          now=local_to_utc(date(2030, 9, 29), time(18), "Europe/Berlin"))

    assert [t.start.date() for t in plan.touchpoints] == [date(2030, 10, 10)]


def _days_of(plan: Plan) -> dict[str, list[date]]:
    days: dict[str, list[date]] = {}
    for touch in plan.touchpoints:
        days.setdefault(touch.stakeholder, []).append(touch.start.date())
    return days


@pytest.mark.parametrize(("holiday", "weekday"), [
    (date(2031, 1, 6), 0),  # Epiphany, a Monday: a holiday in Bavaria, not in Berlin
    (date(2030, 6, 20), 3),  # Corpus Christi, a Thursday: likewise
])
def test_a_regions_own_holidays_keep_only_its_people_free(
    workspace: Workspace, holiday: date, weekday: int,
) -> None:
    # Both in Berlin's zone, reachable on that weekday only and long overdue; the manager in
    # Berlin works that day (no nationwide holiday).
    for name, region in (("Bavarian", "de-by"), ("Berliner", "DE-BE")):
        person = workspace.person(name, zone="Europe/Berlin", last_contact_days=200,
                                  channels=["email"], holidays=region)
        person.reachable_days = [weekday]
    monday = holiday - timedelta(days=holiday.weekday())
    plan = workspace.plan(weeks=2, start=monday,
                          now=local_to_utc(monday - timedelta(days=1), time(18), "Europe/Berlin"))

    assert _days_of(plan) == {"Berliner": [holiday], "Bavarian": [holiday + timedelta(days=7)]}


def test_someone_who_observes_no_public_holidays_can_be_planned_on_christmas_day(
    workspace: Workspace,
) -> None:
    # The manager observes none either; a Londoner by default keeps Christmas (a Wednesday)
    # and New Year's Day (the next) free.
    workspace.holidays("none")
    for name, region in (("Nobody's", "none"), ("Londoner", None)):
        person = workspace.person(name, last_contact_days=200, channels=["email"],
                                  holidays=region)
        person.reachable_days = [2]
    plan = workspace.plan(weeks=3, start=date(2030, 12, 23),
                          now=local_to_utc(date(2030, 12, 22), time(18), "Europe/Berlin"))

    assert _days_of(plan) == {"Nobody's": [date(2030, 12, 25)], "Londoner": [date(2031, 1, 8)]}


def test_the_managers_region_keeps_his_regional_holidays_free(workspace: Workspace) -> None:
    # A Londoner reachable on Mondays only; the manager in Berlin's zone observes Bavaria's
    # holidays, so not Epiphany, Monday 6 January 2031.
    workspace.holidays("DE-BY")
    liam = workspace.person("Liam", last_contact_days=200, channels=["email"])
    liam.reachable_days = [0]
    plan = workspace.plan(weeks=2, start=date(2031, 1, 6),
                          now=local_to_utc(date(2031, 1, 5), time(18), "Europe/Berlin"))

    assert _days_of(plan) == {"Liam": [date(2031, 1, 13)]}
