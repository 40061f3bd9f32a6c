"""The provider table (resources/providers.json): load it and match a domain, an MX host or
an SPF include against it.

The table is data so that a new provider or a changed limit is an edit of one JSON file.
Loading validates every entry, so a typo in the file fails loudly in the tests rather
than silently when an admin runs detection.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SECURITIES = ("ssl", "starttls", "none")


@dataclass(frozen=True)
class ServerSetting:
    host: str
    port: int
    security: str  # "ssl" | "starttls" | "none"

    def to_dict(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "security": self.security}


@dataclass(frozen=True)
class Limits:
    per_day: int | None = None
    per_minute: int | None = None
    recipients_per_message: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "per_day": self.per_day,
            "per_minute": self.per_minute,
            "recipients_per_message": self.recipients_per_message,
        }


@dataclass(frozen=True)
class MxPattern:
    pattern: str
    host: str | None = None  # overrides the provider's host (regional servers)

    def match(self, mx_host: str) -> dict[str, str] | None:
        """The captured {name} labels when `mx_host` matches, else None."""
        regex = _pattern_regex(self.pattern)
        found = regex.fullmatch(mx_host.lower().rstrip("."))
        return found.groupdict() if found else None


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    domains: tuple[str, ...]
    mx_patterns: tuple[MxPattern, ...]
    spf_includes: tuple[str, ...]
    servers: tuple[ServerSetting, ...]
    login_user: str
    login_password: str
    login_hint: str
    limits: Limits
    recommended_batch: int
    recommended_interval: int
    source: str
    uncertain: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    default_region: str = ""

    @property
    def oauth_only(self) -> bool:
        return self.login_password == "oauth_only"

    def servers_for(self, variables: dict[str, str] | None = None) -> tuple[ServerSetting, ...]:
        """The servers with {region}-style placeholders filled in."""
        values = {"region": self.default_region, **(variables or {})}
        return tuple(
            ServerSetting(s.host.format(**values), s.port, s.security) for s in self.servers
        )

    def login_name_for(self, email: str) -> str:
        """What goes into Login name: '' when the sender address itself is the login."""
        if self.login_user == "apikey":
            return "apikey"
        return ""

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "login_hint": self.login_hint,
            "oauth_only": self.oauth_only,
            "limits": self.limits.to_dict(),
            "limits_source": self.source,
        }


class ProviderDataError(ValueError):
    """resources/providers.json is malformed; the message names the entry and the field."""


@lru_cache(maxsize=64)
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = []
    rest = pattern.lower()
    if rest.startswith("*."):
        parts.append(r"(?:[a-z0-9-]+\.)+")
        rest = rest[2:]
    for piece in re.split(r"(\{[a-z_]+\})", rest):
        if piece.startswith("{") and piece.endswith("}"):
            parts.append(f"(?P<{piece[1:-1]}>[a-z0-9-]+)")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def _int_or_none(entry: dict[str, Any], key: str, where: str) -> int | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ProviderDataError(f"{where}: {key} must be a positive whole number or null")
    return value


def _provider_from_json(entry: dict[str, Any]) -> Provider:
    where = f"provider {entry.get('id', '?')!r}"
    try:
        servers = tuple(
            ServerSetting(str(s["host"]), int(s["port"]), str(s["security"]))
            for s in entry["servers"]
        )
        patterns = tuple(
            MxPattern(p) if isinstance(p, str) else MxPattern(p["pattern"], p.get("host"))
            for p in entry.get("mx_patterns", [])
        )
        login = entry["login"]
        limits_raw = entry["limits"]
        recommended = entry["recommended"]
        provider = Provider(
            id=str(entry["id"]),
            name=str(entry["name"]),
            domains=tuple(d.lower() for d in entry.get("domains", [])),
            mx_patterns=patterns,
            spf_includes=tuple(s.lower() for s in entry.get("spf_includes", [])),
            servers=servers,
            login_user=str(login["user"]),
            login_password=str(login["password_kind"]),
            login_hint=str(login["hint"]),
            limits=Limits(
                _int_or_none(limits_raw, "per_day", where),
                _int_or_none(limits_raw, "per_minute", where),
                _int_or_none(limits_raw, "recipients_per_message", where),
            ),
            recommended_batch=int(recommended["max_mails_per_batch"]),
            recommended_interval=int(recommended["batch_interval_seconds"]),
            source=str(entry["source"]),
            uncertain=tuple(entry.get("uncertain", [])),
            regions=tuple(entry.get("regions", [])),
            default_region=str(entry.get("default_region", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderDataError(f"{where}: missing or bad field ({exc})") from None
    for server in provider.servers:
        if server.security not in SECURITIES or not 0 < server.port < 65536:
            raise ProviderDataError(f"{where}: server {server} has a bad port or security")
    if not provider.servers:
        raise ProviderDataError(f"{where}: needs at least one server")
    return provider


def parse_providers(text: str) -> tuple[Provider, ...]:
    data = json.loads(text)
    providers = tuple(_provider_from_json(entry) for entry in data["providers"])
    ids = [p.id for p in providers]
    if len(set(ids)) != len(ids):
        raise ProviderDataError("provider ids must be unique")
    return providers


@lru_cache(maxsize=1)
def load_providers() -> tuple[Provider, ...]:
    from a2k_settings_gui.core.resources import read_text

    return parse_providers(read_text("providers.json"))


def provider_table_loaded() -> bool:
    """True once load_providers() has read the table (later calls cost nothing)."""
    return load_providers.cache_info().currsize > 0


def provider_by_id(provider_id: str) -> Provider | None:
    return next((p for p in load_providers() if p.id == provider_id), None)


def match_domain(domain: str) -> Provider | None:
    """The provider whose own mail domain this is (gmail.com → Gmail)."""
    domain = domain.lower().rstrip(".")
    return next((p for p in load_providers() if domain in p.domains), None)


def match_mx(mx_host: str) -> tuple[Provider, tuple[ServerSetting, ...]] | None:
    """The provider whose MX pattern matches, with its servers for that MX (regional)."""
    for provider in load_providers():
        for pattern in provider.mx_patterns:
            captured = pattern.match(mx_host)
            if captured is None:
                continue
            servers = provider.servers_for(captured)
            if pattern.host:
                host = pattern.host.format(**captured)
                servers = tuple(ServerSetting(host, s.port, s.security) for s in servers)
            return provider, servers
    return None


def match_spf_include(include_domain: str) -> Provider | None:
    """The sending service behind an SPF `include:` term (include:sendgrid.net → SendGrid)."""
    name = include_domain.lower().rstrip(".")
    for provider in load_providers():
        for suffix in provider.spf_includes:
            if name == suffix or name.endswith("." + suffix):
                return provider
    return None


def match_server_host(smtp_host: str) -> Provider | None:
    """The provider that runs this outgoing server (smtp.office365.com → Microsoft 365).

    Used by the sending plan to find the limits from the settings alone. A host shared by
    two providers (smtp.gmail.com: Gmail and Workspace) gives the first, stricter one.
    """
    host = smtp_host.lower().rstrip(".")
    for provider in load_providers():
        for server in provider.servers:
            if "{" in server.host:
                if _pattern_regex(server.host).fullmatch(host):
                    return provider
            elif server.host == host:
                return provider
    return None
