"""``cadence demo``, ``cadence export json FILE`` and ``cadence import json FILE``."""

from __future__ import annotations

import argparse

from cadence.cli.common import Commands, file_path, transaction
from cadence.demo import create_demo_workspace
from cadence.settings import load_settings
from cadence.timezones import today_in
from cadence.wording import counted
from cadence.workspace_json import (
    export_workspace,
    import_workspace,
    read_document,
    write_json_atomically,
)


def register(commands: Commands) -> None:
    """Add ``demo``, ``export json`` and ``import json``."""
    demo = commands.root.add_parser("demo", help="fill an empty workspace with demo data")
    demo.set_defaults(handler=_demo)

    export = commands.export.add_parser("json", help="the whole workspace as JSON")
    export.add_argument("file", type=file_path)
    export.set_defaults(handler=_export)

    import_ = commands.import_.add_parser("json", help="load a workspace exported as JSON")
    import_.add_argument("file", type=file_path)
    import_.add_argument("--replace", action="store_true",
                         help="replace a workspace that already has stakeholders")
    import_.set_defaults(handler=_import)


def _demo(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        count = create_demo_workspace(session, today_in(load_settings(session).timezone))
        print(f"created the demo workspace: {counted(count, 'stakeholder')}")
    return 0


def _export(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        document = export_workspace(session)
    write_json_atomically(args.file, document)
    people = counted(len(document["stakeholders"]), "stakeholder")
    print(f"exported {people} to {args.file}")
    return 0


def _import(args: argparse.Namespace) -> int:
    document = read_document(args.file)
    with transaction(args) as session:
        count = import_workspace(session, document, replace=args.replace, path=args.file)
        print(f"imported {counted(count, 'record')} from {args.file}")
    return 0
