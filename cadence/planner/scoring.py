"""The value of a plan: what a touch is worth, and what it costs the client.

A stakeholder's relationship is *warm* in a week when a touch within the last few weeks still
carries it. How long a touch carries depends on the stakeholder's rhythm (between their densest
budget and their maximum silence, nearer the budget for more important people). Each
warm week is worth the stakeholder's weight (importance and account tier); each week no touch
keeps within their maximum silence (counted in whole weeks) costs a keep-warm penalty. Every
touch also pays a cost (a fixed nuisance, the kind's social pressure and the manager's
effort) and earns a small kind term plus any event or commitment bonus.

Because the cost of a touch exceeds its kind term, a touch is only worth making when it warms
weeks that would otherwise be cold: a stakeholder in good shape gets nothing, an overdue one
gets a touch early, and repeated touches have diminishing returns. The optimiser maximises
exactly :func:`plan_value`; values are integers in hundredths of a point (``SCALE``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cadence.budget import period_window_utc
from cadence.planner.candidates import Horizon
from cadence.planner.snapshot import EventOffer, Kind, Person, Snapshot
from cadence.vocabulary import Period

SCALE = 100
TIER_FACTOR = {1: 1.5, 2: 1.0, 3: 0.7}
PERIOD_DAYS = {Period.WEEK: 7.0, Period.MONTH: 30.4, Period.QUARTER: 91.3, Period.YEAR: 365.25}
LIKED_FACTOR = 1.25
SILENCE_PENALTY = 4.0  # per cold week, in units of the stakeholder's weight
# A status update before a due date, in units of weight: trust comes first, so it is worth
# more than a week of warmth and silence (1 + SILENCE_PENALTY), and the plan waits a week
# for it rather than spend the gap on an earlier check-in.
COMMITMENT_BONUS = 6.0
EVENT_BONUS = 2.0  # an event seat, plus one unit per matching topic
KIND_FACTOR = 0.4  # a value-10 liked kind earns 5 points: at most the nuisance below
TOUCH_NUISANCE = 5.0  # what any touch costs the client, before pressure and effort


def weight(person: Person) -> float:
    """How much a warm week with ``person`` is worth: importance times account tier."""
    return person.importance * TIER_FACTOR.get(person.tier, 1.0)


def budget_keeps_silence(person: Person) -> bool:
    """Whether ``person``'s budget allows a touch within every maximum silence (on average
    over its periods): at least one touch per ``max_silence_days``."""
    return (person.budget_max > 0
            and PERIOD_DAYS[person.budget_period] / person.budget_max <= person.max_silence_days)


def rhythm_days(person: Person) -> float:
    """The days a touch keeps ``person`` warm.

    It runs from their maximum silence (importance 1) to halfway between that and the densest
    rhythm their budget allows (importance 5): even the most important stakeholder is not
    touched as often as the budget would allow, because the budget is a limit, not a target.
    """
    longest = float(person.max_silence_days)
    if person.budget_max > 0:
        densest = min(PERIOD_DAYS[person.budget_period] / person.budget_max, longest)
    else:
        densest = longest
    rhythm = longest - (person.importance - 1) / 8 * (longest - densest)
    return max(rhythm, float(person.min_gap_days), 7.0)


def cover_weeks(person: Person) -> int:
    """How many weeks (its own included) a touch keeps ``person`` warm: their rhythm.

    It is the same for every kind on purpose: each stakeholder's limits then all concern runs
    of consecutive weeks, so the optimiser's linear relaxation is (nearly) exact and large
    workspaces solve to a proven small gap. The kind's worth is in :func:`touch_gain`.
    """
    return max(1, round(rhythm_days(person) / 7))


def touch_gain(person: Person, kind: Kind, load_minutes: int, bonus: float = 0.0) -> int:
    """The value of a touch apart from the weeks it warms: below zero for a plain touch.

    The kind term (value, more if liked) never exceeds the fixed nuisance, so no touch is
    worth making for its own sake; pressure and the manager's effort cost on top.
    """
    liking = LIKED_FACTOR if kind.key in person.likes else 1.0
    term = KIND_FACTOR * kind.value * liking
    cost = TOUCH_NUISANCE + 0.5 * kind.pressure + 0.3 * load_minutes / 60
    return round((term - cost + bonus) * SCALE)


def event_bonus(person: Person, event: EventOffer) -> float:
    """The bonus of an event seat: more for more matching interests and more weight."""
    return weight(person) * (EVENT_BONUS + len(person.interests & event.topics))


def commitment_bonus(person: Person) -> float:
    """The bonus of a status update before a commitment's due date (visibility)."""
    return weight(person) * COMMITMENT_BONUS


@dataclass(frozen=True, slots=True)
class Chosen:
    """A touch as the value function sees it."""

    person: int
    week: int
    at: datetime
    gain: int
    cover: int


@dataclass(frozen=True)
class ValueModel:
    """Per stakeholder: warm-week value, silence penalty, and weeks already settled."""

    horizon: Horizon
    warm_value: tuple[int, ...]
    cold_penalty: tuple[int, ...]
    silence: tuple[int, ...]
    known_warm: tuple[frozenset[int], ...]
    known_heard: tuple[frozenset[int], ...]

    @classmethod
    def build(cls, snapshot: Snapshot, horizon: Horizon) -> ValueModel:
        """Value parameters of every stakeholder, with the effect of touches already made."""
        warm, cold, silence, known_warm, known_heard = [], [], [], [], []
        for person in snapshot.people:
            warm.append(round(weight(person) * SCALE))
            cold.append(round(weight(person) * SILENCE_PENALTY * SCALE))
            silence.append(silence_span(person))
            covered: set[int] = set()
            heard: set[int] = set()
            for touch in person.touches:
                cover = cover_weeks(person)
                first = week_index(horizon, touch.at)
                covered.update(range(max(first, 0), min(first + cover, horizon.weeks)))
                heard.update(range(max(first, 0), min(first + silence[-1], horizon.weeks)))
            known_warm.append(frozenset(covered))
            known_heard.append(frozenset(heard))
        return cls(horizon, tuple(warm), tuple(cold), tuple(silence), tuple(known_warm),
                   tuple(known_heard))

    def warm_weeks(self, touch: Chosen) -> range:
        """The horizon weeks a touch keeps warm."""
        return self.warm_range(touch.week, touch.cover)

    def heard_weeks(self, touch: Chosen) -> range:
        """The weeks a touch keeps within the stakeholder's maximum silence."""
        return self.heard_range(touch.person, touch.week)

    def warm_range(self, week: int, cover: int) -> range:
        """The horizon weeks a touch in ``week`` keeping ``cover`` weeks warm warms."""
        return range(max(week, 0), min(week + cover, self.horizon.weeks))

    def heard_range(self, person: int, week: int) -> range:
        """The horizon weeks a touch with ``person`` in ``week`` keeps heard."""
        return range(max(week, 0), min(week + self.silence[person], self.horizon.weeks))


def week_index(horizon: Horizon, instant: datetime) -> int:
    """The (possibly negative) index of the week holding ``instant``."""
    if instant >= horizon.bounds[0]:
        return horizon.week_of(instant)
    return math.floor((instant - horizon.bounds[0]) / timedelta(days=7))


def silence_span(person: Person) -> int:
    """How many weeks (its own included) a touch keeps ``person`` within their maximum silence.

    Counted in whole weeks so that it is safe wherever in its week the touch and the next one
    fall: a touch in week ``w`` and the next in week ``w + span`` are at most
    ``7 * span + 6 <= max_silence_days`` days apart.
    """
    return max(1, (person.max_silence_days - 6) // 7)


def marginal_values(model: ValueModel, touches: Sequence[Chosen]) -> list[int]:
    """Each touch's value, crediting warm and heard weeks to the earliest touch that earns them.

    The sum is :func:`plan_value`; the result is in the order of ``touches``.
    """
    warm: dict[int, set[int]] = {}
    heard: dict[int, set[int]] = {}
    values = [0] * len(touches)
    for index in sorted(range(len(touches)), key=lambda i: (touches[i].at, touches[i].person)):
        touch = touches[index]
        done_warm = warm.setdefault(touch.person, set(model.known_warm[touch.person]))
        done_heard = heard.setdefault(touch.person, set(model.known_heard[touch.person]))
        new_warm = set(model.warm_weeks(touch)) - done_warm
        new_heard = set(model.heard_weeks(touch)) - done_heard
        done_warm |= new_warm
        done_heard |= new_heard
        values[index] = (
            touch.gain
            + len(new_warm) * model.warm_value[touch.person]
            + len(new_heard) * model.cold_penalty[touch.person]
        )
    return values


def plan_value(model: ValueModel, touches: Sequence[Chosen]) -> int:
    """The value of a set of touches compared with doing nothing (hundredths of a point)."""
    return sum(marginal_values(model, touches))


OVERREACH_PENALTY = 2 * TOUCH_NUISANCE  # a touch the client's budget or gap asked us not to make


def overreach_penalty(people: Sequence[Person], touches: Sequence[tuple[int, datetime]]) -> int:
    """What touches beyond a stakeholder's budget or inside their minimum gap cost, in total.

    ``touches`` are (index into ``people``, instant). Plans from the planner never pay this
    (budget and gap are hard rules there); it lets other plans, such as a fixed-interval
    reminder, be measured fairly with the same value function.
    """
    mine: dict[int, list[datetime]] = {}
    for index, at in sorted(touches, key=lambda t: (t[1], t[0])):
        mine.setdefault(index, []).append(at)
    charged = 0
    for index, instants in mine.items():
        person = people[index]
        known = [t.at for t in person.touches]
        gap = timedelta(days=person.min_gap_days)
        kept: list[datetime] = []
        for at in instants:
            lo, hi = period_window_utc(person.budget_period, at, person.zone)
            earlier = known + kept
            in_period = sum(1 for t in earlier if lo <= t < hi)
            if in_period >= person.budget_max or any(abs(at - t) < gap for t in earlier):
                charged += 1
            kept.append(at)
    return round(charged * OVERREACH_PENALTY * SCALE)
