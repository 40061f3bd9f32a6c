"""Secrets masked in every encoding a server or library may echo, in every output: the
JSON, the readable report, latest-checks.json and the support report. Proxy passwords
whatever characters they hold, and credentials in a logo URL or its redirect."""

from __future__ import annotations

import base64
import re
from urllib.parse import quote, quote_plus

import pytest

from a2k_settings_gui.core.log_secrets import forms_of
from tests.hostile.measure import run_measured
from tests.servers.hostile_smtp import HostileSmtpServer
from tests.servers.http_images import ImageHost, image, logo_png, redirect

LOGIN = "ar@acme.example.com"
# Space, '/', '%', '+', '&' and a non-ASCII letter: each encoding writes it differently.
PASSWORD = "Imäp Pw/9%+&x"


def _encodings(secret: str) -> list[str]:
    raw = secret.encode()
    return [quote(secret, safe=""), _lower_escapes(quote(secret)), quote_plus(secret), raw.hex(),
            raw.hex().upper(), base64.b64encode(raw).decode(),
            base64.b64encode(raw).decode().rstrip("="),
            base64.urlsafe_b64encode(raw).decode().rstrip("=")]


def _everything(config_path, run) -> str:
    texts = [run.stdout, run.stderr]
    latest = config_path.with_name("latest-checks.json")
    if latest.exists():
        texts.append(latest.read_text("utf-8"))
    for extra in ([], ["--format", "html"]):
        texts.append(run_measured("report", "--config", str(config_path), *extra).stdout)
    return "\n".join(texts)


def test_the_forms_cover_every_encoding():
    assert set(_encodings(PASSWORD)) <= forms_of(PASSWORD, LOGIN)


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_server_echoing_the_password_in_web_encodings_is_masked(config_path, mechanism):
    with HostileSmtpServer("echo", auth_offer=mechanism) as server:
        run = run_measured(
            "test-send", "--json", "--server", "127.0.0.1", "--port", str(server.port),
            "--security", "none", "--allow-plaintext-auth", "--from", LOGIN,
            "--to", "boss@example.net", "--password-stdin", "--timeout", "5",
            "--config", str(config_path), stdin=PASSWORD + "\n", timeout=40)
    assert run.returncode == 1, run.stderr
    assert "we saw" in run.stdout  # the echo arrived
    everything = _everything(config_path, run)
    for form in [PASSWORD, *_encodings(PASSWORD)]:
        assert form not in everything, form


@pytest.mark.parametrize("proxy", [
    "http://bob:s3cr/et@127.0.0.1:99999",  # malformed port: the library quotes it
    "http://bob:s3cr/et@127.0.0.1:9",
    "http://bob:s3cret@127.0.0.1:x9",
])
def test_proxy_passwords_never_printed_nor_recorded(config_path, proxy):
    password = proxy.split(":")[2].rsplit("@", 1)[0]
    env = {"HTTPS_PROXY": proxy, "HTTP_PROXY": proxy}
    with ImageHost() as host:
        host.route("/logo.png", lambda request: image(logo_png()))
        run = run_measured("check-logo", host.url("/logo.png"), "--timeout", "3",
                           "--config", str(config_path), env=env, timeout=60)
    detect = run_measured("detect", "--json", "--config", str(config_path), env=env,
                          timeout=60)
    everything = _everything(config_path, run) + detect.stdout + detect.stderr
    assert "Traceback" not in everything
    for form in [password, *_encodings(password)]:
        assert form not in everything, form


def test_credentials_in_a_logo_redirect_are_never_sent_nor_shown(config_path):
    with ImageHost() as host:
        host.route("/logo.png", lambda request: redirect(
            f"http://bob:s3cret@127.0.0.1:{host.port}/real.png"))
        host.route("/real.png", lambda request: image(logo_png()))
        run = run_measured("check-logo", "--json", host.url("/logo.png"),
                           "--config", str(config_path), timeout=60)
        sent = [r.headers.get("authorization", "") for r in host.log]
    assert not any(sent), sent
    report = run.json()
    assert "logo_url_credentials" in {f["code"] for f in report["findings"]}
    everything = _everything(config_path, run)
    assert "s3cret" not in everything and "bob:" not in everything


def test_a_logo_urls_user_and_password_stay_out_of_the_support_report(config_path):
    set_run = run_measured("set", "logo_url=https://bob:s3cret@logo.example/logo.png",
                           "--config", str(config_path))
    assert set_run.returncode == 0, set_run.stderr
    for extra in ([], ["--format", "html"]):
        report = run_measured("report", "--config", str(config_path), *extra)
        assert report.returncode == 0, report.stderr
        assert "s3cret" not in report.stdout and "bob:" not in report.stdout
        assert "logo.example/logo.png" in report.stdout


def _lower_escapes(text: str) -> str:
    """Percent escapes in lower case (%2f), as some servers and libraries write them."""
    return re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)
