"""A PAC file's JavaScript runs in a child process with a hard deadline.

pypac evaluates PAC files with dukpy, an embedded JavaScript engine that holds Python's
GIL while it runs: a `FindProxyForURL` that loops (by mistake or on purpose) froze the
whole program, the dialog's event loop included, and no timeout could fire. So the
JavaScript runs in a child process (multiprocessing, "spawn": the same on Windows, also
in the frozen build, whose entry points call freeze_support), and the parent waits on a
pipe, which gives the GIL up. What does not answer by its deadline is killed, and the
caller goes on without a proxy (a browser goes direct when its PAC file fails too).

In the child, `dnsResolve`, `isResolvable` and their `…Ex` forms ask the DNS servers from
the settings (core.net.resolve) instead of the system's resolver, like every other name
this tool looks up.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
import weakref
from typing import Any

# A child's start and pypac/dukpy's import take 0.1-0.5 s; a sane PAC file answers in
# milliseconds.
DNS_SECONDS = 2.0


class PacNoAnswer(Exception):
    """The PAC file did not answer within its deadline (the child was stopped), or the
    child could not run; the message says which."""


class PacRefused(Exception):
    """The PAC file is not valid JavaScript with FindProxyForURL (the message says why)."""


class PacProcess:
    """One PAC file in one child process; `find` is thread-safe (one question at a time)."""

    def __init__(self, pac_text: str, dns_servers: tuple[str, ...] = ()) -> None:
        self._text, self._dns_servers = pac_text, tuple(dns_servers)
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None
        self.dead = False

    def find(self, url: str, host: str, seconds: float) -> str:
        """FindProxyForURL(url, host), or PacNoAnswer after `seconds` (the child is then
        killed and every later question fails at once), or PacRefused."""
        deadline = time.monotonic() + max(0.05, seconds)
        with self._lock:
            if self.dead:
                raise PacNoAnswer("the PAC file did not answer before")
            try:
                if self._process is None:
                    self._start()
                self._conn.send((url, host))
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._conn.poll(remaining):
                    self._kill()
                    raise PacNoAnswer(f"the PAC file did not answer within {seconds:g} s "
                                      "(FindProxyForURL may loop)")
                kind, value = self._conn.recv()
            except (OSError, EOFError) as exc:
                self._kill()
                raise PacNoAnswer(f"the PAC file could not be run ({type(exc).__name__})") \
                    from None
        if kind == "refused":
            raise PacRefused(value)
        return str(value)

    def close(self) -> None:
        with self._lock:
            self._kill()

    def _start(self) -> None:
        if getattr(sys, "frozen", False):
            # As PyInstaller's multiprocessing hook did at every start (the spec now runs
            # it in children only): spawn must not look for the frozen entry script in
            # the working folder.
            multiprocessing.process.ORIGINAL_DIR = None  # type: ignore[attr-defined]
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_child_main, args=(child, self._text,
                                                            self._dns_servers),
                                  daemon=True, name="a2k-pac")
        process.start()
        child.close()
        self._process, self._conn = process, parent
        # A router dropped without close() must not leave its child behind.
        weakref.finalize(self, _kill_quietly, process)

    def _kill(self) -> None:
        self.dead = True
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            process.kill()
            process.join(1.0)
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _kill_quietly(process: Any) -> None:
    try:
        if process.is_alive():
            process.kill()
    except (OSError, ValueError, AssertionError):
        pass


def _child_main(conn: Any, pac_text: str, dns_servers: tuple[str, ...]) -> None:
    """The child: load the PAC file once, then answer (url, host) questions until the
    parent closes the pipe."""
    try:
        pac = _load(pac_text, dns_servers)
    except Exception as exc:  # noqa: BLE001 - every refusal is told to the parent in words
        refusal = ("refused", f"{type(exc).__name__}: {str(exc)[:120]}")
    else:
        refusal = None
    while True:
        try:
            url, host = conn.recv()
        except (EOFError, OSError):
            return
        if refusal is not None:
            conn.send(refusal)
            continue
        try:
            conn.send(("ok", str(pac.find_proxy_for_url(url, host) or "DIRECT")))
        except Exception as exc:  # noqa: BLE001 - a JavaScript error means "no proxy"
            conn.send(("refused", f"{type(exc).__name__}: {str(exc)[:120]}"))


def _load(pac_text: str, dns_servers: tuple[str, ...]) -> Any:
    import pypac.parser as parser

    def resolve(host: str) -> str:
        from a2k_settings_gui.core.net.resolve import ResolveError, first_address

        try:
            return first_address(str(host), dns_servers=dns_servers, timeout=DNS_SECONDS)
        except (ResolveError, OSError, ValueError):
            return ""

    # dukpy copies the functions when a PACFile is made: replaced before that.
    parser.function_injections = {**parser.function_injections,
                                  "dnsResolve": resolve,
                                  "isResolvable": lambda host: bool(resolve(host))}
    parser.ipv6_functions = {**parser.ipv6_functions,
                             "dnsResolveEx": resolve,
                             "isResolvableEx": lambda host: bool(resolve(host))}
    return parser.PACFile(pac_text)
