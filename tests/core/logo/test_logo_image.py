"""Decoding and sniffing of logo bytes: orientation, transparency, frames, bombs."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.logo.hotlink import expiring_reasons, page_image_address
from a2k_settings_gui.core.logo.image import DecodeProblem, decode, sniff, svg_size
from tests.servers import http_images as samples


def test_png_keeps_transparency():
    logo = decode(samples.logo_png())
    assert (logo.format, logo.width, logo.height) == ("PNG", 400, 120)
    assert logo.has_alpha
    rgba, width, height = logo.master_rgba()
    assert len(rgba) == width * height * 4
    assert rgba[3] == 0  # the top-left corner stays transparent


def test_exif_orientation_is_honoured():
    logo = decode(samples.exif_rotated_jpeg())
    assert (logo.width, logo.height) == (100, 300)
    assert not logo.has_alpha


def test_animated_gif_gives_the_first_frame():
    logo = decode(samples.animated_gif())
    assert logo.frames == 3
    red, green, blue, _alpha = logo.master.getpixel((5, 5))
    assert red > 150 and green < 80 and blue < 80  # the first frame is the red one


def test_decompression_bomb_is_refused_by_size():
    with pytest.raises(DecodeProblem) as problem:
        decode(samples.bomb_png())
    assert problem.value.code == "too_many_pixels"
    assert (problem.value.width, problem.value.height) == (20000, 20000)


def test_own_pixel_cap_applies_below_pillows_limit():
    with pytest.raises(DecodeProblem) as problem:
        decode(samples.logo_png(), max_pixels=1000)
    assert problem.value.code == "too_many_pixels"


def test_truncated_png_is_a_broken_image():
    with pytest.raises(DecodeProblem) as problem:
        decode(samples.logo_png()[:200])
    assert problem.value.code == "broken_image"


def test_big_picture_is_kept_as_a_small_master():
    logo = decode(samples.logo_png(3000, 900))
    assert (logo.width, logo.height) == (3000, 900)
    assert 512 < max(logo.master.size) <= 1024


@pytest.mark.parametrize(("body", "kind"), [
    (samples.logo_png(), "PNG"),
    (samples.exif_rotated_jpeg(), "JPEG"),
    (samples.animated_gif(), "GIF"),
    (samples.webp_logo(), "WEBP"),
    (samples.SVG_LOGO, "SVG"),
    (samples.LOGIN_PAGE, "HTML"),
    (b"  <!-- hi --><!DOCTYPE html><svg></svg>", "HTML"),
    (b"hello", ""),
])
def test_sniff(body, kind):
    assert sniff(body) == kind


def test_svg_size():
    assert svg_size(samples.SVG_LOGO) == (400, 120)
    assert svg_size(b"<svg viewBox='0 0 10 10'></svg>") == (None, None)


@pytest.mark.parametrize("url", [
    "https://lh3.googleusercontent.com/pw/AP1GczN=w600",
    "https://bucket.s3.amazonaws.com/logo.png?X-Amz-Expires=300&X-Amz-Signature=ab",
    "https://cdn.example.com/logo.png?Expires=1700000000&Signature=x",
    "https://store.blob.core.windows.net/logo.png?se=2026-01-01&sig=abc",
])
def test_expiring_urls_are_recognised(url):
    assert expiring_reasons(url)


def test_permanent_url_is_not_expiring():
    assert expiring_reasons("https://www.example.com/images/logo.png?v=3") == []


def test_share_page_names_its_image():
    page = samples.SHARE_PAGE % (b"https://live.staticflickr.com/1/2_b.jpg", b"x")
    assert page_image_address(page) == "https://live.staticflickr.com/1/2_b.jpg"


# ---- without a preview (the command line): verified, not decoded to pixels

@pytest.mark.parametrize("body", [samples.logo_png(), samples.exif_rotated_jpeg(),
                                  samples.animated_gif(), samples.webp_logo(),
                                  samples.logo_png(3000, 900)],
                         ids=["png", "rotated-jpeg", "gif", "webp", "big-png"])
def test_without_preview_the_facts_are_those_of_a_full_decode(body):
    full, checked = decode(body), decode(body, preview=False)
    assert checked.master is None
    assert (checked.format, checked.width, checked.height, checked.frames,
            checked.has_alpha, checked.sha256) == (full.format, full.width, full.height,
                                                   full.frames, full.has_alpha, full.sha256)


def _corrupt_middle(body: bytes) -> bytes:
    middle = len(body) // 2
    return body[:middle] + bytes(b ^ 0x5A for b in body[middle:middle + 64]) + body[
        middle + 64:]


@pytest.mark.parametrize("body", [
    samples.logo_png()[:200], samples.logo_png()[: len(samples.logo_png()) // 2],
    _corrupt_middle(samples.logo_png()), samples.exif_rotated_jpeg()[:300]],
    ids=["png-header-only", "png-half", "png-corrupt-chunk", "jpeg-truncated"])
def test_without_preview_a_broken_file_is_still_broken(body):
    with pytest.raises(DecodeProblem) as problem:
        decode(body, preview=False)
    assert problem.value.code == "broken_image"


def test_without_preview_a_bomb_is_still_refused_by_size():
    with pytest.raises(DecodeProblem) as problem:
        decode(samples.bomb_png(), preview=False)
    assert problem.value.code == "too_many_pixels"
