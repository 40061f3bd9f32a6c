"""Bad input: not a message, a 50 MB attachment, broken encodings, a header repeated
10 000 times. Each gives a clear message (NotAMessage) or a report, never a traceback,
and reads a bounded amount however big the file is."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a2k_settings_gui.core.received import NotAMessage, read_received_bytes, read_received_file
from a2k_settings_gui.core.received.headers import MAX_HEADER_BYTES, read_header_stream


class CountingStream(io.RawIOBase):
    """A 50 MB message produced on the fly, counting what the reader pulls from it."""

    def __init__(self, head: bytes, size: int) -> None:
        self.head, self.size, self.served = head, size, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.served >= self.size:
            return b""
        n = self.size - self.served if n < 0 else min(n, self.size - self.served)
        chunk = (self.head[self.served:self.served + n] if self.served < len(self.head)
                 else b"")
        chunk += b"A" * (n - len(chunk))
        self.served += n
        return chunk


def test_a_50_mb_attachment_is_never_read(real):
    head = real("yahoo-postmark-dmarc-pass.eml").read_bytes()
    stream = CountingStream(head, 50 * 1024 * 1024)
    section = read_header_stream(stream)
    assert section.had_body
    assert stream.served < 256 * 1024  # stops at the empty line, not at 50 MB


def test_a_50_mb_file_on_disk_is_read_fast_and_judged(real, tmp_path):
    path = tmp_path / "big.eml"
    with path.open("wb") as out:
        out.write(real("m365-dmarc-pass-marked-spam.txt").read_bytes())
        out.write(b"\nContent-Type: application/pdf\n\n")
        block = b"JVBERi0xLjQK" * 4096
        for _ in range((50 * 1024 * 1024) // len(block)):
            out.write(block)
    report = read_received_file(path)
    assert report.dmarc_pass
    assert report.header_bytes < 64 * 1024


def test_text_that_is_not_a_message():
    with pytest.raises(NotAMessage, match="No e-mail headers"):
        read_received_bytes(b"Dear customer,\n\nplease find your statement attached.\n")


def test_a_picture_is_not_a_message():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10
    with pytest.raises(NotAMessage, match="binary file"):
        read_received_bytes(png)


def test_no_end_of_headers_within_the_cap():
    data = b"Received: from x by y; Mon, 1 Jan 2024 00:00:00 +0000\n" + \
        b"X-Filler: " + b"a" * (MAX_HEADER_BYTES + 10)
    with pytest.raises(NotAMessage, match="No end of the header section"):
        read_received_bytes(data)


def test_a_header_repeated_10000_times_is_refused():
    data = b"From: a@example.com\n" + b"Authentication-Results: x; spf=pass\n" * 10_000 + b"\n"
    with pytest.raises(NotAMessage, match="more than 2000 fields"):
        read_received_bytes(data)


def test_broken_encodings_are_shown_not_fatal():
    data = (b"From: =?utf-8?B?!!!broken?= <acc\xffounts@example.com>\n"
            b"Subject: =?x-unknown?Q?caf=E9?= \xe9t\xe9\n"
            b"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com;"
            b" dmarc=pass header.from=example.com\n"
            b"Received: from a.example.org by mx.example.net; not a date at all\n\n")
    report = read_received_bytes(data)
    assert report.dmarc_pass
    assert "\ufffd" in report.subject or "caf" in report.subject
    assert report.hops[0].time is None


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.eml"
    path.write_bytes(b"")
    with pytest.raises(NotAMessage):
        read_received_file(path)


def test_a_folder_and_a_missing_file(tmp_path):
    with pytest.raises(NotAMessage, match="folder"):
        read_received_file(tmp_path)
    with pytest.raises(NotAMessage, match="does not exist"):
        read_received_file(tmp_path / "nope.eml")


def test_text_copied_above_the_headers_is_skipped(real):
    """An admin who copies the whole "Show original" page gets its summary table first
    ("Message ID", "Created at:", "SPF: PASS with IP …"), then the raw message."""
    summary = ("Original Message\n\nMessage ID\t<x@mail.gmail.com>\nCreated at:\tFri, Jan 31, "
               "2020 at 7:11 PM (Delivered after 1 second)\nFrom:\tsomeone@gmail.com\n"
               "SPF:\tPASS with IP 54.240.27.116 Learn more\nDMARC:\t'FAIL' Learn more\n\n"
               "Download Original\tCopy to clipboard\n\n")
    text = summary + real("gmail-amazonses-dmarc-fail.txt").read_text("utf-8")
    from a2k_settings_gui.core.received import read_received_text

    report = read_received_text(text)
    assert report.final_receiver.name == "Gmail"
    assert report.dmarc_result == "fail"


_PIECES = st.sampled_from([
    b"Authentication-Results: ", b"mx.example; ", b"spf=pass ", b"dkim=", b"(p=REJECT",
    b"header.from=", b"smtp.mailfrom=a@b.example; ", b"compauth=fail reason=001;",
    b"Received: from x by y; ", b"Mon, 32 Foo 2024 99:99:99 +9999", b"DKIM-Signature: d=;s",
    b"From: =?utf-8?B?", b"\r\n", b"\n", b"\n ", b";", b"\"", b"(", b")", b"\xff\xfe",
    b"X-Forefront-Antispam-Report: SFV:SPM;SCL:x;", b"X-Spam-Status: Yes, score=",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_any_header_soup_gives_a_report_or_words_never_a_crash(pieces):
    data = b"".join(pieces)
    try:
        report = read_received_bytes(data)
    except NotAMessage as problem:
        assert str(problem)
        return
    assert report.to_dict()["findings"] is not None
