"""check_logo() against a real local image host imitating each hot-link behaviour.

Every test asserts the exact finding codes and the result of every client kind.
"""

from __future__ import annotations

import threading
import time

import pytest

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.logo.check import LogoInputError, check_logo
from a2k_settings_gui.core.logo.hotlink import GMAIL_PROXY_UA, OUTLOOK_UA
from tests.servers import http_images

# The image host fixtures live with the server (tests/servers/), shared with other areas.
image_host = http_images.image_host
image_ca = http_images.image_ca
image_ca_file = http_images.image_ca_file
https_image_host = http_images.https_image_host
logo_dns = http_images.logo_dns

ALL_OK = {k: "ok" for k in ("image_proxy", "desktop_client", "webmail_gmail",
                            "webmail_outlook", "browser", "own_site")}


def results(report) -> dict[str, str]:
    return {c.kind.key: c.result for c in report.clients}


def codes(report) -> list[str]:
    return sorted(f.code for f in report.findings)


def severities(report) -> dict[str, str]:
    return {f.code: f.severity for f in report.findings}


def assert_failed_for_every_client(report, code: str, result: str) -> None:
    """An error: the one finding `code`, and every way of loading the logo ended `result`."""
    assert codes(report) == [code]
    assert report.verdict == "error"
    assert set(results(report).values()) == {result}


@pytest.fixture()
def check(https_image_host, image_ca_file):
    """check_logo over HTTPS with the test CA trusted (so no insecure_http noise)."""
    def run(path: str, **kwargs):
        kwargs.setdefault("timeout", 5)
        return check_logo(https_image_host.url(path), ca_file=image_ca_file, **kwargs)
    return run


def test_good_logo_over_https_is_ok_for_every_client(check):
    report = check("/logo.png")
    assert report.verdict == "ok"
    assert report.findings == []
    assert results(report) == ALL_OK
    assert report.fetch["status"] == 200
    assert report.fetch["content_type"] == "image/png"
    assert report.fetch["final_url"].endswith("/logo.png")
    assert report.image == {"format": "PNG", "width": 400, "height": 120}
    assert report.display.to_dict() == {"height": 60, "width": 200, "distortion": 0.0,
                                        "upscaled": False}
    assert report.decoded is not None and report.decoded.has_alpha


def test_report_json_has_the_agreed_shape(check):
    data = check("/logo.png").to_dict()
    assert list(data) == ["url", "verdict", "verdict_text", "readers", "fetch", "image",
                          "clients", "display", "findings"]
    assert set(data["fetch"]) == {"status", "content_type", "bytes", "elapsed_ms", "final_url"}
    assert {c["client"] for c in data["clients"]} == set(ALL_OK)
    assert all(c["result"] in ("ok", "blocked", "placeholder", "error") for c in data["clients"])


def test_each_client_sends_its_own_user_agent_and_referer(https_image_host, check):
    https_image_host.log.clear()
    check("/logo.png")
    seen = {(r.user_agent, r.referer) for r in https_image_host.log}
    assert (GMAIL_PROXY_UA, None) in seen
    assert (OUTLOOK_UA, None) in seen
    referers = {r.referer for r in https_image_host.log}
    assert {"https://mail.google.com/", "https://outlook.live.com/",
            https_image_host.base + "/"} <= referers


def test_referer_allow_list_with_none_blocks_only_webmail(check):
    report = check("/referer-none/logo.png")
    assert codes(report) == ["hotlink_blocked"]
    assert severities(report) == {"hotlink_blocked": "warning"}
    assert report.verdict == "warning"
    assert results(report) == {**ALL_OK, "webmail_gmail": "blocked",
                               "webmail_outlook": "blocked"}


def test_referer_allow_list_without_none_blocks_every_mail_client(check):
    report = check("/referer-strict/logo.png")
    assert codes(report) == ["hotlink_blocked"]
    assert severities(report) == {"hotlink_blocked": "error"}
    assert report.verdict == "blocked"
    assert results(report) == {"image_proxy": "blocked", "desktop_client": "blocked",
                               "webmail_gmail": "blocked", "webmail_outlook": "blocked",
                               "browser": "blocked", "own_site": "ok"}
    assert "own site" in report.findings[0].message
    assert report.image == {"format": "PNG", "width": 400, "height": 120}


def test_placeholder_for_foreign_referers(check):
    report = check("/placeholder/logo.png")
    assert codes(report) == ["hotlink_placeholder"]
    assert results(report) == {**ALL_OK, "webmail_gmail": "placeholder",
                               "webmail_outlook": "placeholder"}
    assert "640 x 200" in report.client("webmail_gmail").detail


def test_placeholder_of_the_same_size_is_caught_by_comparing_pictures(check):
    report = check("/placeholder-same-size/logo.png")
    assert codes(report) == ["hotlink_placeholder"]
    assert results(report)["webmail_outlook"] == "placeholder"


def test_user_agent_blocking_of_the_image_proxy(check):
    report = check("/ua-block/logo.png")
    assert codes(report) == ["blocked_for_user_agent"]
    assert severities(report) == {"blocked_for_user_agent": "error"}
    assert report.verdict == "blocked"
    assert results(report) == {**ALL_OK, "image_proxy": "blocked"}


def test_share_page_is_not_an_image_and_the_fix_names_the_direct_address(https_image_host,
                                                                          check):
    report = check("/share/photo/123")
    assert_failed_for_every_client(report, "not_an_image", "blocked")
    fix = report.findings[0].fix
    assert https_image_host.url("/photos/direct/logo.png") in fix
    for host in ("Google Photos", "Flickr", "Photobucket"):
        assert host in fix
    assert report.image is None


@pytest.mark.parametrize(("path", "options", "code", "result"), [
    pytest.param("/private/logo.png", {}, "login_required", "blocked", id="login-redirect"),
    pytest.param("/huge.png", {"max_bytes": 2 * 1024 * 1024}, "too_large", "error",
                 id="huge-file-cut-at-the-byte-cap"),
    pytest.param("/truncated.png", {}, "broken_image", "error", id="truncated-image"),
])
def test_every_client_fails_alike(check, path, options, code, result):
    assert_failed_for_every_client(check(path, **options), code, result)


def test_password_protected_logo_is_login_required(check):
    report = check("/basic-auth/logo.png")
    assert codes(report) == ["login_required"]
    assert set(results(report).values()) == {"blocked"}


def test_redirect_loop(check):
    report = check("/loop/a")
    assert codes(report) == ["redirect_loop"]
    assert set(results(report).values()) == {"error"}


def test_a_redirect_to_the_image_is_followed(check):
    report = check("/moved/logo.png")
    assert report.verdict == "ok"
    assert report.fetch["final_url"].endswith("/logo.png")
    assert not report.fetch["final_url"].endswith("/moved/logo.png")


def test_slow_trickle_is_cut_at_the_timeout(check):
    started = time.monotonic()
    report = check("/slow/logo.png", timeout=1.5)
    elapsed = time.monotonic() - started
    assert_failed_for_every_client(report, "slow", "error")
    assert elapsed < 1.5 + 2.5  # did not hang (generous: 4 test runs share 2 cores)


def test_slow_but_complete_download_is_a_warning(check):
    report = check("/slowish/logo.png", timeout=8)
    assert codes(report) == ["slow"]
    assert severities(report) == {"slow": "warning"}
    assert report.verdict == "warning"
    assert results(report) == ALL_OK


def test_one_client_timing_out_is_a_warning(check):
    report = check("/slow-for-proxy/logo.png", timeout=1.5)
    assert codes(report) == ["slow"]
    assert severities(report) == {"slow": "warning"}
    assert report.verdict == "warning"
    assert results(report) == {**ALL_OK, "image_proxy": "error"}


def test_decompression_bomb_is_refused_without_decoding(check):
    report = check("/bomb.png")
    # "slow" (download over the speed threshold) depends on how busy the machine is, not on
    # the picture; what matters here is that the bomb is refused unopened.
    assert [c for c in codes(report) if c != "slow"] == ["too_many_pixels"]
    assert report.verdict == "error"
    assert report.image == {"format": "PNG", "width": 20000, "height": 20000}
    assert report.decoded is None
    assert set(results(report).values()) == {"error"}


def test_wrong_content_type_blocks_the_image_proxy(check):
    report = check("/wrong-type/logo.png")
    assert codes(report) == ["wrong_content_type"]
    assert report.verdict == "blocked"
    assert results(report) == {**ALL_OK, "image_proxy": "blocked"}


def test_octet_stream_content_type_is_tolerated(check):
    assert check("/octet/logo.png").verdict == "ok"


def test_svg_is_detected_and_reported(check):
    report = check("/logo.svg")
    assert codes(report) == ["unsupported_format"]
    assert report.verdict == "error"
    assert report.image == {"format": "SVG", "width": 400, "height": 120}
    assert results(report) == {**ALL_OK, "image_proxy": "blocked", "desktop_client": "blocked"}


def test_expiring_signed_url(check):
    report = check("/signed/logo.png?X-Amz-Expires=3600&X-Amz-Signature=abc123")
    assert codes(report) == ["expiring_url"]
    assert "X-Amz-Expires" in report.findings[0].message
    assert report.verdict == "warning"
    assert results(report) == ALL_OK


def test_google_photos_address_is_expiring(https_image_host, image_ca_file, logo_dns):
    url = (f"https://{http_images.PHOTOS_HOST_NAME}:{https_image_host.port}"
           "/pw/AP1GczNlogo=w600-h315")
    report = check_logo(url, ca_file=image_ca_file, dns_servers=(logo_dns,), timeout=5)
    assert codes(report) == ["expiring_url"]
    assert "googleusercontent.com" in report.findings[0].message
    assert results(report) == ALL_OK


def test_cross_origin_resource_policy_is_noted(check):
    report = check("/corp/logo.png")
    assert codes(report) == ["cross_origin_resource_policy"]
    assert results(report) == {**ALL_OK, "webmail_gmail": "blocked",
                               "webmail_outlook": "blocked"}


def test_not_found_is_unreachable(check):
    report = check("/gone.png")
    assert codes(report) == ["unreachable"]
    assert "404" in report.findings[0].message
    assert set(results(report).values()) == {"blocked"}


def test_plain_http_is_insecure(image_host):
    report = check_logo(image_host.url("/logo.png"), timeout=5)
    assert codes(report) == ["insecure_http"]
    assert report.verdict == "warning"
    assert results(report) == ALL_OK


def test_https_with_an_untrusted_certificate_is_a_tls_error(https_image_host):
    report = check_logo(https_image_host.url("/logo.png"), timeout=5)
    assert codes(report) == ["tls_error"]
    assert "CA" in report.findings[0].fix
    assert set(results(report).values()) == {"error"}


def test_dns_servers_given_are_used_for_the_logo_host(https_image_host, image_ca_file,
                                                      logo_dns):
    url = f"https://{http_images.TEST_HOST_NAME}:{https_image_host.port}/logo.png"
    report = check_logo(url, ca_file=image_ca_file, dns_servers=(logo_dns,), timeout=5)
    assert report.verdict == "ok", report.to_dict()["findings"]
    assert results(report) == ALL_OK


def test_name_unknown_to_the_dns_servers_given_is_unreachable(https_image_host, logo_dns):
    url = f"https://unknown.example.test:{https_image_host.port}/logo.png"
    report = check_logo(url, dns_servers=(logo_dns,), timeout=5)
    assert codes(report) == ["unreachable"]
    assert "not found by DNS servers" in report.findings[0].message


def test_connection_refused_is_unreachable():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = check_logo(f"https://127.0.0.1:{port}/logo.png", timeout=3)
    assert codes(report) == ["unreachable"]
    assert report.verdict == "error"


def test_display_size_findings(check):
    small = check("/small.png", height=60, width=200)  # 100 x 30 shown at 200 x 60
    assert codes(small) == ["upscaled"]
    assert "200 x 60" in small.findings[0].message and "400 x 120" in small.findings[0].fix
    stretched = check("/logo.png", height=100, width=100, keep_aspect=False)
    assert codes(stretched) == ["distorted"]
    assert stretched.display.to_dict()["distortion"] == pytest.approx(0.7, abs=0.01)


def test_cancel_returns_promptly(check):
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        check("/slow/logo.png", timeout=20, cancel=token)
    assert time.monotonic() - started < 3


def test_progress_reports_each_client(check):
    seen: list[object] = []
    check("/logo.png", progress=seen.append)
    fetched = [p for p in seen if isinstance(p, dict) and p.get("client")]
    assert len(fetched) == 6 and fetched[-1]["done"] == 6


@pytest.mark.parametrize("url", ["", "ftp://example.com/logo.png", "logo.png"])
def test_bad_url_is_refused_with_the_field(url):
    with pytest.raises(LogoInputError) as problem:
        check_logo(url)
    assert problem.value.field == "logo_url"


def test_unreadable_ca_file_is_refused_with_the_field(tmp_path, https_image_host):
    with pytest.raises(LogoInputError) as problem:
        check_logo(https_image_host.url("/logo.png"), ca_file=str(tmp_path / "missing.pem"))
    assert problem.value.field == "ca_file"


# ---------------------------------------------------------------- verdict words

def test_verdict_words_say_every_reader_when_all_are_refused(check):
    report = check("/referer-strict/logo.png")
    assert report.verdict == "blocked"
    assert report.verdict_text == "Blocked for every reader (4 of 4)"
    assert report.to_dict()["readers"] == {
        "refused": ["image_proxy", "desktop_client", "webmail_gmail", "webmail_outlook"],
        "total": 4}


def test_verdict_words_count_some_readers(check):
    report = check("/referer-none/logo.png")
    assert report.verdict_text == "Blocked for some readers (2 of 4)"
    assert check("/logo.png").verdict_text == "Works for every reader (4 of 4)"


def test_a_placeholder_for_any_reader_is_an_error(check):
    report = check("/placeholder/logo.png")
    assert severities(report) == {"hotlink_placeholder": "error"}
    assert report.verdict == "blocked"  # never amber "works, with warnings"
    assert report.verdict_text == "Wrong picture for some readers (2 of 4)"
