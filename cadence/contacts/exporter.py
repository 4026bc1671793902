"""Exporting stakeholders as contacts: vCard (4.0 or 3.0) or CSV, written atomically."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from cadence.atomic_write import write_text_atomically
from cadence.contacts.csv_formats import write_csv
from cadence.contacts.records import ContactRecord
from cadence.contacts.vcard import VERSIONS, write_vcards
from cadence.errors import ValidationError
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
