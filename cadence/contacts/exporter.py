"""Exporting stakeholders as contacts: vCard (4.0 or 3.0) or CSV, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from cadence.contacts.csv_formats import write_csv
from cadence.contacts.records import ContactRecord
from cadence.contacts.vcard import VERSIONS, write_vcards
from cadence.errors import CadenceError, ValidationError
from cadence.models import Stakeholder
from cadence.stakeholders import list_stakeholders

SUFFIXES = (".vcf", ".csv")


def as_record(person: Stakeholder) -> ContactRecord:
    """The contact a stakeholder exports as (interests become categories)."""
    return ContactRecord(
        name=person.name, organisation=person.account.name, title=person.role,
        email=person.email, phone=person.phone, timezone=person.timezone, notes=person.notes,
        categories=tuple(person.interests),
    )


def export_contacts(session: Session, path: Path, vcard_version: str = "4.0") -> int:
    """Write every stakeholder to ``path``; the suffix picks the format (.vcf or .csv).

    Returns:
        How many contacts were written.

    Raises:
        ValidationError: an unknown suffix or vCard version.
        CadenceError: the file cannot be written (the old one, if any, is left intact).
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("file", f"{path.name}: give a .vcf or .csv file name")
    if vcard_version not in VERSIONS:
        raise ValidationError("vcard-version", f"{vcard_version!r} is not 4.0 or 3.0")
    records = [as_record(person) for person in list_stakeholders(session)]
    text = write_vcards(records, vcard_version) if suffix == ".vcf" else write_csv(records)
    write_text_atomically(path, text)
    return len(records)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` through a temporary file in the
    same directory, synced, then renamed over ``path``: readers see the old file or the new.

    Raises:
        CadenceError: the directory is not writable or the disk is full.
    """
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise CadenceError(f"{path}: cannot write ({err.strerror})") from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise CadenceError(f"{path}: cannot write ({err.strerror})") from err
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
