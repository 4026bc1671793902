"""The Cadence desktop app (PySide6). It calls the core in ``cadence``; it holds no business rules."""
