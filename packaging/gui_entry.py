"""Frozen entry point of the windowed exe (A2000ERP Email Setting.exe): the desktop app."""

import sys

from a2k_settings_gui.gui_script import main

if __name__ == "__main__":
    # The PAC file's evaluator runs in a child process (core.net.pac_process): in the
    # frozen exe the child is this exe again, and freeze_support runs it instead of main.
    # Only then is multiprocessing imported (the spec's run-time hook, children_only).
    if len(sys.argv) > 1 and (sys.argv[1] == "--multiprocessing-fork" or "-c" in sys.argv[1:]):
        import multiprocessing

        multiprocessing.freeze_support()
    raise SystemExit(main())
