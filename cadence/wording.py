"""Counted nouns for messages people read: "1 touchpoint", "3 touchpoints", "1 touch"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, plural unless ``count`` is 1 (``plural``: irregular forms such
    as "touches"; default ``noun`` + "s")."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
