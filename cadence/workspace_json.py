"""The whole workspace as one versioned JSON document (``cadence export json`` / ``import json``).

Format ``cadence-workspace`` version 1 (documented in the README): a JSON object with
``format``, ``version``, ``exported_at`` and one list per table: ``kinds``, ``accounts``,
``stakeholders``, ``events``, ``interactions``, ``commitments``, ``touchpoints``,
``busy_blocks``, ``withdrawn_entries`` and ``published_entries`` (absent from older files),
plus the ``settings``
object. Records keep their ids so that references
between them (and calendar UIDs) survive a round trip. Instants are ISO 8601 in UTC with the
zone name beside them; dates are ``YYYY-MM-DD``; times ``HH:MM``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cadence.atomic_write import write_text_atomically
from cadence.errors import CadenceError, FileFormatError, ValidationError
from cadence.models import (
    Account,
    BusyBlock,
    Commitment,
    Event,
    Interaction,
    KindPreference,
    Notification,
    PlanRun,
    PublishedEntry,
    Stakeholder,
    Touchpoint,
    TouchpointKind,
    WithdrawnEntry,
)
from cadence.models.touchpoint import calendar_loads
from cadence.name_match import same_name_key
from cadence.settings import load_settings
from cadence.timezones import check_year, utcnow, validate_zone
from cadence.vocabulary import (
    LARGEST_NUMBER,
    Channel,
    CommitmentStatus,
    KindPurpose,
    Period,
    TouchpointStatus,
)
from cadence.wording import counted
from cadence.workspace_checks import (
    RecordCheck,
    check_account,
    check_commitment,
    check_event,
    check_interaction,
    check_kind,
    check_kind_preference,
    check_settings,
    check_span,
    check_stakeholder,
)

FORMAT = "cadence-workspace"
VERSION = 1

Decoder = Callable[[Any], Any]


def _shown(value: Any) -> str:
    """``value`` as the file has it (``true``, ``"abc"``), for an error message."""
    return json.dumps(value, ensure_ascii=False)


def _instant(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError(f"{_shown(text)} has no UTC offset")
    _in_years(value.date())
    return value


def _time(text: Any) -> time:
    return time.fromisoformat(str(text))


def _day(text: Any) -> date:
    return _in_years(date.fromisoformat(str(text)))


def _in_years(day: date) -> date:
    try:
        return check_year(day, "date")
    except ValidationError as err:  # a decoder's error is named by its JSON path instead
        raise ValueError(err.message) from err


def _optional(decode: Decoder) -> Decoder:
    return lambda v: None if v is None else decode(v)


def _str_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of strings")
    return list(value)


def _int_list(value: Any) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise ValueError("expected a list of whole numbers")
    return list(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{_shown(value)} is not a whole number")
    if abs(value) > LARGEST_NUMBER:
        raise ValueError(f"{value} is too large")
    return value


def _minutes(value: Any) -> int:
    minutes = _int(value)
    if minutes < 0:
        raise ValueError(f"{minutes} minutes is negative")
    return minutes


def _non_negative(value: Any) -> int:
    number = _int(value)
    if number < 0:
        raise ValueError(f"{number} is negative")
    return number


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{_shown(value)} is not a number")
    if not math.isfinite(value) or abs(value) > LARGEST_NUMBER:
        raise ValueError(f"{_shown(value)} is not a number Cadence can use")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{_shown(value)} is not text")
    return value


def _zone(value: Any) -> str:
    return validate_zone(_text(value))


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{_shown(value)} is not true or false")
    return value


@dataclass(frozen=True)
class Table:
    """How one list in the document maps to a model: column name to decoder, and the rules
    its records keep."""

    key: str
    model: type[Any]
    columns: dict[str, Decoder]
    optional: frozenset[str] = frozenset()
    """Columns added after version 1 was defined: a file without them reads them as null,
    which stores the column's default where it has one (a busy block's ``sequence`` 0)."""
    check: RecordCheck | None = None
    refs: dict[str, str] = field(default_factory=dict)
    """Columns that hold the id of a record in an earlier list (named by its key)."""
    unique: tuple[tuple[str, ...], ...] = (("id",),)
    """Column sets no two records share (names compared as people read them)."""
    distinct_from: dict[str, str] = field(default_factory=dict)
    """Columns whose value no record of another list (named by its key) may share."""
    store: Callable[[Session, dict[str, Any]], None] | None = None
    """How to store a record when a plain insert would not do."""


def _keep_withdrawn(session: Session, values: dict[str, Any]) -> None:
    """A withdrawn entry from the file, or, if the replaced workspace left one with its UID,
    that one with the higher ``SEQUENCE`` (calendars may hold either)."""
    kept = session.get(WithdrawnEntry, values["uid"])
    if kept is None:
        session.add(WithdrawnEntry(**values))
    else:
        kept.sequence = max(kept.sequence, values["sequence"])


def _keep_published(session: Session, values: dict[str, Any]) -> None:
    """What a calendar file or addressee was sent; the replaced workspace's records stay (the
    files still hold those entries), so one both name is kept once."""
    if session.get(PublishedEntry, (values["target"], values["uid"])) is None:
        session.add(PublishedEntry(**values))


TABLES: tuple[Table, ...] = (
    Table("kinds", TouchpointKind, {
        "id": _int, "key": _text, "name": _text, "value": _int, "pressure": _int,
        "duration_minutes": _int, "prep_minutes": _int, "channel": Channel,
        "purpose": KindPurpose, "description": _text,
        "reminder_lead_minutes": _optional(_minutes),
    }, optional=frozenset({"reminder_lead_minutes"}), check=check_kind,
        unique=(("id",), ("key",))),
    Table("accounts", Account, {"id": _int, "name": _text, "tier": _int, "notes": _text},
          check=check_account, unique=(("id",), ("name",))),
    Table("stakeholders", Stakeholder, {
        "id": _int, "name": _text, "account_id": _int, "role": _text, "email": _text,
        "phone": _text, "timezone": _zone, "importance": _int, "interests": _str_list,
        "avoid_topics": _str_list, "notes": _text, "budget_max": _int, "budget_period": Period,
        "min_gap_days": _int, "max_silence_days": _int, "channels": _str_list,
        "reachable_days": _int_list, "reachable_start": _time, "reachable_end": _time,
        "public_holidays": _optional(_text),
    }, optional=frozenset({"public_holidays"}), check=check_stakeholder,
        refs={"account_id": "accounts"}),
    Table("kind_preferences", KindPreference, {
        "stakeholder_id": _int, "kind_id": _int, "attitude": _text,
    }, check=check_kind_preference, refs={"stakeholder_id": "stakeholders", "kind_id": "kinds"},
        unique=(("stakeholder_id", "kind_id"),)),
    Table("events", Event, {
        "id": _int, "name": _text, "starts_at": _instant, "ends_at": _instant,
        "timezone": _zone, "location": _text, "url": _text, "seats": _int,
        "topics": _str_list, "kind_id": _int, "invite_lead_days": _int, "notes": _text,
    }, check=check_event, refs={"kind_id": "kinds"}),
    Table("commitments", Commitment, {
        "id": _int, "stakeholder_id": _int, "what": _text, "due_on": _day,
        "status": CommitmentStatus, "delivered_on": _optional(_day), "effort_hours": _float,
        "created_at": _instant, "notes": _text, "first_due_on": _optional(_day),
        "missed_due_on": _optional(_day),
    }, optional=frozenset({"first_due_on", "missed_due_on"}), check=check_commitment,
        refs={"stakeholder_id": "stakeholders"}),
    Table("touchpoints", Touchpoint, {
        "id": _int, "stakeholder_id": _int, "kind_id": _int, "channel": Channel,
        "starts_at": _instant, "ends_at": _instant, "timezone": _zone,
        "status": TouchpointStatus, "value": _float, "reasons": _str_list, "agenda": _text,
        "event_id": _optional(_int), "commitment_id": _optional(_int),
        "status_reason": _text, "snoozed_until": _optional(_instant), "uid": _text,
        "sequence": _non_negative, "exported_at": _optional(_instant), "created_at": _instant,
        "updated_at": _instant, "published_digest": _optional(_text),
        "revised_at": _optional(_instant),
    }, optional=frozenset({"published_digest", "revised_at"}), check=check_span,
        refs={"stakeholder_id": "stakeholders", "kind_id": "kinds", "event_id": "events",
              "commitment_id": "commitments"},
        unique=(("id",), ("uid",))),
    Table("interactions", Interaction, {
        "id": _int, "stakeholder_id": _int, "occurred_at": _instant, "timezone": _zone,
        "kind_id": _int, "channel": Channel, "quality": _optional(_int), "notes": _text,
        "touchpoint_id": _optional(_int),
    }, check=check_interaction, refs={"stakeholder_id": "stakeholders", "kind_id": "kinds",
                                      "touchpoint_id": "touchpoints"}),
    Table("busy_blocks", BusyBlock, {
        "id": _int, "source": _text, "uid": _text, "starts_at": _instant, "ends_at": _instant,
        "timezone": _zone, "all_day": _bool, "summary": _text, "sequence": _non_negative,
        "revised_at": _optional(_instant),
    }, optional=frozenset({"sequence", "revised_at"}), check=check_span),
    Table("withdrawn_entries", WithdrawnEntry, {
        "uid": _text, "stakeholder_id": _optional(_int), "summary": _text, "starts_at": _instant,
        "ends_at": _instant, "timezone": _zone, "sequence": _non_negative, "withdrawn_at": _instant,
        "exported": _bool, "touchpoint_id": _optional(_int), "guest_title": _text,
        "attendee_email": _text, "attendee_name": _text,
    }, optional=frozenset({"exported", "touchpoint_id", "guest_title", "attendee_email",
                           "attendee_name"}),
        check=check_span, unique=(("uid",),), distinct_from={"uid": "touchpoints"},
        store=_keep_withdrawn),
    Table("published_entries", PublishedEntry, {"target": _text, "uid": _text},
          unique=(("target", "uid"),), store=_keep_published),
)

SETTINGS_COLUMNS: dict[str, Decoder] = {
    "name": _text, "timezone": _zone, "work_days": _int_list, "work_start": _time,
    "work_end": _time, "weekly_capacity_hours": _float, "alarm_minutes": _optional(_int),
    "reminder_lead_minutes": _int, "event_invite_lead_days": _int, "subscription_path": _text,
    "public_holidays": _optional(_text), "weekly_touch_limit": _optional(_int),
}
#: Settings added after version 1 was defined: a file without them reads them as null.
OPTIONAL_SETTINGS = frozenset({"public_holidays", "weekly_touch_limit"})


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Channel | Period | CommitmentStatus | TouchpointStatus | KindPurpose):
        return value.value
    return value


def _row(obj: Any, columns: dict[str, Decoder]) -> dict[str, Any]:
    return {name: _encode(getattr(obj, name)) for name in columns}


def export_workspace(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    """The whole workspace as a JSON-ready dict."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or utcnow()).isoformat(),
        "settings": _row(load_settings(session), SETTINGS_COLUMNS),
    }
    for table in TABLES:
        order = [getattr(table.model, c) for c in ("id", "stakeholder_id", "kind_id", "uid")
                 if c in table.columns][:2]
        rows = session.scalars(select(table.model).order_by(*order))
        document[table.key] = [_row(obj, table.columns) for obj in rows]
    return document


def write_json_atomically(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON to ``path``, atomically and owner-only."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_text_atomically(path, text)


def read_document(path: Path) -> dict[str, Any]:
    """Read and check the envelope of a workspace file.

    Raises:
        FileFormatError: unreadable, not UTF-8 or not JSON (with the line), or not a Cadence
            workspace.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        # Worded as the contact and calendar imports word it: the path is named once, up front.
        raise FileFormatError(str(path), f"cannot read ({err.strerror or err})") from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FileFormatError(str(path), "not UTF-8 text", line) from err
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise FileFormatError(str(path), f"not valid JSON: {err.msg}", err.lineno) from err
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FileFormatError(str(path), f"not a Cadence workspace (format is not {FORMAT!r})")
    if document.get("version") != VERSION:
        raise FileFormatError(
            str(path), f"workspace format version {document.get('version')!r} is not supported "
            f"(this Cadence reads version {VERSION})"
        )
    return document


def import_workspace(session: Session, document: dict[str, Any], *, replace: bool,
                     path: Path | None = None, now: datetime | None = None) -> int:
    """Load a workspace document into ``session``; returns the number of records added.

    The target must hold no stakeholders unless ``replace`` is set, in which case everything is
    deleted first. The caller's transaction makes it all or nothing. ``now`` (the current
    instant unless given) is what records are checked against, such as an interaction on a day
    still to come.

    Raises:
        ValidationError: a field is missing, malformed or breaks a rule of its record;
            ``field`` is its JSON path. With ``path`` (the file the document came from), a
            :class:`FileFormatError` naming the file and that JSON path instead.
        CadenceError: the workspace is not empty and ``replace`` is not set.
    """
    has_people = session.scalar(select(func.count()).select_from(Stakeholder))
    if has_people and not replace:
        raise CadenceError(
            f"the workspace already has {counted(has_people, 'stakeholder')}; use --replace to "
            "overwrite it"
        )
    try:
        return _load(session, document, now or utcnow())
    except ValidationError as err:
        if path is None:
            raise
        raise FileFormatError(str(path), str(err)) from err


def _load(session: Session, document: dict[str, Any], now: datetime) -> int:
    _clear(session)
    settings = load_settings(session)
    values = dict(_decode_record(document.get("settings"), SETTINGS_COLUMNS, "settings",
                                 OPTIONAL_SETTINGS))
    with _at("settings"):
        check_settings(values, settings)
    session.execute(delete(TouchpointKind))  # load_settings may have seeded defaults
    seen: dict[tuple[str, tuple[str, ...], tuple[Any, ...]], str] = {}
    count = 0
    for table in TABLES:
        rows = document.get(table.key, [])
        if not isinstance(rows, list):
            raise ValidationError(table.key, "expected a list")
        for index, raw in enumerate(rows):
            where = f"{table.key}[{index}]"
            values = dict(_decode_record(raw, table.columns, where, table.optional))
            _check_record(table, values, where, seen, now)
            if table.store is not None:
                table.store(session, values)
            else:
                session.add(table.model(**values))
            count += 1
        _flush(session, table.key)
    return count


def _check_record(table: Table, values: dict[str, Any], where: str,
                  seen: dict[tuple[str, tuple[str, ...], tuple[Any, ...]], str],
                  now: datetime) -> None:
    """Check one record's rules, references and uniqueness; remember its keys for later."""
    if table.check is not None:
        with _at(where):
            values.update(table.check(values, now))
    for column, target in table.refs.items():
        ref = values[column]
        if ref is not None and (target, ("id",), (ref,)) not in seen:
            raise ValidationError(f"{where}.{column}", f"no record in {target} has id {ref}")
    for column, other in table.distinct_from.items():
        first = seen.get((other, (column,), (same_name_key(values[column]),)))
        if first is not None:
            raise ValidationError(f"{where}.{column}", f"{first} has the same {column} "
                                                      f"{values[column]!r}")
    for columns in table.unique:
        key = tuple(same_name_key(v) if isinstance(v, str) else v
                    for v in (values[c] for c in columns))
        first = seen.setdefault((table.key, columns, key), where)
        if first != where:
            shown = ", ".join(f"{c} {values[c]!r}" for c in columns)
            raise ValidationError(f"{where}.{columns[-1]}", f"{first} has the same {shown}")


@contextmanager
def _at(where: str) -> Iterator[None]:
    """Prefix the field of errors raised inside with the record's path in the document."""
    try:
        yield
    except ValidationError as err:
        raise ValidationError(f"{where}.{err.field}", err.message) from err


def _decode_record(
    raw: Any, columns: dict[str, Decoder], where: str, optional: frozenset[str] = frozenset()
) -> list[tuple[str, Any]]:
    if not isinstance(raw, dict):
        raise ValidationError(where, "expected an object")
    decoded = []
    for name, decode in columns.items():
        if name not in raw and name in optional:
            decoded.append((name, None))
            continue
        if name not in raw:
            raise ValidationError(f"{where}.{name}", "missing")
        try:
            decoded.append((name, decode(raw[name])))
        except ValidationError as err:
            raise ValidationError(f"{where}.{name}", err.message) from err
        except (ValueError, TypeError) as err:
            raise ValidationError(f"{where}.{name}", str(err)) from err
    return decoded


def _flush(session: Session, key: str) -> None:
    try:
        session.flush()
    except IntegrityError as err:
        raise ValidationError(key, f"inconsistent records ({err.orig})") from err


def _clear(session: Session) -> None:
    # Exported touches are deleted through the ORM, so that their calendar entries are
    # withdrawn like any deleted touch's (cancelled at the next export, unless the file
    # brings the same touch back). Withdrawn entries themselves stay: calendars hold them.
    exported = session.scalars(select(Touchpoint).where(Touchpoint.exported_at.is_not(None))
                               .options(*calendar_loads()))
    for touchpoint in exported:
        session.delete(touchpoint)
    session.flush()
    # The last plan's summary goes too: its warnings name the people being replaced.
    for model in (Notification, Interaction, Touchpoint, Commitment, Event, KindPreference,
                  Stakeholder, Account, BusyBlock, PlanRun):
        session.execute(delete(model))
    session.flush()
