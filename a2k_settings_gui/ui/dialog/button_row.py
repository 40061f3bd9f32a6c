"""The Email Setting dialog's bottom row: Help, the buttons that open the other windows
(at the left), then Save, Apply and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QPushButton

from a2k_settings_gui.ui.dialog.other_windows import DialogWindows


class ButtonRow:
    """Attributes: layout (the whole row), tools_layout (the window buttons), test_send,
    check_domain, wizard, health, handover; buttons (the QDialogButtonBox) with save, apply and
    cancel, which the dialog connects."""

    def __init__(self, windows: DialogWindows, help_button: QPushButton | None) -> None:
        self.tools_layout = QHBoxLayout()
        self.tools_layout.setObjectName("tools_layout")
        self.test_send = self._tool_button(
            "Send &Test Email…", "test_send_button", windows.open_test_send,
            "Connect, log in and send a test e-mail with the values in the form; every step "
            "and its fix shown")
        self.check_domain = self._tool_button(
            "Check &Domain…", "check_domain_button", lambda: windows.open_check_domain(),
            "Will Gmail, Yahoo and Outlook.com accept mail from this domain? "
            "(SPF, DKIM, DMARC, MX)")
        self.wizard = self._tool_button(
            "Setup Wi&zard…", "wizard_button", windows.open_wizard,
            "Find the server, test and save step by step.")
        # Every letter of "Health" is already an Alt key in the dialog: Alt+F.
        self.health = self._tool_button(
            "Watch for pro&blems…", "health_button", windows.open_health,
            "The health watch: re-checks the saved settings every day without sending; its "
            "history, what changed, Check now and the schedule")
        self.handover = self._tool_button(
            "Enter in A&2000ERP…", "handover_button", windows.open_handover,
            "Each value to type into A2000ERP's Email Setting screen, in its order, with "
            "Copy buttons; and the support report")

        # Not QDialogButtonBox(buttons): choosing among its constructors makes PySide6
        # build the Qt namespace's enums (ui/kit/qt_enums.py).
        self.buttons = QDialogButtonBox()
        self.buttons.setStandardButtons(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("buttons")
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setObjectName("save_button")
        self.save.setText("&Save")
        self.apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply.setObjectName("apply_button")
        self.apply.setText("&Apply")
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setObjectName("cancel_button")
        # N: the one letter of "Cancel" no field or button of the dialog has. Help, Show
        # (password) and Browse… have none: every letter of theirs is a field's key here.
        self.cancel.setText("Ca&ncel")
        self.layout = QHBoxLayout()
        self.layout.addWidget(help_button)
        self.layout.addLayout(self.tools_layout)
        self.layout.addStretch(1)
        self.layout.addWidget(self.buttons)

    def _tool_button(self, text: str, name: str, slot: Callable[[], None],
                     tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.tools_layout.addWidget(button)
        return button
