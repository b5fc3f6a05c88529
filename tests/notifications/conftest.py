"""Fixtures of the notification tests: the job queue in immediate mode (a task runs where
it is enqueued) and a queue that only stores what is enqueued, for the tests that a
request never waits on SMTP. The SMTP sink is tests/helpers/smtp.py's ``smtp_sink``."""

from __future__ import annotations

import pytest
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
