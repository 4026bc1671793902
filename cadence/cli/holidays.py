"""``cadence holidays list|show``: the countries and regions whose public holidays Cadence
knows, and the days a region is off, so that a ``--holidays`` code can be found and checked."""

from __future__ import annotations

import argparse
from datetime import date

from cadence.cli.common import Commands, print_json, print_table, transaction, whole_number
from cadence.errors import ValidationError
from cadence.holiday_regions import (
    NO_HOLIDAYS,
    check_holidays_setting,
    holiday_region,
    region_choices,
    region_label,
    setting_label,
)
from cadence.public_holidays import holidays_from
from cadence.settings import load_settings
from cadence.stakeholders import find_stakeholder
from cadence.timezones import today_in, utcnow


def register(commands: Commands) -> None:
    """Add the ``holidays`` group."""
    group = commands.root.add_parser(
        "holidays", help="the public holidays known, by country and region")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="the countries, or one country's regions, and their codes")
    lst.add_argument("country", nargs="?", help="a country code, e.g. DE: list its regions")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)

    show = sub.add_parser("show", help="the public holidays of a year: yours, a stakeholder's "
                                       "or a country's or region's")
    whose = show.add_mutually_exclusive_group()
    whose.add_argument("code", nargs="?", help="a country or region code, e.g. DE or DE-BY "
                                               "(default: yours, as your settings say)")
    whose.add_argument("--stakeholder", metavar="NAME|ID",
                       help="theirs, as their profile says")
    show.add_argument("--year", type=whole_number, help="default: this year")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=_show)


def _list(args: argparse.Namespace) -> int:
    if args.country is None:
        rows = [(c.code, c.label) for c in region_choices() if not c.is_region]
    else:
        country = check_holidays_setting(args.country.split("-")[0], field="country")
        if country in (None, NO_HOLIDAYS):
            raise ValidationError("country", "give a country code such as DE")
        rows = [(c.code, c.label) for c in region_choices()
                if c.is_region and c.code.startswith(f"{country}-")]
        if not rows:
            print(f"{region_label(country)} has no regions here: use {country}")
            return 0
    if args.json:
        print_json([{"code": code, "name": label} for code, label in rows])
    else:
        print_table(["code", "name"], rows)
    return 0


def _show(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        settings = load_settings(session)
        year = args.year or today_in(settings.timezone, utcnow()).year
        if not 1900 <= year <= 2200:
            raise ValidationError("year", f"{year} is not between 1900 and 2200")
        if args.stakeholder is not None:
            person = find_stakeholder(session, args.stakeholder)
            whose, setting, zone_name = person.name, person.public_holidays, person.timezone
        elif args.code is not None:
            setting, zone_name = check_holidays_setting(args.code, field="code"), "UTC"
            if setting is None:
                raise ValidationError("code", "give a country or region code, e.g. DE-BY")
            whose = None
        else:
            whose, setting, zone_name = "you", settings.public_holidays, settings.timezone
    region = holiday_region(setting, zone_name)
    first = date(year, 1, 1)
    days = holidays_from(region, first, (date(year + 1, 1, 1) - first).days)
    if args.json:
        print_json({"region": region, "year": year,
                    "holidays": [{"date": d.isoformat(), "name": n} for d, n in days.items()]})
        return 0
    label = setting_label(setting, zone_name)
    print(f"Public holidays in {year}" + (f" for {whose}" if whose else "") + f": {label}")
    if not days:
        print("none")
        return 0
    print_table(["date", "day", "holiday"], [(d.isoformat(), f"{d:%a}", n)
                                            for d, n in days.items()])
    return 0
