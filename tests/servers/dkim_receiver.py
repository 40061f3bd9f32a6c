"""A receiver on paper: sign a message with dkimpy, then let authheaders (Valimail's
maintained library, the one behind many milters) verify DKIM and evaluate DMARC against
DNS records we hand it, and write the Authentication-Results a receiver would prepend.

No network: `dnsfunc` answers from the `zone` dict, the way dkimpy's own tests do.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass
class SigningKey:
    private_pem: bytes
    public_txt: bytes  # the TXT record value for <selector>._domainkey.<domain>


def make_key() -> SigningKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    public_der = key.public_key().public_bytes(serialization.Encoding.DER,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    return SigningKey(private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public_der))


@dataclass
class PaperReceiver:
    """authserv-id, the DNS it sees, and what SPF said (given, not looked up)."""

    authserv_id: str = "mx.receiver.test"
    zone: dict[str, bytes] = field(default_factory=dict)

    def dnsfunc(self, name: bytes | str, timeout: int = 5) -> bytes | str | None:
        # dkimpy asks with bytes and wants bytes; authheaders' DMARC lookup asks with str
        # and wants str: answer each in its own type.
        key = name.decode() if isinstance(name, bytes) else name
        value = self.zone.get(key.rstrip("."))
        if value is None or isinstance(name, bytes):
            return value
        return value.decode()

    def publish_key(self, selector: str, domain: str, key: SigningKey) -> None:
        self.zone[f"{selector}._domainkey.{domain}"] = key.public_txt

    def publish_dmarc(self, domain: str, record: str) -> None:
        self.zone[f"_dmarc.{domain}"] = record.encode()

    def receive(self, message: bytes, spf: str) -> bytes:
        """The message as delivered: our Received field and, below it (as Postfix and Gmail
        write them), our Authentication-Results prepended on top."""
        import authheaders

        header = authheaders.authenticate_message(
            message, self.authserv_id,
            prev=f"Authentication-Results: {self.authserv_id}; {spf}",
            spf=False, dkim=True, dmarc=True, dnsfunc=self.dnsfunc)
        received = (f"Received: from erp.sender.test (erp.sender.test [192.0.2.10]) by "
                    f"{self.authserv_id} with ESMTPS; Mon, 30 Nov 2026 08:05:00 +0000\r\n")
        return received.encode() + header.encode() + b"\r\n" + message


def signed_message(from_address: str, d: str, selector: str, key: SigningKey,
                   subject: str = "A2000ERP test e-mail") -> bytes:
    body = (f"From: Accounts <{from_address}>\r\n"
            "To: admin@receiver.test\r\n"
            f"Subject: {subject}\r\n"
            "Date: Mon, 30 Nov 2026 08:00:00 +0000\r\n"
            "Message-ID: <a2k-test-1@sender.test>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Statement of account attached.\r\n").encode()
    signature = dkim.sign(body, selector.encode(), d.encode(), key.private_pem,
                          include_headers=[b"from", b"to", b"subject", b"date",
                                           b"message-id"])
    return signature + body
