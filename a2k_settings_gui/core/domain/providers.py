"""Provider data for Check Domain, read from resources/domain_auth_providers.json.

Which SPF include a provider asks for, which DKIM selectors it uses, where its admin
console shows the DKIM record, and which free-mail domains it owns. Kept as data so a
new provider is a JSON edit, not a code change.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from a2k_settings_gui.core.resources import read_text

DATA_FILE = "domain_auth_providers.json"


@dataclass(frozen=True)
class MailProvider:
    id: str
    name: str
    smtp_hosts: tuple[str, ...]
    spf_include: str
    dkim_selectors: tuple[str, ...]
    dkim_help: str
    freemail_domains: tuple[str, ...]

    def serves_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == h or host.endswith("." + h) for h in self.smtp_hosts)


@dataclass(frozen=True)
class ProviderData:
    providers: tuple[MailProvider, ...]
    common_dkim_selectors: tuple[str, ...]
    other_freemail_domains: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def load() -> ProviderData:
    raw = json.loads(read_text(DATA_FILE))
    providers = tuple(
        MailProvider(
            id=p["id"],
            name=p["name"],
            smtp_hosts=tuple(h.lower() for h in p["smtp_hosts"]),
            spf_include=p.get("spf_include", ""),
            dkim_selectors=tuple(p.get("dkim_selectors", ())),
            dkim_help=p.get("dkim_help", ""),
            freemail_domains=tuple(d.lower() for d in p.get("freemail_domains", ())),
        )
        for p in raw["providers"]
    )
    return ProviderData(
        providers,
        tuple(raw.get("common_dkim_selectors", ())),
        tuple(d.lower() for d in raw.get("other_freemail_domains", ())),
    )


def provider_for_host(smtp_host: str) -> MailProvider | None:
    if not smtp_host:
        return None
    return next((p for p in load().providers if p.serves_host(smtp_host)), None)


def freemail_owner(domain: str) -> MailProvider | None | bool:
    """The provider owning this free-mail domain, True for another free-mail domain,
    None when the domain is not a free-mail domain (i.e. probably the company's own)."""
    domain = domain.lower().rstrip(".")
    data = load()
    for provider in data.providers:
        if domain in provider.freemail_domains:
            return provider
    return True if domain in data.other_freemail_domains else None


def selectors_to_try(provider: MailProvider | None, extra: tuple[str, ...] = ()) -> list[str]:
    """The admin's own selectors first, then the provider's, then the common list."""
    ordered = list(extra) + list(provider.dkim_selectors if provider else ())
    ordered += list(load().common_dkim_selectors)
    return list(dict.fromkeys(s.strip().lower() for s in ordered if s.strip()))
