"""Revision 0011: counting a kind's uses (the Kinds dialog, removing a kind) reads an index of
each record's kind instead of every interaction and touchpoint."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from cadence.storage.database import open_database
from cadence.storage.migrations import alembic_config


def _plan(engine: Engine, table: str) -> str:
    """How SQLite answers the count of uses per kind in ``table``."""
    with engine.connect() as connection:
        rows = connection.execute(text(
            f"EXPLAIN QUERY PLAN SELECT kind_id, count(*) FROM {table} GROUP BY kind_id"))
        return " ".join(str(row[-1]) for row in rows)


def test_the_uses_of_each_kind_are_counted_from_an_index(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    for table in ("interaction", "touchpoint"):
        assert f"COVERING INDEX ix_{table}_kind_id" in _plan(database.engine, table)

    command.downgrade(alembic_config(database.engine), "0010")
    assert "ix_interaction_kind_id" not in _plan(database.engine, "interaction")
    command.upgrade(alembic_config(database.engine), "head")
    assert "ix_interaction_kind_id" in _plan(database.engine, "interaction")
    database.close()
