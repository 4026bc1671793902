"""``cadence import contacts FILE`` and ``cadence export contacts FILE.vcf|FILE.csv``."""

from __future__ import annotations

import argparse
import logging

from cadence.cli.common import Commands, file_path, print_table, transaction
from cadence.contacts.csv_formats import parse_mapping
from cadence.contacts.exporter import export_contacts
from cadence.contacts.importer import Action, ImportPreview, import_contacts, preview_import
from cadence.contacts.reading import FORMATS, read_contacts
from cadence.wording import counted

log = logging.getLogger(__name__)

PROGRESS_EVERY = 100


def register(commands: Commands) -> None:
    """Add ``import contacts`` and ``export contacts``."""
    read = commands.import_.add_parser(
        "contacts", help="stakeholders from a vCard, Google, Outlook or other CSV file",
        description="Import contacts as stakeholders. Accounts are created from the "
        "organisation; someone already known (same email, or same name at the same account) "
        "is updated, not doubled. Rows in error are reported by line and the rest imported; "
        "the exit status is then 1, or 2 if no row could be imported.",
    )
    read.add_argument("file", type=file_path)
    read.add_argument("--format", dest="contacts_format", choices=FORMATS, default="auto",
                      help="file format (default: from the suffix and the CSV header)")
    read.add_argument("--map", metavar="FIELD=COLUMN,..",
                      help="columns of a generic CSV, e.g. 'name=Full Name,email=E-mail,"
                      "organisation=Company' (fields: name, given_name, family_name, "
                      "organisation, title, email, phone, timezone, notes, categories)")
    read.add_argument("--dry-run", action="store_true",
                      help="show what would be created, updated and skipped; save nothing")
    read.set_defaults(handler=_import)

    write = commands.export.add_parser("contacts", help="stakeholders as vCard or CSV")
    write.add_argument("file", type=file_path, help="FILE.vcf or FILE.csv")
    write.add_argument("--vcard-version", choices=("4.0", "3.0"), default="4.0",
                       help="vCard version for .vcf (default 4.0; 3.0 for older programs)")
    write.set_defaults(handler=_export)


# Rows in error are reported and the rest imported; the status tells a script how it went.
SOME_NOT_IMPORTED = 1
NONE_IMPORTED = 2  # as for any bad input: nothing was changed


def _import(args: argparse.Namespace) -> int:
    mapping = parse_mapping(args.map) if args.map is not None else None
    contacts = read_contacts(args.file, args.contacts_format, mapping)
    with transaction(args) as session:
        if args.dry_run:
            preview = preview_import(session, contacts.records, contacts.errors)
            _print_preview(preview)
            print(f"dry run: {preview.summary()}; nothing was saved")
            return _status(preview)
        done = import_contacts(session, contacts.records, contacts.errors, _log_progress)
        _print_preview(done)
        log.info("committing %d changes", done.writes)
    errors = len(done.of(Action.ERROR))
    print(f"imported {args.file}: {len(done.of(Action.CREATE))} created, "
          f"{len(done.of(Action.UPDATE))} updated, {len(done.of(Action.SKIP))} skipped"
          + (f", {counted(errors, 'row')} not imported (errors above)" if errors else ""))
    return _status(done)


def _status(outcome: ImportPreview) -> int:
    """0 when every row was imported (or skipped as known), else how much was left out."""
    if not outcome.of(Action.ERROR):
        return 0
    return SOME_NOT_IMPORTED if outcome.writes else NONE_IMPORTED


def _log_progress(done: int, total: int) -> None:
    if done % PROGRESS_EVERY == 0 or done == total:
        log.info("imported %d of %d people", done, total)


def _print_preview(preview: ImportPreview) -> None:
    print_table(["line", "action", "name", "account", "why"],
                [[r.line, r.action.value, r.name, r.account, r.reason] for r in preview.rows])
    if preview.new_accounts:
        print(f"new accounts: {', '.join(preview.new_accounts)}")
    print(preview.summary())


def _export(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        count = export_contacts(session, args.file, args.vcard_version)
    print(f"exported {counted(count, 'contact')} to {args.file}")
    return 0
