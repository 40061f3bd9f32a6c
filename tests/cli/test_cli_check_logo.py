"""`a2k-email-settings check-logo` against the real local image host: JSON, text, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from a2k_settings_gui.cli import main
from tests.servers import http_images

image_ca = http_images.image_ca
image_ca_file = http_images.image_ca_file
https_image_host = http_images.https_image_host
logo_dns = http_images.logo_dns


@pytest.fixture()
def run(config_path, capsys):
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main(["check-logo", *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return invoke


def test_good_logo_exits_0_with_one_json_object(run, https_image_host, image_ca_file):
    code, out, _err = run(https_image_host.url("/logo.png"), "--json", "--cafile",
                          image_ca_file)
    assert code == 0
    report = json.loads(out)
    assert list(report) == ["url", "verdict", "verdict_text", "readers", "fetch", "image",
                            "clients", "display", "findings"]
    assert report["verdict_text"] == "Works for every reader (4 of 4)"
    assert report["verdict"] == "ok" and report["findings"] == []
    assert report["image"] == {"format": "PNG", "width": 400, "height": 120}
    assert [c["result"] for c in report["clients"]] == ["ok"] * 6


def test_blocked_logo_exits_1_and_names_the_code(run, https_image_host, image_ca_file):
    code, out, _err = run(https_image_host.url("/ua-block/logo.png"), "--json",
                          "--cafile", image_ca_file)
    assert code == 1
    report = json.loads(out)
    assert report["verdict"] == "blocked"
    assert [f["code"] for f in report["findings"]] == ["blocked_for_user_agent"]
    by_client = {c["client"]: c["result"] for c in report["clients"]}
    assert by_client["image_proxy"] == "blocked" and by_client["desktop_client"] == "ok"


def test_height_and_width_override_the_settings(run, https_image_host, image_ca_file):
    code, out, _err = run(https_image_host.url("/logo.png"), "--json", "--cafile",
                          image_ca_file, "--height", "30", "--width", "400")
    assert code == 0
    assert json.loads(out)["display"] == {"height": 30, "width": 100, "distortion": 0.0,
                                          "upscaled": False}


def test_stretch_reports_distortion(run, https_image_host, image_ca_file):
    code, out, _err = run(https_image_host.url("/logo.png"), "--json", "--cafile",
                          image_ca_file, "--height", "100", "--width", "100", "--stretch")
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["distorted"]


def test_dns_server_option_is_used(run, https_image_host, image_ca_file, logo_dns):
    url = f"https://{http_images.TEST_HOST_NAME}:{https_image_host.port}/logo.png"
    code, out, _err = run(url, "--json", "--cafile", image_ca_file, "--dns-server", logo_dns)
    assert code == 0, out
    assert json.loads(out)["verdict"] == "ok"


def test_readable_text_without_json(run, https_image_host, image_ca_file):
    code, out, _err = run(https_image_host.url("/referer-strict/logo.png"), "--cafile",
                          image_ca_file)
    assert code == 1
    assert "Verdict: BLOCKED" in out
    assert "Image proxy (Gmail, Yahoo)" in out and "blocked" in out
    assert "hotlink_blocked" in out and "Fix:" in out


def test_untrusted_https_without_cafile_is_a_problem_not_a_crash(run, https_image_host):
    code, out, _err = run(https_image_host.url("/logo.png"), "--json", "--timeout", "5")
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["tls_error"]


@pytest.mark.parametrize(("argv", "words"), [
    (["ftp://example.com/logo.png"], "URL"),
    (["https://example.com/logo.png", "--cafile", "/no/such/ca.pem"], "--cafile"),
    (["https://example.com/logo.png", "--height", "0"], "--height"),
    (["https://example.com/logo.png", "--timeout", "0"], "--timeout"),
    ([], "no logo address"),
])
def test_bad_input_exits_2_naming_the_field(run, argv, words):
    code, out, err = run(*argv)
    assert code == 2
    assert words in err
    assert out == ""


def test_python_dash_m_runs_it(config_path, https_image_host, image_ca_file):
    done = subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", "check-logo",
         https_image_host.url("/logo.svg"), "--json", "--cafile", image_ca_file],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["image"]["format"] == "SVG"
    assert [f["code"] for f in report["findings"]] == ["unsupported_format"]
