"""The app's icons (SVG files in ``resources/icons``), its style sheet and the palette that
goes with it."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

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


# The style sheet paints light backgrounds; these colours keep the text on them dark whatever
# the desktop's theme (a dark palette left light grey text on white).
_LIGHT = {
    QPalette.ColorRole.Window: "#f8fafc", QPalette.ColorRole.WindowText: "#0f172a",
    QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f8fafc",
    QPalette.ColorRole.Text: "#0f172a", QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: "#0f172a", QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#dbeafe", QPalette.ColorRole.HighlightedText: "#0f172a",
    QPalette.ColorRole.ToolTipBase: "#ffffff", QPalette.ColorRole.ToolTipText: "#0f172a",
    QPalette.ColorRole.PlaceholderText: "#94a3b8", QPalette.ColorRole.Link: "#2563eb",
    QPalette.ColorRole.Light: "#ffffff", QPalette.ColorRole.Midlight: "#f1f5f9",
    QPalette.ColorRole.Mid: "#cbd5e1", QPalette.ColorRole.Dark: "#94a3b8",
    QPalette.ColorRole.Shadow: "#64748b",
}
_DISABLED_TEXT = "#94a3b8"


def light_palette() -> QPalette:
    """The palette the style sheet is drawn for."""
    palette = QPalette()
    for role, colour in _LIGHT.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DISABLED_TEXT))
    return palette


def apply_look(app: QApplication) -> None:
    """Give ``app`` Cadence's light look: the palette, then the style sheet."""
    app.setPalette(light_palette())
    app.setStyleSheet(style_sheet())
