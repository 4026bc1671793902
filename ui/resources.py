"""The app's icons (SVG files in ``resources/icons``) and its style sheet."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from cadence.resources import resource_path


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (``resources/icons/<name>.svg``).

    Raises:
        FileNotFoundError: there is no such icon (a bug, caught by the tests).
    """
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def style_sheet() -> str:
    """The application style sheet (``resources/style.qss``)."""
    return resource_path("style.qss").read_text(encoding="utf-8")
