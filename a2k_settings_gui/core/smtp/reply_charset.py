"""How the bytes of a reply line become words.

RFC 5321 replies are ASCII, and most servers that say more send UTF-8. Two kinds of
server do not: Chinese providers (QQ Mail, NetEase 163/126) answer in GBK, e.g.
"535 Error: 请使用授权码登录" (log in with the authorization code), and older European
servers answer in Latin-1/Windows-1252 ("Empfänger unbekannt"). Decoded as UTF-8 with
replacement characters, both lose exactly the words that name the cause, so a reply is
tried as UTF-8 first, then as GB 18030 (the superset of GBK) when the result reads as
Chinese, and otherwise as Windows-1252, which gives every byte a character.
"""

from __future__ import annotations


def _is_ideograph(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def _is_chinese_text(char: str) -> bool:
    # Ideographs, CJK punctuation (。、「」) and full-width forms (：，！).
    code = ord(char)
    return _is_ideograph(char) or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _reads_as_chinese(text: str) -> bool:
    """Every non-ASCII character is Chinese text, and two ideographs stand side by side.
    Latin-1 words decoded as GB 18030 fail this: an accented letter and the ASCII letter
    after it make one ideograph at most, never two in a row, and two accented letters
    together usually land in GBK's private-use area."""
    if not all(_is_chinese_text(c) for c in text if ord(c) > 0x7F):
        return False
    return any(_is_ideograph(a) and _is_ideograph(b)
               for a, b in zip(text, text[1:], strict=False))


def decode_reply_bytes(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        chinese = raw.decode("gb18030")
    except UnicodeDecodeError:
        chinese = ""
    if chinese and _reads_as_chinese(chinese):
        return chinese
    return raw.decode("cp1252", "replace")
