"""SQLAlchemy models of the Cadence workspace, one module per concept."""

from cadence.models.account import Account
from cadence.models.base import Base
from cadence.models.busy_block import BusyBlock
from cadence.models.commitment import Commitment
from cadence.models.event import Event
from cadence.models.interaction import Interaction
from cadence.models.notification import Notification
from cadence.models.plan_run import PlanRun
from cadence.models.planning_revision import PlanningRevision
from cadence.models.published_entry import PublishedEntry
from cadence.models.settings import ManagerSettings
from cadence.models.stakeholder import DISLIKE, LIKE, KindPreference, Stakeholder
from cadence.models.touchpoint import Touchpoint, new_calendar_uid
from cadence.models.touchpoint_kind import TouchpointKind
from cadence.models.withdrawn_entry import WithdrawnEntry

__all__ = [
    "DISLIKE",
    "LIKE",
    "Account",
    "Base",
    "BusyBlock",
    "Commitment",
    "Event",
    "Interaction",
    "KindPreference",
    "ManagerSettings",
    "Notification",
    "PlanRun",
    "PlanningRevision",
    "PublishedEntry",
    "Stakeholder",
    "Touchpoint",
    "TouchpointKind",
    "WithdrawnEntry",
    "new_calendar_uid",
]
