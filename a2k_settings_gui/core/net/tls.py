"""The one TLS-context builder: the operating system's trust decision plus the extra CA file.

Every TLS connection (SMTP, port probes, HTTPS for logos and autoconfig) takes its context
from here, so all of them trust the same certificates. The extra CA file (the company's
TLS-inspecting proxy or internal CA) is added on top of the system store, never instead:
public hosts keep working while the company's own certificates are trusted too.

Who decides trust:
- Windows and macOS: `truststore`, which asks the operating system itself (SChannel's
  CertGetCertificateChain, Security.framework): missing intermediates are fetched, roots
  are updated on demand and the company root in the Windows store counts, which CPython's
  one-time copy of the store into OpenSSL does not do.
- Linux: OpenSSL with the system's default verify paths (SSL_CERT_FILE / SSL_CERT_DIR or
  the distribution's bundle): the very store truststore uses there, but loaded once per
  context instead of on every handshake (truststore reloads it per connection, measured
  +40 ms a handshake here; see docs/PERFORMANCE.md). `A2K_TLS_TRUSTSTORE=1` uses truststore
  on Linux too (the tests run its code path that way).

Contexts are cached per (file, modification time, mode) and, for truststore, per thread:
truststore holds a lock of its context during a handshake and the OS check, so one slow
or silent server would otherwise stall every other connection's handshake.
"""

from __future__ import annotations

import functools
import os
import ssl
import sys
import threading


class CaFileProblem(ValueError):
    """The extra CA file cannot be read or holds no certificate (the message says which)."""


# Where distributions keep the system bundle when OpenSSL's compiled-in default is empty
# (the same list truststore checks on Linux).
_CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
               "/etc/ssl/ca-bundle.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
               "/etc/ssl/cert.pem")


def uses_truststore() -> bool:
    """True when the OS verifies certificates (truststore), False for OpenSSL's store."""
    if os.environ.get("A2K_TLS_TRUSTSTORE", "") == "1":
        return True
    return sys.platform in ("win32", "darwin")


def trust_description() -> str:
    """Plain words for reports: who decides whether a certificate is trusted."""
    if uses_truststore():
        return {"win32": "the Windows certificate store", "darwin": "the macOS keychain"}.get(
            sys.platform, "the system trust store (truststore)")
    return "the system certificate store (OpenSSL)"


def tls_context(ca_file: str = "", *, check_hostname: bool = True,
                verify: bool = True) -> ssl.SSLContext:
    """A client context: the OS's trust plus `ca_file`.

    `check_hostname=False` keeps the chain check but not the name (used to learn which
    names a certificate was made out to); `verify=False` checks nothing (port probes redo
    a handshake that way to learn what a server offers after a certificate failure).
    Raises CaFileProblem (a ValueError) for an unreadable or empty CA file.
    """
    stamp = 0.0
    if ca_file:
        try:
            stamp = os.stat(ca_file).st_mtime
        except OSError as exc:
            raise CaFileProblem(f"the extra CA file {ca_file!r} cannot be read "
                                f"({exc.strerror or exc})") from None
    truststore = verify and uses_truststore()
    owner = threading.get_ident() if truststore else 0
    return _cached(ca_file, stamp, check_hostname and verify, verify, truststore, owner)


@functools.lru_cache(maxsize=64)
def _cached(ca_file: str, _stamp: float, check_hostname: bool, verify: bool,
            truststore: bool, _owner: int) -> ssl.SSLContext:
    if truststore:
        import truststore as _truststore

        context: ssl.SSLContext = _truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if verify:
            _load_system_store(context)
    if ca_file:
        _load_ca_file(context, ca_file)
    context.check_hostname = check_hostname
    if not verify:
        context.verify_mode = ssl.CERT_NONE
    return context


CA_FILE_MAX_BYTES = 1024 * 1024  # a company's CA bundle is a few KB; the system's ~250 KB


def _load_ca_file(context: ssl.SSLContext, ca_file: str) -> None:
    """PEM (one or several certificates), or one DER certificate: Windows' certificate
    export writes .cer files in either form. Read as the settings file is read (a regular
    file only, at most CA_FILE_MAX_BYTES, never blocking on a pipe), then handed to
    OpenSSL as data, so OpenSSL never opens a device or a FIFO itself."""
    from pathlib import Path

    from a2k_settings_gui.core.store.files import FileRefused, read_capped

    try:
        data = read_capped(Path(ca_file), CA_FILE_MAX_BYTES,
                           advice="give the PEM or .cer file with the company's CA "
                                  "certificate(s)")
    except FileRefused as exc:
        raise CaFileProblem(f"the extra CA file: {exc}") from None
    except OSError as exc:
        raise CaFileProblem(f"the extra CA file {ca_file!r} cannot be read "
                            f"({exc.strerror or exc})") from None
    try:
        if data[:1] == b"\x30":  # an ASN.1 SEQUENCE: a DER certificate
            context.load_verify_locations(cadata=data)
        else:
            context.load_verify_locations(cadata=data.decode("ascii", "replace"))
        return
    except (ssl.SSLError, ValueError) as exc:
        problem = exc
    raise CaFileProblem(f"the extra CA file {ca_file!r} holds no usable certificate "
                        f"(PEM or DER) ({problem})") from None


def _load_system_store(context: ssl.SSLContext) -> None:
    """OpenSSL's default paths (honouring SSL_CERT_FILE / SSL_CERT_DIR), else the
    distribution's bundle; on Windows/macOS without truststore, the stdlib's own loader."""
    if sys.platform in ("win32", "darwin"):
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)
        return
    paths = ssl.get_default_verify_paths()
    hashed = _hashed_directory(paths.capath)
    if hashed and not os.environ.get(paths.openssl_cafile_env):
        # The same certificates as the bundle, one file per CA under its subject hash:
        # OpenSSL reads only the issuer a handshake asks for, instead of parsing all ~150
        # certificates of the bundle for every new process (~20 ms). A bundle named in
        # SSL_CERT_FILE is still honoured as it is.
        context.load_verify_locations(capath=hashed)
        return
    if paths.cafile or (paths.capath and os.path.isdir(paths.capath) and os.listdir(paths.capath)):
        context.set_default_verify_paths()
        return
    for bundle in _CA_BUNDLES:
        if os.path.isfile(bundle):
            context.load_verify_locations(cafile=bundle)
            return


def _hashed_directory(capath: str | None) -> str:
    """`capath` if it holds OpenSSL's hash links ("5ad8a5d6.0"), else ""."""
    if not capath:
        return ""
    try:
        with os.scandir(capath) as entries:
            for entry in entries:
                name = entry.name
                if len(name) >= 10 and name[8] == "." and name[9:].isdigit() and all(
                        ch in "0123456789abcdef" for ch in name[:8]):
                    return capath
    except OSError:
        pass
    return ""


def clear_cache() -> None:
    """Forget built contexts (tests that change the system store between runs)."""
    _cached.cache_clear()


# ---------------------------------------------------------------- certificate errors
# What a failed certificate check means, whoever checked it: OpenSSL (Linux, and the
# stdlib everywhere), Windows' CertVerifyCertificateChainPolicy or macOS'
# SecTrustEvaluateWithError (both reached through truststore, which puts the OS's code in
# `verify_code` and its text in `verify_message`).
HOSTNAME_MISMATCH = "hostname"
EXPIRED = "expired"
UNTRUSTED = "untrusted"

# OpenSSL X509_V_ERR_* codes.
_OPENSSL_CODES = {62: HOSTNAME_MISMATCH, 64: HOSTNAME_MISMATCH,  # HOSTNAME/IP_MISMATCH
                  10: EXPIRED, 9: EXPIRED}  # CERT_HAS_EXPIRED, CERT_NOT_YET_VALID
# Windows HRESULTs (winerror.h), as truststore reports them (dwError, unsigned).
_WINDOWS_CODES = {
    0x800B010F: HOSTNAME_MISMATCH,  # CERT_E_CN_NO_MATCH
    0x800B0114: HOSTNAME_MISMATCH,  # CERT_E_INVALID_NAME
    0x800B0101: EXPIRED,            # CERT_E_EXPIRED
    0x800B0102: EXPIRED,            # CERT_E_VALIDITYPERIODNESTING
    0x800B0109: UNTRUSTED,          # CERT_E_UNTRUSTEDROOT
    0x800B010A: UNTRUSTED,          # CERT_E_CHAINING
    0x800B0112: UNTRUSTED,          # CERT_E_UNTRUSTEDCA
    0x800B010C: UNTRUSTED,          # CERT_E_REVOKED
    0x80092010: UNTRUSTED,          # CRYPT_E_REVOKED
    0x800B0110: UNTRUSTED,          # CERT_E_WRONG_USAGE
}
# macOS Security framework OSStatus codes.
_MACOS_CODES = {-67602: HOSTNAME_MISMATCH,  # errSecHostNameMismatch
                -67818: EXPIRED,            # errSecCertificateExpired
                -67843: UNTRUSTED}          # errSecNotTrusted
# Words of the three platforms' messages, for codes not listed above.
_MESSAGE_WORDS = (
    ("hostname mismatch", HOSTNAME_MISMATCH),                      # OpenSSL
    ("ip address mismatch", HOSTNAME_MISMATCH),                    # OpenSSL
    ("certificate name does not match", HOSTNAME_MISMATCH),        # macOS
    ("cn name does not match", HOSTNAME_MISMATCH),                 # Windows
    ("has expired", EXPIRED),                                      # OpenSSL
    ("certificate is expired", EXPIRED),                           # macOS
    ("not within its validity period", EXPIRED),                   # Windows
)


def certificate_problem(exc: BaseException) -> str:
    """HOSTNAME_MISMATCH, EXPIRED or UNTRUSTED for a failed certificate check."""
    code = getattr(exc, "verify_code", None)
    if isinstance(code, int):
        for table in (_OPENSSL_CODES, _MACOS_CODES):
            if code in table:
                return table[code]
        if (code & 0xFFFFFFFF) in _WINDOWS_CODES:
            return _WINDOWS_CODES[code & 0xFFFFFFFF]
    text = f"{getattr(exc, 'verify_message', '') or ''} {exc}".lower()
    for words, problem in _MESSAGE_WORDS:
        if words in text:
            return problem
    return UNTRUSTED


def certificate_message(exc: BaseException) -> str:
    """The checker's own words for a failed certificate check (one line)."""
    message = getattr(exc, "verify_message", "") or str(exc)
    return " ".join(str(message).split())


# ---------------------------------------------------------------- the extra CA file
PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"
CA_FILE_READ_LIMIT = 5_000_000  # bytes; a CA bundle is a few hundred kB at most


def ca_file_problem(path: str) -> tuple[int, str]:
    """(number of certificates, problem in plain words or "") for the extra CA file the
    admin chose: it must exist and hold PEM certificates that TLS can load. Used by the
    dialog's Network panel on a worker, before any connection needs the file."""
    if not path:
        return 0, ""
    try:
        with open(path, "rb") as handle:
            data = handle.read(CA_FILE_READ_LIMIT)
    except FileNotFoundError:
        return 0, ("The file does not exist (on this computer, or the network drive is not "
                   "connected). Choose the certificate file again with Browse….")
    except IsADirectoryError:
        return 0, "This is a folder, not a file. Choose the certificate file in it."
    except OSError as exc:
        return 0, f"The file cannot be read ({exc.strerror or 'no permission'})."
    count = data.count(PEM_CERTIFICATE)
    if not count and data[:1] == b"\x30":  # one DER certificate (.cer exported as DER)
        try:
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=data)
            return 1, ""
        except (ssl.SSLError, ValueError):
            pass
    if not count:
        return 0, ("The file holds no certificate in PEM form (text starting with "
                   "-----BEGIN CERTIFICATE-----). Export the company's CA certificate as "
                   "\"Base-64 encoded X.509 (.CER)\" and choose that file.")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_verify_locations(cadata=data.decode("ascii", "replace"))
    except (ssl.SSLError, ValueError):
        return count, ("The certificates in the file are damaged and cannot be used. Export "
                       "the company's CA certificate again and choose the new file.")
    return count, ""
