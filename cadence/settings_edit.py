"""Validated changes to the manager's settings (working hours and zone, capacity, alarms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from cadence.errors import ValidationError
from cadence.models import ManagerSettings
from cadence.timezones import validate_zone


@dataclass(frozen=True, slots=True)
class SettingsChanges:
    """A complete set of the editable settings (the settings dialog shows them all)."""

    name: str
    timezone: str
    work_days: list[int]
    work_start: time
    work_end: time
    weekly_capacity_hours: float
    alarm_minutes: int | None
    reminder_lead_minutes: int
    subscription_path: str


def apply_settings_changes(settings: ManagerSettings, changes: SettingsChanges) -> None:
    """Validate ``changes`` whole, then write them to ``settings``.

    Raises:
        ValidationError: naming the first invalid field; nothing is changed.
    """
    zone_name = validate_zone(changes.timezone.strip())
    if not changes.work_days or any(not 0 <= d <= 6 for d in changes.work_days):
        raise ValidationError("work_days", "pick at least one working day")
    if changes.work_start >= changes.work_end:
        raise ValidationError("work_hours", "the working day ends before it starts")
    if not 0 <= changes.weekly_capacity_hours <= 80:
        raise ValidationError(
            "weekly_capacity_hours",
            f"{changes.weekly_capacity_hours:g} hours is not between 0 and 80",
        )
    if changes.alarm_minutes is not None and not 0 <= changes.alarm_minutes <= 7 * 24 * 60:
        raise ValidationError("alarm_minutes", f"{changes.alarm_minutes} is not 0-10080 minutes")
    if not 0 <= changes.reminder_lead_minutes <= 7 * 24 * 60:
        raise ValidationError(
            "reminder_lead_minutes", f"{changes.reminder_lead_minutes} is not 0-10080 minutes"
        )
    settings.name = changes.name.strip()
    settings.timezone = zone_name
    settings.work_days = sorted(set(changes.work_days))
    settings.work_start = changes.work_start
    settings.work_end = changes.work_end
    settings.weekly_capacity_hours = changes.weekly_capacity_hours
    settings.alarm_minutes = changes.alarm_minutes
    settings.reminder_lead_minutes = changes.reminder_lead_minutes
    settings.subscription_path = changes.subscription_path.strip()
