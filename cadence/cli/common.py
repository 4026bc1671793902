"""What the command modules share: the parser groups, opening the database, printing."""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from cadence.errors import CadenceError, ValidationError
from cadence.storage.database import Database, open_database
from cadence.storage.locations import database_url
from cadence.timezones import check_year, ensure_utc, given_local_to_utc
from cadence.vocabulary import LARGEST_NUMBER, parse_terms

Handler = Callable[[argparse.Namespace], int]
SubParsers = argparse._SubParsersAction  # the type argparse returns from add_subparsers


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, and which reads ``-1/quarter`` as a value.

    argparse takes any token starting with ``-`` that is not a plain negative number for an
    option, so ``--budget -1/quarter`` would fail with a confusing "expected one argument"
    instead of reaching the budget validation that names the field.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\d")

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message`` on one line and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


@dataclass(frozen=True)
class Commands:
    """The parser groups a command module registers into."""

    root: SubParsers  # type: ignore[type-arg]
    export: SubParsers  # type: ignore[type-arg]
    import_: SubParsers  # type: ignore[type-arg]


def open_db(args: argparse.Namespace) -> Database:
    """Open (and migrate) the database named by ``--db``, ``$CADENCE_DB`` or the default."""
    return open_database(database_url(args.db))


@contextmanager
def transaction(args: argparse.Namespace) -> Iterator[Session]:
    """One transaction for one command: all of it is saved, or none of it."""
    database = open_db(args)
    try:
        with database.transaction() as session:
            yield session
    finally:
        database.close()


def database_failure(args: argparse.Namespace, err: OperationalError) -> str:
    """One line for a database that could not be read or written mid-command (locked by the
    app past the busy timeout, read-only, disk full), naming the database and the cause."""
    cause = str(err.orig if err.orig is not None else err).strip()
    if "locked" in cause:
        # SQLite's own words do not say who holds the lock, or that waiting helps.
        cause += " (another program, such as the Cadence app, is writing to it; try again)"
    return f"cannot use the database {database_url(args.db)}: {cause}"


@contextmanager
def option_names(names: Mapping[str, str]) -> Iterator[None]:
    """Name the option the user typed in a :class:`ValidationError` the core raises under its
    own field name: ``--date`` is the core's ``when``, ``--capacity`` its
    ``weekly_capacity_hours``. ``names`` maps the core's names to the options'."""
    try:
        yield
    except ValidationError as err:
        if err.field not in names:
            raise
        raise ValidationError(names[err.field], err.message) from err


def require_a_change(args: argparse.Namespace, changes: object) -> None:
    """Refuse an edit given no option (``changes``, a dataclass, equals its all-default
    instance): it would report a change it did not make, and a forgotten option would go
    unnoticed."""
    if changes == type(changes)():
        raise nothing_to_change(args)


def nothing_to_change(args: argparse.Namespace) -> CadenceError:
    """The error for an edit command given no option to change."""
    return CadenceError(f"nothing to change: give at least one option "
                        f"(see cadence {args.command} {args.action} --help)")


def file_path(text: str) -> Path:
    """An argparse ``type`` for a file argument: a name, never an empty one (``Path("")`` is
    the current folder, so the error would name a folder the user never gave)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file name, not an empty one")
    return Path(text)


def whole_number(text: str) -> int:
    """An argparse ``type``: a whole number no larger than :data:`LARGEST_NUMBER` either way."""
    try:
        # Digits 0-9 only: Python's int() also reads other scripts' digits ("٣" is 3), which
        # a typo should not turn into a setting.
        if not text.isascii():
            raise ValueError(text)
        value = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from err
    if abs(value) > LARGEST_NUMBER:
        raise argparse.ArgumentTypeError(f"{text} is too large")
    return value


def parse_date(text: str, field: str) -> date:
    """Parse ``YYYY-MM-DD`` (a year Cadence works in) or raise a :class:`ValidationError`
    naming ``field``."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as err:
        raise ValidationError(field, f"{text!r} is not a date (YYYY-MM-DD)") from err
    return check_year(day, field)


def parse_instant(text: str, zone_name: str, field: str) -> datetime:
    """``YYYY-MM-DD`` (midnight) or ``YYYY-MM-DDTHH:MM[+offset]``; a time without an offset is
    the wall clock in ``zone_name``. Returns an aware UTC instant.

    Raises:
        ValidationError: naming ``field``: not a date or date-time, outside the years, or a
            time the clocks skip that night.
    """
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise ValidationError(field, f"{text!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from err
    check_year(parsed.date(), field)
    if parsed.tzinfo is not None:
        return ensure_utc(parsed)
    return given_local_to_utc(parsed.date(), parsed.time(), zone_name, field)


#: The help of ``--holidays`` (stakeholders' and the settings').
HOLIDAYS_HELP = ("whose public holidays apply: a country (DE) or one of its regions (DE-BY, "
                 "US-CA, GB-SCT, CH-ZH), none, or zone for the country of the time zone "
                 "(the default)")


def split_list(text: str | None) -> list[str] | None:
    """``"a, b,c"`` to ``["a", "b", "c"]``; ``None`` stays ``None`` (option not given)."""
    if text is None:
        return None
    return parse_terms(text)


def print_json(data: object) -> None:
    """Print JSON for scripts: stable key order, UTF-8, indented."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain aligned table (aligned by display width, so 山田 太郎 lines up too)."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        padded = (c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True))
        print("  ".join(padded).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
