"""Benchmark delivery proof: reading the headers of a 20 MB received message.

Run from the checkout root:  python benchmarks/bench_received.py

The message is real received headers (tests/data/received/m365-dmarc-pass-marked-spam.txt,
Microsoft 365) followed by a 20 MB base64 PDF attachment, written to a temp file. Each
number is printed beside baselines measured in the same run:
- stdlib full parse: `email.message_from_binary_file(f, policy=email.policy.default)`,
  what a script reaching for the stdlib usually writes;
- stdlib headers-only parser over the whole file: `BytesHeaderParser().parse(f)` (it
  still reads the whole file, the body kept as one string).
Peak memory of each, in a fresh subprocess (VmHWM, Linux, minus the same process right
after imports), shows what the 50 MB-attachment case costs.
"""

from __future__ import annotations

import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ROOT / "tests" / "data" / "received" / "m365-dmarc-pass-marked-spam.txt"
REPEAT = 15


def write_message(path: Path, megabytes: int) -> None:
    boundary = "a2k-bench-boundary"
    head = HEADERS.read_bytes().replace(b"Content-Type: text/plain; charset=\"utf-8\"",
                                        f"Content-Type: multipart/mixed; boundary=\"{boundary}\""
                                        .encode())
    raw = os.urandom(megabytes * 1024 * 1024 * 3 // 4)  # base64 grows it by a third
    body = base64.encodebytes(raw)
    with path.open("wb") as out:
        out.write(head + b"\n")
        out.write(f"--{boundary}\nContent-Type: text/plain\n\nStatement attached.\n".encode())
        out.write(f"--{boundary}\nContent-Type: application/pdf; name=\"statement.pdf\"\n"
                  "Content-Transfer-Encoding: base64\n\n".encode())
        out.write(body)
        out.write(f"\n--{boundary}--\n".encode())


def ours(path: str) -> object:
    from a2k_settings_gui.core.received import read_received_file

    return read_received_file(path)


def stdlib_full(path: str) -> object:
    import email
    import email.policy

    with open(path, "rb") as stream:
        message = email.message_from_binary_file(stream, policy=email.policy.default)
    return message["Authentication-Results"]


def stdlib_headers(path: str) -> object:
    import email.parser
    import email.policy

    with open(path, "rb") as stream:
        message = email.parser.BytesHeaderParser(policy=email.policy.default).parse(stream)
    return message["Authentication-Results"]


SCENARIOS = {"ours": ours, "stdlib_full": stdlib_full, "stdlib_headers": stdlib_headers}


def timed(fn, path: str, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn(path)  # warm: imports, the public suffix list, the OS file cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(path)
        times.append((time.perf_counter() - started) * 1000)
    return times


def peak_memory_kib(name: str, path: str) -> int:
    """Peak resident memory the scenario adds, in a fresh process.

    Linux: VmHWM from /proc/self/status (ru_maxrss would carry over the parent's peak
    through fork+exec, and the parent just wrote a 50 MB file).
    """
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import benchmarks.bench_received as b\n"
        "import a2k_settings_gui.core.received, email, email.parser, email.policy\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1])\n"
        "before = hwm()\n"
        f"b.SCENARIOS[{name!r}]({path!r})\n"
        "print(hwm() - before)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return int(run.stdout.split()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in (20, 50):
            path = Path(folder) / f"received-{megabytes}mb.eml"
            write_message(path, megabytes)
            size = path.stat().st_size / 1024 / 1024
            print(f"\n{size:.1f} MB message ({HEADERS.name} + base64 attachment), "
                  f"{REPEAT} runs each")
            print(f"{'reader':<48} {'median ms':>10} {'max ms':>9} {'peak MiB':>9}")
            results = {}
            for name, fn in SCENARIOS.items():
                times = timed(fn, str(path), REPEAT if name == "ours" else max(3, REPEAT // 5))
                memory = peak_memory_kib(name, str(path)) / 1024
                results[name] = statistics.median(times)
                label = {"ours": "ours: read_received_file (headers only, capped)",
                         "stdlib_full": "baseline: stdlib full parse",
                         "stdlib_headers": "baseline: stdlib BytesHeaderParser, whole file"
                         }[name]
                print(f"{label:<48} {statistics.median(times):>10.1f} {max(times):>9.1f} "
                      f"{memory:>9.1f}")
            print(f"ours vs stdlib full parse: {results['stdlib_full'] / results['ours']:.0f}x "
                  "faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
