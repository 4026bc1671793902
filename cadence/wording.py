"""Words for messages people read: counted nouns ("1 touchpoint", "3 touches") and days
named from where the reader stands ("today", "yesterday", "Mon 16 Nov")."""

from __future__ import annotations

from datetime import date, timedelta


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
