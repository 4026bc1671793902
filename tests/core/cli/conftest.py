"""Run the CLI in-process against a temporary workspace."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from cadence.cli import main


@dataclass(frozen=True)
class Result:
    """What one CLI run printed and returned."""

    status: int
    out: str
    err: str

    def json(self) -> object:
        """The output parsed as JSON."""
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli("stakeholder", "list")`` runs ``cadence --db <tmp> stakeholder list``."""

    def run(*args: str) -> Result:
        try:
            status = main(["--db", str(db_path), *args])
        except SystemExit as exit_:  # argparse usage errors
            status = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return run


def database_dump(db_path: Path) -> list[str]:
    """Every row of the workspace database, as SQL: equal dumps, nothing changed."""
    with closing(sqlite3.connect(db_path)) as connection:
        return list(connection.iterdump())
