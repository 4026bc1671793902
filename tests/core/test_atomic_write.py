"""User files are replaced whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cadence.atomic_write import write_bytes_atomically, write_text_atomically
from cadence.errors import CadenceError


def test_replaces_the_file_and_leaves_no_temporary_behind(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    write_text_atomically(target, "old")
    write_text_atomically(target, "new\r\nline")
    assert target.read_bytes() == b"new\r\nline"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_a_replaced_file_keeps_the_mode_its_owner_gave_it(tmp_path: Path) -> None:
    target = tmp_path / "feed.ics"
    write_bytes_atomically(target, b"x")
    target.chmod(0o644)  # shared with a calendar app running as another user
    write_bytes_atomically(target, b"y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    write_bytes_atomically(target, b"z", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_missing_folder_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(CadenceError, match="cannot write"):
        write_text_atomically(tmp_path / "missing" / "out.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("old")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(CadenceError, match="No space left"):
        write_text_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["contacts.csv"]
