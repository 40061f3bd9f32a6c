"""Entry point of the gui-script `a2k-email-settings-gui` (no console window on Windows).

Without arguments it opens the app. With arguments it is the command line without a
console: the OS scheduler's daily `health --notify` runs through it so that no console
window flashes up. It sits above both `cli` and `ui` so that neither imports the other
for this: `cli` opens the GUI when no sub-command is given, and a `ui` that imported
`cli` back would close an import circle.
"""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from a2k_settings_gui.cli import main as command_line

        return command_line(sys.argv[1:])
    # The start creates some 20,000 objects and next to no garbage, yet Python's cyclic
    # collector runs ~45 times over them before the first window paints (6 ms here). It
    # waits for that paint; ui/app.py turns it back on then.
    import gc

    gc.disable()
    from a2k_settings_gui.ui.app import run_gui

    return run_gui(start="auto")


if __name__ == "__main__":
    sys.exit(main())
