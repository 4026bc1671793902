"""The core must be usable without Qt: importing the CLI loads no PySide6 module."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_loads_no_qt() -> None:
    probe = (
        "import sys, cadence.cli, cadence.storage.database, cadence.demo;"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
