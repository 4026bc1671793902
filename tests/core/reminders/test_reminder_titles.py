"""A reminder names what the touch is for: the event it invites to, the promise it reports on."""

from __future__ import annotations

from datetime import date, timedelta

from reminder_world import START, Workspace

from cadence.reminders.facts import load_facts
from cadence.reminders.rules import desired_reminders
from cadence.storage.database import Database


def test_reminders_name_the_event_and_the_promise(
    workspace: Workspace, database: Database
) -> None:
    ingrid = workspace.stakeholder()
    workshop = workspace.event("Cloud Cost Workshop", date(2026, 11, 12))
    promise = workspace.commitment(ingrid, date(2026, 10, 30))
    invite = workspace.touchpoint(ingrid, START + timedelta(days=1, hours=4), kind="hackathon",
                                  minutes=15, event_id=workshop)
    update = workspace.touchpoint(ingrid, START + timedelta(days=2, hours=4),
                                  kind="status-update", minutes=20, commitment_id=promise)
    coffee = workspace.touchpoint(ingrid, START + timedelta(days=3, hours=4))
    # An invitation in the days before a promise is due carries its update too.
    both = workspace.touchpoint(ingrid, START + timedelta(days=4, hours=4), kind="hackathon",
                                minutes=15, event_id=workshop, commitment_id=promise)

    with database.transaction() as session:
        reminders = desired_reminders(load_facts(session, START), START)

    titles = {r.touchpoint_id: r.title.split(" at ")[0] for r in reminders if r.touchpoint_id}
    assert titles == {
        invite: "Invite to Cloud Cost Workshop with Ingrid Bauer",
        update: "Status update: Send the runbook with Ingrid Bauer",
        coffee: "Coffee check-in with Ingrid Bauer",
        both: "Invite to Cloud Cost Workshop + update: Send the runbook with Ingrid Bauer",
    }
