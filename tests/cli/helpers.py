"""Run the real command-line tool in a subprocess, as an admin's script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, stdin: str | None = None, env: dict | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, env=environment,
        cwd=ROOT,
    )


def run_json(*args: str, **kwargs) -> tuple[int, dict]:
    result = run_cli(*args, "--json", **kwargs)
    return result.returncode, json.loads(result.stdout)
