"""Alembic environment: runs on the engine Cadence hands over (or the configured URL)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, Engine, create_engine

from cadence.models import Base
from cadence.models.base import JSONList, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render Cadence's column types as their storage types so scripts never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, JSONList):
        return "sa.Text()"
    return False


def run_migrations_online() -> None:
    """Run migrations on a live connection; SQLite needs batch mode to alter tables.

    Batch mode copies a table and drops the original; with SQLite's foreign keys on, that drop
    would cascade into every table that refers to it (likes and dislikes, interactions, ...).
    So foreign keys are off while migrating (the pragma only works outside a transaction), and
    ``PRAGMA foreign_key_check`` must come back clean before the migration commits.
    """
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    render_as_batch=True,
                    compare_type=True,
                    render_item=render_item,
                )
                context.run_migrations()
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"migration left dangling references: {broken[:5]}")

run_migrations_online()
