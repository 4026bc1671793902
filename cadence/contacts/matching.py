"""Who is the same person: the duplicate rules for contacts.

Two contacts are the same person when they share an email address (ignoring case), or when
they have the same name at the same account (ignoring case, spacing and Unicode composition,
so a decomposed "Zoë" from a Mac export matches a composed one). The rules apply between the
rows of one file and between a row and the stakeholders already in the database.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from cadence.contacts.records import ContactRecord
from cadence.models import Stakeholder

SAME_EMAIL = "same email"
SAME_NAME = "same name at the same account"

Key = tuple[str, ...]


def normalised(text: str) -> str:
    """``text`` compared loosely: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def email_key(email: str) -> Key | None:
    """The key two records with the same email share, or ``None`` without an email."""
    clean = normalised(email)
    return ("email", clean) if clean else None


def name_key(name: str, account: str) -> Key | None:
    """The key of a name at an account, or ``None`` when either is missing."""
    person, organisation = normalised(name), normalised(account)
    return ("name", person, organisation) if person and organisation else None


def record_keys(record: ContactRecord) -> list[tuple[Key, str]]:
    """The record's keys with the rule each stands for, email first (it is the stronger)."""
    keys = [(email_key(record.email), SAME_EMAIL),
            (name_key(record.name, record.organisation), SAME_NAME)]
    return [(key, rule) for key, rule in keys if key is not None]


@dataclass(frozen=True, slots=True)
class FileGroup:
    """One person in a file: the merged record and the later rows folded into it."""

    record: ContactRecord
    merged: list[tuple[ContactRecord, str]]


def group_duplicates(records: list[ContactRecord]) -> list[FileGroup]:
    """Fold rows of one file that describe the same person into the first such row.

    Returns:
        One group per person, in file order; ``merged`` lists the later rows with the rule
        that matched them.
    """
    owner: dict[Key, int] = {}
    heads: list[ContactRecord] = []
    merged: list[list[tuple[ContactRecord, str]]] = []
    for record in records:
        hit = next(((owner[key], rule) for key, rule in record_keys(record) if key in owner),
                   None)
        if hit is None:
            target = len(heads)
            heads.append(record)
            merged.append([])
        else:
            target, rule = hit
            heads[target] = heads[target].filled_from(record)
            merged[target].append((record, rule))
        for key, _rule in record_keys(heads[target]):
            owner.setdefault(key, target)
        for key, _rule in record_keys(record):
            owner.setdefault(key, target)
    return [FileGroup(head, rows) for head, rows in zip(heads, merged, strict=True)]


@dataclass(frozen=True, slots=True)
class Match:
    """Stakeholders in the database a record matches, and by which rule."""

    stakeholders: list[Stakeholder]
    rule: str


class StakeholderIndex:
    """The stakeholders in the database, looked up by the duplicate rules.

    Built once per import (one query), so matching thousands of rows stays linear.
    """

    def __init__(self, session: Session) -> None:
        self._by_key: dict[Key, list[Stakeholder]] = defaultdict(list)
        query = select(Stakeholder).options(joinedload(Stakeholder.account))
        for person in session.scalars(query).unique():
            self.add(person)

    def add(self, person: Stakeholder) -> None:
        """Make ``person`` findable (used for people created during the import)."""
        for key in (email_key(person.email), name_key(person.name, person.account.name)):
            if key is not None:
                self._by_key[key].append(person)

    def find(self, record: ContactRecord) -> Match | None:
        """The stakeholders ``record`` matches, by email first, else by name and account."""
        for key, rule in record_keys(record):
            found = self._by_key.get(key)
            if found:
                return Match(sorted(found, key=lambda p: p.id), rule)
        return None
