"""The web proxy in use: environment variables, the Windows/macOS settings, or a PAC file.

Company desktops often reach the web only through a proxy, frequently chosen per address
by a PAC file. `system_proxy()` finds what this computer uses (cheap: no network; for the
"Proxy" line of the dialog); `ProxyRouter` answers, per URL, which proxy to take (and
fetches and evaluates the PAC file, with pypac, when there is one).

Order, as browsers and curl use it:
1. `A2K_PAC_URL` (for admins who deploy one file to several desktops, and for tests)
2. the environment: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, with NO_PROXY
3. Windows: "Use automatic configuration script" (AutoConfigURL); macOS: its PAC setting
4. Windows: "Use a proxy server" (ProxyServer, with ProxyOverride); macOS: its proxies
5. none: direct connections

SMTP never goes through a web proxy: when mail ports are blocked and a proxy is in use,
the checks say that the network lets only the web out, through its proxy.
Credentials in a proxy URL (http://user:pass@proxy:3128) are used for Basic proxy
authentication and never shown: `describe()` and `redact()` remove them.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from a2k_settings_gui.core.findings import Finding

DIRECT = "direct"
STATIC = "static"
PAC = "pac"

PAC_MAX_BYTES = 1024 * 1024
_PAC_CACHE_SECONDS = 300.0
def redact(text: str) -> str:
    """Remove user:password@ from every URL in `text`, whatever characters the password
    holds ('/' included), and mask every remembered proxy password."""
    from a2k_settings_gui.core.app_log import redact as mask_secrets
    from a2k_settings_gui.core.net.credentials import strip_proxy_userinfo

    return mask_secrets(strip_proxy_userinfo(text))


@dataclass(frozen=True)
class ProxySetup:
    """What this computer is configured to use. `proxies`: scheme -> proxy URL."""

    kind: str
    source: str = ""
    proxies: dict[str, str] = field(default_factory=dict)
    pac_url: str = ""

    @property
    def in_use(self) -> bool:
        return self.kind != DIRECT

    def describe(self) -> str:
        """One line for the dialog and reports, without credentials."""
        if self.kind == PAC:
            return f"PAC file {redact(self.pac_url)} ({self.source})"
        if self.kind == STATIC:
            shown = self.proxies.get("https") or self.proxies.get("all") or \
                next(iter(self.proxies.values()))
            return f"{redact(shown)} ({self.source})"
        return "none: direct connections"

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "source": self.source, "description": self.describe(),
                "pac_url": redact(self.pac_url) or None,
                "proxies": {k: redact(v) for k, v in self.proxies.items()}}


def web_only_through_proxy(proxy: str, ports: str) -> Finding:
    """Mail ports are swallowed while the web goes through a proxy: SMTP cannot use it."""
    return Finding(
        "web_only_through_proxy", "error",
        f"No connection to the mail port was answered ({ports}), and this computer reaches "
        f"the web through a proxy ({proxy}). This network lets only web traffic out, "
        "through its proxy; e-mail (SMTP) cannot go through a web proxy.",
        "Ask IT to allow outgoing connections from this computer (and from the A2000ERP "
        "server) to the mail server on port 587 (STARTTLS) or 465 (SSL/TLS), or to name "
        "an internal mail relay that A2000ERP may use.",
    )


def system_proxy() -> ProxySetup:
    """The proxy configuration of this computer (no network access; see the module text).
    A password in a proxy or PAC address is remembered as a secret: never printed."""
    from a2k_settings_gui.core.net.credentials import remember_proxy_secrets

    setup = _system_proxy()
    remember_proxy_secrets(setup.pac_url, *setup.proxies.values())
    return setup


def _system_proxy() -> ProxySetup:
    pac_url = os.environ.get("A2K_PAC_URL", "").strip()
    if pac_url:
        return ProxySetup(PAC, "A2K_PAC_URL", pac_url=pac_url)
    environment = _web_proxies(_environment_proxies())
    if environment:
        names = [n.upper() + "_PROXY" for n in ("https", "http", "all") if n in environment]
        return ProxySetup(STATIC, f"environment variable {names[0]}", environment)
    os_pac = _os_pac_url()
    if os_pac:
        return ProxySetup(PAC, f"{_os_name()} settings", pac_url=os_pac)
    os_proxies = _web_proxies(_os_proxies())
    if os_proxies:
        return ProxySetup(STATIC, f"{_os_name()} settings", os_proxies)
    return ProxySetup(DIRECT, "no proxy configured")


def _environment_proxies() -> dict[str, str]:
    """HTTPS_PROXY, HTTP_PROXY, ALL_PROXY (lower case first, as urllib and curl read them),
    without importing urllib.request (the dialog reads this while starting)."""
    found: dict[str, str] = {}
    for scheme in ("https", "http", "all"):
        value = os.environ.get(f"{scheme}_proxy") or os.environ.get(f"{scheme.upper()}_PROXY")
        if value and value.strip():
            found[scheme] = value.strip()
    if "REQUEST_METHOD" in os.environ:  # CGI: HTTP_PROXY may come from a request header
        found.pop("http", None)
    return found


def _web_proxies(found: dict[str, str]) -> dict[str, str]:
    """Only the entries that apply to web requests (not ftp, not no_proxy)."""
    out = {}
    for scheme in ("https", "http", "all"):
        url = found.get(scheme, "").strip()
        if url:
            out[scheme] = url if "://" in url else "http://" + url
    return out


def _os_name() -> str:
    return {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "system")


def _os_pac_url() -> str:
    if sys.platform not in ("win32", "darwin"):
        return ""
    if sys.platform == "win32":
        # The common case without loading pypac (and requests) while the dialog starts:
        # "Use automatic configuration script" switched off for this user.
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _INTERNET_SETTINGS) as key:
                winreg.QueryValueEx(key, "AutoConfigURL")
        except OSError:
            if not _machine_policy_pac():
                return ""
    try:
        from pypac import os_settings

        if sys.platform == "win32":
            return os_settings.autoconfig_url_from_registry() or ""
        return os_settings.autoconfig_url_from_preferences() or ""
    except Exception:  # noqa: BLE001 - an unreadable OS setting means "no PAC", not a crash
        return ""


_INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


def _machine_policy_pac() -> bool:
    """True when a machine-wide or policy AutoConfigURL may exist (then pypac, which
    knows the Group Policy order, reads it)."""
    import winreg

    for hive, path in ((winreg.HKEY_LOCAL_MACHINE, _INTERNET_SETTINGS),
                       (winreg.HKEY_CURRENT_USER, "Software\\Policies\\Microsoft\\Windows"
                        "\\CurrentVersion\\Internet Settings"),
                       (winreg.HKEY_LOCAL_MACHINE, "Software\\Policies\\Microsoft\\Windows"
                        "\\CurrentVersion\\Internet Settings")):
        try:
            with winreg.OpenKey(hive, path) as key:
                winreg.QueryValueEx(key, "AutoConfigURL")
                return True
        except OSError:
            continue
    return False


def _os_proxies() -> dict[str, str]:
    if sys.platform not in ("win32", "darwin"):
        return {}
    import urllib.request

    try:
        if sys.platform == "win32":
            return urllib.request.getproxies_registry()
        return urllib.request.getproxies_macosx_sysconf()
    except Exception:  # noqa: BLE001 - as above
        return {}


class PacProblem(Exception):
    """The PAC file could not be fetched or evaluated (the message says why)."""


# The PAC file's answer is awaited at most this long, and never longer than a third of the
# check's timeout: what is left is the check's own (it goes on direct).
PAC_SECONDS = 5.0
PAC_MIN_SECONDS = 1.0


class ProxyRouter:
    """Which proxy to take for a URL. Thread-safe; one per check (or per process)."""

    def __init__(self, setup: ProxySetup | None = None, *, ca_file: str = "",
                 dns_servers: tuple[str, ...] = (), timeout: float = 10.0) -> None:
        self.setup = setup if setup is not None else system_proxy()
        self.ca_file = ca_file
        self.dns_servers = dns_servers
        self.timeout = timeout
        self.pac_error = ""
        self.pac_no_answer = False  # the PAC file did not answer in time: went direct
        self._pac: Any = None  # core.net.pac_process.PacProcess, made on first use
        self._pac_lock = threading.Lock()
        self._answers: dict[str, str] = {}

    @property
    def pac_seconds(self) -> float:
        return max(PAC_MIN_SECONDS, min(PAC_SECONDS, self.timeout / 3))

    def proxies_for(self, url: str) -> dict[str, str]:
        """requests' `proxies` for this URL: {} means direct."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if self.setup.kind == STATIC:
            from requests.utils import should_bypass_proxies

            chosen = self.setup.proxies.get(scheme) or self.setup.proxies.get("all")
            if not chosen or should_bypass_proxies(url, no_proxy=None):
                return {}
            return {scheme: chosen}
        if self.setup.kind == PAC:
            chosen = self._from_pac(url, parts.hostname or "")
            return {scheme: chosen} if chosen else {}
        return {}

    def close(self) -> None:
        """Stop the PAC file's child process, if one runs."""
        with self._pac_lock:
            pac, self._pac = self._pac, None
        if pac is not None:
            pac.close()

    def _from_pac(self, url: str, host: str) -> str:
        from a2k_settings_gui.core.net.pac_process import PacNoAnswer, PacProcess, PacRefused

        if url in self._answers:
            return self._answers[url]
        try:
            text = _pac_text(self.setup.pac_url, self.ca_file, self.dns_servers,
                             self.timeout)
            with self._pac_lock:
                if self._pac is None:
                    self._pac = PacProcess(text, self.dns_servers)
                pac = self._pac
            value = pac.find(url, host, self.pac_seconds)
        except PacProblem as exc:
            # As browsers do: no PAC file, no proxy. The reason is kept for the report.
            self.pac_error = str(exc)
            return ""
        except PacNoAnswer as exc:
            self.pac_no_answer = True
            self.pac_error = f"the PAC file {redact(self.setup.pac_url)}: {exc}"
            return ""
        except PacRefused as exc:
            self.pac_error = (f"the PAC file {redact(self.setup.pac_url)} is not valid "
                              f"JavaScript with FindProxyForURL ({exc})")
            return ""
        from pypac.parser import parse_pac_value

        chosen = ""
        for entry in parse_pac_value(value or "DIRECT"):
            if entry == "DIRECT":
                break
            if entry.lower().startswith(("http://", "https://")):
                chosen = entry
                break
        # Only SOCKS proxies: requests needs an extra package for those, so direct.
        self._answers[url] = chosen
        return chosen


_PAC_LOCK = threading.Lock()
_PAC_CACHE: dict[str, tuple[float, str]] = {}


def _pac_text(pac_url: str, ca_file: str, dns_servers: tuple[str, ...],
              timeout: float) -> str:
    """The PAC file's text, fetched once per _PAC_CACHE_SECONDS."""
    with _PAC_LOCK:
        cached = _PAC_CACHE.get(pac_url)
        if cached and time.monotonic() - cached[0] < _PAC_CACHE_SECONDS:
            return cached[1]
    text = _download_pac(pac_url, ca_file, dns_servers, timeout)
    with _PAC_LOCK:
        _PAC_CACHE[pac_url] = (time.monotonic(), text)
    return text


def _download_pac(pac_url: str, ca_file: str, dns_servers: tuple[str, ...],
                  timeout: float) -> str:
    """The PAC file's text: a local path / file: URL, or fetched directly (never through a
    proxy, as browsers fetch it)."""
    if not pac_url.lower().startswith(("http://", "https://")):
        from pypac.os_settings import file_url_to_local_path

        path = file_url_to_local_path(pac_url) if pac_url.lower().startswith("file:") \
            else pac_url
        from pathlib import Path

        from a2k_settings_gui.core.store.files import FileRefused, read_capped

        # As the settings file is read: a regular file only (a FIFO would block the open
        # forever), at most PAC_MAX_BYTES.
        try:
            return read_capped(Path(path), PAC_MAX_BYTES,
                               advice="give the proxy's .pac file or its web address"
                               ).decode("utf-8", "replace")
        except FileRefused as exc:
            raise PacProblem(f"the PAC file: {exc}") from None
        except (OSError, TypeError) as exc:
            raise PacProblem(f"the PAC file {redact(pac_url)} cannot be read ({exc})") \
                from None
    import requests

    from a2k_settings_gui.core.net.http import http_session

    try:
        with http_session(ca_file=ca_file, dns_servers=dns_servers, timeout=timeout,
                          router=ProxyRouter(ProxySetup(DIRECT))) as session:
            response = session.get(pac_url, timeout=(timeout, timeout), stream=True)
            with response:
                if response.status_code != 200:
                    raise PacProblem(f"the PAC file {redact(pac_url)} answered HTTP "
                                     f"{response.status_code}")
                body = response.raw.read(PAC_MAX_BYTES + 1, decode_content=True)
    except (requests.RequestException, OSError, ValueError) as exc:
        raise PacProblem(f"the PAC file {redact(pac_url)} could not be fetched "
                         f"({redact(str(exc))[:160]})") from None
    if len(body) > PAC_MAX_BYTES:
        raise PacProblem(f"the PAC file {redact(pac_url)} is larger than 1 MB")
    return body.decode("utf-8", "replace")


def clear_pac_cache() -> None:
    with _PAC_LOCK:
        _PAC_CACHE.clear()

