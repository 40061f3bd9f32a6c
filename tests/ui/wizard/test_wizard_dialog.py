"""The dialog side of the sending plan: the live sending plan in Mail Sending Control and the
"Setup Wizard…" button, which opens the wizard with the form's values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.wizard import SetupWizard


def open_dialog(qtbot, store: SettingsStore) -> EmailSettingDialog:
    dialog = EmailSettingDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())
    return dialog


def test_plan_follows_the_sending_fields_and_the_server(qtbot, tmp_path):
    store = SettingsStore(tmp_path / "s.json")
    store.save(EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.office365.com",
                             security=Security.STARTTLS, max_mails_per_batch=100,
                             batch_interval_seconds=10))
    dialog = open_dialog(qtbot, store)
    plan = dialog.sending_plan
    # The provider table is read on a worker at start-up; the plan redraws when it is in.
    qtbot.waitUntil(lambda: plan.provider_known)
    assert dialog.sending_form.indexOf(plan) >= 0
    assert "throttled by Microsoft 365" in plan.shown_text()
    qtbot.mouseClick(plan.use_suggestion, Qt.MouseButton.LeftButton)
    assert (dialog.max_mails.value(), dialog.batch_interval.value()) == (30, 60)
    assert plan.plan.ok
    dialog.smtp_host.setText("smtp.gmail.com")
    plan.mails.setValue(1200)
    assert "exceed Gmail's 500 per day" in plan.shown_text()


def test_wizard_button_opens_the_wizard_with_the_form_values(qtbot, tmp_path):
    store = SettingsStore(tmp_path / "s.json")
    store.save(EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com"))
    secrets.set_password("ar@acme.com", "pw-1")
    dialog = open_dialog(qtbot, store)
    assert dialog.tools_layout.indexOf(dialog.wizard_button) >= 0
    qtbot.mouseClick(dialog.wizard_button, Qt.MouseButton.LeftButton)
    wizard = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, SetupWizard) and w.isVisible())
    qtbot.addWidget(wizard)
    assert wizard.draft.sender_email == "ar@acme.com"
    assert wizard.password == "pw-1"
    # Saving from the wizard refreshes the dialog from the file.
    wizard.draft = wizard.draft.replace(smtp_host="smtp.changed-by-wizard.com")
    with qtbot.waitSignal(wizard.saved, timeout=5000):
        wizard.accept()
    assert dialog.smtp_host.text() == "smtp.changed-by-wizard.com"
    assert not dialog.has_unsaved_changes()


def test_wizard_save_with_a_new_login_moves_the_password(qtbot, tmp_path):
    store = SettingsStore(tmp_path / "s.json")
    store.save(EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com"))
    secrets.set_password("ar@acme.com", "old-pw")
    wizard = SetupWizard(store, password="new-pw")
    qtbot.addWidget(wizard)
    wizard.draft = wizard.draft.replace(login_name="apikey")
    with qtbot.waitSignal(wizard.saved, timeout=5000):
        wizard.accept()
    assert secrets.get_password("apikey") == "new-pw"
    assert secrets.get_password("ar@acme.com") is None
