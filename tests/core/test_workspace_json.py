"""Importing a workspace document checks its records against the import's current instant."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from cadence.errors import ValidationError
from cadence.interactions import log_interaction
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.workspace_json import export_workspace, import_workspace
from tests.conftest import NOW, TODAY


def test_an_interaction_on_a_day_still_to_come_in_their_zone_is_refused(
    session: Session,
) -> None:
    person = create_stakeholder(session, StakeholderChanges(
        name="Ingrid", account="Northwind", timezone="Europe/Berlin"))
    # Logged by day, it is stored at noon in Berlin: later than NOW (09:00 there), yet today.
    log_interaction(session, person, kind_key="coffee", now=NOW, when=TODAY)
    document = export_workspace(session, now=NOW)
    assert import_workspace(session, document, replace=True, now=NOW) > 0

    # 23:30 UTC on the 23rd is already the 24th in Berlin.
    document["interactions"][0]["occurred_at"] = datetime(2026, 11, 23, 23, 30,
                                                          tzinfo=UTC).isoformat()
    with pytest.raises(ValidationError) as refused:
        import_workspace(session, document, replace=True, now=NOW)
    assert str(refused.value) == (
        "interactions[0].occurred_at: 2026-11-24 has not come yet in their zone (Europe/Berlin); "
        "log an interaction once it has happened (plan a touch for what is to come)")
