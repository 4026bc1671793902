"""Checks that fields of several records share, so that the commands, the app and
``import json`` refuse the same values in the same words."""

from __future__ import annotations

import unicodedata

from cadence.errors import ValidationError

#: A week in minutes: the longest lead time (a reminder, a calendar alarm, a kind's
#: preparation) and the longest touch.
WEEK_MINUTES = 7 * 24 * 60

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: each breaks
# a one-line text (tables, calendar titles, vCard names).
_NOT_ON_ONE_LINE = frozenset({"Cc", "Zl", "Zp"})


def check_between(value: int, lowest: int, highest: int, field: str) -> int:
    """``value`` if it is from ``lowest`` to ``highest``, else a :class:`ValidationError`
    naming ``field``."""
    if not lowest <= value <= highest:
        raise ValidationError(field, f"{value} is not between {lowest} and {highest}")
    return value


def one_line(text: str, field: str) -> str:
    """``text`` without outer spaces, if what is left is one line: no line break, tab or other
    control character; else a :class:`ValidationError` naming ``field``."""
    clean = text.strip()
    if any(unicodedata.category(ch) in _NOT_ON_ONE_LINE for ch in clean):
        raise ValidationError(
            field, f"{clean!r} has a line break, tab or other control character; it must be "
                   "one line of text")
    return clean
