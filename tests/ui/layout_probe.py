"""Run every window state of tests/ui/window_states.py on one simulated screen and report
what tests/ui/layout_check.py finds; optionally save each state as a PNG.

    python -m tests.ui.layout_probe --screen 1920x1080 --scale 1.5 [--save DIR] [--only wizard]

Run in its own process: the screen and QT_SCALE_FACTOR are fixed when Qt starts. Prints
one JSON object: {"screen": ..., "states": {name: [problem, ...]}}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def configure(screen: str, scale: float, folder: Path) -> None:
    """The offscreen platform with one screen of `screen` device pixels at `scale`."""
    width, height = (int(part) for part in screen.lower().split("x"))
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    # A throw-away keyring and settings: the developer's own are never touched.
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(folder)
    os.environ["A2K_EMAIL_SETTINGS_CONFIG"] = str(folder / "email-settings.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screen", default="1366x768")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--save", default="", help="folder for one PNG per state")
    parser.add_argument("--only", default="", help="comma-separated scene names")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="a2k-layout-"))
    configure(args.screen, args.scale, folder)

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from tests.ui.layout_check import all_problems
    from tests.ui.window_states import Stage, states

    report: dict[str, object] = {"screen": args.screen, "scale": args.scale, "states": {}}
    only = tuple(name for name in args.only.split(",") if name)
    with Stage(folder) as stage:
        area = stage.app.primaryScreen().availableGeometry()
        report["logical"] = f"{area.width()}x{area.height()}"
        for name, window in states(stage, only):
            window.activateWindow()
            stage.pump(0.05)
            # A worker's last progress message may have changed a text after the layout
            # ran: let every pending layout happen before measuring (no new events).
            for _ in range(3):
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            report["states"][name] = all_problems(window)  # type: ignore[index]
            if args.save:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                window.grab().save(str(Path(args.save) / f"{name}.png"))
    print(json.dumps(report, ensure_ascii=True))
    sys.stdout.flush()
    # Worker threads may still be winding down: leave without waiting for them.
    os._exit(0)


if __name__ == "__main__":
    main()
