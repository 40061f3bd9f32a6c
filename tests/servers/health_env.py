"""Loopback servers for the health watch: an SMTP server with AUTH (STARTTLS, trustme
certificate), a DNS server with the sender domain's records, and an HTTPS image host
for the logo; plus saved settings and a keyring password that point at them.

    with HealthWorld(folder, config_path) as world:
        world.server.logins, world.dns.resolver.zone[DOMAIN] = ..., world.logo_body[0] = ...

Used by the health tests (CLI and window), tests/ui/window_states.py and
benchmarks/bench_health.py.
"""

from __future__ import annotations

import contextlib
import ssl
from pathlib import Path
from typing import Any

from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import dkim_record
from tests.servers.http_images import ImageHost, image, logo_png
from tests.servers.smtp import Certificates, SmtpTestServer

# A real-looking domain: every query goes to the loopback DNS server, never outside.
SENDER = "statements@acme-trading.com"
PASSWORD = "H3alth-W4tch!pw"
DOMAIN = "acme-trading.com"
SPF = "v=spf1 ip4:127.0.0.1 -all"


def zone() -> dict:
    return {
        DOMAIN: [("MX", (10, f"mx.{DOMAIN}")), ("TXT", SPF)],
        f"mx.{DOMAIN}": [("A", "192.0.2.25")],
        f"_dmarc.{DOMAIN}": [("TXT", "v=DMARC1; p=reject")],
        f"default._domainkey.{DOMAIN}": [("TXT", dkim_record())],
        "localhost": [("A", "127.0.0.1")],
    }


class HealthWorld:
    """The servers of one scenario and the saved settings that point at them."""

    def __init__(self, folder: Path, config_path: Path, *, certificates: Certificates | None
                 = None, smtp_delay: float = 0.0, dns_delay: float = 0.0) -> None:
        self.folder, self.config_path = folder, config_path
        self.certificates = certificates or Certificates(folder)
        self.smtp_delay, self.dns_delay = smtp_delay, dns_delay
        self.logo_body = [logo_png()]
        self._stack = contextlib.ExitStack()
        self.servers: list[SmtpTestServer] = []

    def __enter__(self) -> HealthWorld:
        self.dns = self._stack.enter_context(TestDnsServer(zone(), delay=self.dns_delay))
        # HTTPS with a certificate from the same test CA the settings' CA file holds.
        self.logo = self._stack.enter_context(ImageHost(tls=self.certificates.ca))
        self.logo.route("/logo.png", lambda request: image(self.logo_body[0]))
        self.server = self.smtp_server()
        self.save()
        from a2k_settings_gui.core import secrets

        secrets.set_password(SENDER, PASSWORD)
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.stop()
        self._stack.close()

    def smtp_server(self, **validity: Any) -> SmtpTestServer:
        """A new SMTP server; `not_before`/`not_after` give its certificate's dates."""
        context = None
        if validity:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.certificates.ca.issue_cert("localhost", "127.0.0.1",
                                            **validity).configure_cert(context)
        server = SmtpTestServer(self.certificates, tls="starttls", users={SENDER: PASSWORD},
                                server_context=context, delay=self.smtp_delay).start()
        self.servers.append(server)
        return server

    def use(self, server: SmtpTestServer) -> None:
        self.server = server
        self.save()

    def save(self, **changes: Any) -> None:
        from a2k_settings_gui.core.settings import EmailSettings, Security
        from a2k_settings_gui.core.store import SettingsStore

        values: dict[str, Any] = dict(
            sender_email=SENDER, smtp_host="localhost", port=self.server.port,
            security=Security.STARTTLS, dns_servers=(self.dns.address,),
            ca_file=self.certificates.cafile, logo_url=self.logo.url("/logo.png"),
            logo_height=60, logo_width=200)
        values.update(changes)
        SettingsStore(self.config_path).save(EmailSettings(**values))
