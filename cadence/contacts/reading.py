"""Choosing the reader for a contacts file: by the format the user names, else by the file."""

from __future__ import annotations

from pathlib import Path

from cadence.contacts.csv_formats import CsvFormat, read_csv_file
from cadence.contacts.records import ContactFile
from cadence.contacts.vcard import read_vcard_file
from cadence.errors import FileFormatError, ValidationError

FORMATS = ("auto", "vcard", "google", "outlook", "csv")
"""What ``--format`` accepts; ``csv`` is the generic CSV that needs a column mapping."""


def read_contacts(
    path: Path, fmt: str = "auto", mapping: dict[str, str] | None = None
) -> ContactFile:
    """Read the contacts in ``path``.

    Args:
        path: A .vcf or .csv file.
        fmt: One of :data:`FORMATS`; ``auto`` looks at the suffix, then the content.
        mapping: ``{field: column}`` for the generic CSV (with ``auto`` it is used when the
            headers are not a known export).

    Raises:
        ValidationError: an unknown format, or a generic CSV without a mapping.
        FileFormatError: the file cannot be read as that format; nothing should be imported.
    """
    if fmt not in FORMATS:
        raise ValidationError("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "vcard" or (fmt == "auto" and looks_like_vcard(path)):
        return read_vcard_file(path)
    if fmt == "csv" and mapping is None:
        raise ValidationError("map", "a generic CSV needs a column mapping (--map)")
    chosen = None if fmt == "auto" else CsvFormat(fmt)
    return read_csv_file(path, chosen, mapping)


def looks_like_vcard(path: Path) -> bool:
    """True for a .vcf/.vcard name, or a file that starts with ``BEGIN:VCARD``.

    Raises:
        FileFormatError: the file cannot be opened.
    """
    if path.suffix.lower() in (".vcf", ".vcard"):
        return True
    try:
        with path.open("rb") as stream:
            start = stream.read(64)
    except OSError as err:
        raise FileFormatError(str(path), f"cannot read ({err.strerror})") from err
    return start.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCARD")
