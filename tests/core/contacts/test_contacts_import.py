"""Import: the preview, one transaction, duplicates merged, re-import changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cadence.contacts.importer import (
    Action,
    ImportCancelled,
    ImportPreview,
    apply_import,
    import_contacts,
    preview_import,
)
from cadence.contacts.reading import read_contacts
from cadence.contacts.records import ContactRecord
from cadence.errors import CadenceError
from cadence.models import Account
from cadence.settings import load_settings
from cadence.stakeholders import (
    StakeholderChanges,
    create_stakeholder,
    find_stakeholder,
    list_stakeholders,
    remove_stakeholder,
    stakeholder_as_json,
)
from cadence.storage.database import Database, open_database


def preview_file(database: Database, path: Path) -> ImportPreview:
    contacts = read_contacts(path)
    with database.transaction() as session:
        return preview_import(session, contacts.records, contacts.errors)


def import_file(database: Database, path: Path) -> ImportPreview:
    contacts = read_contacts(path)
    with database.transaction() as session:
        preview = preview_import(session, contacts.records, contacts.errors)
        apply_import(session, preview)
    return preview


def snapshot(database: Database) -> list[dict[str, object]]:
    with database.transaction() as session:
        return [stakeholder_as_json(p) for p in list_stakeholders(session)]


def actions(preview: ImportPreview) -> list[tuple[int, str, str]]:
    return [(r.line, r.action.value, r.name) for r in preview.rows]


def test_the_preview_lists_every_row_and_writes_nothing(database: Database,
                                                        fixtures: Path) -> None:
    preview = preview_file(database, fixtures / "google.csv")
    assert actions(preview) == [
        (2, "create", "Zoë Ångström"), (4, "create", "Łukasz Żółć"), (5, "create", "山田 太郎"),
        (6, "skip", "Zoe Angstrom"), (7, "skip", "Mum"), (8, "error", "Priya Natarajan"),
    ]
    assert preview.of(Action.SKIP)[0].reason == "merged into line 2 (same email)"
    assert "no organisation" in preview.of(Action.SKIP)[1].reason
    assert preview.of(Action.ERROR)[0].reason == (
        "email: 'priya at nordlicht.se' is not an email address")
    assert preview.new_accounts == ["Nordlicht Energi AB", "Sakura Robotics", "Wisła Logistics"]
    assert preview.summary() == "3 to create, 0 to update, 2 skipped, 1 error"
    assert snapshot(database) == []
    with database.transaction() as session:
        assert session.scalars(select(Account)).all() == []


def test_import_creates_accounts_and_merges_duplicate_rows(database: Database,
                                                           fixtures: Path) -> None:
    import_file(database, fixtures / "google.csv")
    people = {p["name"]: p for p in snapshot(database)}
    assert sorted(people) == ["Zoë Ångström", "Łukasz Żółć", "山田 太郎"]
    zoe = people["Zoë Ångström"]
    assert (zoe["account"], zoe["role"], zoe["email"]) == (
        "Nordlicht Energi AB", "CIO", "zoe.angstrom@nordlicht.se")
    assert zoe["interests"] == ["key accounts", "hackathon"]
    with database.transaction() as session:
        manager_zone = load_settings(session).timezone
    assert zoe["timezone"] == manager_zone  # the file has none: the manager's own zone


@pytest.mark.parametrize(
    "name", ["google.csv", "outlook.csv", "apple-3.0.vcf", "nextcloud-4.0.vcf"]
)
def test_importing_the_same_file_again_changes_nothing(database: Database, fixtures: Path,
                                                       name: str) -> None:
    import_file(database, fixtures / name)
    before = snapshot(database)
    again = import_file(database, fixtures / name)
    assert again.writes == 0
    assert snapshot(database) == before
    assert all("up to date" in r.reason for r in again.rows if r.action is Action.SKIP
               and "merged" not in r.reason and "organisation" not in r.reason)


def test_a_second_source_updates_rather_than_doubles(database: Database,
                                                     fixtures: Path) -> None:
    import_file(database, fixtures / "google.csv")
    preview = import_file(database, fixtures / "apple-3.0.vcf")
    assert [(r.action.value, r.reason) for r in preview.rows] == [
        ("update", "same email as #1 Zoë Ångström: time zone, notes"),
        ("skip", "up to date (same email as #2 Łukasz Żółć)"),
        ("update", "same email as #3 山田 太郎: time zone, notes"),
    ]
    people = {p["name"]: p for p in snapshot(database)}
    assert len(people) == 3
    zoe = people["Zoë Ångström"]
    assert zoe["timezone"] == "Etc/GMT-1"  # the file's offset replaced the default zone
    assert str(zoe["notes"]).startswith("Prefers short calls before 10:00.\nNo golf, no tennis.")
    assert str(zoe["notes"]).endswith("dislikes golf.")  # appended, not replaced


def test_a_region_zone_is_not_replaced_by_a_fixed_offset(database: Database,
                                                         fixtures: Path) -> None:
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Zoë Ångström", account="Nordlicht Energi AB", timezone="Europe/Stockholm"))
    import_file(database, fixtures / "apple-3.0.vcf")
    assert snapshot(database)[0]["timezone"] == "Europe/Stockholm"


def test_bad_rows_are_reported_by_line_and_the_rest_imported(database: Database,
                                                             fixtures: Path) -> None:
    preview = import_file(database, fixtures / "nextcloud-4.0.vcf")
    assert [(r.line, r.reason) for r in preview.of(Action.ERROR)] == [
        (24, "not a readable vCard: Failed to parse line: this line has no colon and cannot "
             "be parsed"),
        (29, "timezone: unknown time zone 'Mars/Olympus_Mons'"),
    ]
    assert sorted(p["name"] for p in snapshot(database)) == ["Ingrid Østergård", "Łukasz Żółć"]


def test_a_name_matching_two_stakeholders_is_an_error_not_a_guess(database: Database) -> None:
    with database.transaction() as session:
        for email in ("anna@nordlicht.se", "anna.berg@nordlicht.se"):
            create_stakeholder(session, StakeholderChanges(
                name="Anna Berg", account="Nordlicht", email=email))
        preview = preview_import(session, [ContactRecord("Anna Berg", "Nordlicht", line=2)])
    (row,) = preview.rows
    assert row.action is Action.ERROR
    assert row.reason.startswith("same name at the same account as 2 stakeholders (ids 1, 2)")


def test_one_stakeholder_is_updated_by_one_row_only(database: Database) -> None:
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Anna Berg", account="Nordlicht", email="anna@nordlicht.se"))
        preview = preview_import(session, [
            ContactRecord("A. Berg", "Nordlicht", email="anna@nordlicht.se", title="CFO",
                          line=2),
            ContactRecord("Anna Berg", "Nordlicht", email="a.berg@nordlicht.se", line=3),
        ])
    assert [(r.action.value, r.reason) for r in preview.rows] == [
        ("update", "same email as #1 Anna Berg: title"),
        ("skip", "same name at the same account as #1 Anna Berg, already matched by line 2"),
    ]


def test_a_cancelled_import_saves_nothing(database: Database, fixtures: Path) -> None:
    contacts = read_contacts(fixtures / "google.csv")

    def cancel_after_two(done: int, total: int) -> None:
        if done == 2:
            raise ImportCancelled("stopped by the user")

    with database.transaction() as session:
        preview = preview_import(session, contacts.records)
    with pytest.raises(ImportCancelled), database.transaction() as session:
        apply_import(session, preview, cancel_after_two)
    assert snapshot(database) == []


def test_a_stakeholder_removed_after_the_preview_stops_the_import(database: Database) -> None:
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Anna Berg", account="Nordlicht", email="anna@nordlicht.se"))
    records = [ContactRecord("Ingrid Østergård", "Fjordkraft", line=2),
               ContactRecord("Anna Berg", "Nordlicht", title="CFO", line=3)]
    with database.transaction() as session:
        preview = preview_import(session, records)
    with database.transaction() as session:
        remove_stakeholder(session, find_stakeholder(session, "Anna Berg"))
    with pytest.raises(CadenceError, match="line 3: stakeholder #1 was removed or changed"), \
            database.transaction() as session:
        apply_import(session, preview)
    assert snapshot(database) == []


def test_a_known_email_without_organisation_still_updates(database: Database) -> None:
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Zoë Ångström", account="Nordlicht", email="zoe@nordlicht.se"))
        preview = preview_import(session, [
            ContactRecord("Zoe", email="ZOE@nordlicht.se", phone="+46 70 555 0101", line=2)])
        apply_import(session, preview)
    (zoe,) = snapshot(database)
    assert (zoe["name"], zoe["account"], zoe["phone"]) == (
        "Zoë Ångström", "Nordlicht", "+46 70 555 0101")  # the curated name is kept


@pytest.mark.parametrize("name", ["google.csv", "nextcloud-4.0.vcf"])
def test_importing_in_one_pass_decides_and_does_the_same(
    database: Database, fixtures: Path, tmp_path: Path, name: str
) -> None:
    planned = import_file(database, fixtures / name)
    other = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    contacts = read_contacts(fixtures / name)
    with other.transaction() as session:
        done = import_contacts(session, contacts.records, contacts.errors)
    assert [(r.line, r.action, r.reason) for r in done.rows] == [
        (r.line, r.action, r.reason) for r in planned.rows]
    assert snapshot(other) == snapshot(database)
    other.close()


def test_the_preview_names_an_account_an_update_moves_someone_to(database: Database,
                                                                 fixtures: Path) -> None:
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Zoë Ångström", account="Nordlicht Energi (old name)",
            email="zoe.angstrom@nordlicht.se", timezone="Europe/Stockholm"))
    preview = preview_file(database, fixtures / "apple-3.0.vcf")
    moved = preview.of(Action.UPDATE)[0]
    assert "organisation" in moved.reason
    assert preview.new_accounts == ["Nordlicht Energi AB", "Sakura Robotics", "Wisła Logistics"]
