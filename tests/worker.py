"""A real Celery worker on Redis for integration tests.

Use the ``celery_worker`` fixture in a test that needs tasks to run the way production
runs them: in a separate worker process that takes messages from Redis and reads the
rows the test committed. Such a test gets ``transactional_db`` through the fixture (the
worker cannot see a test's uncommitted transaction), so ``transaction.on_commit``
callbacks fire for real and ``task.delay()`` publishes to Redis::

    @pytest.mark.integration
    def test_photo_is_processed(celery_worker):
        image = ...  # created and committed
        enqueue_image_processing([image.pk])
        celery_worker.wait_until(lambda: reload(image).is_ready)

The worker gets the test database, the test's MEDIA_ROOT and the test's REDIS_URL as
its broker (the suite's cache shares that Redis database and is flushed between tests,
which also empties the queue). Settings changed with pytest-django's ``settings``
fixture do not reach the worker; environment variables do. A module adds some by
overriding ``celery_worker_env``, for example to collect the worker's email in files::

    @pytest.fixture
    def celery_worker_env(tmp_path):
        return {"EMAIL_URL": f"filemail://{tmp_path / 'mail'}"}

``celery_worker.log()`` holds the worker's output (warnings, tracebacks, console email).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from kombu import pools as kombu_pools

from odop_market.celery import app as celery_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
#: Conf keys the fixture changes in the test process and puts back afterwards.
SWITCHED_CONF = ("task_always_eager", "broker_url")


def wait_until(
    predicate: Callable[[], Any],
    timeout: float = 20.0,
    interval: float = 0.1,
    message: str = "condition",
) -> Any:
    """Call ``predicate`` until it returns something truthy; return that, or fail."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            pytest.fail(f"Timed out after {timeout:g}s waiting for {message}")
        time.sleep(interval)


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL for the database Django is connected to (the test database)."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine.endswith("postgresql"):
        user = quote(settings_dict.get("USER") or "", safe="")
        password = quote(settings_dict.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or "5432"
        return f"postgres://{auth}{host}:{port}/{quote(str(name), safe='')}"
    if engine.endswith("sqlite3") and str(name) != ":memory:" and "mode=memory" not in str(name):
        return f"sqlite:///{name}"
    raise RuntimeError(f"A worker process cannot share the test database {engine} {name!r}")


@dataclass
class CeleryWorker:
    """A running worker process: its log, its environment and a way to wait on it."""

    process: subprocess.Popen
    hostname: str
    log_path: Path
    env: dict[str, str]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Like ``wait_until`` but fails at once if the worker died, quoting its log."""

        def check() -> Any:
            if not self.is_alive():
                pytest.fail(f"The Celery worker exited ({self.process.returncode}):\n{self.log()}")
            return predicate()

        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() >= deadline:
                pytest.fail(f"Timed out after {timeout:g}s; worker log:\n{self.log()[-4000:]}")
            time.sleep(0.1)

    def ping(self) -> bool:
        replies = celery_app.control.ping(destination=[self.hostname], timeout=0.5)
        return any(self.hostname in reply for reply in replies)

    def stop(self) -> None:
        if not self.is_alive():
            return
        self.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


def flush_queue(broker_url: str, queue: str = "celery") -> None:
    """Drop messages a previous run left on the queue, including unacknowledged ones."""
    client = redis.Redis.from_url(broker_url)
    try:
        client.delete(queue, "unacked", "unacked_index", "unacked_mutex")
    finally:
        client.close()


def _reset_producer_pool() -> None:
    """Forget pooled broker connections so the next publish uses the current broker_url."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment for the worker; override in a test module to add variables."""
    return {}


def _worker_env(broker_url: str, extra: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTEST_VERSION", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="odop_market.settings",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=django_settings.REDIS_URL,
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
        DEBUG="true",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def _start(env: dict[str, str], log_path: Path) -> CeleryWorker:
    hostname = f"pytest-{uuid.uuid4().hex[:8]}@localhost"
    command = [
        sys.executable, "-m", "celery", "-A", "odop_market", "worker",
        "--pool=solo", "-Q", "celery", "-n", hostname,
        "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    return CeleryWorker(process=process, hostname=hostname, log_path=log_path, env=env)


@pytest.fixture
def celery_worker(
    transactional_db: None, settings: Any, tmp_path: Path, celery_worker_env: dict[str, str]
) -> Iterator[CeleryWorker]:
    """Start a real Celery worker on Redis for one test and stop it afterwards."""
    broker_url = settings.REDIS_URL
    if not broker_url:
        pytest.fail("Set REDIS_URL: the Celery worker fixture needs Redis as its broker")
    flush_queue(broker_url)
    saved = {key: celery_app.conf[key] for key in SWITCHED_CONF}
    _reset_producer_pool()
    celery_app.conf.update(task_always_eager=False, broker_url=broker_url)
    worker = _start(_worker_env(broker_url, celery_worker_env), tmp_path / "celery-worker.log")
    try:
        worker.wait_until(worker.ping, timeout=READY_TIMEOUT)
        yield worker
    finally:
        worker.stop()
        _reset_producer_pool()
        celery_app.conf.update(saved)
        flush_queue(broker_url)
