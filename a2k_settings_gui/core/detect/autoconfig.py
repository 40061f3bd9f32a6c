"""Thunderbird-style autoconfig: fetch config-v1.1.xml from the domain and read its
outgoing server.

The file comes from the network, so it is treated as hostile: HTTPS only by default, a
size cap, and any DTD or entity declaration is refused before parsing (the classic XML
bombs and external-entity tricks need one). requests is imported inside the function.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.net.http import http_session
from a2k_settings_gui.core.net.tls import CaFileProblem

# {domain} and {email} are filled in; tests replace the base with a local HTTPS server.
AUTOCONFIG_URLS: tuple[str, ...] = (
    "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={email}",
    "https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml",
)
MAX_BYTES = 128 * 1024
SOCKET_TYPES = {"ssl": "ssl", "tls": "ssl", "starttls": "starttls", "plain": "none"}


class AutoconfigError(ValueError):
    """The file is not a usable autoconfig document (the message says why)."""


@dataclass(frozen=True)
class AutoconfigServer:
    host: str
    port: int
    security: str
    username: str = ""
    authentication: tuple[str, ...] = ()

    @property
    def oauth_only(self) -> bool:
        return bool(self.authentication) and all(a.lower() == "oauth2" for a in self.authentication)


@dataclass
class AutoconfigResult:
    url: str
    servers: list[AutoconfigServer] = field(default_factory=list)
    provider_id: str = ""
    outcome: str = "ok"  # ok | not_found | invalid | unreachable
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "outcome": self.outcome, "detail": self.detail,
                "provider_id": self.provider_id,
                "servers": [{"host": s.host, "port": s.port, "security": s.security,
                             "username": s.username, "authentication": list(s.authentication)}
                            for s in self.servers]}


def _fill(template: str, email: str) -> str:
    local, _, domain = email.rpartition("@")
    return (template.replace("%EMAILADDRESS%", email).replace("%EMAILLOCALPART%", local)
            .replace("%EMAILDOMAIN%", domain))


def parse_autoconfig(data: bytes, email: str) -> tuple[str, list[AutoconfigServer]]:
    """(provider id, outgoing SMTP servers) from a config-v1.1.xml document."""
    if len(data) > MAX_BYTES:
        raise AutoconfigError(f"file larger than {MAX_BYTES // 1024} KiB")
    head = data.upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise AutoconfigError("file declares a DTD or entities, which is refused for safety")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise AutoconfigError(f"not well-formed XML ({exc})") from None
    if root.tag != "clientConfig":
        raise AutoconfigError(f"root element is <{root.tag}>, not <clientConfig>")
    provider = root.find("emailProvider")
    if provider is None:
        raise AutoconfigError("no <emailProvider> element")
    servers: list[AutoconfigServer] = []
    for node in provider.findall("outgoingServer"):
        if (node.get("type") or "").lower() != "smtp":
            continue
        host = _fill((node.findtext("hostname") or "").strip(), email).lower()
        port_text = (node.findtext("port") or "").strip()
        socket_type = (node.findtext("socketType") or "").strip().lower()
        if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            continue
        security = SOCKET_TYPES.get(socket_type)
        if security is None:
            continue
        servers.append(AutoconfigServer(
            host, int(port_text), security,
            _fill((node.findtext("username") or "").strip(), email),
            tuple(a.text.strip() for a in node.findall("authentication") if a.text),
        ))
    if not servers:
        raise AutoconfigError("no usable <outgoingServer type=\"smtp\"> entry")
    return provider.get("id", ""), servers


def fetch_autoconfig(
    url_template: str,
    email: str,
    *,
    timeout: float = 5.0,
    ca_file: str = "",
    dns_servers: tuple[str, ...] | list[str] = (),
    cancel: CancelToken | None = None,
) -> AutoconfigResult:
    """Fetch and parse one autoconfig URL; never raises for network or format trouble.

    The host name is looked up through `dns_servers` when given (like every other query of
    the check), and the server's certificate is checked against the system store plus
    `ca_file` (core.net.tls), through the system proxy when there is one.
    """
    import requests

    domain = email.rpartition("@")[2]
    url = url_template.format(domain=domain, email=quote(email, safe="@"))
    result = AutoconfigResult(url)
    deadline = time.monotonic() + timeout
    try:
        session = http_session(ca_file=ca_file, dns_servers=tuple(dns_servers),
                               timeout=timeout, cancel=cancel)
    except CaFileProblem as exc:
        result.outcome, result.detail = "unreachable", str(exc)
        return result
    session.max_redirects = 3
    unregister = cancel.on_cancel(session.close) if cancel is not None else None
    try:
        with session.get(url, timeout=(timeout, timeout), stream=True,
                         headers={"User-Agent": "a2k-settings-gui autodetect"}) as response:
            if url.startswith("https://") and not response.url.startswith("https://"):
                # A redirect to plain http would let anyone on the path pick the server.
                result.outcome, result.detail = "invalid", "redirected to an http:// address"
                return result
            if response.status_code != 200:
                result.outcome, result.detail = "not_found", f"HTTP {response.status_code}"
                return result
            body = b""
            for chunk in response.iter_content(16384):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise AutoconfigError(f"file larger than {MAX_BYTES // 1024} KiB")
                if time.monotonic() > deadline:
                    raise requests.Timeout("download took too long")
        result.provider_id, result.servers = parse_autoconfig(body, email)
    except AutoconfigError as exc:
        result.outcome, result.detail = "invalid", str(exc)
    except requests.RequestException as exc:
        result.outcome, result.detail = "unreachable", _short(exc)
    except Exception as exc:  # noqa: BLE001 - a socket closed by cancel raises oddities
        result.outcome, result.detail = "unreachable", _short(exc)
    finally:
        if unregister is not None:
            unregister()
        session.close()
    return result


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:197] + "..."
