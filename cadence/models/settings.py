"""The account manager's own settings (one row)."""

from __future__ import annotations

from datetime import time

from sqlalchemy import CheckConstraint, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base, JSONList


class ManagerSettings(Base):
    """Working hours and zone, weekly capacity, alarm and reminder lead times, whose public
    holidays the manager is off on (``NULL``: his zone's country; see
    :mod:`cadence.holiday_regions`), and the most touches a week (``NULL``: no limit).

    There is exactly one row (id 1); :func:`cadence.settings.load_settings` creates it.
    """

    __tablename__ = "manager_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("weekly_capacity_hours >= 0", name="capacity_nonnegative"),
        CheckConstraint("work_start < work_end", name="work_hours_order"),
        CheckConstraint("weekly_touch_limit >= 0", name="touch_limit_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    work_days: Mapped[list[int]] = mapped_column(JSONList, default=lambda: [0, 1, 2, 3, 4])
    work_start: Mapped[time] = mapped_column(Time, default=time(9, 0))
    work_end: Mapped[time] = mapped_column(Time, default=time(17, 30))
    weekly_capacity_hours: Mapped[float] = mapped_column(default=6.0)
    alarm_minutes: Mapped[int | None] = mapped_column(default=15)
    reminder_lead_minutes: Mapped[int] = mapped_column(default=60)
    event_invite_lead_days: Mapped[int] = mapped_column(default=14)
    subscription_path: Mapped[str] = mapped_column(Text, default="")
    public_holidays: Mapped[str | None] = mapped_column(String(40))
    weekly_touch_limit: Mapped[int | None] = mapped_column(Integer)
