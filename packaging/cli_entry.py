"""Frozen entry point of the console exe (a2k-email-settings.exe): the command line."""

from a2k_settings_gui.cli import main

raise SystemExit(main())
