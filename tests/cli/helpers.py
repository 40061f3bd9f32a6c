"""Run the real command-line tool in a subprocess, as an admin's script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile


def run_cli(*args: str, stdin: str | None = None, env: dict | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, env=environment,
        cwd=tempfile.gettempdir(),  # outside the checkout: the installed package runs
    )


def run_json(*args: str, **kwargs) -> tuple[int, dict]:
    result = run_cli(*args, "--json", **kwargs)
    return result.returncode, json.loads(result.stdout)
