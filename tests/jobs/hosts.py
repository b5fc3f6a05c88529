"""The pieces of the two-host test (test_many_hosts.py): a dedicated PostgreSQL database
upgraded with ``flask db upgrade``, processes each in a process group of its own (so that
stopping one reaches its workers and a rebuild's pool), and a browser-like HTTP client
with a cookie jar that submits forms with their CSRF token."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hackplat.config import REPO_ROOT
from tests.conftest import CSRF_INPUT

VENV_BIN = REPO_ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 30, every: float = 0.1) -> Any:
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"still waiting after {timeout} s: {what}")


@contextmanager
def dedicated_database(suite_url: str) -> Iterator[str]:
    """A PostgreSQL database beside the suite's (``<its name>_hosts``): the suite's own is
    created with create_all and emptied between tests, this one is what the hosts see."""
    name = f"{make_url(suite_url).database}_hosts"
    admin = create_engine(suite_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(suite_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def upgrade(env: dict[str, str]) -> None:
    command = [str(VENV_BIN / "flask"), "--app", "hackplat", "db", "upgrade"]
    done = subprocess.run(command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]


@dataclass
class Service:
    """One server process (gunicorn or huey_consumer) in a process group of its own."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(self.command, env=self.env, cwd=REPO_ROOT, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, sig: signal.Signals) -> None:
        assert self.process is not None
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL to the whole group, as a crash or the OOM killer would end it."""
        if self.process is not None:
            self.signal_group(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """TERM to the group; KILL to whatever is left after 10 s."""
        if self.process is None:
            return
        self.signal_group(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self.kill()  # the group may outlive its leader

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def web_host(name: str, env: dict[str, str], folder: Path) -> tuple[Service, str]:
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    return Service(name, command, env, folder / f"{name}.log"), f"http://127.0.0.1:{port}"


def consumer(name: str, env: dict[str, str], folder: Path) -> Service:
    command = [str(VENV_BIN / "huey_consumer"), "hackplat.jobs.queue.huey", "-k", "process", "-w", "1"]
    return Service(name, command, env, folder / f"{name}.log")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    status: int
    location: str
    body: str


class Browser:
    """Cookies kept across hosts (they share SECRET_KEY, so a session signed by one is
    valid on the other); redirects are not followed."""

    def __init__(self) -> None:
        jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

    def open(self, url: str, data: dict[str, str] | None = None) -> Answer:
        body = None if data is None else urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(url, body, timeout=30) as response:
                return Answer(response.status, "", response.read().decode())
        except HTTPError as error:
            return Answer(error.code, error.headers.get("Location", ""), error.read().decode(errors="replace"))

    def submit(self, url: str, data: dict[str, str], *, page: str) -> Answer:
        match = CSRF_INPUT.search(self.open(page).body)
        assert match, f"no CSRF token on {page}"
        return self.open(url, {**data, "csrf_token": match.group(1) or match.group(2)})


def serving(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/login", timeout=2) as response:
            return bool(response.status == 200)
    except (URLError, ConnectionError, TimeoutError):
        return False
