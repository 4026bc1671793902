"""Messages use words a person would write: "1 touchpoint", never "1 touchpoints"; "yesterday",
not a date, for the day before."""

from __future__ import annotations

from datetime import date, time

import pytest

from cadence.wording import counted, day_label, duration_label, weekly_hours_label


@pytest.mark.parametrize(("count", "noun", "plural", "said"), [
    (1, "touchpoint", None, "1 touchpoint"),
    (0, "touchpoint", None, "0 touchpoints"),
    (25, "stakeholder", None, "25 stakeholders"),
    (1, "touch", "touches", "1 touch"),
    (3, "touch", "touches", "3 touches"),
    (-1, "day", None, "-1 days"),
])
def test_counted(count: int, noun: str, plural: str | None, said: str) -> None:
    assert counted(count, noun, plural) == said


@pytest.mark.parametrize(("day", "said"), [
    (date(2026, 11, 23), "today"),
    (date(2026, 11, 22), "yesterday"),
    (date(2026, 11, 24), "tomorrow"),
    (date(2026, 11, 16), "Mon 16 Nov"),
    (date(2025, 12, 31), "Wed 31 Dec 2025"),
])
def test_day_label_names_days_from_today(day: date, said: str) -> None:
    assert day_label(day, today=date(2026, 11, 23)) == said


@pytest.mark.parametrize(("minutes", "said"), [
    (0, "0 min"), (45, "45 min"), (90, "1 h 30 min"), (120, "2 h"), (1440, "1 day"),
    (3060, "2 days 3 h"),
])
def test_durations_read_as_people_say_them(minutes: int, said: str) -> None:
    assert duration_label(minutes) == said


@pytest.mark.parametrize(("days", "said"), [
    ([0, 1, 2, 3, 4], "Mon–Fri 09:00–17:00"),
    ([4, 0, 2], "Mon, Wed, Fri 09:00–17:00"),
    ([0, 1, 5, 6], "Mon, Tue, Sat, Sun 09:00–17:00"),
    ([0, 1, 2, 5], "Mon–Wed, Sat 09:00–17:00"),
    ([3], "Thu 09:00–17:00"),
])
def test_weekly_hours_read_as_people_write_them(days: list[int], said: str) -> None:
    assert weekly_hours_label(days, time(9), time(17)) == said
