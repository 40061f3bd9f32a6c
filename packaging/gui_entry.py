"""Frozen entry point of the windowed exe (A2000ERP Email Setting.exe): the desktop app."""

from a2k_settings_gui.gui_script import main

raise SystemExit(main())
