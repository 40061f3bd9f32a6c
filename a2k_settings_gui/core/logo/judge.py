"""Judge each client's answer (ok / blocked / placeholder / error) and name the findings.

Input: one FetchResult per client kind. The reference (a browser, or failing that a page on
the logo's own site) says what the real logo is; a mail client that gets something else is
blocked (error page, HTML, login) or served a placeholder (a different picture).
"""

from __future__ import annotations

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.logo.fetch import FetchResult
from a2k_settings_gui.core.logo.hotlink import (
    REFERENCE_ORDER,
    SHARE_PAGE_FIX,
    ClientResult,
    is_login_page,
    page_image_address,
    similar_fingerprints,
)
from a2k_settings_gui.core.logo.image import fingerprint, probe_size, sniff

_IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP", "BMP", "ICO", "TIFF", "AVIF", "HEIC"}
# Content types a strict image proxy still accepts when the bytes are an image.
_LENIENT_TYPES = ("application/octet-stream", "binary/octet-stream", "")


class BodyFacts:
    """Size (from the header) and SHA-256 of each distinct body, worked out once: the
    readers usually get the very same bytes (shared by check._share_identical_bodies)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[bytes, tuple[int, int] | None, str]] = {}

    def of(self, body: bytes) -> tuple[tuple[int, int] | None, str]:
        known = self._known.get(id(body))
        if known is None or known[0] is not body:
            import hashlib

            known = (body, probe_size(body), hashlib.sha256(body).hexdigest())
            self._known[id(body)] = known
        return known[1], known[2]


def classify(client: ClientResult, fetched: FetchResult,
             facts: BodyFacts | None = None) -> None:
    """Fill `client` from its own fetch alone (before comparing with the reference)."""
    client.status = fetched.status
    client.content_type = fetched.content_type
    client.bytes = fetched.bytes_received or len(fetched.body)
    client.elapsed_ms = fetched.elapsed_ms
    if fetched.error:
        cause = {"timeout": "slow"}.get(fetched.error, fetched.error)
        client.cause = cause
        client.result = "blocked" if cause == "login_required" else "error"
        client.detail = {
            "login_required": "sent to a sign-in page",
            "redirect_loop": "redirect loop",
            "too_large": "file larger than the download limit",
            "slow": "too slow: " + fetched.error_detail,
            "tls_error": "secure connection failed: " + fetched.error_detail,
            "unreachable": "could not connect: " + fetched.error_detail,
            "cancelled": "cancelled",
        }.get(cause, fetched.error_detail)
        return
    if fetched.status == 401:
        client.result, client.cause = "blocked", "login_required"
        client.detail = "HTTP 401: asks for a user name and password"
        return
    if not fetched.ok_status:
        client.result, client.cause = "blocked", "http_status"
        client.detail = f"HTTP {fetched.status}"
        return
    kind = sniff(fetched.body)
    client.format = kind
    if kind == "HTML":
        client.result = "blocked"
        if is_login_page(fetched.body):
            client.cause, client.detail = "login_required", "a sign-in page, not a picture"
        else:
            client.cause, client.detail = "not_an_image", "a web page, not a picture"
            client.extra["page_image"] = page_image_address(fetched.body)
        return
    if kind == "SVG":
        client.result, client.cause = "ok", ""
        client.detail = "SVG drawing"
        if client.kind.key in ("image_proxy", "desktop_client"):
            # Delivered, but Gmail's proxy and Outlook's Word engine do not draw SVG.
            client.result, client.cause = "blocked", "unsupported_format"
            client.detail = "SVG drawing: not shown by Gmail or Outlook"
        return
    if kind not in _IMAGE_FORMATS:
        client.result, client.cause = "error", "unsupported_format"
        client.detail = "not a picture file (unknown content)"
        return
    size, client.sha256 = (facts or BodyFacts()).of(fetched.body)
    if size:
        client.width, client.height = size
    content_type = fetched.content_type.split(";")[0].strip().lower()
    client.result = "ok"
    client.detail = f"{kind} image" + (f" {size[0]} x {size[1]}" if size else "")
    if not content_type.startswith("image/") and content_type not in _LENIENT_TYPES:
        client.extra["wrong_type"] = content_type
        if client.kind.key == "image_proxy":
            client.result, client.cause = "blocked", "wrong_content_type"
            client.detail = f"served as {content_type}: image proxies refuse non-image types"


def pick_reference(clients: list[ClientResult]) -> ClientResult | None:
    """The client whose answer is taken as the real logo."""
    by_key = {c.kind.key: c for c in clients}
    for key in REFERENCE_ORDER:
        candidate = by_key.get(key)
        if candidate and candidate.result == "ok":
            return candidate
    for candidate in clients:  # a host that blocks browsers but not mail clients
        if candidate.result == "ok":
            return candidate
    return None


def compare_with_reference(clients: list[ClientResult], reference: ClientResult,
                           bodies: dict[str, bytes], corp: str) -> None:
    """Mark mail clients that got a different picture (placeholder) or a CORP refusal."""
    reference_print = None
    for client in clients:
        if client is reference or client.result != "ok" or not client.sha256:
            continue
        if client.sha256 == reference.sha256:
            pass
        elif (client.width, client.height) != (reference.width, reference.height):
            client.result, client.cause = "placeholder", "hotlink_placeholder"
            client.detail = (f"a different picture, {client.width} x {client.height} "
                             f"(the logo is {reference.width} x {reference.height})")
        else:
            if reference_print is None:
                reference_print = fingerprint(bodies[reference.kind.key])
            if not similar_fingerprints(reference_print, fingerprint(bodies[client.kind.key])):
                client.result, client.cause = "placeholder", "hotlink_placeholder"
                client.detail = "a different picture of the same size"
    if corp in ("same-origin", "same-site"):
        for client in clients:
            if client.kind.key.startswith("webmail") and client.result == "ok":
                client.result, client.cause = "blocked", "cross_origin_resource_policy"
                client.detail = f"Cross-Origin-Resource-Policy: {corp}; browsers refuse it"


def hotlink_findings(clients: list[ClientResult]) -> list[Finding]:
    """Findings for mail clients that do not get the logo while a reference does."""
    by_key = {c.kind.key: c for c in clients}
    browser_ok = by_key["browser"].result == "ok"
    findings: list[Finding] = []
    ua_blocked, referer_blocked, placeholders = [], [], []
    for client in clients:
        if not client.kind.is_mail_client or client.result == "ok":
            continue
        if client.result == "placeholder":
            placeholders.append(client)
        elif client.result == "blocked" and client.cause in (
            "http_status", "not_an_image", "login_required"
        ):
            if client.referer is None and browser_ok:
                ua_blocked.append(client)
            else:
                referer_blocked.append(client)

    def severity(group: list[ClientResult]) -> str:
        # Gmail's proxy and Outlook desktop reach most recipients; direct webmail fewer.
        main = any(c.kind.key in ("image_proxy", "desktop_client") for c in group)
        return "error" if main else "warning"

    def placeholder_severity(group: list[ClientResult]) -> str:
        # A placeholder is worse than a gap: the customer sees someone else's words
        # ("please update your account…") where the company logo should be.
        return "error"

    def names(group: list[ClientResult], prefix: str = "Refused") -> str:
        return f"{prefix}: " + ", ".join(c.kind.label for c in group)

    if referer_blocked:
        no_referer = any(c.referer is None for c in referer_blocked)
        findings.append(Finding(
            "hotlink_blocked", severity(referer_blocked),
            "The logo's host refuses to serve it to e-mail readers (hot-link protection"
            + (", it only serves pages on its own site" if no_referer else "")
            + "). " + names(referer_blocked) + ".",
            "Put the logo on your own company web site (or a host that allows hot-linking), "
            "open the new address in a browser to see only the picture, then Check Logo again.",
        ))
    if ua_blocked:
        findings.append(Finding(
            "blocked_for_user_agent", severity(ua_blocked),
            "The host refuses the programs that mail clients use to load pictures, although "
            "a browser gets the logo. " + names(ua_blocked) + ".",
            "Ask the host (or your web site administrator) to allow all visitors, "
            "including Googlebot image proxies and Microsoft Office, or move the logo to your "
            "own web site.",
        ))
    if placeholders:
        findings.append(Finding(
            "hotlink_placeholder", placeholder_severity(placeholders),
            "Mail readers are served a different picture (a placeholder such as 'please update "
            "your account to enable 3rd party hosting') instead of your logo. "
            + names(placeholders, "Given a placeholder") + ".",
            "Move the logo to your own company web site or a host that allows hot-linking.",
        ))
    failed = [c for c in clients if c.kind.is_mail_client and c.result == "error"
              and c.cause in ("slow", "unreachable", "tls_error", "redirect_loop", "too_large")]
    for cause in dict.fromkeys(c.cause for c in failed):
        group = [c for c in failed if c.cause == cause]
        findings.append(Finding(
            cause, "warning",
            "A browser gets the logo, but this way of loading it failed: "
            + "; ".join(f"{c.kind.label}: {c.detail}" for c in group) + ".",
            "Check Logo again; if it keeps failing, put the logo on a faster, more reliable "
            "host such as your company web site.",
        ))
    wrong = [c for c in clients if c.cause == "wrong_content_type"]
    if wrong:
        content_type = wrong[0].extra.get("wrong_type", "")
        findings.append(Finding(
            "wrong_content_type", "error",
            f"The server says the logo is '{content_type}', not an image type; Gmail's image "
            "proxy refuses such files, so Gmail readers see a broken picture.",
            "Have the web server send the file with Content-Type image/png (or image/jpeg, "
            "image/gif); renaming the file to end in .png usually fixes it.",
        ))
    corp = [c for c in clients if c.cause == "cross_origin_resource_policy"]
    if corp:
        findings.append(Finding(
            "cross_origin_resource_policy", "warning",
            "The server sends Cross-Origin-Resource-Policy, which tells browsers not to show "
            "the logo inside other sites; webmail that loads pictures directly will not show "
            "it (image proxies are probably not affected).",
            "Remove the Cross-Origin-Resource-Policy header for the logo file, or set it to "
            "cross-origin.",
        ))
    return findings


REFUSED_RESULTS = ("blocked", "placeholder")


def reader_counts(clients: list[ClientResult]) -> tuple[list[ClientResult], int]:
    """(the mail readers that do not get the logo, how many kinds of mail reader)."""
    readers = [c for c in clients if c.kind.is_mail_client]
    return [c for c in readers if c.result in REFUSED_RESULTS], len(readers)


def verdict_text(verdict: str, clients: list[ClientResult]) -> str:
    """The verdict in words that follow the counts: every reader, some (k of n), none."""
    refused, total = reader_counts(clients)
    if refused and len(refused) >= total:
        return f"Blocked for every reader ({total} of {total})"
    if refused:
        placeholder = any(c.result == "placeholder" for c in refused)
        what = "Wrong picture" if placeholder and all(
            c.result == "placeholder" for c in refused) else "Blocked"
        return f"{what} for some readers ({len(refused)} of {total})"
    return {
        "ok": f"Works for every reader ({total} of {total})",
        "warning": "Works, with warnings",
        "blocked": "Blocked for some readers",
        "error": "Logo cannot be shown",
    }.get(verdict, "Logo cannot be shown")


def refused_view(refused: list[ClientResult]) -> str:
    """What a refused reader sees in the logo's place, in the words of a broken picture."""
    if refused and all(c.result == "placeholder" for c in refused):
        return ("Another picture appears here (the host's placeholder, e.g. 'please update "
                "your account to enable 3rd party hosting'), not your logo.")
    return ("Broken picture: the mail program was refused the logo, so the customer sees an "
            "empty box or a red cross here.")


def page_fix(clients: list[ClientResult]) -> str:
    """The share-page fix, naming the image address the page itself points to."""
    for client in clients:
        address = client.extra.get("page_image")
        if address:
            return (f"This page names its picture as {address} - try that address.\n"
                    + SHARE_PAGE_FIX)
    return SHARE_PAGE_FIX
