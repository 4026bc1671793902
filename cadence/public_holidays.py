"""Public holidays: the days a stakeholder or the account manager is off, by holiday region.

A holiday region is a country's ISO 3166 code ("DE": its nationwide public holidays) or that
code and one of its subdivisions ("DE-BY": Bavaria's, which add Epiphany and Corpus Christi),
as the ``holidays`` package lists them; only its default (public) category counts. Which region
a person observes is their setting (:mod:`cadence.holiday_regions`); without one it is the
country of their time zone, the one tzdata's ``zone.tab`` gives (Europe/Berlin: Germany; old
names such as US/Eastern are followed to their zone), whose nationwide holidays alone can be
told from a zone.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib.resources import files

import holidays


@cache
def _zone_countries() -> dict[str, str]:
    """Zone name -> ISO 3166 country code, for canonical zones and their old names."""
    data = files("tzdata").joinpath("zoneinfo")
    countries: dict[str, str] = {}
    for line in data.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _where, name, *_ = line.split("\t")
            countries[name] = code
    # tzdata.zi's link lines ("L target alias") name the zones' old and other names.
    for line in data.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _tag, target, alias = line.split()
            if target in countries:
                countries.setdefault(alias, countries[target])
    return countries


def country_of_zone(zone_name: str) -> str | None:
    """The ISO 3166 code of the country whose time zone ``zone_name`` is (``None`` for zones
    of no country, such as UTC)."""
    return _zone_countries().get(zone_name)


@cache
def _holidays_of(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    try:
        return dict(holidays.country_holidays(country, subdiv=subdivision, years=year))
    except NotImplementedError:  # a country the package has no data for: no holidays known
        return {}


def holiday_on(region: str | None, day: date) -> str | None:
    """The name of the public holiday ``day`` is in ``region`` ("DE" or "DE-BY"; ``None``
    if a working day or no region)."""
    if region is None:
        return None
    # A country code has two letters: the subdivision is all after the first hyphen.
    country, _, subdivision = region.partition("-")
    return _holidays_of(country, subdivision or None, day.year).get(day)


def holidays_from(region: str | None, first: date, days: int) -> dict[date, str]:
    """The public holidays, by name, of ``region`` among the ``days`` days from ``first``."""
    found = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        name = holiday_on(region, day)
        if name is not None:
            found[day] = name
    return found
