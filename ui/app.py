"""Entry point of the desktop app: open the database (a demo on first run), show the window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTableView

from cadence.demo import create_demo_workspace, workspace_is_empty
from cadence.errors import CadenceError
from cadence.settings import load_settings
from cadence.stakeholders import list_stakeholders
from cadence.storage.database import Database, open_database
from cadence.storage.locations import database_url
from cadence.timezones import today_in


def open_workspace(url: str) -> Database:
    """Open the database and create the demo workspace if it is brand new."""
    database = open_database(url)
    with database.transaction() as session:
        if workspace_is_empty(session):
            create_demo_workspace(session, today_in(load_settings(session).timezone))
    return database


def main(argv: list[str] | None = None) -> int:
    """Run the app."""
    parser = argparse.ArgumentParser(prog="cadence-app")
    parser.add_argument("--db", metavar="PATH_OR_URL")
    args, qt_args = parser.parse_known_args(argv)
    app = QApplication([sys.argv[0], *qt_args])
    try:
        database = open_workspace(database_url(args.db))
    except CadenceError as err:
        QMessageBox.critical(None, "Cadence", str(err))
        return 2
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Name", "Account", "Importance", "Budget"])
    with database.transaction() as session:
        for person in list_stakeholders(session):
            model.appendRow([QStandardItem(str(v)) for v in
                             (person.name, person.account.name, person.importance, person.budget)])
    window = QMainWindow()
    window.setWindowTitle("Cadence")
    view = QTableView()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(900, 600)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
