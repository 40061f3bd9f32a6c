"""The Windows proxy settings ("Internet Options" – LAN settings) read from the registry.

Split in two so that every branch runs on every OS in tests:
- `read_internet_settings(reader)`: the registry reads, through `reader(hive, key, name)`,
  which returns a value, None when the value or key does not exist, and raises OSError
  when it cannot be read. `winreg_reader` is the real one (Windows only); tests pass fakes.
- `parse_proxy_server`, `parse_proxy_override`, `bypasses`: pure functions on the strings.

The values (HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings):
- ProxyEnable (DWORD): "Use a proxy server"; ProxyServer is ignored while it is 0.
- ProxyServer: "host:port" for every scheme, or per scheme "http=a:1;https=b:2;ftp=…"
  (a scheme missing from the list goes direct; socks/ftp entries do not apply to the web).
- ProxyOverride: "Bypass proxy server for": "*.corp.local;10.*;<local>", where <local>
  means every host name without a dot.
- AutoConfigURL: "Use automatic configuration script" (a PAC file). Group Policy may set it
  under Software\\Policies\\… (machine first, then user); it then wins over the user's.

A value that exists but cannot be read (permissions, a damaged hive, a wrong type) is a
problem in words, never a silent "no proxy": the caller logs it and reports a finding.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable

from a2k_settings_gui.core.kit.record import record

HKCU = "HKEY_CURRENT_USER"
HKLM = "HKEY_LOCAL_MACHINE"
INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"
POLICY_INTERNET_SETTINGS = r"Software\Policies\Microsoft\Windows\CurrentVersion\Internet Settings"

Reader = Callable[[str, str, str], object]

# Where a PAC address may come from, strongest first (Group Policy over the user's choice).
PAC_LOCATIONS = (
    (HKLM, POLICY_INTERNET_SETTINGS, "machine policy"),
    (HKCU, POLICY_INTERNET_SETTINGS, "user policy"),
    (HKCU, INTERNET_SETTINGS, "Internet Options"),
)
WEB_SCHEMES = ("http", "https")


@record(frozen=True)
class InternetSettings:
    """What the registry says, as read (strings stripped; "" when not set)."""

    proxy_enabled: bool = False
    proxy_server: str = ""
    proxy_override: str = ""
    pac_url: str = ""
    pac_source: str = ""
    problems: tuple[str, ...] = ()


def winreg_reader(hive: str, key: str, name: str) -> object:
    """The real registry (Windows only): a value, or None when it does not exist."""
    import winreg

    root = getattr(winreg, hive)
    try:
        with winreg.OpenKey(root, key) as handle:
            value, _kind = winreg.QueryValueEx(handle, name)
    except FileNotFoundError:
        return None
    return value


def read_internet_settings(reader: Reader | None = None) -> InternetSettings:
    """Read the proxy values; every unreadable one becomes a problem in plain words."""
    read = reader if reader is not None else winreg_reader
    problems: list[str] = []

    def value(hive: str, key: str, name: str) -> object:
        try:
            return read(hive, key, name)
        except OSError as exc:
            problems.append(f"{name} in {hive}\\{key} cannot be read "
                            f"({exc.strerror or exc})")
            return None

    enable = value(HKCU, INTERNET_SETTINGS, "ProxyEnable")
    server = value(HKCU, INTERNET_SETTINGS, "ProxyServer")
    override = value(HKCU, INTERNET_SETTINGS, "ProxyOverride")
    pac_url, pac_source = "", ""
    for hive, key, source in PAC_LOCATIONS:
        found = value(hive, key, "AutoConfigURL")
        if isinstance(found, str) and found.strip():
            pac_url, pac_source = found.strip(), source
            break
    for name, raw, kind in (("ProxyEnable", enable, int), ("ProxyServer", server, str),
                            ("ProxyOverride", override, str)):
        if raw is not None and not isinstance(raw, kind):
            problems.append(f"{name} has an unexpected type ({type(raw).__name__})")
    return InternetSettings(
        proxy_enabled=isinstance(enable, int) and enable != 0,
        proxy_server=server.strip() if isinstance(server, str) else "",
        proxy_override=override.strip() if isinstance(override, str) else "",
        pac_url=pac_url, pac_source=pac_source, problems=tuple(problems))


def parse_proxy_server(text: str) -> dict[str, str]:
    """ProxyServer -> {"http": url, "https": url} for the web schemes it covers.

    "proxy:8080" covers both; "http=a:1;https=b:2" names each; a scheme it does not name
    goes direct. Windows proxies are plain HTTP proxies (HTTPS goes through CONNECT), so
    an address without a scheme becomes http://…"""
    text = text.strip().strip(";")
    if not text:
        return {}
    if "=" not in text:
        url = _as_url(text)
        return {scheme: url for scheme in WEB_SCHEMES}
    found: dict[str, str] = {}
    for entry in text.split(";"):
        scheme, equals, address = entry.partition("=")
        scheme = scheme.strip().lower()
        if equals and scheme in WEB_SCHEMES and address.strip() and scheme not in found:
            found[scheme] = _as_url(address.strip())
    return found


def _as_url(address: str) -> str:
    return address if "://" in address else "http://" + address


def parse_proxy_override(text: str) -> tuple[tuple[str, ...], bool]:
    """ProxyOverride -> (host patterns, whether <local> is listed)."""
    patterns: list[str] = []
    local = False
    for entry in text.replace(",", ";").split(";"):
        entry = entry.strip().lower()
        if entry == "<local>":
            local = True
        elif entry:
            patterns.append(entry)
    return tuple(patterns), local


def bypasses(host: str, patterns: tuple[str, ...], local: bool) -> bool:
    """True when ProxyOverride sends `host` direct (wildcards as Windows matches them)."""
    host = host.lower().strip("[]")
    if local and "." not in host and ":" not in host:
        return True
    return any(fnmatch.fnmatchcase(host, pattern) for pattern in patterns)
