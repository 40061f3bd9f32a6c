"""The wizard's domain check places DNS failures as Check Domain does: behind a DNS server
that only hosts the sender's zone (it REFUSES every other name, so the DMARC tree walk's
parent level is refused), a domain with good records is ready for sending."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.core.domain.test_domain_dns_placement import DOMAIN, acme_zone
from tests.servers.dns import TestDnsServer

pytestmark = pytest.mark.timeout(60)


def test_domain_page_is_ready_behind_an_authoritative_only_dns_server(qtbot, tmp_path):
    with TestDnsServer(acme_zone(), authoritative_for={DOMAIN}) as dns:
        wizard = SetupWizard(
            SettingsStore(tmp_path / "email-settings.json"),
            defaults=EmailSettings(sender_email=f"billing@{DOMAIN}",
                                   smtp_host=f"smtp.{DOMAIN}", dns_servers=(dns.address,)),
            check_timeout=5)
        qtbot.addWidget(wizard)
        domain = wizard.pages["DomainPage"]
        wizard.setStartId(wizard.pageIds()[list(wizard.pages).index("DomainPage")])
        wizard.show()
        assert wizard.currentPage() is domain
        qtbot.mouseClick(domain.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: domain.run_button.isEnabled() and domain.status.text()
                        and "Checking" not in domain.status.text(), timeout=20000)
        assert ("_dmarc.test", "TXT") in dns.resolver.queries  # the walk met the refusal
    assert "The domain is ready for sending." in domain.status.text()
    assert "problem" not in domain.status.text()
