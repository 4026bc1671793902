"""Logging interactions and correcting them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from cadence.errors import ValidationError
from cadence.interactions import edit_interaction, log_interaction
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.vocabulary import Channel
from tests.conftest import NOW, TODAY


def test_a_logged_interaction_is_corrected_in_every_detail(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(
        name="Priya", account="Harbour", timezone="Europe/London"))
    met = log_interaction(session, person, kind_key="coffee", now=NOW, when=TODAY, quality=4,
                          notes="Q4 reveiw")
    assert met.occurred_at == NOW  # today, before noon: now, not noon still to come
    earlier = log_interaction(session, person, kind_key="coffee", now=NOW,
                              when=TODAY - timedelta(days=1))
    assert earlier.occurred_at == datetime(2026, 11, 22, 12, tzinfo=UTC)  # noon in London
    session.delete(earlier)

    edit_interaction(session, met, kind_key="business-review", channel="video",
                     now=NOW, when=datetime(2026, 11, 20, 15, tzinfo=UTC), quality=5,
                     notes=" Q4 review ")

    assert (met.kind.key, met.channel, met.occurred_at, met.quality, met.notes) == (
        "business-review", Channel.VIDEO, datetime(2026, 11, 20, 15, tzinfo=UTC), 5,
        "Q4 review")
    session.flush()
    assert person.interactions == [met]


@pytest.mark.parametrize(("details", "field"), [
    ({"kind_key": "coffee", "quality": 6}, "quality"),
    ({"kind_key": "tennis"}, "kind"),
    ({"kind_key": "coffee", "channel": "pigeon"}, "channel"),
])
def test_a_refused_correction_changes_nothing(
    session: Session, details: dict[str, object], field: str
) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Priya", account="Harbour"))
    met = log_interaction(session, person, kind_key="lunch", now=NOW, when=TODAY, quality=3,
                          notes="ok")
    before = (met.kind.key, met.channel, met.occurred_at, met.quality, met.notes)

    with pytest.raises(ValidationError) as raised:
        edit_interaction(session, met, now=NOW, when=TODAY, notes="changed", **details)  # type: ignore[arg-type]

    assert raised.value.field == field
    assert (met.kind.key, met.channel, met.occurred_at, met.quality, met.notes) == before


def test_only_what_has_happened_is_logged_by_the_stakeholder_s_calendar(
        session: Session) -> None:
    # 08:00 UTC on 23 Nov is already 22:00 that day in Kiritimati, and 24 Nov is to come.
    far_east = create_stakeholder(session, StakeholderChanges(
        name="Tiare", account="Atoll", timezone="Pacific/Kiritimati"))
    log_interaction(session, far_east, kind_key="coffee", now=NOW, when=TODAY)
    with pytest.raises(ValidationError, match=r"2026-11-24 has not come yet in their zone "
                                              r"\(Pacific/Kiritimati\)") as early:
        log_interaction(session, far_east, kind_key="coffee", now=NOW,
                        when=date(2026, 11, 24))
    assert early.value.field == "when"
    with pytest.raises(ValidationError, match="later than now; log an interaction once it has "
                                              "happened"):
        log_interaction(session, far_east, kind_key="coffee", now=NOW,
                        when=NOW + timedelta(minutes=30))
    assert len(far_east.interactions) == 1


def test_a_correction_cannot_move_an_interaction_into_the_future(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Priya", account="Harbour"))
    met = log_interaction(session, person, kind_key="lunch", now=NOW, when=TODAY)
    with pytest.raises(ValidationError, match="later than now"):
        edit_interaction(session, met, kind_key="lunch", now=NOW,
                         when=NOW + timedelta(days=2), notes="moved")
    assert (met.local_day, met.notes) == (TODAY, "")


def test_an_edit_that_keeps_the_time_is_not_refused_for_it(session: Session) -> None:
    # Logged this morning by an older version, at noon still to come: a typo in its notes
    # must still be correctable before noon.
    person = create_stakeholder(session, StakeholderChanges(name="Priya", account="Harbour"))
    met = log_interaction(session, person, kind_key="lunch", now=NOW, when=TODAY)
    met.occurred_at = NOW + timedelta(hours=4)
    edit_interaction(session, met, kind_key="lunch", now=NOW, when=met.occurred_at,
                     notes="fixed")
    assert met.notes == "fixed"
