# ruff: noqa: F722, F821 - D-Bus signatures ("as", "a{sv}") are the annotations dbus_fast reads
"""A desktop notification service on a private D-Bus session bus, for tests: the real
`dbus-daemon` with a small org.freedesktop.Notifications server (dbus_fast) on it, so the
health watch's notifications go through the same protocol a Linux desktop speaks.

    with NotificationService(click_after=0.2) as service:
        env DBUS_SESSION_BUS_ADDRESS=service.address
        service.shown -> [(app_name, summary, body, actions)]

`click_after` seconds after a notification arrives the server "clicks" it (the spec's
ActionInvoked with the "default" action), as a user clicking the notification body does;
None leaves it alone.
"""

# No `from __future__ import annotations`: dbus_fast reads the D-Bus signatures from the
# annotations as written ("as", "u", ...).
import asyncio
import shutil
import subprocess
import threading
from typing import Any

from dbus_fast import BusType  # noqa: F401 - dbus_fast is what desktop-notifier uses
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal

BUS_NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def available() -> bool:
    return shutil.which("dbus-daemon") is not None


class _Notifications(ServiceInterface):
    def __init__(self, owner: "NotificationService") -> None:
        super().__init__(BUS_NAME)
        self.owner = owner
        self.next_id = 0

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["a2k-test-notifications", "a2k", "1.0", "1.2"]

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", icon: "s",
               summary: "s", body: "s", actions: "as", hints: "a{sv}",
               timeout: "i") -> "u":
        self.next_id += 1
        self.owner.shown.append((app_name, summary, body, list(actions)))
        if self.owner.click_after is not None and "default" in actions:
            nid = self.next_id
            asyncio.get_running_loop().call_later(
                self.owner.click_after, lambda: self.ActionInvoked(nid, "default"))
        return self.next_id

    @method()
    def CloseNotification(self, nid: "u"):
        self.NotificationClosed(nid, 3)

    @signal()
    def ActionInvoked(self, nid: int, action: str) -> "us":
        return [nid, action]

    @signal()
    def NotificationClosed(self, nid: int, reason: int) -> "uu":
        return [nid, reason]


class NotificationService:
    def __init__(self, click_after: "float | None" = None) -> None:
        self.click_after = click_after
        self.shown: list[tuple[str, str, str, list[str]]] = []
        self.address = ""
        self._daemon: subprocess.Popen | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def __enter__(self) -> "NotificationService":
        self._daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE, text=True)
        assert self._daemon.stdout is not None
        self.address = self._daemon.stdout.readline().strip()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the test notification service did not start")
        return self

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        self._bus = await MessageBus(bus_address=self.address).connect()
        self._bus.export(PATH, _Notifications(self))
        await self._bus.request_name(BUS_NAME)

    def __exit__(self, *exc: Any) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._bus.disconnect)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        if self._daemon is not None:
            self._daemon.terminate()
            self._daemon.wait(5)
