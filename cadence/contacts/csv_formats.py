"""Contacts as CSV: Google Contacts and Outlook exports (detected by their header names), a
generic spreadsheet with a column mapping the user picks, and Cadence's own export.

Cells written by :func:`write_csv` never start with a character a spreadsheet would run as a
formula (OWASP's CSV-injection advice: such cells get a leading single quote); the reader takes
that quote off again so that an exported file imports back unchanged.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cadence.contacts.names import full_name
from cadence.contacts.records import ContactFile, ContactRecord, RowError
from cadence.errors import FileFormatError, ValidationError


class CsvFormat(StrEnum):
    """The CSV dialects Cadence knows by their header names, and the generic one."""

    GOOGLE = "google"
    OUTLOOK = "outlook"
    CADENCE = "cadence"
    GENERIC = "csv"


FIELDS = ("name", "given_name", "family_name", "organisation", "title", "email", "phone",
          "timezone", "notes", "categories")
"""Fields a column can be mapped to; ``given_name``/``family_name`` compose a missing name."""

CADENCE_HEADERS = ("Name", "Organisation", "Title", "E-mail", "Phone", "Time zone", "Notes",
                   "Categories")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Each known format: field -> the header names that may carry it, first present one wins.
_KNOWN: dict[CsvFormat, dict[str, tuple[str, ...]]] = {
    CsvFormat.GOOGLE: {
        "name": ("Name",),
        "given_name": ("First Name", "Given Name"),
        "family_name": ("Last Name", "Family Name"),
        "organisation": ("Organization Name", "Organization 1 - Name"),
        "title": ("Organization Title", "Organization 1 - Title"),
        "email": ("E-mail 1 - Value",),
        "phone": ("Phone 1 - Value",),
        "notes": ("Notes",),
        "categories": ("Labels", "Group Membership"),
    },
    CsvFormat.OUTLOOK: {
        "given_name": ("First Name",),
        "family_name": ("Last Name",),
        "organisation": ("Company",),
        "title": ("Job Title",),
        "email": ("E-mail Address",),
        "phone": ("Business Phone", "Mobile Phone", "Primary Phone", "Home Phone"),
        "notes": ("Notes",),
        "categories": ("Categories",),
    },
    CsvFormat.CADENCE: dict(zip(
        ("name", "organisation", "title", "email", "phone", "timezone", "notes", "categories"),
        ((h,) for h in CADENCE_HEADERS), strict=True,
    )),
}
_SIGNATURES: dict[CsvFormat, tuple[frozenset[str], ...]] = {
    CsvFormat.CADENCE: (frozenset({"Name", "Organisation", "E-mail", "Time zone"}),),
    CsvFormat.GOOGLE: (frozenset({"First Name", "Last Name", "E-mail 1 - Value"}),
                       frozenset({"Given Name", "Family Name", "E-mail 1 - Value"}),
                       frozenset({"Organization Name", "Labels"}),
                       frozenset({"Group Membership", "Organization 1 - Name"})),
    CsvFormat.OUTLOOK: (frozenset({"E-mail Address", "Company"}),
                        frozenset({"E-mail Address", "Job Title"})),
}


Columns = dict[str, tuple[str, ...]]
"""Field -> the columns that may carry it, in order of preference."""


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A CSV file as header names and rows, each row with the line it starts on."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def parse_mapping(text: str) -> dict[str, str]:
    """Parse ``name=Full Name,email=E-mail`` into ``{field: column}``.

    Raises:
        ValidationError: a part without ``=``, an unknown field, or no name column.
    """
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, sep, column = part.partition("=")
        field = field.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise ValidationError("map", f"{part!r} is not FIELD=COLUMN")
        if field not in FIELDS:
            raise ValidationError("map", f"{field!r} is not one of {', '.join(FIELDS)}")
        mapping[field] = column.strip()
    check_mapping(mapping)
    return mapping


def check_mapping(mapping: dict[str, str], headers: Sequence[str] | None = None) -> None:
    """Check that ``mapping`` names a name column and, given ``headers``, only columns present.

    Raises:
        ValidationError: naming the field or column at fault.
    """
    if "name" not in mapping and "given_name" not in mapping and "family_name" not in mapping:
        raise ValidationError("map", "map a column to name (or to given_name/family_name)")
    if headers is not None:
        for field, column in mapping.items():
            if column not in headers:
                raise ValidationError(
                    "map", f"{field}: no column {column!r} (columns: {', '.join(headers)})"
                )


def detect_format(headers: Sequence[str]) -> CsvFormat | None:
    """The known format whose header names ``headers`` carries, or ``None``."""
    present = set(headers)
    for fmt, signatures in _SIGNATURES.items():
        if any(signature <= present for signature in signatures):
            return fmt
    return None


def mapping_for(fmt: CsvFormat, headers: Sequence[str]) -> Columns:
    """The columns of a known format that ``headers`` has, per field, in order of preference
    (Outlook's business phone, else the mobile, ...)."""
    present = set(headers)
    found = {field: tuple(c for c in candidates if c in present)
             for field, candidates in _KNOWN[fmt].items()}
    return {field: columns for field, columns in found.items() if columns}


def read_table(path: Path) -> CsvTable:
    """Read ``path`` as CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252
    (Outlook's "ANSI" export); the delimiter (``,`` ``;`` or tab) is taken from the header.

    Raises:
        FileFormatError: unreadable, empty, or not parseable as CSV (with the line).
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileFormatError(str(path), f"cannot read ({err.strerror})") from err
    return parse_table(_decode(data, str(path)), str(path))


def parse_table(text: str, source: str = "<csv>") -> CsvTable:
    """Parse CSV ``text`` whose first row is the header (see :func:`read_table`).

    Raises:
        FileFormatError: no header, a NUL byte, or a quote left open at the end of the file.
    """
    nul = text.find("\x00")
    if nul >= 0:
        raise FileFormatError(source, "not a text file (NUL bytes)", text.count("\n", 0, nul) + 1)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    previous_end = 0
    try:
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if headers is None:
                headers = [h.strip() for h in row]
            elif any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as err:
        raise FileFormatError(source, f"not valid CSV: {err}", previous_end + 1) from err
    if not headers or not any(headers):
        raise FileFormatError(source, "empty file (no header row)")
    return CsvTable(headers, rows)


def _decode(data: bytes, source: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise FileFormatError(source, "not valid UTF-16 text") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise FileFormatError(source, "neither UTF-8 nor Windows-1252 text", line) from err


def read_csv_file(
    path: Path, fmt: CsvFormat | None = None, mapping: dict[str, str] | None = None
) -> ContactFile:
    """Read contacts from a CSV file.

    Args:
        path: The file.
        fmt: A known format, ``GENERIC`` (needs ``mapping``), or ``None`` to detect it.
        mapping: For the generic format, ``{field: column}`` (see :data:`FIELDS`).

    Raises:
        FileFormatError: unreadable, or the format cannot be recognised.
        ValidationError: the mapping names a column the file does not have.
    """
    table = read_table(path)
    return records_from_table(table, resolve_mapping(table.headers, fmt, mapping, str(path)))


def resolve_mapping(
    headers: Sequence[str], fmt: CsvFormat | None, mapping: dict[str, str] | None, source: str
) -> Columns:
    """The mapping to read a file with ``headers`` by (see :func:`read_csv_file`).

    Raises:
        FileFormatError: no format given and none recognised.
        ValidationError: the mapping does not fit the headers.
    """
    if mapping is not None and fmt in (None, CsvFormat.GENERIC):
        check_mapping(mapping, headers)
        return {field: (column,) for field, column in mapping.items()}
    chosen = fmt or detect_format(headers)
    if chosen is None or chosen is CsvFormat.GENERIC:
        raise FileFormatError(
            source, "not a Google Contacts, Outlook or Cadence CSV; give a column mapping "
            "(e.g. --map 'name=Full Name,email=E-mail,organisation=Company')",
        )
    found = mapping_for(chosen, headers)
    try:
        check_mapping({field: columns[0] for field, columns in found.items()}, headers)
    except ValidationError as err:
        raise FileFormatError(source, f"not a {chosen.value} CSV: no name columns") from err
    return found


def records_from_table(table: CsvTable, columns: Columns) -> ContactFile:
    """Turn the rows of ``table`` into records; each field takes the first non-empty cell of
    its ``columns``."""
    index = {field: [table.headers.index(c) for c in names] for field, names in columns.items()}
    width = len(table.headers)
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    for line, row in table.rows:
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            errors.append(RowError(line, f"{len(row)} cells but the header has {width}"))
            continue
        cells = {field: next((_unescape(row[i]).strip() for i in places
                              if i < len(row) and row[i].strip()), "")
                 for field, places in index.items()}
        records.append(_record(cells, line))
    return ContactFile(records, errors)


def _record(cells: dict[str, str], line: int) -> ContactRecord:
    name = cells.get("name", "") or full_name(cells.get("given_name", ""),
                                              cells.get("family_name", ""))
    return ContactRecord(
        name=" ".join(name.split()),
        organisation=cells.get("organisation", ""),
        title=cells.get("title", ""),
        email=_first_of(cells.get("email", "")),
        phone=_first_of(cells.get("phone", "")),
        timezone=cells.get("timezone", ""),
        notes=cells.get("notes", "").replace("\r\n", "\n"),
        categories=_categories(cells.get("categories", "")),
        line=line,
    )


def _first_of(value: str) -> str:
    """Google joins several values of one cell with ``:::``; the first is the primary one."""
    return value.split(":::", 1)[0].strip()


def _categories(value: str) -> tuple[str, ...]:
    # Google's system groups are "* myContacts", "* starred": not categories a user chose.
    parts = (p.strip() for p in re.split(r":::|;|,", value))
    return tuple(dict.fromkeys(p for p in parts if p and not p.startswith("* ")))


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def write_csv(records: Iterable[ContactRecord]) -> str:
    """Cadence's contacts CSV: a UTF-8 BOM (so Excel reads the names right), the
    :data:`CADENCE_HEADERS`, CRLF rows, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CADENCE_HEADERS)
    for r in records:
        cells = (r.name, r.organisation, r.title, r.email, r.phone, r.timezone, r.notes,
                 "; ".join(r.categories))
        writer.writerow([neutralise(cell) for cell in cells])
    return "\ufeff" + out.getvalue()
