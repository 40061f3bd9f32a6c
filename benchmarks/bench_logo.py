"""Benchmark the logo check: fetch + decode + scale, re-scale latency, peak memory.

Run from the checkout root:  /work/venv/bin/python benchmarks/bench_logo.py

A 4000 x 4000 PNG is served by the local image host (tests/servers/http_images.py) on
127.0.0.1. Each number is printed beside a baseline measured in the same run: the
naive way (requests.get + Image.open + resize of the full picture). Peak memory is measured
in a fresh subprocess per scenario (ru_maxrss, Linux/macOS), minus the same process's
memory right after imports, so the numbers are the cost of the work itself.
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIDE = 4000
RESCALE_SIZES = ((60, 200), (120, 400), (300, 300), (600, 1000), (2000, 2000))


def big_png() -> bytes:
    """A 4000 x 4000 RGBA logo-like picture (gradient + shapes), a few MB as PNG."""
    from PIL import Image, ImageDraw

    gradient = Image.linear_gradient("L").resize((SIDE, SIDE))
    # Fine noise makes the file photo-like (a few MB) instead of a 0.1 MB flat drawing.
    noise = Image.effect_noise((SIDE // 8, SIDE // 8), 24).resize((SIDE, SIDE))
    image = Image.merge("RGBA", (gradient, gradient.rotate(90), noise,
                                 Image.new("L", (SIDE, SIDE), 255)))
    draw = ImageDraw.Draw(image)
    for i in range(0, SIDE, 250):
        draw.ellipse((i, i // 2, i + 400, i // 2 + 400), fill=(20, 90, 170, 200))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def fmt(times: list[float]) -> str:
    return f"median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms"


# ------------------------------------------------------------------ scenarios


def ours_fetch_decode_scale(url: str) -> None:
    from a2k_settings_gui.core.logo import fetch as logo_fetch
    from a2k_settings_gui.core.logo.display import display_size, scale_master
    from a2k_settings_gui.core.logo.hotlink import BROWSER_UA
    from a2k_settings_gui.core.logo.image import decode
    from a2k_settings_gui.core.net.http import http_session

    session = http_session()
    result = logo_fetch.fetch(url, session=session, user_agent=BROWSER_UA, timeout=30)
    assert result.error is None, result.error_detail
    logo = decode(result.body)
    scale_master(logo.master, display_size(logo.width, logo.height, 60, 200, True))


def ours_full_check(url: str) -> None:
    from a2k_settings_gui.core.logo.check import check_logo

    report = check_logo(url, timeout=30)
    assert report.decoded is not None, report.to_dict()["findings"]


def baseline_fetch_decode_scale(url: str) -> None:
    import requests
    from PIL import Image

    body = requests.get(url, timeout=30).content
    image = Image.open(io.BytesIO(body))
    image.load()
    image.resize((200, 200 * image.height // image.width), Image.Resampling.LANCZOS)


SCENARIOS = {
    "ours": ours_fetch_decode_scale,
    "ours_full_check": ours_full_check,
    "baseline": baseline_fetch_decode_scale,
}


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, because Linux carries ru_maxrss over
    from the parent across exec (a big parent would hide the child's peak)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:  # Windows: no peak figure without extra packages
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_memory_child(name: str, url: str) -> None:
    """Run in a subprocess: print the extra peak RSS (MB) that one scenario costs."""
    import PIL.Image  # noqa: F401 - imports are not what we measure
    import requests  # noqa: F401

    import a2k_settings_gui.core.logo.check  # noqa: F401

    before = peak_rss_mb()
    SCENARIOS[name](url)
    print(json.dumps({"extra_mb": peak_rss_mb() - before, "peak_mb": peak_rss_mb()}))


def rescale_latency(body: bytes) -> None:
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from a2k_settings_gui.core.logo.display import display_size, scale_master
    from a2k_settings_gui.core.logo.image import decode

    logo = decode(body)
    rgba, width, height = logo.master_rgba()
    master_q = QImage(rgba, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()
    full = Image.open(io.BytesIO(body))
    full.load()
    print(f"\nRe-scale on a height/width change (master {width} x {height}; target <= 16 ms)")
    print(f"{'size':>11}  {'ours: QImage.scaled (UI)':>36}  {'ours: Pillow master':>36}  "
          f"{'baseline: Pillow full 4000x4000':>36}")
    for box_h, box_w in RESCALE_SIZES:
        size = display_size(logo.width, logo.height, box_h, box_w, True)

        def qt_scale(size=size) -> None:  # type: ignore[no-untyped-def]
            master_q.scaled(size.width, size.height, Qt.AspectRatioMode.IgnoreAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)

        qt = timed(qt_scale, 20)
        pil = timed(lambda: scale_master(logo.master, size), 20)  # noqa: B023
        base = timed(lambda: full.resize((size.width, size.height),  # noqa: B023
                                         Image.Resampling.LANCZOS), 3)
        print(f"{size.width:>5}x{size.height:<5}  {fmt(qt):>36}  {fmt(pil):>36}  {fmt(base):>36}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        peak_memory_child(sys.argv[2], sys.argv[3])
        return
    from tests.servers.http_images import ImageHost, image

    body = big_png()
    print(f"Picture: {SIDE} x {SIDE} RGBA PNG, {len(body) / 1e6:.1f} MB, served on 127.0.0.1")
    with ImageHost(extra_routes={"/big.png": lambda req: image(body)}) as host:
        url = host.url("/big.png")
        print("\nFetch + decode + scale to 200 x 60 (5 runs each, warm)")
        for name, fn in SCENARIOS.items():
            fn(url)  # warm-up: imports, first connection
            print(f"{name:>16}: {fmt(timed(lambda fn=fn: fn(url), 5))}")
        print("\nPeak memory over the imports (fresh process per scenario, VmHWM)")
        for name in SCENARIOS:
            out = subprocess.run([sys.executable, __file__, "--child", name, url],
                                 capture_output=True, text=True, timeout=300, cwd=ROOT)
            if out.returncode != 0:
                print(f"{name:>16}: failed: {out.stderr.strip()[-300:]}")
                continue
            numbers = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{name:>16}: {numbers['extra_mb']:8.1f} MB over imports "
                  f"(process peak {numbers['peak_mb']:.0f} MB)")
    rescale_latency(body)


if __name__ == "__main__":
    main()
