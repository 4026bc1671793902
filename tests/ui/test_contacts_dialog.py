"""The contacts import dialog: file, format, columns, preview, import; errors shown; labelled
like the other dialogs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cadence.contacts.importer import ImportCancelled, ImportResult
from cadence.stakeholders import StakeholderChanges, create_stakeholder, list_stakeholders
from cadence.storage.database import Database
from ui.contacts_dialog import ContactsImportDialog, contacts_progress, guess_columns
from ui.tasks import TaskControl, TaskRunner

FIXTURES = Path(__file__).parents[1] / "core" / "contacts" / "fixtures"
WAIT = 20_000  # ms; the machine is shared, the work itself takes well under a second


def names(database: Database) -> list[str]:
    with database.transaction() as session:
        return sorted(p.name for p in list_stakeholders(session))


def make_dialog(qtbot: QtBot, database: Database) -> ContactsImportDialog:
    dialog = ContactsImportDialog(database)
    qtbot.add_widget(dialog)
    return dialog


def column(dialog: ContactsImportDialog, col: int) -> list[str]:
    model = dialog.proxy
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_a_google_export_is_previewed_then_imported(qtbot: QtBot, database: Database,
                                                    qtmodeltester: ModelTester) -> None:
    dialog = make_dialog(qtbot, database)
    with qtbot.wait_signal(dialog.previewed, timeout=WAIT):
        dialog.load_file(FIXTURES / "google.csv")

    assert dialog.columns_box.isHidden()  # a known export needs no column mapping
    assert column(dialog, 0) == ["2", "4", "5", "6", "7", "8"]
    assert column(dialog, 1) == ["Create", "Create", "Create", "Skip", "Skip", "Error"]
    error = dialog.proxy.index(5, 4)
    assert error.data() == "email: 'priya at nordlicht.se' is not an email address"
    assert error.data(Qt.ItemDataRole.ForegroundRole) is not None  # shown in red
    assert "3 to create, 0 to update, 2 skipped, 1 error" in dialog.summary_label.text()
    assert "1 row cannot be imported" in dialog.error_label.text()
    qtmodeltester.check(dialog.preview_model)
    assert names(database) == []  # a preview writes nothing

    dialog.show_combo.setCurrentText("Error")
    assert column(dialog, 2) == ["Priya Natarajan"]

    assert dialog.import_button.isEnabled()
    with qtbot.wait_signal(dialog.imported, timeout=WAIT) as blocker:
        dialog.import_button.click()
    result = blocker.args[0]
    assert isinstance(result, ImportResult)
    assert (result.created, result.updated) == (3, 0)
    assert names(database) == ["Zoë Ångström", "Łukasz Żółć", "山田 太郎"]


def test_a_generic_csv_asks_for_columns_and_shows_the_first_rows(
    qtbot: QtBot, database: Database, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    sheet = tmp_path / "crm.csv"
    rows = [f"Person {n},Konto {n % 3} AS,person{n}@konto.no,Europe/Oslo" for n in range(30)]
    sheet.write_text("Full Name,Company,E-mail,Where\n" + "\n".join(rows) + "\n",
                     encoding="utf-8")
    dialog = make_dialog(qtbot, database)
    dialog.load_file(sheet)
    qtbot.wait_until(lambda: not dialog.columns_box.isHidden(), timeout=WAIT)

    assert dialog.format_key() == "csv"
    sample = dialog.sample_model
    qtmodeltester.check(sample)
    assert sample.rowCount() == 20  # the first rows only
    assert [sample.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Full Name", "Company", "E-mail", "Where"]
    assert sample.index(0, 0).data() == "Person 0"
    assert dialog.mapping() == {"name": "Full Name", "organisation": "Company",
                                "email": "E-mail"}  # guessed from the headers
    dialog.set_column("timezone", "Where")

    with qtbot.wait_signal(dialog.previewed, timeout=WAIT):
        dialog.preview_button.click()
    assert dialog.preview_model.rowCount() == 30
    with qtbot.wait_signal(dialog.imported, timeout=WAIT):
        dialog.import_button.click()
    with database.transaction() as session:
        people = list_stakeholders(session)
        assert len(people) == 30
        assert {p.timezone for p in people} == {"Europe/Oslo"}


def test_an_unreadable_file_is_reported_and_nothing_can_be_imported(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    garbage = tmp_path / "contacts.vcf"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    dialog = make_dialog(qtbot, database)
    with qtbot.wait_signal(dialog.failed, timeout=WAIT) as blocker:
        dialog.load_file(garbage)
    assert "contacts.vcf:1: not UTF-8 text" in blocker.args[0]
    assert "not UTF-8 text" in dialog.error_label.text()
    assert not dialog.error_label.isHidden()
    assert not dialog.import_button.isEnabled()
    assert not dialog.is_busy()


def test_changing_the_format_drops_the_preview(qtbot: QtBot, database: Database) -> None:
    dialog = make_dialog(qtbot, database)
    with qtbot.wait_signal(dialog.previewed, timeout=WAIT):
        dialog.load_file(FIXTURES / "google.csv")
    assert dialog.import_button.isEnabled()
    with qtbot.wait_signal(dialog.failed, timeout=WAIT) as blocker:
        dialog.set_format("vcard")
    assert "no vCard found" in blocker.args[0]
    assert dialog.preview_model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_cancel_stops_a_step_and_its_transaction_rolls_back(qtbot: QtBot,
                                                            database: Database) -> None:
    runner = TaskRunner()
    go_on = threading.Event()

    def step(control: TaskControl) -> object:
        progress = contacts_progress(control)
        with database.transaction() as session:
            create_stakeholder(session, StakeholderChanges(name="Anna Berg", account="Nordlicht"))
            progress(1, 2)
            go_on.wait(WAIT / 1000)
            progress(2, 2)
        return None

    task = runner.start("Importing", step)
    with qtbot.wait_signal(task.progressed, timeout=WAIT):
        pass  # the task's reports arrive through the event loop, run while waiting
    with qtbot.wait_signal(task.failed, timeout=WAIT,
                           check_params_cb=lambda error: isinstance(error, ImportCancelled)), \
            qtbot.assert_not_emitted(task.succeeded):
        task.cancel()
        go_on.set()
    assert runner.wait(WAIT)
    assert names(database) == []


def test_columns_are_guessed_from_spreadsheet_headers() -> None:
    assert guess_columns(["Full Name", "Company name", "E-mail", "Phone number", "Comments",
                          "Where"]) == {
        "name": "Full Name", "organisation": "Company name", "email": "E-mail",
        "phone": "Phone number", "notes": "Comments"}
    assert guess_columns(["Contact", "Organisation", "Email Address", "Mobile"]) == {
        "name": "Contact", "organisation": "Organisation", "email": "Email Address",
        "phone": "Mobile"}


def test_enter_in_the_file_field_reads_the_file_without_opening_a_picker(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    picked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args: picked.append("picker") or ("", ""))
    dialog = make_dialog(qtbot, database)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(FIXTURES / "google.csv"))
    with qtbot.wait_signal(dialog.previewed, timeout=WAIT):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert picked == []
    assert dialog.isVisible()


def test_labels_and_buttons_read_like_the_other_dialogs(qtbot: QtBot, database: Database,
                                                        tmp_path: Path) -> None:
    sheet = tmp_path / "crm.csv"
    sheet.write_text("Full Name,Company\nAda Park,Konto AS\n", encoding="utf-8")
    dialog = make_dialog(qtbot, database)
    dialog.show()
    dialog.load_file(sheet)  # a generic CSV: the column mapping shows
    qtbot.wait_until(lambda: not dialog.columns_box.isHidden(), timeout=WAIT)

    forms = dialog.findChildren(QFormLayout)
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
              for form in forms for row in range(form.rowCount())]
    shown = [label.text() for label in labels if isinstance(label, QLabel)]
    assert shown == ["File", "Format", "Name", "Given name", "Family name", "Organisation",
                     "Title", "Email", "Phone", "Time zone", "Notes", "Categories"]
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)  # worded by Qt
    texts = [w.text() for w in [*dialog.findChildren(QLabel),
                                *dialog.findChildren(QAbstractButton)]
             if w.isVisible() and w.text() and w is not close]
    assert {"Show", "Browse…", "Preview", "Import"} <= set(texts)
    # No mnemonic ampersands, no colon after a label: as in Settings, Events and the rest.
    assert not [text for text in texts if "&" in text or text.endswith(":")]
