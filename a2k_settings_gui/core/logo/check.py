"""check_logo(): fetch the logo as each kind of mail client does, decode it, judge it.

The clients are fetched at the same time on plain daemon threads under one deadline, so a
check takes about one timeout at worst, and a cancel returns at once (a thread stuck in a
read finishes on its own within the timeout; nothing waits for it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from a2k_settings_gui.core.cancel import Cancelled, CancelToken, ProgressCallback
from a2k_settings_gui.core.findings import Finding, has_errors
from a2k_settings_gui.core.logo.display import DisplaySize, display_findings, display_size
from a2k_settings_gui.core.logo.fetch import DEFAULT_MAX_BYTES, FetchResult
from a2k_settings_gui.core.logo.hotlink import (
    CLIENT_KINDS,
    ClientResult,
    expiring_reasons,
    referer_for,
)
from a2k_settings_gui.core.logo.image import DecodedLogo
from a2k_settings_gui.core.logo.image_findings import image_findings, no_image_findings
from a2k_settings_gui.core.net.http import has_credentials, http_session
from a2k_settings_gui.core.net.proxy import system_proxy
from a2k_settings_gui.core.net.tls import tls_context

HOTLINK_CODES = {"hotlink_blocked", "hotlink_placeholder", "blocked_for_user_agent",
                 "wrong_content_type", "cross_origin_resource_policy"}
DEFAULT_TIMEOUT = 10.0


class LogoInputError(ValueError):
    """Bad input (URL, CA file): `field` names it, the message says the fix."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass
class LogoReport:
    url: str
    verdict: str = "error"
    fetch: dict[str, object] = field(default_factory=dict)
    image: dict[str, object] | None = None
    clients: list[ClientResult] = field(default_factory=list)
    display: DisplaySize | None = None
    findings: list[Finding] = field(default_factory=list)
    decoded: DecodedLogo | None = None  # kept in memory for the live preview; not in JSON

    @property
    def verdict_text(self) -> str:
        from a2k_settings_gui.core.logo.judge import verdict_text

        return verdict_text(self.verdict, self.clients)

    def to_dict(self) -> dict[str, object]:
        from a2k_settings_gui.core.logo.judge import reader_counts

        refused, total = reader_counts(self.clients)
        return {
            "url": self.url,
            "verdict": self.verdict,
            "verdict_text": self.verdict_text,
            # How many kinds of mail reader do not get the logo (blocked or a placeholder).
            "readers": {"refused": [c.kind.key for c in refused], "total": total},
            "fetch": self.fetch,
            "image": self.image,
            "clients": [c.to_dict() for c in self.clients],
            "display": self.display.to_dict() if self.display else None,
            "findings": [f.to_dict() for f in self.findings],
        }

    def client(self, key: str) -> ClientResult:
        return next(c for c in self.clients if c.kind.key == key)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


def check_url_input(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise LogoInputError("logo_url", "Company Logo URL is empty: give the https:// address "
                             "of the logo picture, e.g. https://www.yourcompany.com/logo.png")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise LogoInputError("logo_url", "Company Logo URL must be a web address starting with "
                             "https:// (or http://), e.g. https://www.yourcompany.com/logo.png")
    return url


def check_logo(
    url: str,
    *,
    height: int = 60,
    width: int = 200,
    keep_aspect: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    ca_file: str = "",
    dns_servers: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    preview: bool = True,
) -> LogoReport:
    """Fetch, decode and hot-link-test the logo. Raises LogoInputError, Cancelled.

    `preview=False`: nothing will show the picture, so it is verified without decoding
    every pixel and `report.decoded.master` is None (the command line)."""
    from a2k_settings_gui.core.logo import judge as logo_judge

    url = check_url_input(url)
    try:
        tls_context(ca_file)  # checked here, once; each fetch thread builds its own
    except (OSError, ValueError) as exc:
        raise LogoInputError("ca_file", f"The extra CA file {ca_file!r} cannot be used "
                             f"({exc}); give a PEM file with the company's CA "
                             "certificate(s).") from None
    cancel = cancel or CancelToken()
    # user:password@ in the address: mail programs refuse such pictures (Chrome blocks
    # embedded credentials in sub-resources) and every customer would read them. They are
    # never sent, never put into a Referer, never shown: the check uses the bare address.
    credentials = has_credentials(url) or "@" in urlsplit(url).netloc
    url = urlunsplit(urlsplit(url)._replace(netloc=urlsplit(url).netloc.rpartition("@")[2]))
    report = LogoReport(url=url)
    if credentials:
        report.findings.append(Finding(
            "logo_url_credentials", "error",
            "The Company Logo URL contains a user name and password (user:password@). "
            "A2000ERP would put them into every e-statement for every customer to read, and "
            "mail programs do not load pictures from such addresses. They were not sent.",
            "Publish the logo at an address that needs no sign-in, remove 'user:password@' "
            "from the Company Logo URL, and change that password."))
    from a2k_settings_gui.core.net.proxy import ProxyRouter

    # One proxy router for the three clients: a PAC file is fetched and run once.
    router = ProxyRouter(ca_file=ca_file, dns_servers=tuple(dns_servers), timeout=timeout)
    network = _Network(ca_file, tuple(dns_servers), timeout, router)
    try:
        fetched = _fetch_all(url, network, timeout, max_bytes, cancel, progress)
    finally:
        router.close()
    if router.pac_no_answer:
        report.findings.append(Finding(
            "pac_no_answer", "warning",
            f"This computer's proxy script (PAC file) did not answer in time: "
            f"{router.pac_error}. The logo was fetched without a proxy, as a browser does "
            "when its PAC file fails.",
            "Ask IT to check the proxy script (its FindProxyForURL must return at once); "
            "until then browsers on this network may be slow or go without the proxy."))
    if not credentials and any(r.redirect_credentials for r in fetched.values()):
        report.findings.append(Finding(
            "logo_url_credentials", "error",
            "The Company Logo URL redirects to an address with a user name and password "
            "(user:password@). Mail programs do not load pictures from such addresses and "
            "every customer could read them. They were not sent.",
            "Publish the logo at an address that needs no sign-in and redirects nowhere "
            "else; give that address as the Company Logo URL, and change that password."))

    _share_identical_bodies(fetched)
    bodies = {key: result.body for key, result in fetched.items()}
    facts = logo_judge.BodyFacts()
    for kind in CLIENT_KINDS:
        client = ClientResult(kind=kind, referer=referer_for(kind, url))
        logo_judge.classify(client, fetched[kind.key], facts)
        report.clients.append(client)
    reference = logo_judge.pick_reference(report.clients)
    shown = reference or report.client("browser")
    report.fetch = {
        "status": shown.status,
        "content_type": shown.content_type,
        "bytes": shown.bytes,
        "elapsed_ms": shown.elapsed_ms,
        "final_url": fetched[shown.kind.key].final_url,
    }
    report.findings.extend(_url_findings(url, fetched[shown.kind.key].final_url))
    if progress:
        progress({"stage": "decoding"})
    cancel.raise_if_cancelled()
    if reference is None:
        report.findings.extend(no_image_findings(report.clients, timeout, max_bytes))
        # No client got the image: an unreadable proxy setting may be why (said, not hidden).
        report.findings.extend(system_proxy().findings())
        report.display = display_size(None, None, height, width, keep_aspect)
    else:
        corp = fetched[reference.kind.key].header("cross-origin-resource-policy").lower()
        logo_judge.compare_with_reference(report.clients, reference, bodies, corp)
        report.findings.extend(logo_judge.hotlink_findings(report.clients))
        image_part = image_findings(reference, bodies[reference.kind.key], report.clients,
                                    height, width, keep_aspect, preview)
        report.image, report.decoded, report.display, more = image_part
        report.findings.extend(more)
        if report.decoded is None and not (report.image or {}).get("format") == "SVG":
            # Everyone got the same unusable file: no client will show a logo.
            problem = more[-1].message if more else "not a usable picture"
            for client in report.clients:
                if client.result == "ok":
                    client.result, client.detail = "error", problem
    report.verdict = _verdict(report.findings, reference is not None)
    return report


def _share_identical_bodies(fetched: dict[str, FetchResult]) -> None:
    """Readers that got the same bytes (the usual case: one file for all) share one copy,
    so the other five are freed and each fact about the file is worked out once."""
    first: dict[bytes, bytes] = {}
    for result in fetched.values():
        if result.body:
            result.body = first.setdefault(result.body, result.body)


def rescale_findings(report: LogoReport, height: int, width: int,
                     keep_aspect: bool) -> tuple[DisplaySize, list[Finding]]:
    """Display size and findings for a new height/width, from the image already measured."""
    image = report.image or {}
    if not image.get("width") or not image.get("height") or report.decoded is None:
        # No picture to show (SVG without a size, a refused bomb, a broken file).
        return display_size(None, None, height, width, keep_aspect), []
    source_w, source_h = int(report.image["width"]), int(report.image["height"])  # type: ignore[call-overload]
    size = display_size(source_w, source_h, height, width, keep_aspect)
    return size, display_findings(size, source_w, source_h)


def _verdict(findings: list[Finding], have_image: bool) -> str:
    if not have_image:
        return "error"
    if any(f.severity == "error" and f.code in HOTLINK_CODES for f in findings):
        return "blocked"
    if has_errors(findings):
        return "error"
    if any(f.severity == "warning" for f in findings):
        return "warning"
    return "ok"


def _url_findings(url: str, final_url: str) -> list[Finding]:
    findings: list[Finding] = []
    if urlsplit(url).scheme.lower() == "http" or urlsplit(final_url).scheme.lower() == "http":
        findings.append(Finding(
            "insecure_http", "warning",
            "The logo address starts with http:// (not secure). Many mail programs block or "
            "warn about insecure pictures, and some readers will not see the logo.",
            "Use the https:// address of the logo (try changing http:// to https:// and "
            "Check Logo again).",
        ))
    reasons = expiring_reasons(url) + [r for r in expiring_reasons(final_url) if final_url != url]
    if reasons:
        findings.append(Finding(
            "expiring_url", "warning",
            "The logo address looks temporary: " + "; ".join(dict.fromkeys(reasons)) + ". "
            "It may work today and show a broken picture in e-statements sent next month.",
            "Put the logo on your own company web site and use that permanent address.",
        ))
    return findings


@dataclass(frozen=True)
class _Network:
    """What every client kind's session is built from (core.net.http.http_session)."""

    ca_file: str
    dns_servers: tuple[str, ...]
    timeout: float
    router: Any = None  # core.net.proxy.ProxyRouter shared by the clients


def _fetch_all(url: str, network: _Network, timeout: float, max_bytes: int,
               cancel: CancelToken,
               progress: ProgressCallback | None) -> dict[str, FetchResult]:
    """One thread per client kind; returns when all are done, at the deadline or on cancel."""
    from a2k_settings_gui.core.logo import fetch as logo_fetch

    started = time.monotonic()
    results: dict[str, FetchResult] = {}
    lock = threading.Lock()
    done = threading.Event()
    inner_cancel = CancelToken()  # cancelled on our cancel *and* at the deadline
    unregister = cancel.on_cancel(inner_cancel.cancel)

    def run(kind) -> None:  # type: ignore[no-untyped-def]
        session = http_session(ca_file=network.ca_file, dns_servers=network.dns_servers,
                               timeout=network.timeout, cancel=inner_cancel,
                               router=network.router)
        try:
            result = logo_fetch.fetch(url, session=session, user_agent=kind.user_agent,
                                      referer=referer_for(kind, url), timeout=timeout,
                                      max_bytes=max_bytes, cancel=inner_cancel)
        except Exception as exc:  # noqa: BLE001 - a bug in one client must not hang the rest
            from a2k_settings_gui.core.net.proxy import redact

            result = FetchResult(url=url, error="unreachable",
                                 error_detail=redact(str(exc))[:200])
        finally:
            session.close()
        with lock:
            # The same bytes as a reader that finished earlier: keep one copy (frees this
            # download's copy now, not when the slowest reader is done).
            for earlier in results.values():
                if result.body and earlier.body == result.body:
                    result.body = earlier.body
                    break
            results[kind.key] = result
            count = len(results)
            if count == len(CLIENT_KINDS):
                done.set()
        if progress:
            progress({"stage": "fetching", "client": kind.key, "done": count,
                      "total": len(CLIENT_KINDS)})

    if progress:
        progress({"stage": "fetching", "done": 0, "total": len(CLIENT_KINDS)})
    for kind in CLIENT_KINDS:
        threading.Thread(target=run, args=(kind,), daemon=True,
                         name=f"logo-fetch-{kind.key}").start()
    # The check ends at its timeout whatever the servers do: the fetches' sockets are shut
    # down (never closed under their readers' lock) and whatever arrived by then counts.
    deadline = started + timeout
    try:
        while not done.is_set():
            if cancel.wait(0.02):
                raise Cancelled()
            if time.monotonic() > deadline:
                inner_cancel.cancel()
                done.wait(0.05)
                break
    finally:
        unregister()
    with lock:
        snapshot = dict(results)
    for result in snapshot.values():
        if result.error == "cancelled":  # stopped by the deadline, not by the admin
            result.error, result.error_detail = "timeout", f"no image within {timeout:g} s"
    for kind in CLIENT_KINDS:
        snapshot.setdefault(kind.key, FetchResult(
            url=url, error="timeout", error_detail=f"no answer within {timeout:g} s",
            elapsed_ms=int(timeout * 1000)))
    return snapshot
