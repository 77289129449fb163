"""A throwaway redis-server for the failure tests, which stop and restart it at will.

The machine's shared Redis on port 6379 is never touched: other test runs use it.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from odop_market.celery import app as celery_app
from tests.worker import SWITCHED_CONF, _reset_producer_pool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    """One redis-server process on a port of its own; ``stop`` kills it, ``start`` revives it."""

    port: int
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(self.folder), "--logfile", str(self.folder / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.ping():
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Kill the server outright, as a crash would: nothing is saved."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed for the failure tests (apt-get install redis-server)")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(port=free_port(), folder=folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cache_on(redis_server, settings):
    """Point the cache at the throwaway server (same options as production)."""
    cache = dict(settings.CACHES["default"])
    assert cache["BACKEND"] == "django_redis.cache.RedisCache", "run the tests with REDIS_URL set"
    cache["LOCATION"] = redis_server.url
    settings.CACHES = {"default": cache}
    return redis_server


@pytest.fixture
def broker_on(cache_on, settings):
    """Cache and Celery broker both on the throwaway server, tasks no longer run inline.

    ``celery_worker`` (tests/worker.py) reads REDIS_URL, so a worker a test starts later
    consumes from this server too.
    """
    settings.REDIS_URL = cache_on.url
    saved = {key: celery_app.conf[key] for key in SWITCHED_CONF}
    _reset_producer_pool()
    celery_app.conf.update(task_always_eager=False, broker_url=cache_on.url)
    yield cache_on
    _reset_producer_pool()
    celery_app.conf.update(saved)
