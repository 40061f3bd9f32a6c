"""When every mail port is swallowed and the web goes through a proxy, detection says that
the network lets only the web out (SMTP cannot use a web proxy) and what to ask IT for."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect
from tests.servers.detect_env import dns_server, silent_port, unanswered_port

pytestmark = pytest.mark.timeout(60)
ZONE = """
smtp.fabrikam-mail.com. 60 IN A 127.0.0.1
mail.fabrikam-mail.com. 60 IN A 127.0.0.1
"""


def test_blocked_mail_ports_behind_a_web_proxy(company_proxy):
    with dns_server(ZONE) as dns, silent_port() as quiet, unanswered_port() as dropped:
        report = detect("ar@fabrikam-mail.com", timeout=2.0, dns_servers=[dns],
                        options=DetectOptions(autoconfig_urls=(), connect_timeout=30,
                                              port_map={465: quiet, 587: dropped,
                                                        25: dropped, 2525: quiet}))
    codes = [f.code for f in report.findings]
    assert codes[0] == "web_only_through_proxy"
    assert "outbound_smtp_blocked" not in codes and "no_server_found" not in codes
    finding = report.findings[0]
    assert "proxy.corp.test:3128" in finding.message and "587" in finding.fix
    shown = str(report.to_dict())
    assert "Pr0xy-Secret" not in shown
    assert report.to_dict()["proxy"].startswith("http://proxy.corp.test:3128")


def test_test_send_timeout_behind_a_web_proxy_says_so(company_proxy):
    from a2k_settings_gui.core.settings import EmailSettings, Security
    from a2k_settings_gui.core.smtp.check import run_test_send

    with unanswered_port() as dropped:
        settings = EmailSettings(sender_email="ar@fabrikam-mail.com", smtp_host="127.0.0.1",
                                 port=dropped, security=Security.STARTTLS)
        result = run_test_send(settings, "pw", timeout=1.5)
    codes = [f.code for f in result.findings]
    assert codes[:2] == ["connection_timeout", "web_only_through_proxy"]
    assert "Pr0xy-Secret" not in str(result.to_dict())
