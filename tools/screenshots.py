"""Render every window of the app, in every state, to docs/, from the installed wheel:

    python tools/with_installed_app.py tools/screenshots.py        # everything + help copy
    python tools/with_installed_app.py tools/screenshots.py --only dialog,wizard

1. The window states of tests/ui/window_states.py (the same states tests/ui/test_layout.py
   checks), against loopback servers:
   - at 100 % on a 1366×768 screen  -> docs/<state>.png
   - at 150 % on a 1920×1080 screen -> docs/150/<state>.png (1280×720 logical pixels)
2. The feature tools for pictures that are parts of windows or use their own names
   (tools/logo_screenshots.py: the logo panel alone; tools/erp_screenshots.py;
   tools/received_screenshots.py), each at 100 % and 150 %.
3. tools/build_help.py: the Help window's copy of the guide and its pictures.

Throw-away settings and keyring in temp folders; passwords stay masked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# Pictures the guide shows under another name than their state's.
ALIASES = {"wizard-0-dialog-plan-and-button": "email-setting-dialog",
           "test-send-dialog": "email-setting-dialog"}
FEATURE_TOOLS = ("logo_screenshots.py", "erp_screenshots.py", "received_screenshots.py")


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    print("$", " ".join(command), flush=True)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{command[2:4]} failed:\n{done.stderr[-3000:]}")


def states(only: str) -> None:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("QT_SCALE_FACTOR", None)
    for screen, scale, folder in (("1366x768", "1", DOCS), ("1920x1080", "1.5", DOCS / "150")):
        run([sys.executable, "-m", "tests.ui.layout_probe", "--screen", screen, "--scale",
             scale, "--save", str(folder)] + (["--only", only] if only else []), env)
        for alias, state in ALIASES.items():
            if (folder / f"{state}.png").exists():
                shutil.copy(folder / f"{state}.png", folder / f"{alias}.png")


def feature_tools() -> None:
    for tool in FEATURE_TOOLS:
        for scale in ("1.5", "1"):  # 100 % last: it owns the names without a suffix
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
            run([sys.executable, str(ROOT / "tools" / tool)], env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="scenes of tests/ui/window_states.py")
    parser.add_argument("--states-only", action="store_true")
    args = parser.parse_args()
    if not args.states_only and not args.only:
        feature_tools()
    # The checked states last: where a feature tool wrote the same name, they win.
    states(args.only)
    run([sys.executable, str(ROOT / "tools" / "build_help.py")])
    print("screenshots written to", DOCS)


if __name__ == "__main__":
    main()
