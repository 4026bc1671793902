"""The account manager's settings: read with defaults, validated on change."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session
from tzlocal import get_localzone_name

from cadence.catalogue import seed_default_kinds
from cadence.models import ManagerSettings
from cadence.timezones import zone

log = logging.getLogger(__name__)


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
