"""Run a tool (or pytest) against the app as installed from the wheel, not the checkout.

    python tools/with_installed_app.py tools/screenshots.py
    python tools/with_installed_app.py tools/logo_screenshots.py
    python tools/with_installed_app.py tools/test_send_screenshots.py
    python tools/with_installed_app.py tools/screenshots.py --only wizard,wizard-srv

Builds the wheel from this repository into a temp folder, installs it (not editable, no
dependencies) into a fresh venv whose libraries come from the running environment, and
runs the given arguments with that venv's Python from the repository root. The installed
copy shadows any editable install (tests/test_installed_app.py makes the same venv).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_installed_app import make_installed_venv  # noqa: E402


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    program = make_installed_venv(Path(tempfile.mkdtemp(prefix="a2k-installed-")))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT)  # only for tests.servers; the root holds no package
    return subprocess.run([program.python, *sys.argv[1:]], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
