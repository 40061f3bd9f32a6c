"""A loopback SMTP server (STARTTLS, AUTH) for a CI job to test an installed program
against: `python -m tests.servers.serve_smtp --folder DIR --seconds 900`.

Writes DIR/smtp-test-ca.pem (the CA to trust: --cafile) and, once listening,
DIR/smtp.json {"port", "user", "cafile"} (the password is DEFAULT_PASSWORD of
tests/servers/smtp.py, a test-only value); each message received is appended to
DIR/messages.txt as its envelope. Stops after --seconds (bounded: a forgotten server
cannot outlive the job) or when DIR/stop exists.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from tests.servers.smtp import DEFAULT_USER, Certificates, SmtpTestServer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True, type=Path)
    parser.add_argument("--seconds", type=float, default=900.0)
    args = parser.parse_args()
    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    server = SmtpTestServer(Certificates(folder), tls="starttls").start()
    try:
        info = {"port": server.port, "user": DEFAULT_USER, "cafile": server.cafile}
        # Written whole, then renamed: whoever waits for the file never reads half of it.
        (folder / "smtp.json.tmp").write_text(json.dumps(info), encoding="utf-8")
        os.replace(folder / "smtp.json.tmp", folder / "smtp.json")
        print(f"listening on 127.0.0.1:{server.port}", flush=True)
        deadline = time.monotonic() + args.seconds
        seen = 0
        while time.monotonic() < deadline and not (folder / "stop").exists():
            for message in server.messages[seen:]:
                with open(folder / "messages.txt", "a", encoding="utf-8") as out:
                    out.write(f"from {message.mail_from} to {','.join(message.rcpt_tos)}\n")
            seen = len(server.messages)
            time.sleep(0.2)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
