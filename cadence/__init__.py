"""Cadence: plan fewer, higher-value contacts with the stakeholders you look after.

The core package holds the domain, storage, planner, calendars, reminders and the CLI. It never
imports Qt or the ``ui`` package (an import-linter contract enforces that).
"""

__version__ = "0.1.0"
