"""Keeps the subscription .ics file (named in the settings) current after every change."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from cadence.calendars.ics_export import ExportResult
from cadence.calendars.subscription import refresh_subscription
from cadence.settings import load_settings
from ui.tasks import TaskControl
from ui.workspace import Workspace

log = logging.getLogger(__name__)


class SubscriptionSync(QObject):
    """Rewrites the subscription file in the background, at most once per burst of changes.

    Signals:
        written(object): the :class:`ExportResult` of a rewrite.
    """

    written = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._timer = QTimer(self, singleShot=True, interval=500)
        self._timer.timeout.connect(self.refresh)
        for signal in (workspace.changes.plan, workspace.changes.stakeholders,
                       workspace.changes.settings):
            signal.connect(self._schedule)

    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Rewrite the file now, if the settings name one."""
        database, now = self._workspace.database, self._workspace.now()
        if not database_has_subscription(self._workspace):
            return

        def work(_control: TaskControl) -> ExportResult | None:
            with database.transaction() as session:
                return refresh_subscription(session, now=now)

        task = self._workspace.tasks.start("Updating the subscription file", work)
        task.succeeded.connect(self._done)
        task.failed.connect(self._failed)

    def _done(self, result: ExportResult | None) -> None:
        if result is not None:
            log.info("subscription %s rewritten (%d touchpoints)", result.path, result.exported)
            self.written.emit(result)

    def _failed(self, error: object) -> None:
        self._workspace.changes.failed.emit(f"The subscription file could not be updated: {error}")


def database_has_subscription(workspace: Workspace) -> bool:
    """True when the settings name a subscription file."""
    return bool(workspace.read(lambda s: load_settings(s).subscription_path.strip()))
