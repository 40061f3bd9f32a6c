"""The ways e-mail clients load a remote logo, and how to judge each answer.

Sources: reference/email-facts.md section 7. Gmail fetches through its image proxy (no
Referer, its own User-Agent); Outlook and Thunderbird fetch directly without a Referer;
webmail that loads images directly sends its own page as Referer. A plain browser visit
and a visit from a page on the image's own site are the references: if those work and a
mail client does not, the host is blocking hot-links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

GMAIL_PROXY_UA = (
    "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
)
OUTLOOK_UA = (
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"
)
BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


@dataclass(frozen=True)
class ClientKind:
    key: str
    label: str
    user_agent: str
    referer: str | None  # "{site}" = the image's own site
    is_mail_client: bool


CLIENT_KINDS: tuple[ClientKind, ...] = (
    ClientKind("image_proxy", "Image proxy (Gmail, Yahoo)", GMAIL_PROXY_UA, None, True),
    ClientKind("desktop_client", "Desktop mail client (Outlook, Thunderbird)", OUTLOOK_UA,
               None, True),
    ClientKind("webmail_gmail", "Webmail loading directly (mail.google.com)", BROWSER_UA,
               "https://mail.google.com/", True),
    ClientKind("webmail_outlook", "Webmail loading directly (outlook.live.com)", BROWSER_UA,
               "https://outlook.live.com/", True),
    ClientKind("browser", "Browser, address typed in (reference)", BROWSER_UA, None, False),
    ClientKind("own_site", "Page on the logo's own site (reference)", BROWSER_UA, "{site}",
               False),
)
REFERENCE_ORDER = ("browser", "own_site")


def referer_for(kind: ClientKind, url: str) -> str | None:
    if kind.referer == "{site}":
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}/"
    return kind.referer


@dataclass
class ClientResult:
    kind: ClientKind
    referer: str | None
    result: str = "error"  # ok | blocked | placeholder | error
    status: int | None = None
    content_type: str = ""
    bytes: int = 0
    elapsed_ms: int = 0
    format: str = ""
    width: int | None = None
    height: int | None = None
    sha256: str = ""
    detail: str = ""
    cause: str = ""  # internal: which finding explains a non-ok result
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "client": self.kind.key,
            "label": self.kind.label,
            "user_agent": self.kind.user_agent,
            "referer": self.referer,
            "result": self.result,
            "status": self.status,
            "content_type": self.content_type,
            "bytes": self.bytes,
            "elapsed_ms": self.elapsed_ms,
            "detail": self.detail,
        }


# ------------------------------------------------------------ URL shapes that expire

_EXPIRING_PARAMS = {
    "x-amz-expires", "x-amz-signature", "x-amz-credential", "expires", "signature", "sig",
    "se", "x-goog-expires", "x-goog-signature", "token", "exp", "oh", "oe",
}
_EXPIRING_HOSTS = re.compile(
    r"(^|\.)(googleusercontent\.com|photos\.google\.com|photos\.app\.goo\.gl|"
    r"fbcdn\.net|cdninstagram\.com|media\.discordapp\.net|cdn\.discordapp\.com)$"
)


def expiring_reasons(url: str) -> list[str]:
    """Why this address may stop working later (signed, time-limited or private links)."""
    parts = urlsplit(url)
    reasons: list[str] = []
    host = (parts.hostname or "").lower()
    if _EXPIRING_HOSTS.search(host):
        reasons.append(f"{host} serves time-limited or private links")
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)
                    if k.lower() in _EXPIRING_PARAMS})
    if names:
        reasons.append("the address carries " + ", ".join(names) + " (a signed, expiring link)")
    return reasons


# ------------------------------------------------------------ HTML pages

_OG_IMAGE = re.compile(
    rb"<meta[^>]+(?:property|name)\s*=\s*[\"'](?:og:image|twitter:image)(?::src)?[\"'][^>]*>",
    re.IGNORECASE,
)
_CONTENT = re.compile(rb"content\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_PASSWORD = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.IGNORECASE)


def page_image_address(html: bytes) -> str:
    """The image a share page names in its og:image / twitter:image tag, if any."""
    match = _OG_IMAGE.search(html[:200_000])
    if match:
        content = _CONTENT.search(match.group(0))
        if content:
            import html as html_lib

            return html_lib.unescape(content.group(1).decode("utf-8", "replace"))
    return ""


def is_login_page(html: bytes) -> bool:
    return bool(_PASSWORD.search(html[:200_000]))


SHARE_PAGE_FIX = (
    "Use the direct address of the picture file, not the page that shows it; opened in a "
    "browser, a direct address shows only the picture.\n"
    "- Google Photos: open the photo, right-click it, choose 'Copy image address' (better: "
    "put the logo on your own web site; Google Photos addresses expire).\n"
    "- Flickr: open the photo, Share, 'Embed' or Download, and copy the address that starts "
    "with https://live.staticflickr.com/.\n"
    "- Photobucket: use the 'Direct' link (ends with .jpg or .png), not the page link."
)


def similar_fingerprints(a: list[int] | None, b: list[int] | None) -> bool:
    if a is None or b is None or len(a) != len(b):
        return False
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a) < 12
