"""The web proxy in use: environment variables, the Windows/macOS settings, or a PAC file.

Company desktops often reach the web only through a proxy, frequently chosen per address
by a PAC file. `system_proxy()` finds what this computer uses (cheap: no network; for the
"Proxy" line of the dialog); `ProxyRouter` answers, per URL, which proxy to take (and
fetches and evaluates the PAC file, with pypac, when there is one).

Order, as browsers and curl use it:
1. `A2K_PAC_URL` (for admins who deploy one file to several desktops, and for tests)
2. the environment: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, with NO_PROXY
3. Windows: "Use automatic configuration script" (AutoConfigURL, Group Policy first);
   macOS: its PAC setting
4. Windows: "Use a proxy server" (ProxyServer, with ProxyOverride); macOS: its proxies
5. none: direct connections

The Windows registry is read by core.net.windows_proxy through an injectable reader, so
that branch is tested with fakes on every OS. OS settings that exist but cannot be read
are logged and reported (`ProxySetup.problems`, finding `proxy_settings_unreadable`):
never a silent "no proxy".

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
from urllib.parse import urlsplit

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.kit.record import field, record
from a2k_settings_gui.core.net.windows_proxy import (
    InternetSettings,
    Reader,
    bypasses,
    parse_proxy_override,
    parse_proxy_server,
    read_internet_settings,
)

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DIRECT = "direct"
STATIC = "static"
PAC = "pac"

PAC_MAX_BYTES = 1024 * 1024
_PAC_CACHE_SECONDS = 300.0
def redact(text: str) -> str:
    """Remove user:password@ from every URL in `text`, whatever characters the password
    holds ('/' included), and mask every remembered proxy password."""
    from a2k_settings_gui.core.log_secrets import redact_printed as mask_secrets
    from a2k_settings_gui.core.net.credentials import strip_proxy_userinfo

    return mask_secrets(strip_proxy_userinfo(text))


@record(frozen=True)
class ProxySetup:
    """What this computer is configured to use. `proxies`: scheme -> proxy URL.
    `bypass`/`bypass_local`: Windows' ProxyOverride (host patterns, and <local>: names
    without a dot), for a proxy from the Windows settings. `problems`: OS proxy settings
    that exist but could not be read, in words (logged, and a finding)."""

    kind: str
    source: str = ""
    proxies: dict[str, str] = field(default_factory=dict)
    pac_url: str = ""
    bypass: tuple[str, ...] = ()
    bypass_local: bool = False
    problems: tuple[str, ...] = ()

    @property
    def in_use(self) -> bool:
        return self.kind != DIRECT

    def describe(self) -> str:
        """One line for the dialog and reports, without credentials."""
        if self.kind == PAC:
            line = f"PAC file {redact(self.pac_url)} ({self.source})"
        elif self.kind == STATIC:
            shown = self.proxies.get("https") or self.proxies.get("all") or \
                next(iter(self.proxies.values()))
            line = f"{redact(shown)} ({self.source})"
        else:
            line = "none: direct connections"
        if self.problems:
            line += f"; the {_os_name()} proxy settings could not all be read"
        return line

    def findings(self) -> list[Finding]:
        """A finding when the OS proxy settings could not be read: the connection then
        went without the proxy they may name, which is a guess, not a fact."""
        if not self.problems:
            return []
        return [Finding(
            "proxy_settings_unreadable", "warning",
            f"The {_os_name()} proxy settings could not be read: "
            f"{'; '.join(self.problems)}. This check used: {self.describe()}.",
            "If this computer reaches the web through a proxy, set HTTPS_PROXY (or "
            "A2K_PAC_URL for a PAC file) for this program, or ask IT to repair the "
            "proxy settings of this Windows user.")]

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "source": self.source, "description": self.describe(),
                "pac_url": redact(self.pac_url) or None,
                "proxies": {k: redact(v) for k, v in self.proxies.items()},
                "problems": list(self.problems)}


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


def system_proxy(windows_reader: Reader | None = None) -> ProxySetup:
    """The proxy configuration of this computer (no network access; see the module text).
    `windows_reader` reads the registry (core.net.windows_proxy); given, the Windows
    branch runs on any OS (tests), otherwise only on Windows with the real registry.
    A password in a proxy or PAC address is remembered as a secret: never printed."""
    from a2k_settings_gui.core.net.credentials import remember_proxy_secrets

    setup = _system_proxy(windows_reader)
    remember_proxy_secrets(setup.pac_url, *setup.proxies.values())
    return setup


def _system_proxy(windows_reader: Reader | None) -> ProxySetup:
    pac_url = os.environ.get("A2K_PAC_URL", "").strip()
    if pac_url:
        return ProxySetup(PAC, "A2K_PAC_URL", pac_url=pac_url)
    environment = _web_proxies(_environment_proxies())
    if environment:
        names = [n.upper() + "_PROXY" for n in ("https", "http", "all") if n in environment]
        return ProxySetup(STATIC, f"environment variable {names[0]}", environment)
    if windows_reader is not None or sys.platform == "win32":
        setup = windows_proxy_setup(read_internet_settings(windows_reader))
    elif sys.platform == "darwin":
        setup = _macos_proxy_setup()
    else:
        return ProxySetup(DIRECT, "no proxy configured")
    if setup.problems:
        from a2k_settings_gui.core.app_log import logger

        logger().warning("proxy settings unreadable: %s; using %s",
                         "; ".join(setup.problems), setup.describe())
    return setup


def windows_proxy_setup(settings: InternetSettings) -> ProxySetup:
    """The proxy the Windows settings name: the PAC file first (as Windows uses it), then
    the proxy server while "Use a proxy server" is on, else direct."""
    problems = settings.problems
    if settings.pac_url:
        return ProxySetup(PAC, f"Windows settings ({settings.pac_source})",
                          pac_url=settings.pac_url, problems=problems)
    if settings.proxy_enabled and settings.proxy_server:
        proxies = parse_proxy_server(settings.proxy_server)
        if proxies:
            patterns, local = parse_proxy_override(settings.proxy_override)
            return ProxySetup(STATIC, "Windows settings", proxies, bypass=patterns,
                              bypass_local=local, problems=problems)
        problems = (*problems, f"ProxyServer {settings.proxy_server!r} names no proxy for "
                    "http or https")
    return ProxySetup(DIRECT, "no proxy configured", problems=problems)


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
    return {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "Windows")


def _macos_proxy_setup() -> ProxySetup:
    """macOS: its PAC setting, then its proxies (read by pypac and urllib)."""
    try:
        from pypac import os_settings

        pac_url = os_settings.autoconfig_url_from_preferences() or ""
        if pac_url:
            return ProxySetup(PAC, "macOS settings", pac_url=pac_url)
        import urllib.request

        proxies = _web_proxies(urllib.request.getproxies_macosx_sysconf())
    except Exception as exc:  # noqa: BLE001 - reported as a problem, never a crash
        return ProxySetup(DIRECT, "no proxy configured",
                          problems=(f"the macOS proxy settings ({type(exc).__name__}: "
                                    f"{str(exc)[:120]})",))
    if proxies:
        return ProxySetup(STATIC, "macOS settings", proxies)
    return ProxySetup(DIRECT, "no proxy configured")


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
            if not chosen:
                return {}
            if self.setup.source == "Windows settings":
                # ProxyOverride, as read with the rest (requests would read the registry
                # again, and a fake in tests would not reach it).
                if bypasses(parts.hostname or "", self.setup.bypass, self.setup.bypass_local):
                    return {}
            elif should_bypass_proxies(url, no_proxy=None):
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

    from a2k_settings_gui.core.net.transport import session_for

    try:
        with session_for(ProxyRouter(ProxySetup(DIRECT)), ca_file=ca_file,
                         dns_servers=dns_servers, timeout=timeout) as session:
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

