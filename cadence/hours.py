"""Hours of the day as people write them: ``09:00-17:00``."""

from __future__ import annotations

import re
from datetime import time

from cadence.errors import ValidationError

_HOURS_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(text: str, field: str = "hours", *, across_days: bool = False) -> tuple[time, time]:
    """Parse ``09:00-17:00`` into a start and an end time.

    The end must come after the start, unless ``across_days``: then the end falls on a later
    day (an event from 18:00 on its first day to 12:00 on its last) and the caller checks it.

    Raises:
        ValidationError: naming ``field``.
    """
    match = _HOURS_RE.match(text)
    if not match:
        raise ValidationError(field, f"{text!r} is not of the form HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ValidationError(field, f"{text!r} is not a valid time range")
    start, end = time(h1, m1), time(h2, m2)
    if start >= end and not across_days:
        raise ValidationError(field, f"{text!r} ends before it starts")
    return start, end
