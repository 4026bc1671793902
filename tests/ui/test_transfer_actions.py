"""File menu actions: export/import contacts and the workspace, in the background."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cadence.contacts.reading import read_contacts
from cadence.stakeholders import StakeholderChanges, create_stakeholder, list_stakeholders
from cadence.storage.backup import list_backups
from cadence.storage.database import Database, open_database
from ui.contacts_dialog import ContactsImportDialog
from ui.transfer_actions import TransferActions

WAIT = 20_000


@pytest.fixture
def actions(qtbot: QtBot, database: Database) -> TransferActions:
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Zoë Ångström", account="Nordlicht Energi AB", email="zoe@nordlicht.se",
            timezone="Europe/Stockholm"))
    window = QWidget()
    qtbot.add_widget(window)
    return TransferActions(database, window)


def names(database: Database) -> list[str]:
    with database.transaction() as session:
        return [p.name for p in list_stakeholders(session)]


def test_the_menu_actions_have_shortcuts_and_status_tips(actions: TransferActions) -> None:
    texts = [a.text() for a in actions.actions()]
    assert texts == ["Import c&ontacts…", "E&xport contacts…", "Export &workspace…",
                     "Import wor&kspace…"]
    assert actions.import_contacts.shortcut().toString() == "Ctrl+Shift+I"
    assert all(a.statusTip() for a in actions.actions())


def test_import_contacts_opens_the_dialog(qtbot: QtBot, actions: TransferActions) -> None:
    dialog = actions.show_import_dialog()
    qtbot.add_widget(dialog)
    assert isinstance(dialog, ContactsImportDialog)
    assert dialog.isVisible()


@pytest.mark.parametrize("suffix", [".vcf", ".csv"])
def test_export_contacts(qtbot: QtBot, actions: TransferActions, tmp_path: Path,
                         suffix: str) -> None:
    path = tmp_path / f"book{suffix}"
    with qtbot.wait_signal(actions.finished, timeout=WAIT) as blocker:
        actions.export_contacts_to(path)
    assert blocker.args == [f"Exported 1 contact to {path}"]
    (zoe,) = read_contacts(path).records
    assert (zoe.name, zoe.timezone) == ("Zoë Ångström", "Europe/Stockholm")


def test_workspace_round_trip_replaces_after_a_backup(qtbot: QtBot, actions: TransferActions,
                                                      tmp_path: Path) -> None:
    saved = tmp_path / "workspace.json"
    with qtbot.wait_signal(actions.finished, timeout=WAIT):
        actions.export_workspace_to(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["format"] == "cadence-workspace"

    other = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    with other.transaction() as session:
        create_stakeholder(session, StakeholderChanges(name="Łukasz Żółć", account="Wisła"))
    window = QWidget()
    qtbot.add_widget(window)
    into_other = TransferActions(other, window)
    with qtbot.wait_signal(into_other.changed, timeout=WAIT):
        into_other.import_workspace_from(saved)
    assert names(other) == ["Zoë Ångström"]
    assert other.path is not None
    assert [b.reason for b in list_backups(other.path)] == ["before-import"]
    other.close()


def test_a_bad_workspace_file_changes_nothing(qtbot: QtBot, actions: TransferActions,
                                              database: Database, tmp_path: Path) -> None:
    bad = tmp_path / "workspace.json"
    with qtbot.wait_signal(actions.finished, timeout=WAIT):
        actions.export_workspace_to(bad)
    document = json.loads(bad.read_text(encoding="utf-8"))
    document["stakeholders"][0]["timezone"] = "Mars/Olympus_Mons"  # one bad field
    bad.write_text(json.dumps(document), encoding="utf-8")
    with qtbot.wait_signal(actions.failed, timeout=WAIT) as blocker, \
            qtbot.assert_not_emitted(actions.changed):
        actions.import_workspace_from(bad)
    assert "stakeholders[0]" in blocker.args[0]
    assert names(database) == ["Zoë Ångström"]
