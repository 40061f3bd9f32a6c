"""Findings about the logo itself (format, size, pixels) and about a fetch that failed."""

from __future__ import annotations

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.logo.display import DisplaySize, display_findings, display_size
from a2k_settings_gui.core.logo.hotlink import ClientResult
from a2k_settings_gui.core.logo.image import (
    MAIL_SAFE_FORMATS,
    DecodedLogo,
    DecodeProblem,
    decode,
    sniff,
    svg_bad_sizes,
    svg_size,
)
from a2k_settings_gui.core.logo.judge import page_fix

SLOW_MS = 3000  # a mail reader waiting longer than this sees an empty box first
HEAVY_BYTES = 1024 * 1024  # every e-statement downloads the logo; 1 MB is far too much
_CHECK_FIX = "Open the address in a browser to check it, correct the Company Logo URL, then " \
             "Check Logo again."


def no_image_findings(clients: list[ClientResult], timeout: float,
                      max_bytes: int) -> list[Finding]:
    """Why no client at all got a picture: named from the browser's (reference) answer."""
    browser = next(c for c in clients if c.kind.key == "browser")
    cause = browser.cause
    if cause == "http_status":
        # The browser was refused; if the own-site visit got a page too, say what it was.
        own = next(c for c in clients if c.kind.key == "own_site")
        if own.cause in ("not_an_image", "login_required"):
            cause = own.cause
    if cause == "login_required":
        return [Finding("login_required", "error",
                        "The logo address leads to a sign-in page: the picture is private, so "
                        "customers' mail programs cannot load it.",
                        "Share the logo publicly (or better, put it on your company web site) "
                        "and use the address of the picture itself.")]
    if cause == "redirect_loop":
        return [Finding("redirect_loop", "error",
                        "The logo address redirects in a circle (or through too many hops) and "
                        "never reaches a picture.", _CHECK_FIX)]
    if cause == "not_an_image":
        return [Finding("not_an_image", "error",
                        "The address opens a web page (HTML), not a picture file: e-mail "
                        "programs cannot show a page as a logo.", page_fix(clients))]
    if cause == "too_large":
        return [Finding("too_large", "error",
                        f"The file is larger than {max_bytes // (1024 * 1024)} MB; the check "
                        "stopped downloading it. A logo should be well under 200 KB.",
                        "Save the logo as a PNG or JPEG about 400 x 120 pixels and use that.")]
    if cause == "slow":
        return [Finding("slow", "error",
                        f"The host did not deliver the logo within {timeout:g} seconds "
                        f"({browser.detail}). Mail programs give up and show an empty box.",
                        "Put the logo on a faster host (your company web site or a CDN).")]
    if cause == "tls_error":
        return [Finding("tls_error", "error",
                        f"The secure (https) connection to the logo host failed: "
                        f"{browser.detail}.",
                        "If the host's certificate is wrong or expired, ask its owner to fix "
                        "it. If your company network inspects HTTPS with its own CA, add that "
                        "CA file under Network settings (or --cafile).")]
    if cause == "http_status":
        return [Finding("unreachable", "error",
                        f"The logo host answered HTTP {browser.status} instead of the picture.",
                        _CHECK_FIX)]
    if cause in ("unsupported_format", ""):
        return [Finding("unsupported_format", "error",
                        "The address returns something that is not a picture file.",
                        "Use a PNG, JPEG or GIF logo.")]
    return [Finding("unreachable", "error",
                    f"The logo host could not be reached: {browser.detail}.", _CHECK_FIX)]


def image_findings(reference: ClientResult, body: bytes, clients: list[ClientResult],
                   height: int, width: int, keep_aspect: bool, preview: bool = True,
                   ) -> tuple[dict[str, object] | None, DecodedLogo | None, DisplaySize,
                              list[Finding]]:
    """Decode the reference answer; findings on format, pixels, weight, speed and size."""
    findings: list[Finding] = []
    if reference.elapsed_ms > SLOW_MS:
        findings.append(Finding(
            "slow", "warning",
            f"The logo took {reference.elapsed_ms / 1000:.1f} s to download; readers see an "
            "empty box meanwhile and some mail programs give up.",
            "Put the logo on a faster host (your company web site or a CDN), and keep the "
            "file small."))
    if len(body) > HEAVY_BYTES:
        findings.append(Finding(
            "too_large", "warning",
            f"The logo file is {len(body) / (1024 * 1024):.1f} MB; every e-statement "
            "downloads it, which makes them slow to open on phones.",
            "Save the logo as a PNG or JPEG about 2x its display size (under 200 KB)."))
    kind = sniff(body)
    if kind == "SVG":
        svg_w, svg_h = svg_size(body)
        findings.append(Finding(
            "unsupported_format", "error",
            "The logo is an SVG drawing. Gmail and Outlook do not show SVG pictures in e-mail.",
            "Export the logo as PNG (about 2x the display size) and use that address."))
        bad_sizes = svg_bad_sizes(body)
        if bad_sizes:
            findings.append(Finding(
                "svg_size_invalid", "warning",
                f"The SVG file gives its size as {' and '.join(bad_sizes)}, which is not a "
                "usable number of pixels, so no program can tell how large it is.",
                "Export the logo as PNG at about 2x its display size and use that address."))
        display = display_size(svg_w, svg_h, height, width, keep_aspect)
        return {"format": "SVG", "width": svg_w, "height": svg_h}, None, display, findings
    try:
        decoded = decode(body, preview=preview)
    except DecodeProblem as problem:
        image = None
        if problem.width:
            image = {"format": problem.format, "width": problem.width, "height": problem.height}
        findings.append(_decode_finding(problem))
        return image, None, display_size(None, None, height, width, keep_aspect), findings
    image = {"format": decoded.format, "width": decoded.width, "height": decoded.height}
    if decoded.format not in MAIL_SAFE_FORMATS:
        findings.append(Finding(
            "unsupported_format", "warning",
            f"The logo is a {decoded.format} file; Outlook for Windows and some other mail "
            "programs do not show this format.",
            "Save the logo as PNG (or JPEG) and use that address."))
    if decoded.frames > 1:
        findings.append(Finding(
            "animated_image", "info",
            f"The logo is animated ({decoded.frames} frames); Outlook for Windows shows only "
            "the first frame, which is what the preview shows.",
            "Make sure the first frame shows the whole logo."))
    display = display_size(decoded.width, decoded.height, height, width, keep_aspect)
    findings.extend(display_findings(display, decoded.width, decoded.height))
    return image, decoded, display, findings


def _decode_finding(problem: DecodeProblem) -> Finding:
    if problem.code == "too_many_pixels":
        size = f" ({problem.width} x {problem.height})" if problem.width else ""
        return Finding(
            "too_many_pixels", "error",
            f"The picture declares far too many pixels{size}; it was refused unopened "
            "(such files can freeze mail programs).",
            "Save the logo at about 2x its display size, e.g. 400 x 120 pixels.")
    if problem.code == "broken_image":
        return Finding(
            "broken_image", "error",
            f"The picture file is damaged or cut off ({problem.detail}); mail programs show a "
            "broken picture.",
            "Upload the logo file again (completely) and Check Logo again.")
    return Finding(
        "unsupported_format", "error",
        "The file is not a picture format that mail programs can show.",
        "Use a PNG, JPEG or GIF logo.")
