"""`python -m a2k_settings_gui` runs the same command as `a2k-email-settings`."""

import sys

from a2k_settings_gui.cli import main

# Guarded: a child process started with multiprocessing's "spawn" (the PAC file's
# evaluator, core.net.pac_process) imports this module again and must not run the CLI.
if __name__ == "__main__":
    sys.exit(main())
