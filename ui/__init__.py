"""The Cadence desktop app (PySide6): it calls the core in ``cadence`` and holds no rules."""
