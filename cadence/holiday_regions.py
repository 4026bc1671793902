"""Whose public holidays a person observes: the setting a stakeholder and the manager keep.

A time zone tells the country but not the region, and regions differ (Bavaria is off on
Epiphany, Berlin is not), so each person may say which public holidays apply to them. The
setting is stored as text:

- ``NULL``: from the time zone, the country's nationwide holidays (the default);
- ``"DE"``: a country's nationwide holidays (an ISO 3166 code the ``holidays`` package knows);
- ``"DE-BY"``: those of one of its regions, as the package lists them (a German or US state,
  a Swiss canton, a nation of the United Kingdom);
- ``"none"``: no public holidays at all.

Users type :data:`FROM_ZONE` to go back to the default. Names come from the package: its
registry's class names for countries, each country's subdivision aliases for regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import holidays
from holidays import registry

from cadence.errors import ValidationError
from cadence.public_holidays import country_of_zone

FIELD = "public holidays"
"""The field the setting's errors name."""

NO_HOLIDAYS = "none"
"""The stored setting of a person who observes no public holidays."""

FROM_ZONE = "zone"
"""What a user gives to have the holidays follow the time zone again (stored as ``NULL``)."""

# Words a country's class name runs together that read in lower case ("AntiguaAndBarbuda").
_SMALL_WORDS = {"And": "and", "Da": "da", "Of": "of", "The": "the"}


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """One country or region a picker offers: its code ("DE", "DE-BY"), its readable label
    ("Germany (DE)", "Bayern, Germany (DE-BY)") and whether it is a region of a country."""

    code: str
    label: str
    is_region: bool


@cache
def _subdivisions() -> dict[str, tuple[str, ...]]:
    """Country code -> its subdivision codes, for every country the package supports."""
    supported = holidays.list_supported_countries(include_aliases=False)
    return {country: tuple(subdivisions) for country, subdivisions in supported.items()}


@cache
def _country_names() -> dict[str, str]:
    """Country code -> English name, from the class names in the package's registry
    ("BosniaAndHerzegovina": "Bosnia and Herzegovina", "DRCongo": "DR Congo")."""
    names = {}
    for class_name, code, *_ in registry.COUNTRIES.values():
        words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*", class_name)
        name = " ".join(_SMALL_WORDS.get(word, word) for word in words)
        names[code] = name.replace("Mc ", "Mc")  # "HeardIslandAndMcDonaldIslands"
    return names


@cache
def _region_names(country: str) -> dict[str, str]:
    """Subdivision code -> its first name in the package ("BY": "Bayern"); a subdivision
    without aliases is named by its code ("Augsburg")."""
    aliases = holidays.country_holidays(country).get_subdivision_aliases()
    return {code: (aliases.get(code) or [code])[0] for code in _subdivisions()[country]}


def country_name(country: str) -> str:
    """The English name of ``country`` (an ISO 3166 code), or the code if the package has
    none."""
    return _country_names().get(country, country)


def region_label(code: str) -> str:
    """A supported ``code`` as a person reads it: "Germany (DE)", "Bayern, Germany (DE-BY)"."""
    country, _, subdivision = code.partition("-")
    if not subdivision:
        return f"{country_name(country)} ({code})"
    return f"{_region_names(country)[subdivision]}, {country_name(country)} ({code})"


def zone_country_name(zone_name: str) -> str | None:
    """The name of the country whose holidays ``zone_name`` stands for by default (``None``
    for a zone of no country, or of one the package has no holidays for)."""
    country = country_of_zone(zone_name)
    return country_name(country) if country in _subdivisions() else None


def setting_label(setting: str | None, zone_name: str) -> str:
    """A stored setting in words: "from time zone (Germany)", "none", "Bayern, Germany
    (DE-BY)"."""
    if setting is None:
        return f"from time zone ({zone_country_name(zone_name) or 'none'})"
    if setting == NO_HOLIDAYS:
        return NO_HOLIDAYS
    return region_label(setting)


@cache
def region_choices() -> tuple[RegionChoice, ...]:
    """Every supported country by name, each followed by its regions by name."""
    choices = []
    for country in sorted(_subdivisions(), key=lambda c: country_name(c).casefold()):
        choices.append(RegionChoice(country, region_label(country), is_region=False))
        regions = _region_names(country)
        for subdivision in sorted(regions, key=lambda s: regions[s].casefold()):
            code = f"{country}-{subdivision}"
            choices.append(RegionChoice(code, region_label(code), is_region=True))
    return tuple(choices)


def check_holidays_setting(text: str, field: str = FIELD) -> str | None:
    """The setting to store for ``text`` as a user gives it, in any case.

    Args:
        text: ``zone`` (from the time zone), ``none``, a country code (``de``) or a country
            code and one of its regions (``de-by``).
        field: The field errors name.

    Returns:
        ``None`` for ``zone``, else the setting with the package's spelling ("DE-BY").

    Raises:
        ValidationError: naming ``field``: no such country, or no such region of it.
    """
    typed = text.strip()
    if typed.casefold() == FROM_ZONE:
        return None
    if typed.casefold() == NO_HOLIDAYS:
        return NO_HOLIDAYS
    if not typed:
        raise ValidationError(field, f"give a country code such as DE, a region such as "
                                     f"DE-BY, {NO_HOLIDAYS} or {FROM_ZONE}")
    country, hyphen, subdivision = typed.partition("-")
    country = country.strip().upper()
    if country not in _subdivisions():
        raise ValidationError(field, f'no country "{country}" (a code such as DE, or a '
                                     f'region such as DE-BY)')
    if not hyphen:
        return country
    known = {s.casefold(): s for s in _subdivisions()[country]}
    found = known.get(subdivision.strip().casefold())
    if found is None:
        if not known:
            raise ValidationError(field, f"{country_name(country)} has no regions here: "
                                         f"use {country} for its nationwide holidays")
        listed = ", ".join(_subdivisions()[country])
        raise ValidationError(field, f'{country_name(country)} has no region '
                                     f'"{subdivision.strip().upper()}" (one of {listed})')
    return f"{country}-{found}"


def holiday_region(setting: str | None, zone_name: str) -> str | None:
    """The region whose public holidays a person with ``setting`` in ``zone_name`` observes
    ("DE-BY", "DE"), or ``None`` for none: a stored region, else the country of the zone."""
    if setting is None:
        return country_of_zone(zone_name)
    if setting == NO_HOLIDAYS:
        return None
    return setting
