"""The rules a workspace file's records must keep beyond their types.

A record that is well typed can still be one the app would never have written: a weekday 9,
a channel nobody knows, a maximum silence shorter than the minimum gap, a budget of a trillion
touches. Saved, such a record breaks later plans, exports and reminders, so ``import json``
refuses it with the same rules (and messages) as the commands that edit records by hand, and
names the field by its JSON name. The caller prefixes the record's path. A check returns the
values cleaned as the commands clean them (outer spaces trimmed, channels and topics in their
stored case), which the caller stores instead of the file's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from cadence.accounts import check_account_fields
from cadence.budget import Budget
from cadence.catalogue import KindChanges, edit_kind, validate_key
from cadence.commitments import check_effort, check_what
from cadence.errors import ValidationError
from cadence.events import check_event_fields
from cadence.holiday_regions import FIELD as HOLIDAYS_FIELD
from cadence.holiday_regions import FROM_ZONE
from cadence.interactions import check_day_has_come
from cadence.models import ManagerSettings, TouchpointKind
from cadence.settings import SettingsChanges, apply_settings
from cadence.stakeholders import StakeholderChanges, check_changes
from cadence.timezones import zone
from cadence.vocabulary import CommitmentStatus, clean_topics

RecordCheck = Callable[[dict[str, Any], datetime], dict[str, Any]]
"""Checks one decoded record (column name to value) as of the import's current instant and
returns the columns it cleaned; raises :class:`ValidationError`."""

#: The longest an event may run, as ``event add --days`` allows.
_LONGEST_EVENT = timedelta(days=366)


@contextmanager
def _json_names(names: dict[str, str]) -> Iterator[None]:
    """Rename the fields of errors raised inside from option names to JSON column names."""
    try:
        yield
    except ValidationError as err:
        raise ValidationError(names.get(err.field, err.field), err.message) from err


def check_settings(values: dict[str, Any], settings: ManagerSettings) -> None:
    """Check the file's settings and apply them to ``settings``."""
    changes = SettingsChanges(
        name=values["name"], timezone=values["timezone"], work_days=values["work_days"],
        work_hours=(values["work_start"], values["work_end"]),
        weekly_capacity_hours=values["weekly_capacity_hours"],
        alarm_minutes=values["alarm_minutes"], alarm_off=values["alarm_minutes"] is None,
        reminder_lead_minutes=values["reminder_lead_minutes"],
        event_invite_lead_days=values["event_invite_lead_days"],
        subscription_path=values["subscription_path"],
        # Null in the file follows the zone, whatever the replaced workspace had.
        public_holidays=values["public_holidays"] or FROM_ZONE,
        # Null in the file is no limit, as in every workspace before the limit existed.
        weekly_touch_limit=values["weekly_touch_limit"],
        touch_limit_off=values["weekly_touch_limit"] is None,
    )
    with _json_names({"work_hours": "work_end", HOLIDAYS_FIELD: "public_holidays"}):
        apply_settings(settings, changes)


def check_kind(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """A kind's key is a slug; its scores, minutes and name are in range."""
    validate_key(values["key"])
    changes = KindChanges(
        name=values["name"], value=values["value"], pressure=values["pressure"],
        duration_minutes=values["duration_minutes"], prep_minutes=values["prep_minutes"],
        channel=values["channel"], purpose=values["purpose"],
        description=values["description"],
        reminder_lead_minutes=values["reminder_lead_minutes"],
    )
    names = {"duration": "duration_minutes", "prep": "prep_minutes",
             "reminder-lead": "reminder_lead_minutes"}
    kind = TouchpointKind()
    with _json_names(names):
        edit_kind(kind, changes)
    return {name: getattr(kind, name) for name in (
        "name", "value", "pressure", "duration_minutes", "prep_minutes", "channel", "purpose",
        "description", "reminder_lead_minutes")}


def check_account(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """An account has a name and a tier from 1 to 3."""
    check_account_fields(values["name"], values["tier"])
    return {"name": values["name"].strip(), "notes": values["notes"].strip()}


def check_stakeholder(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """The same rules as ``stakeholder add``: weekdays 0-6, known channels, a budget in range,
    a maximum silence no shorter than the minimum gap, reachable hours in order, and so on."""
    with _json_names({"budget": "budget_max", "min-gap": "min_gap_days",
                      "max-silence": "max_silence_days", "days": "reachable_days",
                      "hours": "reachable_end", HOLIDAYS_FIELD: "public_holidays"}):
        changes = StakeholderChanges(
            name=values["name"], role=values["role"], email=values["email"],
            phone=values["phone"], timezone=values["timezone"],
            importance=values["importance"],
            budget=Budget(values["budget_max"], values["budget_period"]),
            min_gap_days=values["min_gap_days"], max_silence_days=values["max_silence_days"],
            interests=values["interests"], avoid_topics=values["avoid_topics"],
            channels=values["channels"], reachable_days=values["reachable_days"],
            reachable_hours=(values["reachable_start"], values["reachable_end"]),
            notes=values["notes"], public_holidays=values["public_holidays"],
        )
        return check_changes(changes)


def check_kind_preference(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """A stakeholder either likes or dislikes a kind."""
    if values["attitude"] not in ("like", "dislike"):
        raise ValidationError("attitude", f"{values['attitude']!r} is not 'like' or 'dislike'")
    return {}


def check_event(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """An event has a name, seats, an end after its start (at most 366 days on) and a lead time
    of 0-365 days; its page, if any, is a web address."""
    with _json_names({"lead": "invite_lead_days"}):
        check_event_fields(values["name"], values["seats"], values["invite_lead_days"],
                           values["url"])
    _check_span(values, _LONGEST_EVENT)
    return {"name": values["name"].strip(), "location": values["location"].strip(),
            "url": values["url"].strip(), "topics": clean_topics(values["topics"])}


def check_commitment(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """A promise says what; its effort is in range; it has a delivery day if and only if it
    was delivered."""
    what = check_what(values["what"])
    check_effort(values["effort_hours"], "effort_hours")
    delivered = values["status"] is CommitmentStatus.DELIVERED
    if delivered != (values["delivered_on"] is not None):
        raise ValidationError("delivered_on", "a delivered promise needs its delivery day, "
                                              "and only a delivered one has one")
    return {"what": what}


def check_interaction(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A quality, if given, is from 1 to 5; the interaction has happened by ``now``."""
    quality = values["quality"]
    if quality is not None and not 1 <= quality <= 5:
        raise ValidationError("quality", f"{quality} is not from 1 to 5")
    # By its day in its zone, as ``log`` checks: a day logged today is stored at noon, which
    # may still be ahead of ``now``.
    zone_name = values["timezone"]
    with _json_names({"when": "occurred_at"}):
        check_day_has_come(values["occurred_at"].astimezone(zone(zone_name)).date(), zone_name,
                           now)
    return {}


def check_span(values: dict[str, Any], _now: datetime) -> dict[str, Any]:
    """A touch or busy time ends after it starts."""
    _check_span(values, None)
    return {}


def _check_span(values: dict[str, Any], longest: timedelta | None) -> None:
    starts, ends = values["starts_at"], values["ends_at"]
    if ends <= starts:
        raise ValidationError("ends_at", "ends before it starts")
    if longest is not None and ends - starts > longest:
        raise ValidationError("ends_at", f"runs for more than {longest.days} days")
