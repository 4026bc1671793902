"""Google, Outlook, generic and Cadence CSV files, and formula neutralisation on export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cadence.contacts.csv_formats import (
    CsvFormat,
    detect_format,
    neutralise,
    parse_mapping,
    read_csv_file,
    read_table,
    write_csv,
)
from cadence.contacts.records import ContactRecord
from cadence.errors import FileFormatError, ValidationError


def test_google_export_is_detected_and_read(fixtures: Path) -> None:
    assert detect_format(read_table(fixtures / "google.csv").headers) is CsvFormat.GOOGLE
    contacts = read_csv_file(fixtures / "google.csv")
    zoe, lukasz, taro, *_ = contacts.records
    assert (zoe.name, zoe.organisation, zoe.title) == ("Zoë Ångström", "Nordlicht Energi AB", "CIO")
    assert zoe.notes == "Prefers short calls before 10:00.\nNo golf, no tennis."
    assert zoe.categories == ("Key accounts", "Hackathon")  # not the "* myContacts" group
    assert lukasz.email == "lukasz.zolc@wisla-logistics.pl"  # first of "a ::: b"
    assert taro.name == "山田 太郎"  # family name first in Japanese
    # Zoë's notes span two lines, so Łukasz's row starts on line 4.
    assert [r.line for r in contacts.records] == [2, 4, 5, 6, 7, 8]


def test_outlook_export_in_windows_1252_is_read(fixtures: Path) -> None:
    contacts = read_csv_file(fixtures / "outlook.csv")
    jose = contacts.records[0]
    assert (jose.name, jose.organisation) == ("José Müller", "Brauhaus Köln GmbH")
    assert jose.title == "CTO"  # "Job Title"; Outlook's "Title" is the "Dr."
    assert jose.categories == ("Key accounts", "Workshops")
    assert jose.phone == "+49 221 555 0123"
    assert contacts.records[2].phone == "+33 6 55 55 01 02"  # mobile when no business phone


def test_generic_csv_with_a_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text(
        "Full Name;Firm;Mail;Zone\n"
        "Ingrid Østergård;Fjordkraft Analytics AS;ingrid@fjordkraft.no;Europe/Oslo\n",
        encoding="utf-8",
    )
    with pytest.raises(FileFormatError, match="give a column mapping"):
        read_csv_file(path)
    mapping = parse_mapping("name=Full Name, organisation=Firm, email=Mail, timezone=Zone")
    (ingrid,) = read_csv_file(path, CsvFormat.GENERIC, mapping).records
    assert (ingrid.name, ingrid.organisation, ingrid.timezone) == (
        "Ingrid Østergård", "Fjordkraft Analytics AS", "Europe/Oslo")


@pytest.mark.parametrize(
    ("text", "message"),
    [("name", "not FIELD=COLUMN"), ("colour=Red", "'colour' is not one of"),
     ("email=Mail", "map a column to name")],
)
def test_bad_mappings_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_mapping(text)


def test_a_mapping_to_a_missing_column_lists_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text("Full Name,Mail\nA,a@x.org\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"no column 'Name' \(columns: Full Name, Mail\)"):
        read_csv_file(path, CsvFormat.GENERIC, {"name": "Name"})


def test_a_row_with_too_many_cells_is_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text("Name,Organisation,E-mail,Time zone\nA,X,a@x.org,UTC\nB,X,b@x.org,UTC,oops\n"
                    "C,X,c@x.org,UTC\n", encoding="utf-8")
    contacts = read_csv_file(path)
    assert [r.name for r in contacts.records] == ["A", "C"]
    assert [(e.line, e.message) for e in contacts.errors] == [(3, "5 cells but the header has 4")]


def test_an_open_quote_makes_the_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('Name,Organisation,E-mail,Time zone\nA,"X,a@x.org,UTC\n', encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"broken\.csv:2: not valid CSV"):
        read_csv_file(path)


@pytest.mark.parametrize("cell", ["=1+2", "+46 8 555", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


def test_plain_cells_are_left_alone() -> None:
    assert neutralise("Zoë Ångström") == "Zoë Ångström"
    assert neutralise("a=b") == "a=b"


def test_exported_csv_has_no_live_formula_and_reads_back(tmp_path: Path) -> None:
    evil = ContactRecord(
        name="Renée Lefèvre", organisation="=HYPERLINK(\"http://evil.example\",\"Click\")",
        title="@SUM(1+1)", email="renee@cafe-creme.fr", phone="+33 6 55 55 01 02",
        timezone="Europe/Paris", notes="-10% discount\nsecond line", categories=("vip", "café"),
    )
    text = write_csv([evil])
    path = tmp_path / "out.csv"
    path.write_text(text, encoding="utf-8", newline="")
    table = read_table(path)
    raw = dict(zip(table.headers, table.rows[0][1], strict=True))
    assert raw["Organisation"].startswith("'=")
    assert raw["Title"].startswith("'@")
    assert raw["Phone"].startswith("'+")
    assert raw["Notes"].startswith("'-")
    assert [replace(r, line=0) for r in read_csv_file(path).records] == [evil]


def test_a_spreadsheet_saved_as_xlsx_is_not_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")
    with pytest.raises(FileFormatError, match=r"contacts\.csv:1: not a text file"):
        read_csv_file(path)
