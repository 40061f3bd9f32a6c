"""The "Status x.y.z" sentence of a reply's finding: what the enhanced code means, and,
when the words decided against it, that they did (and that the basic code's class counts
over the enhanced code's)."""

from __future__ import annotations

from a2k_settings_gui.core.smtp import enhanced_codes
from a2k_settings_gui.core.smtp.reply_rule import Diagnosis, same_cause


def status_note(parsed: enhanced_codes.EnhancedCode, code: int, chosen: Diagnosis,
                by_code: Diagnosis | None, text: str) -> str:
    """What the enhanced code means; when the words (or the provider's documented text)
    decided against it, say so, and never let its class contradict the basic code's."""
    klass = str(code)[:1]
    meaning = parsed.meaning(klass=klass if klass in ("4", "5") else parsed.klass)
    if by_code is not None and not same_cause(by_code.code, chosen.code):
        words = " ".join(text.split())
        if len(words) > 120:
            words = words[:117].rstrip() + "..."
        note = (f" The server says \"{words}\" (its code {parsed} would mean "
                f"{parsed.registered_words().lower()}); the words decide.")
    else:
        note = ""
    if parsed.klass != klass and klass in ("4", "5"):
        note += (f" The reply's basic code {code} says "
                 f"{'temporary' if klass == '4' else 'permanent'}; its enhanced code "
                 f"{parsed} says otherwise, and the basic code counts.")
    return f" Status {parsed}: {meaning}.{note}"
