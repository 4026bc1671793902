"""vCard 3.0 and 4.0 (RFC 2426, RFC 6350) through vobject: many cards per file, both ways.

Outlook's own .vcf export, vCard 2.1 with quoted-printable UTF-8, reads as well.

Each card is parsed on its own so that one broken card is reported with the line it starts on
while the others are still read. Only the fields Cadence keeps are taken: FN (or N), ORG,
TITLE, EMAIL, TEL, TZ, NOTE and CATEGORIES.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import vobject
from vobject.base import Component, ContentLine, VObjectError

from cadence.contacts.names import split_name
from cadence.contacts.records import ContactFile, ContactRecord, RowError
from cadence.errors import FileFormatError

VERSIONS = ("4.0", "3.0")
_OFFSET_RE = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def read_vcard_file(path: Path) -> ContactFile:
    """Read every card in ``path`` (UTF-8, as vCard 4.0 requires and 3.0 exporters use).

    Raises:
        FileFormatError: the file cannot be read, is not UTF-8, or holds no card at all.
    """
    return read_vcards(decode_utf8(path), str(path))


def decode_utf8(path: Path) -> str:
    """The text of ``path`` decoded as UTF-8 (a byte-order mark is dropped).

    Raises:
        FileFormatError: unreadable, or not UTF-8 (naming the line of the first bad byte).
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileFormatError(str(path), f"cannot read ({err.strerror})") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FileFormatError(str(path), "not UTF-8 text", line) from err


def read_vcards(text: str, source: str = "<vcard>") -> ContactFile:
    """Parse the cards in ``text``; a card that does not parse becomes a :class:`RowError`.

    Raises:
        FileFormatError: there is no ``BEGIN:VCARD`` in ``text``.
    """
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    found = False
    for line, chunk in _cards(text):
        found = True
        try:
            card = vobject.readOne(chunk, validate=False)
            records.append(_record(card, line))
        except (VObjectError, ValueError, TypeError, UnicodeError) as err:
            errors.append(RowError(line, f"not a readable vCard: {_first_line(err)}"))
    if not found:
        raise FileFormatError(source, "no vCard found (expected BEGIN:VCARD)")
    return ContactFile(records, errors)


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """Each card's text with its 1-based starting line; nested cards stay in their parent."""
    depth, start, lines = 0, 0, _join_soft_breaks(text.splitlines())
    for index, raw in enumerate(lines):
        tag = raw.strip().upper()
        if tag == "BEGIN:VCARD":
            if depth == 0:
                start = index
            depth += 1
        elif tag == "END:VCARD" and depth > 0:
            depth -= 1
            if depth == 0:
                yield start + 1, "\r\n".join(lines[start : index + 1]) + "\r\n"
    if depth > 0:
        yield start + 1, "\r\n".join(lines[start:]) + "\r\n"


def _join_soft_breaks(lines: list[str]) -> list[str]:
    """Join vCard 2.1 quoted-printable lines ending in a soft break (``=``) with the next one,
    which vobject would read as a property of its own. A joined line leaves an empty line in
    its place, so line numbers stay those of the file."""
    out = list(lines)
    for index in range(len(out) - 1):
        line = out[index]
        if line.endswith("=") and "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper():
            out[index + 1] = line[:-1] + out[index + 1]
            out[index] = ""
    return out


def _first_line(err: Exception) -> str:
    # vobject prefixes "At line N:" counted within the card (and unreliably): use the bare
    # message; the error is reported at the card's own first line instead.
    text = str(err.args[0]) if isinstance(err, VObjectError) and err.args else str(err)
    return (text.strip().splitlines() or [type(err).__name__])[0]


def _record(card: Component, line: int) -> ContactRecord:
    if card.name.upper() != "VCARD":
        raise ValueError(f"{card.name} is not a VCARD")
    contents: dict[str, list[ContentLine]] = card.contents
    return ContactRecord(
        name=_name(contents),
        organisation=_first_component(contents.get("org")),
        title=_text(contents.get("title")),
        email=_text(_preferred(contents.get("email"))),
        phone=_phone(_text(_preferred(contents.get("tel")))),
        timezone=_zone(_text(contents.get("tz"))),
        notes="\n\n".join(_str(c.value).replace("\r\n", "\n")
                          for c in contents.get("note", []) if _str(c.value)),
        categories=tuple(dict.fromkeys(_categories(contents.get("categories", [])))),
        line=line,
    )


def _str(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value).strip()
    return str(value).strip() if value is not None else ""


def _text(lines: list[ContentLine] | None) -> str:
    return _str(lines[0].value) if lines else ""


def _name(contents: dict[str, list[ContentLine]]) -> str:
    formatted = _text(contents.get("fn"))
    if formatted or not contents.get("n"):
        return formatted
    name = contents["n"][0].value
    parts = (getattr(name, "prefix", ""), getattr(name, "given", ""),
             getattr(name, "additional", ""), getattr(name, "family", ""),
             getattr(name, "suffix", ""))
    return " ".join(_str(p) for p in parts if _str(p))


def _first_component(lines: list[ContentLine] | None) -> str:
    if not lines:
        return ""
    value = lines[0].value
    if isinstance(value, list | tuple):
        return str(value[0]).strip() if value else ""
    return _str(value)


def _preferred(lines: list[ContentLine] | None) -> list[ContentLine] | None:
    """The preferred line: lowest PREF (4.0), else TYPE=pref (3.0), else the first."""
    if not lines:
        return None

    def rank(line: ContentLine) -> int:
        params: dict[str, list[str]] = line.params
        for value in params.get("PREF", []):
            if value.isdigit():
                return int(value)
        types = {t.lower() for value in params.get("TYPE", []) for t in value.split(",")}
        return 1 if "pref" in types else 101

    return [min(lines, key=rank)]


def _phone(value: str) -> str:
    return value[4:] if value.lower().startswith("tel:") else value


def _zone(value: str) -> str:
    """An IANA name as given; a fixed UTC offset (vCard 3.0's default) as the Etc zone."""
    match = _OFFSET_RE.match(value)
    if not match:
        return value
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3))
    if hours == 0 and minutes == 0:
        return "UTC"
    if minutes:
        return value  # no IANA zone is a fixed half-hour offset; validation will say so
    # POSIX-style Etc names have the sign inverted: UTC-05:00 is Etc/GMT+5.
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def _categories(lines: Iterable[ContentLine]) -> Iterator[str]:
    for line in lines:
        values = line.value if isinstance(line.value, list | tuple) else [line.value]
        for value in values:
            text = str(value).strip()
            if text:
                yield text


def write_vcards(records: Iterable[ContactRecord], version: str = "4.0") -> str:
    """Serialise ``records`` as vCard ``version`` (``"4.0"`` or ``"3.0"``), CRLF lines.

    Raises:
        ValueError: an unknown version.
    """
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} is not one of {', '.join(VERSIONS)}")
    return "".join(_card(record, version).serialize() for record in records)


def _card(record: ContactRecord, version: str) -> Component:
    card = vobject.vCard()
    card.add("version").value = version
    card.add("fn").value = record.name
    given, family = split_name(record.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if record.organisation:
        card.add("org").value = [record.organisation]
    if record.title:
        card.add("title").value = record.title
    if record.email:
        card.add("email").value = record.email
    if record.phone:
        card.add("tel").value = record.phone
    if record.timezone:
        zone = card.add("tz")
        zone.value = record.timezone
        zone.params["VALUE"] = ["text"]
    if record.notes:
        card.add("note").value = record.notes
    if record.categories:
        card.add("categories").value = list(record.categories)
    return card
