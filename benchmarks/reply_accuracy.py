"""How many real provider replies the diagnosis reads right (tests/core/smtp/reply_catalogue.py).

Each catalogue reply is parsed the way the SMTP session parses it and classified with
`diagnose_reply`; the finding code is compared with the code an admin needs. Run it
against any version of the package to compare, e.g. the code on main before a change:

    python benchmarks/reply_accuracy.py                 # this version and the one before
    python benchmarks/reply_accuracy.py --misses        # and list what each reads wrong

"before" is core/smtp/replies.py at git commit 5e42943 (before the four-step diagnosis), read with
`git show` and loaded beside the current one, classifying the same parsed replies.

The replay over a real SMTP server is in tests/core/smtp/test_smtp_diagnosis.py;
this script skips the network so the comparison is about the classifier alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from a2k_settings_gui.core.smtp import replies  # noqa: E402
from a2k_settings_gui.core.smtp.session import parse_reply  # noqa: E402
from tests.core.smtp.reply_catalogue import CATALOGUE, HELD_OUT  # noqa: E402


def classify(stage: str, raw: str, module=replies) -> str:  # noqa: ANN001
    reply = parse_reply(raw.split("\r\n"))
    stage = {"data_command": "data"}.get(stage, stage)
    finding = module.diagnose_reply(stage, reply.code, reply.enhanced, reply.text,
                                     host="mail.example.net", sender="sender@example.com",
                                     login="sender@example.com", recipient="boss@example.net")
    return finding.code


def main() -> int:
    from bench_reply_diagnosis import load_baseline

    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the replies read wrong")
    args = parser.parse_args()
    baseline = load_baseline()
    for set_label, replies_set in (("catalogue (the rules were written against it)",
                                    CATALOGUE),
                                   ("held-out set (not used to write the rules)", HELD_OUT)):
        print(f"{set_label}:")
        measure(replies_set, baseline, args.misses)
    return 0


def measure(replies_set, baseline, show_misses: bool) -> None:  # noqa: ANN001
    from bench_reply_diagnosis import BASELINE_COMMIT
    total = len(replies_set)
    for label, module in ((f"before (git {BASELINE_COMMIT})", baseline),
                          ("after (this version)", replies)):
        misses = []
        for stage, raw, expected, _source in replies_set:
            got = classify(stage, raw, module)
            if got != expected:
                misses.append((expected, got, raw.split("\r\n")[0][:90]))
        right = total - len(misses)
        print(f"  {label}: {right} of {total} real replies read right "
              f"({100 * right / total:.0f} %)")
        if show_misses:
            for expected, got, first in misses:
                print(f"    want {expected:24} got {got:24} {first}")


if __name__ == "__main__":
    raise SystemExit(main())
