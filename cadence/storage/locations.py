"""Where Cadence keeps its files, per platform (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from cadence.errors import ValidationError

APP_NAME = "cadence"
DB_ENV = "CADENCE_DB"


def data_dir() -> Path:
    """The user data directory (created on demand, owner-only)."""
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def log_dir() -> Path:
    """The user log directory (created on demand)."""
    path = user_log_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_database_path() -> Path:
    """The embedded default database: ``cadence.sqlite3`` in the user data directory."""
    return data_dir() / "cadence.sqlite3"


def database_url(given: str | None = None) -> str:
    """Resolve the database to open: ``--db`` wins, then ``$CADENCE_DB``, then the default.

    A plain path becomes a SQLite URL; anything with ``://`` is taken as an SQLAlchemy URL.

    Raises:
        ValidationError: an empty name, a folder, or a file in a folder that does not exist
            (a typo would otherwise start a new, empty workspace there).
    """
    chosen = given if given is not None else os.environ.get(DB_ENV) or None
    if chosen is None:
        return f"sqlite:///{default_database_path()}"
    field = "db" if given is not None else DB_ENV
    if not chosen.strip():
        raise ValidationError(field, "give a database file or URL")
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser().resolve()
    if path.is_dir():
        raise ValidationError(field, f"{path} is a folder; give a database file in it")
    if not path.parent.is_dir():
        raise ValidationError(field, f"there is no folder {path.parent}")
    return f"sqlite:///{path}"
