"""The dialog's "Enter in A2000ERP…" window: what the form shows, ready to type into the ERP.

Values come from the form as shown (the button is disabled while one of the ERP's fields
is invalid), Logo Height and Width from the logo preview (the whole pixels it draws), the
password from the form (copied only on its own Copy button). The support report is built
on a worker from the same values plus the latest checks kept beside the settings file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from a2k_settings_gui import __version__
from a2k_settings_gui.core.erp_profile import handover, handover_notes
from a2k_settings_gui.ui.support.handover import ErpHandoverDialog

if TYPE_CHECKING:
    from a2k_settings_gui.ui.dialog.form import EmailSettingDialog


def open_handover(form: EmailSettingDialog) -> ErpHandoverDialog:
    settings = form.current_settings()
    password = form.current_password()
    field = form.password_field
    stored = bool(field.saved_password) if field.keyring_ok else None
    display = form.logo_preview.display
    # Only a measured picture changes what is drawn; without one the box is the fields.
    measured = form.logo_preview.report is not None
    logo_size = (display.height, display.width) if measured else None
    rows = handover(settings, stored, logo_size=logo_size)
    from a2k_settings_gui.core.support.checked import field_verdicts
    from a2k_settings_gui.core.support.latest import load_latest

    # A small local file: the verdicts of the latest checks for exactly these values.
    verdicts = field_verdicts(load_latest(form.store.path), settings)
    notes = handover_notes(settings)
    if logo_size is not None and logo_size != (settings.logo_height, settings.logo_width):
        notes.append(
            f"Logo Height and Width are the size the preview shows ({display.height} × "
            f"{display.width} pixels, aspect kept), not the box in the form "
            f"({settings.logo_height} × {settings.logo_width}): A2000ERP draws the logo at "
            "exactly the numbers you enter.")
    if form.has_unsaved_changes():
        notes.append("These are the values in the form, not saved yet: Save them too, so "
                     "this computer's later checks use the same values.")
    path = form.store.path

    def build(kind: str) -> str:  # runs on a worker: reads the latest checks from disk
        from a2k_settings_gui.core.support.latest import load_latest
        from a2k_settings_gui.core.support.report import (
            build_report,
            render_html,
            render_text,
        )

        report = build_report(settings, stored, load_latest(path), version=__version__,
                              config=str(path))
        render = render_html if kind == "html" else render_text
        return render(report, password, settings.effective_login)

    dialog = ErpHandoverDialog(rows, password, notes, build, form.run_task, parent=form,
                               verdicts=verdicts)
    dialog.open()
    return dialog
