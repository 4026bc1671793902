"""Reasons a person can read: why this touch, with this person, now."""

from __future__ import annotations

from datetime import datetime, timedelta

from cadence.budget import period_label, period_window_utc
from cadence.planner.options import Option
from cadence.planner.scoring import rhythm_days
from cadence.planner.snapshot import Person, Snapshot
from cadence.timezones import zone
from cadence.vocabulary import KindPurpose
from cadence.wording import counted


def explain(
    snapshot: Snapshot, option: Option, earlier: list[datetime]
) -> tuple[str, ...]:
    """The reasons for ``option``; ``earlier`` are this person's touches planned before it."""
    person = snapshot.people[option.person]
    reasons = []  # the occasion first: it is why the touch is there at all
    if option.commitment_id is not None:
        reasons.append(_commitment(snapshot, option))
    if option.event_id is not None:
        reasons.append(_event(snapshot, person, option.event_id))
    reasons.append(_silence(person, option, earlier))
    if option.kind.key in person.likes:
        name = option.kind.name
        reasons.append(f"{person.name} likes {name[:1].lower()}{name[1:]}.")  # keeps "IM"
    elif option.kind.purpose is KindPurpose.KEEP_WARM:
        reasons.append("A light keep-warm touch: cheap for both sides.")
    reasons.append(_budget(person, option, earlier))
    reasons.append(f"Importance {person.importance} at {person.account or 'their account'} "
                   f"(tier {person.tier}).")
    return tuple(reasons)


def _silence(person: Person, option: Option, earlier: list[datetime]) -> str:
    before = [t.at for t in person.touches if t.at <= option.start] + earlier
    rhythm = round(rhythm_days(person))
    if not before:
        return (f"No contact with {person.name} on record; the rhythm for them is about "
                f"every {counted(rhythm, 'day')}.")
    last = max(before)
    # Calendar days in their zone, as the dates they would name (and the silence's end below)
    # count them: a slot at 09:00 after a contact at 15:00 is still the next day.
    theirs = zone(person.zone)
    days = (option.start.astimezone(theirs).date() - last.astimezone(theirs).date()).days
    deadline = last + timedelta(days=person.max_silence_days)
    text = (f"Last contact {counted(days, 'day')} before this slot; the rhythm for them is "
            f"about every {counted(rhythm, 'day')}.")
    if deadline - option.start <= timedelta(days=21):
        runs = "ran" if deadline <= option.start else "runs"
        silence = counted(person.max_silence_days, "day")
        day = deadline.astimezone(theirs).date()
        text += f" Their maximum silence of {silence} {runs} out on {day}."
    return text


def _budget(person: Person, option: Option, earlier: list[datetime]) -> str:
    lo, hi = period_window_utc(person.budget_period, option.start, person.zone)
    at = [t.at for t in person.touches if lo <= t.at < hi] + [t for t in earlier if lo <= t < hi]
    used = sum(1 for t in at if t < option.start)
    # Touches already agreed later in the period spend the budget too; they are not "before".
    later = len(at) - used
    also = f", and {later} more already agreed after it" if later else ""
    return (f"Budget: {used} of {counted(person.budget_max, 'touch', 'touches')} "
            f"{period_label(person.budget_period)} used before this one{also}; at least "
            f"{counted(person.min_gap_days, 'day')} between touches.")


def _commitment(snapshot: Snapshot, option: Option) -> str:
    commitment = next(c for c in snapshot.commitments if c.id == option.commitment_id)
    due = commitment.due_on_label
    if commitment.first_due_label is not None:
        due += f" (first promised for {commitment.first_due_label})"
    if commitment.due_on_start <= option.start:
        return (f"Commitment “{commitment.what}” was due {due} and is "
                "still open: tell them where it stands before they have to ask.")
    if option.kind.purpose is not KindPurpose.STATUS_UPDATE:
        return (f"Commitment “{commitment.what}” is due {due}: "
                "this touch also carries a status update on it.")
    return (f"Commitment “{commitment.what}” is due {due}: "
            "a status update before then makes progress visible.")


def _event(snapshot: Snapshot, person: Person, event_id: int) -> str:
    event = next(e for e in snapshot.events if e.id == event_id)
    day = event.starts_at.astimezone(zone(person.zone)).date()
    topics = ", ".join(sorted(person.interests & event.topics))
    return (f"A seat at {event.name} on {day} ({event.seats_left} left; invites go out "
            f"{counted(event.invite_lead_days, 'day')} ahead); it matches their interests: "
            f"{topics}.")
