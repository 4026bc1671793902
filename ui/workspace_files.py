"""Whole-workspace JSON export and import, run as background tasks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cadence.storage.database import Database
from cadence.workspace_json import (
    export_workspace,
    import_workspace,
    read_document,
    write_json_atomically,
)
from ui.tasks import TaskControl


def export_json_task(database: Database, path: Path) -> Callable[[TaskControl], int]:
    """A task writing the workspace to ``path`` (atomically); returns the stakeholder count."""

    def work(control: TaskControl) -> int:
        control.progress(0.1, "Reading the workspace")
        with database.transaction() as session:
            document = export_workspace(session)
        control.progress(0.6, f"Writing {path.name}")
        write_json_atomically(path, document)
        return len(document["stakeholders"])

    return work


def import_json_task(
    database: Database, path: Path, *, replace: bool
) -> Callable[[TaskControl], int]:
    """A task loading ``path`` into the workspace in one transaction; returns records added.

    Raises (in the task):
        FileFormatError, ValidationError, CadenceError: the file is not acceptable; the
        workspace is left exactly as it was.
    """

    def work(control: TaskControl) -> int:
        control.progress(0.1, f"Reading {path.name}")
        document = read_document(path)
        control.progress(0.4, "Loading records")
        with database.transaction() as session:
            return import_workspace(session, document, replace=replace)

    return work
