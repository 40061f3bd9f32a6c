"""Benchmark: reading the stored password, our read path against keyring's own.

    python benchmarks/bench_keyring_read.py [--runs 21] [--account A] [--service S]
                                            [--require-direct]

Each run is a fresh process (interleaved, the order rotating each round), timed from
start to exit:
- `python -c pass`: the interpreter alone;
- our read path: core.secrets.get_password, as test-send's PendingPassword calls it. On
  Windows, when keyring would read Credential Manager first, it reads it directly
  (core/kit/credential_manager.py) without importing keyring; elsewhere it asks keyring;
- `keyring.get_password`: keyring choosing its backend and reading, as before.
Prints the medians side by side, and which way our path went (direct or keyring).

Before the timing, one more process of each read prints a SHA-256 of the password (never
the password): the benchmark exits 1 if the two reads differ, or if any timed run read
something else (its length is compared). With --require-direct it also exits 1 when our
path did not read Credential Manager directly (the Windows workflow uses it: a build that
quietly fell back to keyring would pass otherwise).

The password read is the one stored for (service, account), by default a benchmark entry
of its own; when none is stored, the benchmark stores one with keyring and deletes it at
the end. On Linux there is no Credential Manager: our path goes through keyring's
configured backend (e.g. PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring) and
the benchmark says that the direct read does not apply.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time

SERVICE = "a2k-settings-gui/benchmark"
ACCOUNT = "bench-keyring-read@example.com"
BENCH_PASSWORD = "Bench-Kennwort-Wünsche-密码-7"

# Each child writes "<length or none> <direct|keyring> <win32ctypes backend>"; with
# "digest" as a third argument, the SHA-256 of the password instead of its length.
# win32ctypes picks its cffi backend whenever cffi can be imported, and that backend
# parses C declarations with pycparser at import: tens of ms that both reads pay, so the
# backend is printed beside the times.
OURS = r"""
import sys
from a2k_settings_gui.core import secrets
p = secrets.get_password(sys.argv[1], sys.argv[2])
if p is None:
    p = "none"
elif len(sys.argv) > 3:
    import hashlib
    p = hashlib.sha256(p.encode("utf-8")).hexdigest()
else:
    p = str(len(p))
way = "keyring" if "keyring" in sys.modules else "direct"
ffi = getattr(sys.modules.get("win32ctypes.core"), "_backend", "none")
sys.stdout.write(p + " " + way + " " + ffi)
"""
KEYRING = r"""
import sys
import keyring
p = keyring.get_password(sys.argv[2], sys.argv[1])
if p is None:
    p = "none"
elif len(sys.argv) > 3:
    import hashlib
    p = hashlib.sha256(p.encode("utf-8")).hexdigest()
else:
    p = str(len(p))
ffi = getattr(sys.modules.get("win32ctypes.core"), "_backend", "none")
sys.stdout.write(p + " keyring " + ffi)
"""
BARE = "pass"


def run(script: str, account: str, service: str, *extra: str) -> tuple[float, str]:
    """One fresh process: its wall time in ms and what it wrote."""
    command = [sys.executable, "-c", script]
    if script != BARE:
        command += [account, service, *extra]
    # Outside the checkout: the installed package, never the source beside it.
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                          cwd=tempfile.gettempdir())
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        sys.exit(f"a read failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stdout.strip()


def digest_of(script: str, account: str, service: str) -> tuple[str, str, str]:
    _, out = run(script, account, service, "digest")
    value, way, ffi = out.split()
    return value, way, ffi


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--account", default=ACCOUNT)
    parser.add_argument("--service", default=SERVICE)
    parser.add_argument("--require-direct", action="store_true",
                        help="exit 1 unless our path read Credential Manager directly")
    args = parser.parse_args()

    import keyring

    from a2k_settings_gui.core.kit import credential_manager

    backend = keyring.get_keyring()
    print(f"python {sys.version.split()[0]} on {sys.platform}; keyring's backend: "
          f"{type(backend).__module__}.{type(backend).__qualname__}")
    if credential_manager.applies():
        print("direct Credential Manager read: applies (win32, no PYTHON_KEYRING_BACKEND, "
              f"no {credential_manager.keyring_config_path()})")
    else:
        print(f"direct Credential Manager read: does not apply here ({sys.platform}"
              + (", PYTHON_KEYRING_BACKEND set" if "PYTHON_KEYRING_BACKEND" in os.environ
                 else "") + "): our path asks keyring")

    stored_here = False
    if keyring.get_password(args.service, args.account) is None:
        try:
            keyring.set_password(args.service, args.account, BENCH_PASSWORD)
        except Exception as exc:  # noqa: BLE001 - any backend: say which, stop
            print(f"cannot store a benchmark password with {type(backend).__name__}: "
                  f"{type(exc).__name__}", file=sys.stderr)
            return 2
        stored_here = True
        print(f"stored a benchmark password for {args.account} @ {args.service} "
              "(deleted at the end)")
    try:
        return measure(args)
    finally:
        if stored_here:
            keyring.delete_password(args.service, args.account)


def measure(args: argparse.Namespace) -> int:
    expected = hashlib.sha256(
        (keyring_password(args) or "").encode("utf-8")).hexdigest()
    ours_digest, ours_way, ours_ffi = digest_of(OURS, args.account, args.service)
    keyring_digest, _, keyring_ffi = digest_of(KEYRING, args.account, args.service)
    same = ours_digest == keyring_digest == expected
    print(f"same password from both reads: {'yes' if same else 'NO'} (compared as SHA-256)")
    print(f"win32ctypes backend: our read path {ours_ffi}, keyring {keyring_ffi} "
          "(none: not loaded)")
    if not same:
        return 1

    scripts = {"python -c pass": BARE, "our read path": OURS, "keyring.get_password": KEYRING}
    times: dict[str, list[float]] = {label: [] for label in scripts}
    answers: dict[str, set[str]] = {label: set() for label in scripts}
    labels = list(scripts)
    for round_number in range(args.runs):
        shift = round_number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            elapsed, out = run(scripts[label], args.account, args.service)
            times[label].append(elapsed)
            answers[label].add(out)
    length = str(len(keyring_password(args) or ""))
    if answers["our read path"] != {f"{length} {ours_way} {ours_ffi}"} or \
            answers["keyring.get_password"] != {f"{length} keyring {keyring_ffi}"}:
        print(f"a timed run read something else: {answers}", file=sys.stderr)
        return 1

    median = {label: statistics.median(values) for label, values in times.items()}
    bare = median["python -c pass"]
    print(f"\nmedian wall time of {args.runs} fresh processes each (interleaved), ms:")
    for label in labels:
        extra = "" if label == "python -c pass" else f"   (+{median[label] - bare:.1f} over bare)"
        way = f"   read: {ours_way}" if label == "our read path" else ""
        print(f"  {label:<22} {median[label]:7.1f}{extra}{way}")
    print(f"ratio our read path / keyring.get_password: "
          f"{median['our read path'] / median['keyring.get_password']:.2f}")
    if args.require_direct and ours_way != "direct":
        print("--require-direct: our path asked keyring instead of reading Credential "
              "Manager directly", file=sys.stderr)
        return 1
    return 0


def keyring_password(args: argparse.Namespace) -> str | None:
    import keyring

    return keyring.get_password(args.service, args.account)


if __name__ == "__main__":
    sys.exit(main())
