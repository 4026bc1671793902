"""Small factories for form widgets configured the same way everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QTimeEdit


def time_edit() -> QTimeEdit:
    """A 24-hour ``HH:mm`` time editor."""
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    return edit
