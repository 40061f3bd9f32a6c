"""Benchmark: classifying one SMTP reply, side by side with the classifier it replaced.

    python benchmarks/bench_reply_diagnosis.py [--rounds 200] [--before 7f01e19]

Both classifiers run in the same process on the same input: every reply of the real-reply
catalogue (tests/core/smtp/reply_catalogue.py), parsed once beforehand. The baseline is
core/smtp/replies.py as it was before the four-step diagnosis (git commit 5e42943, read
with `git show`), loaded as a separate module. Reported per reply: median and 99th
percentile of the time per call over all replies and rounds, and the slowest reply's
median. Target: classifying a reply stays under 0.1 ms.

`--before REV` adds the whole package as it was at git revision REV (extracted with `git
archive`, as benchmarks/reply_accuracy.py does), measured the same way in a child process
of its own (two versions of one package cannot share a process); the rows alternate
(installed, REV, installed, REV) so machine load falls on both alike.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tests  # noqa: E402, F401 - imports the INSTALLED package first, never the checkout's
from a2k_settings_gui.core.smtp import replies  # noqa: E402
from a2k_settings_gui.core.smtp.session import parse_reply  # noqa: E402
from tests.core.smtp.reply_catalogue import CATALOGUE  # noqa: E402

BASELINE_COMMIT = "5e42943"
VALUES = {"host": "mail.example.net", "sender": "sender@example.com",
          "login": "sender@example.com", "recipient": "boss@example.net"}


def load_baseline():  # noqa: ANN201 - a module object
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show",
         f"{BASELINE_COMMIT}:src/a2k_settings_gui/core/smtp/replies.py"],
        check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "replies_before_issue13.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("replies_before_issue13", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def measure(diagnose, inputs, rounds: int) -> tuple[float, float, float]:
    per_call: list[float] = []
    per_reply: dict[int, list[float]] = {}
    for _ in range(rounds):
        for index, (stage, reply) in enumerate(inputs):
            started = time.perf_counter_ns()
            diagnose(stage, reply.code, reply.enhanced, reply.text, **VALUES)
            elapsed = (time.perf_counter_ns() - started) / 1e6
            per_call.append(elapsed)
            per_reply.setdefault(index, []).append(elapsed)
    per_call.sort()
    p99 = per_call[int(len(per_call) * 0.99)]
    slowest = max(statistics.median(v) for v in per_reply.values())
    return statistics.median(per_call), p99, slowest


# Runs in a child interpreter whose sys.path starts with one extracted version of the package.
CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from a2k_settings_gui.core.smtp import replies
from a2k_settings_gui.core.smtp.session import parse_reply
rounds = int(sys.argv[2])
values = json.loads(sys.argv[3])
inputs = [(stage, parse_reply(raw.split("\r\n"))) for stage, raw in json.load(sys.stdin)]
per_call, per_reply = [], {}
for warm in (True, False):
    for _ in range(2 if warm else rounds):
        for index, (stage, reply) in enumerate(inputs):
            started = time.perf_counter_ns()
            replies.diagnose_reply(stage, reply.code, reply.enhanced, reply.text, **values)
            elapsed = (time.perf_counter_ns() - started) / 1e6
            if not warm:
                per_call.append(elapsed)
                per_reply.setdefault(index, []).append(elapsed)
per_call.sort()
print(json.dumps([statistics.median(per_call), per_call[int(len(per_call) * 0.99)],
                  max(statistics.median(v) for v in per_reply.values())]))
"""


def measure_revision(root: Path, items: list[tuple[str, str]], rounds: int):  # noqa: ANN201
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run([sys.executable, "-c", CHILD, str(root), str(rounds),
                               json.dumps(VALUES)], input=json.dumps(items),
                              capture_output=True, text=True, cwd=cwd, check=True)
    return tuple(json.loads(done.stdout))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--before", help="git revision of the whole package to add")
    args = parser.parse_args()
    if args.before:
        return compare(args.before, args.rounds)
    inputs = [({"data_command": "data"}.get(stage, stage), parse_reply(raw.split("\r\n")))
              for stage, raw, _code, _source in CATALOGUE]
    baseline = load_baseline()
    for module in (replies, baseline):  # warm up (regex caches, imports)
        measure(module.diagnose_reply, inputs, 2)
    print(f"{len(inputs)} real replies x {args.rounds} rounds, one call = one reply\n")
    print("| classifier | median ms | p99 ms | slowest reply (median) ms |")
    print("|---|---|---|---|")
    for label, module in (("this version: provider text, words over a contradicting code",
                           replies),
                          (f"baseline: rules table at {BASELINE_COMMIT}", baseline)):
        median, p99, slowest = measure(module.diagnose_reply, inputs, args.rounds)
        print(f"| {label} | {median:.4f} | {p99:.4f} | {slowest:.4f} |")
    return 0


def compare(revision: str, rounds: int) -> int:
    from benchmarks.reply_accuracy import extract

    items = [({"data_command": "data"}.get(stage, stage), raw)
             for stage, raw, _code, _source in CATALOGUE]
    inputs = [(stage, parse_reply(raw.split("\r\n"))) for stage, raw in items]
    measure(replies.diagnose_reply, inputs, 2)
    print(f"{len(inputs)} real replies x {rounds} rounds, one call = one reply\n")
    print("| classifier | median ms | p99 ms | slowest reply (median) ms |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        root = extract(revision, Path(folder))
        for _ in range(2):
            for label, numbers in (
                    ("installed package", lambda: measure(replies.diagnose_reply, inputs,
                                                          rounds)),
                    (f"package at git {revision}", lambda: measure_revision(root, items,
                                                                            rounds))):
                median, p99, slowest = numbers()
                print(f"| {label} | {median:.4f} | {p99:.4f} | {slowest:.4f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
