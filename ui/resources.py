"""The app's icons (SVG files in ``ui/resources/icons``) and its style sheet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).with_name("resources")


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (``ui/resources/icons/<name>.svg``).

    Raises:
        FileNotFoundError: there is no such icon (a bug, caught by the tests).
    """
    path = RESOURCES / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(path)
    return QIcon(str(path))


def style_sheet() -> str:
    """The application style sheet."""
    return (RESOURCES / "style.qss").read_text(encoding="utf-8")
