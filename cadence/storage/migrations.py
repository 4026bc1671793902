"""Schema versions (Alembic): upgrade an older database on open, refuse a newer one."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from cadence.errors import DatabaseVersionError
from cadence.storage import backup

log = logging.getLogger(__name__)

SCRIPTS = Path(__file__).with_name("alembic")


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at Cadence's migration scripts (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if engine is not None:
        # The option goes through configparser interpolation: a "%" in a path must be doubled.
        url = engine.url.render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest schema revision this Cadence knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migration scripts found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database, or ``None`` for an empty one."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revision_problem(engine: Engine, current: str | None) -> str | None:
    """Why this Cadence cannot open the database at ``engine``, stamped with the revision
    ``current`` (:func:`current_revision`), or ``None`` when it can (an empty database
    included: it is created at head)."""
    if current is None:
        if inspect(engine).get_table_names():
            return "not a Cadence database (tables but no schema version)"
        return None
    scripts = ScriptDirectory.from_config(alembic_config())
    if current not in {rev.revision for rev in scripts.walk_revisions()}:
        return (f"written by a newer Cadence (schema {current}); this version knows up to "
                f"{head_revision()}. Upgrade Cadence to open it.")
    return None


def upgrade(engine: Engine, *, backup_first: bool = True) -> None:
    """Bring the database to the head revision.

    An empty database is created at head. An older one is backed up first (SQLite only).

    Raises:
        DatabaseVersionError: the database has a revision this Cadence does not know (it was
            written by a newer version), or tables but no revision (not a Cadence database).
    """
    current = current_revision(engine)
    problem = revision_problem(engine, current)
    if problem:
        raise DatabaseVersionError(f"{engine.url.database}: {problem}")
    head = head_revision()
    if current == head:
        return
    if (current is not None and backup_first and engine.url.get_backend_name() == "sqlite"
            and engine.url.database):
        saved = backup.take_backup(Path(engine.url.database), f"before-migration-{head}")
        log.info("backed up %s before migrating to %s", saved, head)
    command.upgrade(alembic_config(engine), "head")
