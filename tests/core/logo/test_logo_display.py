"""Display size for a height x width setting: keep-aspect, distortion, upscaling."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.logo.display import display_findings, display_size, scale_master


def test_keep_aspect_fits_inside_the_box():
    size = display_size(400, 120, 60, 300, keep_aspect=True)
    assert (size.width, size.height) == (200, 60)
    assert size.distortion == 0.0 and size.upscaled is False


def test_stretching_to_the_box_reports_distortion():
    size = display_size(400, 120, 60, 300, keep_aspect=False)
    assert (size.width, size.height) == (300, 60)
    assert size.distortion == pytest.approx(0.5)
    assert [f.code for f in display_findings(size, 400, 120)] == ["distorted"]


def test_distortion_up_to_five_percent_is_accepted():
    size = display_size(400, 120, 60, 208, keep_aspect=False)  # 4 % wider
    assert display_findings(size, 400, 120) == []


def test_upscaled_suggests_a_2x_source():
    size = display_size(100, 30, 60, 200, keep_aspect=True)
    assert size.upscaled is True
    finding = display_findings(size, 100, 30)[0]
    assert finding.code == "upscaled" and "400 x 120" in finding.fix


def test_no_image_keeps_the_requested_box():
    assert display_size(None, None, 60, 200, True).to_dict() == {
        "height": 60, "width": 200, "distortion": None, "upscaled": None}


def test_scale_master_gives_the_display_size():
    from PIL import Image

    master = Image.new("RGBA", (1024, 307), (0, 0, 0, 0))
    scaled = scale_master(master, display_size(400, 120, 60, 200, True))
    assert scaled.size == (200, 60) and scaled.mode == "RGBA"
