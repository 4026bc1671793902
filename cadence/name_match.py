"""Finding records by a name as people type it: any case, in any script.

SQLite's ``lower()`` folds ASCII letters only ("Öko AG" stays "Öko ag"), so names are
compared here with Python's full Unicode case folding instead of in SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session


def ids_named(session: Session, id_column: InstrumentedAttribute[int],
              name_column: InstrumentedAttribute[str], name: str) -> list[int]:
    """Ids (ascending) of the rows whose name equals ``name`` ignoring case and outer spaces."""
    wanted = same_name_key(name)
    rows: Any = session.execute(select(id_column, name_column).order_by(id_column))
    return [ident for ident, text in rows if same_name_key(text) == wanted]


def same_name_key(name: str) -> str:
    """What two names must share to be the same name: case-folded, without outer spaces."""
    return name.strip().casefold()
