"""Validation messages shown at the form field they are about.

The core raises :class:`cadence.errors.ValidationError` naming a ``field``; a form registers which
widget shows which field, and :class:`FieldErrors` marks that widget and puts the message under
it. Forms validate through the core (a rolled-back dry run) before saving anything.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from cadence.errors import CadenceError, ValidationError


class FieldErrors:
    """Maps core field names to widgets and shows one error at a time at its field."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._fallback: QLabel | None = None
        self.current: ValidationError | None = None

    def add(self, names: str | tuple[str, ...], widget: QWidget) -> QLabel:
        """Register ``widget`` for the core field(s) ``names``; returns its message label.

        Place the returned label under the widget in the form.
        """
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        for name in (names,) if isinstance(names, str) else names:
            self._fields[name] = (widget, label)
        return label

    def set_fallback(self, label: QLabel) -> None:
        """Where to show errors about fields no widget was registered for."""
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        self._fallback = label

    def add_row(self, form: QFormLayout, label: str, widget: QWidget,
                field: str | tuple[str, ...]) -> None:
        """Add ``widget`` to ``form`` under ``label``, with its error line beneath it."""
        message = self.add(field, widget)
        holder = QWidget()
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(widget)
        stack.addWidget(message)
        form.addRow(label, holder)

    def show(self, error: ValidationError) -> QWidget | None:
        """Mark the field of ``error``; returns its widget (to focus) if there is one."""
        self.clear()
        self.current = error
        widget, label = self._fields.get(error.field, (None, self._fallback))
        if label is not None:
            label.setText(error.message if widget is not None else str(error))
            label.show()
        if widget is not None:
            _mark(widget, True)
        return widget

    def show_failure(self, error: CadenceError, field: str) -> None:
        """Show a failure at its field and focus it; one with no field goes under ``field``."""
        if not isinstance(error, ValidationError):
            error = ValidationError(field, str(error))
        widget = self.show(error)
        if widget is not None:
            widget.setFocus()

    def clear(self) -> None:
        """Remove every mark."""
        self.current = None
        for widget, label in self._fields.values():
            _mark(widget, False)
            label.hide()
        if self._fallback is not None:
            self._fallback.hide()

    def message_for(self, name: str) -> str:
        """The message currently shown for ``name`` ("" when none)."""
        entry = self._fields.get(name)
        if entry is None or self.current is None or self._fields.get(self.current.field) != entry:
            return ""
        return entry[1].text()


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
