"""The size a logo is shown at, and what that does to it (distortion, blur).

The e-statement sends `<img height=H width=W>`. With keep-aspect the logo is fitted inside
that box; without it, it is stretched to the box, which distorts it when the box's shape
differs from the picture's.
"""

from __future__ import annotations

from dataclasses import dataclass

from a2k_settings_gui.core.findings import Finding

DISTORTION_LIMIT = 0.05  # 5 %: above this, round logos look visibly oval


@dataclass(frozen=True)
class DisplaySize:
    height: int
    width: int
    distortion: float | None  # relative change of the width/height ratio; None: no image
    upscaled: bool | None

    def to_dict(self) -> dict[str, object]:
        return {
            "height": self.height,
            "width": self.width,
            "distortion": None if self.distortion is None else round(self.distortion, 4),
            "upscaled": self.upscaled,
        }


def display_size(source_w: int | None, source_h: int | None, box_h: int, box_w: int,
                 keep_aspect: bool) -> DisplaySize:
    """Where the logo ends up for a height x width setting."""
    box_h, box_w = max(1, box_h), max(1, box_w)
    if not source_w or not source_h:
        return DisplaySize(box_h, box_w, None, None)
    if keep_aspect:
        scale = min(box_w / source_w, box_h / source_h)
        width = max(1, round(source_w * scale))
        height = max(1, round(source_h * scale))
    else:
        width, height = box_w, box_h
    distortion = abs((width / height) / (source_w / source_h) - 1.0)
    if keep_aspect:
        distortion = 0.0  # rounding to whole pixels is not a distortion anyone sees
    upscaled = width > source_w or height > source_h
    return DisplaySize(height, width, distortion, upscaled)


def display_findings(size: DisplaySize, source_w: int, source_h: int) -> list[Finding]:
    findings: list[Finding] = []
    if size.distortion is not None and size.distortion > DISTORTION_LIMIT:
        fitted_w = max(1, round(source_w * size.height / source_h))
        findings.append(Finding(
            "distorted", "warning",
            f"At {size.width} x {size.height} pixels the logo is stretched by "
            f"{size.distortion:.0%}: the picture is {source_w} x {source_h}, a different shape.",
            f"Tick 'Keep aspect ratio', or set Logo Width to {fitted_w} for Logo Height "
            f"{size.height}.",
        ))
    if size.upscaled:
        findings.append(Finding(
            "upscaled", "warning",
            f"The logo is shown at {size.width} x {size.height} pixels but the picture is only "
            f"{source_w} x {source_h}: it will look blurry.",
            f"Use a picture at least {size.width * 2} x {size.height * 2} pixels (2x, sharp on "
            "high-DPI screens), or make Logo Height and Width smaller.",
        ))
    return findings


def scale_master(master: object, size: DisplaySize):  # -> PIL.Image.Image
    """The logo at its display size, from the decoded copy held in memory (no download)."""
    from PIL import Image

    return master.resize(  # type: ignore[attr-defined]
        (size.width, size.height), Image.Resampling.LANCZOS, reducing_gap=2.0
    )
