"""Recognise and decode logo bytes safely: magic-byte sniffing, pixel cap, orientation.

The pixel count is read from the header and checked *before* any pixel is decoded, so a
decompression bomb (a small file declaring 20000 x 20000 pixels) costs a few kilobytes,
not gigabytes. Pillow's own bomb guard stays on as a second line.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

_ORIENTATION = 0x0112
DEFAULT_MAX_PIXELS = 25_000_000  # 5000 x 5000: far above any logo, ~100 MB as RGBA
# Longest side of the in-memory copy the preview rescales from: sharp up to 2x of the
# largest sensible logo box, small enough to rescale in a few milliseconds.
PREVIEW_MASTER_SIDE = 1024

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"WEBP", 8, "WEBP"),
    (b"BM", 0, "BMP"),
    (b"\x00\x00\x01\x00", 0, "ICO"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
    (b"ftypavif", 4, "AVIF"),
    (b"ftypheic", 4, "HEIC"),
    (b"ftypmif1", 4, "HEIC"),
)
# Formats that common mail clients show (Outlook desktop, Gmail, Apple Mail, webmail).
MAIL_SAFE_FORMATS = {"PNG", "JPEG", "GIF"}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)",
                         re.IGNORECASE | re.DOTALL)
_SVG = re.compile(rb"<svg[\s>]", re.IGNORECASE)
_SVG_TAG = re.compile(rb"<svg[^>]*>", re.IGNORECASE)
_SVG_SIZE = re.compile(rb"\s(width|height)\s*=\s*[\"']?\s*([0-9.]+)", re.IGNORECASE)


def sniff(body: bytes) -> str:
    """"PNG", "JPEG", ..., "SVG", "HTML", or "" when the bytes are none of these."""
    for magic, offset, name in _MAGIC:
        if body[offset:offset + len(magic)] == magic:
            if name == "WEBP" and body[:4] != b"RIFF":
                continue
            return name
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return "HTML"
    if _SVG.search(head) and b"<html" not in head.lower():
        return "SVG"
    if b"<html" in head.lower() or b"<body" in head.lower():
        return "HTML"
    return ""


# Larger than any logo; a bigger "size" is nonsense written into the file.
_SVG_MAX_SIDE = 100_000


def svg_size(body: bytes) -> tuple[int | None, int | None]:
    """Width and height written on the <svg> element, when plain numbers of a sane size
    (nonsense such as "1.2.3" or 400 digits counts as no size; see svg_bad_sizes)."""
    sizes, _bad = _svg_sizes(body)
    return sizes.get("width"), sizes.get("height")


def svg_bad_sizes(body: bytes) -> list[str]:
    """The width/height attributes that are not usable numbers, e.g. ['width="1.2.3"']."""
    return _svg_sizes(body)[1]


def _svg_sizes(body: bytes) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    bad: list[str] = []
    tag = _SVG_TAG.search(body[:8192])
    if not tag:
        return found, bad
    for match in _SVG_SIZE.finditer(tag.group(0)):
        name, text = match.group(1).decode().lower(), match.group(2).decode()
        if name in found:
            continue
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if 0 < value <= _SVG_MAX_SIDE:  # also false for inf and nan
            found[name] = max(1, round(value))
        else:
            shown = text if len(text) <= 20 else f"{text[:12]}... ({len(text)} characters)"
            bad.append(f'{name}="{shown}"')
    return found, bad


@dataclass
class DecodedLogo:
    """A decoded logo, ready to scale. `master` is RGBA, at most PREVIEW_MASTER_SIDE."""

    format: str
    width: int
    height: int
    frames: int
    has_alpha: bool
    sha256: str
    # PIL.Image.Image in RGBA, typed loosely so importing stays light; None when decoded
    # without a preview (the command line shows none).
    master: object = None

    def master_rgba(self) -> tuple[bytes, int, int]:
        """Raw RGBA bytes of the master copy (what the UI turns into a QImage)."""
        image = self.master
        return image.tobytes("raw", "RGBA"), image.width, image.height  # type: ignore[attr-defined]


def _transpose_table() -> dict[int, int]:
    # EXIF orientation value -> PIL transpose method (as ImageOps.exif_transpose does).
    return {2: 0, 3: 3, 4: 1, 5: 5, 6: 4, 7: 6, 8: 2}


_TRANSPOSE = _transpose_table()


class DecodeProblem(Exception):
    """Why bytes could not be turned into a logo: `code` is a finding code."""

    def __init__(self, code: str, detail: str, width: int | None = None,
                 height: int | None = None, fmt: str = "") -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.width = width
        self.height = height
        self.format = fmt


def decode(body: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS,
           master_side: int = PREVIEW_MASTER_SIDE, preview: bool = True) -> DecodedLogo:
    """Decode the first frame, upright, with transparency kept. Raises DecodeProblem.

    `preview=False` (no picture is shown): the header is read and the file verified
    without decoding every pixel (a PNG's chunks and checksums, a JPEG at 1/8 scale), so a
    4000 x 4000 logo costs a few MB instead of 64 MB of pixels; `master` is then None."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns (not raises) between 1x and 2x its limit: treat that as a bomb too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(body))
            fmt = (image.format or "").upper()
            width, height = image.size
            if width * height > max_pixels:
                raise DecodeProblem("too_many_pixels", f"{width} x {height} pixels",
                                    width, height, fmt)
            frames = getattr(image, "n_frames", 1)
            image.seek(0)
            if not preview and _verify_without_pixels(image, fmt, body):
                # (A PNG's getexif() without an eXIf chunk read so far loads every pixel.)
                orientation = image.getexif().get(_ORIENTATION, 1) if (
                    fmt != "PNG" or "exif" in image.info) else 1
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                master = None
            else:
                image.load()
                orientation = image.getexif().get(_ORIENTATION, 1)
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                master = _small_rgba(image, master_side) if preview else None
    except DecodeProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        width, height = _header_size(body)
        raise DecodeProblem("too_many_pixels", str(exc), width, height, sniff(body)) from None
    except UnidentifiedImageError:
        raise DecodeProblem("unsupported_format", "not an image format Pillow knows") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        # "image file is truncated", "broken data stream", bad chunk CRCs, ...
        raise DecodeProblem("broken_image", str(exc)[:200], fmt=_safe_format(body)) from None

    # EXIF orientation (phone photos): turn the small copy, and swap the reported size.
    transpose = _TRANSPOSE.get(orientation)
    if transpose is not None:
        if master is not None:
            master = master.transpose(transpose)
        if orientation >= 5:
            width, height = height, width
    return DecodedLogo(
        format=fmt,
        width=width,
        height=height,
        frames=frames,
        has_alpha=has_alpha,
        sha256=hashlib.sha256(body).hexdigest(),
        master=master,
    )


def _verify_without_pixels(image, fmt: str, body: bytes) -> bool:  # type: ignore[no-untyped-def]
    """Check the whole file without decoding it to pixels, when the format allows; False
    means "decode it fully instead". Raises what a broken file raises when decoded."""
    from PIL import Image

    if fmt == "PNG":
        # Orientation in an eXIf chunk after the pixels is read only by a full load.
        if b"eXIf" in body and "exif" not in image.info:
            return False
        with Image.open(io.BytesIO(body)) as checked:
            checked.verify()  # every chunk's CRC up to IEND: truncation, corruption
        return True
    if fmt == "JPEG":
        with Image.open(io.BytesIO(body)) as checked:
            checked.draft("L", (max(1, checked.width // 8), max(1, checked.height // 8)))
            checked.load()  # the DCT stream decoded at 1/8 scale: a broken stream fails
        return True
    return False


def _small_rgba(image, master_side: int):  # type: ignore[no-untyped-def]
    """An RGBA copy at most `master_side` pixels long, made cheaply.

    reduce() (box averaging by a whole factor) first: it is ~5x faster than a LANCZOS pass
    over the full picture; the final LANCZOS step then works on a small image.
    """
    from PIL import Image

    if image.mode not in ("RGBA", "RGB", "L", "LA"):
        image = image.convert("RGBA")  # palette, CMYK, 16-bit: reduce() needs plain modes
    factor = -(-max(image.size) // master_side)  # ceil: the result fits in master_side
    if factor >= 2:
        image = image.reduce(factor)
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    if max(image.size) > master_side:
        image = image.copy() if image.readonly else image
        image.thumbnail((master_side, master_side), Image.Resampling.LANCZOS)
    return image


def probe_size(body: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int] | None:
    """Width and height from the header only (no pixel decoding), or None."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(body)) as image:
                return image.size
    except Exception:  # noqa: BLE001 - any undecodable body simply has no size
        return None


def fingerprint(body: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> list[int] | None:
    """An 8x8 greyscale thumbnail: two encodings of one picture give nearly the same list."""
    from PIL import Image

    size = probe_size(body)
    if size is None or size[0] * size[1] > max_pixels:
        return None
    try:
        with Image.open(io.BytesIO(body)) as image:
            image.draft("L", (64, 64))
            small = image.convert("RGBA").resize((8, 8), Image.Resampling.BOX)
            return list(small.convert("L").tobytes())
    except Exception:  # noqa: BLE001
        return None


def _safe_format(body: bytes) -> str:
    return sniff(body)


def _header_size(body: bytes) -> tuple[int | None, int | None]:
    """Size straight from a PNG or GIF header, for files Pillow refuses to open."""
    import struct

    kind = sniff(body)
    if kind == "PNG" and len(body) >= 24:
        return struct.unpack(">II", body[16:24])
    if kind == "GIF" and len(body) >= 10:
        return struct.unpack("<HH", body[6:10])
    return None, None
