"""Writing user files atomically: a temporary file in the same folder, synced, then renamed.

Readers (a calendar app subscribed to an ICS file, a spreadsheet) see the old file or the new
one, never half of one, and a full disk leaves the old file in place.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cadence.errors import CadenceError

PRIVATE = 0o600


def write_bytes_atomically(path: Path, content: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``content``.

    The file gets permission bits ``mode``; by default a replaced file keeps its own (the user
    may have widened them on purpose) and a new one is owner-only, like the database: these
    files name clients and what to avoid talking about with them.

    Raises:
        CadenceError: the folder is missing or not writable, or the disk is full.
    """
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise CadenceError(f"{path}: cannot write ({err.strerror})") from err
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _mode_for(path) if mode is None else mode)
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise CadenceError(f"{path}: cannot write ({err.strerror})") from err
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` encoded as UTF-8 (newlines written as given)."""
    write_bytes_atomically(path, text.encode("utf-8"), mode=mode)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return PRIVATE
