"""Importing contacts as stakeholders: a preview of what would change, then one transaction.

:func:`preview_import` decides, row by row, whether a contact creates a stakeholder, updates
one (see :mod:`cadence.contacts.matching` for who counts as the same person) or is skipped, and
runs the core's own validation on each row in a savepoint that is rolled back, so the preview
reports exactly the errors the import would meet and writes nothing. :func:`apply_import` then
makes those changes in the caller's transaction; :func:`import_contacts` decides and makes
them in one pass. Importing the same file again finds every
row already up to date and changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.contacts.matching import FileGroup, StakeholderIndex, group_duplicates, normalised
from cadence.contacts.records import ContactRecord, RowError
from cadence.errors import CadenceError, ValidationError
from cadence.models import Account, Stakeholder
from cadence.settings import load_settings
from cadence.stakeholders import StakeholderChanges, apply_changes, create_stakeholder

Progress = Callable[[int, int], None]
"""Called with (rows done, rows to do) while an import is applied; may raise to stop it."""


class Action(StrEnum):
    """What importing a row does."""

    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """The decision for one row of the file, with the reason shown to the user."""

    line: int
    action: Action
    name: str
    account: str
    reason: str
    changes: StakeholderChanges | None = None
    stakeholder_id: int | None = None
    seen_as: tuple[str, str] | None = None
    """The matched stakeholder's name and email at preview time, to notice later edits."""


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Every row of a file with what importing it would do, in file order."""

    rows: list[PlannedRow]
    new_accounts: list[str] = field(default_factory=list)

    def of(self, action: Action) -> list[PlannedRow]:
        """The rows with ``action``."""
        return [row for row in self.rows if row.action is action]

    @property
    def writes(self) -> int:
        """How many stakeholders the import would create or update."""
        return sum(row.action in (Action.CREATE, Action.UPDATE) for row in self.rows)

    def summary(self) -> str:
        """``"2 to create, 1 to update, 3 skipped, 1 error"`` style counts."""
        counts = {action: len(self.of(action)) for action in Action}
        return (f"{counts[Action.CREATE]} to create, {counts[Action.UPDATE]} to update, "
                f"{counts[Action.SKIP]} skipped, {counts[Action.ERROR]} "
                f"error{'s' if counts[Action.ERROR] != 1 else ''}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`apply_import` did."""

    created: int
    updated: int


class ImportCancelled(CadenceError):
    """The user stopped the import; the transaction is rolled back, nothing is saved."""


def preview_import(
    session: Session, records: list[ContactRecord], errors: Iterable[RowError] = (),
    progress: Progress | None = None,
) -> ImportPreview:
    """Decide what importing ``records`` would do, writing nothing.

    Args:
        session: The caller's session; it is left exactly as it was.
        records: The rows read from the file.
        errors: Rows the reader could not read; reported as errors with their line.
        progress: Called with (people checked, people in the file); may raise
            :class:`ImportCancelled` to stop.

    Returns:
        The plan, one :class:`PlannedRow` per record or error, in file order.
    """
    # The dry run is always rolled back, never released: with pysqlite, SQLAlchemy's outermost
    # SAVEPOINT also opens the SQLite transaction, and releasing it would commit.
    dry_run = session.begin_nested()
    try:
        return _plan_all(session, records, errors, progress)
    finally:
        dry_run.rollback()


def import_contacts(
    session: Session, records: list[ContactRecord], errors: Iterable[RowError] = (),
    progress: Progress | None = None,
) -> ImportPreview:
    """Decide and make the changes in one pass, in the caller's transaction.

    The same decisions as :func:`preview_import` then :func:`apply_import`, at half the cost,
    for callers that need no confirmation in between (the CLI). Rows in error change nothing:
    the core validates a row whole before it touches the session.

    Returns:
        What was done, row by row.
    """
    done = _plan_all(session, records, errors, progress)
    session.flush()
    return done


def _plan_all(session: Session, records: list[ContactRecord], errors: Iterable[RowError],
              progress: Progress | None) -> ImportPreview:
    default_zone = load_settings(session).timezone
    known_accounts = {normalised(n) for n in session.scalars(select(Account.name))}
    index = StakeholderIndex(session)
    rows = [PlannedRow(e.line, Action.ERROR, "", "", e.message) for e in errors]
    claimed: dict[int, tuple[int, str]] = {}
    groups = group_duplicates(records)
    for done, group in enumerate(groups, start=1):
        rows.append(_plan(session, index, group.record, default_zone, claimed))
        rows.extend(_merged_rows(group))
        if progress is not None:
            progress(done, len(groups))
    joined = [name for name in map(_account_joined, rows) if name]
    new_accounts = {normalised(name): name for name in joined
                    if normalised(name) not in known_accounts}
    return ImportPreview(sorted(rows, key=lambda r: r.line), sorted(new_accounts.values()))


def _account_joined(row: PlannedRow) -> str | None:
    """The account a row puts its person in: a new person's, or one an update moves them to."""
    if row.action is Action.CREATE:
        return row.account
    if row.action is Action.UPDATE and row.changes is not None:
        return row.changes.account
    return None


def _merged_rows(group: FileGroup) -> list[PlannedRow]:
    head = group.record
    return [PlannedRow(record.line, Action.SKIP, record.name, record.organisation,
                       f"merged into line {head.line} ({rule})")
            for record, rule in group.merged]


def _plan(session: Session, index: StakeholderIndex, record: ContactRecord,
          default_zone: str, claimed: dict[int, tuple[int, str]]) -> PlannedRow:
    """The decision for one person of the file; ``claimed`` maps the stakeholders earlier
    rows already matched to those rows' lines and the names they had, so that one stakeholder
    is updated once."""
    match = index.find(record)
    if match is None:
        return _plan_create(session, record, default_zone)
    if len(match.stakeholders) > 1:
        ids = ", ".join(str(p.id) for p in match.stakeholders)
        return _row(record, Action.ERROR,
                    f"{match.rule} as {len(match.stakeholders)} stakeholders (ids {ids}); "
                    "merge them in Cadence first")
    person = match.stakeholders[0]
    if person.id in claimed:
        line, name = claimed[person.id]
        return _row(record, Action.SKIP,
                    f"{match.rule} as #{person.id} {name}, already matched by line {line}")
    claimed[person.id] = (record.line, person.name)
    return _plan_update(session, record, person, f"{match.rule} as #{person.id} {person.name}")


def _plan_update(session: Session, record: ContactRecord, person: Stakeholder,
                 who: str) -> PlannedRow:
    seen_as = (person.name, person.email)
    changes, changed = _update_changes(record, person)
    if changes.is_empty():
        return _row(record, Action.SKIP, f"up to date ({who})", stakeholder_id=person.id)
    try:
        apply_changes(session, person, changes)
    except ValidationError as err:
        return _row(record, Action.ERROR, str(err))
    return _row(record, Action.UPDATE, f"{who}: {', '.join(changed)}", changes, person.id,
                seen_as)


def _plan_create(session: Session, record: ContactRecord, default_zone: str) -> PlannedRow:
    if not record.organisation:
        return _row(record, Action.SKIP, "no organisation (a stakeholder belongs to an account)")
    changes = _new_changes(record, default_zone)
    try:
        create_stakeholder(session, changes)
    except ValidationError as err:
        return _row(record, Action.ERROR, str(err))
    return _row(record, Action.CREATE, "new stakeholder", changes)


def _row(record: ContactRecord, action: Action, reason: str,
         changes: StakeholderChanges | None = None, stakeholder_id: int | None = None,
         seen_as: tuple[str, str] | None = None) -> PlannedRow:
    return PlannedRow(record.line, action, record.name, record.organisation, reason, changes,
                      stakeholder_id, seen_as)


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _topics(categories: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(c.strip().lower() for c in categories if c.strip()))


def _new_changes(record: ContactRecord, default_zone: str) -> StakeholderChanges:
    return StakeholderChanges(
        name=_nfc(record.name), account=_nfc(record.organisation), role=record.title,
        email=record.email, phone=record.phone, timezone=record.timezone or default_zone,
        notes=record.notes, interests=_topics(record.categories),
    )


def _update_changes(record: ContactRecord, person: Stakeholder
                    ) -> tuple[StakeholderChanges, list[str]]:
    """What the file says that the stakeholder lacks: a non-empty value that differs replaces
    the stored one; notes not already held are appended; categories join the interests.

    The name is kept: a match by email is certain, and address books often hold a shorter or
    ASCII-only form ("Zoe Angstrom") of a name curated in Cadence ("Zoë Ångström")."""
    changes = StakeholderChanges()
    changed: list[str] = []

    def take(name: str, label: str, new: str, old: str, same: Callable[[str], str]) -> None:
        if new and same(new) != same(old):
            setattr(changes, name, new)
            changed.append(label)

    take("account", "organisation", _nfc(record.organisation), person.account.name, normalised)
    take("role", "title", record.title.strip(), person.role, str.strip)
    take("email", "email", record.email.strip(), person.email, normalised)
    take("phone", "phone", record.phone.strip(), person.phone, str.strip)
    if not _coarser_zone(record.timezone.strip(), person.timezone):
        take("timezone", "time zone", record.timezone.strip(), person.timezone, str.strip)
    note = record.notes.strip()
    if note and note not in person.notes:
        changes.notes = f"{person.notes.rstrip()}\n\n{note}" if person.notes.strip() else note
        changed.append("notes")
    missing = [t for t in _topics(record.categories) if t not in person.interests]
    if missing:
        changes.interests = [*person.interests, *missing]
        changed.append("categories")
    return changes, changed


def _coarser_zone(new: str, old: str) -> bool:
    """True when ``new`` is a fixed offset (a vCard 3.0 ``TZ:+01:00``) and ``old`` a real
    region zone: the region also knows daylight saving time, so it is kept."""
    return new.startswith("Etc/") and not old.startswith("Etc/") and old != "UTC"


def apply_import(
    session: Session, preview: ImportPreview, progress: Progress | None = None
) -> ImportResult:
    """Create and update the stakeholders ``preview`` lists, in the caller's transaction.

    Rows planned as skipped or in error are left out; the caller commits once at the end, so
    an interrupted import (an exception, a cancel from ``progress``, a killed process) saves
    nothing. Updates go first, so that no stakeholder created here can be taken for one the
    preview matched (SQLite reuses the ids of deleted rows).

    Raises:
        CadenceError: a stakeholder to update was removed or renamed since the preview
            (preview again).
        ImportCancelled: raised by ``progress`` to stop.
    """
    todo = preview.of(Action.UPDATE) + preview.of(Action.CREATE)
    for done, row in enumerate(todo, start=1):
        assert row.changes is not None  # every create and update row carries its changes
        if row.action is Action.CREATE:
            create_stakeholder(session, row.changes)
        else:
            apply_changes(session, _still_there(session, row), row.changes)
        if progress is not None:
            progress(done, len(todo))
    session.flush()
    return ImportResult(len(preview.of(Action.CREATE)), len(preview.of(Action.UPDATE)))


def _still_there(session: Session, row: PlannedRow) -> Stakeholder:
    person = session.get(Stakeholder, row.stakeholder_id)
    if person is None or (person.name, person.email) != row.seen_as:
        raise CadenceError(f"line {row.line}: stakeholder #{row.stakeholder_id} was removed or "
                           "changed since the preview; preview the import again")
    return person
