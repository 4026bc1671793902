"""The files Cadence ships beside its code, in the top-level ``resources/`` folder.

Icons and the style sheet (used by the app) and the demo workspace (used by the core). The
folder sits next to the ``cadence`` package both in a source checkout and in an installed
wheel, which carries it as package data.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The shipped file ``resources/<parts...>``.

    Raises:
        FileNotFoundError: no such file (a broken installation or a bug, caught by the tests).
    """
    path = RESOURCES.joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(path)
    return path
