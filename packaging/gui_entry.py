"""Frozen entry point of the windowed exe (A2000ERP Email Setting.exe): the desktop app."""

import multiprocessing

from a2k_settings_gui.gui_script import main

if __name__ == "__main__":
    # The PAC file's evaluator runs in a child process (core.net.pac_process): in the
    # frozen exe the child is this exe again, and freeze_support runs it instead of main.
    multiprocessing.freeze_support()
    raise SystemExit(main())
