"""``cadence export ics``, ``cadence import calendar`` and ``cadence busy list/remove``."""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from cadence.calendars.busy import (
    busy_as_json,
    busy_sources,
    find_source,
    list_busy,
    remove_source,
)
from cadence.calendars.ics_export import (
    EXPORTED_STATUSES,
    ExportResult,
    Organizer,
    export_ics,
)
from cadence.calendars.ics_import import (
    import_calendar,
    left_out,
    replaced_lines,
    skipped_lines,
)
from cadence.calendars.subscription import SubscriptionOptions, SubscriptionWatcher
from cadence.cli.common import (
    Commands,
    file_path,
    open_db,
    parse_date,
    print_json,
    print_table,
    transaction,
    whole_number,
)
from cadence.errors import ValidationError
from cadence.settings import load_settings
from cadence.stakeholders import check_email, find_stakeholder
from cadence.timezones import start_of_day_utc, utcnow, zone
from cadence.wording import counted


def register(commands: Commands) -> None:
    """Add ``export ics``, ``import calendar`` and the ``busy`` group."""
    export = commands.export.add_parser("ics", help="touchpoints as an iCalendar (.ics) file")
    export.add_argument("file", type=file_path, metavar="FILE")
    export.add_argument("--status", choices=sorted(EXPORTED_STATUSES), default="accepted",
                        help="accepted (and done) touches only, or all not dismissed")
    export.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    export.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    export.add_argument("--stakeholder", action="append", default=None, metavar="S",
                        help="only this stakeholder (name, e-mail or id); repeatable")
    export.add_argument("--no-alarm", action="store_true", help="no reminder in the events")
    export.add_argument("--invite", type=whole_number, metavar="TOUCHPOINT_ID",
                        help="write an invitation (METHOD:REQUEST) for this one touchpoint, "
                             "or its cancellation (METHOD:CANCEL) once it is dismissed")
    export.add_argument("--organizer", metavar="EMAIL", help="your address, for --invite")
    export.add_argument("--watch", action="store_true",
                        help="keep the file current: rewrite it whenever the plan changes")
    export.add_argument("--interval", type=float, default=2.0, metavar="SECONDS",
                        help=argparse.SUPPRESS)
    export.set_defaults(handler=_export)

    imp = commands.import_.add_parser("calendar", help="busy times from your .ics calendar")
    imp.add_argument("file", type=file_path, metavar="FILE.ics")
    imp.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (today)")
    imp.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (a year on)")
    imp.add_argument("--all-busy", action="store_true",
                     help="count free (transparent) events as busy too, as for a holidays "
                          "calendar, whose days off are all marked free")
    imp.set_defaults(handler=_import)

    busy = commands.root.add_parser("busy", help="imported busy times the planner avoids")
    sub = busy.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="list busy blocks")
    lst.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    lst.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--sources", action="store_true",
                     help="list the imported calendars instead (the SOURCE for busy remove)")
    lst.set_defaults(handler=_busy_list)
    rem = sub.add_parser("remove", help="drop the busy blocks of one imported calendar")
    rem.add_argument("source", metavar="SOURCE",
                     help="the calendar as busy list --sources shows it: its path, or its file "
                          "name if no other has it")
    rem.set_defaults(handler=_busy_remove)


def _export(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "from") if args.start is not None else None
    end = parse_date(args.end, "to") if args.end is not None else None
    if args.organizer is not None and args.invite is None:
        # Only an invitation has an organiser: a plain export would drop the address unsaid.
        raise ValidationError("organizer", "only an invitation has an organiser: add "
                                           "--invite TOUCHPOINT_ID, or drop --organizer")
    if args.watch and args.invite is not None:
        raise ValidationError("watch", "an invitation is written once; drop --watch")
    with transaction(args) as session:
        ids = (
            sorted({find_stakeholder(session, ref).id for ref in args.stakeholder})
            if args.stakeholder else None
        )
        if args.watch:
            options = SubscriptionOptions(
                path=args.file, status=args.status, start=start, end=end,
                stakeholder_ids=tuple(ids) if ids else None, alarm=not args.no_alarm,
            )
        else:
            result = export_ics(
                session, args.file, status=args.status, start=start, end=end,
                stakeholder_ids=ids, now=utcnow(), invite_id=args.invite,
                organizer=Organizer(check_email(args.organizer, "organizer"),
                                    load_settings(session).name)
                if args.organizer is not None else None,
                alarm=not args.no_alarm,
            )
            _print_export(result)
            return 0
    return _watch(args, options)


def _watch(args: argparse.Namespace, options: SubscriptionOptions) -> int:
    database = open_db(args)
    watcher = SubscriptionWatcher(database, options, clock=utcnow, interval=args.interval)
    print(f"watching the plan; rewriting {options.path} on change (Ctrl+C stops)", flush=True)
    try:
        watcher.run(threading.Event(), on_write=_print_export)
    except KeyboardInterrupt:
        print(f"stopped; {options.path} is complete", file=sys.stderr)
    finally:
        database.close()
    return 0


def _print_export(result: ExportResult) -> None:
    cancelled = f", {result.cancelled} cancelled" if result.cancelled else ""
    print(f"wrote {counted(result.exported, 'touchpoint')}{cancelled} to {result.path}",
          flush=True)


def _import(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "from") if args.start is not None else None
    end = parse_date(args.end, "to") if args.end is not None else None
    with transaction(args) as session:
        settings = load_settings(session)
        report = import_calendar(
            session, args.file, start=start, end=end, manager_zone=settings.timezone,
            now=utcnow(), all_busy=args.all_busy,
        )
    counts = "; ".join(left_out(report, "--all-busy counts them"))
    print(f"imported {counted(report.blocks, 'busy block')} from {args.file} ({counts})")
    for line in replaced_lines(report):
        print(line)
    for line in skipped_lines(report.older):
        print(f"left out {line}")
    for line in skipped_lines(report.skipped):
        print(f"skipped {line}")
    for line in skipped_lines(report.notes):
        print(f"note: {line}")
    return 0


def _busy_list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        zone_name = load_settings(session).timezone
        low = (start_of_day_utc(parse_date(args.start, "from"), zone_name)
               if args.start is not None else None)
        high = (
            start_of_day_utc(parse_date(args.end, "to") + timedelta(days=1), zone_name)
            if args.end is not None else None
        )
        if args.sources:
            return _print_sources(session, zone_name, as_json=args.json)
        blocks = list_busy(session, low, high)
        if args.json:
            print_json([busy_as_json(block) for block in blocks])
            return 0
        tz = zone(zone_name)
        # Blocks come from calendars in any zone; the headers say which zone the times are in.
        print_table(
            [f"start ({zone_name})", f"end ({zone_name})", "summary", "source"],
            [
                [
                    b.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    b.ends_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    b.summary,
                    Path(b.source).name,
                ]
                for b in blocks
            ],
        )
    return 0


def _print_sources(session: Session, zone_name: str, *, as_json: bool) -> int:
    sources = busy_sources(session)
    if as_json:
        print_json([{"source": s.source, "blocks": s.blocks, "first": s.first.isoformat(),
                     "last": s.last.isoformat()} for s in sources])
        return 0
    tz = zone(zone_name)
    # "to" is the last day busy: a block ending at midnight does not reach into the next day.
    print_table(
        ["source", "blocks", "from", "to"],
        [[s.source, str(s.blocks), f"{s.first.astimezone(tz):%Y-%m-%d}",
          f"{(s.last - timedelta(microseconds=1)).astimezone(tz):%Y-%m-%d}"] for s in sources],
    )
    return 0


def _busy_remove(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        source = find_source(session, args.source)
        removed = remove_source(session, source)
    print(f"removed {counted(removed, 'busy block')} imported from {source}")
    return 0
