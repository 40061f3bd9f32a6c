"""Replies that are not UTF-8, from a real server on loopback, through the real `test-send`
command: the words that name the cause survive, and a password echoed inside such a
reply never reaches the output.

QQ Mail answers a login with the account password in GBK: "535 Error: 请使用授权码登录。
详情请看: http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256" (as quoted,
decoded, in github.com/pandolia/qqbot/issues/36; tests/data/replies/held_out_round5.yml).
"""

from __future__ import annotations

from tests.hostile.measure import run_measured
from tests.hostile.test_smtp_bounds import LOGIN
from tests.servers.hostile_smtp import HostileSmtpServer

QQ_WORDS = ("535 Error: 请使用授权码登录。详情请看: http://service.mail.qq.com/cgi-bin/help?"
            "subtype=1&&id=28&&no=1001256")


def login_refused_with(answer: bytes, password: str = "S3cret-Passw0rd!x"):  # noqa: ANN201
    """`test-send --json` in a fresh process against a server that answers AUTH with
    `answer`; the measured run."""
    with HostileSmtpServer("raw_auth", auth_answer=answer, auth_offer="PLAIN") as server:
        return run_measured(
            "test-send", "--json", "--server", "127.0.0.1", "--port", str(server.port),
            "--security", "none", "--allow-plaintext-auth", "--from", LOGIN,
            "--to", "boss@example.net", "--password-stdin", "--timeout", "10",
            stdin=password + "\n", timeout=60)


def test_a_gbk_reply_from_qq_mail_keeps_its_chinese_words_and_its_cause(config_path):
    run = login_refused_with(QQ_WORDS.encode("gbk"))
    assert run.returncode == 1, run.stderr
    report = run.json()
    assert report["findings"][0]["code"] == "app_password_required"
    assert "请使用授权码登录" in report["reply"]["text"]
    assert "\ufffd" not in run.stdout  # no replacement characters


def test_a_latin1_reply_keeps_its_accented_words(config_path):
    words = "535 5.7.8 Authentifizierung fehlgeschlagen: Benutzername oder Passwort ungültig"
    run = login_refused_with(words.encode("latin-1"))
    report = run.json()
    assert report["findings"][0]["code"] == "auth_failed"
    assert "ungültig" in report["reply"]["text"]


def test_a_password_echoed_inside_a_gbk_reply_is_masked_before_decoding(config_path):
    # The password goes out as UTF-8; echoed inside a GBK line, it would be decoded as GB
    # 18030 into other characters ("Wünsche" -> "W眉nsche"), which no text mask matches
    # but anyone could turn back into the password.
    password = "Kennwort-Wünsche-7"
    run = login_refused_with("535 认证失败 密码 ".encode("gbk") + b"{password} "
                             + "错误".encode("gbk"), password)
    text = run.json()["reply"]["text"]
    assert "认证失败" in text and text.count("***") == 1
    leaked = password.encode("utf-8").decode("gb18030", "replace")
    for form in (password, leaked, "Kennwort-W", "nsche-7"):
        assert form not in run.stdout and form not in run.stderr
