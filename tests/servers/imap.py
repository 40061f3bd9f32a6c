"""A real IMAP server on 127.0.0.1 for delivery-proof tests: Debian's dovecot-imapd with
a private configuration in a temp folder (implicit TLS on one port, STARTTLS on another,
a passwd-file user, Maildir with a \\Junk folder), certificates from trustme.

Messages are "delivered" by writing them into the user's Maildir, the way a local
delivery agent does; dovecot sees them at the next poll. .ci/run installs dovecot-imapd;
where it is missing (a Windows developer machine) the fixture skips with that reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme

from tests.missing_piece import skip_or_fail
from tests.servers.raw_tcp import free_port

DOVECOT = None if os.name == "nt" else (
    shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists()
                                else None))
USER = "test@example.net"
PASSWORD = "imap-Secret-123"


@dataclass
class DovecotServer:
    root: Path
    ca: trustme.CA = field(default_factory=trustme.CA)
    imaps_port: int = 0
    imap_port: int = 0
    process: subprocess.Popen | None = None

    @property
    def cafile(self) -> str:
        return str(self.root / "ca.pem")

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / USER / "Maildir"

    def start(self) -> None:
        import pwd  # POSIX only, like dovecot: a Windows run skips before reaching here

        self.imaps_port, self.imap_port = free_port(), free_port()
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        cert = self.ca.issue_cert("localhost", "127.0.0.1")
        cert.private_key_pem.write_to_path(str(self.root / "key.pem"))
        cert.cert_chain_pems[0].write_to_path(str(self.root / "cert.pem"))
        self.ca.cert_pem.write_to_path(self.cafile)
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        if os.geteuid() == 0:
            # As root dovecot drops to its own users; the mail belongs to "nobody".
            owner = pwd.getpwnam("nobody")
            uid, gid, internal, login = owner.pw_uid, owner.pw_gid, "dovecot", "dovenull"
        else:
            me = pwd.getpwuid(os.getuid())
            uid, gid, internal, login = me.pw_uid, me.pw_gid, me.pw_name, me.pw_name
        for folder in ("cur", "new", "tmp", ".Junk/cur", ".Junk/new", ".Junk/tmp"):
            (self.maildir / folder).mkdir(parents=True, exist_ok=True)
        for path in [self.root / "mail", *(self.root / "mail").rglob("*")]:
            os.chown(path, uid, gid)
        config = f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
listen = 127.0.0.1
protocols = imap
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
ssl = yes
ssl_cert = <{self.root}/cert.pem
ssl_key = <{self.root}/key.pem
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.root}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Junk {{
    special_use = \\Junk
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
        conf = self.root / "dovecot.conf"
        conf.write_text(config, encoding="utf-8")
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot stopped: {self.process.stderr.read()!r} "
                                   f"{self._log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.imaps_port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not listen within 10 s: {self._log()}")

    def _log(self) -> str:
        log = self.root / "dovecot.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def deliver(self, message: bytes, folder: str = "") -> Path:
        """Put a message into INBOX (or e.g. "Junk") as a delivery agent would."""
        base = self.maildir / (f".{folder}" if folder else "")
        name = f"{time.time():.6f}.{uuid.uuid4().hex}.localhost"
        temporary = base / "tmp" / name
        temporary.write_bytes(message)
        final = base / "new" / name
        os.replace(temporary, final)  # atomic, like a real MDA
        owner = (self.maildir / "cur").stat()
        os.chown(final, owner.st_uid, owner.st_gid)
        return final

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture
def imap_server():
    if os.name == "nt":
        # Not a missing install: dovecot has no Windows build, so no CI can provide it.
        pytest.skip("needs dovecot-imapd, which does not exist for Windows: the IMAP "
                    "delivery proof is tested on Linux (.ci/run)")
    if DOVECOT is None:
        skip_or_fail("dovecot-imapd is not installed (.ci/run installs it on Debian)")
    # Not pytest's tmp_path: its parents are private to us (0700) and dovecot's own users
    # (as root it drops to them) must reach the password file and the Maildir.
    root = Path(tempfile.mkdtemp(prefix="a2k-dovecot-"))
    root.chmod(0o755)
    server = DovecotServer(root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
