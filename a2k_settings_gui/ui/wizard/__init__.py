"""The first-time setup wizard: address → server (detected) → sign-in → test → domain →
logo → sending control → save. One module per page; wizard.py puts them together."""

from __future__ import annotations

from a2k_settings_gui.ui.wizard.wizard import SetupWizard, open_wizard

__all__ = ["SetupWizard", "open_wizard"]
