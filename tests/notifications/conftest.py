"""Fixtures of the notification tests: the job queue in immediate mode (a task runs where
it is enqueued), a real SMTP sink (aiosmtpd) on a free local port, and a queue that only
stores what is enqueued, for the tests that a request never waits on SMTP."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from huey import Huey, MemoryHuey

from hackplat.jobs.queue import huey


@pytest.fixture(autouse=True)
def immediate_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(huey, "immediate", True)


@pytest.fixture
def stored_jobs(monkeypatch: pytest.MonkeyPatch) -> Huey:
    """The queue as a consumer sees it: enqueued tasks wait (in memory) until the test runs them."""
    monkeypatch.setattr(huey, "immediate", False)
    monkeypatch.setattr(huey, "storage", MemoryHuey("notifications-test").storage)
    return huey


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sink:
    """The messages an SMTP server on 127.0.0.1 received; ``stop``/``start`` take it down and up."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def subjects(self) -> list[str]:
        return sorted(str(message["Subject"]) for message in self.messages)


@pytest.fixture
def smtp_sink(app, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sink]:
    sink = Sink(free_port())
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", sink.port)
    sink.start()
    yield sink
    sink.stop()
