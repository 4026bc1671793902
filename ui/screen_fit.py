"""Window sizes that fit the screen they open on."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Share of the screen's free area a window may take, leaving room for its frame.
_MARGIN = 0.92


def resize_to_fit(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` x ``height``, or less on a screen too small for that
    (a 1024 x 640 laptop panel): its tables then scroll rather than run off the screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, int(free.width() * _MARGIN))
        height = min(height, int(free.height() * _MARGIN))
    window.resize(width, height)
