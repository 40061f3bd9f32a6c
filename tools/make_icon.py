"""Draw the app icon with Pillow: resources/app-icon.ico (16-256 px), app-icon.png and
the same sizes as PNG files in resources/icons/ (the window icon: ui/app.py).

A white envelope on a blue rounded square with a green tick: "outgoing e-mail, checked".
Each size is drawn large and scaled down, so small sizes stay crisp enough to read.

    python tools/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
BLUE = (31, 95, 175, 255)
WHITE = (255, 255, 255, 255)
FOLD = (190, 208, 232, 255)
GREEN = (34, 150, 74, 255)


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 64  # draw on a 64-unit grid
    pen.rounded_rectangle((2 * unit, 2 * unit, 62 * unit, 62 * unit), radius=12 * unit, fill=BLUE)
    # The envelope: body, then the flap's two edges.
    left, top, right, bottom = 10 * unit, 17 * unit, 54 * unit, 47 * unit
    pen.rectangle((left, top, right, bottom), fill=WHITE)
    middle = ((left + right) / 2, 34 * unit)
    pen.line([(left, top), middle, (right, top)], fill=FOLD, width=round(3 * unit), joint="curve")
    # The tick in a green disc, bottom right, over the envelope's corner.
    centre, radius = (47 * unit, 46 * unit), 13 * unit
    pen.ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
        fill=GREEN, outline=WHITE, width=round(2.5 * unit),
    )
    tick = [(41 * unit, 46.5 * unit), (45.5 * unit, 51 * unit), (53.5 * unit, 41.5 * unit)]
    pen.line(tick, fill=WHITE, width=round(3.5 * unit), joint="curve")
    return image


def main() -> None:
    big = draw()
    frames = [big.resize((s, s), Image.Resampling.LANCZOS) for s in ICO_SIZES]
    frames[-1].save(RESOURCES / "app-icon.png", optimize=True)
    # The largest frame is the base; Pillow writes each listed size into the .ico.
    frames[-1].save(RESOURCES / "app-icon.ico", sizes=[(s, s) for s in ICO_SIZES],
                    append_images=frames[:-1])
    for size, frame in zip(ICO_SIZES, frames, strict=True):
        frame.save(RESOURCES / "icons" / f"app-icon-{size}.png", optimize=True)
    print("written:", RESOURCES / "app-icon.ico", RESOURCES / "app-icon.png",
          RESOURCES / "icons")


if __name__ == "__main__":
    main()
