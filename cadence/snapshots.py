"""Row snapshots: the exact column values of some records, so an edit or deletion can be undone.

A snapshot holds plain values (no live ORM objects), so it can outlive the session it was taken
in. Restoring writes the rows back with their original ids, which keeps calendar UIDs and
references between records intact.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from cadence.errors import NotFoundError
from cadence.models import (
    Account,
    Base,
    Commitment,
    Interaction,
    KindPreference,
    Notification,
    Stakeholder,
    Touchpoint,
    WithdrawnEntry,
)


@dataclass(frozen=True, slots=True)
class RowSnapshot:
    """One record's model and column values."""

    model: type[Base]
    values: dict[str, Any]

    @property
    def key(self) -> tuple[Any, ...]:
        """The primary key values."""
        mapper = inspect(self.model)
        return tuple(self.values[mapper.get_property_by_column(c).key]
                     for c in mapper.primary_key)


Snapshot = tuple[RowSnapshot, ...]


def snapshot_rows(records: Iterable[Base]) -> Snapshot:
    """The column values of ``records`` (flushed, so that ids exist)."""
    out = []
    for record in records:
        mapper = inspect(type(record))
        values = {attr.key: copy.deepcopy(getattr(record, attr.key))
                  for attr in mapper.column_attrs}
        out.append(RowSnapshot(type(record), values))
    return tuple(out)


def restore_rows(session: Session, snapshot: Snapshot) -> None:
    """Write every row back as it was: update those that exist, insert those that do not.

    A touchpoint keeps what calendars were sent of it since the snapshot (its revision,
    digest and export time): undo changes the touch, not the past, and its next entry must
    outrank the last one written.
    """
    for row in snapshot:
        values = copy.deepcopy(row.values)
        if row.model is Touchpoint:
            _keep_publication(session.get(Touchpoint, row.key), values)
        restored = session.merge(row.model(**values))
        if "updated_at" in values:
            # Written even where it did not change, or its onupdate would stamp the restore
            # time on a row put back as it was.
            flag_modified(restored, "updated_at")
    session.flush()


def _keep_publication(current: Touchpoint | None, values: dict[str, Any]) -> None:
    if current is None:
        return
    values["sequence"] = max(current.sequence, values["sequence"])
    values["published_digest"] = current.published_digest
    values["revised_at"] = current.revised_at
    values["exported_at"] = current.exported_at or values["exported_at"]


def delete_rows(session: Session, snapshot: Snapshot) -> None:
    """Delete the records of ``snapshot`` (by primary key), last first."""
    for row in reversed(snapshot):
        record = session.get(row.model, row.key)
        if record is not None:
            session.delete(record)
    session.flush()


def snapshot_stakeholder(session: Session, stakeholder_id: int, *, whole: bool) -> Snapshot:
    """A stakeholder's row and preferences; with ``whole``, their whole history too, and the
    records that outlive their removal but lose their link to them.

    The order is the order of restoring: a record comes after those it refers to.

    Raises:
        NotFoundError: no such stakeholder.
    """
    person = session.get(Stakeholder, stakeholder_id)
    if person is None:
        raise NotFoundError(f"no stakeholder with id {stakeholder_id}")
    records: list[Base] = [person, *person.preferences]
    if whole:
        for model in (Commitment, Touchpoint, Interaction):
            owner = model.stakeholder_id
            records.extend(session.scalars(select(model).where(owner == stakeholder_id)))
        records.extend(_unlinked_by_removal(session, stakeholder_id))
    return snapshot_rows(records)


def _unlinked_by_removal(session: Session, stakeholder_id: int) -> list[Base]:
    """The records a removal of the stakeholder keeps but unlinks, so that undo can link them
    again: fired reminders about their touches and promises (``ON DELETE SET NULL``), and the
    cancellations waiting for an export of their touches (which
    :mod:`cadence.models.withdrawn_entry` unlinks, since their id may go to someone new)."""
    touches = select(Touchpoint.id).where(Touchpoint.stakeholder_id == stakeholder_id)
    promises = select(Commitment.id).where(Commitment.stakeholder_id == stakeholder_id)
    reminders = select(Notification).where(Notification.touchpoint_id.in_(touches)
                                           | Notification.commitment_id.in_(promises))
    waiting = select(WithdrawnEntry).where(WithdrawnEntry.stakeholder_id == stakeholder_id)
    return [*session.scalars(reminders.order_by(Notification.id)),
            *session.scalars(waiting.order_by(WithdrawnEntry.uid))]


def newest_account_id(session: Session) -> int:
    """The highest account id so far (0 for none): accounts above it are new."""
    return session.scalar(select(func.max(Account.id))) or 0


def accounts_since(session: Session, newest: int) -> Snapshot:
    """The accounts created after :func:`newest_account_id` returned ``newest`` (an edit
    that named a new account created it), to take away again on undo."""
    session.flush()
    return snapshot_rows(session.scalars(select(Account).where(Account.id > newest)
                                         .order_by(Account.id)))


def drop_unused_accounts(session: Session, snapshot: Snapshot) -> None:
    """Delete the accounts of ``snapshot`` that nobody works at (any more)."""
    ids = [row.values["id"] for row in snapshot if row.model is Account]
    if not ids:
        return
    used = set(session.scalars(select(Stakeholder.account_id)
                               .where(Stakeholder.account_id.in_(ids))))
    delete_rows(session, tuple(row for row in snapshot
                               if row.model is Account and row.values["id"] not in used))


def restore_stakeholder(session: Session, snapshot: Snapshot) -> None:
    """Restore a :func:`snapshot_stakeholder` snapshot (preferences replaced, not merged)."""
    people = [row for row in snapshot if row.model is Stakeholder]
    for row in people:
        session.execute(
            delete(KindPreference).where(KindPreference.stakeholder_id == row.values["id"])
        )
    session.expire_all()
    restore_rows(session, snapshot)
