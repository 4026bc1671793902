"""Warnings name the cause the manager can act on: hours, budget, gap or reachable times."""

from __future__ import annotations

from datetime import timedelta

import pytest
from planner_workspace import MONDAY, NOW, Workspace

from cadence.commitments import mark_delivered
from cadence.planner.service import save_plan
from cadence.touchpoints import accept


def _about(warnings: tuple[str, ...], name: str) -> list[str]:
    return [w for w in warnings if f"{name}'s" in w]


def test_a_stakeholder_never_reachable_in_working_hours_is_named_as_such(
    workspace: Workspace,
) -> None:
    # 09:00-17:00 in Tokyo is 00:00-08:00 UTC; the manager works 09:00-17:30 in Berlin.
    workspace.person("Far", zone="Asia/Tokyo", max_silence=45, last_contact_days=60)

    plan = workspace.plan(weeks=3)

    (warning,) = _about(plan.warnings, "Far")
    assert "their reachable hours never meet the manager's free working hours" in warning


def test_a_budget_too_tight_for_the_silence_is_named(workspace: Workspace) -> None:
    workspace.person("Rationed", budget="1/quarter", max_silence=30, min_gap=7,
                     last_contact_days=10)

    plan = workspace.plan(weeks=13)

    (warning,) = _about(plan.warnings, "Rationed")
    assert "a budget of 1 touch a quarter cannot keep it" in warning


def test_a_silence_lost_to_more_valuable_touches_says_so(workspace: Workspace) -> None:
    workspace.capacity(0.2)  # 12 minutes: room for one 10-minute check-in a week
    for name in ("Ann", "Ben", "Cem"):
        workspace.person(name, max_silence=45, last_contact_days=60, channels=["email"])

    plan = workspace.plan(weeks=2)

    # One touch a week: the one touched in week two and the one left out both go past the
    # first week's grace, because week one's hours went to the third.
    warned = [w for w in plan.warnings if "maximum silence" in w]
    assert len(plan.touchpoints) == 2
    assert len(warned) == 2
    assert all("went to more valuable touches before then" in w for w in warned)
    # Their silence ran out 15 days before the plan: the warning gives that day, not the
    # end of the week's grace.
    ran_out = (NOW - timedelta(days=15)).date()
    assert all(w.endswith("maximum silence of 45 days ran out on "
                          f"{ran_out}, and the plan has no touch with them in its first week "
                          "(the manager's hours for touches went to more valuable touches "
                          "before then).")
               for w in warned)


def test_someone_never_contacted_and_left_for_later_is_told_as_such(
    workspace: Workspace,
) -> None:
    workspace.capacity(0.2)
    for name in ("Ann", "Ben", "Cem"):
        workspace.person(name, last_contact_days=None, channels=["email"])

    plan = workspace.plan(weeks=2)

    warned = [w for w in plan.warnings if "never been contacted" in w]
    assert len(warned) == 2
    assert all(w.startswith("The plan has no touch in its first week with ") for w in warned)


@pytest.mark.parametrize(("days_ago", "due_in", "slot"), [
    # The gap after a contact two days ago runs past the promise's due date.
    (2, 8, "no slot"),
    # The gap after last Sunday's contact ends on Saturday 16 March; the promise is due on
    # Monday 18th, and they are reachable on weekdays only: the gap, not the budget, is why.
    (7, 14, "no slot when they can be met"),
])
def test_a_promise_whose_update_the_gap_rules_out_says_so(
    workspace: Workspace, days_ago: int, due_in: int, slot: str
) -> None:
    client = workspace.person("Client", last_contact_days=days_ago, min_gap=20)
    workspace.promise(client, "Migration plan", MONDAY + timedelta(days=due_in))

    plan = workspace.plan(weeks=3)

    (warning,) = [w for w in plan.warnings if "No status update" in w]
    contact = (NOW - timedelta(days=days_ago)).date().isoformat()
    assert (f"their minimum gap of 20 days after the contact on {contact} leaves {slot} in "
            "the days before" in warning)


def test_an_accepted_update_on_a_promise_kept_since_is_pointed_out(
    workspace: Workspace,
) -> None:
    client = workspace.person("Client", last_contact_days=20)
    promise = workspace.promise(client, "Migration plan", MONDAY + timedelta(days=10))
    plan = workspace.plan(weeks=2)
    (update,) = [t for t in plan.touchpoints if t.commitment_id == promise.id]
    (row,) = [r for r in save_plan(workspace.session, plan, NOW) if r.commitment_id == promise.id]
    accept(workspace.session, row, NOW)
    assert not [w for w in workspace.plan(weeks=2).warnings if "no longer open" in w]

    mark_delivered(promise, NOW.date(), NOW.date())
    warnings = workspace.plan(weeks=2).warnings

    assert (f"Client's accepted status update on {update.start.date()} was to report on "
            "“Migration plan”, which is no longer open: dismiss it, or keep it as a check-in."
            ) in warnings
