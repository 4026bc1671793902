"""``cadence import contacts``, ``cadence export contacts`` and ``cadence backup``."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cadence.cli import main
from cadence.contacts.reading import read_contacts
from cadence.stakeholders import list_stakeholders
from cadence.storage.backup import list_backups
from cadence.storage.database import open_database


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "w.sqlite3")


def people(db: str) -> list[str]:
    database = open_database(f"sqlite:///{db}")
    with database.transaction() as session:
        names = [p.name for p in list_stakeholders(session)]
    database.close()
    return sorted(names)


def test_dry_run_prints_the_preview_and_saves_nothing(
    db: str, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Status 1, as the import would end: one row would not be imported.
    assert main(["--db", db, "import", "contacts", str(fixtures / "google.csv"), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "8     error   Priya Natarajan" in out
    assert "email: 'priya at nordlicht.se' is not an email address" in out
    assert "6     skip    Zoe Angstrom" in out
    assert "dry run: 3 to create, 0 to update, 2 skipped, 1 error; nothing was saved" in out
    assert people(db) == []


def test_bad_rows_are_reported_and_the_rest_imported(
    db: str, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Status 1: some imported, some not, so a script can tell.
    assert main(["--db", db, "import", "contacts", str(fixtures / "nextcloud-4.0.vcf")]) == 1
    out = capsys.readouterr().out
    assert "2 created, 0 updated, 0 skipped, 2 rows not imported (errors above)" in out
    assert "29    error   Marco Rossi" in out
    assert people(db) == ["Ingrid Østergård", "Łukasz Żółć"]


@pytest.mark.parametrize(("name", "text"), [
    ("truncated.vcf", "BEGIN:VCARD\nVERSION:4.0\nFN:Trunc Person\nORG:X"),
    ("zones.csv", "Name,Organisation,E-mail,Time zone\nBad Tz,Org,bad@b.example,Mars/Base\n"),
])
def test_a_file_none_of_whose_rows_can_be_imported_exits_2(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["--db", db, "import", "contacts", str(path)]) == 2
    assert "1 row not imported (errors above)" in capsys.readouterr().out
    assert people(db) == []


def test_an_unreadable_file_imports_nothing_and_exits_2(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "contacts.vcf"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["--db", db, "import", "contacts", str(garbage)]) == 2
    assert "contacts.vcf:1: not UTF-8 text" in capsys.readouterr().err
    assert people(db) == []


def test_generic_csv_needs_and_uses_a_mapping(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "crm.csv"
    sheet.write_text("Full Name,Company,Mail\n"
                     "Ingrid Østergård,Fjordkraft AS,ingrid@fjordkraft.no\n", encoding="utf-8")
    assert main(["--db", db, "import", "contacts", str(sheet), "--format", "csv"]) == 2
    assert "needs a column mapping" in capsys.readouterr().err
    assert main(["--db", db, "import", "contacts", str(sheet), "--map",
                 "name=Full Name,organisation=Company,email=Mail"]) == 0
    assert people(db) == ["Ingrid Østergård"]


@pytest.mark.parametrize("suffix", [".vcf", ".csv"])
def test_export_then_import_elsewhere_gives_the_same_people(
    db: str, tmp_path: Path, fixtures: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, "import", "contacts", str(fixtures / "google.csv")]) == 1  # 1 bad
    out = tmp_path / f"book{suffix}"
    assert main(["--db", db, "export", "contacts", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # personal data, like the database
    assert len(read_contacts(out).records) == 3
    other = str(tmp_path / "other.sqlite3")
    assert main(["--db", other, "import", "contacts", str(out)]) == 0
    assert people(other) == people(db)
    capsys.readouterr()
    assert main(["--db", db, "import", "contacts", str(out)]) == 0  # back into the source
    assert "0 created, 0 updated, 3 skipped" in capsys.readouterr().out


def test_export_refuses_an_unknown_suffix(db: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "export", "contacts", str(tmp_path / "book.txt")]) == 2
    assert "give a .vcf or .csv file name" in capsys.readouterr().err


def test_backup_now_list_and_restore(db: str, fixtures: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "import", "contacts", str(fixtures / "apple-3.0.vcf")]) == 0
    assert main(["--db", db, "backup", "now"]) == 0
    assert main(["--db", db, "import", "contacts", str(fixtures / "nextcloud-4.0.vcf")]) == 1
    assert len(people(db)) == 4
    capsys.readouterr()
    assert main(["--db", db, "backup", "list"]) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[2].startswith("1   2")
    assert "manual" in listing.splitlines()[2]
    assert main(["--db", db, "backup", "restore", "1"]) == 0
    assert "the replaced database is kept as" in capsys.readouterr().out
    assert people(db) == ["Zoë Ångström", "Łukasz Żółć", "山田 太郎"]
    assert [b.reason for b in list_backups(Path(db))] == ["before-restore", "manual"]
    assert main(["--db", db, "backup", "restore", "9"]) == 2
    assert "no backup 9" in capsys.readouterr().err


def test_a_formula_imported_from_outlook_is_neutralised_on_export(
    db: str, tmp_path: Path, fixtures: Path
) -> None:
    assert main(["--db", db, "import", "contacts", str(fixtures / "outlook.csv")]) == 0
    out = tmp_path / "book.csv"
    assert main(["--db", db, "export", "contacts", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(\"\"http://evil.example\"\")" in text
    assert ",=" not in text  # no cell starts with a live formula
    renee = next(r for r in read_contacts(out).records if r.name == "Renée Lefèvre")
    assert renee.title == '=HYPERLINK("http://evil.example")'  # the data itself is kept
