"""Run a command in a fresh process and measure it with the OS, never by guessing.

A small launcher process starts the command as its only child, waits for it, and reports
the wall time and `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` (the child's peak
resident memory, KiB on Linux). Being fresh, the launcher has no other children whose
peak could be mistaken for this command's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

resource = pytest.importorskip("resource", reason="peak memory via getrusage is POSIX")

_LAUNCHER = r"""
import json, resource, subprocess, sys, time
report, argv = sys.argv[1], sys.argv[2:]
started = time.monotonic()
rc = subprocess.call(argv)
elapsed = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as handle:
    json.dump({"rc": rc, "elapsed": elapsed, "peak_kib": peak}, handle)
"""


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    elapsed: float  # seconds, wall clock, of the command alone
    peak_mb: float  # peak resident memory of the command, MB

    def json(self) -> dict:
        return json.loads(self.stdout)


def run_measured(*args: str, stdin: str | bytes | None = None, env: dict | None = None,
                 timeout: float = 60) -> Measured:
    """`python -m a2k_settings_gui ARGS`, measured."""
    environment = dict(os.environ)
    environment.update(env or {})
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(report),
             sys.executable, "-m", "a2k_settings_gui", *args],
            input=data, capture_output=True, timeout=timeout, env=environment,
            cwd=folder,
        )
        numbers = json.loads(report.read_text())
    return Measured(
        numbers["rc"],
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        numbers["elapsed"],
        numbers["peak_kib"] / 1024,
    )
