"""Hours of the day as people type them, with the field named when they are wrong."""

from __future__ import annotations

from datetime import time

import pytest

from cadence.errors import ValidationError
from cadence.hours import parse_hours


def test_hours_read_as_people_write_them() -> None:
    assert parse_hours(" 8:30 - 12:00 ") == (time(8, 30), time(12))


@pytest.mark.parametrize("text", ["9-17", "17:00-09:00", "25:00-26:00", "09:00-09:00",
                                  "09:60-10:00"])
def test_nonsense_names_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_hours(text, "work-hours")
    assert caught.value.field == "work-hours"


def test_an_event_may_end_at_an_earlier_hour_of_a_later_day() -> None:
    assert parse_hours("18:00-12:00", across_days=True) == (time(18), time(12))
    with pytest.raises(ValidationError):
        parse_hours("18:00-24:00", across_days=True)
