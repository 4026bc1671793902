"""Entry point of the desktop app: logging, crash handling, the database, the window.

``cadence-app [--db PATH_OR_URL]`` opens the workspace (creating the demo workspace on the very
first run), routes Qt's messages and every log record to a rotating file in the platform log
directory, and shows unexpected exceptions in a crash dialog instead of losing them.
"""

from __future__ import annotations

import argparse
import gc
import logging
import logging.handlers
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from cadence.demo import create_demo_workspace, workspace_is_empty
from cadence.errors import CadenceError
from cadence.settings import load_settings
from cadence.storage.backup import backup_on_start
from cadence.storage.database import Database, open_database
from cadence.storage.locations import database_url, log_dir
from cadence.timezones import today_in
from cadence.touchpoints import touchpoint_count
from ui.main_window import MainWindow
from ui.resources import apply_look, icon
from ui.settings_dialog import DATABASE_KEY
from ui.workspace import Workspace

log = logging.getLogger(__name__)

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def setup_logging(directory: Path, verbose: bool = False) -> Path:
    """Send log records to a rotating file (5 x 1 MB) in ``directory``; returns its path."""
    path = directory / "cadence-app.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    qInstallMessageHandler(_qt_message)
    return path


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Route Qt's own warnings into logging (category as the logger name)."""
    logger = logging.getLogger(f"qt.{context.category or 'default'}")
    logger.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def install_crash_handler(log_path: Path) -> None:
    """Show unexpected exceptions in a dialog (with the log path) and log them."""

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        text = "".join(traceback.format_exception(kind, error, tb))
        log.critical("unexpected error\n%s", text)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Cadence hit a bug",
                          f"Something went wrong that Cadence did not expect:\n\n{error}\n\n"
                          f"Your data is safe: the action was not saved. The details are in "
                          f"{log_path}.")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def open_workspace(url: str) -> Database:
    """Back up the database, open it, and fill it with the demo workspace if it is brand new."""
    backup_on_start(url)
    database = open_database(url)
    with database.transaction() as session:
        if workspace_is_empty(session):
            create_demo_workspace(session, today_in(load_settings(session).timezone))
            log.info("created the demo workspace in %s", url)
    return database


def _open_chosen(given: str | None, remembered: str) -> Database | None:
    """Open the workspace named by ``--db``, else the one chosen in Settings, else the default.

    When the one chosen in Settings cannot be opened (its drive is not mounted, its folder was
    renamed), the default workspace is offered instead of a dead end. ``None``: nothing was
    opened, and the user was told why.
    """
    try:
        return open_workspace(database_url(given or remembered or None))
    except CadenceError as err:
        log.error("cannot open the workspace: %s", err)
        if given or not remembered:
            QMessageBox.critical(None, "Cadence", f"Cadence cannot open its workspace.\n\n{err}")
            return None
        answer = QMessageBox.question(
            None, "Cadence", f"Cadence cannot open the workspace chosen in Settings.\n\n{err}\n\n"
            "Open the default workspace instead? (Settings keeps your choice until you clear it.)")
        if answer != QMessageBox.StandardButton.Yes:
            return None
    try:
        return open_workspace(database_url(None))
    except CadenceError as err:
        log.error("cannot open the default workspace: %s", err)
        QMessageBox.critical(None, "Cadence", f"Cadence cannot open its workspace.\n\n{err}")
        return None


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt."""
    parser = argparse.ArgumentParser(prog="cadence-app",
                                     description="Plan fewer, better client contacts.")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="workspace database (default: $CADENCE_DB or the user data dir)")
    parser.add_argument("--verbose", action="store_true", help="log debug messages")
    return parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the exit status."""
    args, qt_args = parse_args(argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        [sys.argv[0], *qt_args])
    app.setOrganizationName("Cadence")
    app.setApplicationName("Cadence")
    app.setWindowIcon(icon("app"))
    apply_look(app)
    log_path = setup_logging(log_dir(), args.verbose)
    install_crash_handler(log_path)
    qsettings = QSettings()
    database = _open_chosen(args.db, str(qsettings.value(DATABASE_KEY, "") or ""))
    if database is None:
        return 2
    workspace = Workspace(database)
    window = MainWindow(workspace, qsettings)
    window.show()
    window.install_reminders()
    # What the window holds by now (Qt's wrappers, the rows of every stakeholder) lives as long
    # as the app or is freed by reference counting: left out of the cycle collector's full
    # passes, which took 0.22 s of the GUI thread each with 5,000 stakeholders.
    gc.freeze()
    if workspace.read(touchpoint_count) == 0:
        window.replan()  # a new workspace opens on a first plan, made in the background
    try:
        return app.exec()
    finally:
        database.close()


if __name__ == "__main__":
    sys.exit(main())
