"""The exception hierarchy for failures a user can understand and act on.

Anything raised as a :class:`CadenceError` is shown to the user as a message (CLI: one line and
exit status 2; app: a dialog). Anything else is a bug and reaches the crash handler.
"""

from __future__ import annotations


class CadenceError(Exception):
    """Base class for known, user-facing failures."""


class ValidationError(CadenceError):
    """A value given by the user is not acceptable.

    Attributes:
        field: The name of the field, option or column at fault.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(CadenceError):
    """A named or numbered record does not exist."""


class AmbiguousError(CadenceError):
    """A name matches more than one record."""


class FileFormatError(CadenceError):
    """A file could not be read; the message names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class DatabaseVersionError(CadenceError):
    """The database was written by a newer Cadence, or cannot be migrated."""
