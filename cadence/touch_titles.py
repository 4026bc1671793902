"""What a touch is called where a person reads it: plans, the week, reminders, calendars.

A kind's name alone misleads for occasions: "Hackathon / co-innovation day invite" names no
event (and the demo's Cloud Cost Workshop is no hackathon), so a touch linked to an event or a
promise is named for that.
"""

from __future__ import annotations

from datetime import datetime


def is_invitation(ends_at: datetime, event_starts_at: datetime) -> bool:
    """Whether a touch linked to an event is its invitation (over before the event begins)
    rather than the time at the event itself."""
    return ends_at <= event_starts_at


def touch_title(
    kind_name: str, ends_at: datetime, *, event: tuple[str, datetime] | None = None,
    commitment_what: str | None = None, for_guest: bool = False,
) -> str:
    """The touch's title: the event it invites to (``event`` is its name and start), the
    event itself when the touch is the day there, the promise it reports on (both for an
    invitation that also carries the update), or else its kind.

    With ``for_guest`` it is the title the stakeholder reads in an invitation sent to them:
    "Invite to" is the manager's to-do, so they read it as their invitation instead.
    """
    if event is not None:
        name, event_starts = event
        if not is_invitation(ends_at, event_starts):
            return name
        invite = f"Your invitation to {name}" if for_guest else f"Invite to {name}"
        if commitment_what is not None:
            return f"{invite} + update: {commitment_what}"
        return invite
    if commitment_what is not None:
        return f"Status update: {commitment_what}"
    return kind_name
