"""A server's words are shown as text: an address in an SMTP reply is never a link, so a
hostile server cannot put a clickable "re-enter your password" page into our result.
Only our own help pages are links."""

from __future__ import annotations

import re

from a2k_settings_gui.ui.smtp.window import TestSendWindow
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, settings_for

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

PHISHING = "https://evil.example/relogin"


def test_an_address_in_the_servers_reply_is_plain_text(qtbot, smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl", replies={
        "auth": f"535 5.7.8 Re-enter your e-mail password at {PHISHING}"})
    window = TestSendWindow(lambda: settings_for(server, "ssl", ca_file=smtp_ca.cafile),
                            lambda: DEFAULT_PASSWORD)
    qtbot.addWidget(window)
    window.show()
    window.start_button.click()
    qtbot.waitUntil(lambda: window.result is not None and window._task is None,
                    timeout=10_000)
    shown = window.result_label.text()
    assert "evil.example" in shown  # the admin still sees what the server said
    assert not re.search(r"<a\s[^>]*evil\.example", shown)
    for label in window.findChildren(type(window.result_label)):
        assert not re.search(r"href=[\"']?https?://evil", label.text()), label.objectName()


def test_only_our_own_help_pages_become_links():
    from a2k_settings_gui.ui.kit.admin_words import linkify

    assert linkify("create one at https://myaccount.google.com/apppasswords.") == (
        'create one at <a href="https://myaccount.google.com/apppasswords">'
        "https://myaccount.google.com/apppasswords</a>.")
    for text in (PHISHING, "http://myaccount.google.com/x", "https://myaccount.google.com.evil.example/",
                 "https://user@myaccount.google.com.evil.example/"):
        assert "<a" not in linkify(text), text


def test_every_address_in_our_own_fixes_is_a_known_help_page():
    """The allow-list keeps up with the fixes we write (core/ sources)."""
    from pathlib import Path

    import a2k_settings_gui
    from a2k_settings_gui.ui.kit.admin_words import OWN_HELP_HOSTS

    core = Path(a2k_settings_gui.__file__).parent / "core" / "smtp"
    found = set()
    for source in core.glob("*.py"):
        found |= {h.rstrip(".").lower() for h in
                  re.findall(r"https://([A-Za-z0-9.-]+)", source.read_text("utf-8"))}
    assert found - {"www.iana.org"} <= OWN_HELP_HOSTS
