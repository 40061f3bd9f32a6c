"""Whole processes side by side with their peers, as an admin runs them, in one run.

    /work/venv/bin/python benchmarks/bench_vs_peers.py [--runs 15] [--only NAME ...]
        [--baseline-venv DIR] [--smtp 127.0.0.1:PORT --smtp-ca PEM]

`--baseline-venv DIR`: another installation (e.g. a venv with `main` installed) whose
console script runs as one more test-send row, interleaved with the others: before and
after in the same run. `--smtp` / `--smtp-ca`: test-send against a server already running
(a real Postfix with STARTTLS and SASL on loopback, the account sender@example.com with the
tests' password; docs/PERFORMANCE.md says how it was set up) instead of the aiosmtpd one.

Every command runs as its own process, the way it is typed (the installed console script
`a2k-email-settings`, never the checkout: tests/__init__ takes it off sys.path), timed by
the clock around it (wall), the children's CPU time (user + system) and /usr/bin/time
(peak memory of that process). Clients take turns run by run,
in rotating order, so a burst of load on this shared machine hits all of them alike.
Medians are printed.

- test-send: a full STARTTLS + AUTH PLAIN + one message against an aiosmtpd server on
  loopback that offers PIPELINING (Postfix-like), beside `swaks --pipeline` doing the same
  send. Round trips: our JSON `round_trips`, and for both clients the count the latency
  shows: a TCP relay delays everything the server sends by D; (time at D - time at 0) / D
  is how many times the client waited. Then both at D = 200 ms ("+200 ms per reply").
- keyring-latency (`--only keyring-latency [--delays 0,20,50]`): test-send with the
  password from the keyring, on stdin, swaks `--pipeline`, and the baseline's keyring and
  stdin rows, at each added delay on everything the server sends, all in one
  interleaved loop: what reading the keyring during the connection saves on a network.
- check-logo: a 4000 x 4000 PNG (bench_logo.big_png) from the local image host, beside a
  plain requests + Pillow script that downloads and decodes it.
- check-received: a 20 MB .eml (bench_received.write_message), beside the stdlib
  header-only parse (BytesHeaderParser over the file).

The test-send rows give the password on standard input, as swaks gets it on its command
line; one more row reads it from the keyring, as an admin's saved setup does
(keyrings.alt's file backend here, where no OS keyring runs).

Our commands run without SSL_CERT_FILE / SSL_CERT_DIR, as on an admin's PC (this sandbox
sets them to its CA bundle; with SSL_CERT_FILE the bundle is parsed on every start and
one more row shows that).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import tests  # noqa: E402, F401 - the installed package from here on, not the checkout

BIN = Path(sys.executable).parent
A2K = str(BIN / "a2k-email-settings")
TIME = "/usr/bin/time"
TRUST_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


# ------------------------------------------------------------------ measuring a process

def run_timed(command: list[str], env: dict[str, str], stdin: str = "",
              cwd: str | None = None) -> dict[str, float]:
    """Wall ms, CPU ms (user + system) and peak RSS MiB of one process."""
    marker = "A2K-BENCH-TIME"
    before = _children_cpu()
    done = subprocess.run([TIME, "-f", f"{marker} %M", *command], input=stdin,
                          capture_output=True, text=True, env=env, timeout=300, cwd=cwd)
    cpu = _children_cpu() - before  # microseconds, unlike time's %U/%S (10 ms steps)
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith(marker))
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return {"cpu": cpu * 1000, "rss": int(line.split()[1]) / 1024, "out": done.stdout}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interleaved(clients: dict[str, Callable[[], dict]], runs: int) -> dict[str, dict]:
    """Median wall/CPU/RSS per client; clients take turns, the order rotating per run."""
    names = list(clients)
    for name in names:
        clients[name]()  # warm the file cache
    samples: dict[str, list[dict]] = {name: [] for name in names}
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]
        for name in order:
            started = time.perf_counter()
            measured = clients[name]()
            measured["wall"] = (time.perf_counter() - started) * 1000
            samples[name].append(measured)
    return {name: {key: statistics.median(s[key] for s in rows)
                   for key in ("wall", "cpu", "rss")} | {"out": rows[-1].get("out", "")}
            for name, rows in samples.items()}


def table(title: str, results: dict[str, dict], base: str, runs: int) -> None:
    print(f"\n{title} (median of {runs} runs, interleaved)")
    print(f"  {'client':<44} {'wall ms':>8} {'CPU ms':>8} {'peak MiB':>9} {'wall x':>7}"
          f" {'CPU x':>6}")
    for name, row in results.items():
        print(f"  {name:<44} {row['wall']:>8.0f} {row['cpu']:>8.0f} {row['rss']:>9.0f} "
              f"{row['wall'] / results[base]['wall']:>7.2f} "
              f"{row['cpu'] / max(results[base]['cpu'], 1):>6.2f}")


# ------------------------------------------------------------------ a delaying TCP relay

class DelayRelay:
    """127.0.0.1:port -> target; everything the server sends reaches the client `delay`
    seconds later (order kept), as a network with that latency one way would."""

    def __init__(self, target_port: int, delay: float) -> None:
        self.target_port, self.delay = target_port, delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._stop = False

    def __enter__(self) -> DelayRelay:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, server, 0.0),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, self.delay),
                             daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, delay: float) -> None:
        import queue

        chunks: queue.Queue = queue.Queue()

        def writer() -> None:
            while True:
                due, data = chunks.get()
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                if data is None:
                    try:
                        sink.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                try:
                    sink.sendall(data)
                except OSError:
                    return

        threading.Thread(target=writer, daemon=True).start()
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            chunks.put((time.monotonic() + delay, data or None))
            if not data:
                return


# ------------------------------------------------------------------ test-send vs swaks

class _External:
    """A server this script did not start (e.g. Postfix on 127.0.0.1), by its port."""

    def __init__(self, port: int) -> None:
        self.port = port


def test_send_section(runs: int, baseline: str = "", external: str = "",
                      external_ca: str = "") -> None:
    from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, Certificates, SmtpTestServer

    if not shutil.which("swaks"):
        print("\ntest-send: swaks is not installed (apt-get install swaks); skipped")
        return
    folder = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    certs = Certificates(folder)
    cafile = external_ca or certs.cafile
    env = {k: v for k, v in os.environ.items() if k not in TRUST_VARIABLES}
    env.update(A2K_EMAIL_SETTINGS_CONFIG=str(folder / "settings.json"),
               XDG_STATE_HOME=str(folder), XDG_DATA_HOME=str(folder))
    env_bundle = dict(env, SSL_CERT_FILE=os.environ.get(
        "SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))

    def ours(port: int, environment: dict[str, str] = env,
             program: str = A2K) -> Callable[[], dict]:
        command = [program, "test-send", "--json", "--server", "localhost", "--port", str(port),
                   "--security", "starttls", "--from", DEFAULT_USER, "--to", DEFAULT_USER,
                   "--cafile", cafile, "--password-stdin"]
        return lambda: run_timed(command, environment, DEFAULT_PASSWORD + "\n")

    def swaks(port: int) -> Callable[[], dict]:
        command = ["swaks", "--server", "localhost", "--port", str(port), "--tls",
                   "--tls-verify", "--tls-ca-path", cafile, "--auth", "PLAIN",
                   "--auth-user", DEFAULT_USER, "--auth-password", DEFAULT_PASSWORD,
                   "--from", DEFAULT_USER, "--to", DEFAULT_USER, "--helo", "bench.local",
                   "--pipeline", "--silent", "2"]
        return lambda: run_timed(command, env)

    python_floor = [sys.executable, "-c", "pass"]
    # This sandbox's site-packages holds a .pth file that imports certifi (and pathlib,
    # importlib.resources...) at every interpreter start, ~20 ms an admin's PC does not
    # pay. `python -S` skips .pth files; the same packages are found through PYTHONPATH
    # (this interpreter's sys.path, the checkout left out), so this row is the command as
    # it runs on a machine without that file.
    env_no_pth = dict(env, PYTHONPATH=os.pathsep.join(
        p for p in sys.path
        if p and Path(p).resolve() not in (ROOT, Path(__file__).resolve().parent)))

    def ours_no_pth(port: int) -> Callable[[], dict]:
        command = [sys.executable, "-S", "-m", "a2k_settings_gui", "test-send", "--json",
                   "--server", "localhost", "--port", str(port), "--security", "starttls",
                   "--from", DEFAULT_USER, "--to", DEFAULT_USER, "--cafile", cafile,
                   "--password-stdin"]
        # Not from the checkout: `-m` puts the working folder first on sys.path.
        return lambda: run_timed(command, env_no_pth, DEFAULT_PASSWORD + "\n",
                                 cwd=tempfile.gettempdir())

    # The admin's own path: no --password-stdin, the password from the keyring. Here the
    # keyring is keyrings.alt's file backend (the test extra; no OS keyring in this
    # sandbox), chosen as the tests choose it, in this run's own data folder.
    env_keyring = dict(env, PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
    stored = subprocess.run(
        [sys.executable, "-c", "import sys, keyring; keyring.set_password(*sys.argv[1:])",
         "a2k-settings-gui/smtp", DEFAULT_USER, DEFAULT_PASSWORD],
        env=env_keyring, capture_output=True, text=True).returncode == 0

    def ours_keyring(port: int) -> Callable[[], dict]:
        command = [A2K, "test-send", "--json", "--server", "localhost", "--port", str(port),
                   "--security", "starttls", "--from", DEFAULT_USER, "--to", DEFAULT_USER,
                   "--cafile", cafile]
        return lambda: run_timed(command, env_keyring)

    if external:
        server: Any = contextlib.nullcontext(_External(int(external.rpartition(":")[2])))
        where = f"the server on {external}"
    else:
        server = SmtpTestServer(certs, tls="starttls", pipelining=True)
        where = "aiosmtpd with PIPELINING on loopback"
    with server as server:
        clients = {
            "a2k-email-settings test-send": ours(server.port),
            "swaks --pipeline": swaks(server.port),
            "a2k test-send, SSL_CERT_FILE=bundle set": ours(server.port, env_bundle),
            "a2k test-send, no site .pth (python -S)": ours_no_pth(server.port),
            "(floor: python -c pass, this machine)": lambda: run_timed(python_floor, env),
            "(floor: python -S -c pass)": lambda: run_timed(
                [sys.executable, "-S", "-c", "pass"], env_no_pth),
        }
        if stored:
            clients["a2k test-send, password from the keyring"] = ours_keyring(server.port)
        if baseline:
            clients["baseline: " + baseline] = ours(server.port, program=str(
                Path(baseline) / ("Scripts" if os.name == "nt" else "bin")
                / Path(A2K).name))
        results = interleaved(clients, runs)
        import json

        report = json.loads(results["a2k-email-settings test-send"]["out"])
        assert report["ok"], report["findings"]
        table(f"test-send, whole process: STARTTLS + AUTH PLAIN + one message, {where}",
              results, "swaks --pipeline", runs)
        print(f"  our JSON round_trips: {report['round_trips']}")

        # Round trips as the latency shows them, and the +200 ms per reply row.
        rows: dict[str, dict[float, float]] = {"ours": {}, "swaks --pipeline": {}}
        for delay in (0.0, 0.1, 0.2):
            with DelayRelay(server.port, delay) as relay:
                timed = interleaved({"ours": ours(relay.port),
                                     "swaks --pipeline": swaks(relay.port)},
                                    max(3, runs // 3))
            for name in rows:
                rows[name][delay] = timed[name]["wall"]
    print("\nLatency: everything the server sends arrives D later (TCP relay), median ms")
    print(f"  {'client':<20} {'D=0':>8} {'D=100ms':>8} {'D=200ms':>8} "
          f"{'waits (from D=200)':>19}")
    for name, by_delay in rows.items():
        waits = (by_delay[0.2] - by_delay[0.0]) / 200
        print(f"  {name:<20} {by_delay[0.0]:>8.0f} {by_delay[0.1]:>8.0f} "
              f"{by_delay[0.2]:>8.0f} {waits:>19.1f}")
    print(f"  ratio ours / swaks at D=200 ms: "
          f"{rows['ours'][0.2] / rows['swaks --pipeline'][0.2]:.2f}")


# ------------------------------------------------------------------ the keyring path, with latency

READ_FIRST = ("import a2k_settings_gui.cli.common as common; "
              "common.password_while_connecting = common.read_password; "
              "from a2k_settings_gui.cli import main; main()")


def keyring_latency_section(runs: int, baseline: str = "", delays_ms: tuple[int, ...] = (
        0, 20, 50)) -> None:
    """test-send as an admin's saved setup runs it (the password from the keyring, read on
    a thread while the connection is made), the same code with the keyring read before
    connecting (READ_FIRST, `python -c`), our stdin row and swaks `--pipeline`, and the
    baseline's keyring and stdin rows, each with
    0 ms and with `delays_ms` added to everything the server sends (a DelayRelay per
    delay; 0 ms talks to the server directly): all of them in ONE interleaved loop, so
    every row shares the machine's load. The keyring is keyrings.alt's file backend in
    this run's own data folder (the test extra; no OS keyring runs here), for both venvs."""
    from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, Certificates, SmtpTestServer

    if not shutil.which("swaks"):
        print("\nkeyring-latency: swaks is not installed (apt-get install swaks); skipped")
        return
    folder = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    certs = Certificates(folder)
    env = {k: v for k, v in os.environ.items() if k not in TRUST_VARIABLES}
    env.update(A2K_EMAIL_SETTINGS_CONFIG=str(folder / "settings.json"),
               XDG_STATE_HOME=str(folder), XDG_DATA_HOME=str(folder),
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
    subprocess.run(
        [sys.executable, "-c", "import sys, keyring; keyring.set_password(*sys.argv[1:])",
         "a2k-settings-gui/smtp", DEFAULT_USER, DEFAULT_PASSWORD], env=env, check=True)
    programs = {"ours": A2K}
    if baseline:
        programs["baseline"] = str(Path(baseline) / ("Scripts" if os.name == "nt" else "bin")
                                   / Path(A2K).name)

    def a2k(program: str, port: int, keyring: bool) -> Callable[[], dict]:
        command = [program, "test-send", "--json", "--server", "localhost", "--port", str(port),
                   "--security", "starttls", "--from", DEFAULT_USER, "--to", DEFAULT_USER,
                   "--cafile", certs.cafile]
        if keyring:
            return lambda: run_timed(command, env)
        return lambda: run_timed(command + ["--password-stdin"], env, DEFAULT_PASSWORD + "\n")

    def swaks(port: int) -> Callable[[], dict]:
        command = ["swaks", "--server", "localhost", "--port", str(port), "--tls",
                   "--tls-verify", "--tls-ca-path", certs.cafile, "--auth", "PLAIN",
                   "--auth-user", DEFAULT_USER, "--auth-password", DEFAULT_PASSWORD,
                   "--from", DEFAULT_USER, "--to", DEFAULT_USER, "--helo", "bench.local",
                   "--pipeline", "--silent", "2"]
        return lambda: run_timed(command, env)

    def read_first(port: int) -> Callable[[], dict]:
        # The same installed code with the keyring read before connecting, as it was
        # (cli.common.read_password, which `health` still uses): what the thread changes.
        command = [str(BIN / "python"), "-c", READ_FIRST, "test-send", "--json", "--server",
                   "localhost", "--port", str(port), "--security", "starttls", "--from",
                   DEFAULT_USER, "--to", DEFAULT_USER, "--cafile", certs.cafile]
        return lambda: run_timed(command, env, cwd=tempfile.gettempdir())

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(SmtpTestServer(certs, tls="starttls", pipelining=True))
        clients: dict[str, Callable[[], dict]] = {}
        for delay in delays_ms:
            port = server.port if delay == 0 else stack.enter_context(
                DelayRelay(server.port, delay / 1000)).port
            for who, program in programs.items():
                clients[f"{who}, keyring, +{delay} ms"] = a2k(program, port, keyring=True)
                clients[f"{who}, stdin, +{delay} ms"] = a2k(program, port, keyring=False)
                if who == "ours":
                    clients[f"ours, keyring read first, +{delay} ms"] = read_first(port)
            clients[f"swaks --pipeline, +{delay} ms"] = swaks(port)
        results = interleaved(clients, runs)
    import json

    for name, row in results.items():
        if not name.startswith("swaks"):
            report = json.loads(row["out"])
            assert report["ok"], (name, report["findings"])
    print(f"\ntest-send, the password from the keyring vs on stdin vs swaks, with "
          f"{', '.join(f'+{d} ms' for d in delays_ms)} on everything the server sends "
          f"(median of {runs} runs, all rows in one interleaved loop)")
    print(f"  {'client':<40} {'wall ms':>8} {'CPU ms':>8} {'wall x swaks':>13} "
          f"{'CPU x swaks':>12}")
    for delay in delays_ms:
        base = results[f"swaks --pipeline, +{delay} ms"]
        for name, row in results.items():
            if name.endswith(f", +{delay} ms"):
                print(f"  {name:<40} {row['wall']:>8.0f} {row['cpu']:>8.0f} "
                      f"{row['wall'] / base['wall']:>13.2f} "
                      f"{row['cpu'] / max(base['cpu'], 1):>12.2f}")
        for who in programs:
            cost = (results[f"{who}, keyring, +{delay} ms"]["wall"]
                    - results[f"{who}, stdin, +{delay} ms"]["wall"])
            print(f"  {'':<4} {who}: the keyring adds {cost:.0f} ms of wall time")
        first = results[f"ours, keyring read first, +{delay} ms"]["wall"]
        print(f"  {'':<4} ours: reading it on a thread saves "
              f"{first - results[f'ours, keyring, +{delay} ms']['wall']:.0f} ms against "
              "reading it first")


# ------------------------------------------------------------------ check-logo

PLAIN_LOGO_SCRIPT = """
import io, sys
import requests
from PIL import Image
body = requests.get(sys.argv[1], timeout=30).content
image = Image.open(io.BytesIO(body))
image.load()
print(image.format, image.size)
"""


def check_logo_section(runs: int) -> None:
    from bench_logo import big_png

    from tests.servers.http_images import ImageHost, image

    folder = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in TRUST_VARIABLES}
    env.update(A2K_EMAIL_SETTINGS_CONFIG=str(folder / "settings.json"),
               XDG_STATE_HOME=str(folder), XDG_DATA_HOME=str(folder))
    body = big_png()
    with ImageHost(extra_routes={"/big.png": lambda req: image(body)}) as host:
        url = host.url("/big.png")
        results = interleaved({
            "a2k-email-settings check-logo": lambda: run_timed(
                [A2K, "check-logo", url, "--json"], env),
            "requests + Pillow script (decodes)": lambda: run_timed(
                [sys.executable, "-c", PLAIN_LOGO_SCRIPT, url], env),
        }, runs)
    table(f"check-logo /big.png, whole process ({len(body) / 1e6:.1f} MB 4000 x 4000 PNG, "
          "6 reader kinds vs one download)", results, "requests + Pillow script (decodes)",
          runs)


# ------------------------------------------------------------------ check-received

HEADER_ONLY_SCRIPT = """
import sys
from email.parser import BytesHeaderParser
with open(sys.argv[1], "rb") as handle:
    message = BytesHeaderParser().parse(handle)
print(len(message.get_all("Authentication-Results") or []))
"""


def check_received_section(runs: int) -> None:
    from bench_received import write_message

    folder = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    path = folder / "big.eml"
    write_message(path, 20)
    env = dict(os.environ, A2K_EMAIL_SETTINGS_CONFIG=str(folder / "settings.json"),
               XDG_STATE_HOME=str(folder), XDG_DATA_HOME=str(folder))
    results = interleaved({
        "a2k-email-settings check-received": lambda: run_timed(
            [A2K, "check-received", str(path), "--json"], env),
        "stdlib header-only script (floor)": lambda: run_timed(
            [sys.executable, "-c", HEADER_ONLY_SCRIPT, str(path)], env),
    }, runs)
    table("check-received, 20 MB .eml, whole process", results,
          "stdlib header-only script (floor)", runs)


SECTIONS = {"test-send": test_send_section, "keyring-latency": keyring_latency_section,
            "check-logo": check_logo_section, "check-received": check_received_section}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", nargs="*", choices=sorted(SECTIONS))
    parser.add_argument("--baseline-venv", default="", metavar="DIR",
                        help="another installation's venv: its test-send as one more row")
    parser.add_argument("--smtp", default="", metavar="127.0.0.1:PORT",
                        help="test-send against this STARTTLS server (e.g. a local Postfix "
                             "with the account sender@example.com / the tests' password) "
                             "instead of the aiosmtpd one")
    parser.add_argument("--smtp-ca", default="", metavar="PEM",
                        help="with --smtp: the CA file its certificate verifies with")
    parser.add_argument("--delays", default="0,20,50", metavar="MS,MS,...",
                        help="keyring-latency: milliseconds added to everything the server "
                             "sends, one set of rows each (0: no relay)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    import logging

    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's deprecation notes
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    for name in args.only or SECTIONS:
        if name == "test-send":
            test_send_section(args.runs, args.baseline_venv, args.smtp, args.smtp_ca)
        elif name == "keyring-latency":
            keyring_latency_section(args.runs, args.baseline_venv,
                                    tuple(int(d) for d in args.delays.split(",")))
        else:
            SECTIONS[name](args.runs)
    if hasattr(os, "getloadavg"):
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
