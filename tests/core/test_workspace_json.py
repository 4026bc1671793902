"""Importing a workspace document checks its records against the import's current instant."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.errors import ValidationError
from cadence.interactions import log_interaction
from cadence.models import BusyBlock, Stakeholder
from cadence.settings import SettingsChanges, apply_settings, load_settings
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


def _block(**version: object) -> BusyBlock:
    return BusyBlock(source="/home/mia/work.ics", uid="sync@example.com",
                     starts_at=datetime(2026, 12, 10, 13, tzinfo=UTC),
                     ends_at=datetime(2026, 12, 10, 14, tzinfo=UTC), timezone="Europe/Berlin",
                     summary="Sync", **version)


def test_a_round_trip_keeps_the_version_of_each_busy_block(session: Session) -> None:
    revised = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    session.add_all([_block(sequence=3, revised_at=revised), _block()])
    session.flush()
    document = export_workspace(session, now=NOW)
    assert [(b["sequence"], b["revised_at"]) for b in document["busy_blocks"]] == [
        (3, "2026-11-20T08:30:00+00:00"), (0, None)]

    import_workspace(session, document, replace=True, now=NOW)
    blocks = session.scalars(select(BusyBlock).order_by(BusyBlock.id)).all()
    assert [(b.sequence, b.revised_at) for b in blocks] == [(3, revised), (0, None)]


def test_busy_blocks_from_a_file_without_versions_get_the_lowest(session: Session) -> None:
    session.add(_block(sequence=3, revised_at=datetime(2026, 11, 20, tzinfo=UTC)))
    session.flush()
    document = export_workspace(session, now=NOW)
    for block in document["busy_blocks"]:
        del block["sequence"], block["revised_at"]

    import_workspace(session, document, replace=True, now=NOW)
    block = session.scalars(select(BusyBlock)).one()
    assert (block.sequence, block.revised_at) == (0, None)


def test_a_negative_busy_block_sequence_is_refused(session: Session) -> None:
    session.add(_block())
    session.flush()
    document = export_workspace(session, now=NOW)
    document["busy_blocks"][0]["sequence"] = -1
    with pytest.raises(ValidationError, match=r"^busy_blocks\[0\]\.sequence: -1 is negative$"):
        import_workspace(session, document, replace=True, now=NOW)


def _regional_workspace(session: Session) -> None:
    apply_settings(load_settings(session), SettingsChanges(public_holidays="GB-SCT"))
    create_stakeholder(session, StakeholderChanges(
        name="Ingrid", account="Northwind", timezone="Europe/Berlin", public_holidays="DE-BY"))
    create_stakeholder(session, StakeholderChanges(
        name="Tobias", account="Northwind", timezone="Europe/Berlin"))


def test_a_round_trip_keeps_whose_public_holidays_each_one_observes(session: Session) -> None:
    _regional_workspace(session)
    document = export_workspace(session, now=NOW)
    assert document["settings"]["public_holidays"] == "GB-SCT"
    assert [s["public_holidays"] for s in document["stakeholders"]] == ["DE-BY", None]

    apply_settings(load_settings(session), SettingsChanges(public_holidays="none"))
    import_workspace(session, document, replace=True, now=NOW)
    people = session.scalars(select(Stakeholder).order_by(Stakeholder.id)).all()
    assert [p.public_holidays for p in people] == ["DE-BY", None]
    assert load_settings(session).public_holidays == "GB-SCT"


def test_a_file_from_before_regions_follows_the_zones(session: Session) -> None:
    _regional_workspace(session)
    document = export_workspace(session, now=NOW)
    del document["settings"]["public_holidays"]
    for person in document["stakeholders"]:
        del person["public_holidays"]

    import_workspace(session, document, replace=True, now=NOW)
    assert load_settings(session).public_holidays is None
    assert session.scalars(select(Stakeholder.public_holidays)).all() == [None, None]


def test_a_region_the_holidays_package_does_not_know_is_refused_at_its_path(
    session: Session,
) -> None:
    _regional_workspace(session)
    document = export_workspace(session, now=NOW)
    document["stakeholders"][0]["public_holidays"] = "DE-XX"
    with pytest.raises(ValidationError, match=r'^stakeholders\[0\]\.public_holidays: Germany '
                                              r'has no region "XX"'):
        import_workspace(session, document, replace=True, now=NOW)
    document["stakeholders"][0]["public_holidays"] = "de-by"
    document["settings"]["public_holidays"] = "Scotland"
    with pytest.raises(ValidationError, match=r'^settings\.public_holidays: no country'):
        import_workspace(session, document, replace=True, now=NOW)


def test_a_round_trip_keeps_the_weekly_touch_limit(session: Session) -> None:
    apply_settings(load_settings(session), SettingsChanges(weekly_touch_limit=7))
    document = export_workspace(session, now=NOW)
    assert document["settings"]["weekly_touch_limit"] == 7

    apply_settings(load_settings(session), SettingsChanges(touch_limit_off=True))
    import_workspace(session, document, replace=True, now=NOW)
    assert load_settings(session).weekly_touch_limit == 7

    # Null, or a file from before the limit existed: no limit, whatever the workspace had.
    document["settings"]["weekly_touch_limit"] = None
    import_workspace(session, document, replace=True, now=NOW)
    assert load_settings(session).weekly_touch_limit is None
    apply_settings(load_settings(session), SettingsChanges(weekly_touch_limit=3))
    del document["settings"]["weekly_touch_limit"]
    import_workspace(session, document, replace=True, now=NOW)
    assert load_settings(session).weekly_touch_limit is None


@pytest.mark.parametrize(("value", "message"), [
    (-3, "-3 is not between 0 and 500"),
    (501, "501 is not between 0 and 500"),
    ("x", '"x" is not a whole number'),
    (2.5, "2.5 is not a whole number"),
    (True, "true is not a whole number"),
])
def test_a_bad_weekly_touch_limit_is_refused_at_its_path(
    session: Session, value: object, message: str
) -> None:
    apply_settings(load_settings(session), SettingsChanges(weekly_touch_limit=7))
    document = export_workspace(session, now=NOW)
    document["settings"]["weekly_touch_limit"] = value
    with pytest.raises(ValidationError) as refused:
        import_workspace(session, document, replace=True, now=NOW)
    assert str(refused.value) == f"settings.weekly_touch_limit: {message}"
    assert load_settings(session).weekly_touch_limit == 7
