"""Loading the plain data the reminder rules need from the workspace database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cadence.models import (
    Commitment,
    Event,
    Interaction,
    Notification,
    Stakeholder,
    Touchpoint,
    TouchpointKind,
)
from cadence.reminders.inbox import NotificationState
from cadence.reminders.rules import (
    CommitmentFacts,
    ManagerFacts,
    ReminderFacts,
    SnoozedFacts,
    StakeholderFacts,
    TouchpointFacts,
)
from cadence.settings import load_settings
from cadence.touch_titles import touch_title
from cadence.vocabulary import CommitmentStatus, TouchpointStatus


def load_facts(session: Session, now: datetime) -> ReminderFacts:
    """Everything :func:`~cadence.reminders.rules.desired_reminders` looks at, as of ``now``.

    Touchpoints that ended before ``now`` are left out (their reminders have expired).
    """
    settings = load_settings(session)
    manager = ManagerFacts(
        timezone=settings.timezone, work_days=tuple(settings.work_days),
        work_start=settings.work_start, lead_minutes=settings.reminder_lead_minutes,
    )
    touchpoints = [
        TouchpointFacts(
            id=row.id, stakeholder=row.stakeholder,
            title=touch_title(
                row.kind_name, row.ends_at,
                event=(row.event_name, row.event_starts_at) if row.event_name else None,
                commitment_what=row.commitment_what,
            ),
            prep_minutes=row.prep_minutes, channel=row.channel.value,
            starts_at=row.starts_at, ends_at=row.ends_at, timezone=row.timezone,
            kind_lead_minutes=row.kind_lead_minutes,
        )
        for row in session.execute(
            select(
                Touchpoint.id, Stakeholder.name.label("stakeholder"),
                TouchpointKind.name.label("kind_name"), TouchpointKind.prep_minutes,
                TouchpointKind.reminder_lead_minutes.label("kind_lead_minutes"),
                Touchpoint.channel, Touchpoint.starts_at, Touchpoint.ends_at, Touchpoint.timezone,
                Event.name.label("event_name"), Event.starts_at.label("event_starts_at"),
                Commitment.what.label("commitment_what"),
            )
            .join(Stakeholder, Touchpoint.stakeholder_id == Stakeholder.id)
            .join(TouchpointKind, Touchpoint.kind_id == TouchpointKind.id)
            .outerjoin(Event, Touchpoint.event_id == Event.id)
            .outerjoin(Commitment, Touchpoint.commitment_id == Commitment.id)
            .where(Touchpoint.status == TouchpointStatus.ACCEPTED, Touchpoint.ends_at > now)
            .order_by(Touchpoint.starts_at, Touchpoint.id)
        )
    ]
    commitments = [
        CommitmentFacts(
            id=row.id, stakeholder=row.stakeholder, what=row.what, due_on=row.due_on,
            created_at=row.created_at,
        )
        for row in session.execute(
            select(
                Commitment.id, Stakeholder.name.label("stakeholder"), Commitment.what,
                Commitment.due_on, Commitment.created_at,
            )
            .join(Stakeholder, Commitment.stakeholder_id == Stakeholder.id)
            .where(Commitment.status == CommitmentStatus.OPEN)
            .order_by(Commitment.due_on, Commitment.id)
        )
    ]
    return ReminderFacts(
        manager=manager, touchpoints=touchpoints, commitments=commitments,
        stakeholders=_stakeholders(session, now),
        snoozed=_snoozed(session),
    )


def _stakeholders(session: Session, now: datetime) -> list[StakeholderFacts]:
    last_contact = (
        select(Interaction.stakeholder_id, func.max(Interaction.occurred_at).label("last"))
        .where(Interaction.occurred_at <= now)
        .group_by(Interaction.stakeholder_id)
        .subquery()
    )
    planned = set(session.scalars(
        select(Touchpoint.stakeholder_id)
        .where(Touchpoint.status == TouchpointStatus.ACCEPTED, Touchpoint.ends_at > now)
    ))
    rows = session.execute(
        select(Stakeholder.id, Stakeholder.name, Stakeholder.max_silence_days, last_contact.c.last)
        .outerjoin(last_contact, last_contact.c.stakeholder_id == Stakeholder.id)
        .order_by(Stakeholder.name)
    )
    return [
        StakeholderFacts(
            id=sid, name=name, last_contact_at=last, max_silence_days=silence,
            touch_planned=sid in planned,
        )
        for sid, name, silence, last in rows
    ]


def _snoozed(session: Session) -> list[SnoozedFacts]:
    rows = session.scalars(
        select(Notification).where(Notification.state == NotificationState.SNOOZED.value)
    )
    return [
        SnoozedFacts(
            notification_id=n.id, title=n.title, body=n.body, until=n.due_at,
            touchpoint_id=n.touchpoint_id, commitment_id=n.commitment_id,
        )
        for n in rows
    ]
