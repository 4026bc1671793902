"""Public holidays: the days a stakeholder or the account manager is off, by country.

Cadence knows where a person works only by their time zone, so the country is the one tzdata's
``zone.tab`` gives that zone (Europe/Berlin: Germany; old names such as US/Eastern are followed
to their zone). Only a country's nationwide public holidays count, from the ``holidays``
package: regional ones (a German state's, a US state's) cannot be told from the zone, and
blocking them everywhere would hide working days from everyone else.
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
def _holidays_of(country: str, year: int) -> dict[date, str]:
    try:
        return dict(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a country the package has no data for: no holidays known
        return {}


def holiday_on(country: str | None, day: date) -> str | None:
    """The name of the public holiday ``day`` is in ``country`` (``None`` if a working day or
    no country)."""
    if country is None:
        return None
    return _holidays_of(country, day.year).get(day)


def holidays_from(zone_name: str, first: date, days: int) -> dict[date, str]:
    """The public holidays, by name, of the country of ``zone_name`` among the ``days`` days
    from ``first``."""
    country = country_of_zone(zone_name)
    found = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        name = holiday_on(country, day)
        if name is not None:
            found[day] = name
    return found
