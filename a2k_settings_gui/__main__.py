"""`python -m a2k_settings_gui` runs the same command as `a2k-email-settings`."""

import sys

from a2k_settings_gui.cli import main

sys.exit(main())
