"""Messages count in words a person would write: "1 touchpoint", never "1 touchpoints"."""

from __future__ import annotations

import pytest

from cadence.wording import counted


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
