"""Before/after of the "Hostile input II" problems: each reproduction run as an admin runs
it (the real command, a fresh process) with one or more installed builds side by side.

    python benchmarks/bench_hostile26.py --python BEFORE/bin/python --python AFTER/bin/python

Each interpreter runs `python -m a2k_settings_gui ...` from its own installed package.
A launcher process measures the command alone: wall time, peak resident memory
(getrusage RUSAGE_CHILDREN) and the exit code. To keep a shared machine safe every run is
capped: address space at --memory-cap MB (a run that needs more dies with MemoryError or
is killed: "cap") and wall time at --time-cap seconds ("killed" then). Loopback servers
come from tests/servers/ (hostile SMTP/IMAP, HTTP image host, DNS, PAC files).
Printed: one table row per problem and build; --json writes the rows too.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone
from tests.servers.hostile_imap import HostileImapServer
from tests.servers.hostile_smtp import HostileSmtpServer
from tests.servers.http_images import ImageHost, image, logo_png, redirect
from tests.servers.https_origin import https_origin
from tests.servers.smtp import Certificates

DATA = ROOT / "tests" / "data" / "received"

_LAUNCHER = r"""
import json, resource, subprocess, sys, time
report, cap_mb, cap_s, stdin_path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
argv = sys.argv[5:]
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap_mb * 2**20, cap_mb * 2**20))
stdin = open(stdin_path, "rb") if stdin_path != "-" else subprocess.DEVNULL
started = time.monotonic()
child = subprocess.Popen(argv, stdin=stdin, stdout=open(report + ".out", "wb"),
                         stderr=open(report + ".err", "wb"), preexec_fn=limit)
try:
    rc = child.wait(cap_s)
except subprocess.TimeoutExpired:
    child.kill()
    child.wait()
    rc = "killed"
elapsed = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
json.dump({"rc": rc, "elapsed": elapsed, "peak_kib": peak}, open(report, "w"))
"""


class Run:
    def __init__(self, python: str, args: list[str], *, stdin: bytes | str | None = None,
                 env: dict[str, str] | None = None, cap_mb: int, cap_s: float) -> None:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            stdin_path = "-"
            if stdin == "zero":
                stdin_path = "/dev/zero"
            elif stdin is not None:
                stdin_path = str(Path(folder) / "stdin")
                Path(stdin_path).write_bytes(stdin if isinstance(stdin, bytes)
                                             else stdin.encode())
            environment = {**os.environ, **(env or {})}
            subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), str(cap_mb),
                            str(cap_s), stdin_path, python, "-m", "a2k_settings_gui", *args],
                           env=environment, cwd=folder, timeout=cap_s + 30, check=False)
            numbers = json.loads(report.read_text())
            self.stdout = Path(str(report) + ".out").read_bytes().decode("utf-8", "replace")
            self.stderr = Path(str(report) + ".err").read_bytes().decode("utf-8", "replace")
        self.rc = numbers["rc"]
        self.elapsed = numbers["elapsed"]
        self.peak_mb = numbers["peak_kib"] / 1024
        self.capped = self.rc == "killed" or "MemoryError" in self.stderr

    def row(self, problem: str, build: str, note: str = "") -> dict[str, object]:
        return {"problem": problem, "build": build, "seconds": round(self.elapsed, 1),
                "peak_mb": round(self.peak_mb), "exit": self.rc, "note": note}


def scenarios(certs: Certificates, work: Path):  # noqa: C901 - one list of reproductions
    """(problem, label, function(python, caps) -> (Run, note)) for every reproduction."""
    config = work / "config" / "email-settings.json"

    def cfg(name: str) -> list[str]:
        path = work / name / "email-settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        return ["--config", str(path)]

    out = []

    def received(name: str, *extra: str):
        def go(python, caps):
            run = Run(python, ["check-received", str(DATA / name), *extra, *cfg("rcv")],
                      **caps)
            said = run.stdout.splitlines()[0][:60] if run.stdout else run.stderr[:60]
            return run, said
        return go

    for name in ("forged-gmail-verdict-receiver-wrote-none.eml",
                 "receiver-softfail-lower-same-id-dmarc-pass.eml",
                 "microsoft-own-softfail-lower-dmarc-pass.eml",
                 "forged-gmail-above-receiver-dmarc-fail.eml",
                 "dmarc-pass-for-other-header-from.eml"):
        out.append(("1 forged verdict", name, received(name)))
    out.append(("1 From not the sender", "from-other-sender (--from accounts@acme.test)",
                received("from-other-sender-dmarc-pass.eml", "--from", "accounts@acme.test")))

    def pac_loop(python, caps):
        pac = b"function FindProxyForURL(url, host) { while (true) {} }\n"
        with https_origin({"/p.pac": (pac, "application/x-ns-proxy-autoconfig")}) as srv, \
                ImageHost() as host:
            host.route("/logo.png", lambda request: image(logo_png()))
            run = Run(python, ["check-logo", "--json", host.url("/logo.png"), "--timeout",
                               "3", *cfg("pac")],
                      env={"A2K_PAC_URL": f"http://127.0.0.1:{srv.port}/p.pac"}, **caps)
        return run, "pac_no_answer" if "pac_no_answer" in run.stdout else ""
    out.append(("2 looping PAC", "check-logo --timeout 3", pac_loop))

    def imap(behaviour: str, at: str, wait: float, stdin: bytes | str = "app-pw\n",
             message_id: str = "<t1@acme.test>", **options):
        def go(python, caps):
            context = certs.server_context("localhost", "127.0.0.1")
            with HostileImapServer(behaviour, at=at, ssl_context=context,
                                   **options) as server:
                run = Run(python, [
                    "check-received", "--json", "--imap-host", "127.0.0.1", "--imap-port",
                    str(server.port), "--imap-user", "tester@corp.example", "--message-id",
                    message_id, "--cafile", certs.cafile, "--password-stdin", "--wait",
                    str(wait), *cfg("imap")], stdin=stdin, **caps)
                logins = list(server.logins)
            text = (run.stderr or run.stdout).strip().splitlines()
            return run, (text[-1][:70] if text else "") + (f" logins={logins}"
                                                          if logins and at == "never" else "")
        return go

    out += [
        ("3 IMAP drip greeting", "--wait 5", imap("drip", "greeting", 5)),
        ("3 IMAP drip FETCH", "--wait 5", imap("drip", "fetch", 5)),
        ("3 IMAP endless lines", "at login, --wait 20", imap("endless", "login", 20)),
        ("3 IMAP 4 GB literal", "at login", imap("literal", "login", 20, size=4 * 2**30)),
        ("3 IMAP {99999999999}", "at login", imap("literal", "login", 20, size=99999999999)),
        ("3 IMAP 300 MB FETCH", "header literal", imap("literal", "fetch", 20,
                                                      size=300 * 2**20)),
        ("4 IMAP password", "/dev/zero on stdin", imap("good", "never", 5, stdin="zero")),
        ("4 IMAP password", "\\xff on stdin", imap("good", "never", 5, stdin=b"\xff\n")),
        ("4 IMAP password", "Imäp Pw/9% (non-ASCII)", imap("good", "never", 5,
                                                            stdin="Imäp Pw/9%\n")),
        ("16 IMAP Message-ID", "asked <other@acme.test>, got <t1@…>",
         imap("good", "never", 3, message_id="<other@acme.test>")),
    ]

    def latest(kind: str):
        def go(python, caps):
            args = cfg(f"latest-{kind}")
            Path(args[1]).write_text(json.dumps({"format": "a2k-email-settings",
                                                 "version": 1, "settings": {}}))
            latest_file = Path(args[1]).with_name("latest-checks.json")
            latest_file.unlink(missing_ok=True)
            if kind == "fifo":
                os.mkfifo(latest_file)
            elif kind == "dev-zero":
                latest_file.symlink_to("/dev/zero")
            elif kind == "nested":
                latest_file.write_bytes(b'{"test_send": ' + b"[" * 100_000 + b"]" * 100_000
                                        + b"}")
            else:
                latest_file.write_text(json.dumps({"test_send": {"at": "x", "report": {
                    "findings": [1, {"code": 5}], "transcript": {"a": 1}, "server": "x"}}}))
            run = Run(python, ["report", *args], **caps)
            return run, (run.stderr.strip().splitlines() or [""])[-1][:60]
        return go

    out += [("5 latest-checks", kind, latest(kind))
            for kind in ("fifo", "dev-zero", "nested", "malformed")]

    def received_fifo(python, caps):
        fifo = work / "message.eml"
        fifo.unlink(missing_ok=True)
        os.mkfifo(fifo)
        run = Run(python, ["check-received", str(fifo)], **caps)
        return run, (run.stderr.strip().splitlines() or [""])[-1][:60]

    def big_authres(python, caps):
        message = work / "big.eml"
        value = "mx.example.net; " + "; ".join(f"x{i}=pass smtp.mailfrom=a{i}.example"
                                               for i in range(30_000))
        message.write_text(f"Authentication-Results: {value[:1_000_000]}\nReceived: from "
                           "relay.acme.example (relay.acme.example [192.0.2.7]) by "
                           "mx.example.net; Mon, 30 Nov 2026 08:25:10 +0000\n"
                           "From: a@acme.example\n\nbody\n")
        run = Run(python, ["check-received", "--json", str(message)], **caps)
        return run, f"{len(run.stdout.encode()) / 2**20:.1f} MB of JSON"

    out += [("6 check-received", "FIFO", received_fifo),
            ("6 check-received", "1 MB Authentication-Results", big_authres)]

    def proxy_leak(python, caps):
        proxy = "http://bob:s3cr/et@127.0.0.1:99999"
        args = cfg("proxy")
        with ImageHost() as host:
            host.route("/logo.png", lambda request: image(logo_png()))
            run = Run(python, ["check-logo", host.url("/logo.png"), "--timeout", "3", *args],
                      env={"HTTPS_PROXY": proxy, "HTTP_PROXY": proxy}, **caps)
        detect = Run(python, ["detect", "--json", *args],
                     env={"HTTPS_PROXY": proxy, "HTTP_PROXY": proxy}, **caps)
        latest_file = Path(args[1]).with_name("latest-checks.json")
        report = Run(python, ["report", *args], **caps)
        texts = [run.stdout, run.stderr, detect.stdout, detect.stderr, report.stdout,
                 latest_file.read_text() if latest_file.exists() else ""]
        return run, f"password shown {sum(t.count('s3cr/et') for t in texts)} times"

    out.append(("7 proxy password", "'/' in it, malformed port", proxy_leak))

    def import_big(python, caps):
        args = cfg("import")
        Path(args[1]).unlink(missing_ok=True)
        servers = [f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(70_000)]
        source = work / "import.json"
        source.write_text(json.dumps({"format": "a2k-email-settings", "version": 1,
                                      "settings": {"sender_email": "ar@acme.example.com",
                                                   "smtp_host": "smtp.acme.example.com",
                                                   "dns_servers": servers}},
                                     separators=(",", ":")))
        run = Run(python, ["import", str(source), *args], **caps)
        show = Run(python, ["show", *args], **caps)
        size = Path(args[1]).stat().st_size if Path(args[1]).exists() else 0
        state = "corrupt" if "(corrupt)" in show.stdout else "readable"
        return run, f"wrote {size / 1024:.0f} KB; then show: {state}, exit {show.rc}"

    out.append(("8 import", "70,000 DNS servers (985 KB)", import_big))

    def black_hole(timeout: int):
        def go(python, caps):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            try:
                run = Run(python, ["check-domain", "billing@good.test", "--smtp-host", SERVER,
                                   "--dns-server", f"127.0.0.1:{sock.getsockname()[1]}",
                                   "--timeout", str(timeout), *cfg("dom")], **caps)
            finally:
                sock.close()
            return run, ""
        return go

    def slow_dns(python, caps):
        with TestDnsServer(build_zone(), delay=2.5, silent=SILENT_DOMAINS) as dns:
            run = Run(python, ["check-domain", "billing@good.test", "--smtp-host", SERVER,
                               "--dns-server", dns.address, "--timeout", "3", *cfg("dom")],
                      **caps)
        return run, ""

    out += [("10 check-domain", "black-hole DNS, --timeout 3", black_hole(3)),
            ("10 check-domain", "black-hole DNS, --timeout 8", black_hole(8)),
            ("10 check-domain", "DNS answering after 2.5 s, --timeout 3", slow_dns)]

    def echo(python, caps):
        from urllib.parse import quote, quote_plus

        password = "Imäp Pw/9%+&x"
        args = cfg("echo")
        with HostileSmtpServer("echo", auth_offer="PLAIN") as server:
            run = Run(python, ["test-send", "--json", "--server", "127.0.0.1", "--port",
                               str(server.port), "--security", "none",
                               "--allow-plaintext-auth", "--from", "ar@acme.example.com",
                               "--to", "boss@example.net", "--password-stdin", "--timeout",
                               "5", *args], stdin=password + "\n", **caps)
        latest_file = Path(args[1]).with_name("latest-checks.json")
        text = run.stdout + (latest_file.read_text() if latest_file.exists() else "")
        forms = {"url": quote(password, safe=""), "quote_plus": quote_plus(password),
                 "hex": password.encode().hex()}
        shown = [name for name, form in forms.items() if form in text]
        return run, "leaked: " + (", ".join(shown) or "none")

    out.append(("12 password echoed", "URL, quote_plus, hex", echo))

    def logo_redirect(python, caps):
        with ImageHost() as host:
            host.route("/logo.png", lambda request: redirect(
                f"http://bob:s3cret@127.0.0.1:{host.port}/real.png"))
            host.route("/real.png", lambda request: image(logo_png()))
            run = Run(python, ["check-logo", "--json", host.url("/logo.png"), *cfg("redir")],
                      **caps)
            sent = sum(1 for r in host.log if r.headers.get("authorization"))
        return run, (f"Authorization sent {sent}x, s3cret shown "
                     f"{run.stdout.count('s3cret')}x, finding "
                     f"{'yes' if 'logo_url_credentials' in run.stdout else 'no'}")

    out.append(("14 logo redirect", "to bob:s3cret@…", logo_redirect))

    def logo_url_report(python, caps):
        args = cfg("logourl")
        Path(args[1]).unlink(missing_ok=True)
        Run(python, ["set", "logo_url=https://bob:s3cret@logo.example/logo.png", *args],
            **caps)
        run = Run(python, ["report", *args], **caps)
        return run, f"s3cret in report {run.stdout.count('s3cret')}x"

    out.append(("15 logo URL credentials", "support report", logo_url_report))

    def imap_port(port: str):
        def go(python, caps):
            run = Run(python, ["check-received", "--imap-host", "127.0.0.1", "--imap-port",
                               port, "--imap-user", "t@corp.example", "--message-id",
                               "<t1@acme.test>", "--password-stdin", "--wait", "2",
                               *cfg("port")], stdin="pw\n", **caps)
            return run, (run.stderr.strip().splitlines() or [""])[-1][:60]
        return go

    out += [("cosmetic --imap-port", port, imap_port(port)) for port in ("0", "70000")]
    del config
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", required=True,
                        help="an interpreter whose installed a2k_settings_gui to measure")
    parser.add_argument("--memory-cap", type=int, default=1536, metavar="MB")
    parser.add_argument("--time-cap", type=float, default=30.0, metavar="SECONDS")
    parser.add_argument("--only", default="", help="run the problems starting with this")
    parser.add_argument("--json", default="", metavar="FILE")
    args = parser.parse_args()
    caps = {"cap_mb": args.memory_cap, "cap_s": args.time_cap}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        certs = Certificates(Path(folder))
        for problem, label, go in scenarios(certs, Path(folder)):
            if args.only and not problem.startswith(args.only):
                continue
            for python in args.python:
                build = Path(python).parents[1].name
                started = time.monotonic()
                try:
                    run, note = go(python, caps)
                    row = run.row(f"{problem}: {label}", build, note)
                except Exception as exc:  # noqa: BLE001 - a broken scenario is a row too
                    row = {"problem": f"{problem}: {label}", "build": build,
                           "seconds": round(time.monotonic() - started, 1), "peak_mb": None,
                           "exit": "error", "note": f"{type(exc).__name__}: {exc}"[:80]}
                rows.append(row)
                print(f"| {row['problem']} | {row['build']} | {row['seconds']} s | "
                      f"{row['peak_mb']} MB | {row['exit']} | {row['note']} |", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
