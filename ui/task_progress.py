"""A status-bar widget that shows the running background task with its progress and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ui.tasks import Task, TaskRunner


class TaskProgress(QWidget):
    """Hidden while idle; shows the latest task's message, a progress bar and Cancel."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setStatusTip("Stop the running task")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._task: Task | None = None
        self.cancel_button.clicked.connect(self.cancel)
        runner.started.connect(self.track)
        self.hide()

    def track(self, task: Task) -> None:
        """Follow ``task`` until it finishes."""
        self._task = task
        self.label.setText(task.name)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        task.progressed.connect(self._progress)
        # Bound methods only: Qt drops them with this widget, while a task may outlive it.
        task.finished.connect(self._finished)
        self.show()

    def cancel(self) -> None:
        """Ask the followed task to stop."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(f"{self._task.name}: stopping…")

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(fraction * 100))
        if message and self._task is not None and not self._task.cancelled:
            self.label.setText(message)

    def _finished(self) -> None:
        if self.sender() is self._task:
            self._task = None
            self.hide()
