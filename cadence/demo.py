"""A realistic demo workspace: four client accounts, 25 stakeholders, a year of history.

The accounts, stakeholders, events and two fixed promises are data, in
``resources/demo/workspace.toml``. This module adds a year of interactions and promises,
random from a fixed seed and relative to ``today``, so that every first run looks alive
(recent interactions, promises coming due, a hackathon with seats next month) and tests can
rely on it.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.budget import parse_budget
from cadence.commitments import add_commitment, mark_delivered, mark_dropped, move_due_date
from cadence.errors import CadenceError, FileFormatError
from cadence.events import add_event
from cadence.interactions import log_interaction
from cadence.models import Account, Stakeholder
from cadence.resources import resource_path
from cadence.settings import load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.timezones import local_to_utc

SEED = 20261122


class _Table:
    """One table of the demo file, whose errors name the file and the table."""

    def __init__(self, path: Path, where: str, table: Any) -> None:
        self.path, self.where = path, where
        if not isinstance(table, dict):
            raise self.error("should be a table")
        self.table: dict[str, Any] = table

    def error(self, message: str) -> FileFormatError:
        """``message`` about this table, naming the file and the table."""
        return FileFormatError(str(self.path), f"{self.where}: {message}")

    def text(self, key: str) -> str:
        """The string ``key``."""
        return str(self._get(key, str, "a string"))

    def number(self, key: str) -> int:
        """The whole number ``key``."""
        return int(self._get(key, int, "a whole number"))

    def hours(self, key: str) -> float:
        """The number of hours ``key`` (whole or not)."""
        return float(self._get(key, (int, float), "a number of hours"))

    def texts(self, key: str) -> list[str]:
        """The list of strings ``key``."""
        values = [v for v in self._get(key, list, "a list of strings") if isinstance(v, str)]
        if len(values) != len(self.table[key]):
            raise self.error(f"{key!r} should be a list of strings")
        return values

    def tables(self, key: str) -> Iterator[_Table]:
        """The array of tables ``key``, each named by its place (``event 2``)."""
        for number, table in enumerate(self._get(key, list, "an array of tables"), 1):
            where = f"{self.where}, {key} {number}" if self.where else f"{key} {number}"
            yield _Table(self.path, where, table)

    def subtable(self, key: str) -> _Table:
        """The table ``key``."""
        return _Table(self.path, key, self._get(key, dict, "a table"))

    @contextmanager
    def applying(self) -> Iterator[None]:
        """Report a value the domain refuses as an error of this table."""
        try:
            yield
        except FileFormatError:
            raise
        except CadenceError as exc:
            raise self.error(str(exc)) from exc

    def _get(self, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = self.table.get(key)
        if value is None:
            raise self.error(f"{key!r} is missing")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise self.error(f"{key!r} should be {what}, not {value!r}")
        return value


def _read_demo_file(path: Path) -> _Table:
    """The demo file at ``path``, parsed.

    Raises:
        FileFormatError: the file cannot be read or is not TOML.
    """
    try:
        with path.open("rb") as stream:
            return _Table(path, "", tomllib.load(stream))
    except OSError as exc:
        raise FileFormatError(str(path), exc.strerror or str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(str(path), str(exc)) from exc


def workspace_is_empty(session: Session) -> bool:
    """True when the workspace has no accounts yet (a first run)."""
    return not session.scalar(select(func.count()).select_from(Account))


def create_demo_workspace(session: Session, today: date, source: Path | None = None) -> int:
    """Fill an empty workspace with the demo; returns the number of stakeholders created.

    ``source``: the demo file (default: ``resources/demo/workspace.toml``).

    Raises:
        CadenceError: the workspace already has accounts.
        FileFormatError: the demo file is malformed; the message names the table and field.
    """
    if not workspace_is_empty(session):
        raise CadenceError("the workspace is not empty; the demo goes into a new database")
    demo = _read_demo_file(source or resource_path("demo", "workspace.toml"))
    rng = random.Random(SEED)
    settings = load_settings(session)
    manager = demo.subtable("manager")
    settings.name = settings.name or manager.text("name")
    settings.weekly_capacity_hours = manager.hours("weekly_capacity_hours")
    people = [
        _create_stakeholder(session, account, entry)
        for account in demo.tables("account")
        for entry in account.tables("stakeholder")
    ]
    promises = demo.texts("promises")
    for person in people:
        _history(session, rng, person, today, promises)
    by_name = {p.name: p for p in people}
    for entry in demo.tables("commitment"):
        _fixed_commitment(session, entry, by_name, today)
    for entry in demo.tables("event"):
        with entry.applying():
            add_event(
                session, name=entry.text("name"), kind_key=entry.text("kind"),
                day=_working_day(today + timedelta(days=entry.number("in_days"))),
                days=entry.number("days"),
                seats=entry.number("seats"), topics=entry.texts("topics"),
                timezone=settings.timezone, location=entry.text("location"),
                invite_lead_days=entry.number("invite_lead_days"), today=today,
            )
    return len(people)


def _fixed_commitment(
    session: Session, entry: _Table, by_name: dict[str, Stakeholder], today: date
) -> None:
    """A promise the demo always shows; ``moved`` says its date was moved (when, from what)."""
    promised = by_name.get(entry.text("stakeholder"))
    if promised is None:
        raise entry.error(f"no stakeholder {entry.text('stakeholder')!r} in the file")
    due = today + timedelta(days=entry.number("due_in_days"))
    moved = entry.subtable("moved") if "moved" in entry.table else None
    with entry.applying():
        first = today + timedelta(days=moved.number("from_due_in_days")) if moved else due
        made = add_commitment(session, promised, what=entry.text("what"), due_on=first,
                              effort_hours=entry.hours("effort_hours"))
        if moved:
            move_due_date(made, due, today + timedelta(days=moved.number("on_day")),
                          moved.text("because"))


def _working_day(day: date) -> date:
    """``day``, or the Monday after it when it falls on a weekend (events are held in the
    working week, whatever day the demo is created on)."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _create_stakeholder(session: Session, account: _Table, entry: _Table) -> Stakeholder:
    first = entry.text("name").split()[0].lower()
    with entry.applying():
        person = create_stakeholder(session, StakeholderChanges(
            name=entry.text("name"), account=account.text("name"), role=entry.text("role"),
            email=f"{first}@{account.text('email_domain')}", timezone=account.text("timezone"),
            importance=entry.number("importance"),
            budget=parse_budget(entry.text("budget")),
            min_gap_days=entry.number("min_gap_days"),
            max_silence_days=entry.number("max_silence_days"),
            likes=entry.texts("likes"), dislikes=entry.texts("dislikes"),
            interests=entry.texts("interests"), avoid_topics=entry.texts("avoid_topics"),
            channels=entry.texts("channels"),
        ))
    with account.applying():
        person.account.tier = account.number("tier")
    return person


def _history(
    session: Session, rng: random.Random, person: Stakeholder, today: date, promises: list[str]
) -> None:
    liked = [k.key for k in person.likes if k.purpose.value != "event-invite"]
    light = ["coffee", "email-checkin", "business-review", "status-update"]
    pool = [k for k in liked + light if k not in {d.key for d in person.dislikes}]
    day = today - timedelta(days=365 - rng.randint(0, 30))
    # Some relationships are deliberately cold so the planner has something to do.
    cold = rng.random() < 0.2
    last = today - timedelta(
        days=rng.randint(person.max_silence_days - 10, person.max_silence_days + 30)
        if cold else rng.randint(3, max(4, person.max_silence_days // 2))
    )
    history_ends = local_to_utc(last, time(0), person.timezone)
    while day < last:
        at = time(rng.choice((9, 10, 11, 14, 15)), 0)
        log_interaction(
            session, person, kind_key=rng.choice(pool),
            when=local_to_utc(day, at, person.timezone), now=history_ends,
            quality=rng.choice((3, 4, 4, 5)),
        )
        day += timedelta(days=rng.randint(person.min_gap_days, person.min_gap_days + 45))
    given: set[str] = set()
    for index in range(rng.randint(0, 3)):
        due = today + timedelta(days=rng.randint(-120, 40))
        what, effort = rng.choice(promises), float(rng.choice((1, 1, 2, 3)))
        past = due < today - timedelta(days=7)
        delivered = (due + timedelta(days=rng.choice((-5, -2, 0, 0, 3)))
                     if past and index % 3 != 2 else None)
        if what in given:
            continue  # the same promise twice to one person reads as a mistake
        given.add(what)
        made = add_commitment(session, person, what=what, due_on=due, effort_hours=effort)
        if delivered is not None:
            mark_delivered(made, delivered, today)
        elif past:
            mark_dropped(made, "priorities changed")
