"""Benchmark: a full test-send, side by side with swaks and a plain smtplib script.

    /work/venv/bin/python benchmarks/bench_test_send.py [--runs 15] [--no-gui]

Against a real aiosmtpd STARTTLS server on loopback (trustme certificate, AUTH PLAIN),
without and with a 50 ms delay before every server reply, each client does the same
conversation: greeting, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA, message, QUIT.
Reported: median wall time per run, round trips (server replies per session, counted by
the server), and the ratio ours / smtplib. Then the longest gap between 10 ms QTimer ticks
on the GUI thread while the Send Test Email worker talks to the slow server, next to the
same measurement with the GUI idle.
Targets: no extra round trips, ratio <= 1.1, longest GUI gap <= 50 ms.
"""

from __future__ import annotations

import argparse
import shutil
import smtplib
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import timed_test_send

from a2k_settings_gui.core.smtp.check import TestMode
from a2k_settings_gui.core.smtp.message import build_test_message
from tests.servers.smtp import (
    DEFAULT_PASSWORD,
    DEFAULT_USER,
    Certificates,
    SmtpTestServer,
    settings_for,
)


def ours(server: SmtpTestServer, cafile: str) -> None:
    _elapsed, result = timed_test_send(settings_for(server, "starttls"), cafile, TestMode.SEND)
    assert result.ok, result.findings


_CONTEXTS: dict[str, ssl.SSLContext] = {}


def plain_smtplib(server: SmtpTestServer, cafile: str) -> None:
    """What a careful script does: verified STARTTLS, login, the same message, QUIT.

    It builds the same test message each run and reuses its TLS context, like ours.
    """
    context = _CONTEXTS.get(cafile) or _CONTEXTS.setdefault(
        cafile, ssl.create_default_context(cafile=cafile))
    settings = settings_for(server, "starttls")
    message = build_test_message(settings, DEFAULT_USER, security_label="STARTTLS",
                                 server_label=f"localhost:{server.port}")
    with smtplib.SMTP("localhost", server.port, local_hostname="bench.local",
                      timeout=10) as client:
        client.starttls(context=context)
        client.login(DEFAULT_USER, DEFAULT_PASSWORD)
        client.sendmail(DEFAULT_USER, [DEFAULT_USER], dot_free_bytes(message))


def dot_free_bytes(message) -> bytes:
    # smtplib does its own dot-stuffing and end marker; give it the plain CRLF message.
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def swaks(server: SmtpTestServer, cafile: str) -> None:
    completed = subprocess.run(
        ["swaks", "--server", "localhost", "--port", str(server.port), "--tls",
         "--tls-verify", "--tls-ca-path", cafile, "--auth", "PLAIN",
         "--auth-user", DEFAULT_USER, "--auth-password", DEFAULT_PASSWORD,
         "--from", DEFAULT_USER, "--to", DEFAULT_USER, "--helo", "bench.local",
         "--silent", "2"],
        capture_output=True, text=True, timeout=30, check=False)
    assert completed.returncode == 0, completed.stderr


def protocol_table(certs: Certificates, runs: int) -> list[str]:
    """Median wall time and round trips per client. The clients take turns run by run
    (interleaved, rotating order), so a burst of load on this shared machine hits all of
    them alike."""
    clients = [("a2k test-send", ours), ("smtplib script", plain_smtplib)]
    if shutil.which("swaks"):
        clients.append(("swaks", swaks))
    lines = [f"{'delay/reply':>11} | {'client':<15} | {'median ms':>9} | {'round trips':>11} | "
             f"{'ratio vs smtplib':>16}"]
    for delay in (0.0, 0.05):
        times: dict[str, list[float]] = {name: [] for name, _ in clients}
        trips: dict[str, int] = dict.fromkeys(times, 0)
        with SmtpTestServer(certs, tls="starttls", delay=delay) as server:
            for _, client in clients:
                client(server, certs.cafile)  # warm-up (TLS context cache, imports)
            for run in range(runs):
                # Rotate who goes first, so no client always follows swaks' process exit.
                order = clients[run % len(clients):] + clients[:run % len(clients)]
                for name, client in order:
                    server.replies_sent = 0
                    started = time.perf_counter()
                    client(server, certs.cafile)
                    times[name].append(time.perf_counter() - started)
                    trips[name] += server.replies_sent
        base = statistics.median(times["smtplib script"])
        for name, _ in clients:
            median = statistics.median(times[name])
            lines.append(f"{delay * 1000:>9.0f}ms | {name:<15} | {median * 1000:>9.1f} | "
                         f"{trips[name] / runs:>11.1f} | {median / base:>16.2f}")
    return lines


def gui_gaps(certs: Certificates) -> list[str]:
    """Longest gap between 10 ms timer ticks on the GUI thread, idle vs during a test-send."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    clock = QElapsedTimer()

    def longest_gap(start_work, seconds_cap: float = 30.0) -> tuple[float, float]:
        ticks: list[int] = []
        done = {"flag": False}
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
        clock.start()
        timer.start()
        start_work(lambda: done.__setitem__("flag", True))
        deadline = time.monotonic() + seconds_cap
        while not done["flag"] and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
        return (max(gaps) if gaps else float("nan")), clock.elapsed()

    def idle(finish) -> None:
        QTimer.singleShot(1000, finish)

    with SmtpTestServer(certs, tls="starttls", delay=0.05) as server:
        window = _open_window(server, certs.cafile)

        def test_send(finish) -> None:
            window.finished_callback = finish
            window.start_test()

        idle_gap, idle_ms = longest_gap(idle)
        # Five runs; the worst gap counts.
        busy = [longest_gap(test_send) for _ in range(5)]
        busy_gap, busy_ms = max(gap for gap, _ in busy), statistics.median(ms for _, ms in busy)
        window.close()
    return [
        f"{'GUI thread':<36} | {'longest gap ms':>14} | {'duration ms':>11}",
        f"{'idle (timer alone)':<36} | {idle_gap:>14.0f} | {idle_ms:>11.0f}",
        f"{'Send Test Email, 50 ms/reply (5 runs)':<36} | {busy_gap:>14.0f} | {busy_ms:>11.0f}",
    ]


def _open_window(server: SmtpTestServer, cafile: str):
    """The real Send Test Email window on its real worker."""
    from a2k_settings_gui.ui.smtp.window import TestSendWindow

    settings = settings_for(server, "starttls", ca_file=cafile)
    window = TestSendWindow(lambda: settings, lambda: DEFAULT_PASSWORD)
    window.mode_combo.setCurrentIndex(1)  # send a real message
    window.show()
    return window


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args()
    certs = Certificates(Path(tempfile.mkdtemp()))
    print(f"Python {sys.version.split()[0]}, {args.runs} runs per client, STARTTLS + AUTH "
          "PLAIN + one message, loopback")
    print("\n".join(protocol_table(certs, args.runs)))
    if not args.no_gui:
        print()
        print("\n".join(gui_gaps(certs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
