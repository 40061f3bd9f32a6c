"""Checks test what the form SHOWS: a check's button is disabled while a field it reads is
invalid, and its tooltip names the field (a check on a bad value would only mislead).

Before, Send Test Email with Port showing 99999 in red used the saved port and said "It
works": the form falls back to saved values for invalid fields. Now the buttons wait
until the fields they read are valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton

from a2k_settings_gui.core.settings import FIELDS_BY_KEY

if TYPE_CHECKING:
    from a2k_settings_gui.ui.logo.preview import LogoPreviewWidget

# The fields each check reads from the form.
CHECK_FIELDS: dict[str, tuple[str, ...]] = {
    "test_send": ("sender_email", "smtp_host", "port", "security", "login_name",
                  "sender_name", "test_recipient", "dns_servers", "ca_file"),
    "check_domain": ("sender_email", "smtp_host", "dns_servers", "max_mails_per_batch",
                     "batch_interval_seconds", "mails_per_month"),
    "check_logo": ("logo_url", "logo_height", "logo_width", "dns_servers", "ca_file"),
    "handover": ("sender_email", "smtp_host", "port", "logo_url", "logo_height",
                 "logo_width", "max_mails_per_batch", "batch_interval_seconds"),
}


@dataclass(frozen=True)
class CheckButtons:
    """The dialog's check buttons (Check Logo lives in the logo panel)."""

    test_send: QPushButton
    check_domain: QPushButton
    logo_preview: LogoPreviewWidget
    handover: QPushButton

    def buttons(self) -> dict[str, QPushButton]:
        return {"test_send": self.test_send, "check_domain": self.check_domain,
                "check_logo": self.logo_preview.check_button, "handover": self.handover}

    def tool_tips(self) -> dict[str, str]:
        return {check: button.toolTip() for check, button in self.buttons().items()}


def blocker(check: str, problems: dict[str, str]) -> str:
    """Why `check` cannot run with these field problems ("" when it can)."""
    for key in CHECK_FIELDS[check]:
        if key in problems:
            return f"Fix {FIELDS_BY_KEY[key].label} first: {problems[key]}"
    return ""


def gate_checks(checks: CheckButtons, problems: dict[str, str],
                tool_tips: dict[str, str]) -> None:
    for check, button in checks.buttons().items():
        reason = blocker(check, problems)
        if check == "check_logo":
            checks.logo_preview.set_blocked(reason)
        else:
            button.setEnabled(not reason)
        button.setToolTip(reason or tool_tips[check])
