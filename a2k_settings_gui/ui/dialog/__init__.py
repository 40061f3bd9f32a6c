"""The Email Setting dialog (HOME – SYSTEM ADMIN – COMPANY – Email Setting).

form.py is the dialog: it hosts one panel per group of the ERP screen and validates,
saves and closes them together. Each panel (mail_server_panel, logo_panel, sending_panel,
network_panel; the shared shape in panel.py) builds, reads and fills its own fields.
password_field.py loads the password from the keyring. The dialog holds, rather than
inherits, the rest: the windows it opens (other_windows.py), its bottom row of buttons
(button_row.py) and its save controller (saving.py); the windows and the save controller
read the form through the FormState protocol (ui/kit/form_state.py).
"""

from __future__ import annotations

from a2k_settings_gui.ui.dialog.form import BREADCRUMB, EmailSettingDialog

__all__ = ["BREADCRUMB", "EmailSettingDialog"]
