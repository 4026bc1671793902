"""Words for messages people read: counted nouns ("1 touchpoint", "3 touches"), days named
from where the reader stands ("today", "yesterday", "Mon 16 Nov") and weekly hours ("Mon–Fri
09:00–17:00")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, plural unless ``count`` is 1 (``plural``: irregular forms such
    as "touches"; default ``noun`` + "s")."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def day_label(day: date, today: date) -> str:
    """``day`` as "today", "yesterday" or "tomorrow"; otherwise "Mon 16 Nov" (with the year
    when it is not this year's)."""
    names = {today: "today", today - timedelta(days=1): "yesterday",
             today + timedelta(days=1): "tomorrow"}
    if day in names:
        return names[day]
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")


def duration_label(minutes: int) -> str:
    """``minutes`` as a person says it: "45 min", "1 h 30 min", "2 h", "1 day", "2 days 3 h"."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [counted(days, "day")] if days else []
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekly_hours_label(days: Iterable[int], start: time, end: time) -> str:
    """Hours kept on some weekdays (0 is Monday), runs of days joined: "Mon–Fri 09:00–17:00",
    "Mon, Wed, Fri 08:00–12:00", "Mon–Wed, Sat 10:00–14:00"."""
    runs: list[list[int]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    named = ", ".join(_DAY_NAMES[run[0]] if len(run) == 1
                      else f"{_DAY_NAMES[run[0]]}–{_DAY_NAMES[run[-1]]}"
                      if len(run) > 2 else f"{_DAY_NAMES[run[0]]}, {_DAY_NAMES[run[-1]]}"
                      for run in runs)
    return f"{named} {start:%H:%M}–{end:%H:%M}"
