"""Thunderbird's ISP database (resources/ispdb, MPL-2.0, provenance in its README.md):
the outgoing server of about 160 providers and the ~960 domains they serve.

Looked up the way Thunderbird does (FetchConfig.fromDB and forMX in comm-central): first
the address's own domain, then the registrable domain of its MX host (aspmx.l.google.com
-> google.com; the public suffix list decides what "registrable" means, as Thunderbird's
eTLD service does). The built-in table (resources/providers.json) still comes first for the
providers we add advice to; ISPDB covers the rest of the world.

The files are parsed with defusedxml (no DTDs, entities or external references), once,
on first use; the index maps each <domain> to its provider.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

from a2k_settings_gui.core.resources import resource_path

SOCKET_TYPES = {"ssl": "ssl", "tls": "ssl", "starttls": "starttls", "plain": "none"}
_lock = threading.Lock()


@dataclass(frozen=True)
class IspdbServer:
    host: str  # may hold %EMAILDOMAIN% and friends until filled for an address
    port: int
    security: str
    username: str
    authentication: tuple[str, ...]

    @property
    def oauth_only(self) -> bool:
        return bool(self.authentication) and all(a.lower() == "oauth2"
                                                 for a in self.authentication)


@dataclass(frozen=True)
class IspdbProvider:
    id: str
    file: str
    display_name: str
    domains: tuple[str, ...]
    servers: tuple[IspdbServer, ...]
    enable_url: str = ""
    enable_instruction: str = ""  # the English <instruction> of <enable>
    documentation: tuple[str, ...] = field(default_factory=tuple)

    def servers_for(self, email: str) -> list[IspdbServer]:
        return [IspdbServer(_fill(s.host, email).lower(), s.port, s.security,
                            _fill(s.username, email), s.authentication)
                for s in self.servers]


def _fill(template: str, email: str) -> str:
    local, _, domain = email.rpartition("@")
    return (template.replace("%EMAILADDRESS%", email).replace("%EMAILLOCALPART%", local)
            .replace("%EMAILDOMAIN%", domain))


def parse_provider(data: bytes, file: str = "") -> IspdbProvider | None:
    """One ISPDB file; None when it offers no usable SMTP server."""
    from defusedxml import ElementTree as SafeET

    root = SafeET.fromstring(data, forbid_dtd=True)
    node = root.find("emailProvider")
    if root.tag != "clientConfig" or node is None:
        return None
    servers = []
    for out in node.findall("outgoingServer"):
        if (out.get("type") or "").lower() != "smtp":
            continue
        host = (out.findtext("hostname") or "").strip()
        port = (out.findtext("port") or "").strip()
        security = SOCKET_TYPES.get((out.findtext("socketType") or "").strip().lower())
        if not host or not port.isdigit() or not 0 < int(port) < 65536 or security is None:
            continue
        servers.append(IspdbServer(
            host, int(port), security, (out.findtext("username") or "").strip(),
            tuple(a.text.strip() for a in out.findall("authentication") if a.text)))
    if not servers:
        return None
    enable = node.find("enable")
    instruction = ""
    if enable is not None:
        texts = [(i.get("lang") or "en", (i.text or "").strip())
                 for i in enable.findall("instruction")]
        instruction = next((t for lang, t in texts if lang == "en"), texts[0][1] if texts
                           else "")
    return IspdbProvider(
        id=node.get("id", file),
        file=file,
        display_name=(node.findtext("displayName") or node.get("id") or file).strip(),
        domains=tuple(d.text.strip().lower() for d in node.findall("domain") if d.text),
        servers=tuple(servers),
        enable_url=enable.get("visiturl", "") if enable is not None else "",
        enable_instruction=instruction,
        documentation=tuple(d.get("url", "") for d in node.findall("documentation")
                            if d.get("url")),
    )


@functools.lru_cache(maxsize=1)
def index() -> dict[str, IspdbProvider]:
    """domain -> provider, for every shipped file (parsed once; ~30 ms)."""
    with _lock:
        found: dict[str, IspdbProvider] = {}
        for path in sorted(resource_path("ispdb").glob("*.xml")):
            provider = parse_provider(path.read_bytes(), path.name)
            if provider is None:
                continue
            for domain in provider.domains:
                found.setdefault(domain, provider)
        return found


def lookup_domain(domain: str) -> IspdbProvider | None:
    return index().get(domain.lower().rstrip("."))


@functools.lru_cache(maxsize=1)
def _psl():  # noqa: ANN202 - publicsuffixlist type, imported lazily (it parses a big list)
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def base_domain(host: str) -> str:
    """The registrable domain of a host name (mx01.mail.icloud.com -> icloud.com)."""
    host = host.lower().rstrip(".")
    try:
        return _psl().privatesuffix(host) or host
    except Exception:  # noqa: BLE001 - odd input: keep the name as it is
        return host


def lookup_mx(mx_host: str) -> tuple[str, IspdbProvider] | None:
    """(the domain looked up, provider) for an MX host, as Thunderbird's forMX does."""
    base = base_domain(mx_host)
    provider = lookup_domain(base)
    return (base, provider) if provider else None
