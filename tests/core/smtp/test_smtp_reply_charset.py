"""A reply line's bytes as words: UTF-8, GBK (QQ Mail, NetEase) or Windows-1252."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.smtp.reply_charset import decode_reply_bytes


@pytest.mark.parametrize(("words", "encoding"), [
    ("535 Error: 请使用授权码登录。详情请看: http://service.mail.qq.com/", "gbk"),
    ("554 DT:SPM 发送的邮件内容包含了未被许可的信息", "gbk"),
    ("550 Empfänger unbekannt", "utf-8"),
    ("550 Empfänger unbekannt", "latin-1"),
    # Accented letters side by side, or one before an ASCII letter, also decode as GB
    # 18030; they must stay Western words.
    ("550 Grüße aus Köln: Mädchen, größer, ähnlich", "latin-1"),
    ("550 Boîte aux lettres pleine – réessayez", "cp1252"),
])
def test_the_words_come_back_as_the_server_wrote_them(words, encoding):
    assert decode_reply_bytes(words.encode(encoding)) == words


def test_bytes_no_code_page_knows_are_marked_not_dropped():
    assert decode_reply_bytes(b"550 bad \x81 byte") == "550 bad \ufffd byte"
