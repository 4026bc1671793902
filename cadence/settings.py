"""The account manager's settings: read with defaults, validated on change."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import time

from sqlalchemy.orm import Session
from tzlocal import get_localzone_name

from cadence.catalogue import seed_default_kinds
from cadence.errors import ValidationError
from cadence.field_checks import WEEK_MINUTES, check_between, one_line
from cadence.holiday_regions import check_holidays_setting
from cadence.models import ManagerSettings
from cadence.timezones import validate_zone, zone
from cadence.vocabulary import format_weekdays

log = logging.getLogger(__name__)

#: The highest weekly touch limit one may set (a typo such as 5000 is refused, not saved).
MAX_WEEKLY_TOUCHES = 500


def local_zone_name() -> str:
    """The machine's IANA zone name, or ``UTC`` where it cannot be told."""
    try:
        name = get_localzone_name()
        zone(name)
    except Exception:
        return "UTC"
    return name or "UTC"


def load_settings(session: Session) -> ManagerSettings:
    """The settings row, creating the workspace defaults (and the kind catalogue) on first use.

    A missing settings row means a brand-new workspace, so that is where the catalogue is
    seeded: a user who later deletes every kind does not get them back behind their back.
    """
    settings = session.get(ManagerSettings, 1)
    if settings is None:
        settings = ManagerSettings(id=1, timezone=local_zone_name())
        session.add(settings)
        seed_default_kinds(session)
        session.flush()
        log.info("initialised a new workspace (zone %s)", settings.timezone)
    return settings


@dataclass(slots=True)
class SettingsChanges:
    """Settings to change; ``None`` leaves a setting as it is (``alarm_off`` clears the alarm,
    ``touch_limit_off`` the weekly touch limit; ``public_holidays`` ``"zone"`` has the holidays
    follow the zone again)."""

    name: str | None = None
    timezone: str | None = None
    work_days: list[int] | None = None
    work_hours: tuple[time, time] | None = None
    weekly_capacity_hours: float | None = None
    alarm_minutes: int | None = None
    alarm_off: bool = False
    reminder_lead_minutes: int | None = None
    event_invite_lead_days: int | None = None
    subscription_path: str | None = None
    public_holidays: str | None = None
    weekly_touch_limit: int | None = None
    touch_limit_off: bool = False


def apply_settings(settings: ManagerSettings, changes: SettingsChanges) -> None:
    """Validate ``changes`` whole, then apply them.

    Raises:
        ValidationError: naming the first invalid setting; nothing is changed.
    """
    values: dict[str, object] = {}
    if changes.timezone is not None:
        values["timezone"] = validate_zone(changes.timezone.strip())
    if changes.work_days is not None:
        if not changes.work_days:
            raise ValidationError("work_days", "pick at least one working day")
        if any(not 0 <= d <= 6 for d in changes.work_days):
            raise ValidationError("work_days", f"{changes.work_days!r} are not weekdays 0-6")
        values["work_days"] = sorted(set(changes.work_days))
    if changes.work_hours is not None:
        start, end = changes.work_hours
        if start >= end:
            raise ValidationError("work_hours", "the working day ends before it starts")
        values["work_start"], values["work_end"] = start, end
    if changes.weekly_capacity_hours is not None:
        hours = changes.weekly_capacity_hours
        if not 0 <= hours <= 80:
            raise ValidationError("weekly_capacity_hours", f"{hours:g} hours is not 0-80")
        values["weekly_capacity_hours"] = hours
    for field, value, limit in (
        ("alarm_minutes", changes.alarm_minutes, WEEK_MINUTES),
        ("reminder_lead_minutes", changes.reminder_lead_minutes, WEEK_MINUTES),
        ("event_invite_lead_days", changes.event_invite_lead_days, 365),
        ("weekly_touch_limit", changes.weekly_touch_limit, MAX_WEEKLY_TOUCHES),
    ):
        if value is not None:
            values[field] = check_between(value, 0, limit, field)
    if changes.alarm_off:
        values["alarm_minutes"] = None
    if changes.touch_limit_off:
        values["weekly_touch_limit"] = None
    if changes.name is not None:
        # It goes into invitations' titles ("Coffee check-in with Mia Manager"): one line.
        values["name"] = one_line(changes.name, "name")
    if changes.subscription_path is not None:
        values["subscription_path"] = changes.subscription_path.strip()
    if changes.public_holidays is not None:
        values["public_holidays"] = check_holidays_setting(changes.public_holidays)
    for field, new in values.items():
        setattr(settings, field, new)


def settings_as_json(settings: ManagerSettings) -> dict[str, object]:
    """The settings for JSON output."""
    return {
        "name": settings.name,
        "timezone": settings.timezone,
        "work_days": format_weekdays(settings.work_days),
        "work_hours": f"{settings.work_start:%H:%M}-{settings.work_end:%H:%M}",
        "weekly_capacity_hours": settings.weekly_capacity_hours,
        "alarm_minutes": settings.alarm_minutes,
        "reminder_lead_minutes": settings.reminder_lead_minutes,
        "event_invite_lead_days": settings.event_invite_lead_days,
        "public_holidays": settings.public_holidays,
        "weekly_touch_limit": settings.weekly_touch_limit,
    }
